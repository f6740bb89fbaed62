"""``ActivityTracker``: how long a coder actively works on each document.

Owns: the idle rule (time counts only while the window is active and there was input in
the last ``IDLE_AFTER`` seconds) and flushing the counted seconds through a callback when
the document changes, every minute, and on close.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

IDLE_AFTER = 60.0
TICK_MS = 5_000
FLUSH_EVERY = 60.0
_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})


class ActivityTracker(QObject):
    """Counts active seconds per document and hands them to ``record(doc_id, seconds)``."""

    def __init__(self, record: Callable[[str, float], None], is_active: Callable[[], bool],
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._record, self._is_active, self._clock = record, is_active, clock
        self.doc_id: str | None = None
        self.pending = 0.0
        now = clock()
        self._last_input = now
        self._last_tick = now
        self._last_flush = now
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.note_input()
        return False

    def note_input(self) -> None:
        now = self._clock()
        self._count_until(now)
        self._last_input = now

    def tick(self) -> None:
        now = self._clock()
        self._count_until(now)
        if now - self._last_flush >= FLUSH_EVERY:
            self.flush()

    def _count_until(self, now: float) -> None:
        """Credit the part of (last tick, now] that lies within the idle limit."""
        if self.doc_id is not None and self._is_active():
            active_until = min(now, self._last_input + IDLE_AFTER)
            self.pending += max(0.0, active_until - self._last_tick)
        self._last_tick = now

    def switch_to(self, doc_id: str | None) -> None:
        """Flush the time of the previous document and start counting for ``doc_id``."""
        self.tick()
        self.flush()
        self.doc_id = doc_id

    def flush(self) -> None:
        self._last_flush = self._clock()
        if self.doc_id is not None and self.pending > 0:
            seconds, self.pending = self.pending, 0.0
            self._record(self.doc_id, seconds)
