"""Suggestions in the window: run in the background, drawn apart, walked and decided by key.

The engine is a fake (``annotator.app.suggesting.make_suggester`` is swapped), so these
tests pin the window's behaviour, not the rules'.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication, QPushButton

from annotator.app.stats import RuleStats
from annotator.core.model import Decision, DocId, Origin, Suggestion
from annotator.gui.dialogs.rule_stats import RuleStatsDialog, RuleStatsModel
from annotator.gui.highlights import (
    FOCUSED_SUGGESTION_ALPHA,
    SUGGESTION_ALPHA,
    SUGGESTION_UNDERLINE,
)
from annotator.gui.main_window import MainWindow
from annotator.gui.suggestions import SuggestRun

PHRASES = (  # (phrase, label, rule, confidence), in text order in the sample article
    ("might", "HEDGE", "hedge.modal", 0.9),
    ("reportedly", "HEDGE", "hedge.evidential", 0.8),
    ("An insider close to the Kardashian clan", "UNNAMED_SOURCE", "source.insider", 0.7),
)
Key = Qt.Key
Mod = Qt.KeyboardModifier


class FakeSuggester:
    """Finds the first occurrence of each phrase; may wait before a document."""

    version = "fake-engine 1"
    tier = "blank"

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        self.threads: list[threading.Thread] = []

    def suggest(self, text: str, doc_id: str = "") -> list[Suggestion]:
        found = []
        for phrase, label, rule, confidence in PHRASES:
            start = text.find(phrase)
            if start >= 0:
                found.append(Suggestion(DocId(doc_id), label, start, start + len(phrase),
                                        rule, confidence, self.version))
        return sorted(found, key=lambda s: (s.start, s.end, s.label))

    def suggest_many(self, items: Iterable[tuple[str, str]], batch_size: int = 64
                     ) -> Iterator[list[Suggestion]]:
        for n, (doc_id, text) in enumerate(items):
            self.threads.append(threading.current_thread())
            if n and self.gate is not None:
                self.gate.wait(5)
            yield self.suggest(text, doc_id)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeSuggester:
    from annotator.app import suggesting

    fake = FakeSuggester()
    monkeypatch.setattr(suggesting, "make_suggester", lambda model=None: fake)
    return fake


def run_and_wait(qtbot, window: MainWindow, action: str = "suggest_doc") -> SuggestRun:  # type: ignore[no-untyped-def]
    window.qactions[action].trigger()
    run = window.suggest.run
    assert run is not None
    with qtbot.waitSignal(run.finished, timeout=10_000):
        pass
    assert window.suggest.run is None
    return run


def press(qtbot, window: MainWindow, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Mod.NoModifier) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, key, modifier)


def doc(window: MainWindow) -> str:
    assert window.controller.doc_id is not None
    return window.controller.doc_id


def pending(window: MainWindow) -> list[tuple[str, str]]:
    text = window.controller.document.text  # type: ignore[union-attr]
    return [(s.label, text[s.start:s.end])
            for s in window.controller.session.suggestions(doc(window))]


def suggestion_formats(window: MainWindow) -> dict[str, QTextCharFormat]:
    """Selected text → format, for the extra selections drawn as suggestions."""
    return {sel.cursor.selectedText(): QTextCharFormat(sel.format)
            for sel in window.view.extraSelections()
            if sel.format.underlineStyle() == SUGGESTION_UNDERLINE}


def test_suggest_document_runs_in_a_worker_and_draws_suggestions(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    assert "Ctrl+Shift+G" in window.qactions["suggest_doc"].shortcut().toString()
    run_and_wait(qtbot, window)
    assert engine.threads and all(t is not threading.main_thread() for t in engine.threads)
    assert pending(window) == [(label, phrase) for phrase, label, *_ in PHRASES]
    assert "3 suggestions for 1 document" in window.statusBar().currentMessage()
    formats = suggestion_formats(window)
    insider = "An insider close to the Kardashian clan"
    assert {"might", "reportedly"} <= set(formats) <= {"might", "reportedly", insider}
    window.view.reveal(window.controller.suggestions[-1].start)  # only spans on screen
    assert insider in suggestion_formats(window)
    hedge = formats["might"]
    assert hedge.underlineColor().name() == "#e69f00"  # the label colour
    assert hedge.background().color().alpha() == SUGGESTION_ALPHA  # a light tint only
    assert window.controller.session.annotations(doc(window)) == []
    # An annotation never looks like a suggestion: a stronger fill, no dotted line.
    window.controller.add_span(0, 3, "HEDGE")
    window.view.reveal(0)
    ann_formats = [QTextCharFormat(s.format) for s in window.view.extraSelections()
                   if s.format.underlineStyle() != SUGGESTION_UNDERLINE]
    assert [f.background().color().alpha() for f in ann_formats] == [160]


def test_tab_walks_suggestions_and_shows_rule_and_confidence(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    press(qtbot, window, Key.Key_Tab)
    first = window.controller.suggestion(window.controller.focused)
    assert first is not None and first.rule == "hedge.modal"
    message = window.statusBar().currentMessage()
    assert "Suggestion 1 of 3" in message and "HEDGE" in message
    assert "hedge.modal" in message and "0.90" in message
    assert window.view.hasFocus()  # Tab walked; it did not move the keyboard focus
    formats = suggestion_formats(window)
    assert formats["might"].background().color().alpha() == FOCUSED_SUGGESTION_ALPHA
    assert formats["reportedly"].background().color().alpha() == SUGGESTION_ALPHA
    press(qtbot, window, Key.Key_Tab)
    assert window.controller.suggestion(window.controller.focused).rule == "hedge.evidential"  # type: ignore[union-attr]
    press(qtbot, window, Key.Key_Backtab, Mod.ShiftModifier)
    press(qtbot, window, Key.Key_Backtab, Mod.ShiftModifier)  # wraps round to the last
    assert window.controller.suggestion(window.controller.focused).rule == "source.insider"  # type: ignore[union-attr]
    cursor = window.view.cursorRect()
    assert window.view.viewport().rect().contains(cursor.center())  # scrolled into view


def test_accept_with_a_makes_an_annotation_with_origin_and_rule(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    press(qtbot, window, Key.Key_Tab)
    press(qtbot, window, Key.Key_A)
    [ann] = window.controller.session.annotations(doc(window))
    assert (ann.label, ann.origin, ann.rule) == ("HEDGE", Origin.SUGGESTION, "hedge.modal")
    assert ("HEDGE", "might") not in pending(window)
    assert "might" not in suggestion_formats(window)
    nxt = window.controller.suggestion(window.controller.focused)
    assert nxt is not None and nxt.rule == "hedge.evidential"  # focus moved on
    assert "Accepted HEDGE" in window.statusBar().currentMessage()
    press(qtbot, window, Key.Key_Return)  # Enter accepts as well
    assert [a.rule for a in window.controller.session.annotations(doc(window))] == [
        "hedge.modal", "hedge.evidential"]


def test_reject_with_x_is_recorded_and_undo_restores(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    session = window.controller.session
    press(qtbot, window, Key.Key_Tab)
    sugg_id = window.controller.focused
    assert sugg_id is not None
    press(qtbot, window, Key.Key_X)
    assert ("HEDGE", "might") not in pending(window)
    assert session.project.decision(sugg_id, "alice") == Decision.REJECTED
    assert session.annotations(doc(window)) == []
    stats = {r.rule: r for r in session.rule_stats()}
    assert stats["hedge.modal"].rejected == 1 and stats["hedge.modal"].acceptance == 0.0
    press(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    assert ("HEDGE", "might") in pending(window)
    assert session.project.decision(sugg_id, "alice") is None
    assert "might" in suggestion_formats(window)


def test_undo_of_accept_removes_the_annotation_and_brings_the_suggestion_back(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    press(qtbot, window, Key.Key_Tab)
    press(qtbot, window, Key.Key_A)
    assert len(window.controller.annotations) == 1
    press(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    assert window.controller.session.annotations(doc(window)) == []
    assert window.controller.annotations == []
    assert len(pending(window)) == 3 and "might" in suggestion_formats(window)
    press(qtbot, window, Key.Key_Y, Mod.ControlModifier)
    assert len(window.controller.annotations) == 1 and len(pending(window)) == 2


def test_accept_all_is_one_undo_step(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    press(qtbot, window, Key.Key_A, Mod.ControlModifier | Mod.ShiftModifier)
    anns = window.controller.session.annotations(doc(window))
    assert sorted(a.rule for a in anns) == sorted(rule for _, _, rule, _ in PHRASES)
    assert all(a.origin == Origin.SUGGESTION for a in anns)
    assert pending(window) == [] and suggestion_formats(window) == {}
    assert not window.qactions["next_suggestion"].isEnabled()
    press(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    assert window.controller.session.annotations(doc(window)) == []
    assert len(pending(window)) == 3


def test_show_suggestions_off_hides_them_for_the_project(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    show = window.qactions["show_suggestions"]
    assert show.isCheckable() and show.isChecked()
    show.trigger()
    assert not show.isChecked()
    assert not window.controller.session.suggestions_enabled
    assert suggestion_formats(window) == {} and window.controller.suggestions == []
    assert not window.qactions["accept_suggestion"].isEnabled()
    press(qtbot, window, Key.Key_A)  # nothing to accept: nothing happens
    assert window.controller.session.annotations(doc(window)) == []
    show.trigger()
    assert window.controller.session.suggestions_enabled
    assert {"might", "reportedly"} <= set(suggestion_formats(window))


def test_tab_still_moves_focus_in_other_widgets(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    window.controller.add_span(0, 3, "HEDGE")  # the inspector's note field is enabled
    note = window.inspector.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClick(note, Key.Key_Tab)
    assert window.controller.focused is None
    assert not note.hasFocus()


def test_keys_are_shown_in_the_suggest_menu(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Suggest")
    shown = {a.objectName(): a.shortcut().toString() for a in menu.actions() if a.objectName()}
    assert shown["next_suggestion"] == "Tab"
    assert shown["prev_suggestion"] == "Shift+Tab"
    assert shown["accept_suggestion"] == "Return"
    assert [k.toString() for k in window.qactions["accept_suggestion"].shortcuts()] == [
        "Return", "Enter", "A"]
    assert shown["reject_suggestion"] == "X"
    assert shown["accept_all_suggestions"] == "Ctrl+Shift+A"
    every = [k.toString() for a in window.qactions.values() for k in a.shortcuts()]
    assert len(every) == len(set(every)), "a key is bound twice"


def test_suggest_all_documents_and_cancel(  # type: ignore[no-untyped-def]
        qtbot, open_window, make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.app import suggesting
    from annotator.app.session import AnnotationSession

    gate = threading.Event()
    fake = FakeSuggester(gate)
    monkeypatch.setattr(suggesting, "make_suggester", lambda model=None: fake)
    texts = [(f"Doc {i}", f"Story {i}: it might rain, officials reportedly said.")
             for i in range(3)]
    window = open_window(AnnotationSession(make_project(*texts), "alice"))
    window.suggest.suggest_all(confirm=False)
    run = window.suggest.run
    assert run is not None
    qtbot.waitUntil(lambda: len(fake.threads) >= 2)  # the second document waits at the gate
    assert not window.qactions["suggest_all"].isEnabled()  # one run at a time
    cancel = run.dialog.findChild(QPushButton)
    with qtbot.waitSignal(run.finished, timeout=10_000) as blocker:
        cancel.click()
        gate.set()
    assert blocker.args[0].startswith("Cancelled")
    session = window.controller.session
    counts = [len(session.suggestions(d.id)) for d in session.documents()]
    assert sorted(counts) == [0, 0, 2]  # only the document finished before Cancel
    gate.clear()
    fake.gate = None
    window.suggest.suggest_all(confirm=False)
    with qtbot.waitSignal(window.suggest.run.finished, timeout=10_000):  # type: ignore[union-attr]
        pass
    assert [len(session.suggestions(d.id)) for d in session.documents()] == [2, 2, 2]


def test_engine_failure_is_reported(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.app import suggesting
    from annotator.core.errors import AnnotatorError

    def broken(model: str | None = None) -> FakeSuggester:
        raise AnnotatorError("no such pipeline: en_core_web_xx")

    monkeypatch.setattr(suggesting, "make_suggester", broken)
    run = run_and_wait(qtbot, window)
    assert run is not None
    assert "Suggesting failed: no such pipeline" in window.statusBar().currentMessage()
    assert window.qactions["suggest_doc"].isEnabled()


def rule_rows() -> list[RuleStats]:
    return [RuleStats("hedge.modal", "HEDGE", 10, 6, 2, 2),
            RuleStats("source.insider", "UNNAMED_SOURCE", 4, 0, 0, 4)]


def test_rule_stats_model_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RuleStatsModel()
    qtmodeltester.check(model)
    model.set_rows(rule_rows())
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "hedge.modal"
    assert model.index(0, 6).data() == "75%"
    assert model.index(1, 6).data() == "–"  # nothing decided yet
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Acceptance"


def test_rule_acceptance_dialog_shows_the_sessions_table(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, engine: FakeSuggester) -> None:
    run_and_wait(qtbot, window)
    press(qtbot, window, Key.Key_Tab)
    press(qtbot, window, Key.Key_A)
    press(qtbot, window, Key.Key_X)
    dialog = RuleStatsDialog(window.controller.rule_stats, window)
    qtbot.addWidget(dialog)
    table = dialog.table.model()
    rows = {table.index(r, 0).data(): table.index(r, 6).data()
            for r in range(table.rowCount())}
    assert rows == {"hedge.modal": "100%", "hedge.evidential": "0%", "source.insider": "–"}
    assert "2 decisions" in dialog.summary.text()
    assert QApplication.instance() is not None


def test_suggestion_engine_choice_is_stored_and_used(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.app import suggesting
    from annotator.gui import suggestion_commands

    offered: list[list[str]] = []

    def pick(parent, title, label, items, current, editable):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return "blank", True

    monkeypatch.setattr(suggestion_commands.QInputDialog, "getItem", pick)
    window.qactions["suggest_engine"].trigger()
    assert offered and offered[0][1] == "blank" and offered[0][0].startswith("Default")
    assert window.controller.session.suggest_model == "blank"
    models: list[str | None] = []
    monkeypatch.setattr(suggesting, "make_suggester",
                        lambda model=None: models.append(model) or FakeSuggester())
    run_and_wait(qtbot, window)
    assert models == ["blank"]
