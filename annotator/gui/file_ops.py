"""File menu work: new and open project, switch coder, import and export.

Owns: the dialogs and progress around the app layer's project, import and export use
cases, and handing the controller a new session when the project or coder changes.
Must not import: annotator.store.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from annotator.app.projects import init_project, open_project
from annotator.app.session import AnnotationSession
from annotator.core.errors import AnnotatorError
from annotator.core.history import Changes
from annotator.gui.dialogs.coder_dialog import ask_coder_name
from annotator.gui.dialogs.export_dialog import ExportDialog
from annotator.gui.dialogs.progress import OperationCancelled, run_cancellable

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

PROJECT_FILTER = "Annotator projects (*.annotator.sqlite *.sqlite);;All files (*)"
IMPORT_FILTER = "Articles and records (*.txt *.jsonl *.json *.csv);;All files (*)"
CANCELLED = "Cancelled; nothing was changed"


class FileOperations:
    """The window's File menu handlers."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def _session(self) -> AnnotationSession:
        return self.window.controller.session

    def _start_dir(self) -> str:
        path = self._session.project.path
        return str(Path(path).parent) if path else str(Path.home())

    def _fail(self, title: str, exc: Exception) -> None:
        self.window.show_message(str(exc))
        QMessageBox.warning(self.window, title, str(exc))

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "New project", str(Path(self._start_dir()) / "study.annotator.sqlite"),
            PROJECT_FILTER)
        if not name:
            return
        try:
            project = init_project(name)
        except AnnotatorError as exc:
            self._fail("New project", exc)
            return
        self.switch_session(AnnotationSession(project, self._session.annotator))

    def open_project(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open project",
                                                  self._start_dir(), PROJECT_FILTER)
            if not path:
                return
        try:
            project = open_project(path)
        except AnnotatorError as exc:
            self._fail("Open project", exc)
            return
        self.switch_session(AnnotationSession(project, self._session.annotator))

    def switch_coder(self) -> None:
        name = ask_coder_name(self.window, self._session.annotator)
        if not name or name == self._session.annotator:
            return
        self.window.settings.coder = name
        self.window.replace_session(AnnotationSession(self._session.project, name),
                                    close_old=False)

    def switch_session(self, session: AnnotationSession) -> None:
        if session.project.path:
            self.window.settings.add_recent(session.project.path)
        self.window.replace_session(session, close_old=True)

    def import_documents(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import documents",
                                                self._start_dir(), IMPORT_FILTER)
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of articles",
                                                  self._start_dir())
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        from annotator.app.importing import import_paths  # not needed at start-up

        session = self._session
        try:
            report = run_cancellable(self.window, "Importing", lambda tick: import_paths(
                session.project, paths, annotator=session.annotator,
                progress=lambda n: tick(n, None)))
        except OperationCancelled:
            self.window.show_message(CANCELLED)
            return
        except AnnotatorError as exc:
            self._fail("Import", exc)
            return
        self.window.controller.notify(Changes(documents=True,
                                              codebook=bool(report.labels_added),
                                              message=f"Imported {report.summary()}"))

    def save_copy(self) -> None:
        """File ▸ Save a copy…: a consistent copy of the project (SQLite backup API)."""
        from annotator.app.backups import save_copy  # not needed at start-up

        project = self._session.project
        stem = Path(project.path).name.split(".")[0] if project.path else "project"
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save a copy", str(Path(self._start_dir()) /
                                            f"{stem}-copy.annotator.sqlite"), PROJECT_FILTER)
        if not name:
            return
        try:
            save_copy(project, name)
        except AnnotatorError as exc:
            self._fail("Save a copy", exc)
            return
        self.window.show_message(f"Saved a copy as {name}")

    def export_annotations(self) -> None:
        dialog = ExportDialog(self._session.annotator, Path(self._start_dir()), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        from annotator.app.exporting import export  # not needed at start-up

        choice = dialog.choice()
        session = self._session
        try:
            report = run_cancellable(self.window, "Exporting", lambda tick: export(
                session.project, choice.path, choice.fmt, annotators=choice.annotators,
                gold=choice.gold, status=choice.status, progress=tick))
        except OperationCancelled:
            self.window.show_message(CANCELLED)
            return
        except (AnnotatorError, OSError) as exc:
            self._fail("Export", exc)
            return
        summary = report.summary()
        self.window.show_message(summary[:1].upper() + summary[1:])
