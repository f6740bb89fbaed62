"""What every reader shares: strict decoding, titles, span checks, newline remapping.

Owns: turning a text and its spans (in the file's own offsets) into an ``ImportRecord``
whose text has normalised line endings and whose spans point into that text.
Must not import: Qt, sqlite3, spaCy — only the standard library and ``annotator.core`` /
``annotator.io``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO, overload

from annotator.core.errors import InputError
from annotator.core.model import Origin, Status, normalize_newlines
from annotator.core.spans import SpanError, check_span
from annotator.io.records import ImportRecord, SpanRecord

BOM = b"\xef\xbb\xbf"
TITLE_MAX = 200
ORIGINS = frozenset(o.value for o in Origin)
STATUSES = frozenset(s.value for s in Status)
IMPORTED = Origin.IMPORTED.value
_CRLF = re.compile("\r\n")


class Invalid(ValueError):
    """A reason why one record is unusable; readers add the file and line."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def input_error(source: str, exc: Invalid, line: int | None) -> InputError:
    """Turn an :class:`Invalid` into the user-facing :class:`InputError`."""
    return InputError(source, exc.reason, line=line, hint=exc.hint)


def shorten(text: str, limit: int = 40) -> str:
    """``repr`` of ``text``, cut in the middle when longer than ``limit`` characters."""
    if len(text) > limit:
        half = limit // 2
        text = f"{text[:half]}…{text[-half:]}"
    return repr(text)


def _decode_error(exc: UnicodeDecodeError, file_offset: int) -> Invalid:
    return Invalid(f"not valid UTF-8: {exc.reason} (byte 0x{exc.object[exc.start]:02x} at "
                   f"byte offset {file_offset} of the file)",
                   hint="save the file as UTF-8")


