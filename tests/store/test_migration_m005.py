"""Migration 5 moves every annotation to its document's number and loses nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotator.store import Project
from annotator.store.schema import MIGRATION_SET, STEPS

TEXTS = ["First text with a hedge that might matter.", "Zweiter Text 👍🏽 mit Umlauten.",
         "third"]
ANNOTATIONS = [  # id, document, coder, label, start, end, origin, rule, attributes, note
    (3, 0, "alice", "HEDGE", 24, 29, "manual", "", None, ""),
    (7, 0, "bob", "HEDGE", 24, 29, "suggestion", "modal", '{"strength": "weak"}', "n"),
    (8, 1, "alice", "UNNAMED_SOURCE", 0, 7, "imported", "", None, "a note"),
    (12, 2, "bob", "HEDGE", 0, 5, "manual", "", None, ""),
]
COLUMNS = 'a.id, d.id, a.annotator, a.label, a.start, a."end", a.origin, a.rule, ' \
    "a.attributes, a.note, a.codebook_version, a.created"


def _version_4(path: Path) -> list[str]:
    db = Database(sqlite3.connect(path, isolation_level=None))
    db.execute("PRAGMA foreign_keys = ON")
    first_four = Migrations(MIGRATION_SET)
    for step in STEPS[:4]:
        first_four()(step)
    first_four.apply(db)
    ids = [f"{i:020d}" for i in (5, 1, 9)]  # ids out of import order
    with db.atomic():
        for doc_id, text in zip(ids, TEXTS, strict=True):
            db.execute("INSERT INTO documents(id, text, imported_at) VALUES (?, ?, 0)",
                       [doc_id, text])
        db.execute("INSERT INTO annotators(name, created) VALUES ('alice', 0), ('bob', 0)")
        for ann_id, doc, *rest in ANNOTATIONS:
            db.execute('INSERT INTO annotations(id, doc_id, annotator, label, start, "end", '
                       "origin, rule, attributes, note, codebook_version, created) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,'1',?)", [ann_id, ids[doc], *rest, ann_id])
    db.close()
    return ids


def test_annotations_keep_ids_documents_and_every_field(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite"
    ids = _version_4(path)
    project = Project.open(path)
    rows = project.conn.execute(
        f"SELECT {COLUMNS} FROM annotations a JOIN documents d ON d.seq = a.doc_seq "
        "ORDER BY a.id").fetchall()
    assert rows == [(i, ids[doc], *rest[:-2], rest[-2], rest[-1], "1", i)
                    for i, doc, *rest in ANNOTATIONS]
    assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    (added,) = [a for a in project.annotations(ids[0]) if a.annotator == "bob"]
    assert (added.id, added.rule, dict(added.attributes)) == (7, "modal", {"strength": "weak"})
    with project.atomic():  # the unique key still holds, by document number
        assert project.insert_plain_annotations([(ids[0], "alice", "HEDGE", 24, 29)],
                                                "1", 0) == 0
    with project.atomic():  # and deleting a document still deletes its annotations
        project.conn.execute("DELETE FROM documents WHERE id = ?", [ids[2]])
    assert [r[0] for r in project.conn.execute("SELECT id FROM annotations ORDER BY id")] \
        == [3, 7, 8]
    project.close()


def test_the_upgrade_gives_the_old_tables_pages_back(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite"
    ids = _version_4(path)
    conn = sqlite3.connect(path, isolation_level=None)
    with conn:  # enough spans that the rebuilt table leaves many pages free
        conn.executemany(
            'INSERT INTO annotations(doc_id, annotator, label, start, "end", origin, note, '
            "codebook_version, created) VALUES (?, 'alice', 'HEDGE', ?, ?, 'manual', ?, '1', 0)",
            [(ids[0], i, i + 1, "a note long enough to fill pages " * 3) for i in range(3000)])
    conn.close()
    project = Project.open(path)
    assert project.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert project.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 3004
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    project.close()
    backup = tmp_path / "v4.sqlite.v4.bak"
    assert backup.stat().st_size > path.stat().st_size  # the copy from before the upgrade
