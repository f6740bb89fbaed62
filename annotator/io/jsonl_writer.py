"""The JSONL export: one Prodigy- and spaCy-compatible JSON object per document × coder.

Owns: the record layout of FORMATS.md "JSONL export", its stable hashes, and building
each line as text directly (exports run to millions of tokens and hundreds of thousands
of spans, so nothing per token or per span goes through ``json.dumps``).
Must not import: Qt, sqlite3, spaCy — only the standard library and ``annotator.core`` /
``annotator.io``.

Key order: ``text, meta, _input_hash, _task_hash, _view_id, tokens, spans, answer,
status, _annotator_id, _session_id, _timestamp, codebook``; a span is ``start, end,
token_start, token_end, label, text, origin, [rule], attributes, note``.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any, BinaryIO

from annotator.core.model import Document, Origin, SpanRow, Status, Tokens
from annotator.core.spans import check_span
from annotator.io.records import ExportRecord
from annotator.io.tokens_json import TokenWriter

dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Compact JSON with non-ASCII characters kept (the file is UTF-8)."""

_VALUES: dict[Any, str] = {m: m.value for m in (*Origin, *Status)}
_IN_PROGRESS = Status.IN_PROGRESS.value
_SUGGESTION = Origin.SUGGESTION.value


def enum_value(value: Any) -> Any:
    """The string of an ``Origin`` / ``Status`` member; anything else unchanged."""
    return _VALUES.get(value, value)


def _signed32(data: bytes) -> int:
    digest = hashlib.blake2b(data, digest_size=4).digest()
    return int.from_bytes(digest, "little", signed=True)


def input_hash(text: str) -> int:
    """A signed 32-bit hash of a text, the same on every run and machine (``_input_hash``)."""
    return _signed32(text.encode("utf-8", "surrogatepass"))


_ESCAPED = b'"\\' + bytes(range(0x20))  # the bytes a JSON string cannot hold as they are
_LONG = bytes(c for c in range(0x20) if c not in b"\b\t\n\f\r")  # written as \u00XX
_SHORT_ESCAPES = tuple((bytes([c]), b"\\" + bytes([e])) for c, e in zip(
    b'\\"\n\r\t\b\f', b'\\"nrtbf', strict=True))  # the backslash first


def text_json(text: str) -> tuple[bytes, bytes]:
    """``text`` in UTF-8 (lone surrogates passed through), and as a quoted JSON string.

    The JSON is byte for byte ``encode_basestring(text).encode()``: non-ASCII kept,
    the same escapes. A long text costs two encodings less than through ``str``; bytes
    below 128 never occur inside a UTF-8 sequence, so escaping works on the bytes.

    Raises:
        UnicodeEncodeError: for the JSON of a text with lone surrogates.
    """
    try:
        raw = text.encode()
    except UnicodeEncodeError:
        return (text.encode("utf-8", "surrogatepass"), encode_basestring(text).encode())
    if len(raw.translate(None, _ESCAPED)) == len(raw):
        return raw, b'"' + raw + b'"'
    if len(raw.translate(None, _LONG)) != len(raw):
        return raw, encode_basestring(text).encode()
    escaped = raw
    for char, escape in _SHORT_ESCAPES:
        if char in escaped:
            escaped = escaped.replace(char, escape)
    return raw, b'"' + escaped + b'"'


def task_hash(text: str, spans: Iterable[tuple[str, int, int]], annotator: str,
              text_hash: int | None = None) -> int:
    """A signed 32-bit hash of a task (``_task_hash``).

    It covers the text (through ``text_hash`` when already known), the
    ``(label, start, end)`` spans in any order, and the annotator.
    """
    if text_hash is None:
        text_hash = input_hash(text)
    # Unit and record separators cannot occur in labels or annotator names in practice.
    parts = [f"{label}\x1f{start}\x1f{end}" for label, start, end in sorted(spans)]
    key = f"{text_hash}\x1e{annotator}\x1e" + "\x1e".join(parts)
    return _signed32(key.encode("utf-8", "surrogatepass"))


def doc_meta(doc: Document) -> dict[str, Any]:
    """``meta`` of an export record: source, doc_id and title first, then the rest."""
    meta: dict[str, Any] = {"source": doc.meta.get("source", ""), "doc_id": doc.id,
                            "title": doc.title}
    meta.update((k, v) for k, v in doc.meta.items() if k not in meta)
    return meta


def check_annotation(doc: Document, ann: SpanRow) -> None:
    """Raise ``ValueError`` unless ``ann`` is a non-empty span inside ``doc``'s text.

    This is an internal invariant of every export: ``text[start:end]`` is the span's text.
    """
    start, end = ann.start, ann.end
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(doc.text)):
        check_span(doc.text, start, end)  # raises SpanError (a ValueError) with the reason


class _Labels(dict[str, str]):
    """``,"label":…,"text":`` of each label, made on first use."""

    def __missing__(self, label: str) -> str:
        value = self[label] = f',"label":{encode_basestring(label)},"text":'
        return value


