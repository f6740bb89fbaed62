"""Importing documents and annotations into a project, all or nothing.

Owns: turning records read by ``annotator.io`` into rows, checking them against the
project (labels, annotators, texts), and the one transaction an import is.
Must not import: Qt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.model import Codebook, Document, Label, Origin, content_hash
from annotator.io.common import span_rows
from annotator.io.readers import read
from annotator.io.records import ImportRecord
from annotator.store import Project, raw_annotation_row

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
PALETTE = ("#e69f00", "#0072b2", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442",
           "#000000")
_BATCH = 2000
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

    Raises:
        InputError: naming file, line and reason; the project is then unchanged.
    """
    report = ImportReport()
    codebook = project.codebook()
    importer = _Importer(project, codebook, annotator, add_labels, report)
    with project.atomic():
        for path in paths:
            importer.run(read(Path(path), fmt, text_field), progress)
        if importer.new_labels:
            project.save_codebook(_extend(codebook, importer.new_labels))
            report.labels_added = list(importer.new_labels)
        project.log_event(annotator or "", "import", None, {
            "files": [str(p) for p in paths], "records": report.records,
            "documents_new": report.documents_new,
            "annotations_new": report.annotations_new})
    return report


class _Importer:
    def __init__(self, project: Project, codebook: Codebook, annotator: str | None,
                 add_labels: bool, report: ImportReport) -> None:
        self.project, self.codebook, self.annotator = project, codebook, annotator
        self.add_labels, self.report = add_labels, report
        self.known = set(codebook.label_names)
        self.new_labels: list[str] = []
        self.docs: list[Document] = []
        self.rows: list[tuple[object, ...]] = []
        self.plain: list[tuple[str, str, str, int, int]] = []
        self.status: list[tuple[str, str, str]] = []
        self.now = int(time.time())

    def run(self, records: Iterable[ImportRecord], progress: Progress | None) -> None:
        for rec in records:
            self._add(rec)
            self.report.records += 1
            if len(self.docs) >= _BATCH or len(self.rows) + len(self.plain) >= 10 * _BATCH:
                self._flush()
                if progress:
                    progress(self.report.records)
        self._flush()
        if progress:
            progress(self.report.records)

    def _add(self, rec: ImportRecord) -> None:
        doc_id = content_hash(rec.text)
        claimed = rec.meta.get("doc_id")
        if isinstance(claimed, str) and claimed != doc_id:
            stored = self.project.existing_text(claimed)
            if stored is not None and stored != rec.text:
                raise InputError(rec.source, f"the text differs from the project's document "
                                 f"{claimed} (edited after export?)", line=rec.line)
        meta = {k: v for k, v in rec.meta.items() if k != "doc_id"}
        self.docs.append(Document(doc_id, rec.text, rec.title, meta))
        if not rec.spans and rec.status is None:
            return
        who = rec.annotator or self.annotator
        if not who:
            raise InputError(rec.source, "the record carries annotations but names no "
                             "annotator", line=rec.line, hint="pass --annotator NAME")
        if who not in self.report.annotators:
            self.project.ensure_annotator(who)
            self.report.annotators.add(who)
        spans = span_rows(rec.spans)
        known, plain, version = self.known, self.plain, self.codebook.version
        # Per span: a plain tuple, and no call unless the span is unusual (hot loop).
        for start, end, label, origin, rule, attributes, note in spans:
            if label not in known:
                self._check_label(label, rec)
            if attributes:
                self._check_attributes(label, attributes, rec)
            if origin == "imported" and not (attributes or note or rule):
                plain.append((doc_id, who, label, start, end))
            else:
                self.rows.append(raw_annotation_row(
                    doc_id, who, label, start, end, origin if origin in _ORIGINS else
                    "imported", rule, attributes, note, version, self.now))
        self.report.annotations_seen += len(spans)
        if rec.status is not None:
            self.status.append((doc_id, who, rec.status.value))

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

    def _flush(self) -> None:
        if self.docs:
            self.report.documents_new += self.project.insert_documents(self.docs)
            self.docs.clear()
        if self.rows:
            self.report.annotations_new += self.project.insert_annotation_rows(self.rows)
            self.rows.clear()
        if self.plain:
            self.report.annotations_new += self.project.insert_plain_annotations(
                self.plain, self.codebook.version, self.now)
            self.plain.clear()
        if self.status:
            self.project.set_status_rows(self.status)
            self.status.clear()


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
