"""Exporting annotations to files, never leaving half a file behind.

Owns: choosing what to export (coders, gold, labels, status), providing cached tokens,
and writing through a temporary file that replaces the target only when complete.
Must not import: Qt.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, Document, Status, Tokens
from annotator.io.records import ExportRecord
from annotator.store import Project

FORMATS = ("jsonl", "csv", "spacy", "brat")
_BATCH = 500

Progress = Callable[[int, int], None]
"""Called with (records written, records in all); may raise to cancel."""


@dataclass
class ExportReport:
    """What an export wrote."""

    records: int = 0
    spans: int = 0
    path: str = ""

    def summary(self) -> str:
        """One line for the terminal or the status bar."""
        return f"wrote {self.records} records with {self.spans} spans to {self.path}"


@dataclass(frozen=True)
class Job:
    """What every part of one export shares (a helper process gets a copy)."""

    fmt: str
    labels: tuple[str, ...]
    codebook_name: str
    codebook_version: str
    timestamp: int


def export(project: Project, out: str | Path, fmt: str, *,
           annotators: Sequence[str] = (), gold: bool = False, labels: Sequence[str] = (),
           status: str = "any", progress: Progress | None = None,
           parallel: bool | None = None) -> ExportReport:
    """Write the selected annotations to ``out`` in format ``fmt``.

    ``annotators`` empty means every coder except the gold layer; ``gold`` adds the gold
    layer (alone, when no coder is named). ``status`` is ``done`` or ``any``. Big JSONL
    and CSV exports of a project file share the work with a helper process when the
    machine has a second core (``parallel`` forces that on or off).
    """
    if fmt not in FORMATS:
        raise AnnotatorError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if status not in ("done", "any"):
        raise AnnotatorError(f"--status must be done or any, not {status!r}")
    who = list(annotators) + ([GOLD] if gold else [])
    pairs = project.export_pairs(who or None, done_only=status == "done")
    if not who:
        pairs = [p for p in pairs if p[1] != GOLD]
    codebook = project.codebook()
    job = Job(fmt, tuple(labels), codebook.name, codebook.version, int(time.time()))
    report = ExportReport(path=str(out))
    out = Path(out)
    if fmt in ("brat", "spacy"):
        counted = _counting(project, pairs, job, report, progress)
        if fmt == "brat":
            with _atomic_dir(out) as tmp:
                from annotator.io.brat import write_brat

                write_brat(counted, tmp)
        else:
            with atomic_file(out) as tmp:
                from annotator.nlp.docbin import write_docbin

                write_docbin(((r.document, r.annotations, r.tokens, r.annotator, r.status)
                              for r in counted), tmp)
        return report
    from annotator.app.export_helper import run_split, split_point

    own = split_point(project, len(pairs), parallel)
    with atomic_file(out) as tmp:
        run_split(project, pairs, own, job, tmp, report, progress)
    return report


def records(project: Project, pairs: Sequence[tuple[str, str, Status | None]], job: Job
            ) -> Iterator[list[ExportRecord]]:
    """The export records of ``pairs``, in batches (tokens computed and cached as needed)."""
    for i in range(0, len(pairs), _BATCH):
        batch = pairs[i:i + _BATCH]
        ids = list(dict.fromkeys(p[0] for p in batch))
        docs = project.documents_by_id(ids)
        tokens = ensure_tokens(project, [docs[d] for d in ids])
        spans = project.span_rows_of(ids, job.labels or None)
        yield [ExportRecord(docs[doc_id], coder, st, spans.get((doc_id, coder), []),
                            tokens[doc_id], job.codebook_name, job.codebook_version,
                            job.timestamp) for doc_id, coder, st in batch]


def write_part(project: Project, pairs: Sequence[tuple[str, str, Status | None]], job: Job,
               path: Path, header: bool, done: Callable[[int, int, int], None],
               append: bool = False) -> None:
    """Write (or ``append``) the JSONL or CSV lines of ``pairs`` to ``path``.

    ``done(records, spans, size)`` is called after every batch, once its lines are
    flushed to ``path``, whose size in bytes is then ``size``; it may raise to stop.
    """
    from annotator.io.jsonl_writer import JsonlWriter
    from annotator.io.writers import CsvWriter

    if job.fmt == "csv":
        with path.open("a" if append else "w", encoding="utf-8", newline="") as fh:
            csv_out = CsvWriter(fh, header)
            for batch in records(project, pairs, job):
                for rec in batch:
                    csv_out.write(rec)
                fh.flush()
                done(len(batch), sum(len(r.annotations) for r in batch), fh.tell())
        return
    writer = JsonlWriter()
    with path.open("ab" if append else "wb") as fh:
        for batch in records(project, pairs, job):
            for rec in batch:
                fh.write(writer.line(rec))
            fh.flush()
            done(len(batch), sum(len(r.annotations) for r in batch), fh.tell())


def _counting(project: Project, pairs: Sequence[tuple[str, str, Status | None]], job: Job,
              report: ExportReport, progress: Progress | None) -> Iterator[ExportRecord]:
    for batch in records(project, pairs, job):
        yield from batch
        report.records += len(batch)
        report.spans += sum(len(r.annotations) for r in batch)
        if progress:
            progress(report.records, len(pairs))


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """A temporary file next to ``out`` that replaces it only when the block succeeds.

    The finished file gets the usual permissions (``0o666`` less the umask), not the
    owner-only mode of a temporary file.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it, so set it back at once
    os.umask(mask)
    return mask


@contextmanager
def _atomic_dir(out: Path) -> Iterator[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    try:
        yield tmp
        out.mkdir(exist_ok=True)
        for item in tmp.iterdir():
            os.replace(item, out / item.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_tokens(project: Project, docs: Sequence[Document]) -> dict[str, Tokens]:
    """Tokens of ``docs``: from the project's cache, computing and caching what is missing."""
    from annotator.nlp.tokenizer import tokenize_many, tokenizer_id

    tid = tokenizer_id()
    found = project.cached_tokens([d.id for d in docs], tid)
    missing = [d for d in docs if d.id not in found]
    if missing:
        fresh = list(zip([d.id for d in missing], tokenize_many(d.text for d in missing)))
        with project.atomic():
            project.cache_tokens(fresh, tid)
        found.update(fresh)
    return found
