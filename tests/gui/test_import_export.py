"""Import and export from the window: progress, cancel without half results."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication, QProgressDialog

from annotator.gui.dialogs.progress import OperationCancelled, run_cancellable
from annotator.gui.file_ops import CANCELLED
from annotator.gui.main_window import MainWindow


def write_records(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"text": f"Article {i}: officials reportedly said {i}."}) + "\n")
    return path


def cancel_soon() -> None:
    from PySide6.QtCore import QTimer

    def cancel() -> None:
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QProgressDialog):
                dialog.cancel()

    QTimer.singleShot(0, cancel)


def test_import_adds_documents(window: MainWindow, tmp_path: Path) -> None:
    window.files.import_paths([str(write_records(tmp_path / "a.jsonl", 30))])
    assert window.documents.model.rowCount() == 31
    assert window.documents.progress_label.text() == "0 of 31 done"
    assert "Imported" in window.statusBar().currentMessage()


def test_cancelled_import_changes_nothing(window: MainWindow, tmp_path: Path) -> None:
    path = write_records(tmp_path / "big.jsonl", 5000)
    cancel_soon()
    window.files.import_paths([str(path)])
    assert window.statusBar().currentMessage() == CANCELLED
    assert len(window.controller.session.documents()) == 1
    assert window.documents.model.rowCount() == 1


def test_cancelled_export_leaves_no_file(window: MainWindow, tmp_path: Path) -> None:
    from annotator.app.exporting import export

    window.files.import_paths([str(write_records(tmp_path / "a.jsonl", 1200))])
    session = window.controller.session
    for doc in session.documents()[:1100]:
        session.add_time(doc.id, 1.0)  # a decision on record: every document is exported
    out = tmp_path / "out.jsonl"
    cancel_soon()
    try:
        run_cancellable(window, "Exporting", lambda tick: export(
            session.project, out, "jsonl", progress=tick))
        raised = False
    except OperationCancelled:
        raised = True
    assert raised
    assert not out.exists() and list(tmp_path.glob(".out.jsonl.*")) == []


def test_import_folder_from_the_file_menu(window: MainWindow, tmp_path: Path,
                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.gui import file_ops

    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Title {i}\n\nOfficials might say {i}.",
                                         encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(file_ops.QFileDialog, "getExistingDirectory",
                        lambda parent, title, start: asked.append(title) or str(folder))
    window.qactions["import_folder"].trigger()
    assert asked and window.documents.model.rowCount() == 4
    titles = {d.title for d in window.controller.session.documents()}
    assert {"Title 0", "Title 1", "Title 2"} <= titles


def test_import_into_a_project_file_from_the_window(
        open_window, project_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window's own connection is the only one: the import may use a rollback journal
    (ADR 0008); afterwards the window reads on, the file is in WAL mode again, and a second
    program opens it."""
    from annotator.app.projects import open_project
    from annotator.app.session import AnnotationSession

    path = project_file("The first article, reportedly.")
    session = AnnotationSession(open_project(path), "alice")
    window = open_window(session)
    window.files.import_paths([str(write_records(tmp_path / "a.jsonl", 300))])
    assert window.documents.model.rowCount() == 301
    assert "Imported" in window.statusBar().currentMessage()
    conn = session.project.conn
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not session.external_changes()  # its own import, not another program's
    other = open_project(path)
    assert other.count_documents() == 301
    other.close()
    window.close()
    session.project.close()
