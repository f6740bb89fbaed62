"""Transactions of a project: nesting, rollback, a failing COMMIT; opening without sqlite-utils."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from annotator.store import Project
from annotator.store.schema import KNOWN, applied_names, migration_set


def _coders(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT name FROM annotators ORDER BY name")]


def test_an_inner_block_that_fails_undoes_only_itself(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = Project.open(tmp_path / "p.sqlite", create=True)
    with project.atomic():
        project.ensure_annotator("alice")
        with pytest.raises(RuntimeError), project.atomic():
            project.ensure_annotator("bob")
            raise RuntimeError("inner")
        with project.atomic():
            project.ensure_annotator("carol")
    assert _coders(project) == ["alice", "carol"]
    assert not project.conn.in_transaction


def test_an_outer_failure_undoes_the_inner_blocks_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = Project.open(tmp_path / "p.sqlite", create=True)
    with pytest.raises(KeyError), project.atomic():
        with project.atomic():
            project.ensure_annotator("bob")
        raise KeyError("outer")
    assert _coders(project) == []
    assert not project.conn.in_transaction


def test_a_commit_that_fails_rolls_back_and_raises_its_own_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = Project.open(tmp_path / "p.sqlite", create=True)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), project.atomic():
        project.conn.execute("PRAGMA defer_foreign_keys = ON")  # checked at COMMIT
        project.ensure_annotator("alice")
        project.conn.execute(
            "INSERT INTO annotations(doc_seq, annotator, label, start, \"end\", created) "
            "VALUES (999, 'alice', 'HEDGE', 0, 1, 0)")
    assert not project.conn.in_transaction
    assert _coders(project) == []
    with project.atomic():  # the connection is usable afterwards
        project.ensure_annotator("bob")
    assert _coders(project) == ["bob"]


def test_applied_names_read_what_sqlite_utils_recorded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = Project.open(tmp_path / "p.sqlite", create=True)
    recorded = [m.name for m in migration_set().applied(project.db)]
    assert applied_names(project.conn) == recorded == KNOWN
    assert applied_names(sqlite3.connect(":memory:")) == []


OPEN = """
import sys
from annotator.store import Project
project = Project.open(sys.argv[1], create=True)
with project.atomic():
    project.ensure_annotator("alice")
print("sqlite_utils" in sys.modules, "numpy" in sys.modules, "pandas" in sys.modules)
"""


def test_only_creating_or_upgrading_a_project_imports_sqlite_utils(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "p.sqlite")

    def run() -> str:
        return subprocess.run([sys.executable, "-c", OPEN, path], capture_output=True,
                              text=True, check=True).stdout.strip()

    assert run() == "True False False"  # created: migrations need it, numpy stays out
    assert run() == "False False False"  # up to date: plain sqlite3
