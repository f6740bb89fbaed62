"""Documents, annotations and document status: rows to and from core values.

Owns: the SQL for the data researchers produce; applying core edits to rows.
Must not import: Qt, spaCy.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import groupby
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from annotator.core.history import (
    AddAnnotation,
    DecideSuggestion,
    Edit,
    RemoveAnnotation,
    SetStatus,
    UpdateAnnotation,
)
from annotator.core.model import (
    Annotation,
    AnnotationId,
    DocId,
    Document,
    DocumentSummary,
    Origin,
    SpanRow,
    Status,
)
from annotator.store import bulk

_ANN_COLS = ('a.id, d.id, a.annotator, a.label, a.start, a."end", a.origin, a.rule, '
             'a.attributes, a.note, a.codebook_version')
_ANN_FROM = "FROM annotations a JOIN documents d ON d.seq = a.doc_seq"


_ORIGIN = {o.value: o for o in Origin}
_AS_IMPORTED = ("a.origin = 'imported' AND a.rule = '' AND a.attributes IS NULL "
                "AND a.note = ''")
"""A span as an import leaves it, the common case of a big export."""
_NO_ATTRIBUTES: Mapping[str, Any] = MappingProxyType({})


def _ann(row: Sequence[Any]) -> Annotation:
    # Positional and without NewType calls: exports build hundreds of thousands of these.
    return Annotation(row[1], row[2], row[3], row[4], row[5], _ORIGIN[row[6]], row[7],
                      json.loads(row[8]) if row[8] else {}, row[9], row[10], row[0])


def raw_annotation_row(doc_id: str, annotator: str, label: str, start: int, end: int,
                       origin: str, rule: str, attributes: Mapping[str, Any], note: str,
                       codebook_version: str, created: int,
                       ann_id: int | None = None) -> tuple[Any, ...]:
    """A row for :meth:`RecordsMixin.insert_annotation_rows`, without an Annotation.

    Columns in :data:`bulk.INSERT_ANNOTATION` order; bulk imports make hundreds of
    thousands of rows, so they skip building value objects.
    """
    attrs = json.dumps(dict(attributes), ensure_ascii=False) if attributes else None
    return (ann_id, doc_id, annotator, label, start, end, origin, rule, attrs, note,
            codebook_version, created)


def annotation_row(a: Annotation, created: int) -> tuple[Any, ...]:
    """The row of an annotation (see :func:`raw_annotation_row`)."""
    return raw_annotation_row(a.doc_id, a.annotator, a.label, a.start, a.end, a.origin.value,
                              a.rule, a.attributes, a.note, a.codebook_version, created, a.id)


class RecordsMixin:
    """Queries and writes on documents, annotations and status."""

    conn: sqlite3.Connection

    # -- documents ----------------------------------------------------------------
    def insert_documents(self, docs: Iterable[Document]) -> int:
        """Insert documents that are not there yet (by content hash); return how many were new."""
        return bulk.run(self.conn, bulk.documents(list(docs), int(time.time())))

    def existing_text(self, doc_id: str) -> str | None:
        """The stored text of ``doc_id``, or ``None``."""
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def document(self, doc_id: str) -> Document:
        """One document; ``KeyError`` when there is none with that id."""
        row = self.conn.execute(
            "SELECT id, text, title, meta FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return Document(DocId(row[0]), row[1], row[2], json.loads(row[3]) if row[3] else {})

    def iter_documents(self, doc_ids: Sequence[str] | None = None,
                       batch: int = 500) -> Iterator[Document]:
        """Documents in import order (all, or those in ``doc_ids``), read in batches."""
        sql = "SELECT seq, id, text, title, meta FROM documents WHERE seq > ? ORDER BY seq LIMIT ?"
        if doc_ids is not None:
            wanted = set(doc_ids)
        last = 0
        while True:
            rows = self.conn.execute(sql, [last, batch]).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for _, i, text, title, meta in rows:
                if doc_ids is None or i in wanted:
                    yield Document(DocId(i), text, title, json.loads(meta) if meta else {})

    def count_documents(self) -> int:
        """How many documents the project holds."""
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def summaries(self, annotator: str) -> list[DocumentSummary]:
        """Every document with its length and this coder's status and span count."""
        rows = self.conn.execute(
            """SELECT d.id, d.title, length(d.text), s.status,
                      (SELECT count(*) FROM annotations a
                        WHERE a.doc_seq = d.seq AND a.annotator = :who)
                 FROM documents d
                 LEFT JOIN doc_status s ON s.doc_id = d.id AND s.annotator = :who
                ORDER BY d.seq""", {"who": annotator}).fetchall()
        status = {s.value: s for s in Status}  # 30 ns a lookup; Status(st) takes 0.8 µs
        return [DocumentSummary(DocId(i), t, n, status.get(st), c) for i, t, n, st, c in rows]

    # -- annotations --------------------------------------------------------------
    def annotations(self, doc_id: str, annotator: str | None = None) -> list[Annotation]:
        """Annotations of a document (of one coder, or of all), in text order."""
        sql = f"SELECT {_ANN_COLS} {_ANN_FROM} WHERE d.id = ?"
        args: list[Any] = [doc_id]
        if annotator is not None:
            sql += " AND a.annotator = ?"
            args.append(annotator)
        rows = self.conn.execute(sql + ' ORDER BY a.start, a."end", a.label', args).fetchall()
        return [_ann(r) for r in rows]

    def annotation(self, ann_id: int) -> Annotation:
        """One annotation; ``KeyError`` when it does not exist."""
        row = self.conn.execute(
            f"SELECT {_ANN_COLS} {_ANN_FROM} WHERE a.id = ?", [ann_id]).fetchone()
        if row is None:
            raise KeyError(ann_id)
        return _ann(row)

    def find_annotation(self, doc_id: str, annotator: str, label: str, start: int,
                        end: int) -> Annotation | None:
        """The annotation with exactly this key, if any."""
        row = self.conn.execute(
            f'SELECT {_ANN_COLS} {_ANN_FROM} WHERE d.id = ? AND a.annotator = ? '
            f'AND a.label = ? AND a.start = ? AND a."end" = ?',
            [doc_id, annotator, label, start, end]).fetchone()
        return _ann(row) if row else None

    def insert_annotation_rows(self, rows: Sequence[tuple[Any, ...]]) -> int:
        """Bulk insert rows made by :func:`annotation_row`; duplicates are skipped."""
        return bulk.run(self.conn, bulk.annotations(rows))

    def insert_plain_annotations(self, rows: Sequence[tuple[str, str, str, int, int]],
                                 version: str, created: int) -> int:
        """Bulk insert plain imported spans ``(doc_id, annotator, label, start, end)``.

        These spans have no rule, attributes or note; duplicates are skipped.
        """
        return bulk.run(self.conn, bulk.plain_annotations(rows, version, created))

    # -- status -------------------------------------------------------------------
    def status(self, doc_id: str, annotator: str) -> Status | None:
        """A coder's status for a document, or ``None``."""
        row = self.conn.execute(
            "SELECT status FROM doc_status WHERE doc_id = ? AND annotator = ?",
            [doc_id, annotator]).fetchone()
        return Status(row[0]) if row else None

    def set_status_rows(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """Bulk set ``(doc_id, annotator, status)``; the later write wins."""
        bulk.run(self.conn, bulk.status(rows, int(time.time())))

    def packing_supported(self) -> bool:
        """Whether :mod:`annotator.store.bulk` may pack rows (this SQLite is recent enough)."""
        return bulk.packing_supported(self.conn)

    def run_bulk(self, statements: Iterable[bulk.Statement]) -> int:
        """Execute statements prepared by :mod:`annotator.store.bulk`; return rows changed."""
        return bulk.run(self.conn, statements)

    def add_seconds(self, doc_id: str, annotator: str, seconds: float) -> None:
        """Add active annotation time to a coder's record of a document."""
        self.conn.execute(
            "INSERT INTO doc_status(doc_id, annotator, status, updated, seconds) "
            "VALUES (?, ?, 'in_progress', ?, ?) ON CONFLICT(doc_id, annotator) "
            "DO UPDATE SET seconds = seconds + excluded.seconds",
            [doc_id, annotator, int(time.time()), seconds])

    # -- edits --------------------------------------------------------------------
    def apply(self, edit: Edit) -> Edit:
        """Apply one core edit; returns it with any new annotation id filled in."""
        if isinstance(edit, AddAnnotation):
            row = annotation_row(edit.annotation, int(time.time()))
            cur = self.conn.execute(bulk.INSERT_ANNOTATION, row)
            if edit.annotation.id is None:
                return AddAnnotation(_with_id(edit.annotation, cur.lastrowid))
        elif isinstance(edit, RemoveAnnotation):
            self.conn.execute("DELETE FROM annotations WHERE id = ?", [edit.annotation.id])
        elif isinstance(edit, UpdateAnnotation):
            a = edit.after
            attrs = json.dumps(dict(a.attributes), ensure_ascii=False) if a.attributes else None
            self.conn.execute(
                "UPDATE annotations SET label = ?, attributes = ?, note = ?, origin = ?, "
                "rule = ?, codebook_version = ? WHERE id = ?",
                [a.label, attrs, a.note, a.origin.value, a.rule, a.codebook_version, a.id])
        elif isinstance(edit, SetStatus):
            if edit.after is None:
                self.conn.execute(
                    "UPDATE doc_status SET status = 'in_progress' "
                    "WHERE doc_id = ? AND annotator = ?", [edit.doc_id, edit.annotator])
            else:
                self.set_status_rows([(edit.doc_id, edit.annotator, edit.after.value)])
        elif isinstance(edit, DecideSuggestion):
            return self.apply_decision(edit)  # type: ignore[attr-defined]  # SuggestionsMixin
        return edit


def _with_id(a: Annotation, new_id: int | None) -> Annotation:
    return replace(a, id=AnnotationId(new_id) if new_id is not None else None)


class ExportQueriesMixin:
    """Read-only queries that drive exports and statistics."""

    conn: sqlite3.Connection

    def export_pairs(self, annotators: Sequence[str] | None = None,
                     done_only: bool = False) -> list[tuple[str, str, Status | None]]:
        """``(doc_id, annotator, status)`` for every coder who annotated or decided a document.

        In import order of the documents, then by coder name.
        """
        sql = """SELECT d.id, x.annotator, s.status
                   FROM (SELECT DISTINCT doc_seq, annotator FROM annotations
                         UNION SELECT d.seq, s.annotator FROM doc_status s
                                 JOIN documents d ON d.id = s.doc_id) x
                   JOIN documents d ON d.seq = x.doc_seq
                   LEFT JOIN doc_status s ON s.doc_id = d.id AND s.annotator = x.annotator"""
        where, args = [], []
        if annotators:
            where.append(f"x.annotator IN ({','.join('?' * len(annotators))})")
            args += list(annotators)
        if done_only:
            where.append("s.status = 'done'")
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.conn.execute(sql + " ORDER BY d.seq, x.annotator", args).fetchall()
        return [(d, a, Status(s) if s else None) for d, a, s in rows]

    def _annotations_by_coder(self, columns: str, doc_ids: Sequence[str],
                              labels: Sequence[str] | None) -> Iterator[tuple[Any, list[Any]]]:
        """``((doc_id, annotator), rows)`` groups; rows start with doc number and annotator.

        Each group is ordered by start, end and label; ``labels`` (if any) filters. Spans
        are found by document number, the start of their index: joining each span's
        64-character id cost a sixth of the read.
        """
        for i in range(0, len(doc_ids), 500):
            chunk = list(doc_ids[i:i + 500])
            ids = dict(self.conn.execute(
                f"SELECT seq, id FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall())
            sql = (f"SELECT a.doc_seq, a.annotator, {columns} FROM annotations a "
                   f"WHERE a.doc_seq IN ({','.join('?' * len(ids))})")
            args: list[Any] = list(ids)
            if labels:
                sql += f" AND a.label IN ({','.join('?' * len(labels))})"
                args += list(labels)
            rows = self.conn.execute(
                sql + ' ORDER BY a.doc_seq, a.annotator, a.start, a."end", a.label', args)
            for (seq, who), group in groupby(rows, key=itemgetter(0, 1)):
                yield (ids[seq], who), list(group)

    def span_rows_of(self, doc_ids: Sequence[str], labels: Sequence[str] | None = None
                     ) -> dict[tuple[str, str], list[SpanRow]]:
        """Annotations of several documents as :class:`SpanRow` tuples.

        Grouped by ``(doc_id, annotator)``, each group ordered by start, end and label.
        Spans as an import leaves them (origin ``imported``, no rule, attributes or note)
        come in seven values; the rest of the others is read by id afterwards. Every value
        costs the sqlite3 module a few calls into SQLite, each taking its lock: ten values
        a span made that read twice as long.
        """
        new, imported, empty = tuple.__new__, Origin.IMPORTED, _NO_ATTRIBUTES
        groups = dict(self._annotations_by_coder(
            f'a.start, a."end", a.label, a.codebook_version, CASE WHEN {_AS_IMPORTED} '
            "THEN NULL ELSE a.id END", doc_ids, labels))
        details = self._span_details([row[-1] for rows in groups.values() for row in rows
                                      if row[-1] is not None])
        return {key: [new(SpanRow, (start, end, label, imported, "", empty, "", version)
                          if more is None else (start, end, label, *details[more], version))
                      for _, _, start, end, label, version, more in rows]
                for key, rows in groups.items()}

    def _span_details(self, ann_ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        """``{id: (origin, rule, attributes, note)}`` of annotations."""
        out: dict[int, tuple[Any, ...]] = {}
        for i in range(0, len(ann_ids), 500):
            chunk = list(ann_ids[i:i + 500])
            for ann_id, origin, rule, attributes, note in self.conn.execute(
                    "SELECT id, origin, rule, attributes, note FROM annotations "
                    f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                out[ann_id] = (_ORIGIN[origin], rule,
                               json.loads(attributes) if attributes else _NO_ATTRIBUTES, note)
        return out

    def span_keys_of(self, doc_ids: Sequence[str], labels: Sequence[str] | None = None
                     ) -> dict[tuple[str, str], list[tuple[int, int, str]]]:
        """Just ``(start, end, label)`` of the annotations of several documents.

        Grouped and ordered like :meth:`span_rows_of`; agreement over a whole project
        reads hundreds of thousands of them and needs nothing else.
        """
        return {key: [r[2:] for r in rows] for key, rows in self._annotations_by_coder(
            'a.start, a."end", a.label', doc_ids, labels)}

    def documents_by_id(self, doc_ids: Sequence[str]) -> dict[str, Document]:
        """Several documents by id."""
        out: dict[str, Document] = {}
        for i in range(0, len(doc_ids), 500):
            chunk = list(doc_ids[i:i + 500])
            for d, text, title, meta in self.conn.execute(
                    f"SELECT id, text, title, meta FROM documents WHERE id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                out[d] = Document(DocId(d), text, title, json.loads(meta) if meta else {})
        return out

    def progress_counts(self) -> dict[str, dict[str, float]]:
        """Per coder: documents per status, active seconds, and spans."""
        out: dict[str, dict[str, float]] = {}
        for who, st, n, secs in self.conn.execute(
                "SELECT annotator, status, count(*), sum(seconds) FROM doc_status "
                "GROUP BY annotator, status"):
            row = out.setdefault(who, {"done": 0, "in_progress": 0, "skipped": 0,
                                       "seconds": 0.0, "spans": 0})
            row[st] = n
            row["seconds"] += secs or 0.0
        for who, n in self.conn.execute(
                "SELECT annotator, count(*) FROM annotations GROUP BY annotator"):
            out.setdefault(who, {"done": 0, "in_progress": 0, "skipped": 0,
                                 "seconds": 0.0, "spans": 0})["spans"] = n
        return out

    def label_counts(self) -> dict[str, dict[str, int]]:
        """Spans per label, per coder: ``{label: {annotator: n}}``."""
        out: dict[str, dict[str, int]] = {}
        for label, who, n in self.conn.execute(
                "SELECT label, annotator, count(*) FROM annotations GROUP BY label, annotator"):
            out.setdefault(label, {})[who] = n
        return out
