"""The Agreement view's three tables: coefficients, documents, disagreements.

Owns: ``CoefficientModel`` (one row per label, plus "All labels", for the chosen coder
pair: span F1 exact and overlap, uα, token κ with their 95% intervals, span counts; read
from the report's JSON so it follows FORMATS.md), ``DocumentModel`` (the documents both
coders finished, most disagreement first) and ``DisagreementModel`` (one document's
disagreements, coloured by kind, with what the gold layer holds for each).
Must not import: annotator.store, annotator.app (they are given plain values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from annotator.gui.table_model import RIGHT, Role, RowsModel

SortRole = Role.UserRole + 1
ALL_LABELS = "All labels"

KIND_COLORS = {"missed": "#d55e00", "extra": "#009e73", "boundary": "#8e6bbf",
               "label": "#cc3377"}
"""One colour per kind of disagreement (none of them a default label colour)."""

KIND_TEXT = {"missed": "Missed by B", "extra": "Extra in B", "boundary": "Boundary",
             "label": "Label conflict"}


def number(value: float | None) -> str:
    """``0.8123`` → ``0.81``; undefined → ``–``."""
    return "–" if value is None else f"{value:.2f}"


def with_ci(value: float | None, ci: Sequence[float | None] | None) -> str:
    """``0.77 [0.70, 0.83]``, or the value alone when there is no interval."""
    if value is None:
        return "–"
    if not ci or len(ci) != 2 or ci[0] is None or ci[1] is None:
        return number(value)
    return f"{value:.2f} [{ci[0]:.2f}, {ci[1]:.2f}]"


# -- coefficients -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CoefficientRow:
    """One line of the coefficient table."""

    label: str
    pair: str
    f1_exact: float | None
    f1_overlap: float | None
    u_alpha: float | None
    u_alpha_ci: tuple[float, float] | None
    kappa: float | None
    kappa_ci: tuple[float, float] | None
    spans_a: int | None
    spans_b: int | None


def _ci(entry: Mapping[str, Any], key: str) -> tuple[float, float] | None:
    ci = entry.get(f"{key}_ci95")
    return (ci[0], ci[1]) if ci and len(ci) == 2 and None not in ci else None


def coefficient_rows(report: Mapping[str, Any], a: str, b: str) -> list[CoefficientRow]:
    """Rows for coders ``a`` and ``b`` from an agreement report's JSON (FORMATS.md)."""
    rows = []
    pair = f"{a} – {b}"
    for label, entry in sorted(report.get("labels", {}).items()):
        match = next((p for p in entry.get("pairs", [])
                      if set(p.get("annotators", ())) == {a, b}), None)
        exact = match["exact"]["f1"] if match else entry.get("span_f1", {}).get("exact")
        overlap = match["overlap"]["f1"] if match else entry.get("span_f1", {}).get("overlap")
        counts = entry.get("counts", {})
        rows.append(CoefficientRow(label, pair, exact, overlap, entry.get("u_alpha"),
                                   _ci(entry, "u_alpha"), entry.get("token_kappa"),
                                   _ci(entry, "token_kappa"), counts.get(a), counts.get(b)))
    overall = report.get("overall", {})
    if overall:
        f1 = overall.get("span_f1", {})
        total = [sum(r.spans_a or 0 for r in rows), sum(r.spans_b or 0 for r in rows)]
        rows.append(CoefficientRow(ALL_LABELS, pair, f1.get("exact"), f1.get("overlap"),
                                   overall.get("u_alpha"), _ci(overall, "u_alpha"),
                                   None, None, *total))
    return rows


COEFFICIENT_COLUMNS = ("Label", "Coders", "Span F1 exact", "Span F1 overlap",
                       "uα [95% CI]", "Token κ [95% CI]", "Spans A", "Spans B")
_TIPS = ("", "", "One-to-one matches with the same start, end and label",
         "One-to-one matches with the same label sharing at least one character",
         "Krippendorff et al. (2016) unitizing α over the characters (per label: kuα)",
         "Cohen's κ on tokens IN/OUT of the label", "", "")


