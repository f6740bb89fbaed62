"""The Agreement view: how well two coders agree, where they differ, and adjudication.

Owns: the Review ▸ Agreement window — choosing coder A, coder B and a label; the label ×
pair coefficient table; the documents both coders finished, most disagreement first; one
document's spans side by side with its disagreements listed by kind; and the adjudication
keys (take A's, take B's, reject both, edit in gold, undo). Reading a project's work is
done on the GUI thread through ``annotator.app.agreement``; the report and the review are
computed from those plain values in a background thread.
Must not import: annotator.store, annotator.agreement (the app layer wraps both).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.app import agreement as app_agreement
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD
from annotator.gui.actions import AGREEMENT_ACTIONS, make_action
from annotator.gui.agreement_gold import GoldDesk
from annotator.gui.dialogs.agreement_compare import ReportRun, SideBySide
from annotator.gui.dialogs.agreement_models import (
    ALL_LABELS,
    CoefficientModel,
    DisagreementModel,
    DisagreementRow,
    DocumentModel,
    DocumentRow,
    coefficient_rows,
)

if TYPE_CHECKING:
    from annotator.app.agreement import DocReview, Units
    from annotator.app.session import AnnotationSession
    from annotator.gui.main_window import MainWindow

RESAMPLES = 1000


def compute_review(units: Units, resamples: int = RESAMPLES) -> tuple[dict[str, Any],
                                                                      list[DocReview]]:
    """The report's JSON and the review list of two coders (pure: runs in the worker)."""
    report = app_agreement.compute(units, resamples)
    return app_agreement.report_json(report, units), app_agreement.review_units(units)


