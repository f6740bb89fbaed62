"""brat standoff: folders of ``X.txt`` + ``X.ann`` pairs, read and written.

Owns: the ``.ann`` line formats we understand — text-bound annotations (``T``), attributes
(``A``, and the older ``M``) and annotator notes (``#``) — and ``annotation.conf``.
Must not import: Qt, sqlite3, spaCy — only the standard library and ``annotator.core`` /
``annotator.io``.

Relations, events, normalisations and equivalences are not part of our model: their lines
are skipped and counted in the document's meta (``brat_ignored_lines``). Discontinuous
spans (``10 15;20 25``) are refused. brat has no annotator or status: the caller names the
annotator, and the status stays unset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.spans import check_span
from annotator.io.common import (
    Invalid,
    build_record,
    check_text,
    decode_text,
    input_error,
    make_span,
    read_bytes,
)
from annotator.io.records import ExportRecord, ImportRecord, SpanRecord

_UNSAFE = re.compile(r"[^\w.-]+")
_LINE_BREAKS = re.compile(r"[\r\n\t]")


def read_brat(folder: Path) -> Iterator[ImportRecord]:
    """Stream one record per ``.txt`` file of ``folder`` (sorted by name).

    A ``.txt`` without an ``.ann`` is a document without annotations; an ``.ann`` without
    a ``.txt`` is an error.

    Raises:
        InputError: naming the file (the ``.ann`` for annotation problems), the line and
            the reason.
    """
    texts = sorted(p for p in folder.glob("*.txt") if p.is_file())
    stems = {p.stem for p in texts}
    for ann in sorted(folder.glob("*.ann")):
        if ann.stem not in stems:
            raise InputError(str(ann), f"there is no matching {ann.stem}.txt")
    if not texts:
        raise InputError(str(folder), "no documents found (no .txt files in the folder)")
    for path in texts:
        yield read_brat_pair(path)


def read_brat_pair(path: Path) -> ImportRecord:
    """Read ``X.txt`` and, when it exists, ``X.ann`` (``path`` may name either).

    Raises:
        InputError: naming the file, the line and the reason.
    """
    txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
    text = decode_text(read_bytes(txt), str(txt))
    try:
        check_text(text, "text")
    except Invalid as exc:
        raise input_error(str(txt), exc, 1) from None
    meta: dict[str, Any] = {"source": txt.name}
    if not ann.exists():
        return build_record(text, str(txt), 1, meta=meta)
    spans, ignored = parse_ann(decode_text(read_bytes(ann), str(ann)), text, str(ann))
    if ignored:
        meta["brat_ignored_lines"] = ignored
    return build_record(text, str(ann), 1, meta=meta, spans=spans, has_annotations=True)


@dataclass
class _Entity:
    span: SpanRecord
    attributes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_ann(content: str, text: str, source: str) -> tuple[list[SpanRecord], int]:
    """Parse an ``.ann`` file against its text (offsets as in the ``.txt`` file).

    Returns:
        The spans in file order and the number of lines skipped as unsupported.

    Raises:
        InputError: naming ``source``, the line and the reason.
    """
    entities: dict[str, _Entity] = {}
    pending: list[tuple[int, str]] = []
    ignored = 0
    for number, line in enumerate(content.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            if line[0] == "T":
                ident, span = _entity(line, text)
                if ident in entities:
                    raise Invalid(f"the id {ident} is used twice")
                entities[ident] = _Entity(span)
            elif line[0] in "AM#":
                pending.append((number, line))
            else:
                ignored += 1
        except Invalid as exc:
            raise input_error(source, exc, number) from None
    for number, line in pending:
        try:
            ignored += not _attach(line, entities)
        except Invalid as exc:
            raise input_error(source, exc, number) from None
    spans = [replace(e.span, attributes=e.attributes, note="\n".join(e.notes))
             for e in entities.values()]
    return spans, ignored


def _entity(line: str, text: str) -> tuple[str, SpanRecord]:
    parts = line.split("\t")
    if len(parts) < 2:
        raise Invalid("expected 'T1<TAB>LABEL start end<TAB>text'")
    label, _, offsets = parts[1].partition(" ")
    if ";" in offsets:
        raise Invalid(f"{parts[0]} is a discontinuous span ({offsets}), which is not "
                      "supported", hint="split it into separate annotations")
    bounds = offsets.split()
    if len(bounds) != 2 or not all(b.isascii() and b.isdigit() for b in bounds):
        raise Invalid(f"{parts[0]}: expected 'LABEL start end' with whole-number offsets, "
                      f"not {parts[1]!r}")
    start, end = int(bounds[0]), int(bounds[1])
    quoted: str | None = "\t".join(parts[2:]) if len(parts) > 2 else None
    if quoted is not None and quoted.split() == text[start:end].split():
        quoted = None  # brat writes line breaks inside a span as spaces
    try:
        return parts[0], make_span(text, start, end, label, quoted=quoted)
    except Invalid as exc:
        raise Invalid(f"{parts[0]}: {exc.reason}", exc.hint) from None


def _attach(line: str, entities: dict[str, _Entity]) -> bool:
    """Attach an attribute or note line; ``False`` when it is of a kind we skip."""
    parts = line.split("\t")
    fields = parts[1].split() if len(parts) > 1 else []
    note = line[0] == "#"
    if len(fields) < 2 or (not note and len(fields) > 3):
        raise Invalid("expected '#1<TAB>AnnotatorNotes T1<TAB>note'" if note else
                      "expected 'A1<TAB>name T1' or 'A1<TAB>name T1 value'")
    target = fields[1]
    if (note and fields[0] != "AnnotatorNotes") or not target.startswith("T"):
        return False
    entity = entities.get(target)
    if entity is None:
        raise Invalid(f"{parts[0]} refers to {target}, which is not in the file")
    if note:
        entity.notes.append("\t".join(parts[2:]))
    else:
        entity.attributes[fields[0]] = fields[2] if len(fields) == 3 else True
    return True


def write_brat(records: Iterable[ExportRecord], folder: Path) -> int:
    """Write ``X.txt`` + ``X.ann`` per record, and an ``annotation.conf``, into ``folder``.

    ``X`` is ``<doc id>-<annotator>``. brat keeps less than we do: origins are dropped,
    labels, attribute names and values lose characters other than letters, digits,
    ``_``, ``.`` and ``-`` (replaced by ``_``), false attributes are left out (brat's
    convention), and line breaks in notes become spaces.

    Returns:
        The number of documents written.

    Raises:
        ValueError: when an annotation lies outside its document's text.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    conf = _Conf()
    count = 0
    for rec in records:
        stem = _unique(f"{rec.document.id}-{safe_name(rec.annotator)}", used)
        _write(folder / f"{stem}.txt", rec.document.text)
        _write(folder / f"{stem}.ann", ann_text(rec, conf))
        count += 1
    _write(folder / "annotation.conf", conf.render())
    return count


