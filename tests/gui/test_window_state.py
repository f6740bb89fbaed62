"""What the window remembers, navigation, search, find, themes, codebook editing."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.app.session import AnnotationSession
from annotator.gui.app import build_window, coder_name
from annotator.gui.dialogs.codebook_dialog import CodebookDialog
from annotator.gui.dialogs.coder_dialog import CoderDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings


def test_zoom_and_layout_are_remembered(qtbot, window: MainWindow, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    before = window.view.font().pointSizeF()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == before + 1
    assert settings.point_size == before + 1
    window.resize(1000, 700)
    window.close()
    geometry, state = settings.window_state()
    assert geometry is not None and state is not None
    again = build_window(window.controller.session, settings)
    qtbot.addWidget(again)
    assert again.view.font().pointSizeF() == before + 1
    assert again.size().height() == 700  # (offscreen screens clamp the width)


def test_next_previous_and_search(qtbot, open_window, make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(("First", "Officials said it might rain."),
                           ("Second", "Sources reportedly left."),
                           ("Third", "Nothing to see."))
    window = open_window(AnnotationSession(project, "bob"))
    assert window.controller.document.title == "First"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.controller.document.title == "Second"
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.controller.document.title == "First"
    window.qactions["mark_done"].trigger()  # done, then on to the next
    assert window.controller.document.title == "Second"
    assert window.documents.progress_label.text() == "1 of 3 done"
    window.documents.search.setText("reportedly")  # found in the text, not the title
    qtbot.waitUntil(lambda: window.documents.proxy.rowCount() == 1)
    window.documents.search.clear()
    window.documents.status_filter.setCurrentIndex(window.documents.status_filter.findData("done"))
    qtbot.waitUntil(lambda: window.documents.proxy.rowCount() == 1)


def test_find_in_document(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.field, "insider")
    assert window.view.textCursor().selectedText() == "insider"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_theme_switch_is_remembered(window: MainWindow, settings: Settings) -> None:
    window.qactions["theme_dark"].trigger()
    assert settings.theme == "dark"
    assert QApplication.palette().color(QApplication.palette().ColorRole.Base).lightness() < 80
    window.qactions["theme_system"].trigger()
    assert settings.theme == "system"


def test_first_run_asks_for_coder_name(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat))

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CoderDialog)
        dialog.field.setText("carol")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert coder_name(settings, None, smoke=False) == "carol"
    assert settings.coder == "carol"
    assert coder_name(settings, None, smoke=False) == "carol"  # remembered: no dialog
    assert coder_name(settings, "dave", smoke=False) == "dave"


def test_codebook_dialog_edits_and_bumps_version(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = CodebookDialog(window.controller.codebook, window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)
    dialog.description.setPlainText("Withheld source.")
    dialog._set_color("#cc79a7")
    dialog._on_add_label_clicked()
    dialog.name.setText("BOOSTER")
    edited = dialog.codebook()
    assert window.controller.save_codebook(edited)
    cb = window.controller.codebook
    assert cb.version == "2" and cb.label_names == ("HEDGE", "UNNAMED_SOURCE", "BOOSTER")
    assert cb.label("UNNAMED_SOURCE").color == "#cc79a7"  # type: ignore[union-attr]
    assert cb.label("BOOSTER").key == "3"  # type: ignore[union-attr]
    assert window.labels.model.rowCount() == 3
    assert [a.text() for a in window.label_actions] == ["HEDGE", "UNNAMED_SOURCE", "BOOSTER"]


def test_codebook_dialog_rejects_duplicate_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = CodebookDialog(window.controller.codebook, window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)
    dialog.key.setCurrentText("1")
    dialog.accept()
    assert "unique" in dialog.error.text()
    assert dialog.result() == 0