class CoefficientModel(RowsModel["CoefficientRow"]):
    """Label × coder-pair coefficients, read-only."""

    headers = COEFFICIENT_COLUMNS

    def cell(self, r: CoefficientRow, col: int, role: int) -> Any:
        values = (r.label, r.pair, r.f1_exact, r.f1_overlap, r.u_alpha, r.kappa,
                  r.spans_a, r.spans_b)
        if role == Role.DisplayRole:
            if col < 2:
                return values[col]
            if col in (4, 5):
                return with_ci(values[col], r.u_alpha_ci if col == 4 else r.kappa_ci)
            return "–" if values[col] is None else (
                str(values[col]) if col >= 6 else number(values[col]))  # type: ignore[arg-type]
        if role == SortRole:
            return values[col] if values[col] is not None else -2.0
        if role == Role.TextAlignmentRole and col >= 2:
            return RIGHT
        if role == Role.FontRole and r.label == ALL_LABELS:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def header(self, section: int, role: int) -> Any:
        if role == Role.ToolTipRole and _TIPS[section]:
            return _TIPS[section]
        return super().header(section, role)


# -- documents ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document both coders finished, and how much they disagree on it."""

    doc_id: str
    title: str
    score: float
    kinds: Mapping[str, int]

    @property
    def disagreements(self) -> int:
        return sum(self.kinds.values())


DOCUMENT_COLUMNS = ("Document", "Disagreement", "Differences")


class DocumentModel(RowsModel[DocumentRow]):
    """Documents, most disagreement first."""

    headers = DOCUMENT_COLUMNS

    def arrange(self, rows: Sequence[DocumentRow]) -> list[DocumentRow]:
        return sorted(rows, key=lambda r: (-r.score, -r.disagreements, r.title))

    def row_of(self, doc_id: str) -> int | None:
        """The table row of ``doc_id``, if it is listed."""
        return next((i for i, r in enumerate(self._rows) if r.doc_id == doc_id), None)

    def cell(self, r: DocumentRow, col: int, role: int) -> Any:
        if role == Role.DisplayRole:
            return (r.title or r.doc_id, f"{r.score:.2f}", str(r.disagreements))[col]
        if role == Role.ToolTipRole:
            parts = [f"{n} {KIND_TEXT.get(k, k).lower()}" for k, n in r.kinds.items() if n]
            return ", ".join(parts) or "The coders agree on this document"
        if role == Role.TextAlignmentRole and col > 0:
            return RIGHT
        if role == Role.UserRole:
            return r.doc_id
        return None


# -- disagreements ------------------------------------------------------------------
Span = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class DisagreementRow:
    """One disagreement of the open document, as the list shows it."""

    kind: str
    a: Span | None
    b: Span | None
    a_text: str = ""
    b_text: str = ""
    gold: str = ""  # "A's", "B's", "both", "rejected", "" (not adjudicated)


DISAGREEMENT_COLUMNS = ("Kind", "A", "B", "Gold")


def span_text(span: Span | None, words: str) -> str:
    """``HEDGE “might”`` (shortened), or ``—`` for no span."""
    if span is None:
        return "—"
    words = " ".join(words.split())
    words = words if len(words) <= 40 else words[:39] + "…"
    return f"{span[2]} “{words}”"


class DisagreementModel(RowsModel[DisagreementRow]):
    """One document's disagreements in text order, coloured by kind."""

    headers = DISAGREEMENT_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        """Start empty, with the span columns named A and B."""
        super().__init__(parent)
        self._coders = ("A", "B")

    def set_coders(self, a: str, b: str) -> None:
        """Name the two span columns after the coders."""
        self._coders = (a, b)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 2)

    def cell(self, r: DisagreementRow, col: int, role: int) -> Any:
        color = QColor(KIND_COLORS.get(r.kind, "#888888"))
        if role == Role.DisplayRole:
            return (KIND_TEXT.get(r.kind, r.kind), span_text(r.a, r.a_text),
                    span_text(r.b, r.b_text), r.gold or "—")[col]
        if role == Role.DecorationRole and col == 0:
            return color
        if role == Role.BackgroundRole:
            tint = QColor(color)
            tint.setAlpha(40)
            return QBrush(tint)
        if role == Role.ToolTipRole and col in (1, 2):
            span, words = (r.a, r.a_text) if col == 1 else (r.b, r.b_text)
            return None if span is None else \
                f"{span[2]} “{' '.join(words.split())}” (characters {span[0]}–{span[1]})"
        if role == Role.UserRole:
            return r.kind
        return None

    def header(self, section: int, role: int) -> Any:
        if role == Role.DisplayRole and section in (1, 2):
            return f"{DISAGREEMENT_COLUMNS[section]}: {self._coders[section - 1]}"
        return super().header(section, role)
