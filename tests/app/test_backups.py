"""Save a copy and the rolling automatic backup (SQLite backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.app.backups import RollingBackup, backup_folder, save_copy
from annotator.app.projects import init_project
from annotator.app.session import AnnotationSession
from annotator.core.errors import ProjectError
from annotator.core.model import Document, content_hash
from annotator.store import Project

TEXT = "Officials said the plan might work, according to people familiar with it."


@pytest.fixture
def session(tmp_path: Path) -> AnnotationSession:
    project = init_project(tmp_path / "study.annotator.sqlite")
    with project.atomic():
        project.insert_documents([Document(content_hash(TEXT), TEXT, "t")])
    s = AnnotationSession(project, "alice")
    yield s
    s.close()


def test_save_a_copy_is_complete_and_opens(session: AnnotationSession, tmp_path: Path) -> None:
    session.add_span(content_hash(TEXT), 0, 9, "UNNAMED_SOURCE", exact=True)
    copy = save_copy(session.project, tmp_path / "copy.annotator.sqlite")
    assert not copy.with_name(copy.name + ".partial").exists()
    again = Project.open(copy)
    assert len(again.annotations(content_hash(TEXT), "alice")) == 1
    assert again.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again.close()


def test_save_a_copy_refuses_the_project_itself(session: AnnotationSession) -> None:
    with pytest.raises(ProjectError, match="open project"):
        save_copy(session.project, session.project.path)


def test_save_a_copy_to_an_unwritable_place_is_a_clear_error(session: AnnotationSession,
                                                             tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="cannot write the copy"):
        save_copy(session.project, tmp_path / "no" / "such" / "folder" / "c.sqlite")


def test_rolling_backup_at_most_once_per_interval_keeps_the_last_five(
        session: AnnotationSession, annotator_home: Path) -> None:
    now = [0.0]
    rolling = RollingBackup(session.project, minutes=10, keep=5, clock=lambda: now[0])
    assert rolling.folder == backup_folder(session.project.path)
    assert rolling.folder.is_relative_to(annotator_home)
    made = []
    for minute in range(0, 95, 1):  # a change every minute for 95 minutes
        now[0] = minute * 60.0
        session.add_time(content_hash(TEXT), 1.0)
        path = rolling.maybe_backup()
        if path:
            made.append(minute)
    assert made == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]
    kept = rolling.backups()
    assert len(kept) == 5
    conn = sqlite3.connect(kept[-1])
    assert conn.execute("SELECT seconds FROM doc_status").fetchone()[0] == 91.0
    conn.close()


def test_no_rolling_backup_when_off_or_in_memory(session: AnnotationSession) -> None:
    assert RollingBackup(session.project, minutes=0).maybe_backup() is None
    memory = Project.memory()
    assert RollingBackup(memory, minutes=10).maybe_backup() is None
    memory.close()
