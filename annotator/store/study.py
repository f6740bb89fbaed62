"""Study design: rounds, assignments of documents to coders, and copying one coder's work.

Owns: the SQL of the ``rounds`` and ``assignments`` tables (migration ``m004_study``) and
the row-level reads and writes that coder packages and merges are made of (one coder's
annotations, status, suggestion decisions and events, as plain tuples).
Must not import: Qt, spaCy.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from annotator.core.codebook import codebook_from_dict
from annotator.core.model import Codebook

_CHUNK = 500

AnnRow = tuple[str, str, int, int, str, str, str | None, str, str, int]
"""``(doc_id, label, start, end, origin, rule, attributes JSON, note, codebook_version,
created)`` of one coder's annotation."""

StatusRow = tuple[str, str, int, float]
"""``(doc_id, status, updated, seconds)`` of one coder."""

DecisionRow = tuple[str, str, int, int, str, float, str, int, str, int]
"""``(doc_id, label, start, end, rule, confidence, engine, suggestion created, decision,
decided_at)``: a coder's decision together with the suggestion it is about."""

EventRow = tuple[float, str, str, str | None, str | None]
"""``(time, annotator, action, doc_id, detail JSON)``."""


class RoundInfo(NamedTuple):
    """A round of a study: its name, codebook and how its assignment was drawn."""

    name: str
    codebook_name: str
    codebook_version: str
    design: dict[str, Any]
    created: int


class Assignment(NamedTuple):
    """One document assigned to one coder in one round."""

    doc_id: str
    annotator: str
    round: str
    reliability: bool


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i:i + _CHUNK])


