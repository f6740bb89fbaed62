"""Producing the next items of an iterator in a background thread while the caller works.

Owns: the thread, its bounded queue, passing its exception on, and stopping it when the
caller stops early (an error, or a cancel from a progress callback); how many cores this
process may use (imports and exports share their work only when there are two).
Must not import: Qt.

A thread helps only when the caller's work runs without Python's GIL for long stretches,
as SQLite's single-statement batch writes do (``annotator.store.bulk``).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()
_POLL = 0.05


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Yield the items of ``items`` in order; a thread computes up to ``depth`` ahead.

    An exception raised by ``items`` is raised here, after the items before it. When the
    caller stops early, the thread stops at its next item and is waited for.
    """
    buffer: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if not _put(buffer, item, stop):
                    return
            _put(buffer, _END, stop)
        except BaseException as exc:  # passed to the caller's thread, which raises it
            _put(buffer, _Failed(exc), stop)

    thread = threading.Thread(target=produce, name="annotator-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = buffer.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
        close = getattr(items, "close", None)
        if close is not None:
            close()


def _put(buffer: queue.Queue[object], item: object, stop: threading.Event) -> bool:
    """Put ``item`` unless the consumer has stopped; ``False`` when it has."""
    while not stop.is_set():
        try:
            buffer.put(item, timeout=_POLL)
            return True
        except queue.Full:
            continue
    return False


def usable_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
