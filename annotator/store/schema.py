"""The project schema as a list of sqlite-utils migrations.

Owns: every table of a project file and how older files are brought up to date. Each
schema change is a new migration appended at the end; released ones are never edited.
Must not import: Qt, spaCy.

sqlite-utils is imported only to create or upgrade a file (:func:`migration_set`):
opening an up-to-date project reads the names of its applied steps with one query
(:func:`applied_names`), which spares every command and every start of the window the
40 ms that importing sqlite-utils costs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "annotator"
"""The name of this schema's migration set in sqlite-utils' ``_sqlite_migrations`` table."""
STEPS: list[Callable[[Database], None]] = []
"""The migrations this build knows, oldest first."""


def _migration(fn):  # type: ignore[no-untyped-def]
    STEPS.append(fn)
    return fn


@cache
def migration_set() -> Migrations:
    """The sqlite-utils migration set of :data:`STEPS` (imports sqlite-utils)."""
    from annotator.store import lean_import

    lean_import.load()
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for fn in STEPS:
        steps()(fn)
    return steps


def _script(db: Database, sql: str) -> None:
    """Run a schema script inside the migration's transaction, a statement at a time.

    sqlite-utils' ``executescript`` does the same (``sqlite3``'s would commit first), but
    tests after every character whether a statement is complete: that was half the time of
    creating a project. The scripts here end each statement at the end of a line.
    """
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """Names of the steps applied to a project file, in order, as sqlite-utils recorded them.

    The same list as ``migration_set().applied(db)`` (a test holds the two together),
    read without importing sqlite-utils.
    """
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                    "AND name = '_sqlite_migrations'").fetchone() is None:
        return []
    return [row[0] for row in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET])]


@_migration
def m001_initial(db: Database) -> None:
    """Documents, codebooks, annotators, annotations, status, events, token cache."""
    _script(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE documents (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            meta TEXT,
            imported_at INTEGER NOT NULL
        );
        CREATE TABLE codebooks (
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            data TEXT NOT NULL,
            created INTEGER NOT NULL,
            PRIMARY KEY (name, version)
        );
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            created INTEGER NOT NULL
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            origin TEXT NOT NULL DEFAULT 'manual',
            rule TEXT NOT NULL DEFAULT '',
            attributes TEXT,
            note TEXT NOT NULL DEFAULT '',
            codebook_version TEXT NOT NULL DEFAULT '',
            created INTEGER NOT NULL,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (doc_id, annotator, label, start, "end")
        );
        CREATE TABLE doc_status (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            status TEXT NOT NULL CHECK (status IN ('done', 'in_progress', 'skipped')),
            updated INTEGER NOT NULL,
            seconds REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (doc_id, annotator)
        ) WITHOUT ROWID;
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            time REAL NOT NULL,
            annotator TEXT NOT NULL,
            action TEXT NOT NULL,
            doc_id TEXT,
            detail TEXT
        );
        CREATE TABLE tokens (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            tokenizer TEXT NOT NULL,
            data BLOB NOT NULL
        );
        CREATE INDEX events_doc ON events(doc_id);
        """
    )


@_migration
def m002_document_list_index(db: Database) -> None:
    """A covering index for the document list, so that listing does not read every text.

    ``summaries`` needs each document's length; without the index SQLite reads the whole
    text of every document (76 MB for 10,000 articles) to count its characters.
    """
    db.execute("CREATE INDEX documents_list ON documents(seq, id, title, length(text))")


@_migration
def m003_suggestions(db: Database) -> None:
    """Stored suggestions of the engine and each coder's decision about them.

    A suggestion is kept once per document, label, span and rule. Decisions are per
    coder: one coder accepting a suggestion does not decide it for another.
    """
    _script(
        db,
        """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            rule TEXT NOT NULL DEFAULT '',
            confidence REAL NOT NULL DEFAULT 0,
            engine TEXT NOT NULL DEFAULT '',
            created INTEGER NOT NULL,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (doc_id, label, start, "end", rule)
        );
        CREATE TABLE suggestion_decisions (
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            decided_at INTEGER NOT NULL,
            PRIMARY KEY (suggestion_id, annotator)
        ) WITHOUT ROWID;
        CREATE INDEX suggestion_decisions_annotator
            ON suggestion_decisions(annotator, suggestion_id);
        CREATE INDEX suggestions_rule ON suggestions(rule, label);
        """
    )


@_migration
def m004_study(db: Database) -> None:
    """Study design: named rounds and which coder is assigned which document in each.

    A round records the codebook it was coded under and how its assignment was drawn
    (``design``: coders, overlap, seed, …). ``reliability`` marks the documents of the
    double-coded reliability sample.
    """
    _script(
        db,
        """
        CREATE TABLE rounds (
            name TEXT PRIMARY KEY,
            codebook_name TEXT NOT NULL DEFAULT '',
            codebook_version TEXT NOT NULL DEFAULT '',
            design TEXT,
            created INTEGER NOT NULL
        );
        CREATE TABLE assignments (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            round TEXT NOT NULL REFERENCES rounds(name) ON DELETE CASCADE,
            reliability INTEGER NOT NULL DEFAULT 0,
            assigned_at INTEGER NOT NULL,
            PRIMARY KEY (doc_id, annotator, round)
        ) WITHOUT ROWID;
        CREATE INDEX assignments_coder ON assignments(annotator, round);
        CREATE INDEX assignments_round ON assignments(round, doc_id);
        """
    )


@_migration
def m005_annotations_by_document_number(db: Database) -> None:
    """Annotations name their document by its number (``documents.seq``), not its id.

    The id is a content hash, so spans of consecutive documents landed all over the
    unique index (document, coder, label, start, end); by number they land at its end.
    An import of 200,000 spans writes a third less to SQLite and the file shrinks by
    about 40 bytes a span (docs/performance.md). Queries join ``documents`` for the id.
    """
    _script(
        db,
        """
        CREATE TABLE annotations_v5 (
            id INTEGER PRIMARY KEY,
            doc_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            origin TEXT NOT NULL DEFAULT 'manual',
            rule TEXT NOT NULL DEFAULT '',
            attributes TEXT,
            note TEXT NOT NULL DEFAULT '',
            codebook_version TEXT NOT NULL DEFAULT '',
            created INTEGER NOT NULL,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (doc_seq, annotator, label, start, "end")
        );
        INSERT INTO annotations_v5
            SELECT a.id, d.seq, a.annotator, a.label, a.start, a."end", a.origin, a.rule,
                   a.attributes, a.note, a.codebook_version, a.created
              FROM annotations a JOIN documents d ON d.id = a.doc_id ORDER BY a.id;
        DROP TABLE annotations;
        ALTER TABLE annotations_v5 RENAME TO annotations;
        """
    )


KNOWN: list[str] = [fn.__name__ for fn in STEPS]
"""Names of the migrations this build knows, oldest first."""
SCHEMA_VERSION = len(KNOWN)
"""The schema version of this build: the number of migrations it knows."""