def iter_lines(fh: BinaryIO, source: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` from a binary file, decoding UTF-8 strictly.

    Lines keep their line endings. A UTF-8 byte order mark is dropped. Only a line feed
    ends a line, so carriage returns and Unicode line separators inside a line stay.

    Raises:
        InputError: naming the line and byte offset of bytes that are not UTF-8.
    """
    for number, raw, offset in iter_raw_lines(fh):
        yield number, decode_line(raw, source, number, offset)


def iter_raw_lines(fh: BinaryIO) -> Iterator[tuple[int, bytes, int]]:
    """Yield ``(line number, bytes of the line, byte offset of the line in the file)``.

    As :func:`iter_lines`, without decoding: a UTF-8 byte order mark is dropped.
    """
    offset = 0
    for number, raw in enumerate(fh, 1):
        if number == 1 and raw.startswith(BOM):
            raw, offset = raw[len(BOM):], len(BOM)
        yield number, raw, offset
        offset += len(raw)


def decode_line(raw: bytes, source: str, number: int, offset: int) -> str:
    """A line of :func:`iter_raw_lines` as text.

    Raises:
        InputError: naming the line and byte offset of bytes that are not UTF-8.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        err = _decode_error(exc, offset + exc.start)
        raise input_error(source, err, number) from None


def open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes.

    Raises:
        InputError: when the file cannot be opened (missing, a folder, no permission).
    """
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(str(path), f"cannot open the file: {exc.strerror or exc}") from None


def read_bytes(path: Path) -> bytes:
    """All bytes of ``path``, with the same errors as :func:`open_binary`."""
    with open_binary(path) as fh:
        return fh.read()


def decode_text(data: bytes, source: str) -> str:
    """Decode a whole file strictly as UTF-8 (a byte order mark is allowed).

    Raises:
        InputError: naming the line and byte offset of bytes that are not UTF-8.
    """
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        line = data.count(b"\n", 0, at) + 1
        raise input_error(source, _decode_error(exc, at), line) from None


def title_from(text: str) -> str:
    """The first non-empty line of ``text``, stripped and cut to 200 characters."""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            return stripped[:TITLE_MAX]
    return ""


def check_text(text: Any, field: str) -> str:
    """Return ``text`` when it can be a document's text.

    Raises:
        Invalid: when it is not a string or is empty.
    """
    if not isinstance(text, str):
        raise Invalid(f"the {field!r} field must be a string, not {kind_of(text)}")
    if not text.strip():
        raise Invalid("the text is empty" + (" (only whitespace)" if text else ""))
    return text


def kind_of(value: Any) -> str:
    """How a JSON value is called in messages: 'an object', 'a list', 'null', …."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


SpanTuple = tuple[int, int, str, str, str, Mapping[str, Any], str]
"""A span as ``(start, end, label, origin, rule, attributes, note)``, SpanRecord's fields."""

NO_ATTRIBUTES: Mapping[str, Any] = MappingProxyType({})


class SpanRows(Sequence[SpanRecord]):
    """The spans of a record, kept as :data:`SpanTuple` rows.

    A bulk import reads ``rows`` (see :func:`span_rows`); a :class:`SpanRecord` is built
    only for the spans asked for, which saves a microsecond for each of a corpus' spans.
    """

    __slots__ = ("plain", "rows")

    def __init__(self, rows: Sequence[SpanTuple], plain: bool = False) -> None:
        self.rows = rows
        self.plain = plain
        """Every row is an imported span without rule, attributes or note."""

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> SpanRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[SpanRecord]: ...

    def __getitem__(self, index: int | slice) -> SpanRecord | list[SpanRecord]:
        if isinstance(index, slice):
            return [SpanRecord(*row) for row in self.rows[index]]
        return SpanRecord(*self.rows[index])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __repr__(self) -> str:
        return f"SpanRows({list(self)!r})"


def span_rows(spans: Iterable[SpanRecord]) -> Sequence[SpanTuple]:
    """The spans of a record as :data:`SpanTuple` rows (without copying :class:`SpanRows`)."""
    if isinstance(spans, SpanRows):
        return spans.rows
    return [(s.start, s.end, s.label, s.origin, s.rule, s.attributes, s.note) for s in spans]


def span_row(text: str, start: Any, end: Any, label: Any, quoted: Any = None,
             origin: Any = None, rule: Any = None, attributes: Any = None,
             note: Any = None) -> SpanTuple:
    """Check one span against ``text`` (in the file's own offsets); return it as a row.

    ``quoted`` is the span's text as the file states it, if it does. This runs for every
    span of an import, so the common case is checked inline and fast; the detailed checks
    only run to name what is wrong.

    Raises:
        Invalid: naming what is wrong (offsets, label, quoted text, attributes, note).
    """
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
        _check_offsets(text, start, end)
    if type(label) is not str or not label.strip():
        _check_label(label)
    if quoted is not None and quoted != text[start:end]:
        _check_quoted(text, start, end, quoted)
    if attributes is not None and not isinstance(attributes, Mapping):
        raise Invalid(f"attributes must be an object, not {kind_of(attributes)}")
    if note is not None and not isinstance(note, str):
        raise Invalid(f"the note must be a string, not {kind_of(note)}")
    if rule is not None and not isinstance(rule, str):
        raise Invalid(f"the rule must be a string, not {kind_of(rule)}")
    if not isinstance(origin, str):  # an unhashable list or object must not reach the set
        origin = None
    return (start, end, label, origin if origin in ORIGINS else IMPORTED, rule or "",
            attributes or NO_ATTRIBUTES, note or "")


def make_span(text: str, start: Any, end: Any, label: Any, *, quoted: Any = None,
              origin: Any = None, rule: Any = None, attributes: Any = None,
              note: Any = None) -> SpanRecord:
    """Check one span against ``text`` (in the file's own offsets) and build it.

    ``quoted`` is the span's text as the file states it, if it does.

    Raises:
        Invalid: naming what is wrong (offsets, label, quoted text, attributes, note).
    """
    start, end, label, origin, rule, attrs, note = span_row(
        text, start, end, label, quoted, origin, rule, attributes, note)
    return SpanRecord(start, end, label, origin, rule, dict(attrs), note)


def _check_offsets(text: str, start: Any, end: Any) -> None:
    for name, value in (("start", start), ("end", end)):
        if value is None:
            raise Invalid(f"the span has no {name} offset")
    try:
        check_span(text, start, end)
    except SpanError as exc:
        raise Invalid(str(exc)) from None


def _check_label(label: Any) -> None:
    if label is None:
        raise Invalid("the span has no label")
    if not isinstance(label, str):
        raise Invalid(f"the label must be a string, not {kind_of(label)}")
    if not label.strip():
        raise Invalid("the label is empty")


def _check_quoted(text: str, start: int, end: int, quoted: Any) -> None:
    actual = text[start:end]
    if quoted == actual:
        return
    if isinstance(quoted, str) and normalize_newlines(quoted)[0] == \
            normalize_newlines(actual)[0]:
        return
    shown = shorten(quoted) if isinstance(quoted, str) else kind_of(quoted)
    raise Invalid(f"the span's text {shown} does not match the document's text "
                  f"{shorten(actual)} at [{start}, {end})",
                  hint="were the offsets counted in bytes or UTF-16 units, or the text "
                       "edited?")


def parse_status(value: Any) -> Status | None:
    """``done`` / ``in_progress`` / ``skipped`` as a :class:`Status`; ``None`` stays ``None``.

    Raises:
        Invalid: for any other value.
    """
    if value is None:
        return None
    if not isinstance(value, str) or value not in STATUSES:
        raise Invalid(f"status must be one of {', '.join(sorted(STATUSES))}, not {value!r}")
    return Status(value)


def remap_offsets(text: str) -> list[int]:
    """Positions of the line feed of every CR LF pair in ``text`` (sorted)."""
    return [m.end() - 1 for m in _CRLF.finditer(text)]


def remap_span(start: int, end: int, crlf: Sequence[int]) -> tuple[int, int]:
    """Map ``[start, end)`` from the original text to the newline-normalised one.

    Each CR LF becomes one LF, so every CR LF before an offset shrinks it by one; a lone
    CR stays one character. A span that begins or ends between the CR and the LF keeps
    that (now single) newline, so no span becomes empty.
    """
    return start - bisect_right(crlf, start), end - bisect_right(crlf, end - 1)


def build_record(text: str, source: str, line: int, *, title: str = "",
                 meta: Mapping[str, Any] | None = None, spans: Iterable[SpanRecord] = (),
                 annotator: str | None = None, status: Status | None = None,
                 has_annotations: bool = False) -> ImportRecord:
    """Normalise line endings (remapping spans) and assemble the record.

    ``text`` and ``spans`` are in the file's own offsets; a missing title is taken from
    the first non-empty line.
    """
    meta = dict(meta or {})
    rows = span_rows(spans)
    norm, changed = normalize_newlines(text)
    if changed:
        meta["newlines_normalised"] = True
        crlf = remap_offsets(text)
        if crlf:
            rows = [(*remap_span(start, end, crlf), *rest) for start, end, *rest in rows]
    plain = isinstance(spans, SpanRows) and spans.plain  # new offsets keep it plain
    return ImportRecord(text=norm, source=source, line=line,
                        title=title.strip()[:TITLE_MAX] or title_from(norm), meta=meta,
                        spans=SpanRows(rows, plain) if rows else (), annotator=annotator,
                        status=status, has_annotations=has_annotations)