def safe_name(name: str) -> str:
    """``name`` with every run of characters brat or a file system may choke on as ``_``."""
    return _UNSAFE.sub("_", name) or "_"


def _unique(stem: str, used: set[str]) -> str:
    candidate, n = stem, 1
    while candidate.casefold() in used:  # case-insensitive file systems
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate.casefold())
    return candidate


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8", newline="")


@dataclass
class _Conf:
    labels: dict[str, None] = field(default_factory=dict)
    attributes: dict[str, dict[str, None]] = field(default_factory=dict)

    def render(self) -> str:
        attrs = [f"{name}\tArg:<ENTITY>" + (f", Value:{'|'.join(values)}" if values else "")
                 for name, values in self.attributes.items()]
        return "\n".join(["[entities]", *self.labels, "", "[relations]",
                          "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
                          "[events]", "", "[attributes]", *attrs, ""])


def ann_text(rec: ExportRecord, conf: _Conf | None = None) -> str:
    """The ``.ann`` content of one record; ``conf`` collects the labels and attributes used.

    Raises:
        ValueError: when an annotation lies outside the document's text.
    """
    conf = conf if conf is not None else _Conf()
    text = rec.document.text
    lines: list[str] = []
    n_attr = n_note = 0
    for t, ann in enumerate(rec.annotations, 1):
        check_span(text, ann.start, ann.end)
        label = safe_name(ann.label)
        conf.labels[label] = None
        covered = _LINE_BREAKS.sub(" ", text[ann.start:ann.end])
        lines.append(f"T{t}\t{label} {ann.start} {ann.end}\t{covered}")
        for name, value in ann.attributes.items():
            if value is False or value is None:
                continue
            n_attr += 1
            name = safe_name(name)
            values = conf.attributes.setdefault(name, {})
            if value is True:
                lines.append(f"A{n_attr}\t{name} T{t}")
            else:
                values[safe_name(str(value))] = None
                lines.append(f"A{n_attr}\t{name} T{t} {safe_name(str(value))}")
        if ann.note:
            n_note += 1
            lines.append(f"#{n_note}\tAnnotatorNotes T{t}\t{_LINE_BREAKS.sub(' ', ann.note)}")
    return "".join(line + "\n" for line in lines)
