"""The "Rule acceptance" dialog: how often coders accepted each rule's suggestions.

Owns: ``RuleStatsModel`` (one row per rule of ``session.rule_stats()``: label, how many
suggestions it made, accepted, rejected, still pending, and the acceptance rate, the
rule's precision in daily use) and the dialog showing it in a sortable table.
Must not import: annotator.store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.app.stats import RuleStats
from annotator.gui.table_model import RIGHT, Role, RowsModel

SortRole = Qt.ItemDataRole.UserRole + 1


COLUMNS: tuple[tuple[str, str], ...] = (
    ("rule", "Rule"), ("label", "Label"), ("suggested", "Suggested"),
    ("accepted", "Accepted"), ("rejected", "Rejected"), ("pending", "Pending"),
    ("acceptance", "Acceptance"),
)
_NUMERIC = {"suggested", "accepted", "rejected", "pending", "acceptance"}


def acceptance_text(value: float | None) -> str:
    """``0.875`` → ``88%``; no decisions yet → ``–``."""
    return "–" if value is None else f"{value:.0%}"


class RuleStatsModel(RowsModel[RuleStats]):
    """Rows of per-rule counts, read-only."""

    headers = tuple(title for _, title in COLUMNS)

    def cell(self, row: RuleStats, col: int, role: int) -> Any:
        field = COLUMNS[col][0]
        value = getattr(row, field)
        if role == Role.DisplayRole:
            return acceptance_text(value) if field == "acceptance" else str(value)
        if role == SortRole:
            return -1.0 if value is None else value
        if role == Role.TextAlignmentRole and field in _NUMERIC:
            return RIGHT
        if role == Role.ToolTipRole and field == "acceptance":
            return f"{row.accepted} accepted of {row.accepted + row.rejected} decided"
        return None


class RuleStatsDialog(QDialog):
    """A sortable table of the rules' acceptance, refreshed from ``load``."""

    def __init__(self, load: Callable[[], Sequence[RuleStats]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RuleStatsDialog")
        self.setWindowTitle("Rule acceptance")
        self.load = load
        self.model = RuleStatsModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SortRole)
        self.table = QTableView(self)
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.summary = QLabel(self, wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        refresh = buttons.addButton("Refresh", QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Acceptance = accepted ÷ (accepted + rejected), over all "
                                "coders: each rule's precision in daily use.", self,
                                wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.refresh()

    def refresh(self) -> None:
        rows = self.load()
        self.model.set_rows(rows)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # most suggested first
        decided = sum(r.accepted + r.rejected for r in rows)
        accepted = sum(r.accepted for r in rows)
        self.summary.setText(
            "No suggestions yet: Suggest ▸ Suggest for this document." if not rows else
            f"{len(rows)} rules · {decided:,} decisions · overall acceptance "
            f"{acceptance_text(accepted / decided if decided else None)}")
