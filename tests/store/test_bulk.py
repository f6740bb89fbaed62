"""Bulk writes: every encoding (JSON rows, fixed-width spans, one by one) stores the same rows."""

from __future__ import annotations

import random
import sqlite3

import pytest

from annotator.app.projects import load_codebook
from annotator.core.model import Document, content_hash
from annotator.store import Project, bulk, raw_annotation_row

TEXTS = ["Officials said a divorce might be underway. 👍🏽 MTV reportedly had cameras.",
         "Ein Insider sagte, es könnte sein. مصادر قالت\n漢字のテキスト",
         "Short one with a NUL \x00 inside and \\u0000 written out."]
SPANS = "SELECT d.id, annotator, label, start, \"end\", origin, rule, attributes, note, " \
    "codebook_version, created FROM annotations JOIN documents d ON d.seq = doc_seq " \
    "ORDER BY d.id, annotator, label, start"


def _project(docs: list[Document]) -> Project:
    p = Project.memory()
    with p.atomic():
        p.save_codebook(load_codebook())
        p.insert_documents(docs)
        for who in ("alice", "bob\x00b", "ça"):
            p.ensure_annotator(who)
    return p


def _docs(titles: tuple[str, ...] = ("A", "B", "C")) -> list[Document]:
    return [Document(content_hash(t), t, title, {"source": "x.jsonl", "n": i} if i else {})
            for i, (t, title) in enumerate(zip(TEXTS, titles))]


def _fixed(statement: bulk.Statement) -> bool:
    return statement.sql.startswith(bulk._PLAIN) and "WITH RECURSIVE" in statement.sql


def _plain(docs: list[Document]) -> list[tuple[str, str, str, int, int]]:
    return [(d.id, who, label, s, s + 3) for d in docs for who in ("alice", "ça")
            for label in ("HEDGE", "UNNAMED_SOURCE") for s in (0, 5, 17)]


def test_documents_keep_every_character_and_their_order() -> None:
    docs = _docs(("A", "Ti\x00tle", "C"))
    p = _project(docs)
    rows = p.conn.execute("SELECT id, title, text, meta FROM documents ORDER BY seq").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [(d.id, d.title, d.text) for d in docs]
    assert rows[0][3] is None and rows[1][3] == '{"source": "x.jsonl", "n": 1}'
    assert p.insert_documents(docs) == 0  # same content hash: nothing new


def test_documents_split_into_statements_by_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_MAX_BLOB", 60)
    docs = _docs()
    statements = bulk.documents(docs, 1)
    assert len(statements) == 3 and not any(s.many for s in statements[:2])
    p = _project([])
    assert p.run_bulk(statements) == 3
    texts = [r[0] for r in p.conn.execute("SELECT text FROM documents ORDER BY seq")]
    assert texts == TEXTS


def test_fixed_width_and_json_spans_store_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = [f"Text number {i}." for i in range(40)]
    docs = _docs() + [Document(content_hash(t), t) for t in extra]
    rows = _plain(docs)
    random.Random(5).shuffle(rows)  # documents met in another order than their numbers
    statements = bulk.plain_annotations(rows, "3", 7)
    assert [_fixed(s) for s in statements] == [True]
    fixed = _project(docs)
    assert fixed.run_bulk(statements) == len(rows)
    monkeypatch.setattr(bulk, "_fixed_width", lambda groups, extra: None)
    as_json = _project(docs)
    assert as_json.run_bulk(bulk.plain_annotations(rows, "3", 7)) == len(rows)
    stored = fixed.conn.execute(SPANS).fetchall()
    assert stored == as_json.conn.execute(SPANS).fetchall()
    assert sorted(r[:5] for r in stored) == sorted(rows)
    assert {r[5:] for r in stored} == {("imported", "", None, "", "3", 7)}
    assert fixed.run_bulk(bulk.plain_annotations(rows, "3", 7)) == 0  # duplicates skipped


