"""Opening, creating and migrating project files; settings, codebooks, annotators.

Owns: the connection (WAL, foreign keys, busy timeout), transactions and the event log.
Must not import: Qt, spaCy.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.codebook import codebook_from_dict, codebook_to_dict
from annotator.core.errors import ProjectError
from annotator.core.model import Codebook
from annotator.store.schema import KNOWN, SCHEMA_VERSION, applied_names, migration_set

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000


def _connect(path: str) -> sqlite3.Connection:
    # Autocommit at the driver level: every write happens inside an explicit atomic()
    # block, so no implicit transaction can be left open by a stray statement.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    return conn


class ProjectBase:
    """A connection to one project file, migrated to this build's schema."""

    _savepoints = count()

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self._own_versions = 0  # data_version steps of this connection's mode switches

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils ``Database`` (imports sqlite-utils)."""
        from annotator.store import lean_import

        lean_import.load()
        from sqlite_utils import Database

        return Database(self.conn)

    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> ProjectBase:
        """Open (or with ``create`` make) a project file and bring its schema up to date.

        Raises:
            ProjectError: the file is missing, not a project, corrupt, or from a newer
                version of Annotator. The file is left untouched.
        """
        path = Path(path)
        if not path.exists() and not create:
            raise ProjectError(f"{path}: no such project file")
        if path.exists():
            _check_is_sqlite(path, allow_empty=create)
        conn = _connect(str(path))
        try:
            applied, wal = _inspect(conn, path)
        except ProjectError:
            conn.close()  # also removes the -wal and -shm files SQLite made
            raise
        if wal and applied == KNOWN:
            return cls(conn, path)  # up to date: sqlite-utils is not needed
        upgrade = bool(applied) and len(applied) < SCHEMA_VERSION
        if upgrade:
            shutil.copy2(path, path.with_name(path.name + f".v{len(applied)}.bak"))
        project = cls(conn, path)
        db = project.db
        with suppress(sqlite3.OperationalError):  # busy: stays in its mode until next time
            db.enable_wal()
        migration_set().apply(db)
        if upgrade:
            project._give_back_free_pages()
        return project

    def _give_back_free_pages(self) -> None:
        """``VACUUM`` when a fifth or more of the file is unused pages.

        An upgrade that rebuilds a table (m005 rebuilds the annotations) leaves the old
        table's pages free inside the file: a project of 200,000 spans grew from 77 to
        94 MB. Done once, after the upgrade; if it cannot be done now (another program
        reading the file, no room for SQLite's temporary copy), the file only stays larger.
        """
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        free = self.conn.execute("PRAGMA freelist_count").fetchone()[0]
        if free and 5 * free >= pages:
            with suppress(sqlite3.OperationalError):
                self.conn.execute("VACUUM")

    @classmethod
    def memory(cls) -> ProjectBase:
        """A throw-away in-memory project (tests, previews)."""
        project = cls(sqlite3.connect(":memory:", isolation_level=None), None)
        project.conn.execute("PRAGMA foreign_keys = ON")
        migration_set().apply(project.db)
        return project

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.conn.close()

    def data_version(self) -> int:
        """A number that changes when another connection commits (``PRAGMA data_version``).

        SQLite's number also steps when this connection switches the journal mode (a bulk
        write, ADR 0008); those steps are taken out, so that the window does not take its
        own import for another program's change.
        """
        return self._data_version() - self._own_versions

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def backup_to(self, target: str | Path) -> Path:
        """Write a consistent copy of the project to ``target`` (SQLite's backup API).

        The copy is written to a temporary name next to ``target`` and renamed, so a
        crash never leaves a half-written copy under the final name.

        Raises:
            ProjectError: the copy cannot be written.
        """
        target = Path(target)
        partial = target.with_name(target.name + ".partial")
        try:
            partial.unlink(missing_ok=True)
            dest = sqlite3.connect(partial)
            try:
                self.conn.backup(dest)
            finally:
                dest.close()
            partial.replace(target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise ProjectError(f"{target}: cannot write the copy ({exc})") from exc
        return target

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction; nested calls become savepoints. Rolls back on any error.

        The rules of sqlite-utils' ``Database.atomic``, kept here so that working on an
        up-to-date project never imports sqlite-utils (see :mod:`annotator.store.schema`).
        An error can end the whole transaction inside SQLite (a failed ``COMMIT``, a
        trigger's ``RAISE(ROLLBACK)``); then there is nothing left to roll back, and the
        original error is what the caller sees.
        """
        conn = self.conn
        if not conn.in_transaction:
            conn.execute("BEGIN")
            try:
                yield
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return
        savepoint = f"atomic_{next(self._savepoints)}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {savepoint}")
                conn.execute(f"RELEASE {savepoint}")
            raise
        conn.execute(f"RELEASE {savepoint}")

    @contextmanager
    def bulk_atomic(self) -> Iterator[None]:
        """:meth:`atomic` for bulk writes whose rows are valid by construction.

        SQLite's foreign-key checks are off inside it: they cost two index lookups per
        span, a seventh of SQLite's work in a big import (docs/performance.md), and
        :mod:`annotator.store.bulk` rows cannot fail them: each names its document through
        a lookup whose miss is NULL, which the NOT NULL constraint refuses, and the caller
        registers every coder first (:meth:`ensure_annotator`). Only the outermost
        transaction can turn them off (SQLite ignores the pragma inside one); they are on
        again afterwards, whatever happened.

        When no other connection has the file open, the outermost one also writes through
        a rollback journal instead of the write-ahead log (ADR 0008): the data goes into
        the file once, not into the log and then into the file.
        """
        outermost = not self.conn.in_transaction
        if outermost:
            self.conn.execute("PRAGMA foreign_keys = OFF")
        before = self._rollback_journal() if outermost else None
        try:
            with self.atomic():
                yield
        finally:
            if outermost:
                self.conn.execute("PRAGMA foreign_keys = ON")
            if before is not None:
                with suppress(sqlite3.OperationalError):  # busy: the next open does it
                    self.conn.execute("PRAGMA journal_mode = WAL")
                # No other connection had the file open when it left WAL mode, so what
                # moved data_version since then is this connection's doing.
                self._own_versions += self._data_version() - before

    def _rollback_journal(self) -> int | None:
        """Leave WAL mode for a rollback journal if no one else has the file open.

        SQLite refuses at once when another connection has the file open (the window,
        another command): then nothing changes. Returns SQLite's ``data_version`` from
        just before the switch, or ``None`` when the file stays in WAL mode.
        """
        if self.path is None:
            return None
        before = self._data_version()
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            mode = self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            return None
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return before if mode == "delete" else None

    # -- settings -----------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        """A project setting, or ``default``."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a project setting."""
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # -- codebooks ----------------------------------------------------------------
    def save_codebook(self, codebook: Codebook) -> None:
        """Store a codebook version and make it the project's current one."""
        self.conn.execute(
            "INSERT OR REPLACE INTO codebooks(name, version, data, created) VALUES (?,?,?,?)",
            [codebook.name, codebook.version,
             json.dumps(codebook_to_dict(codebook), ensure_ascii=False), int(time.time())])
        self.set_setting("codebook", json.dumps([codebook.name, codebook.version]))

    def codebook(self) -> Codebook:
        """The project's current codebook."""
        current = self.setting("codebook")
        if current is None:
            raise ProjectError(f"{self.path}: the project has no codebook")
        name, version = json.loads(current)
        row = self.conn.execute(
            "SELECT data FROM codebooks WHERE name = ? AND version = ?", [name, version]
        ).fetchone()
        return codebook_from_dict(json.loads(row[0]), "project codebook")

    # -- annotators and events ----------------------------------------------------
    def ensure_annotator(self, name: str) -> None:
        """Register a coder name (idempotent)."""
        self.conn.execute("INSERT OR IGNORE INTO annotators(name, created) VALUES (?, ?)",
                          [name, int(time.time())])

    def annotators(self) -> list[str]:
        """All coder names, in the order they joined."""
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM annotators ORDER BY created, name")]

    def log_event(self, annotator: str, action: str, doc_id: str | None = None,
                  detail: Any = None) -> None:
        """Append to the event log (call inside the action's transaction)."""
        self.conn.execute(
            "INSERT INTO events(time, annotator, action, doc_id, detail) VALUES (?,?,?,?,?)",
            [time.time(), annotator, action, doc_id,
             None if detail is None else json.dumps(detail, ensure_ascii=False)])

    def events(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Logged events, oldest first (optionally for one document)."""
        sql = "SELECT time, annotator, action, doc_id, detail FROM events"
        args: list[Any] = []
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            args.append(doc_id)
        rows = self.conn.execute(sql + " ORDER BY id", args).fetchall()
        return [{"time": t, "annotator": a, "action": act, "doc_id": d,
                 "detail": json.loads(x) if x else None} for t, a, act, d, x in rows]


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[list[str], bool]:
    """Set up a new connection; return the file's applied schema steps and its WAL mode.

    Raises:
        ProjectError: the file is busy, unreadable, not a project, or from a newer build.
    """
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        applied = applied_names(conn)
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        wal = conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise ProjectError(f"{path}: busy: another program is writing to it (an "
                               "import?); open it when that has finished") from exc
        raise ProjectError(f"{path}: not a readable project file ({exc})") from exc
    if not applied and tables and "documents" not in tables:
        raise ProjectError(f"{path}: an SQLite file, but not an Annotator project")
    newer = [name for name in applied if name not in KNOWN]
    if newer:
        raise ProjectError(
            f"{path}: made by a newer version of Annotator (schema steps "
            f"{', '.join(newer)}); update Annotator to open it. The file was not changed.")
    return applied, wal


def _check_is_sqlite(path: Path, allow_empty: bool = False) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from exc
    if head and head != b"SQLite format 3\x00":
        raise ProjectError(f"{path}: not an Annotator project (not an SQLite file)")
    if not head and not allow_empty:  # SQLite would happily turn it into a database
        raise ProjectError(f"{path}: not an Annotator project (the file is empty)")
