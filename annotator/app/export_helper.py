"""Sharing a big export with a helper process, so that a second core works too.

Owns: deciding whether to split an export, running the helper process (``spawn``: the
same on every OS, and safe when the window has threads), relaying its progress,
appending its part to the file, and stopping it on cancel or error so that nothing is
left behind.
Must not import: Qt.

The records are split in two runs: this process writes the first, the helper the rest
into a file next to the temporary export file, which is appended when both are done.
Both cache the tokens they compute (SQLite's WAL lets them take turns).
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
from annotator.core.errors import AnnotatorError
from annotator.core.model import Status
from annotator.store import Project

log = logging.getLogger(__name__)

MIN_RECORDS = 2000
"""Smaller exports stay in one process: starting the helper costs a few tenths of a second."""
_KERNEL_COPY = hasattr(os, "copy_file_range")  # Linux; elsewhere through a buffer
_OWN_SHARE = 0.55  # this process is already running; the helper starts Python first

Pairs = Sequence[tuple[str, str, Status | None]]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def split_point(project: Project, records: int, parallel: bool | None) -> int:
    """How many of ``records`` this process writes; a helper process writes the rest.

    ``parallel`` ``None`` decides by size and cores; ``True`` splits whatever the size
    (for tests), ``False`` never. In-memory projects cannot be shared with a process.
    """
    if project.path is None or records < 2 or parallel is False:
        return records
    if parallel is None and (records < MIN_RECORDS or _cores() < 2):
        return records
    return max(1, int(records * _OWN_SHARE))


def run_split(project: Project, pairs: Pairs, own: int, job: Job, tmp: Path,
              report: ExportReport, progress: Progress | None) -> None:
    """Write ``pairs[:own]`` here and the rest in a helper, all into ``tmp`` in order.

    Once its own share is written, this process appends the helper's lines to ``tmp``
    while the helper still writes them, batch by batch. Should the helper die (it could
    not start, or was killed), this process writes its share itself: the export still
    completes, only slower.
    """
    total = len(pairs)
    helper = _Helper(project, pairs[own:], job, tmp) if own < total else None

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
        write_part(project, pairs[:own], job, tmp, True, done)
        if helper is not None:
            dst = os.open(tmp, os.O_WRONLY)
            try:
                mine = os.lseek(dst, 0, os.SEEK_END)
                helper.finish(report, tick, dst)
                if helper.failed:
                    os.ftruncate(dst, mine)  # what was appended of the helper's lines
            finally:
                os.close(dst)
            if helper.failed:
                log.warning("the export's helper process stopped (exit code %s); "
                            "writing its share here", helper.exitcode)
                write_part(project, pairs[own:], job, tmp, False, done, append=True)
    finally:
        if helper is not None:
            helper.stop()


class _Helper:
    """One helper process writing its share of an export to ``part``."""

    def __init__(self, project: Project, pairs: Pairs, job: Job, tmp: Path) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.part = tmp.with_name(tmp.name + ".2")
        self.failed = False
        self._done = False
        self._counted = [0, 0]  # records and spans it reported
        self._written = 0  # bytes of ``part`` that hold whole batches
        self._copied = 0  # bytes of ``part`` appended to the export file
        # The pairs go through a file: arguments of more than a pipe's buffer (64 KB)
        # would stall this process until the helper has started Python and read them.
        self.pairs = tmp.with_name(tmp.name + ".pairs")
        self.pairs.write_text(json.dumps([[d, a, s.value if s is not None else None]
                                          for d, a, s in pairs]), encoding="utf-8")
        self._conn, child = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_work, name="annotator-export", daemon=True,
                                    args=(str(project.path), str(self.pairs), job,
                                          str(self.part), child))
        self._process.start()
        child.close()

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
                self._written = message[3]
            elif message[0] == "ok":
                self._done = True
            else:
                raise AnnotatorError(f"export failed: {message[1]}")
            wait = 0.0

    def finish(self, report: ExportReport, tick: Callable[[], None], dst: int) -> None:
        """Wait for the helper, appending its lines to ``dst`` (a descriptor at its end).

        Whole batches are appended as they arrive; ``tick`` relays the progress and may
        raise to cancel.
        """
        src = -1
        try:
            while not (self._done or self.failed):
                self.collect(report, 0.0 if self._copied < self._written else 0.1)
                if self._copied < self._written:
                    if src < 0:
                        src = os.open(self.part, os.O_RDONLY)
                    self._copy(src, dst, self._written)
                tick()
            self._process.join()
            if self._done and self.part.exists():
                if src < 0:
                    src = os.open(self.part, os.O_RDONLY)
                self._copy(src, dst, os.fstat(src).st_size)
        finally:
            if src >= 0:
                os.close(src)

    def _copy(self, src: int, dst: int, end: int) -> None:
        """Append ``part`` from where the last copy stopped up to byte ``end``."""
        while self._copied < end:
            count = _copy_range(src, dst, self._copied, end - self._copied)
            if count <= 0:
                raise AnnotatorError(f"export failed: {self.part} ended early")
            self._copied += count

    def stop(self) -> None:
        """End the helper if it still runs, and remove its files."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()
        self.part.unlink(missing_ok=True)
        self.pairs.unlink(missing_ok=True)


def _work(path: str, pairs_file: str, job: Job, part: str, conn: Connection) -> None:
    """The helper process: write the pairs listed in ``pairs_file`` to ``part``.

    It reports each batch: records, spans, and the bytes of ``part`` written so far.
    """
    try:
        from annotator.app.projects import open_project

        status = {s.value: s for s in Status}
        pairs = [(d, a, status[s] if s is not None else None) for d, a, s in
                 json.loads(Path(pairs_file).read_text(encoding="utf-8"))]
        project = open_project(path)
        try:
            write_part(project, pairs, job, Path(part), False,
                       lambda records, spans, size: conn.send(("batch", records, spans, size)))
        finally:
            project.close()
        conn.send(("ok",))
    except Exception as exc:  # reported to the parent, which raises it
        conn.send(("error", str(exc) or type(exc).__name__))
    finally:
        conn.close()


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
    data = os.pread(src, count, offset)
    view, left = memoryview(data), len(data)
    while left:
        left -= os.write(dst, view[len(data) - left:])
    return len(data)
