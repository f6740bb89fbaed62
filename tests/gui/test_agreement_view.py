"""The Agreement view: coefficients, documents by disagreement, side by side, adjudication.

Two coders annotate through their own sessions on the sample article (and a short second
document they agree on); the view is opened from Review ▸ Agreement in the real window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from annotator.app.session import AnnotationSession
from annotator.core.model import GOLD, Status
from annotator.gui.actions import shortcut_table
from annotator.gui.agreement_view import AgreementView
from annotator.gui.dialogs.agreement_compare import top_position
from annotator.gui.dialogs.agreement_models import (
    KIND_COLORS,
    CoefficientModel,
    CoefficientRow,
    DisagreementModel,
    DisagreementRow,
    DocumentModel,
    DocumentRow,
    coefficient_rows,
)
from annotator.gui.main_window import MainWindow
from annotator.store import Project

AGREED = "Officials might resign, an aide reportedly said."
INSIDER = "An insider close to the Kardashian clan"
ALICE = (  # (phrase, occurrence, label)
    ("might", 0, "HEDGE"),
    ("reportedly", 0, "HEDGE"),
    ("apparently", 0, "HEDGE"),          # bob misses it
    (INSIDER, 0, "UNNAMED_SOURCE"),     # bob: a shorter span (boundary)
    ("allegedly", 0, "HEDGE"),          # bob: another label (label conflict)
)
BOB = (
    ("might", 0, "HEDGE"),
    ("reportedly", 0, "HEDGE"),
    ("An insider", 0, "UNNAMED_SOURCE"),
    ("allegedly", 0, "UNNAMED_SOURCE"),
    ("possibility", 0, "HEDGE"),        # alice does not have it (extra)
)


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def annotate(project: Project, coder: str, spans: tuple[tuple[str, int, str], ...]) -> None:
    """``coder`` marks the sample article and the short agreed document done."""
    session = AnnotationSession(project, coder)
    for summary in session.documents():
        text = session.document(summary.id).text
        for phrase, nth, label in spans if text != AGREED else (("might", 0, "HEDGE"),):
            start, end = find(text, phrase, nth)
            session.add_span(summary.id, start, end, label, exact=True)
        session.set_status(summary.id, Status.DONE)


@pytest.fixture
def two_coders(make_project: Callable[..., Project], sample_text: str) -> Project:
    project = make_project((sample_text.splitlines()[0], sample_text), ("Agreed", AGREED))
    annotate(project, "alice", ALICE)
    annotate(project, "bob", BOB)
    return project


@pytest.fixture
def main(open_window: Callable[[AnnotationSession], MainWindow],
         two_coders: Project) -> MainWindow:
    return open_window(AnnotationSession(two_coders, "lead"))


@pytest.fixture
def view(qtbot, main: MainWindow) -> AgreementView:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(computed_signal(main), timeout=20_000):
        main.qactions["agreement"].trigger()
    assert isinstance(main.agreement_view, AgreementView)
    return main.agreement_view


def computed_signal(main: MainWindow):  # type: ignore[no-untyped-def]
    from annotator.gui.agreement_view import AgreementView as View

    if main.agreement_view is None:
        main.agreement_view = View(main)
    return main.agreement_view.computed


def sample_id(project: Project) -> str:
    return next(d.id for d in AnnotationSession(project, "alice").documents()
                if d.title.startswith("Kim"))


def select_kind(view: AgreementView, kind: str) -> DisagreementRow:
    row = next(i for i, r in enumerate(view.disagreements.rows()) if r.kind == kind)
    view.dis_table.selectRow(row)
    found = view.current_disagreement()
    assert found is not None and found.kind == kind
    return found


def gold_spans(project: Project, doc_id: str) -> set[tuple[int, int, str]]:
    """What the gold layer holds, read through a session (as the export would)."""
    return {(a.start, a.end, a.label)
            for a in AnnotationSession(project, "reader").annotations(doc_id, GOLD)}


# -- the action ---------------------------------------------------------------------
def test_review_menu_shows_the_agreement_key(main: MainWindow) -> None:
    menu = next(a.menu() for a in main.menuBar().actions() if a.text() == "&Review")
    action = next(a for a in menu.actions() if a.objectName() == "agreement")
    assert action.shortcut().toString() == "Ctrl+Shift+R"
    assert action.text() == "&Agreement…"
    every = [k.toString() for a in main.qactions.values() for k in a.shortcuts()]
    assert len(every) == len(set(every)), "a key is bound twice"
    rows = shortcut_table()
    assert ("Review", "Agreement", "Ctrl+Shift+R") in rows
    assert ("Agreement view", "Take A's", "A") in rows


# -- the report ---------------------------------------------------------------------
def test_view_shows_coefficients_with_intervals(view: AgreementView) -> None:
    assert (view.coder_a.currentText(), view.coder_b.currentText()) == ("alice", "bob")
    table = view.table.model()
    rows = {table.index(r, 0).data(): [table.index(r, c).data() for c in range(8)]
            for r in range(table.rowCount())}
    assert set(rows) == {"HEDGE", "UNNAMED_SOURCE", "All labels"}
    hedge = rows["HEDGE"]
    assert hedge[1] == "alice – bob"
    # alice 5 HEDGE-or-not spans: HEDGE might, reportedly, apparently, allegedly (+ Agreed's)
    assert hedge[6] == "5" and hedge[7] == "4"
    exact = float(hedge[2])
    assert 0 < exact < 1  # might, reportedly and the agreed document's might match
    assert float(rows["UNNAMED_SOURCE"][2]) == 0.0  # no exact match for the sources
    assert float(rows["UNNAMED_SOURCE"][3]) > 0  # but they overlap
    assert "[" in hedge[4] and "]" in hedge[4]  # uα with its 95% interval
    assert "2 documents" in view.summary.text() or "<b>2</b>" in view.summary.text()


def test_report_is_computed_in_a_worker_thread(qtbot, main: MainWindow,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.gui import agreement_view

    threads: list[threading.Thread] = []
    real = agreement_view.compute_review

    def spy(units, resamples=agreement_view.RESAMPLES):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(units, resamples)

    monkeypatch.setattr(agreement_view, "compute_review", spy)
    with qtbot.waitSignal(computed_signal(main), timeout=20_000):
        main.qactions["agreement"].trigger()
    assert threads and threads[0] is not threading.main_thread()


def test_documents_sorted_by_disagreement(view: AgreementView, two_coders: Project) -> None:
    model = view.documents
    assert model.rowCount() == 2
    first, second = model.row(0), model.row(1)
    assert first.doc_id == sample_id(two_coders)
    assert first.score > second.score == 0.0
    assert second.disagreements == 0
    assert view.doc_table.model().index(0, 2).data() == "4"


def test_label_filter_and_the_same_coder_twice(qtbot, view: AgreementView) -> None:  # type: ignore[no-untyped-def]
    view.label_filter.setCurrentText("HEDGE")
    with qtbot.waitSignal(view.computed, timeout=20_000):
        view.label_filter.activated.emit(view.label_filter.currentIndex())
    table = view.table.model()
    assert [table.index(r, 0).data() for r in range(table.rowCount())] == [
        "HEDGE", "All labels"]
    assert {r.kind for r in view.disagreements.rows()} == {"missed", "extra"}
    assert all("UNNAMED_SOURCE" not in (r.a or r.b or ("", "", ""))[2]
               for r in view.disagreements.rows())
    view.coder_b.setCurrentText("alice")
    view.coder_b.activated.emit(view.coder_b.currentIndex())
    assert "two different coders" in view.summary.text()
    assert view.table.model().rowCount() == 0 and view.documents.rowCount() == 0
    assert not view.actions_["take_a"].isEnabled()


def test_without_two_finished_coders_the_view_explains(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.open_agreement()
    assert view.run is None and view.coder_a.count() == 0
    assert "Choose two different coders" in view.summary.text()
    assert view.documents.rowCount() == 0 and view.disagreements.rowCount() == 0


# -- one document -------------------------------------------------------------------
def test_document_side_by_side_with_disagreements_by_kind(
        view: AgreementView, two_coders: Project) -> None:
    assert view.doc_id == sample_id(two_coders)
    text = two_coders.document(view.doc_id).text
    left, right = view.compare.left, view.compare.right
    assert left.toPlainText() == right.toPlainText() == text
    assert left.isReadOnly() and right.isReadOnly()
    kinds = {r.kind for r in view.disagreements.rows()}
    assert kinds == {"missed", "extra", "boundary", "label"}
    model = view.disagreements
    texts = {model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 2).data())
             for r in range(model.rowCount())}
    assert texts["Missed by B"] == ("HEDGE “apparently”", "—")
    assert texts["Extra in B"] == ("—", "HEDGE “possibility”")
    assert texts["Boundary"] == (f"UNNAMED_SOURCE “{INSIDER}”", "UNNAMED_SOURCE “An insider”")
    assert texts["Label conflict"] == ("HEDGE “allegedly”", "UNNAMED_SOURCE “allegedly”")
    for r in range(model.rowCount()):
        kind = model.index(r, 0).data(Qt.ItemDataRole.UserRole)
        assert model.index(r, 0).data(Qt.ItemDataRole.DecorationRole).name() == \
            KIND_COLORS[kind]
    assert model.headerData(1, Qt.Orientation.Horizontal) == "A: alice"
    # highlights in the label colours on both sides
    select_kind(view, "boundary")
    colors = {s.format.background().color().name() for s in left.extraSelections()}
    assert "#0072b2" in colors  # UNNAMED_SOURCE
    assert "#0072b2" in {s.format.background().color().name()
                         for s in right.extraSelections()}
    assert view.compare.left_title.text().startswith("<b>A: alice</b>")


def test_the_two_texts_scroll_together(qtbot, view: AgreementView) -> None:  # type: ignore[no-untyped-def]
    view.show()
    a, b = view.compare.left, view.compare.right
    left, right = a.verticalScrollBar(), b.verticalScrollBar()
    qtbot.waitUntil(lambda: left.maximum() > 0)
    for width in (1201, 1200):  # odd or even: both sides get the same width
        view.compare.resize(width, 600)
        qtbot.waitUntil(lambda: a.width() == b.width())
        for value in (left.maximum() // 2, left.maximum() // 3, left.maximum(), 7, 0):
            left.setValue(value)
            assert top_position(b) == top_position(a)
    right.setValue(right.maximum() // 2)
    assert left.value() > 0 and top_position(b) == top_position(a)


def test_clicking_a_span_selects_its_disagreement(view: AgreementView) -> None:
    select_kind(view, "missed")
    row = next(r for r in view.disagreements.rows() if r.kind == "label")
    ann = view.compare.annotation_of("b", row.b)
    assert ann is not None
    view.compare.right.spanClicked.emit(ann.id)
    current = view.current_disagreement()
    assert current is not None and current.kind == "label"


# -- adjudication -------------------------------------------------------------------
def test_take_a_puts_the_span_into_gold_and_undo_removes_it(
        view: AgreementView, two_coders: Project) -> None:
    doc_id = view.doc_id
    assert doc_id is not None
    row = select_kind(view, "boundary")
    assert view.actions_["take_a"].isEnabled() and view.actions_["take_b"].isEnabled()
    view.actions_["take_a"].trigger()
    assert row.a in gold_spans(two_coders, doc_id)
    gold_column = {r.kind: r.gold for r in view.disagreements.rows()}
    assert gold_column["boundary"] == "A's"
    assert view.current_disagreement() != row  # moved on to the next one
    assert view.actions_["gold_undo"].isEnabled()
    view.actions_["gold_undo"].trigger()
    assert row.a not in gold_spans(two_coders, doc_id)
    assert {r.kind: r.gold for r in view.disagreements.rows()}["boundary"] == ""
    view.actions_["gold_redo"].trigger()
    assert row.a in gold_spans(two_coders, doc_id)


def test_take_b_and_reject_both(view: AgreementView, two_coders: Project) -> None:
    doc_id = view.doc_id
    assert doc_id is not None
    extra = select_kind(view, "extra")
    assert not view.actions_["take_a"].isEnabled()  # A has nothing here
    view.actions_["take_b"].trigger()
    assert extra.b in gold_spans(two_coders, doc_id)
    conflict = select_kind(view, "label")
    view.actions_["take_a"].trigger()
    assert conflict.a in gold_spans(two_coders, doc_id)
    select_kind(view, "label")
    view.actions_["reject_both"].trigger()
    gold = gold_spans(two_coders, doc_id)
    assert conflict.a not in gold and conflict.b not in gold
    assert extra.b in gold
    states = {r.kind: r.gold for r in view.disagreements.rows()}
    assert states["label"] == "rejected" and states["extra"] == "B's"


def test_keys_take_and_undo_in_the_view(qtbot, view: AgreementView,  # type: ignore[no-untyped-def]
                                        two_coders: Project) -> None:
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    row = select_kind(view, "missed")
    view.dis_table.setFocus()
    qtbot.keyClick(view.dis_table, Qt.Key.Key_A)
    assert row.a in gold_spans(two_coders, view.doc_id)  # type: ignore[arg-type]
    qtbot.keyClick(view.dis_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert row.a not in gold_spans(two_coders, view.doc_id)  # type: ignore[arg-type]


def test_edit_in_gold_opens_the_document_as_the_gold_coder(
        view: AgreementView, main: MainWindow, two_coders: Project) -> None:
    row = select_kind(view, "boundary")
    view.actions_["take_b"].trigger()
    select_kind(view, "boundary")
    view.actions_["edit_gold"].trigger()
    assert main.controller.annotator == GOLD
    assert main.controller.doc_id == view.doc_id
    assert "Coder: gold" in main.coder_label.text()
    selected = main.controller.annotation(main.controller.selected)
    assert selected is not None and (selected.start, selected.end) == row.b[:2]  # type: ignore[index]
    assert main.controller.session.project is two_coders


# -- models -------------------------------------------------------------------------
def test_models_pass_the_modeltester(qtmodeltester, view: AgreementView) -> None:  # type: ignore[no-untyped-def]
    for model in (view.coefficients, view.documents, view.disagreements):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_models_empty_and_undefined_values(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    coefficients = CoefficientModel()
    qtmodeltester.check(coefficients)
    coefficients.set_rows([CoefficientRow("HEDGE", "a – b", None, 0.5, 0.25, (0.1, 0.4),
                                          None, None, 0, 3)])
    qtmodeltester.check(coefficients)
    assert coefficients.index(0, 2).data() == "–"
    assert coefficients.index(0, 4).data() == "0.25 [0.10, 0.40]"
    documents = DocumentModel()
    documents.set_rows([DocumentRow("d1", "One", 0.0, {}), DocumentRow("d2", "", 2.5,
                                                                        {"missed": 2})])
    qtmodeltester.check(documents)
    assert documents.row(0).doc_id == "d2" and documents.index(0, 0).data() == "d2"
    disagreements = DisagreementModel()
    disagreements.set_rows([DisagreementRow("missed", (0, 3, "HEDGE"), None, "abc")])
    qtmodeltester.check(disagreements)


def test_coefficient_rows_follow_the_report_json() -> None:
    report = {"annotators": ["a", "b"], "documents": 1, "labels": {"L": {
        "span_f1": {"exact": 0.5, "overlap": 1.0},
        "pairs": [{"annotators": ["a", "b"], "exact": {"f1": 0.5}, "overlap": {"f1": 1.0}}],
        "u_alpha": None, "token_kappa": 0.8, "token_kappa_ci95": [0.7, 0.9],
        "counts": {"a": 2, "b": 2}}},
        "overall": {"u_alpha": None, "span_f1": {"exact": 0.5, "overlap": 1.0}}}
    label, overall = coefficient_rows(report, "a", "b")
    assert (label.f1_exact, label.u_alpha, label.kappa_ci) == (0.5, None, (0.7, 0.9))
    assert overall.label == "All labels" and overall.spans_a == 2
