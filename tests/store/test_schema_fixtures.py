"""Projects made by every released schema version open, after a backup, and keep their data.

The fixtures in ``tests/fixtures`` were written by ``make_schema_fixtures.py`` with only
the first N migrations applied.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.app.session import AnnotationSession
from annotator.core.errors import ProjectError
from annotator.core.model import Status
from annotator.store import Project
from annotator.store.schema import KNOWN, SCHEMA_VERSION

FIXTURES = Path(__file__).parents[1] / "fixtures"
RELEASED = (1, 2, 3, 4, 5)


def _copy(version: int, tmp_path: Path) -> Path:
    path = tmp_path / f"old_v{version}.annotator.sqlite"
    shutil.copy2(FIXTURES / f"schema_v{version}.annotator.sqlite", path)
    return path


@pytest.mark.parametrize("version", RELEASED)
def test_fixture_has_exactly_its_schema_steps(version: int) -> None:
    conn = sqlite3.connect(f"file:{FIXTURES / f'schema_v{version}.annotator.sqlite'}?mode=ro",
                           uri=True)
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    conn.close()
    assert names == KNOWN[:version]


@pytest.mark.parametrize("version", RELEASED)
def test_old_project_is_backed_up_then_migrated_and_works(version: int, tmp_path: Path) -> None:
    path = _copy(version, tmp_path)
    original = path.read_bytes()
    session = AnnotationSession.open(path, "bob")
    backup = path.with_name(path.name + f".v{version}.bak")
    if version < SCHEMA_VERSION:
        assert backup.read_bytes() == original  # the copy is of the file before migrating
    else:
        assert not backup.exists()
    applied = [r[0] for r in session.project.conn.execute(
        "SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied == KNOWN
    (doc,) = session.documents()
    alice = session.annotations(doc.id, "alice")
    assert [(a.label, a.start, a.end) for a in alice] == [("UNNAMED_SOURCE", 49, 55)]
    assert session.project.status(doc.id, "alice") is Status.DONE
    session.add_span(doc.id, 0, 9, "UNNAMED_SOURCE", exact=True)  # it works after migrating
    session.set_status(doc.id, Status.IN_PROGRESS)
    session.close()
    reopened = Project.open(path)
    assert len(reopened.annotations(doc.id, "bob")) == 1
    assert reopened.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened.close()


def test_newer_project_than_this_build_is_refused_untouched(tmp_path: Path) -> None:
    path = _copy(RELEASED[-1], tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('annotator', 'm999_from_the_future', 'x')")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ProjectError, match=r"newer version.*not changed"):
        Project.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no backup, no WAL


def test_every_schema_version_has_a_fixture() -> None:
    """A new migration needs a fixture of its schema (tests/fixtures/make_schema_fixtures.py)."""
    assert tuple(range(1, SCHEMA_VERSION + 1)) == RELEASED
    assert all((FIXTURES / f"schema_v{v}.annotator.sqlite").is_file() for v in RELEASED)
