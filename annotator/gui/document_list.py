"""``DocumentListPanel``: the project's documents, filters and this coder's progress.

Owns: ``DocumentListModel`` (title, status for the current coder, span count),
``DocumentFilterProxy`` (status filter and text search), and the panel around them with
its "12 of 40 done" progress indicator.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import DocumentSummary, Status

_Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
AssignedRole = Qt.ItemDataRole.UserRole + 3
NOT_STARTED = "not_started"
ASSIGNED = "assigned_to_me"
STATUS_TEXT = {None: "—", Status.IN_PROGRESS: "in progress", Status.DONE: "done",
               Status.SKIPPED: "skipped"}
FILTERS = (("All documents", ""), ("Not started", NOT_STARTED),
           ("In progress", Status.IN_PROGRESS.value), ("Done", Status.DONE.value),
           ("Skipped", Status.SKIPPED.value), ("Assigned to me", ASSIGNED))


class DocumentListModel(QAbstractTableModel):
    """One row per document: title, this coder's status, spans, and the assigned coders."""

    HEADERS = ("Title", "Status", "Spans", "Coders")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[str, int] = {}
        self._coders: dict[str, tuple[str, ...]] = {}
        self._me = ""

    def set_assignments(self, coders: dict[str, tuple[str, ...]], me: str) -> None:
        """Who each document is assigned to (study rounds), and who "me" is."""
        self._coders, self._me = coders, me
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, 3), self.index(last, 3))

    def set_summaries(self, rows: Sequence[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {s.id: i for i, s in enumerate(self._rows)}
        self.endResetModel()

    def update_document(self, doc_id: str, *, status: Status | bool | None = False,
                        spans: int | None = None) -> None:
        """Change one row (``status=False`` leaves the status alone)."""
        row = self._row_of.get(doc_id)
        if row is None:
            return
        old = self._rows[row]
        new = replace(old, status=old.status if status is False else status,  # type: ignore[arg-type]
                      spans=old.spans if spans is None else spans)
        if new != old:
            self._rows[row] = new
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    def coders_of(self, doc_id: str) -> tuple[str, ...]:
        return self._coders.get(doc_id, ())

    def row_of(self, doc_id: str) -> int | None:
        return self._row_of.get(doc_id)

    def progress(self) -> tuple[int, int]:
        """(documents done, documents in all)."""
        return sum(1 for s in self._rows if s.status == Status.DONE), len(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.title or s.id, STATUS_TEXT[s.status], s.spans,
                    ", ".join(self._coders.get(s.id, ())))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            who = self._coders.get(s.id)
            return (f"{s.title or s.id}\n{s.length:,} characters · id {s.id}"
                    + (f"\nAssigned to {', '.join(who)}" if who else ""))
        if role == AssignedRole:
            return self._me in self._coders.get(s.id, ())
        if role == IdRole:
            return s.id
        if role == StatusRole:
            return s.status.value if s.status else NOT_STARTED
        return None


class DocumentFilterProxy(QSortFilterProxyModel):
    """Keeps documents of one status whose title (or text, via ``matches``) fits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.phrase = ""
        self.matches: set[str] = set()

    def set_filter(self, status: str, phrase: str, matches: set[str]) -> None:
        if (status, phrase.casefold().strip(), matches) == (self.status, self.phrase,
                                                            self.matches):
            return  # nothing changed: refiltering 10,000 rows would be wasted time
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10; invalidateRowsFilter is deprecated
            self.beginFilterChange()
        self.status, self.phrase, self.matches = status, phrase.casefold().strip(), matches
        if hasattr(self, "beginFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        if not self.status and not self.phrase:
            return True
        index = self.sourceModel().index(row, 0, parent)
        if self.status == ASSIGNED:
            if not index.data(AssignedRole):
                return False
        elif self.status and index.data(StatusRole) != self.status:
            return False
        if not self.phrase:
            return True
        return (self.phrase in str(index.data()).casefold()
                or index.data(IdRole) in self.matches)


class DocumentListPanel(QWidget):
    """Search box, status filter, document table and progress."""

    documentActivated = Signal(str)
    assignmentToggled = Signal(str, str, bool)

    def __init__(self, find: Callable[[str], set[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentListPanel")
        self._find = find
        self.assignable: list[str] = []
        self.model = DocumentListModel(self)
        self.proxy = DocumentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self, placeholderText="Search titles and text…",
                                clearButtonEnabled=True)
        self.status_filter = QComboBox(self)
        for text, value in FILTERS:
            self.status_filter.addItem(text, value)
        self.table = self._make_table()
        self.progress_label = QLabel(self)
        self.progress_bar = QProgressBar(self, textVisible=False, maximumHeight=8)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.model.dataChanged.connect(self._on_model_dataChanged)
        self.model.modelReset.connect(self._update_progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.status_filter)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setShowGrid(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Widths from the widest possible value: ResizeToContents would ask the model for
        # the size of a thousand rows on every reset and selection (slow at 10,000 rows).
        cell, title = table.fontMetrics(), header.fontMetrics()
        pad = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 12
        for col, samples in ((1, STATUS_TEXT.values()), (2, ("000000",)),
                             (3, ("alice, bob",))):
            width = max([title.horizontalAdvance(DocumentListModel.HEADERS[col])]
                        + [cell.horizontalAdvance(t) for t in samples])
            header.resizeSection(col, width + pad)
        table.setColumnHidden(3, True)  # until a study assigns documents
        table.activated.connect(self._on_table_activated)
        table.clicked.connect(self._on_table_activated)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_table_customContextMenuRequested)
        return table

    # -- API ----------------------------------------------------------------------
    def set_assignments(self, coders: dict[str, tuple[str, ...]], me: str,
                        assignable: Sequence[str]) -> None:
        """Who each document is assigned to, who "me" is, and whom the lead may assign."""
        self.model.set_assignments(coders, me)
        self.assignable = list(assignable)
        self.table.setColumnHidden(3, not coders)  # the lead's view of a study

    def assignment_menu(self, doc_id: str) -> QMenu | None:
        """The "Assigned to" menu of a document (None when nobody can be assigned)."""
        if not self.assignable:
            return None
        menu = QMenu("Assigned to", self)
        have = self.model.coders_of(doc_id)
        for coder in self.assignable:
            action = menu.addAction(coder)
            action.setCheckable(True)
            action.setChecked(coder in have)
            action.toggled.connect(
                lambda on, who=coder: self.assignmentToggled.emit(doc_id, who, on))
        return menu

    def set_summaries(self, rows: Sequence[DocumentSummary]) -> None:
        self.model.set_summaries(rows)
        self._apply_filter()

    def set_current(self, doc_id: str) -> None:
        row = self.model.row_of(doc_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def neighbour(self, doc_id: str | None, step: int) -> str | None:
        """The document ``step`` rows away in the filtered order (None at the ends)."""
        count = self.proxy.rowCount()
        if count == 0:
            return None
        row = self.model.row_of(doc_id) if doc_id else None
        here = self.proxy.mapFromSource(self.model.index(row, 0)).row() if row is not None \
            else -1
        target = here + step if here >= 0 else (0 if step > 0 else count - 1)
        if not 0 <= target < count:
            return None
        return str(self.proxy.index(target, 0).data(IdRole))

    # -- handlers -----------------------------------------------------------------
    def _apply_filter(self) -> None:
        phrase = self.search.text()
        matches = {str(i) for i in self._find(phrase)} if phrase.strip() else set()
        self.proxy.set_filter(self.status_filter.currentData() or "", phrase, matches)
        self._update_progress()

    def _on_table_customContextMenuRequested(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        menu = self.assignment_menu(str(index.data(IdRole))) if index.isValid() else None
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.documentActivated.emit(str(index.data(IdRole)))

    def _on_model_dataChanged(self, *_args: object) -> None:
        self._update_progress()

    def _update_progress(self) -> None:
        done, total = self.model.progress()
        self.progress_label.setText(f"{done} of {total} done")
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
