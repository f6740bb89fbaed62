"""``LabelPanel``: the codebook's labels with colour, key, description and count.

Owns: ``LabelModel`` (one row per label of the codebook, with the number of spans of
that label in the open document), its delegate, and the panel that emits
``labelActivated`` when a label is clicked.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Codebook, Label

KeyRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
DescriptionRole = Qt.ItemDataRole.UserRole + 3
NameRole = Qt.ItemDataRole.UserRole + 4
_Index = QModelIndex | QPersistentModelIndex
_DESCRIPTION_LINES = 3


class LabelModel(QAbstractListModel):
    """The labels of a codebook and their counts in the current document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: tuple[Label, ...] = ()
        self._counts: dict[str, int] = {}

    def set_codebook(self, codebook: Codebook) -> None:
        self.beginResetModel()
        self._labels = codebook.labels
        self.endResetModel()

    def set_counts(self, counts: Mapping[str, int]) -> None:
        self._counts = dict(counts)
        if self._labels:
            self.dataChanged.emit(self.index(0), self.index(len(self._labels) - 1),
                                  [Qt.ItemDataRole.DisplayRole, CountRole])

    def label(self, row: int) -> Label:
        return self._labels[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._labels):
            return None
        lab = self._labels[index.row()]
        count = self._counts.get(lab.name, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{lab.key}  {lab.name}  ({count})" if lab.key else f"{lab.name} ({count})"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(lab.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{lab.name} — key {lab.key or 'none'}\n\n{lab.description}"
        return {KeyRole: lab.key, CountRole: count, NameRole: lab.name,
                DescriptionRole: lab.description}.get(role)


class LabelDelegate(QStyledItemDelegate):
    """Swatch, key, name and count on one line; the description wrapped below."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        fm = option.fontMetrics
        return QSize(200, fm.height() + 10 + _DESCRIPTION_LINES * fm.lineSpacing() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option,
                                painter, option.widget)
        pal, fm = option.palette, option.fontMetrics
        rect = option.rect.adjusted(8, 5, -8, -5)
        line_h = fm.height()
        swatch = QRect(rect.left(), rect.top() + 1, line_h - 2, line_h - 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(index.data(Qt.ItemDataRole.DecorationRole))
        painter.drawRoundedRect(swatch, 3, 3)
        text_color = pal.color(pal.ColorRole.Text)
        key = index.data(KeyRole)
        x = swatch.right() + 8
        if key:
            badge = QRect(x, rect.top(), fm.horizontalAdvance("M") + 8, line_h)
            painter.setPen(pal.color(pal.ColorRole.Mid))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(text_color)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, key)
            x = badge.right() + 8
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRect(x, rect.top(), rect.right() - x - 40, line_h),
                         Qt.AlignmentFlag.AlignVCenter, str(index.data(NameRole)))
        painter.setFont(option.font)
        painter.drawText(QRect(rect.right() - 40, rect.top(), 40, line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         str(index.data(CountRole)))
        desc = QRect(swatch.left(), rect.top() + line_h + 4, rect.width(),
                     _DESCRIPTION_LINES * fm.lineSpacing())
        painter.setPen(pal.color(pal.ColorRole.PlaceholderText))
        painter.setClipRect(desc)
        painter.drawText(desc, Qt.TextFlag.TextWordWrap,
                         _fit(fm, desc, str(index.data(DescriptionRole))))
        painter.restore()


def _fit(fm: QFontMetrics, rect: QRect, text: str) -> str:
    """``text`` cut at a word and ended with an ellipsis so that it fits ``rect`` wrapped."""
    flags = int(Qt.TextFlag.TextWordWrap.value)

    def fits(candidate: str) -> bool:
        return fm.boundingRect(rect, flags, candidate).height() <= rect.height()

    if fits(text):
        return text
    words = text.split()
    lo, hi = 0, len(words)
    while lo < hi:  # the most words that still fit with the ellipsis
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid]) + "…"):
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo]).rstrip(",;:") + "…"


class LabelPanel(QWidget):
    """Lists the labels; clicking one applies it like its key does."""

    labelActivated = Signal(str)

    def __init__(self, exact_action: QAction | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LabelPanel")
        self.model = LabelModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(LabelDelegate(self.view))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the text selection alive
        self.view.setMouseTracking(True)
        self.view.clicked.connect(self._on_view_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)
        if exact_action is not None:
            toggle = QToolButton(self)
            toggle.setDefaultAction(exact_action)
            toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(toggle)

    def set_codebook(self, codebook: Codebook) -> None:
        self.model.set_codebook(codebook)

    def set_counts(self, counts: Mapping[str, int]) -> None:
        self.model.set_counts(counts)

    def _on_view_clicked(self, index: QModelIndex) -> None:
        self.labelActivated.emit(self.model.label(index.row()).name)
