"""Two coders' spans side by side on the same text, and the report's background worker.

Owns: ``SideBySide`` (two read-only ``DocumentView``s, coder A left and coder B right,
label-coloured highlights, scrolling together, the disagreement in hand outlined in both)
and ``ReportWorker`` / ``ReportRun`` (computing the agreement report in a ``QThread`` from
plain values — it never touches a widget, the session or the project file).
Must not import: annotator.store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from annotator.core.model import Annotation, Codebook
from annotator.gui.document_view import DocumentView
from annotator.gui.offsets import OffsetMap

Span = tuple[int, int, str]
_GAP = 6  # pixels between the two sides (7 when the width is odd)


class SideBySide(QWidget):
    """Coder A's and coder B's spans on the same text, scroll-synchronised."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AgreementSideBySide")
        self.left = DocumentView(self)
        self.right = DocumentView(self)
        self.left.setObjectName("AgreementViewA")
        self.right.setObjectName("AgreementViewB")
        self.left_title = QLabel(self, objectName="AgreementTitleA")
        self.right_title = QLabel(self, objectName="AgreementTitleB")
        self._anns: dict[DocumentView, list[Annotation]] = {self.left: [], self.right: []}
        self._syncing = False
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(_GAP)
        layout.addWidget(self.left_title, 0, 0)
        layout.addWidget(self.right_title, 0, 1)
        layout.addWidget(self.left, 1, 0)
        layout.addWidget(self.right, 1, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        for title in (self.left_title, self.right_title):
            title.setMinimumWidth(1)  # a long name must not widen one side
        for view in (self.left, self.right):
            view.set_point_size(11.0)
        self.left.verticalScrollBar().valueChanged.connect(
            lambda _v: self._follow(self.left, self.right))
        self.right.verticalScrollBar().valueChanged.connect(
            lambda _v: self._follow(self.right, self.left))

    def _follow(self, source: DocumentView, target: DocumentView) -> None:
        """Scroll ``target`` so that the text at the top of ``source`` is at its top too."""
        if self._syncing:
            return
        self._syncing = True
        try:
            scroll_to(target, top_position(source))
        finally:
            self._syncing = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Give both sides exactly the same width, so that their lines break alike."""
        layout = self.layout()
        assert isinstance(layout, QGridLayout)
        layout.setHorizontalSpacing(_GAP + (event.size().width() - _GAP) % 2)
        super().resizeEvent(event)

    def set_coders(self, a: str, b: str) -> None:
        self._names = (a, b)
        self._update_titles()

    def _update_titles(self) -> None:
        a, b = getattr(self, "_names", ("A", "B"))
        self.left_title.setText(f"<b>A: {a}</b> · {len(self._anns[self.left])} spans")
        self.right_title.setText(f"<b>B: {b}</b> · {len(self._anns[self.right])} spans")

    def clear(self) -> None:
        for view in (self.left, self.right):
            view.set_document("")
            self._anns[view] = []
        self._update_titles()

    def show_document(self, text: str, a: Sequence[Annotation], b: Sequence[Annotation],
                      codebook: Codebook) -> None:
        """Show ``text`` twice with each coder's annotations in the label colours."""
        offsets = OffsetMap(text)
        for view, anns in ((self.left, a), (self.right, b)):
            view.set_document(text, offsets)
            view.set_annotations(anns, codebook)
            self._anns[view] = list(anns)
        self._update_titles()

    def annotation_of(self, side: str, span: Span | None) -> Annotation | None:
        """Coder ``side``'s ("a" or "b") annotation with exactly these offsets and label."""
        if span is None:
            return None
        view = self.left if side == "a" else self.right
        return next((x for x in self._anns[view]
                     if (x.start, x.end, x.label) == tuple(span)), None)

    def focus_disagreement(self, a: Span | None, b: Span | None) -> None:
        """Outline the two spans of a disagreement and bring them into view."""
        for side, view, span in (("a", self.left, a), ("b", self.right, b)):
            ann = self.annotation_of(side, span)
            view.set_selected(ann.id if ann else None)
        first = min((s[0] for s in (a, b) if s is not None), default=None)
        if first is not None:
            self.left.reveal(first)
            self._follow(self.left, self.right)


def top_position(view: DocumentView) -> int:
    """The Qt position where the first line on screen (at least half of it) starts."""
    block, offset = view.firstVisibleBlock(), view.contentOffset()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if top + line.y() + line.height() / 2 >= 0:
                return block.position() + line.textStart()
        block = block.next()
    return max(0, view.document().characterCount() - 1)


def line_start(view: DocumentView, position: int) -> tuple[int, int]:
    """The scroll value and the Qt position of the laid-out line holding ``position``.

    A plain-text view counts lines of blocks it has not laid out yet as one, so the value
    is only right near blocks already laid out: :func:`scroll_to` checks and retries.
    """
    block = view.document().findBlock(position)
    if not block.isValid():
        return view.verticalScrollBar().maximum(), position
    line = block.layout().lineForTextPosition(position - block.position())
    if not line.isValid():
        return block.firstLineNumber(), block.position()
    return block.firstLineNumber() + line.lineNumber(), block.position() + line.textStart()


def scroll_to(view: DocumentView, position: int) -> None:
    """Scroll so that the line holding Qt ``position`` is the first line on screen."""
    bar = view.verticalScrollBar()
    for _ in range(6):  # each try lays out the blocks it lands on
        value, start = line_start(view, position)
        bar.setValue(value)
        if top_position(view) == start or bar.value() != value:
            return


class ReportWorker(QObject):
    """Calls ``compute()`` (pure work on plain values) in whatever thread it was moved to."""

    done = Signal(object, str)  # the result (or None), the error ("" when it worked)

    def __init__(self, compute: Callable[[], Any]) -> None:
        super().__init__()
        self.compute = compute

    @Slot()
    def run(self) -> None:
        try:
            result, error = self.compute(), ""
        except Exception as exc:  # any failure is shown, not raised in the thread
            result, error = None, str(exc) or type(exc).__name__
        self.done.emit(result, error)


class ReportRun(QObject):
    """One background computation: the thread, the worker, the result on the GUI thread."""

    finished = Signal(object, str)  # result, error

    def __init__(self, compute: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = ReportWorker(compute)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.done.connect(self._on_worker_done)
        self.stopped = False

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Wait for the thread and drop its result (the view closed or asked again)."""
        self.stopped = True
        self.thread.quit()
        self.thread.wait()

    @Slot(object, str)
    def _on_worker_done(self, result: Any, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        if not self.stopped:
            self.finished.emit(result, error)
