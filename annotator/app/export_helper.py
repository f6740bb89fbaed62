"""Sharing a big export with a helper process, so that a second core works too.

Owns: deciding whether to split an export, running the helper process (``spawn``: the
same on every OS, and safe when the window has threads), relaying its progress,
appending its part to the file, and stopping it on cancel or error so that nothing is
left behind.
Must not import: Qt.

The records are cut into equal shares. This process takes them from the front (the
first one from the start), the helper from the back (the last one from the start), one
at a time, until they meet:
whichever runs faster (the helper starts Python first; the machine may be busy) takes
more. The helper writes its shares into a file next to the temporary export file; they
are appended in order when both are done. Both cache the tokens they compute (SQLite's
WAL lets them take turns).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from annotator.app.exporting import ExportReport, Job, Progress, write_part
from annotator.app.read_ahead import usable_cores
from annotator.core.errors import AnnotatorError
from annotator.core.model import Status
from annotator.store import Project

log = logging.getLogger(__name__)

MIN_RECORDS = 2000
"""Smaller exports stay in one process: starting the helper costs a few tenths of a second."""
_KERNEL_COPY = hasattr(os, "copy_file_range")  # Linux; elsewhere through a buffer
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends
_SHARE = 250  # records; a share takes the two processes about a tenth of a second
_SHARES = 8  # smaller exports (tests) are cut into about this many shares
_LOCK_WAIT = 0.5  # seconds; then check that the other process still lives

Pairs = Sequence[tuple[str, str, Status | None]]


def split_point(project: Project, records: int, parallel: bool | None) -> int:
    """How many records go in a share; ``records`` means that this process writes all.

    ``parallel`` ``None`` decides by size and cores; ``True`` splits whatever the size
    (for tests), ``False`` never. In-memory projects cannot be shared with a process.
    """
    if project.path is None or records < 2 or parallel is False:
        return records
    if parallel is None and (records < MIN_RECORDS or usable_cores() < 2):
        return records
    return max(1, min(_SHARE, records // _SHARES))


def run_split(project: Project, pairs: Pairs, share: int, job: Job, tmp: Path,
              report: ExportReport, progress: Progress | None) -> None:
    """Write ``pairs`` into ``tmp`` in order, in shares of ``share`` records.

    The helper takes shares from the back while this process takes them from the front.
    Should the helper die (it could not start, or was killed), this process writes its
    shares itself: the export still completes, only slower.
    """
    total = len(pairs)
    helper = _Helper(project, pairs, share, job, tmp) if share < total else None

    def tick() -> None:
        if progress:
            progress(report.records, total)

    def done(records: int, spans: int, _size: int = 0) -> None:
        report.records += records
        report.spans += spans
        if helper is not None and not helper.failed:
            helper.collect(report)
        tick()

    try:
        if helper is None:
            write_part(project, pairs, job, tmp, True, done)
            return
        at: int | None = 0  # the first share is this process's from the start
        while at is not None:
            write_part(project, pairs[at * share:(at + 1) * share], job, tmp, at == 0, done,
                       append=at > 0)
            at = helper.claim()
        helper.finish(report, tick)
        if helper.failed:
            log.warning("the export's helper process stopped (exit code %s); "
                        "writing its share here", helper.exitcode)
            write_part(project, pairs[helper.first * share:], job, tmp, False, done,
                       append=True)
        else:
            helper.append_to(tmp)
    finally:
        if helper is not None:
            helper.stop()


class _Helper:
    """One helper process writing its share of an export to ``part``."""

    def __init__(self, project: Project, pairs: Pairs, share: int, job: Job, tmp: Path
                 ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.part = tmp.with_name(tmp.name + ".2")
        self.failed = False
        self._done = False
        self._counted = [0, 0]  # records and spans it reported
        self._ends: dict[int, int] = {}  # share → where it ends in ``part``, in writing order
        # The next share from the front, and the first share the helper took (the end).
        self._shares = -(-len(pairs) // share)
        self._next = ctx.Array("q", [1, self._shares - 1])  # the last share is the helper's
        # The pairs go through a file: arguments of more than a pipe's buffer (64 KB)
        # would stall this process until the helper has started Python and read them.
        self.pairs = tmp.with_name(tmp.name + ".pairs")
        self.pairs.write_text(json.dumps([[d, a, s.value if s is not None else None]
                                          for d, a, s in pairs]), encoding="utf-8")
        self._conn, child = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_work, name="annotator-export", daemon=True,
                                    args=(str(project.path), str(self.pairs), share,
                                          self._next, job, str(self.part), child))
        self._process.start()
        child.close()

    def claim(self) -> int | None:
        """The next share from the front for this process; ``None`` once they meet."""
        lock = self._next.get_lock()
        if not _acquire(lock, self._process.is_alive):
            return self._take()  # it died holding the lock: no one else takes shares
        try:
            return self._take()
        finally:
            lock.release()

    def _take(self) -> int | None:
        shares = self._next.get_obj()  # without taking the lock again
        at, end = shares[0], shares[1]
        if at >= end:
            return None
        shares[0] = at + 1
        return at

    @property
    def first(self) -> int:
        """The first of the shares the helper took, once ``claim`` has returned ``None``.

        Read without the lock: by then the helper takes no more, and one that died
        holding the lock must not stop this process from writing its shares.
        """
        return int(self._next.get_obj()[1])

    @property
    def exitcode(self) -> int | None:
        """The helper's exit status once it has ended."""
        return self._process.exitcode

    def collect(self, report: ExportReport, wait: float = 0.0) -> None:
        """Add what the helper reported to ``report``; raise if it reported an error.

        A helper that died without a word is marked ``failed`` and what it reported is
        taken back out of ``report``.
        """
        while not (self._done or self.failed):
            try:
                if not self._conn.poll(wait):
                    if self._process.is_alive():
                        return
                    if not self._conn.poll():  # ended, and nothing left to read
                        raise EOFError
                message: tuple[Any, ...] = self._conn.recv()
            except (EOFError, OSError):
                self._process.join()
                self.failed = True
                report.records -= self._counted[0]
                report.spans -= self._counted[1]
                return
            if message[0] == "batch":
                self._counted[0] += message[1]
                self._counted[1] += message[2]
                report.records += message[1]
                report.spans += message[2]
            elif message[0] == "share":
                self._ends[message[1]] = message[2]
            elif message[0] == "ok":
                self._done = True
            else:
                raise AnnotatorError(f"export failed: {message[1]}")
            wait = 0.0

    def finish(self, report: ExportReport, tick: Callable[[], None]) -> None:
        """Wait for the helper, relaying its progress (``tick`` may raise to cancel)."""
        while not (self._done or self.failed):
            self.collect(report, 0.1)
            tick()
        self._process.join()

    def append_to(self, tmp: Path) -> None:
        """Append the helper's shares to ``tmp``, in the order of the records."""
        if sorted(self._ends) != list(range(self.first, self._shares)):
            raise AnnotatorError("export failed: the helper's part is incomplete")
        if not self._ends:
            return  # this process was quicker: the helper took no share
        starts = dict(zip(self._ends, [0, *self._ends.values()], strict=False))
        src = os.open(self.part, os.O_RDONLY | _BINARY)
        dst = os.open(tmp, os.O_WRONLY | _BINARY)
        try:
            os.lseek(dst, 0, os.SEEK_END)
            for at in sorted(self._ends):
                offset, end = starts[at], self._ends[at]
                while offset < end:
                    count = _copy_range(src, dst, offset, end - offset)
                    if count <= 0:
                        raise AnnotatorError(f"export failed: {self.part} ended early")
                    offset += count
        finally:
            os.close(src)
            os.close(dst)

    def stop(self) -> None:
        """End the helper if it still runs, and remove its files."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()
        self.part.unlink(missing_ok=True)
        self.pairs.unlink(missing_ok=True)


def _work(path: str, pairs_file: str, share: int, shares: Any, job: Job, part: str,
          conn: Connection) -> None:
    """The helper process: write shares of the pairs listed in ``pairs_file`` to ``part``.

    ``shares`` holds the next share from the front and the last one the helper took;
    it writes that one first, then takes more from the back. It reports each batch
    (records and spans) and each share (where it ends in ``part``).
    """
    try:
        from annotator.app.projects import open_project

        status = {s.value: s for s in Status}
        pairs = [(d, a, status[s] if s is not None else None) for d, a, s in
                 json.loads(Path(pairs_file).read_text(encoding="utf-8"))]
        project = open_project(path)
        size = [0]

        def done(records: int, spans: int, written: int) -> None:
            size[0] = written
            conn.send(("batch", records, spans))

        try:
            at: int | None = shares[1]  # the last share is the helper's from the start
            while at is not None:
                write_part(project, pairs[at * share:(at + 1) * share], job, Path(part),
                           False, done, append=True)
                conn.send(("share", at, size[0]))
                at = _next_from_back(shares)
        finally:
            project.close()
        conn.send(("ok",))
    except Exception as exc:  # reported to the parent, which raises it
        conn.send(("error", str(exc) or type(exc).__name__))
    finally:
        conn.close()


def _next_from_back(shares: Any) -> int | None:
    """The helper's next share; ``None`` once the two meet (or the export's process died)."""
    lock = shares.get_lock()
    parent = multiprocessing.parent_process()
    if not _acquire(lock, parent.is_alive if parent else lambda: True):
        return None  # it died holding the lock: there is no one left to write for
    try:
        if shares[0] >= shares[1]:
            return None
        shares[1] -= 1
        return int(shares[1])
    finally:
        lock.release()


def _acquire(lock: Any, other_alive: Callable[[], bool]) -> bool:
    """Take ``lock``; ``False`` (not taken) once the other process has died holding it."""
    while not lock.acquire(timeout=_LOCK_WAIT):
        if not other_alive():
            return False
    return True


def _copy_range(src: int, dst: int, offset: int, count: int) -> int:
    """Append up to ``count`` bytes of ``src`` from ``offset`` to ``dst``; how many it did.

    In the kernel where it can (``copy_file_range``), else through a buffer.
    """
    count = min(count, 1 << 26)
    if _KERNEL_COPY:
        try:
            return os.copy_file_range(src, dst, count, offset)
        except OSError:
            pass  # another file system or an older kernel: copy through a buffer
    os.lseek(src, offset, os.SEEK_SET)  # not os.pread: Windows has none
    data = os.read(src, count)
    view, left = memoryview(data), len(data)
    while left:
        left -= os.write(dst, view[len(data) - left:])
    return len(data)