class StudyMixin:
    """Rounds and assignments."""

    conn: sqlite3.Connection

    # -- rounds -------------------------------------------------------------------
    def save_round(self, name: str, codebook: Codebook, design: dict[str, Any]) -> None:
        """Create or update a round with the codebook it is coded under."""
        self.conn.execute(
            "INSERT INTO rounds(name, codebook_name, codebook_version, design, created) "
            "VALUES (?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET "
            "codebook_name = excluded.codebook_name, "
            "codebook_version = excluded.codebook_version, design = excluded.design",
            [name, codebook.name, codebook.version, json.dumps(design, ensure_ascii=False),
             int(time.time())])

    def round_info(self, name: str) -> RoundInfo | None:
        """A round by name, or ``None``."""
        row = self.conn.execute(
            "SELECT name, codebook_name, codebook_version, design, created FROM rounds "
            "WHERE name = ?", [name]).fetchone()
        return _round(row) if row else None

    def rounds(self) -> list[RoundInfo]:
        """Every round, oldest first."""
        rows = self.conn.execute(
            "SELECT name, codebook_name, codebook_version, design, created FROM rounds "
            "ORDER BY created, rowid").fetchall()
        return [_round(r) for r in rows]

    def stored_codebook(self, name: str, version: str) -> Codebook | None:
        """A stored codebook version (not necessarily the current one), or ``None``."""
        row = self.conn.execute("SELECT data FROM codebooks WHERE name = ? AND version = ?",
                                [name, version]).fetchone()
        return codebook_from_dict(json.loads(row[0]), "stored codebook") if row else None

    # -- assignments --------------------------------------------------------------
    def replace_assignments(self, round_name: str,
                            rows: Iterable[tuple[str, str, bool]]) -> int:
        """Replace the assignments of a round by ``(doc_id, annotator, reliability)`` rows."""
        now = int(time.time())
        self.conn.execute("DELETE FROM assignments WHERE round = ?", [round_name])
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT OR IGNORE INTO assignments(doc_id, annotator, round, reliability, "
            "assigned_at) VALUES (?,?,?,?,?)",
            ((d, a, round_name, int(r), now) for d, a, r in rows))
        return self.conn.total_changes - before

    def set_assignment(self, doc_id: str, annotator: str, round_name: str,
                       assigned: bool = True, reliability: bool = False) -> None:
        """Assign (or with ``assigned=False`` unassign) one document to one coder."""
        if assigned:
            self.conn.execute(
                "INSERT INTO assignments(doc_id, annotator, round, reliability, assigned_at) "
                "VALUES (?,?,?,?,?) ON CONFLICT(doc_id, annotator, round) DO UPDATE SET "
                "reliability = excluded.reliability",
                [doc_id, annotator, round_name, int(reliability), int(time.time())])
        else:
            self.conn.execute(
                "DELETE FROM assignments WHERE doc_id = ? AND annotator = ? AND round = ?",
                [doc_id, annotator, round_name])

    def assignments(self, round_name: str | None = None,
                    annotator: str | None = None) -> list[Assignment]:
        """Assignments (of a round, of a coder), in import order of the documents."""
        sql = ("SELECT a.doc_id, a.annotator, a.round, a.reliability FROM assignments a "
               "JOIN documents d ON d.id = a.doc_id")
        where, args = [], []
        if round_name is not None:
            where.append("a.round = ?")
            args.append(round_name)
        if annotator is not None:
            where.append("a.annotator = ?")
            args.append(annotator)
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.conn.execute(sql + " ORDER BY d.seq, a.round, a.annotator", args)
        return [Assignment(d, a, r, bool(rel)) for d, a, r, rel in rows]

    def assigned_doc_ids(self, round_name: str | None = None,
                         annotator: str | None = None) -> list[str]:
        """Ids of the documents assigned (in a round, to a coder), in import order."""
        return list(dict.fromkeys(a.doc_id for a in self.assignments(round_name, annotator)))

    def assignment_counts(self) -> dict[str, dict[str, dict[str, int]]]:
        """``{coder: {round: {"documents": n, "reliability": m, "done": k}}}``."""
        out: dict[str, dict[str, dict[str, int]]] = {}
        for who, rnd, n, rel, done in self.conn.execute(
                """SELECT a.annotator, a.round, count(*), sum(a.reliability),
                          sum(s.status = 'done')
                     FROM assignments a
                     LEFT JOIN doc_status s ON s.doc_id = a.doc_id AND s.annotator = a.annotator
                    GROUP BY a.annotator, a.round ORDER BY a.annotator, a.round"""):
            out.setdefault(who, {})[rnd] = {"documents": n, "reliability": rel or 0,
                                            "done": done or 0}
        return out

    # -- one coder's rows (packages and merges) -----------------------------------
    def coder_annotation_rows(self, doc_ids: Sequence[str], annotator: str) -> list[AnnRow]:
        """One coder's annotations of some documents as plain rows."""
        out: list[AnnRow] = []
        for chunk in _chunks(doc_ids):
            out += self.conn.execute(
                'SELECT d.id, a.label, a.start, a."end", a.origin, a.rule, a.attributes, a.note, '
                "a.codebook_version, a.created FROM annotations a JOIN documents d "
                f"ON d.seq = a.doc_seq WHERE a.annotator = ? AND d.id IN ({_marks(len(chunk))}) "
                'ORDER BY d.id, a.start, a."end", a.label',
                [annotator, *chunk]).fetchall()
        return out

    def annotation_ids_of(self, doc_ids: Sequence[str], annotator: str
                          ) -> dict[tuple[str, str, int, int], int]:
        """Ids of one coder's annotations keyed by ``(doc_id, label, start, end)``."""
        out: dict[tuple[str, str, int, int], int] = {}
        for chunk in _chunks(doc_ids):
            for i, d, lab, s, e in self.conn.execute(
                    'SELECT a.id, d.id, a.label, a.start, a."end" FROM annotations a JOIN '
                    "documents d ON d.seq = a.doc_seq WHERE a.annotator = ? AND d.id IN "
                    f"({_marks(len(chunk))})", [annotator, *chunk]):
                out[d, lab, s, e] = i
        return out

    def delete_annotations(self, ids: Iterable[int]) -> None:
        """Delete annotations by id."""
        self.conn.executemany("DELETE FROM annotations WHERE id = ?", ((i,) for i in ids))

    def put_coder_annotations(self, annotator: str, rows: Iterable[AnnRow]) -> None:
        """Insert (or overwrite the details of) one coder's annotations."""
        self.conn.executemany(
            'INSERT INTO annotations(doc_seq, label, start, "end", origin, rule, attributes, '
            "note, codebook_version, created, annotator) VALUES "
            "((SELECT seq FROM documents WHERE id = ?),?,?,?,?,?,?,?,?,?,?) "
            'ON CONFLICT(doc_seq, annotator, label, start, "end") DO UPDATE SET '
            "origin = excluded.origin, rule = excluded.rule, attributes = excluded.attributes, "
            "note = excluded.note, codebook_version = excluded.codebook_version",
            ((*r, annotator) for r in rows))

    def coder_status_rows(self, doc_ids: Sequence[str], annotator: str) -> list[StatusRow]:
        """One coder's document status rows."""
        out: list[StatusRow] = []
        for chunk in _chunks(doc_ids):
            out += self.conn.execute(
                "SELECT doc_id, status, updated, seconds FROM doc_status WHERE annotator = ? "
                f"AND doc_id IN ({_marks(len(chunk))}) ORDER BY doc_id",
                [annotator, *chunk]).fetchall()
        return out

    def put_coder_status(self, annotator: str, rows: Iterable[StatusRow]) -> None:
        """Write one coder's status rows as they are (time and seconds included)."""
        self.conn.executemany(
            "INSERT INTO doc_status(doc_id, status, updated, seconds, annotator) "
            "VALUES (?,?,?,?,?) ON CONFLICT(doc_id, annotator) DO UPDATE SET "
            "status = excluded.status, updated = excluded.updated, seconds = excluded.seconds",
            ((*r, annotator) for r in rows))

    def suggestion_rows(self, doc_ids: Sequence[str]) -> list[tuple[Any, ...]]:
        """``(doc_id, label, start, end, rule, confidence, engine, created)`` of documents."""
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(doc_ids):
            out += self.conn.execute(
                'SELECT doc_id, label, start, "end", rule, confidence, engine, created '
                f"FROM suggestions WHERE doc_id IN ({_marks(len(chunk))}) ORDER BY id",
                chunk).fetchall()
        return out

    def put_suggestion_rows(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert suggestion rows that are not there yet (see :meth:`suggestion_rows`)."""
        self.conn.executemany(
            'INSERT OR IGNORE INTO suggestions(doc_id, label, start, "end", rule, confidence, '
            "engine, created) VALUES (?,?,?,?,?,?,?,?)", rows)

    def coder_decision_rows(self, doc_ids: Sequence[str], annotator: str) -> list[DecisionRow]:
        """One coder's suggestion decisions, each with the suggestion it is about."""
        out: list[DecisionRow] = []
        for chunk in _chunks(doc_ids):
            out += self.conn.execute(
                'SELECT s.doc_id, s.label, s.start, s."end", s.rule, s.confidence, s.engine, '
                "s.created, d.decision, d.decided_at FROM suggestion_decisions d "
                "JOIN suggestions s ON s.id = d.suggestion_id WHERE d.annotator = ? "
                f"AND s.doc_id IN ({_marks(len(chunk))}) ORDER BY s.id",
                [annotator, *chunk]).fetchall()
        return out

    def put_coder_decisions(self, annotator: str, rows: Iterable[DecisionRow]) -> None:
        """Write one coder's decisions (adding a suggestion the project lacks)."""
        rows = list(rows)
        self.put_suggestion_rows(r[:8] for r in rows)
        self.conn.executemany(
            "INSERT INTO suggestion_decisions(suggestion_id, annotator, decision, decided_at) "
            "SELECT id, ?, ?, ? FROM suggestions WHERE doc_id = ? AND label = ? AND start = ? "
            'AND "end" = ? AND rule = ? ON CONFLICT(suggestion_id, annotator) DO UPDATE SET '
            "decision = excluded.decision, decided_at = excluded.decided_at",
            ((annotator, r[8], r[9], *r[:5]) for r in rows))

    def coder_event_rows(self, annotator: str) -> list[EventRow]:
        """Every event one coder caused, oldest first."""
        return self.conn.execute(
            "SELECT time, annotator, action, doc_id, detail FROM events WHERE annotator = ? "
            "ORDER BY id", [annotator]).fetchall()

    def put_event_rows(self, rows: Iterable[EventRow]) -> int:
        """Append events that are not in the log yet (same time, coder, action, document)."""
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT INTO events(time, annotator, action, doc_id, detail) SELECT ?1,?2,?3,?4,?5 "
            "WHERE NOT EXISTS (SELECT 1 FROM events WHERE time = ?1 AND annotator = ?2 "
            "AND action = ?3 AND doc_id IS ?4)", rows)
        return self.conn.total_changes - before

    def token_rows(self, doc_ids: Sequence[str]) -> list[tuple[str, str, bytes]]:
        """Raw token-cache rows of documents."""
        out: list[tuple[str, str, bytes]] = []
        for chunk in _chunks(doc_ids):
            out += self.conn.execute(
                f"SELECT doc_id, tokenizer, data FROM tokens WHERE doc_id IN "
                f"({_marks(len(chunk))})", chunk).fetchall()
        return out

    def put_token_rows(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Store raw token-cache rows."""
        self.conn.executemany("INSERT OR REPLACE INTO tokens(doc_id, tokenizer, data) "
                              "VALUES (?,?,?)", rows)


def _round(row: Sequence[Any]) -> RoundInfo:
    return RoundInfo(row[0], row[1], row[2], json.loads(row[3]) if row[3] else {}, row[4])
