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

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from annotator.core.model import Document

_MAX_BLOB = 64_000_000
"""Bytes of document text per statement: far below SQLite's 1 GB limit on one value."""
_MAX_ROWS = 20_000

_DOCS = "INSERT OR IGNORE INTO documents(id, title, text, meta, imported_at) "
_DOCS_JSON = (_DOCS + "SELECT value->>0, value->>1, CAST(substr(?2, value->>2, value->>3) "
              "AS TEXT), value->>4, ?3 FROM json_each(?1)")
_DOCS_ROWS = _DOCS + "VALUES (?,?,?,?,?)"

ANN_COLUMNS = ('id, doc_id, annotator, label, start, "end", origin, rule, attributes, note, '
               'codebook_version, created')
_ANN = f"INSERT OR IGNORE INTO annotations({ANN_COLUMNS}) "
_ANN_JSON = _ANN + "SELECT " + ", ".join(f"value->>{i}" for i in range(12)) + \
    " FROM json_each(?)"
_ANN_ROWS = _ANN + f"VALUES ({','.join('?' * 12)})"

_PLAIN = ('INSERT OR IGNORE INTO annotations(doc_id, annotator, label, start, "end", origin, '
          'codebook_version, created) ')
_PLAIN_JSON = (_PLAIN + "SELECT value->>0, value->>1, value->>2, value->>3, value->>4, "
               "'imported', ?2, ?3 FROM json_each(?1)")
_PLAIN_ROWS = _PLAIN + "VALUES (?,?,?,?,?,'imported',?,?)"
# One span per 44 ASCII bytes (see _fixed_width): document id 20, start 10, end 10, and
# two-digit indexes into the JSON arrays of labels (?3) and coders (?4).
_PLAIN_FIXED = (_PLAIN + "WITH RECURSIVE at(o) AS (SELECT 1 UNION ALL SELECT o + 44 FROM at "
                "WHERE o + 44 <= ?2) SELECT CAST(substr(?1, o, 20) AS TEXT), "
                "?4 ->> CAST(substr(?1, o + 42, 2) AS INTEGER), "
                "?3 ->> CAST(substr(?1, o + 40, 2) AS INTEGER), "
                "CAST(substr(?1, o + 20, 10) AS INTEGER), "
                "CAST(substr(?1, o + 30, 10) AS INTEGER), 'imported', ?5, ?6 FROM at")

_STATUS = "INSERT INTO doc_status(doc_id, annotator, status, updated) "
_UPSERT = (" ON CONFLICT(doc_id, annotator) DO UPDATE SET status = excluded.status, "
           "updated = excluded.updated")
_STATUS_JSON = (_STATUS + "SELECT value->>0, value->>1, value->>2, ?2 FROM json_each(?1) "
                "WHERE true" + _UPSERT)
_STATUS_ROWS = _STATUS + "VALUES (?,?,?,?)" + _UPSERT


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
    """Insert annotation rows in :data:`ANN_COLUMNS` order, skipping those already there."""
    return _statements(rows, _ANN_JSON if packed else "", _ANN_ROWS, ())


def plain_annotations(rows: Sequence[tuple[str, str, str, int, int]], version: str,
                      created: int, packed: bool = True) -> list[Statement]:
    """Insert ``(doc_id, annotator, label, start, end)`` spans of origin ``imported``.

    The hot path of an import. Spans of documents identified by content hash travel as
    fixed-width ASCII records, which SQLite takes apart with ``substr``: about a quarter
    less of SQLite's time than a JSON array of rows. Other chunks go as JSON.
    """
    if not packed:
        return _statements(rows, "", _PLAIN_ROWS, (version, created))
    out: list[Statement] = []
    for i in range(0, len(rows), _MAX_ROWS):
        chunk = rows[i:i + _MAX_ROWS]
        fixed = _fixed_width(chunk)
        if fixed is None:
            out += _statements(chunk, _PLAIN_JSON, _PLAIN_ROWS, (version, created))
        else:
            out.append(Statement(_PLAIN_FIXED, (*fixed, version, created)))
    return out


def _fixed_width(rows: Sequence[tuple[str, str, str, int, int]]) -> tuple[Any, ...] | None:
    """``(records, their length, labels JSON, coders JSON)``, or ``None`` if they do not fit.

    They fit when every document id is 20 ASCII characters and the chunk names at most
    100 labels and 100 coders (indices into the two JSON arrays). Offsets always fit in
    ten digits: a text in SQLite has fewer than 10⁹ characters.
    """
    labels: dict[str, str] = {}
    coders: dict[str, str] = {}
    for doc, coder, label, _, _ in rows:
        if len(doc) != 20:
            return None
        if label not in labels:
            labels[label] = f"{len(labels):02d}"
        if coder not in coders:
            coders[coder] = f"{len(coders):02d}"
    names = (_as_json(list(labels)), _as_json(list(coders)))
    if len(labels) > 100 or len(coders) > 100 or None in names:
        return None
    data = "".join([doc + str(start).zfill(10) + str(end).zfill(10) + labels[label]
                    + coders[coder] for doc, coder, label, start, end in rows])
    if not data.isascii():
        return None
    return data.encode("ascii"), len(data), *names


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


def _meta(doc: Document) -> str | None:
    return json.dumps(dict(doc.meta), ensure_ascii=False) if doc.meta else None