def test_plain_spans_in_chunks_and_far_offsets_store_what_json_stores(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks cut inside a document's spans; offsets from 2¹⁶ on are formatted, not looked up."""
    docs = _docs()
    groups = [(d.id, who, [(s, s + 3, label) for s in range(0, 40, 4)
                           for label in ("HEDGE", "UNNAMED_SOURCE")])
              for d in docs for who in ("alice", "ça")]
    groups[1][2].append((70_000, 70_007, "HEDGE"))
    groups[4][2].append((10**10 - 2, 10**10 - 1, "HEDGE"))
    monkeypatch.setattr(bulk, "_MAX_ROWS", 7)
    spans = bulk.PlainSpans("3", 7)
    for group in groups:
        spans.add(*group)
    statements = spans.statements()
    assert len(spans) == 6 * 20 + 2 and len(statements) == 18
    assert all(_fixed(s) for s in statements)
    fixed = _project(docs)
    assert fixed.run_bulk(statements) == len(spans)
    as_json = _project(docs)
    rows = [(d, w, lab, s, e) for d, w, group in groups for s, e, lab in group]
    assert as_json.run_bulk(bulk._statements(rows, bulk._PLAIN_JSON, bulk._PLAIN_ROWS,
                                             ("3", 7))) == len(rows)
    assert fixed.conn.execute(SPANS).fetchall() == as_json.conn.execute(SPANS).fetchall()


@pytest.mark.parametrize("labels", [1, 2, 8, 9, 40])
@pytest.mark.parametrize("coders", [("alice",), ("alice", "ça")])
def test_every_shape_of_the_fixed_width_statement_stores_what_json_stores(
        labels: int, coders: tuple[str, ...]) -> None:
    """Labels by CASE (up to eight) or from JSON; one coder bound, several from JSON."""
    docs = _docs()
    names = ["HEDGE", "UNNAMED_SOURCE"][:labels] + [f"L{i}" for i in range(labels - 2)]
    rows = [(d.id, who, label, s, s + 2) for d in docs for who in coders
            for s in range(0, 12, 3) for label in reversed(names)]
    spans = bulk.PlainSpans("3", 7)
    for doc, who, label, s, e in rows:
        spans.add(doc, who, [(s, e, label)])
    [statement] = spans.statements()
    assert _fixed(statement) and ("CASE CAST" in statement.sql) == (labels <= 8)
    fixed, as_json = _project(docs), _project(docs)
    assert fixed.run_bulk([statement]) == len(rows)
    assert as_json.run_bulk(bulk._statements(rows, bulk._PLAIN_JSON, bulk._PLAIN_ROWS,
                                             ("3", 7))) == len(rows)
    assert fixed.conn.execute(SPANS).fetchall() == as_json.conn.execute(SPANS).fetchall()


def test_offsets_beyond_ten_digits_go_as_json() -> None:
    spans = bulk.PlainSpans("3", 7)
    spans.add(_docs()[0].id, "alice", [(0, 3, "HEDGE"), (10**10, 10**10 + 1, "HEDGE")])
    assert [s.sql for s in spans.statements()] == [bulk._PLAIN_JSON]


def test_a_negative_offset_is_refused_not_looked_up() -> None:
    spans = bulk.PlainSpans("3", 7)
    spans.add(_docs()[0].id, "alice", [(5, 9, "HEDGE"), (0, -1, "HEDGE")])  # [-1] is 9 or more
    p = _project(_docs())
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), p.atomic():
        p.run_bulk(spans.statements())


@pytest.mark.parametrize("change", ["doc id", "labels", "nul"])
def test_spans_that_do_not_fit_fixed_width_go_another_way(change: str) -> None:
    docs = _docs()
    rows = _plain(docs)
    if change == "doc id":
        rows[0] = ("sh\x00rt", *rows[0][1:])
    elif change == "labels":
        rows = [(d, w, f"L{i}", s, e) for i, (d, w, _, s, e) in enumerate(rows[:30])] * 4
        rows = [(d, w, f"{lab}{k}", s, e) for k, (d, w, lab, s, e) in enumerate(rows)]
    else:
        rows[0] = (rows[0][0], "bob\x00b", *rows[0][2:])
    assert bulk._fixed_width([(d, w, [(s, e, lab)]) for d, w, lab, s, e in rows], ("3", 7)) is None
    statements = bulk.plain_annotations(rows, "3", 7)
    assert not _fixed(statements[0])
    assert statements[0].many == (change != "labels")


