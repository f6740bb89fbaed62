"""Reading JSON Lines: our own export, Prodigy ``db-out``, doccano and bare records.

Owns: the mapping from each dialect's fields to an ``ImportRecord``.
Must not import: Qt, sqlite3, spaCy — only the standard library, orjson and
``annotator.core`` / ``annotator.io``.

Dialects, told apart by their keys:

- ``"spans": [{"start", "end", "label", ...}]`` — our own export and Prodigy. Our
  ``origin`` (manual / suggestion / imported), ``rule``, ``attributes`` and ``note`` are
  kept; a span's ``"text"``, when present, must equal the document's text at its offsets.
- ``"label": [[start, end, "LABEL"], ...]`` or ``"entities": [{"start_offset",
  "end_offset", "label"}]`` — doccano; its text may be under ``"data"``.
- only a text — a bare document.

Status: a ``"status"`` field (done / in_progress / skipped) wins. Without it, Prodigy's
``"answer": "accept"`` means done. ``"reject"`` and ``"ignore"`` mean the coder did not
accept the task: the document is imported, its spans are not (they were rejected or left
unfinished), and the status is ``skipped`` unless ``"status"`` says otherwise.

Annotator: ``_annotator_id``, else ``_session_id``, taken as they are (Prodigy writes
``"dataset-name"`` there; the file does not say where the dataset name ends).

Title: ``meta.title`` (moved out of meta), else a top-level ``"title"``, else the first
non-empty line of the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.model import Status
from annotator.io.common import (
    IMPORTED,
    NO_ATTRIBUTES,
    Invalid,
    SpanRows,
    SpanTuple,
    build_record,
    check_text,
    decode_line,
    input_error,
    iter_raw_lines,
    kind_of,
    open_binary,
    parse_status,
    span_row,
)
from annotator.io.records import ImportRecord

_ANSWERS = ("accept", "reject", "ignore")
_FIELDS = frozenset(("text", "origin", "rule", "attributes", "note"))
"""Span fields besides offsets and label that :func:`_span` checks or keeps."""
# A lone surrogate can only come from a \uD800–\uDFFF escape; it cannot be stored as UTF-8.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_DIGITS = bytes(ord("0") <= c <= ord("9") for c in range(256))  # bytes.translate: 0 / 1
_LONG_DIGITS = b"\1" * 19
"""orjson reads an integer below -2⁶³ (19 digits) or above 2⁶⁴ - 1 (20) as a float."""
_ARRAY_HINT = "the file looks like one JSON array; write one object per line (JSON Lines)"


def read_jsonl(path: Path, text_field: str = "text") -> Iterator[ImportRecord]:
    """Stream the records of a JSON Lines file, one per non-blank line.

    Args:
        path: the file.
        text_field: the key holding the text (``"data"`` is tried when the default
            ``"text"`` is missing, for doccano).

    Yields:
        One record per line, in file order.

    Raises:
        InputError: naming the file, the line and what is wrong with it.
    """
    source = str(path)
    count = 0
    with open_binary(path) as fh:
        for number, raw, offset in iter_raw_lines(fh):
            obj = _quick_load(raw)
            if obj is None:  # a blank line, or one for the careful way
                line = decode_line(raw, source, number, offset)
                if not line.strip():
                    continue
                obj = _load_carefully(line, source, number)
            try:
                record = parse_object(obj, source, number, text_field, path.name)
            except Invalid as exc:
                raise input_error(source, exc, number) from None
            count += 1
            yield record
    if not count:
        raise InputError(source, "no documents found (the file is empty)")


def _quick_load(raw: bytes) -> dict[str, Any] | None:
    """The JSON object of a line, read by orjson from the file's bytes, or ``None``.

    orjson checks the UTF-8 itself (as strictly as Python's decoder; it also refuses
    lone surrogates), so the usual line is never decoded twice. ``None`` sends the line
    the careful way (:func:`_load_carefully`), which also gives the messages: anything
    orjson refuses, what is not an object, and lines with 19 digits in a row.
    """
    if _LONG_DIGITS in raw.translate(_DIGITS):
        return None
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return obj if type(obj) is dict else None


def _load_carefully(line: str, source: str, number: int) -> dict[str, Any]:
    obj = _load_slowly(line, source, number)
    if not isinstance(obj, dict):
        raise InputError(source, f"the line holds {kind_of(obj)}, not a JSON object",
                         line=number, hint=_ARRAY_HINT if line.lstrip().startswith("[") else "")
    return obj


def _load_slowly(line: str, source: str, number: int) -> Any:
    """The standard library's reading: what it accepts, or its message for what it does not.

    orjson reads most lines three times faster; it refuses a few that ``json`` takes
    (NaN, an escaped lone surrogate), so those come here too, and it would turn an
    integer below -2⁶³ or above 2⁶⁴ - 1 into a float, so a line with 19 digits in a row
    comes here first (an identifier in a text, say: slower, never wrong).
    """
    array = line.lstrip().startswith("[")
    try:
        obj = json.loads(line)
    except ValueError as exc:
        reason = f"malformed JSON: {getattr(exc, 'msg', exc)}"
        if isinstance(exc, json.JSONDecodeError):
            reason += f" (column {exc.colno})"
        raise InputError(source, reason, line=number,
                         hint=_ARRAY_HINT if array else "") from None
    except RecursionError:
        raise InputError(source, "malformed JSON: nested too deeply", line=number) from None
    if isinstance(obj, dict) and "\\u" in line and _SURROGATE_ESCAPE.search(line):
        try:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(source, f"the record holds an unpaired surrogate "
                             f"{exc.object[exc.start]!r} (half of a UTF-16 pair)",
                             line=number, hint="it cannot be saved as UTF-8") from None
    return obj


def parse_object(obj: dict[str, Any], source: str, line: int,
                 text_field: str = "text", name: str | None = None) -> ImportRecord:
    """Turn one decoded JSON object into a record (see the module docstring).

    ``name`` is the file name recorded as the source in meta (by default from ``source``).

    Raises:
        Invalid: naming what is wrong with the object.
    """
    text = _text_of(obj, text_field)
    meta = _meta_of(obj)
    kind, items = _raw_spans(obj)
    status, drop = _status_of(obj)
    plain = False
    if drop:
        rows: list[SpanTuple] = []
    elif kind == "spans":
        rows, plain = _plain_spans(text, items)
    else:
        rows = [_span(text, kind, item, i) for i, item in enumerate(items, 1)]
    spans = SpanRows(rows, plain)
    title = _title_of(obj, meta)
    meta.setdefault("source", name or Path(source).name)
    return build_record(text, source, line, title=title, meta=meta, spans=spans,
                        annotator=_annotator_of(obj), status=status,
                        has_annotations=kind is not None)


def _text_of(obj: dict[str, Any], text_field: str) -> str:
    field = text_field
    if field not in obj and field == "text" and "data" in obj:
        field = "data"
    if field not in obj:
        keys = sorted(obj)
        found = ", ".join(map(repr, keys[:12])) + (", …" if len(keys) > 12 else "")
        raise Invalid(f"the record has no {text_field!r} field (it has {found or 'none'})",
                      hint="name the text field with --text-field")
    return check_text(obj[field], field)


def _meta_of(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("meta")
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise Invalid(f"'meta' must be an object, not {kind_of(meta)}")
    return dict(meta)


def _title_of(obj: dict[str, Any], meta: dict[str, Any]) -> str:
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        del meta["title"]
        return title
    title = obj.get("title")
    return title if isinstance(title, str) else ""


def _raw_spans(obj: dict[str, Any]) -> tuple[str | None, list[Any]]:
    if "spans" in obj:
        kind = "spans"
    elif isinstance(obj.get("label"), list):
        kind = "label"
    elif "entities" in obj:
        kind = "entities"
    else:
        return None, []
    items = obj[kind]
    if items is None:
        return kind, []
    if not isinstance(items, list):
        raise Invalid(f"{kind!r} must be a list, not {kind_of(items)}")
    return kind, items


def _plain_spans(text: str, items: list[Any]) -> tuple[list[SpanTuple], bool]:
    """The rows of a record's ``"spans"``; ``{"start", "end", "label"}`` ones checked inline.

    Those are the common case of a big import: one loop for the record, no call per span.
    Anything else (more fields of ours, or a problem) takes the full checks of
    :func:`_span`, which give the same row or name what is wrong. The flag says whether
    every span was such a plain one.
    """
    size = len(text)
    rows: list[SpanTuple] = []
    append = rows.append
    plain = True
    for number, item in enumerate(items, 1):
        # Three keys that are start, end and label cannot be any of _FIELDS.
        if type(item) is dict and (len(item) == 3 or _FIELDS.isdisjoint(item)):
            start, end, label = item.get("start"), item.get("end"), item.get("label")
            if type(start) is int and type(end) is int and 0 <= start < end <= size \
                    and type(label) is str and label.strip():
                append((start, end, label, IMPORTED, "", NO_ATTRIBUTES, ""))
                continue
        append(_span(text, "spans", item, number))
        plain = False
    return rows, plain


def _span(text: str, kind: str | None, item: Any, number: int) -> SpanTuple:
    try:
        if kind == "label":
            if not isinstance(item, list) or len(item) != 3:
                raise Invalid(f"expected [start, end, label], not {json.dumps(item)[:60]}",
                              hint="doccano classification labels are not spans")
            return span_row(text, item[0], item[1], item[2])
        if not isinstance(item, dict):
            raise Invalid(f"a span must be an object, not {kind_of(item)}")
        get = item.get
        if kind == "entities":
            return span_row(text, get("start_offset"), get("end_offset"), get("label"))
        return span_row(text, get("start"), get("end"), get("label"), get("text"),
                        get("origin"), get("rule"), get("attributes"), get("note"))
    except Invalid as exc:
        raise Invalid(f"span {number}: {exc.reason}", exc.hint) from None


def _status_of(obj: dict[str, Any]) -> tuple[Status | None, bool]:
    answer = obj.get("answer")
    if answer is not None and answer not in _ANSWERS:
        raise Invalid(f"answer must be one of {', '.join(_ANSWERS)}, not {answer!r}")
    drop = answer in ("reject", "ignore")
    status = parse_status(obj.get("status"))
    if status is None and answer is not None:
        status = Status.SKIPPED if drop else Status.DONE
    return status, drop


def _annotator_of(obj: dict[str, Any]) -> str | None:
    for key in ("_annotator_id", "_session_id"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
