"""``DocumentView``: the article as plain text, with spans drawn over it.

Owns: showing one document read-only (``setPlainText`` only, never HTML), the text
selection in code points, span and pending-suggestion highlights for the visible part of
the text, clicking and hovering them, zoom.
Must not import: annotator.store, annotator.app (it is given values, it calls nothing).

Only spans that meet the visible text get an ``ExtraSelection`` (rebuilt on scroll and
resize): Qt keeps one cursor per selection in the document, and thousands of them make
every change slow.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.model import Annotation, Codebook, Suggestion
from annotator.gui.highlights import FormatCache, Piece, PieceIndex, assign_layers
from annotator.gui.offsets import OffsetMap, display_text

DEFAULT_POINT_SIZE = 13.0
_SLACK = 400  # Qt positions highlighted beyond the visible text, for smooth scrolling


class DocumentView(QPlainTextEdit):
    """Read-only article text with span highlights."""

    spanClicked = Signal(int)  # annotation id, or -1 when a click hit no span
    suggestionClicked = Signal(int)  # suggestion id (a click on a suggestion, no span)
    zoomChanged = Signal(float)  # point size
    firstPainted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.document().setDocumentMargin(18)
        font = QFont()
        font.setFamilies(["Noto Serif", "DejaVu Serif", "Georgia", "Times New Roman", "serif"])
        font.setPointSizeF(DEFAULT_POINT_SIZE)
        self.setFont(font)
        self.offsets = OffsetMap("")
        self._index = PieceIndex([])
        self._colors: dict[str, str] = {}
        self._notes: dict[int, str] = {}
        self._selected: int | None = None
        self._suggestions = PieceIndex([])
        self._suggestion_info: dict[int, Suggestion] = {}
        self._focused: int | None = None
        self._formats = FormatCache()
        self._painted = False
        self.verticalScrollBar().valueChanged.connect(self._on_scroll_changed)

    # -- content ------------------------------------------------------------------
    def set_document(self, text: str, offsets: OffsetMap | None = None) -> None:
        """Show ``text`` (code-point offsets map through ``offsets``)."""
        self.setExtraSelections([])
        self._index = PieceIndex([])
        self._suggestions = PieceIndex([])
        self._suggestion_info = {}
        self.offsets = offsets or OffsetMap(text)
        self.setPlainText(display_text(text))

    def set_annotations(self, annotations: Sequence[Annotation], codebook: Codebook,
                        selected: int | None = None) -> None:
        """Draw these spans (sorted by start, as the session returns them)."""
        self._colors = {lab.name: lab.color for lab in codebook.labels}
        to_qt = self.offsets.to_qt
        ordered = sorted(annotations, key=lambda a: (a.start, -a.end))
        layers = assign_layers([(a.start, a.end) for a in ordered])
        self._index = PieceIndex([
            Piece(int(a.id or 0), a.label, to_qt(a.start), to_qt(a.end), layer)
            for a, layer in zip(ordered, layers, strict=True)])
        self._notes = {int(a.id or 0): a.note for a in ordered}
        self._selected = selected
        self.refresh_highlights()

    def set_suggestions(self, suggestions: Sequence[Suggestion],
                        focused: int | None = None) -> None:
        """Draw these pending suggestions (labels coloured as in the last codebook)."""
        to_qt = self.offsets.to_qt
        self._suggestion_info = {int(s.id or 0): s for s in suggestions}
        self._suggestions = PieceIndex([
            Piece(int(s.id or 0), s.label, to_qt(s.start), to_qt(s.end), 0)
            for s in suggestions])
        self._focused = focused
        self.refresh_highlights()

    def set_focused_suggestion(self, sugg_id: int | None) -> None:
        if sugg_id != self._focused:
            self._focused = sugg_id
            self.refresh_highlights()

    def bring_into_view(self, start: int, end: int) -> None:
        """Scroll code points ``[start, end)`` to the middle unless already all on screen."""
        qs, qe = self.offsets.span_to_qt(start, end)
        area = QRectF(self.viewport().rect())
        rects = list(self.range_rects(qs, qe))
        if not rects or not all(area.contains(r) for r in rects):
            self.reveal(start)
            return
        cur = QTextCursor(self.document())
        cur.setPosition(qs)
        self.setTextCursor(cur)

    def set_selected(self, ann_id: int | None) -> None:
        if ann_id != self._selected:
            self._selected = ann_id
            self.refresh_highlights()

    def selection_offsets(self) -> tuple[int, int] | None:
        """The text selection in code points (rounded outward), or None."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return self.offsets.span_from_qt(cur.selectionStart(), cur.selectionEnd())

    def select_offsets(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` as if the user had."""
        cur = QTextCursor(self.document())
        cur.setPosition(self.offsets.to_qt(start))
        cur.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def reveal(self, offset: int) -> None:
        """Scroll so that code point ``offset`` is in the middle of the view."""
        cur = QTextCursor(self.document())
        cur.setPosition(self.offsets.to_qt(offset))
        self.setTextCursor(cur)
        self.centerCursor()

    def clear_selection(self) -> None:
        cur = self.textCursor()
        cur.clearSelection()
        self.setTextCursor(cur)

    def pieces_at(self, offset: int) -> list[Piece]:
        """Spans over code point ``offset``, innermost first."""
        return self._index.at(self.offsets.to_qt(offset))

    # -- zoom ---------------------------------------------------------------------
    def set_point_size(self, size: float) -> None:
        size = max(6.0, min(48.0, size))
        font = self.font()
        if font.pointSizeF() != size:
            font.setPointSizeF(size)
            self.setFont(font)
            self.zoomChanged.emit(size)
            self.refresh_highlights()

    def zoom(self, steps: int) -> None:
        self.set_point_size(self.font().pointSizeF() + steps)

    # -- highlights ---------------------------------------------------------------
    def visible_range(self) -> tuple[int, int]:
        """Qt positions of the text on screen, with some slack on both sides."""
        vp = self.viewport().rect()
        lo = self.cursorForPosition(QPoint(0, 0)).position()
        hi = self.cursorForPosition(QPoint(vp.width(), vp.height())).position()
        return max(0, lo - _SLACK), hi + _SLACK

    def refresh_highlights(self) -> None:
        """Rebuild the extra selections of the spans that meet the visible text."""
        doc = self.document()
        selections = []
        visible = self.visible_range()
        # Suggestions first: an annotation on the same characters is drawn over them.
        for piece in self._suggestions.between(*visible):
            fmt = self._formats.suggestion(self._color(piece), piece.ann_id == self._focused)
            selections.append(self._selection(doc, piece, fmt))
        for piece in self._index.between(*visible):
            fmt = self._formats.get(self._color(piece), piece.layer,
                                    piece.ann_id == self._selected)
            selections.append(self._selection(doc, piece, fmt))
        self.setExtraSelections(selections)

    def _color(self, piece: Piece) -> str:
        return self._colors.get(piece.label, "#888888")

    @staticmethod
    def _selection(doc: QTextDocument, piece: Piece,
                   fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(doc)
        cur.setPosition(piece.start)
        cur.setPosition(piece.end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        sel.format = fmt
        return sel

    def _on_scroll_changed(self, _value: int) -> None:
        self.refresh_highlights()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refresh_highlights()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            self._paint_marks(painter)
        finally:
            painter.end()
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.firstPainted.emit)

    def _paint_marks(self, painter: QPainter) -> None:
        """Dashed outlines round suggestions, thick underlines for lower layers, a frame."""
        visible = self.visible_range()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for piece in self._suggestions.between(*visible):
            focused = piece.ann_id == self._focused
            pen = QPen(QColor(self._color(piece)), 2.4 if focused else 1.3,
                       Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in self.range_rects(piece.start, piece.end):
                painter.drawRoundedRect(rect.adjusted(-2, 1, 2, -1), 4, 4)
        thick = max(3.0, self.fontMetrics().height() / 6)
        for piece in self._index.between(*visible):
            color = QColor(self._colors.get(piece.label, "#888888"))
            if piece.layer > 0:
                for rect in self.range_rects(piece.start, piece.end):
                    painter.fillRect(QRectF(rect.left(), rect.bottom() - thick,
                                            rect.width(), thick), color)
            if piece.ann_id == self._selected:
                dark_base = self.palette().color(self.palette().ColorRole.Base).lightness() < 128
                painter.setPen(QPen(color.lighter(150) if dark_base else color.darker(130), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in self.range_rects(piece.start, piece.end):
                    painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)

    def range_rects(self, start: int, end: int) -> Iterator[QRectF]:
        """Viewport rectangles, one per laid-out line, of Qt positions ``[start, end)``."""
        doc = self.document()
        block = doc.findBlock(start)
        offset = self.contentOffset()
        while block.isValid() and block.position() < end:
            layout = block.layout()
            top_left = self.blockBoundingGeometry(block).translated(offset).topLeft()
            pos = block.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                a = max(start, pos + line.textStart())
                b = min(end, pos + line.textStart() + line.textLength())
                if a >= b:
                    continue
                x1, x2 = line.cursorToX(a - pos)[0], line.cursorToX(b - pos)[0]
                yield QRectF(min(x1, x2), line.y(), abs(x2 - x1),
                             line.height()).translated(top_left)
            block = block.next()

    # -- mouse --------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        pos = self.cursorForPosition(event.position().toPoint()).position()
        hits = [p for p in self._index.at(pos) if self._contains_point(p, event)]
        ids = [p.ann_id for p in hits]
        if not ids:
            self.spanClicked.emit(-1)
            proposed = [p for p in self._suggestions.at(pos) if self._contains_point(p, event)]
            if proposed:
                self.suggestionClicked.emit(proposed[0].ann_id)
        elif self._selected in ids:  # a second click on stacked spans cycles them
            self.spanClicked.emit(ids[(ids.index(self._selected) + 1) % len(ids)])
        else:
            self.spanClicked.emit(ids[0])

    def _contains_point(self, piece: Piece, event: QMouseEvent) -> bool:
        point = event.position()
        return any(r.adjusted(-1, 0, 1, 0).contains(point)
                   for r in self.range_rects(piece.start, piece.end))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event)  # type: ignore[arg-type]
            return True
        return super().event(event)

    def _show_tooltip(self, event: QEvent) -> None:
        point = self.viewport().mapFromGlobal(event.globalPos())  # type: ignore[attr-defined]
        pos = self.cursorForPosition(point).position()
        lines = []
        for piece in self._index.at(pos):
            note = self._notes.get(piece.ann_id, "")
            lines.append(piece.label + (f": {note}" if note else ""))
        for piece in self._suggestions.at(pos):
            sugg = self._suggestion_info[piece.ann_id]
            lines.append(f"Suggested {sugg.label} · rule {sugg.rule} · "
                         f"confidence {sugg.confidence:.2f} (A accept, X reject)")
        if lines:
            QToolTip.showText(event.globalPos(), "\n".join(lines), self)  # type: ignore[attr-defined]
        else:
            QToolTip.hideText()
