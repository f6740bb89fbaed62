"""Qt fixtures: settings in a temporary INI file, and the real window on a session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.app.session import AnnotationSession
from annotator.gui.app import build_window, qt_binding_problem
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.store import Project


@pytest.fixture(scope="session", autouse=True)
def _working_qt_binding() -> None:
    problem = qt_binding_problem()
    if problem:
        pytest.exit(problem, returncode=3)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Window settings stored in a temporary INI file (never the user's)."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def open_window(make_project, qtbot,  # type: ignore[no-untyped-def]
                settings: Settings) -> Callable[[AnnotationSession], MainWindow]:
    """Factory: the real main window on a session, shown and started.

    (It asks for ``make_project`` first so that projects close after the windows do.)
    """

    def make(session: AnnotationSession) -> MainWindow:
        window = build_window(session, settings)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # shortcuts need an active window
            window.show()
            window.activateWindow()
        window.start()
        return window

    return make


@pytest.fixture
def window(open_window: Callable[[AnnotationSession], MainWindow],
           session: AnnotationSession) -> MainWindow:
    """The window on the sample article, coder alice."""
    return open_window(session)


@pytest.fixture
def text_session(make_project: Callable[..., Project]) -> Callable[[str], AnnotationSession]:
    """Factory: a session (coder alice) on a project holding one document with ``text``."""

    def make(text: str) -> AnnotationSession:
        return AnnotationSession(make_project(("Test", text)), "alice")

    return make
