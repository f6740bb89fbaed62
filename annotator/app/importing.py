"""Importing documents and annotations into a project, all or nothing.

Owns: turning records read by ``annotator.io`` into rows, checking them against the
project (labels, annotators, texts), and the one transaction an import is.
Must not import: Qt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.app.read_ahead import read_ahead, usable_cores
from annotator.core.errors import InputError
from annotator.core.model import Codebook, Document, Label, Origin, content_hash
from annotator.io.common import SpanRows, SpanTuple, span_rows
from annotator.io.readers import read
from annotator.io.records import ImportRecord
from annotator.store import Project, bulk, raw_annotation_row

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
PALETTE = ("#e69f00", "#0072b2", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442",
           "#000000")
_BATCH = 2000
_FIRST_BATCH = 200
"""A small first batch: SQLite starts writing sooner."""
_BATCH_CHARS = 16_000_000
_ORIGINS = frozenset(o.value for o in Origin)

Progress = Callable[[int], None]
"""Called with the number of records read so far."""


@dataclass
class ImportReport:
    """What an import did."""

    records: int = 0
    documents_new: int = 0
    annotations_new: int = 0
    annotations_seen: int = 0
    annotators: set[str] = field(default_factory=set)
    labels_added: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the terminal or the status bar."""
        text = (f"{self.records} records: {self.documents_new} new documents, "
                f"{self.annotations_new} new annotations")
        dup = self.annotations_seen - self.annotations_new
        if dup:
            text += f" ({dup} already present)"
        if self.labels_added:
            text += f"; labels added: {', '.join(self.labels_added)}"
        return text


def import_paths(project: Project, paths: Sequence[str | Path], *, fmt: str = "auto",
                 text_field: str = "text", annotator: str | None = None,
                 add_labels: bool = False, progress: Progress | None = None) -> ImportReport:
    """Import files or folders into ``project`` in one transaction.

    With two or more cores (and SQLite 3.38 or later), reading and checking the records
    runs in a background thread ahead of this thread, which writes each batch to SQLite
    in a few statements that release the GIL (``annotator.store.bulk``, ADR 0004).

    Raises:
        InputError: naming file, line and reason; the project is then unchanged.
    """
    report = ImportReport()
    codebook = project.codebook()
    records = (rec for path in paths for rec in read(Path(path), fmt, text_field))
    parallel = usable_cores() > 1 and project.packing_supported()
    batcher = _Batcher(codebook, annotator, add_labels, packed=parallel)
    batches = batcher.batches(records)
    stream = read_ahead(batches) if parallel else batches
    with project.bulk_atomic(), closing(stream):
        for batch in stream:
            _write(project, batch, report)
            if progress:
                progress(report.records)
        if batcher.new_labels:
            project.save_codebook(_extend(codebook, batcher.new_labels))
            report.labels_added = list(batcher.new_labels)
        project.log_event(annotator or "", "import", None, {
            "files": [str(p) for p in paths], "records": report.records,
            "documents_new": report.documents_new,
            "annotations_new": report.annotations_new})
    return report


@dataclass
class _Batch:
    """Checked rows of consecutive records; :meth:`seal` makes the statements to run."""

    records: int
    """Records read so far, this batch's included."""
    size: int
    """Documents at which the batch is full."""
    version: str
    now: int
    docs: list[Document] = field(default_factory=list)
    chars: int = 0
    rows: list[tuple[object, ...]] = field(default_factory=list)
    plain: bulk.PlainSpans = field(init=False)
    """Imported spans without rule, attributes or note (most of a big import)."""
    status: list[tuple[str, str, str]] = field(default_factory=list)
    annotators: list[str] = field(default_factory=list)
    """Annotators first met in this batch."""
    claims: list[tuple[str, ImportRecord]] = field(default_factory=list)
    """Records whose ``meta.doc_id`` differs from their content hash."""
    spans_seen: int = 0
    statements: tuple[list[bulk.Statement], ...] = ()

    def __post_init__(self) -> None:
        self.plain = bulk.PlainSpans(self.version, self.now)

    def full(self) -> bool:
        return (len(self.docs) >= self.size or len(self.rows) + len(self.plain) >= 10 * _BATCH
                or self.chars >= _BATCH_CHARS)

    def seal(self, packed: bool) -> _Batch:
        """Prepare the statements (in the reading thread: that work then overlaps too)."""
        self.statements = (bulk.documents(self.docs, self.now, packed),
                           bulk.annotations(self.rows, packed),
                           self.plain.statements(packed),
                           bulk.status(self.status, self.now, packed))
        if not self.claims:
            self.docs = []
        return self


def _write(project: Project, batch: _Batch, report: ImportReport) -> None:
    """Write one batch (in the caller's transaction) and count it in ``report``."""
    for who in batch.annotators:
        project.ensure_annotator(who)
        report.annotators.add(who)
    if batch.claims:
        _check_claims(project, batch)
    docs, rows, plain, status = batch.statements
    report.documents_new += project.run_bulk(docs)
    report.annotations_new += project.run_bulk(rows) + project.run_bulk(plain)
    project.run_bulk(status)
    report.records = batch.records
    report.annotations_seen += batch.spans_seen


