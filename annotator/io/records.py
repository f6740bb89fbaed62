"""The values importers produce and exporters consume.

Owns: the shape of one imported record and one exported record, independent of format.
Must not import: Qt, sqlite, spaCy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import Document, SpanRow, Status, Tokens


@dataclass(frozen=True, slots=True)
class SpanRecord:
    """A span as read from a file, already checked against the record's text."""

    start: int
    end: int
    label: str
    origin: str = "imported"
    rule: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One document read from a file, with the spans and status it carried (if any).

    ``text`` has its line endings normalised already; ``meta`` says so
    (``"newlines_normalised": true``). ``line`` is the 1-based line (or record number)
    in ``source``, for error messages. ``annotator`` is ``None`` when the file names none.
    """

    text: str
    source: str
    line: int
    title: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    spans: Sequence[SpanRecord] = ()
    annotator: str | None = None
    status: Status | None = None
    has_annotations: bool = False


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One document as one coder (or the gold layer) annotated it.

    ``annotations`` are ordered by start, end and label; ``Annotation`` objects serve as
    well as ``SpanRow`` tuples (the same field names).
    """

    document: Document
    annotator: str
    status: Status | None
    annotations: Sequence[SpanRow]
    tokens: Tokens | None
    codebook_name: str
    codebook_version: str
    timestamp: int