@pytest.mark.parametrize("way", ["fixed", "json", "one by one", "annotation rows",
                                 "status json", "status one by one"])
def test_a_row_of_an_unknown_document_is_refused_without_foreign_key_checks(way: str) -> None:
    """Rows look their document up themselves: an unknown id must fail, not vanish, even
    in ``bulk_atomic`` (SQLite's foreign-key checks off) — and the checks are on after it."""
    docs = _docs()
    rows = [*_plain(docs)[:4], ("x" * 20, "alice", "HEDGE", 0, 3)]
    if way == "annotation rows":
        statements = bulk.annotations([raw_annotation_row(*r, "manual", "", {}, "", "3", 7)
                                       for r in rows])
    elif way.startswith("status"):
        statements = bulk.status([(doc, who, "done") for doc, who, *_ in rows], 7,
                                 packed=way == "status json")
        assert statements[0].many == (way == "status one by one")
    else:
        statements = bulk.plain_annotations(rows, "3", 7, packed=way != "one by one")
        if way == "json":
            statements = bulk._statements(rows, bulk._PLAIN_JSON, bulk._PLAIN_ROWS, ("3", 7))
        assert _fixed(statements[0]) == (way == "fixed")
    p = _project(docs)
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"), p.bulk_atomic():
        assert p.conn.execute("PRAGMA foreign_keys").fetchone() == (0,)
        p.run_bulk(statements)
    assert p.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert p.conn.execute("SELECT count(*) FROM annotations").fetchone() == (0,)
    assert p.conn.execute("SELECT count(*) FROM doc_status").fetchone() == (0,)


def test_bulk_atomic_inside_a_transaction_keeps_the_foreign_key_checks() -> None:
    """SQLite ignores the pragma inside a transaction: a nested bulk_atomic changes nothing."""
    p = _project(_docs())
    with p.atomic(), p.bulk_atomic():
        assert p.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            p.conn.execute("INSERT INTO doc_status VALUES ('nope', 'alice', 'done', 1, 0)")
    assert p.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_annotation_rows_with_nul_in_a_note_are_written_one_by_one() -> None:
    docs = _docs()
    rows = [raw_annotation_row(docs[0].id, "alice", "HEDGE", 0, 9, "manual", "r1",
                               {"certainty": "low"}, "a note", "3", 5),
            raw_annotation_row(docs[0].id, "bob\x00b", "HEDGE", 2, 9, "suggested", "",
                               {}, "not\x00e", "3", 5)]
    statements = bulk.annotations(rows)
    assert statements[0].many
    p = _project(docs)
    assert p.run_bulk(statements) == 2
    stored = p.conn.execute(SPANS).fetchall()
    assert stored == [r[1:] for r in rows]
    clean = _project(docs)
    assert clean.run_bulk(bulk.annotations(rows[:1])) == 1
    assert clean.conn.execute(SPANS).fetchall() == [rows[0][1:]]


def test_status_rows_later_write_wins_in_one_statement() -> None:
    docs = _docs()
    p = _project(docs)
    statements = bulk.status([(docs[0].id, "alice", "in_progress"),
                              (docs[1].id, "alice", "skipped"),
                              (docs[0].id, "alice", "done")], 9)
    assert len(statements) == 1 and not statements[0].many
    p.run_bulk(statements)
    stored = p.conn.execute(
        "SELECT doc_id, status, updated FROM doc_status ORDER BY status").fetchall()
    assert stored == [(docs[0].id, "done", 9), (docs[1].id, "skipped", 9)]
