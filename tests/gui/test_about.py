"""Help menu: the About box and the user guide."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox

from annotator.gui import about
from annotator.gui.main_window import MainWindow


def _help_menu(window: MainWindow) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return [a.objectName() for a in menu.actions()]


def test_help_menu_holds_guide_and_about(window: MainWindow) -> None:
    assert _help_menu(window) == ["guide", "about"]


def test_about_box_names_version_licence_and_paths(window: MainWindow, qtbot,
                                                   annotator_home: Path) -> None:
    window.qactions["about"].trigger()
    box = window.findChild(QMessageBox, "AboutBox")
    assert box is not None and box.isVisible()
    version, licence = about.package_facts()
    text = box.text()
    assert f"Annotator {version}" in text and licence == "MIT" and "Licence: MIT" in text
    assert str(annotator_home) in text  # the user data folder
    project = window.controller.session.project.path
    assert (str(project) if project else "in-memory project") in text
    box.accept()
    qtbot.waitUntil(lambda: not box.isVisible())


def test_guide_opens_in_the_browser(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(about.QDesktopServices, "openUrl",
                        lambda url: opened.append(url) or True)
    window.qactions["guide"].trigger()
    assert [u.toLocalFile() for u in opened] == [str(about.GUIDE)]
    assert about.GUIDE.is_file()  # a checkout has the guide
    assert window.findChild(QMessageBox, "GuideBox") is None


def test_missing_guide_says_where_it_is(window: MainWindow, tmp_path: Path) -> None:
    box = about.open_guide(window, tmp_path / "guide.md")
    assert box is not None and "docs/guide.md" in box.text()
    box.accept()


def test_first_run_hints_how_to_label(window: MainWindow) -> None:
    assert window.controller.document is not None and not window.controller.annotations
    hint = window.statusBar().currentMessage()
    assert hint == ("To label: select text, then press 1 (HEDGE) or 2 (UNNAMED_SOURCE). "
                    "F1 opens the user guide.")
    assert window.findChild(type(window.labels)).isVisible()  # the codebook is on screen
