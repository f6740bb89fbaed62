"""Reading plain-text files: each file is one document.

Owns: the plain-text import (title from the first non-empty line, file name as source).
Must not import: Qt, sqlite3, spaCy — only the standard library and ``annotator.core`` /
``annotator.io``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.io.common import (
    Invalid,
    build_record,
    check_text,
    decode_text,
    input_error,
    read_bytes,
)
from annotator.io.records import ImportRecord


def read_txt(path: Path) -> ImportRecord:
    """Read one UTF-8 text file as one document.

    Raises:
        InputError: when the file cannot be read, is not UTF-8, or is empty.
    """
    source = str(path)
    text = decode_text(read_bytes(path), source)
    try:
        check_text(text, "text")
    except Invalid as exc:
        raise input_error(source, exc, 1) from None
    return build_record(text, source, 1, meta={"source": path.name})


def read_txt_files(paths: Iterable[Path]) -> Iterator[ImportRecord]:
    """Stream :func:`read_txt` over ``paths``, one file in memory at a time."""
    for path in paths:
        yield read_txt(path)
