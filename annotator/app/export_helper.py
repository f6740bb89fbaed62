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

import logging
import multiprocessing
import os
import shutil
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

    Should the helper die (it could not start, or was killed), this process writes its
    share itself: the export still completes, only slower.
    """
    total = len(pairs)
    helper = _Helper(project, pairs[own:], job, tmp) if own < total else None

    def tick() -> None:
        if progress:
            progress(report.records, total)

    def done(records: int, spans: int) -> None:
        report.records += records
        report.spans += spans
        if helper is not None and not helper.failed:
            helper.collect(report)
        tick()

    try:
        write_part(project, pairs[:own], job, tmp, True, done)
        if helper is not None:
            helper.finish(report, tick)
            if helper.failed:
                log.warning("the export's helper process stopped (exit code %s); "
                            "writing its share here", helper.exitcode)
                write_part(project, pairs[own:], job, tmp, False, done, append=True)
            else:
                with tmp.open("ab") as dst, helper.part.open("rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 23)
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
        self._conn, child = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_work, name="annotator-export", daemon=True,
                                    args=(str(project.path), list(pairs), job, str(self.part),
                                          child))
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

    def stop(self) -> None:
        """End the helper if it still runs, and remove its part."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()
        self.part.unlink(missing_ok=True)


def _work(path: str, pairs: Pairs, job: Job, part: str, conn: Connection) -> None:
    """The helper process: write ``pairs`` to ``part``, reporting each batch."""
    try:
        from annotator.app.projects import open_project

        project = open_project(path)
        try:
            write_part(project, pairs, job, Path(part), False,
                       lambda records, spans: conn.send(("batch", records, spans)))
        finally:
            project.close()
        conn.send(("ok",))
    except Exception as exc:  # reported to the parent, which raises it
        conn.send(("error", str(exc) or type(exc).__name__))
    finally:
        conn.close()
