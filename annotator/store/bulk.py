"""Bulk writes: many rows of documents, annotations or status in one SQL statement.

Owns: how large batches reach SQLite. Each batch becomes ONE statement whose rows SQLite
reads from a JSON array (document texts from one BLOB, by byte offsets) instead of one
statement per row. One statement is one call into SQLite that runs without Python's GIL,
so an import's reading and checking in another thread overlaps with SQLite's writing (see
``annotator.app.importing``). Statements are prepared by pure functions, so that the thread
that reads can also build them, and run by :func:`run`.

SQLite's JSON functions end a string at an escaped NUL character: rows whose JSON holds
one are written one by one (``executemany``) instead, which keeps every character.
Must not import: Qt, spaCy.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from annotator.core.model import Document

_MAX_BLOB = 64_000_000
"""Bytes of document text per statement: far below SQLite's 1 GB limit on one value."""
_MAX_ROWS = 20_000

_DOCS = "INSERT OR IGNORE INTO documents(id, title, text, meta, imported_at) "
_DOCS_JSON = (_DOCS + "SELECT value->>0, value->>1, CAST(substr(?2, value->>2, value->>3) "
              "AS TEXT), value->>4, ?3 FROM json_each(?1)")
_DOCS_ROWS = _DOCS + "VALUES (?,?,?,?,?)"

# Rows name their document by id; annotations store its number (schema m005). Spans
# already there are skipped with ON CONFLICT, which (unlike OR IGNORE) still refuses a
# span of an unknown document: its number is NULL. So no row of this module needs
# SQLite's foreign-key checks to be refused (``Project.bulk_atomic`` turns them off).
_SEQ = "(SELECT seq FROM documents WHERE id = {})"
_SKIP = " ON CONFLICT DO NOTHING"
_ANN = ('INSERT INTO annotations(id, doc_seq, annotator, label, start, "end", origin, rule, '
        'attributes, note, codebook_version, created) ')
_ANN_JSON = (_ANN + "SELECT value->>0, " + _SEQ.format("value->>1") + ", "
             + ", ".join(f"value->>{i}" for i in range(2, 12))
             + " FROM json_each(?) WHERE true" + _SKIP)
INSERT_ANNOTATION = _ANN + f"VALUES (?, {_SEQ.format('?')}, {','.join('?' * 10)})"
"""One annotation row: id (or ``None``), doc_id, annotator, label, start, end, origin,
rule, attributes (JSON), note, codebook_version, created."""
_ANN_ROWS = INSERT_ANNOTATION + _SKIP

_PLAIN = ('INSERT INTO annotations(doc_seq, annotator, label, start, "end", origin, '
          'codebook_version, created) ')
_PLAIN_JSON = (_PLAIN + f"SELECT {_SEQ.format('value->>0')}, value->>1, value->>2, value->>3, "
               "value->>4, 'imported', ?2, ?3 FROM json_each(?1) WHERE true" + _SKIP)
_PLAIN_ROWS = _PLAIN + f"VALUES ({_SEQ.format('?')},?,?,?,?,'imported',?,?)" + _SKIP
# One span per 29 ASCII bytes (see _fixed_width): the index of its document in the JSON
# array ?5 of document ids (5 digits), start and end (10 each), and two-digit indexes
# of its label and coder. Spans come grouped by document, so the walk over the records
# carries the document's number along and looks it up only when the index changes (NULL
# for an unknown id, which NOT NULL refuses): a lookup for every span would cost SQLite a
# fifth more time.
_INDEX = "CAST(substr(?1, {}, 5) AS INTEGER)"
_NUMBER = "(SELECT seq FROM documents WHERE id = ?5 ->> {})"
_NEXT = _INDEX.format("o + 29")
_CODE = "CAST(substr(?1, o + {}, 2) AS INTEGER)"
_CASE_MAX = 8
"""Up to this many labels in a chunk, a span's label is chosen by CASE among bound
parameters (?8, ?9, …), not read from the JSON array ?3 of labels: reading JSON for
every span took a sixth of SQLite's time. A chunk's only coder is bound as ?4 itself;
several are read from the JSON array ?4."""


@functools.cache
def _plain_fixed(labels: int, coders: int) -> str:
    """The statement for fixed-width spans of ``labels`` labels and ``coders`` coders."""
    coder = "?4" if coders == 1 else "?4 ->> " + _CODE.format(27)
    if labels <= _CASE_MAX:
        label = (f"CASE {_CODE.format(25)} "
                 + " ".join(f"WHEN {i} THEN ?{8 + i}" for i in range(labels)) + " END")
    else:
        label = "?3 ->> " + _CODE.format(25)
    return (_PLAIN + "WITH RECURSIVE at(o, k, n) AS (SELECT 1, " + _INDEX.format(1) + ", "
            + _NUMBER.format(_INDEX.format(1)) + " UNION ALL SELECT o + 29, " + _NEXT
            + f", CASE WHEN {_NEXT} = k THEN n ELSE {_NUMBER.format(_NEXT)} END "
            f"FROM at WHERE o + 29 <= ?2) SELECT n, {coder}, {label}, "
            "CAST(substr(?1, o + 5, 10) AS INTEGER), "
            "CAST(substr(?1, o + 15, 10) AS INTEGER), 'imported', ?6, ?7 FROM at "
            "WHERE true" + _SKIP)


