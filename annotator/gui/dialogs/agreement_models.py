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

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

_Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
SortRole = Role.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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


class CoefficientModel(QAbstractTableModel):
    """Label × coder-pair coefficients, read-only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CoefficientRow] = []

    def set_rows(self, rows: Sequence[CoefficientRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[CoefficientRow]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COEFFICIENT_COLUMNS)

    def data(self, index: _Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(COEFFICIENT_COLUMNS):
            return None
        r, col = self._rows[index.row()], index.column()
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
            return _RIGHT
        if role == Role.FontRole and r.label == ALL_LABELS:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Role.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Role.DisplayRole else None
        if not 0 <= section < len(COEFFICIENT_COLUMNS):
            return None
        if role == Role.DisplayRole:
            return COEFFICIENT_COLUMNS[section]
        if role == Role.ToolTipRole and _TIPS[section]:
            return _TIPS[section]
        return None


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


class DocumentModel(QAbstractTableModel):
    """Documents, most disagreement first (the order they are given in)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentRow] = []

    def set_rows(self, rows: Sequence[DocumentRow]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (-r.score, -r.disagreements, r.title))
        self.endResetModel()

    def row(self, row: int) -> DocumentRow:
        return self._rows[row]

    def row_of(self, doc_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.doc_id == doc_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DOCUMENT_COLUMNS)

    def data(self, index: _Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(DOCUMENT_COLUMNS):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Role.DisplayRole:
            return (r.title or r.doc_id, f"{r.score:.2f}", str(r.disagreements))[col]
        if role == Role.ToolTipRole:
            parts = [f"{n} {KIND_TEXT.get(k, k).lower()}" for k, n in r.kinds.items() if n]
            return ", ".join(parts) or "The coders agree on this document"
        if role == Role.TextAlignmentRole and col > 0:
            return _RIGHT
        if role == Role.UserRole:
            return r.doc_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Role.DisplayRole) -> Any:
        if role != Role.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return DOCUMENT_COLUMNS[section] if 0 <= section < len(DOCUMENT_COLUMNS) else None
        return str(section + 1)


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


class DisagreementModel(QAbstractTableModel):
    """One document's disagreements in text order, coloured by kind."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DisagreementRow] = []
        self._coders = ("A", "B")

    def set_coders(self, a: str, b: str) -> None:
        """Name the two span columns after the coders."""
        self._coders = (a, b)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 2)

    def set_rows(self, rows: Sequence[DisagreementRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[DisagreementRow]:
        return list(self._rows)

    def row(self, row: int) -> DisagreementRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DISAGREEMENT_COLUMNS)

    def data(self, index: _Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(DISAGREEMENT_COLUMNS):
            return None
        r, col = self._rows[index.row()], index.column()
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

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Role.DisplayRole) -> Any:
        if role != Role.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section in (1, 2):
                return f"{DISAGREEMENT_COLUMNS[section]}: {self._coders[section - 1]}"
            return DISAGREEMENT_COLUMNS[section] \
                if 0 <= section < len(DISAGREEMENT_COLUMNS) else None
        return str(section + 1)
