"""Exporters to JSON Lines and CSV (brat lives in ``annotator.io.brat``).

Owns: the one-row-per-span CSV for R / pandas / SPSS; re-exports ``write_jsonl`` (built in
``annotator.io.jsonl_writer``) so both writers are found here.
Must not import: Qt, sqlite3, spaCy — only the standard library and ``annotator.core`` /
``annotator.io``.

Writers take an open text file and never close it; the caller decides where the bytes go
(the app writes to a temporary file and renames it when complete).
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from annotator.io.jsonl_writer import check_annotation, dumps, enum_value, write_jsonl
from annotator.io.records import ExportRecord

CSV_COLUMNS = ("doc_id", "title", "annotator", "status", "label", "start", "end", "text",
               "origin", "rule", "attributes", "note", "sentence", "codebook_version")
"""The header of the CSV export, in order."""

__all__ = ["CSV_COLUMNS", "CsvWriter", "sentence_of", "write_csv", "write_jsonl"]


def sentence_of(text: str, sent_starts: Sequence[int], offset: int) -> str:
    """The (stripped) sentence holding character ``offset``, given sentence-start offsets."""
    if not sent_starts:
        return ""
    i = bisect_right(sent_starts, offset)
    begin = sent_starts[i - 1] if i else 0
    end = sent_starts[i] if i < len(sent_starts) else len(text)
    return text[begin:end].strip()


def _attributes_cell(attributes: Mapping[str, Any]) -> str:
    return dumps(dict(attributes)) if attributes else ""


class CsvWriter:
    """Writes one CSV row per span (see :func:`write_csv`), record by record."""

    def __init__(self, fh: TextIO, header: bool = True) -> None:
        """Write to ``fh`` (opened with ``newline=""``), starting with the header if asked."""
        self._out = csv.writer(fh)
        if header:
            self._out.writerow(CSV_COLUMNS)

    def write(self, rec: ExportRecord) -> int:
        """Write the rows of one record; returns how many.

        Raises:
            ValueError: when an annotation lies outside its text (an internal invariant).
        """
        doc, text = rec.document, rec.document.text
        sents = rec.tokens.sent_starts if rec.tokens is not None else ()
        status = enum_value(rec.status) if rec.status is not None else "in_progress"
        for ann in rec.annotations:
            check_annotation(doc, ann)
            self._out.writerow((
                doc.id, doc.title, rec.annotator, status, ann.label, ann.start, ann.end,
                text[ann.start:ann.end], enum_value(ann.origin), ann.rule,
                _attributes_cell(ann.attributes), ann.note, sentence_of(text, sents, ann.start),
                ann.codebook_version or rec.codebook_version))
        return len(rec.annotations)


def write_csv(records: Iterable[ExportRecord], fh: TextIO) -> int:
    """Write one CSV row per span, under a header of :data:`CSV_COLUMNS`.

    ``attributes`` is a JSON object (empty when there are none); ``sentence`` is the
    sentence holding the span's start (empty without tokens); ``status`` is
    ``in_progress`` when unset. Open ``fh`` with ``newline=""``; it is not closed.

    Returns:
        The number of rows written, not counting the header.

    Raises:
        ValueError: when an annotation lies outside its text (an internal invariant).
    """
    writer = CsvWriter(fh)
    return sum(writer.write(rec) for rec in records)
