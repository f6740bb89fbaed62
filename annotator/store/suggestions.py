"""Stored suggestions and each coder's decisions about them.

Owns: the SQL of the ``suggestions`` and ``suggestion_decisions`` tables (see migration
``m003_suggestions``): replacing a document's undecided suggestions, the pending list of
one coder, recording decisions, and the per-rule counts.
Must not import: Qt, spaCy.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from annotator.core.history import DecideSuggestion
from annotator.core.model import Decision, DocId, Suggestion

_COLS = 'id, doc_id, label, start, "end", rule, confidence, engine'
_ORDER = ' ORDER BY start, "end", label, rule'
_CHUNK = 500
_DECISION = {d.value: d for d in Decision}

SuggestionKey = tuple[str, str, int, int, str]
"""What makes a stored suggestion unique: document, label, start, end and rule."""


class ReplaceCounts(NamedTuple):
    """What :meth:`SuggestionsMixin.replace_suggestions` did."""

    added: int = 0
    refreshed: int = 0
    """Undecided suggestions found again (their confidence and engine are updated)."""
    removed: int = 0
    """Undecided suggestions the new run did not find again."""
    kept: int = 0
    """Suggestions somebody has decided on; they stay as they were."""


class RuleCounts(NamedTuple):
    """Per rule and label: how often it was suggested and what coders decided."""

    rule: str
    label: str
    suggested: int
    accepted: int
    rejected: int
    pending: int


def _sug(row: Sequence[Any]) -> Suggestion:
    return Suggestion(DocId(row[1]), row[2], row[3], row[4], row[5], row[6], row[7], row[0])


def key_of(s: Suggestion) -> SuggestionKey:
    """The unique key of a suggestion."""
    return (s.doc_id, s.label, s.start, s.end, s.rule)


def _marks(n: int) -> str:
    return ",".join("?" * n)


class SuggestionsMixin:
    """Queries and writes on suggestions and decisions."""

    conn: sqlite3.Connection

    # -- reading ------------------------------------------------------------------
    def suggestion(self, sug_id: int) -> Suggestion:
        """One stored suggestion; ``KeyError`` when it does not exist."""
        row = self.conn.execute(f"SELECT {_COLS} FROM suggestions WHERE id = ?",
                                [sug_id]).fetchone()
        if row is None:
            raise KeyError(sug_id)
        return _sug(row)

    def suggestions_of(self, doc_id: str) -> list[Suggestion]:
        """Every stored suggestion of a document (decided or not), in text order."""
        rows = self.conn.execute(f"SELECT {_COLS} FROM suggestions WHERE doc_id = ?" + _ORDER,
                                 [doc_id]).fetchall()
        return [_sug(r) for r in rows]

    def pending_suggestions(self, doc_id: str, annotator: str) -> list[Suggestion]:
        """Suggestions of a document that ``annotator`` has neither decided nor annotated.

        A suggestion counts as annotated when the coder has an annotation with the same
        label on exactly the same characters. In text order.
        """
        rows = self.conn.execute(
            f"""SELECT {_COLS} FROM suggestions s
                 WHERE s.doc_id = :doc
                   AND NOT EXISTS (SELECT 1 FROM suggestion_decisions d
                                    WHERE d.suggestion_id = s.id AND d.annotator = :who)
                   AND NOT EXISTS (SELECT 1 FROM annotations a
                                    WHERE a.doc_seq = (SELECT seq FROM documents
                                                        WHERE id = :doc)
                                      AND a.annotator = :who
                                      AND a.label = s.label AND a.start = s.start
                                      AND a."end" = s."end")""" + _ORDER,
            {"doc": doc_id, "who": annotator}).fetchall()
        return [_sug(r) for r in rows]

    def decision(self, sug_id: int, annotator: str) -> Decision | None:
        """What ``annotator`` decided about a suggestion, or ``None``."""
        row = self.conn.execute(
            "SELECT decision FROM suggestion_decisions WHERE suggestion_id = ? "
            "AND annotator = ?", [sug_id, annotator]).fetchone()
        return _DECISION[row[0]] if row else None

    def count_suggestions(self) -> int:
        """How many suggestions the project holds."""
        return int(self.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0])

    def document_ids(self) -> list[str]:
        """Every document id, in import order."""
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY seq")]

    def document_lengths(self, doc_ids: Sequence[str]) -> dict[str, int]:
        """Text length of each of ``doc_ids`` that exists."""
        out: dict[str, int] = {}
        for i in range(0, len(doc_ids), _CHUNK):
            chunk = list(doc_ids[i:i + _CHUNK])
            out.update(self.conn.execute(
                f"SELECT id, length(text) FROM documents WHERE id IN ({_marks(len(chunk))})",
                chunk))
        return out

    def rule_counts(self, annotator: str | None = None) -> list[RuleCounts]:
        """Per rule and label: suggestions stored, accepted, rejected and pending.

        Decisions of every coder count (or only ``annotator``'s). ``pending`` is the number
        of suggestions nobody (or ``annotator`` not) has decided on. Sorted by label, rule.
        """
        where, args = ("WHERE annotator = ?", [annotator]) if annotator else ("", [])
        rows = self.conn.execute(
            f"""SELECT s.rule, s.label, count(*), coalesce(sum(d.acc), 0),
                       coalesce(sum(d.rej), 0), sum(d.suggestion_id IS NULL)
                  FROM suggestions s
                  LEFT JOIN (SELECT suggestion_id, sum(decision = 'accepted') AS acc,
                                    sum(decision = 'rejected') AS rej
                               FROM suggestion_decisions {where}
                              GROUP BY suggestion_id) d ON d.suggestion_id = s.id
                 GROUP BY s.rule, s.label ORDER BY s.label, s.rule""", args).fetchall()
        return [RuleCounts(*r) for r in rows]

    # -- writing ------------------------------------------------------------------
    def replace_suggestions(self, doc_ids: Sequence[str],
                            found: Iterable[Suggestion]) -> ReplaceCounts:
        """Make ``found`` the suggestions of ``doc_ids``, keeping decided ones.

        Undecided suggestions of those documents that ``found`` lacks are deleted; those
        it has again keep their id (confidence and engine are updated); suggestions any
        coder decided on stay untouched. Duplicates in ``found`` are stored once. Call
        inside a transaction; every suggestion must belong to one of ``doc_ids``.

        Raises:
            ValueError: a suggestion of a document not in ``doc_ids``.
        """
        wanted = set(doc_ids)
        fresh: dict[SuggestionKey, Suggestion] = {}
        for s in found:
            if s.doc_id not in wanted:
                raise ValueError(f"suggestion for document {s.doc_id}, which was not named")
            fresh.setdefault(key_of(s), s)
        existing = self._existing(list(wanted))
        removed = [sid for key, (sid, decided) in existing.items()
                   if not decided and key not in fresh]
        for i in range(0, len(removed), _CHUNK):
            chunk = removed[i:i + _CHUNK]
            self.conn.execute(f"DELETE FROM suggestions WHERE id IN ({_marks(len(chunk))})",
                              chunk)
        now = int(time.time())
        self.conn.executemany(
            'INSERT INTO suggestions(doc_id, label, start, "end", rule, confidence, engine, '
            'created) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(doc_id, label, start, "end", rule) '
            "DO UPDATE SET confidence = excluded.confidence, engine = excluded.engine "
            "WHERE NOT EXISTS (SELECT 1 FROM suggestion_decisions x "
            "WHERE x.suggestion_id = suggestions.id)",
            ((s.doc_id, s.label, s.start, s.end, s.rule, float(s.confidence), s.engine, now)
             for s in fresh.values()))
        added = sum(1 for k in fresh if k not in existing)
        refreshed = sum(1 for k in fresh if k in existing and not existing[k][1])
        kept = sum(1 for _, decided in existing.values() if decided)
        return ReplaceCounts(added, refreshed, len(removed), kept)

    def apply_decision(self, edit: DecideSuggestion) -> DecideSuggestion:
        """Record (``after`` set) or forget (``after`` None) a coder's decision.

        When the suggestion was replaced meanwhile (a new engine run), the stored one with
        the same key is used, or the suggestion is stored again. Returns the edit with the
        suggestion's current id.
        """
        sug = edit.suggestion
        sid = self._resolve(sug)
        if edit.after is None:
            self.conn.execute("DELETE FROM suggestion_decisions WHERE suggestion_id = ? "
                              "AND annotator = ?", [sid, edit.annotator])
        else:
            self.conn.execute(
                "INSERT INTO suggestion_decisions(suggestion_id, annotator, decision, "
                "decided_at) VALUES (?,?,?,?) ON CONFLICT(suggestion_id, annotator) "
                "DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at",
                [sid, edit.annotator, edit.after.value, int(time.time())])
        return edit if sid == sug.id else replace(edit, suggestion=replace(sug, id=sid))

    # -- internals ----------------------------------------------------------------
    def _existing(self, doc_ids: list[str]) -> dict[SuggestionKey, tuple[int, bool]]:
        out: dict[SuggestionKey, tuple[int, bool]] = {}
        for i in range(0, len(doc_ids), _CHUNK):
            chunk = doc_ids[i:i + _CHUNK]
            for sid, d, label, start, end, rule, decided in self.conn.execute(
                    f"""SELECT id, doc_id, label, start, "end", rule,
                               EXISTS (SELECT 1 FROM suggestion_decisions x
                                        WHERE x.suggestion_id = s.id)
                          FROM suggestions s WHERE doc_id IN ({_marks(len(chunk))})""",
                    chunk):
                out[(d, label, start, end, rule)] = (sid, bool(decided))
        return out

    def _resolve(self, sug: Suggestion) -> int:
        key = [sug.doc_id, sug.label, sug.start, sug.end, sug.rule]
        where = 'doc_id = ? AND label = ? AND start = ? AND "end" = ? AND rule = ?'
        if sug.id is not None:
            row = self.conn.execute(f"SELECT id FROM suggestions WHERE id = ? AND {where}",
                                    [sug.id, *key]).fetchone()
            if row:
                return int(row[0])
        row = self.conn.execute(f"SELECT id FROM suggestions WHERE {where}", key).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute(
            'INSERT INTO suggestions(doc_id, label, start, "end", rule, confidence, engine, '
            "created) VALUES (?,?,?,?,?,?,?,?)",
            [*key, float(sug.confidence), sug.engine, int(time.time())])
        return int(cur.lastrowid or 0)
