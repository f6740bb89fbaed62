"""A bulk write uses a rollback journal only with the file to itself, and leaves WAL mode on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import ProjectError
from annotator.core.model import Document, content_hash
from annotator.store import Project
from annotator.store import project as project_module


def _mode(project: Project) -> str:
    return str(project.conn.execute("PRAGMA journal_mode").fetchone()[0])


def _doc(text: str) -> Document:
    return Document(content_hash(text), text)


def test_alone_it_writes_through_a_rollback_journal_then_wal_again(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.sqlite", create=True)
    with project.bulk_atomic():
        assert _mode(project) == "delete"
        project.insert_documents([_doc("One text.")])
    assert _mode(project) == "wal"
    assert project.count_documents() == 1
    assert not (tmp_path / "p.sqlite-journal").exists()
    project.close()
    assert Project.open(tmp_path / "p.sqlite").count_documents() == 1


def test_with_another_connection_open_it_stays_in_wal_mode(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.sqlite", create=True)
    window = Project.open(tmp_path / "p.sqlite")  # the window, say
    with project.bulk_atomic():
        assert _mode(project) == "wal"
        project.insert_documents([_doc("One text.")])
        assert window.count_documents() == 0  # it reads the state before, as ever
    assert window.count_documents() == 1
    assert _mode(project) == "wal"


def test_a_failed_bulk_write_changes_nothing_and_leaves_wal_mode(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.sqlite", create=True)
    with pytest.raises(RuntimeError), project.bulk_atomic():
        project.insert_documents([_doc("One text.")])
        raise RuntimeError("bad record")
    assert project.count_documents() == 0
    assert _mode(project) == "wal"
    assert project.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_opening_a_project_while_a_bulk_write_holds_it_says_it_is_busy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.sqlite"
    project = Project.open(path, create=True)
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 50)
    with project.bulk_atomic():  # big enough that SQLite writes into the file early
        project.insert_documents([_doc(f"Text number {i}. " * 300) for i in range(400)])
        with pytest.raises(ProjectError, match="busy: another program is writing"):
            Project.open(path)
    assert Project.open(path).count_documents() == 400


def test_a_file_left_in_rollback_mode_is_opened_in_wal_mode_again(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    Project.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # as after a crash during a bulk write
    conn.close()
    assert _mode(Project.open(path)) == "wal"


def test_its_own_bulk_write_is_not_taken_for_another_programs_change(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.sqlite", create=True)
    seen = project.data_version()
    with project.bulk_atomic():
        project.insert_documents([_doc("One text.")])
    assert project.data_version() == seen  # the window must not reload after its import
    other = Project.open(tmp_path / "p.sqlite")
    with other.atomic():
        other.insert_documents([_doc("Another text.")])
    assert project.data_version() != seen  # another program's commit still shows