class AgreementView(QWidget):
    """A window of its own beside the main window (which it opens documents in)."""

    computed = Signal()  # the report and the document list are on screen

    def __init__(self, main: MainWindow) -> None:
        super().__init__(main, Qt.WindowType.Window)
        self.setObjectName("AgreementView")
        self.setWindowTitle("Agreement")
        self.main = main
        self.run: ReportRun | None = None
        self.reviews: dict[str, DocReview] = {}
        self.doc_id: str | None = None
        self.desk = GoldDesk(self)
        self.coder_a, self.coder_b = QComboBox(self), QComboBox(self)
        self.label_filter = QComboBox(self)
        self.summary = QLabel(self, wordWrap=True, objectName="AgreementSummary")
        self.message = QLabel(self, objectName="AgreementMessage")
        self.coefficients = CoefficientModel(self)
        self.documents = DocumentModel(self)
        self.disagreements = DisagreementModel(self)
        self.table = _table(self, self.coefficients, "AgreementTable")
        self.doc_table = _table(self, self.documents, "AgreementDocuments")
        self.dis_table = _table(self, self.disagreements, "AgreementDisagreements")
        self.compare = SideBySide(self)
        self.actions_ = {spec.name: make_action(spec, self) for spec in AGREEMENT_ACTIONS}
        for action in self.actions_.values():
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self._build()
        self._connect()
        self.resize(1440, 900)

    @property
    def session(self) -> AnnotationSession:
        return self.main.controller.session

    # -- construction -------------------------------------------------------------
    def _build(self) -> None:
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self._build_lists())
        lower.addWidget(self.compare)
        lower.setSizes([600, 840])
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(self.table)
        outer.addWidget(lower)
        outer.setSizes([150, 750])
        self.table.horizontalHeader().setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_choices())
        layout.addWidget(self.summary)
        layout.addWidget(outer, 1)
        layout.addWidget(self.message)

    def _build_choices(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for text, combo in (("Coder &A:", self.coder_a), ("Coder &B:", self.coder_b),
                            ("&Label:", self.label_filter)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(label)
            bar.addWidget(combo)
            bar.addSpacing(12)
        self.refresh_button = QPushButton("&Refresh", self)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        return bar

    def _build_lists(self) -> QWidget:
        """Documents above, the open document's disagreements and the keys below."""
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Documents</b>, most disagreement first", left))
        column.addWidget(self.doc_table, 2)
        column.addWidget(QLabel("<b>Disagreements</b> in this document", left))
        column.addWidget(self.dis_table, 3)
        buttons = QHBoxLayout()
        for name in ("take_a", "take_b", "reject_both", "edit_gold", "gold_undo"):
            action, keys = self.actions_[name], self.actions_[name].shortcut().toString()
            action.setIconText(f"{action.text().replace('&', '')}  ({keys})")
            action.setToolTip(f"{action.toolTip() or action.iconText()} ({keys})")
            button = QToolButton(left)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        stretch = QHeaderView.ResizeMode.Stretch
        self.doc_table.horizontalHeader().setSectionResizeMode(0, stretch)
        self.doc_table.horizontalHeader().setStretchLastSection(False)
        for col in (1, 2):
            self.dis_table.horizontalHeader().setSectionResizeMode(col, stretch)
        self.dis_table.horizontalHeader().setStretchLastSection(False)
        return left

    def _connect(self) -> None:
        for combo in (self.coder_a, self.coder_b, self.label_filter):
            combo.activated.connect(lambda _=0: self.recompute())
        self.refresh_button.clicked.connect(self.refresh)
        self.doc_table.selectionModel().currentRowChanged.connect(self._on_document_changed)
        self.dis_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._on_disagreement_changed(cur))
        a = self.actions_
        a["take_a"].triggered.connect(lambda: self.desk.take("a"))
        a["take_b"].triggered.connect(lambda: self.desk.take("b"))
        a["reject_both"].triggered.connect(self.desk.reject)
        a["edit_gold"].triggered.connect(self.desk.edit_in_gold)
        a["gold_undo"].triggered.connect(self.desk.undo)
        a["gold_redo"].triggered.connect(self.desk.redo)
        self.compare.left.spanClicked.connect(lambda i: self._on_span_clicked("a", i))
        self.compare.right.spanClicked.connect(lambda i: self._on_span_clicked("b", i))
        self._update_keys()

    # -- choosing -----------------------------------------------------------------
    def refresh(self) -> None:
        """Read the coders and labels again and recompute."""
        coders = app_agreement.coders(self.session.project, include_gold=True)
        names = [n for n in coders if n != GOLD] + [n for n in coders if n == GOLD]
        a, b = self.coder_a.currentText(), self.coder_b.currentText()
        for combo, keep, default in ((self.coder_a, a, 0), (self.coder_b, b, 1)):
            combo.clear()
            combo.addItems(names)
            row = names.index(keep) if keep in names else min(default, len(names) - 1)
            combo.setCurrentIndex(row)
        label = self.label_filter.currentText()
        self.label_filter.clear()
        self.label_filter.addItems([ALL_LABELS, *self.session.codebook.label_names])
        self.label_filter.setCurrentText(label or ALL_LABELS)
        self.recompute()

    def chosen(self) -> tuple[str, str, tuple[str, ...]]:
        label = self.label_filter.currentText()
        labels = () if label in ("", ALL_LABELS) else (label,)
        return self.coder_a.currentText(), self.coder_b.currentText(), labels

    def recompute(self) -> None:
        """Collect the two coders' work here, compute in the background."""
        self._stop_run()
        self.message.clear()
        a, b, labels = self.chosen()
        self.compare.set_coders(a or "A", b or "B")
        self.disagreements.set_coders(a or "A", b or "B")
        if not a or not b or a == b:
            self._show_nothing("Choose two different coders who have marked documents done "
                               "(Document ▸ Mark done).")
            return
        try:
            units = app_agreement.collect_units(self.session.project, [a, b], labels)
        except AnnotatorError as exc:
            self._show_nothing(str(exc))
            return
        self.summary.setText(f"Computing agreement of {a} and {b} on "
                             f"{len(units.docs):,} documents…")
        self.run = ReportRun(lambda: compute_review(units), self)
        self.run.finished.connect(self._on_run_finished)
        self.run.start()

    def _on_run_finished(self, result: Any, error: str) -> None:
        self.run = None
        if error:
            self._show_nothing(f"Agreement failed: {error}")
            return
        report, reviews = result
        a, b, _ = self.chosen()
        self.coefficients.set_rows(coefficient_rows(report, a, b))
        self.reviews = {r.doc_id: r for r in reviews}
        self.documents.set_rows([DocumentRow(r.doc_id, r.title, r.score,
                                             Counter(d.kind for d in r.disagreements))
                                 for r in reviews])
        self.summary.setText(_summary(report, a, b))
        row = self.documents.row_of(self.doc_id) if self.doc_id else None
        self.doc_table.selectRow(0 if row is None else row)
        if not reviews:
            self.show_document(None)
        self.computed.emit()

    def _show_nothing(self, message: str) -> None:
        self.summary.setText(message)
        self.coefficients.set_rows([])
        self.documents.set_rows([])
        self.reviews = {}
        self.show_document(None)

    # -- one document ---------------------------------------------------------------
    def _on_document_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_document(self.documents.row(current.row()).doc_id
                           if current.isValid() else None)

    def show_document(self, doc_id: str | None) -> None:
        """Both coders' spans of ``doc_id`` side by side and its disagreements."""
        self.doc_id = doc_id
        review = self.reviews.get(doc_id) if doc_id else None
        if review is None:
            self.compare.clear()
            self.disagreements.set_rows([])
            self._update_keys()
            return
        s, (_, _, labels) = self.session, self.chosen()
        text = s.document(review.doc_id).text

        def spans_of(who: str) -> list[Any]:
            return [x for x in s.annotations(review.doc_id, who)
                    if not labels or x.label in labels]

        self.compare.show_document(text, spans_of(review.a), spans_of(review.b), s.codebook)
        self.refresh_disagreements()
        if self.disagreements.rowCount():
            self.dis_table.selectRow(0)

    def refresh_disagreements(self) -> None:
        """List the open document's disagreements with what gold holds for each."""
        review = self.reviews.get(self.doc_id) if self.doc_id else None
        if review is None:
            return
        row = self.dis_table.currentIndex().row()
        text = self.session.document(review.doc_id).text
        gold, rejected = self.desk.state(review.doc_id)
        self.disagreements.set_rows([
            DisagreementRow(d.kind, d.a, d.b, _words(text, d.a), _words(text, d.b),
                            _gold_state(d.a, d.b, gold, rejected))
            for d in review.disagreements])
        if 0 <= row < self.disagreements.rowCount():
            self.dis_table.selectRow(row)
        self._update_keys()

    def current_disagreement(self) -> DisagreementRow | None:
        row = self.dis_table.currentIndex().row()
        return self.disagreements.row(row) if 0 <= row < self.disagreements.rowCount() \
            else None

    def select_next_disagreement(self) -> None:
        row = self.dis_table.currentIndex().row()
        if row + 1 < self.disagreements.rowCount():
            self.dis_table.selectRow(row + 1)

    def _on_disagreement_changed(self, current: QModelIndex) -> None:
        row = self.disagreements.row(current.row()) if current.isValid() else None
        if row is not None:
            self.compare.focus_disagreement(row.a, row.b)
        self._update_keys()

    def _on_span_clicked(self, side: str, ann_id: int) -> None:
        """A click on a span selects the disagreement it belongs to, if any."""
        if ann_id < 0:
            return
        for i, row in enumerate(self.disagreements.rows()):
            span = row.a if side == "a" else row.b
            found = self.compare.annotation_of(side, span)
            if found is not None and found.id == ann_id:
                self.dis_table.selectRow(i)
                return

    def _update_keys(self) -> None:
        row = self.current_disagreement()
        a = self.actions_
        a["take_a"].setEnabled(row is not None and row.a is not None)
        a["take_b"].setEnabled(row is not None and row.b is not None)
        a["reject_both"].setEnabled(row is not None)
        a["edit_gold"].setEnabled(self.doc_id is not None)
        a["gold_undo"].setEnabled(self.desk.can_undo())
        a["gold_redo"].setEnabled(self.desk.can_redo())

    # -- closing --------------------------------------------------------------------
    def _stop_run(self) -> None:
        if self.run is not None:
            self.run.stop()
            self.run = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_run()
        event.accept()


def _table(parent: QWidget, model: Any, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _words(text: str, span: Sequence[Any] | None) -> str:
    return "" if span is None else text[span[0]:span[1]]


def _gold_state(a: Any, b: Any, gold: set[Any], rejected: set[Any]) -> str:
    """What gold holds for a disagreement: A's, B's, both, rejected, or "" (not decided)."""
    has_a = a is not None and tuple(a) in gold
    has_b = b is not None and tuple(b) in gold
    if has_a or has_b:
        return "A's and B's" if has_a and has_b else "A's" if has_a else "B's"
    spans = [tuple(s) for s in (a, b) if s is not None]
    return "rejected" if spans and all(s in rejected for s in spans) else ""


def _summary(report: dict[str, Any], a: str, b: str) -> str:
    docs = report.get("documents", 0)
    boot = report.get("bootstrap", {})
    a, b = escape(a), escape(b)
    line = (f"<b>{a}</b> and <b>{b}</b> both finished <b>{docs:,}</b> "
            f"document{'s' if docs != 1 else ''}. Intervals: bootstrap over documents, "
            f"{boot.get('resamples', RESAMPLES):,} resamples, seed {boot.get('seed', '–')}.")
    notes = report.get("notes") or []
    return line + ("<br>" + escape(" ".join(notes)) if notes else "")