class JsonlWriter:
    """Builds export lines; keep one per export so that its caches pay off."""

    def __init__(self) -> None:
        """Create a writer with empty caches."""
        self.tokens = TokenWriter()
        self._labels = _Labels()  # a codebook has a handful of labels
        self._tails: dict[tuple[str, str, str], str] = {}
        self._ends: dict[tuple[Any, str, Any, type, str, str], bytes] = {}

    def _tail(self, ann: SpanRow) -> str:
        """``,"origin":…,["rule":…,]"attributes":…,"note":…}`` of a span."""
        origin, rule, attributes, note = ann.origin, ann.rule, ann.attributes, ann.note
        key = (origin, rule, note)
        found = None if attributes else self._tails.get(key)
        if found is None:
            value = _VALUES.get(origin, origin)
            rule_part = (f',"rule":{encode_basestring(rule)}'
                         if rule or value == _SUGGESTION else "")
            found = (f',"origin":{encode_basestring(value)}{rule_part},"attributes":'
                     f'{dumps(dict(attributes)) if attributes else "{}"},'
                     f'"note":{encode_basestring(note)}}}')
            if not attributes and len(note) < 200:  # notes repeat rarely; keep them small
                if len(self._tails) > 10_000:
                    self._tails.clear()
                self._tails[key] = found
        return found

    def spans(self, doc: Document, anns: Sequence[SpanRow], tokens: Tokens | None) -> str:
        """The spans of one record as JSON (see the module docstring for their keys).

        Raises:
            ValueError: when a span is empty or lies outside the text.
        """
        text, out = doc.text, []
        size = len(text)
        starts, ends = (tokens.starts, tokens.ends) if tokens is not None else ((), ())
        labels, tails = self._labels, self._tails
        for ann in anns:
            start, end = ann.start, ann.end
            if not (type(start) is int and type(end) is int and 0 <= start < end <= size):
                check_span(text, start, end)  # raises with the reason
            token_part = ""
            if tokens is not None:
                # the same rule as core.spans.token_range, inlined: this runs per span
                first = bisect_right(ends, start)
                last = bisect_left(starts, end) - 1
                if first <= last:  # a span in whitespace between tokens has no token range
                    token_part = f',"token_start":{first},"token_end":{last}'
            tail = None if ann.attributes else tails.get((ann.origin, ann.rule, ann.note))
            out.append(f'{{"start":{start},"end":{end}{token_part}{labels[ann.label]}'
                       f'{encode_basestring(text[start:end])}{tail or self._tail(ann)}')
        return ",".join(out)

    def line(self, rec: ExportRecord) -> bytes:
        """The JSONL export line of one record (UTF-8), ending in a line feed.

        Raises:
            ValueError: when an annotation does not fit the record's document.
        """
        doc, text, tokens = rec.document, rec.document.text, rec.tokens
        spans = self.spans(doc, rec.annotations, tokens)
        raw, quoted = text_json(text)
        text_hash = _signed32(raw)  # input_hash(text)
        head = "".join((
            ',"meta":', dumps(doc_meta(doc)),
            ',"_input_hash":', str(text_hash),
            ',"_task_hash":', str(task_hash(text, [(a.label, a.start, a.end)
                                                   for a in rec.annotations],
                                            rec.annotator, text_hash)),
            ',"_view_id":"spans_manual"', "" if tokens is None else ',"tokens":'))
        token_json = b"" if tokens is None else self.tokens.dump_bytes(text, tokens)
        key = (rec.status, rec.annotator, rec.timestamp, type(rec.timestamp),
               rec.codebook_name, rec.codebook_version)  # 1 == 1.0, but not in JSON
        end = self._ends.get(key)
        if end is None:
            end = self._end(key)
        return b"".join((b'{"text":', quoted, head.encode(), token_json,
                         b',"spans":[', spans.encode(), end))

    def _end(self, key: tuple[Any, str, Any, type, str, str]) -> bytes:
        """What follows the spans, the same for every record of a coder and status."""
        status, annotator, timestamp, _, codebook_name, codebook_version = key
        who = encode_basestring(annotator)
        value = enum_value(status) if status is not None else _IN_PROGRESS
        end = "".join((
            '],"answer":"accept","status":', encode_basestring(value),
            ',"_annotator_id":', who, ',"_session_id":', who,
            ',"_timestamp":', dumps(timestamp), ',"codebook":',
            dumps({"name": codebook_name, "version": codebook_version}), "}\n")).encode()
        if len(self._ends) >= 10_000:
            self._ends.clear()
        self._ends[key] = end
        return end


def write_jsonl(records: Iterable[ExportRecord], fh: BinaryIO) -> int:
    """Write one JSON line per record, as FORMATS.md "JSONL export" describes.

    Args:
        records: the records, streamed.
        fh: a file open for writing bytes (the lines are UTF-8); it is not closed.

    Returns:
        The number of records written.

    Raises:
        ValueError: when an annotation lies outside its text (an internal invariant).
    """
    writer = JsonlWriter()
    count = 0
    for rec in records:
        fh.write(writer.line(rec))
        count += 1
    return count
