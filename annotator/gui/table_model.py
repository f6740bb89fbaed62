"""A read-only table model over a list of row values.

Owns: the Qt plumbing every read-only table here shares (row and column counts, index
checks, reset on new rows, numbered vertical headers). A subclass names its ``headers``
and says what one cell shows for a role in :meth:`RowsModel.cell`.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows of plain values, one per table row; read-only."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        """Start empty."""
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show ``rows`` instead of the current ones."""
        self.beginResetModel()
        self._rows = self.arrange(rows)
        self.endResetModel()

    def arrange(self, rows: Sequence[R]) -> list[R]:
        """The order to show ``rows`` in (as given, unless a subclass sorts)."""
        return list(rows)

    def rows(self) -> list[R]:
        """The rows shown, in order."""
        return list(self._rows)

    def row(self, row: int) -> R:
        """The value of table row ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.headers):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: R, column: int, role: int) -> Any:
        """What cell ``column`` of ``row`` shows for ``role`` (None: nothing)."""
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Role.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Role.DisplayRole else None
        if not 0 <= section < len(self.headers):
            return None
        return self.header(section, role)

    def header(self, section: int, role: int) -> Any:
        """What the header of column ``section`` shows for ``role``."""
        return self.headers[section] if role == Role.DisplayRole else None
