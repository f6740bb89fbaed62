from __future__ import annotations

import hashlib
import sqlite3

import pytest

from annotator.app.projects import load_codebook
from annotator.core.errors import ProjectError
from annotator.core.model import Document, Origin, content_hash
from annotator.store import Project
from annotator.store.schema import KNOWN, SCHEMA_VERSION


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(path):
    project = Project.open(path, create=True)
    with project.atomic():
        project.save_codebook(load_codebook())
    return project


def test_new_project_uses_wal_foreign_keys_and_records_migrations(tmp_path):
    project = make(tmp_path / "p.sqlite")
    assert project.db.journal_mode == "wal"
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    names = [r[0] for r in project.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == KNOWN and len(KNOWN) == SCHEMA_VERSION
    assert project.codebook().label_names == ("HEDGE", "UNNAMED_SOURCE")
    project.close()
    again = Project.open(tmp_path / "p.sqlite")
    assert again.codebook().version == "1"
    again.close()


def test_missing_file_is_not_created_without_create(tmp_path):
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "nope.sqlite")
    assert not (tmp_path / "nope.sqlite").exists()


def test_non_sqlite_file_is_refused_and_untouched(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"just some text, certainly not a database\n" * 10)
    before = digest(bad)
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Project.open(bad)
    assert digest(bad) == before


def test_other_sqlite_database_is_refused_and_untouched(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE birds(name TEXT)")
    conn.commit()
    conn.close()
    before = digest(other)
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Project.open(other)
    assert digest(other) == before


def test_project_from_a_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "p.sqlite"
    project = make(path)
    with project.atomic():
        project.conn.execute(
            "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
            "VALUES ('annotator', 'm999_from_the_future', 'x')")
    project.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(path)
    assert digest(path) == before


def test_foreign_keys_refuse_annotations_of_unknown_documents(tmp_path):
    project = make(tmp_path / "p.sqlite")
    with pytest.raises(sqlite3.IntegrityError), project.atomic():
        project.ensure_annotator("alice")
        project.insert_annotation_rows(
            [(None, "nodoc", "alice", "HEDGE", 0, 1, "manual", "", None, "", "1", 0)])
    assert project.conn.execute("SELECT count(*) FROM annotators").fetchone()[0] == 0


def test_atomic_rolls_back_everything_on_error(tmp_path):
    project = make(tmp_path / "p.sqlite")
    text = "Some text."
    with pytest.raises(RuntimeError), project.atomic():
        project.insert_documents([Document(content_hash(text), text)])
        raise RuntimeError("boom")
    assert project.count_documents() == 0


def test_documents_are_deduplicated_by_content(tmp_path):
    project = make(tmp_path / "p.sqlite")
    text = "Same text."
    with project.atomic():
        assert project.insert_documents([Document(content_hash(text), text, "one")]) == 1
        assert project.insert_documents([Document(content_hash(text), text, "two")]) == 0
    assert project.count_documents() == 1
    assert project.document(content_hash(text)).title == "one"


def test_settings_and_events(tmp_path):
    project = make(tmp_path / "p.sqlite")
    with project.atomic():
        project.set_setting("k", "v1")
        project.set_setting("k", "v2")
        project.log_event("alice", "test", None, {"n": 1})
    assert project.setting("k") == "v2" and project.setting("missing", "d") == "d"
    assert project.events()[-1]["detail"] == {"n": 1}


def test_span_rows_and_keys_group_by_document_and_coder():
    from annotator.store.records import raw_annotation_row

    project = Project.memory()
    texts = ["One might say so.", "Sources said two."]
    with project.atomic():
        project.insert_documents([Document(content_hash(t), t, "") for t in texts])
        for who in ("alice", "bob"):
            project.ensure_annotator(who)
        a, b = (content_hash(t) for t in texts)
        project.insert_annotation_rows([
            raw_annotation_row(a, "bob", "HEDGE", 4, 9, "manual", "", {}, "", "1", 0),
            raw_annotation_row(a, "alice", "HEDGE", 4, 9, "manual", "", {"type": "modal"},
                               "n", "1", 0),
            raw_annotation_row(a, "alice", "HEDGE", 0, 3, "imported", "", {}, "", "1", 0),
            raw_annotation_row(b, "alice", "UNNAMED_SOURCE", 0, 7, "manual", "", {}, "", "1", 0),
        ])
    keys = project.span_keys_of([a, b])
    assert keys == {(a, "alice"): [(0, 3, "HEDGE"), (4, 9, "HEDGE")], (a, "bob"): [(4, 9, "HEDGE")],
                    (b, "alice"): [(0, 7, "UNNAMED_SOURCE")]}
    assert project.span_keys_of([a, b], ["UNNAMED_SOURCE"]) == {
        (b, "alice"): [(0, 7, "UNNAMED_SOURCE")]}
    rows = project.span_rows_of([a, b])
    assert {k: [r[:3] for r in v] for k, v in rows.items()} == keys
    assert rows[a, "alice"][1].attributes == {"type": "modal"} and rows[a, "alice"][1].note == "n"
    # an imported span comes in fewer values than the others: the same rows either way
    assert rows[a, "alice"] == [(0, 3, "HEDGE", Origin.IMPORTED, "", {}, "", "1"),
                                (4, 9, "HEDGE", Origin.MANUAL, "", {"type": "modal"}, "n", "1")]
    assert rows[a, "bob"] == [(4, 9, "HEDGE", Origin.MANUAL, "", {}, "", "1")]
    assert project.span_rows_of(["no such document"]) == {}
    project.close()
