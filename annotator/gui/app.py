"""Starting the window: application object, project, coder name, smoke check.

Owns: ``launch`` (used by ``annotator`` and ``annotator gui``) and ``build_window``
(used by tests and the screenshot script), and the check that the installed Qt binding
works on this Python.
Must not import: annotator.store.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.app.projects import open_or_create_sample, open_project
from annotator.app.session import AnnotationSession
from annotator.core.errors import AnnotatorError
from annotator.gui.controller import SessionController
from annotator.gui.dialogs.coder_dialog import ask_coder_name
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.gui.theme import apply_theme
from annotator.paths import default_project, resource

SMOKE_CODER = "smoke-check"


def qt_binding_problem() -> str | None:
    """Why the installed PySide6 cannot run here, or None.

    PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a
    method returning void, and the interpreter aborts after a few thousand calls.
    """
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        obj.setObjectName("probe")
    if sys.getrefcount(None) < before - 100:
        import PySide6

        return (f"PySide6 {PySide6.__version__} is broken on Python "
                f"{sys.version.split()[0]} (it loses references to None and crashes); "
                "install PySide6-Essentials<6.12 or use Python 3.12+")
    return None


def application() -> QApplication:
    """The QApplication, created once."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Annotator")
    app.setOrganizationName("Annotator")
    icon = resource("icons", "annotator.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def build_window(session: AnnotationSession, settings: Settings) -> MainWindow:
    """A window on ``session`` (not shown)."""
    controller = SessionController(session)
    window = MainWindow(controller, settings)
    controller.setParent(window)
    return window


def launch(project: Path | None, annotator: str | None, smoke: bool) -> int:
    """Open the window; returns the exit status (0 ok, 1 the project could not be opened)."""
    app = application()
    problem = qt_binding_problem()
    if problem:
        print(f"Error: {problem}", file=sys.stderr)
        return 1
    settings = Settings()
    apply_theme(app, settings.theme)
    try:
        proj = open_project(project) if project is not None else \
            open_or_create_sample(default_project())
    except AnnotatorError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        if not smoke:
            QMessageBox.critical(None, "Annotator", str(exc))
        return 1
    name = coder_name(settings, annotator, smoke)
    if not name:
        proj.close()
        return 0
    window = build_window(AnnotationSession(proj, name), settings)
    if project is not None:
        settings.add_recent(project)
    window.show()
    window.raise_()
    window.activateWindow()  # without a window manager nobody else gives it the focus
    window.start()
    if smoke:
        return _smoke(app, window)
    from annotator.gui import e2e_probe

    e2e_probe.install(window)
    return app.exec()


def coder_name(settings: Settings, annotator: str | None, smoke: bool) -> str | None:
    """The coder for this run: given, remembered, or asked (and then remembered)."""
    name = annotator or settings.coder or (SMOKE_CODER if smoke else None)
    if not name:
        name = ask_coder_name()
        if name:
            settings.coder = name
    return name


def _smoke(app: QApplication, window: MainWindow) -> int:
    """Paint, tokenize the first document (spaCy loads), close; 0 when all worked."""
    app.processEvents()
    window.view.repaint()
    document = window.controller.document
    try:  # what warm_tokens does, but a broken tokenizer (or numpy) fails the check
        if document is not None:
            window.controller.session.tokens(document.id)
    except Exception as exc:
        window.close()
        print(f"smoke: the tokenizer failed: {exc}", file=sys.stderr)
        return 1
    app.processEvents()
    empty = window.documents.model.rowCount() == 0
    ok = empty or window.controller.document is not None
    window.close()
    print(f"smoke: {'ok' if ok else 'no document loaded'}"
          f" ({window.documents.model.rowCount()} documents)")
    return 0 if ok else 1