def _check_claims(project: Project, batch: _Batch) -> None:
    in_batch = {doc.id: doc.text for doc in batch.docs}
    for claimed, rec in batch.claims:
        stored = in_batch.get(claimed)
        if stored is None:
            stored = project.existing_text(claimed)
        if stored is not None and stored != rec.text:
            raise InputError(rec.source, f"the text differs from the project's document "
                             f"{claimed} (edited after export?)", line=rec.line)


class _Batcher:
    """Reads records into checked batches; touches no database (it runs in a thread)."""

    def __init__(self, codebook: Codebook, annotator: str | None, add_labels: bool,
                 packed: bool) -> None:
        self.codebook, self.annotator, self.add_labels = codebook, annotator, add_labels
        self.packed = packed
        """Statements SQLite runs without the GIL (see :mod:`annotator.store.bulk`)."""
        self.known = set(codebook.label_names)
        self.new_labels: list[str] = []
        self.annotators: set[str] = set()
        self.now = int(time.time())

    def batches(self, records: Iterable[ImportRecord]) -> Iterator[_Batch]:
        """Batches of ``records`` in order.

        On an error, the batch of the records before it comes first: the writer checks
        those against the project, so the first error in the files is the one reported.
        """
        batch = self._new(0, _FIRST_BATCH)
        try:
            for rec in records:
                self._add(rec, batch)
                batch.records += 1
                if batch.full():
                    yield batch.seal(self.packed)
                    batch = self._new(batch.records, _BATCH)
        except Exception:
            if batch.docs:
                yield batch.seal(self.packed)
            raise
        yield batch.seal(self.packed)

    def _new(self, records: int, size: int) -> _Batch:
        return _Batch(records, size, self.codebook.version, self.now)

    def _add(self, rec: ImportRecord, batch: _Batch) -> None:
        doc_id = content_hash(rec.text)
        claimed = rec.meta.get("doc_id")
        if isinstance(claimed, str) and claimed != doc_id:
            batch.claims.append((claimed, rec))
        meta = {k: v for k, v in rec.meta.items() if k != "doc_id"}
        batch.docs.append(Document(doc_id, rec.text, rec.title, meta))
        batch.chars += len(rec.text)
        if not rec.spans and rec.status is None:
            return
        who = rec.annotator or self.annotator
        if not who:
            raise InputError(rec.source, "the record carries annotations but names no "
                             "annotator", line=rec.line, hint="pass --annotator NAME")
        if who not in self.annotators:
            self.annotators.add(who)
            batch.annotators.append(who)
        spans = span_rows(rec.spans)
        if isinstance(rec.spans, SpanRows) and rec.spans.plain:
            # The common case of a big import: only the labels need a look, no loop here.
            if not self.known.issuperset([row[2] for row in spans]):
                for row in spans:
                    if row[2] not in self.known:
                        self._check_label(row[2], rec)
            batch.plain.add(doc_id, who, spans)
        else:
            self._add_spans(doc_id, who, spans, rec, batch)
        batch.spans_seen += len(spans)
        if rec.status is not None:
            batch.status.append((doc_id, who, rec.status.value))

    def _add_spans(self, doc_id: str, who: str, spans: Sequence[SpanTuple], rec: ImportRecord,
                   batch: _Batch) -> None:
        known, plain, rows = self.known, [], batch.rows
        version, now = batch.version, batch.now
        # Per span: no call unless the span is unusual (hot loop).
        for row in spans:
            start, end, label, origin, rule, attributes, note = row
            if label not in known:
                self._check_label(label, rec)
            if attributes:
                self._check_attributes(label, attributes, rec)
            if origin == "imported" and not (attributes or note or rule):
                plain.append(row)
            else:
                rows.append(raw_annotation_row(
                    doc_id, who, label, start, end, origin if origin in _ORIGINS else
                    "imported", rule, attributes, note, version, now))
        batch.plain.add(doc_id, who, plain)

    def _check_label(self, label: str, rec: ImportRecord) -> None:
        if not self.add_labels:
            raise InputError(rec.source, f"unknown label {label!r} (the codebook has "
                             f"{', '.join(sorted(self.known))})", line=rec.line,
                             hint="pass --add-labels to add it to the codebook")
        self.known.add(label)
        self.new_labels.append(label)

    def _check_attributes(self, label: str, attributes: Mapping[str, Any],
                          rec: ImportRecord) -> None:
        lab = self.codebook.label(label)
        if lab is None:  # a label added by this import: it defines no attributes to check
            return
        for name, value in attributes.items():
            spec = lab.attribute(name)
            problem = (f"{label} has no attribute {name!r}" if spec is None
                       else spec.check(value))
            if problem:
                raise InputError(rec.source, problem, line=rec.line)


def _extend(codebook: Codebook, names: list[str]) -> Codebook:
    used_keys = {lab.key for lab in codebook.labels}
    free_keys = [k for k in "123456789" if k not in used_keys]
    labels = list(codebook.labels)
    for i, name in enumerate(names):
        labels.append(Label(name=name, color=PALETTE[(len(labels)) % len(PALETTE)],
                            key=free_keys[i] if i < len(free_keys) else "",
                            description="Added on import."))
    return replace(codebook, labels=tuple(labels), version=bump_version(codebook.version))


def bump_version(version: str) -> str:
    """Next codebook version: ``"3"`` → ``"4"``, ``"1.2"`` → ``"1.3"``, else append ``.1``."""
    head, _, tail = version.rpartition(".")
    if tail.isdigit():
        return f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)
    return f"{version}.1"
