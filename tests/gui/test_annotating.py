"""Drive the real window: select text, press keys, assert the store; and the reverse."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat

from annotator.core.model import Origin, Status
from annotator.gui.main_window import MainWindow


def doc_id(window: MainWindow) -> str:
    assert window.controller.doc_id is not None
    return window.controller.doc_id


def find(window: MainWindow, phrase: str, nth: int = 0) -> tuple[int, int]:
    text = window.controller.document.text  # type: ignore[union-attr]
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def spans(window: MainWindow) -> list[tuple[str, str]]:
    text = window.controller.document.text  # type: ignore[union-attr]
    return [(a.label, text[a.start:a.end])
            for a in window.controller.session.annotations(doc_id(window))]


def press(qtbot, window: MainWindow, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, key, modifier)


def highlight_ranges(window: MainWindow) -> list[tuple[int, int, QTextCharFormat]]:
    out = []
    for sel in window.view.extraSelections():
        cur = sel.cursor
        out.append((cur.selectionStart(), cur.selectionEnd(), QTextCharFormat(sel.format)))
    return out


def test_window_opens_on_the_sample(window: MainWindow, sample_text: str) -> None:
    assert window.view.toPlainText() == sample_text
    assert "Kim Kardashian Divorce" in window.header.text()
    assert window.documents.progress_label.text() == "0 of 1 done"
    assert window.labels.model.rowCount() == 2
    assert "alice" in window.windowTitle()


def test_select_and_press_key_saves_snapped_span(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    start, end = find(window, "might")
    window.view.select_offsets(start + 1, end - 1)  # "igh": snaps to the whole word
    press(qtbot, window, Qt.Key.Key_1)
    assert spans(window) == [("HEDGE", "might")]
    [(qs, qe, fmt)] = highlight_ranges(window)
    assert (qs, qe) == (start, end)
    assert fmt.background().color().name() == "#e69f00"
    assert "saved" in window.statusBar().currentMessage()
    assert not window.view.textCursor().hasSelection()
    assert window.inspector.ann is not None and window.inspector.ann.label == "HEDGE"


def test_exact_mode_keeps_characters(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.qactions["exact"].setChecked(True)
    start, _ = find(window, "reportedly")
    window.view.select_offsets(start, start + 6)
    press(qtbot, window, Qt.Key.Key_1)
    assert spans(window) == [("HEDGE", "report")]


def test_same_label_twice_is_refused(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    start, end = find(window, "might")
    for _ in range(2):
        window.view.select_offsets(start, end)
        press(qtbot, window, Qt.Key.Key_1)
    assert spans(window) == [("HEDGE", "might")]
    assert "already" in window.statusBar().currentMessage()


def test_overlapping_labels_both_visible(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    outer = find(window, "An insider close to the Kardashian clan")
    inner = find(window, "insider", 0)
    inner = find(window, "insider", 1) if inner[0] < outer[0] else inner
    window.view.select_offsets(*outer)
    press(qtbot, window, Qt.Key.Key_2)
    window.view.select_offsets(*inner)
    press(qtbot, window, Qt.Key.Key_1)
    assert sorted(spans(window)) == [("HEDGE", "insider"),
                                     ("UNNAMED_SOURCE", "An insider close to the Kardashian clan")]
    by_range = {(s, e): f for s, e, f in highlight_ranges(window)}
    fill, line = by_range[outer], by_range[inner]
    assert fill.background().color().name() == "#0072b2"
    assert line.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    assert line.underlineColor().name() == "#e69f00"


def test_store_changes_show_as_highlights(window: MainWindow) -> None:
    start, end = find(window, "reportedly")
    assert window.controller.add_span(start, end, "HEDGE")
    assert [(s, e) for s, e, _ in highlight_ranges(window)] == [(start, end)]
    window.controller.delete_selected()
    assert highlight_ranges(window) == []


def test_undo_redo_every_action(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    start, end = find(window, "might")
    window.view.select_offsets(start, end)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_2)  # relabels the selected span
    assert spans(window) == [("UNNAMED_SOURCE", "might")]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(window) == [("HEDGE", "might")]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(window) == [] and highlight_ranges(window) == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    assert spans(window) == [("HEDGE", "might")]
    press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert spans(window) == [("UNNAMED_SOURCE", "might")]
    assert len(highlight_ranges(window)) == 1


def test_click_selects_span_then_delete_and_relabel(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for phrase, label in (("seems", "HEDGE"), ("the family insider", "UNNAMED_SOURCE")):
        window.controller.add_span(*find(window, phrase), label)
    window.controller.select_span(None)
    start, end = window.view.offsets.span_to_qt(*find(window, "seems"))
    window.view.centerCursor()
    rect = next(window.view.range_rects(start, end))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center().toPoint())
    ann = window.inspector.ann
    assert ann is not None and ann.label == "HEDGE"
    assert window.inspector.text.text() == "seems"
    assert window.inspector.origin.text() == Origin.MANUAL.value
    press(qtbot, window, Qt.Key.Key_2)
    assert ("UNNAMED_SOURCE", "seems") in spans(window)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert spans(window) == [("UNNAMED_SOURCE", "the family insider")]
    assert window.inspector.ann is None


def test_click_outside_spans_clears_selection(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.controller.add_span(*find(window, "might"), "HEDGE")
    assert window.controller.selected is not None
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(30, 12))
    assert window.controller.selected is None


def test_inspector_edits_attributes_and_note(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.controller.add_span(*find(window, "reportedly"), "HEDGE")
    combo = window.inspector._editors["type"]
    combo.setCurrentIndex(combo.findData("evidential"))  # type: ignore[attr-defined]
    # Saving shows the annotation again with new editors; the combo that emitted the
    # change must outlive its signal (deleting it there crashed the window now and then).
    assert shiboken6.isValid(combo) and combo is not window.inspector._editors["type"]
    window.inspector.note.setText("hearsay adverb")
    window.inspector.note.editingFinished.emit()
    [ann] = window.controller.session.annotations(doc_id(window))
    assert ann.attributes == {"type": "evidential"} and ann.note == "hearsay adverb"
    window.controller.undo()
    [ann] = window.controller.session.annotations(doc_id(window))
    assert ann.note == ""


def test_mark_done_without_spans_is_recorded(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.session.status(doc_id(window)) == Status.DONE
    assert window.documents.progress_label.text() == "1 of 1 done"
    assert "done" in window.header.text()
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.session.status(doc_id(window)) != Status.DONE
    assert window.documents.progress_label.text() == "0 of 1 done"


def test_tooltip_shows_label_and_note(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    window.controller.add_span(*find(window, "might"), "HEDGE")
    window.controller.set_note(window.controller.selected, "epistemic modal")  # type: ignore[arg-type]
    start, end = window.view.offsets.span_to_qt(*find(window, "might"))
    point = next(window.view.range_rects(start, end)).center().toPoint()
    global_point = window.view.viewport().mapToGlobal(point)
    window.view.event(QHelpEvent(QEvent.Type.ToolTip, point, global_point))
    assert QToolTip.text() == "HEDGE: epistemic modal"


def test_markup_is_shown_literally(open_window, text_session) -> None:  # type: ignore[no-untyped-def]
    text = 'Officials <b>said</b> <img src="x.png"> it &amp; <script>alert(1)</script> might'
    window = open_window(text_session(text))
    assert window.view.toPlainText() == text
    start = text.index("might")
    window.view.select_offsets(start, start + 5)
    window.apply_label("HEDGE")
    assert spans(window) == [("HEDGE", "might")]


def test_astral_and_rtl_text_highlight_right_characters(open_window, text_session) -> None:  # type: ignore[no-untyped-def]
    text = "👍🏽 消息人士 said قال مسؤولون it might 🎉 rain"
    window = open_window(text_session(text))
    window.qactions["exact"].setChecked(True)
    start = text.index("مسؤولون")
    window.view.select_offsets(start, start + 7)
    window.apply_label("UNNAMED_SOURCE")
    start = text.index("might")
    window.view.select_offsets(start, start + 5)
    window.apply_label("HEDGE")
    assert sorted(spans(window)) == [("HEDGE", "might"), ("UNNAMED_SOURCE", "مسؤولون")]
    doc = window.view.document()
    shown = set()
    for s in window.view.extraSelections():
        cur = s.cursor
        shown.add(cur.selectedText())
        assert doc.characterCount() > cur.selectionEnd()
    assert shown == {"might", "مسؤولون"}
