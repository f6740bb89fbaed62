"""One entry point for every import format: :func:`read`.

Owns: choosing a reader by format name or by file extension, and reading folders.
Must not import: Qt, sqlite3, spaCy — only the standard library and ``annotator.core`` /
``annotator.io``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.io.brat import read_brat, read_brat_pair
from annotator.io.csv_reader import read_csv
from annotator.io.jsonl_reader import read_jsonl
from annotator.io.records import ImportRecord
from annotator.io.txt_reader import read_txt, read_txt_files

FORMATS = ("auto", "txt", "jsonl", "csv", "brat")
"""The names ``read`` accepts for ``fmt``."""

EXTENSIONS = {".txt": "txt", ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl",
              ".csv": "csv", ".tsv": "csv", ".ann": "brat"}
"""File extensions ``fmt="auto"`` understands, and the format each means."""


def read(path: Path, fmt: str = "auto", text_field: str = "text") -> Iterator[ImportRecord]:
    """Stream the documents (and any annotations) of a file or folder.

    Records are produced one at a time, so memory stays flat however big the file is.
    An error is raised as soon as it is met; records yielded before it may be kept or
    thrown away by the caller (the app imports all or nothing).

    Args:
        path: a file, or a folder: every ``*.txt`` in it (sorted by name) for ``txt``,
            its ``.txt``/``.ann`` pairs for ``brat``, every file of the format's
            extensions for ``jsonl`` and ``csv``.
        fmt: ``auto`` (by extension; a folder with ``.ann`` files is brat, any other
            folder is txt), ``txt``, ``jsonl``, ``csv`` or ``brat``.
        text_field: the JSON key or CSV column holding the text.

    Returns:
        An iterator of records in file (and file-name) order.

    Raises:
        InputError: for an unknown format or a missing path at once; for bad content
            while iterating, naming the file, the line and the reason.
    """
    path = Path(path)
    source = str(path)
    if fmt not in FORMATS:
        raise InputError(source, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not path.exists():
        raise InputError(source, "no such file or folder")
    if path.is_dir():
        return _read_folder(path, fmt, text_field)
    if fmt == "auto":
        fmt = detect(path)
    return _reader(fmt, text_field)(path)


def detect(path: Path) -> str:
    """The format of a file or folder, as ``fmt="auto"`` decides it.

    Raises:
        InputError: when the extension is not one we know.
    """
    if path.is_dir():
        return "brat" if any(path.glob("*.ann")) else "txt"
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise InputError(str(path), f"cannot tell the format from the extension "
                         f"{path.suffix or '(none)'!r} (known: {known})",
                         hint="name it with --format")
    return found


def _reader(fmt: str, text_field: str) -> Callable[[Path], Iterator[ImportRecord]]:
    if fmt == "jsonl":
        return lambda p: read_jsonl(p, text_field)
    if fmt == "csv":
        return lambda p: read_csv(p, text_field)
    if fmt == "brat":
        return lambda p: _lazily(read_brat_pair, p)
    return lambda p: _lazily(read_txt, p)


def _lazily(reader: Callable[[Path], ImportRecord], path: Path) -> Iterator[ImportRecord]:
    """Read a one-document file on first use, like every other format."""
    yield reader(path)


def _read_folder(folder: Path, fmt: str, text_field: str) -> Iterator[ImportRecord]:
    if fmt == "auto":
        fmt = detect(folder)
    if fmt == "brat":
        return read_brat(folder)
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and EXTENSIONS.get(p.suffix.lower()) == fmt)
    if not files:
        wanted = ", ".join(ext for ext, f in EXTENSIONS.items() if f == fmt)
        raise InputError(str(folder), f"no documents found (no {wanted} files in the "
                         "folder)")
    if fmt == "txt":
        return read_txt_files(files)
    return _chain(files, _reader(fmt, text_field))


def _chain(files: list[Path],
           reader: Callable[[Path], Iterator[ImportRecord]]) -> Iterator[ImportRecord]:
    for path in files:
        yield from reader(path)