# Status rows name their document by id, looked up as well: NULL for an unknown one.
_STATUS = "INSERT INTO doc_status(doc_id, annotator, status, updated) "
_ID = "(SELECT id FROM documents WHERE id = {})"
_UPSERT = (" ON CONFLICT(doc_id, annotator) DO UPDATE SET status = excluded.status, "
           "updated = excluded.updated")
_STATUS_JSON = (_STATUS + f"SELECT {_ID.format('value->>0')}, value->>1, value->>2, ?2 "
                "FROM json_each(?1) WHERE true" + _UPSERT)
_STATUS_ROWS = _STATUS + f"VALUES ({_ID.format('?')},?,?,?)" + _UPSERT


class Statement(NamedTuple):
    """One write: ``sql`` with ``params``; when ``many``, ``params`` is a list of rows."""

    sql: str
    params: Sequence[Any]
    many: bool = False


def packing_supported(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite runs the packed statements (JSON functions and ``->>``: 3.38+).

    Python may be linked against an older system SQLite; then use ``packed=False``.
    """
    try:
        return conn.execute("SELECT '[7]' ->> 0").fetchone()[0] == 7
    except sqlite3.Error:
        return False


def run(conn: sqlite3.Connection, statements: Iterable[Statement]) -> int:
    """Execute ``statements`` in order; return how many rows they changed."""
    before = conn.total_changes
    for sql, params, many in statements:
        if many:
            conn.executemany(sql, params)
        else:
            conn.execute(sql, params)
    return conn.total_changes - before


def documents(docs: Sequence[Document], now: int, packed: bool = True) -> list[Statement]:
    """Insert ``docs`` that are not there yet (same id means same text).

    ``packed=False`` (as for every function here) makes ``executemany`` statements: less
    work in all, for a process that has only one core to do it.
    """
    if not packed:
        return [Statement(_DOCS_ROWS, [(d.id, d.title, d.text, _meta(d), now) for d in docs],
                          True)]
    out: list[Statement] = []
    start = 0
    while start < len(docs):
        rows: list[tuple[str, str, int, int, str | None]] = []
        blobs: list[bytes] = []
        offset = 1  # SQLite's substr counts from 1
        for doc in docs[start:start + _MAX_ROWS]:
            data = doc.text.encode("utf-8")
            rows.append((doc.id, doc.title, offset, len(data), _meta(doc)))
            blobs.append(data)
            offset += len(data)
            if offset > _MAX_BLOB:
                break
        payload = _as_json(rows)
        if payload is None:
            out.append(Statement(_DOCS_ROWS, [
                (d.id, d.title, d.text, meta, now)
                for d, (*_, meta) in zip(docs[start:start + len(rows)], rows)], True))
        else:
            out.append(Statement(_DOCS_JSON, (payload, b"".join(blobs), now)))
        start += len(rows)
    return out


def annotations(rows: Sequence[Sequence[Any]], packed: bool = True) -> list[Statement]:
    """Insert rows in :data:`INSERT_ANNOTATION` order, skipping those already there."""
    return _statements(rows, _ANN_JSON if packed else "", _ANN_ROWS, ())


def plain_annotations(rows: Sequence[tuple[str, str, str, int, int]], version: str,
                      created: int, packed: bool = True) -> list[Statement]:
    """Insert ``(doc_id, annotator, label, start, end)`` spans of origin ``imported``."""
    spans = PlainSpans(version, created)
    for doc, coder, label, start, end in rows:
        spans.add(doc, coder, ((start, end, label),))
    return spans.statements(packed)


_Group = tuple[str, str, Sequence[Sequence[Any]]]


class PlainSpans:
    """Spans of origin ``imported`` without rule, attributes or note, a document at a time.

    The hot path of an import. Spans travel as fixed-width ASCII records, which SQLite
    takes apart with ``substr``: about a quarter less of SQLite's time than a JSON array
    of rows. Chunks that do not fit go as JSON. Each span is formatted once, straight
    from the reader's rows; what is the same for a document is looked up once for it.
    """

    def __init__(self, version: str, created: int) -> None:
        self.version, self.created = version, created
        self._groups: list[_Group] = []
        self._count = 0

    def add(self, doc_id: str, coder: str, spans: Sequence[Sequence[Any]]) -> None:
        """One coder's spans of one document: rows that begin with start, end, label."""
        if spans:
            self._groups.append((doc_id, coder, spans))
            self._count += len(spans)

    def __len__(self) -> int:
        return self._count

    def statements(self, packed: bool = True) -> list[Statement]:
        """The statements that insert the spans added (skipping those already there)."""
        extra = (self.version, self.created)
        if not packed:
            return _statements(_rows(self._groups), "", _PLAIN_ROWS, extra)
        out: list[Statement] = []
        for chunk in _chunks(self._groups, _MAX_ROWS):
            fixed = _fixed_width(chunk, extra)
            if fixed is None:
                out += _statements(_rows(chunk), _PLAIN_JSON, _PLAIN_ROWS, extra)
            else:
                out.append(fixed)
        return out


def _rows(groups: Iterable[_Group]) -> list[tuple[str, str, str, int, int]]:
    return [(doc, coder, label, start, end) for doc, coder, spans in groups
            for start, end, label, *_ in spans]


def _chunks(groups: Sequence[_Group], size: int) -> Iterator[list[_Group]]:
    """Consecutive groups of at most ``size`` spans in all (a larger group is cut)."""
    chunk: list[_Group] = []
    room = size
    for doc, coder, spans in groups:
        at = 0
        while at < len(spans):
            part = spans[at:at + room]
            chunk.append((doc, coder, part))
            at += len(part)
            room -= len(part)
            if not room:
                yield chunk
                chunk, room = [], size
    if chunk:
        yield chunk


def _fixed_width(groups: Sequence[_Group], extra: tuple[str, int]) -> Statement | None:
    """The statement that writes the spans of ``groups`` as fixed-width records.

    ``extra`` is (codebook version, time). ``None`` when they do not fit: more than 100
    labels or coders in the chunk, a name that JSON cannot carry to SQLite intact, or an
    offset of more than ten digits (a text in SQLite has fewer than 10⁹ characters). A
    chunk has fewer than 10⁵ documents.
    """
    docs: dict[str, str] = {}
    coders: dict[str, str] = {}
    labels: dict[str, str] = {}
    for doc, coder, spans in groups:
        docs.setdefault(doc, f"{len(docs):05d}")
        coders.setdefault(coder, f"{len(coders):02d}")
        for label in dict.fromkeys([row[2] for row in spans]):
            labels.setdefault(label, f"{len(labels):02d}")
    names = (_as_json(list(labels)), _as_json(list(coders)), _as_json(list(docs)))
    if len(labels) > 100 or len(coders) > 100 or None in names:
        return None
    offsets = ([row[0] for _, _, spans in groups for row in spans]
               + [row[1] for _, _, spans in groups for row in spans])
    low, high = min(offsets, default=0), max(offsets, default=0)
    if high >= 10**10:  # no text is that long; SQLite's JSON way keeps what it is given
        return None
    pad = _padded(low, high)
    parts: list[str] = []
    for doc, coder, spans in groups:
        head, tail = docs[doc], coders[coder]
        ends = {label: index + tail for label, index in labels.items()}
        if pad is None:
            parts += [f"{head}{row[0]:010d}{row[1]:010d}{ends[row[2]]}" for row in spans]
        else:  # half the time of formatting two numbers for each span
            parts += [head + pad[row[0]] + pad[row[1]] + ends[row[2]] for row in spans]
    data = "".join(parts)
    sql = _plain_fixed(len(labels), len(coders))
    coder_names = next(iter(coders)) if len(coders) == 1 else names[1]
    case = list(labels) if len(labels) <= _CASE_MAX else []
    return Statement(sql, (data.encode("ascii"), len(data), names[0], coder_names, names[2],
                           *extra, *case))


_PADDED: list[str] = []
_PADDED_MAX = 1 << 16


def _padded(low: int, high: int) -> list[str] | None:
    """A list whose item ``i`` is ``i`` in ten digits, for ``low <= i <= high``.

    ``None`` for offsets below 0 or from 2¹⁶ on (those are formatted). The list grows
    to the largest offset met (an article of 10,000 characters: 0.7 MB). It is replaced,
    never changed, so threads that import at once each read a whole list.
    """
    global _PADDED
    if low < 0 or high >= _PADDED_MAX:
        return None
    table = _PADDED
    if len(table) <= high:
        table = _PADDED = table + [f"{i:010d}" for i in range(len(table), high + 1)]
    return table


def status(rows: Sequence[tuple[str, str, str]], now: int,
           packed: bool = True) -> list[Statement]:
    """Set ``(doc_id, annotator, status)``; of two rows for one pair the later wins."""
    return _statements(rows, _STATUS_JSON if packed else "", _STATUS_ROWS, (now,))


def _statements(rows: Sequence[Sequence[Any]], as_json: str, one_by_one: str,
                extra: tuple[Any, ...]) -> list[Statement]:
    """Statements of ``as_json``; of ``one_by_one`` where JSON cannot go or none is given."""
    out: list[Statement] = []
    for i in range(0, len(rows), _MAX_ROWS):
        chunk = rows[i:i + _MAX_ROWS]
        payload = _as_json(chunk) if as_json else None
        if payload is None:
            out.append(Statement(one_by_one, [(*row, *extra) for row in chunk], True))
        else:
            out.append(Statement(as_json, (payload, *extra)))
    return out


def _as_json(rows: Sequence[Sequence[Any]]) -> str | None:
    """The rows as one JSON array, or ``None`` when SQLite could not read it back intact."""
    text = json.dumps(rows, ensure_ascii=False, check_circular=False)
    return None if "\\u0000" in text else text


_encode_meta = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(…, ensure_ascii=False)`` without building an encoder for every document."""


def _meta(doc: Document) -> str | None:
    return _encode_meta(dict(doc.meta)) if doc.meta else None
