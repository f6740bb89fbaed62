"""Domain values of Annotator: documents, labels, codebooks, annotations, tokens.

Owns: the frozen value types every other layer passes around.
Must not import: anything outside the standard library.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, NewType

DocId = NewType("DocId", str)
AnnotationId = NewType("AnnotationId", int)

GOLD = "gold"
"""The name of the adjudicated layer; it is stored like any other annotator."""


class Status(StrEnum):
    """A coder's decision about a whole document."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    SKIPPED = "skipped"


class Origin(StrEnum):
    """Where an annotation came from (kept for methods sections)."""

    MANUAL = "manual"
    SUGGESTION = "suggestion"
    IMPORTED = "imported"


class Decision(StrEnum):
    """What a coder did with a suggestion."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


def normalize_newlines(text: str) -> tuple[str, bool]:
    r"""Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``.

    Returns:
        The normalised text and whether anything changed.
    """
    if "\r" not in text:
        return text, False
    return text.replace("\r\n", "\n").replace("\r", "\n"), True


def content_hash(text: str) -> DocId:
    """Return the id of a document: a short SHA-256 of its (normalised) text."""
    return DocId(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20])


@dataclass(frozen=True, slots=True)
class Document:
    """An article as stored: text is immutable once imported."""

    id: DocId
    text: str
    title: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """A span attribute defined by the codebook.

    ``kind`` is ``choice`` (one of ``choices``), ``bool`` or ``text``.
    """

    name: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    description: str = ""

    def check(self, value: Any) -> str | None:
        """Return a reason why ``value`` is not allowed, or ``None``."""
        if self.kind == "choice":
            if value not in self.choices:
                return f"{self.name} must be one of {', '.join(self.choices)}, not {value!r}"
        elif self.kind == "bool":
            if not isinstance(value, bool):
                return f"{self.name} must be true or false, not {value!r}"
        elif not isinstance(value, str):
            return f"{self.name} must be text, not {value!r}"
        return None


@dataclass(frozen=True, slots=True)
class Label:
    """One category of the codebook."""

    name: str
    color: str = "#888888"
    key: str = ""
    description: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    span_rule: str = ""
    attributes: tuple[AttributeDef, ...] = ()

    def attribute(self, name: str) -> AttributeDef | None:
        """Return the attribute definition called ``name``, if any."""
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True, slots=True)
class Codebook:
    """A named, versioned set of labels and the conventions that go with them."""

    name: str
    version: str
    labels: tuple[Label, ...]
    description: str = ""
    conventions: tuple[str, ...] = ()

    def label(self, name: str) -> Label | None:
        """Return the label called ``name``, if the codebook has it."""
        return next((lab for lab in self.labels if lab.name == name), None)

    @property
    def label_names(self) -> tuple[str, ...]:
        """The label names in codebook order."""
        return tuple(lab.name for lab in self.labels)


@dataclass(frozen=True, slots=True)
class Annotation:
    """A labelled span ``[start, end)`` in code points of a document's text."""

    doc_id: DocId
    annotator: str
    label: str
    start: int
    end: int
    origin: Origin = Origin.MANUAL
    rule: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    codebook_version: str = ""
    id: AnnotationId | None = None

    @property
    def key(self) -> tuple[str, str, str, int, int]:
        """What makes an annotation unique: one label once on the same characters."""
        return (self.doc_id, self.annotator, self.label, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span the suggestion engine proposes; it is not an annotation until accepted.

    ``rule`` names the engine rule that fired (as in ``resources/suggest``); ``engine``
    is the engine's version string (rules version and pipeline), kept for provenance.
    ``id`` is set once the suggestion is stored in a project.
    """

    doc_id: DocId
    label: str
    start: int
    end: int
    rule: str
    confidence: float
    engine: str
    id: int | None = None


class SpanRow(NamedTuple):
    """One annotation as a bulk read returns it, for exports of whole projects.

    The fields an exported span needs, with the names :class:`Annotation` uses, in a
    plain tuple: an export reads hundreds of thousands of them, and a tuple costs a
    fraction of a frozen dataclass. The document and coder are those of the record.
    """

    start: int
    end: int
    label: str
    origin: Origin
    rule: str
    attributes: Mapping[str, Any]
    note: str
    codebook_version: str


@dataclass(frozen=True, slots=True, eq=False)
class Tokens:
    """Token boundaries of one document, as computed by the tokenizer in ``nlp``.

    ``ends[i]`` is exclusive. A token is followed by whitespace exactly when the next
    token starts after its end (spaCy's ``whitespace_``), so that flag is derived.
    The offsets may be lists or ``array("q")`` (what the tokenizer and the token cache
    give); two ``Tokens`` are equal when their offsets are, whatever holds them.
    """

    starts: Sequence[int]
    ends: Sequence[int]
    sent_starts: Sequence[int] = ()

    def __len__(self) -> int:
        return len(self.starts)

    def __eq__(self, other: object) -> bool:
        """Equal offsets, whether in lists or arrays."""
        if not isinstance(other, Tokens):
            return NotImplemented
        return all(len(a) == len(b) and all(x == y for x, y in zip(a, b))
                   for a, b in ((self.starts, other.starts), (self.ends, other.ends),
                                (self.sent_starts, other.sent_starts)))

    __hash__ = None  # type: ignore[assignment]  # mutable sequences inside

    def ws(self, i: int, text_length: int) -> bool:
        """Whether token ``i`` is followed by a whitespace character it owns."""
        nxt = self.starts[i + 1] if i + 1 < len(self.starts) else text_length
        return nxt > self.ends[i]


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What a document list shows: id, title, length and a coder's status."""

    id: DocId
    title: str
    length: int
    status: Status | None = None
    spans: int = 0
