"""Reading CSV and TSV files: one document per row.

Owns: the header rules (required; the text column; ``title``; everything else → meta).
Must not import: Qt, sqlite3, spaCy — only the standard library and ``annotator.core`` /
``annotator.io``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from annotator.core.errors import InputError
from annotator.io.common import (
    Invalid,
    build_record,
    check_text,
    input_error,
    iter_lines,
    open_binary,
)
from annotator.io.records import ImportRecord

# Articles can be longer than csv's default field limit of 128 KiB; 2**31 - 1 fits a C
# long on every platform.
_FIELD_LIMIT = 2**31 - 1


class _Reader(Protocol):
    line_num: int

    def __next__(self) -> list[str]: ...


def read_csv(path: Path, text_field: str = "text",
             delimiter: str | None = None) -> Iterator[ImportRecord]:
    """Stream one record per row of a CSV (``,``) or TSV (tab) file with a header row.

    Args:
        path: the file; ``.tsv`` means tab-separated unless ``delimiter`` is given.
        text_field: the column holding the text. A ``title`` column becomes the title;
            the other columns go to meta as strings.
        delimiter: the field separator.

    Yields:
        One record per non-blank row, in file order (``line`` is the row's first line).

    Raises:
        InputError: naming the file, the line and the reason.
    """
    source = str(path)
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    count = 0
    with open_binary(path) as fh:
        # strict: an unclosed quote must not swallow the rest of the file silently
        reader = csv.reader((text for _, text in iter_lines(fh, source)),
                            delimiter=delimiter, strict=True)
        rows = _rows(reader, source)
        header = _header(next(rows, None), source, text_field)
        for line, row in rows:
            try:
                record = _record(header, row, text_field, source, line, path.name)
            except Invalid as exc:
                raise input_error(source, exc, line) from None
            count += 1
            yield record
    if not count:
        raise InputError(source, "no documents found (no rows below the header)"
                         if header else "no documents found")


def _rows(reader: _Reader, source: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line they start on."""
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(source, f"malformed CSV: {exc}", line=start,
                             hint="check the quotes of this row") from None
        if row and any(cell.strip() for cell in row):
            yield start, row
        start = reader.line_num + 1


def _header(first: tuple[int, list[str]] | None, source: str, text_field: str) -> list[str]:
    if first is None:
        raise InputError(source, "no documents found (the file is empty)")
    line, row = first
    header = [name.strip() for name in row]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError(source, f"the column {name!r} appears twice in the header",
                             line=line)
        seen.add(name)
    if text_field not in seen:
        found = ", ".join(repr(n) for n in header)
        raise InputError(source, f"there is no {text_field!r} column (the header has "
                         f"{found})", line=line,
                         hint="a header row is required; name the text column with "
                              "--text-field")
    return header


def _record(header: list[str], row: list[str], text_field: str, source: str,
            line: int, name: str) -> ImportRecord:
    if len(row) > len(header):
        raise Invalid(f"the row has {len(row)} fields but the header has {len(header)}",
                      hint="quote fields that contain the separator")
    values = dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
    text = check_text(values.pop(text_field), text_field)
    title = values.pop("title", "")
    values.setdefault("source", name)
    return build_record(text, source, line, title=title, meta=values)
