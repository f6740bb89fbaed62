"""A corrupt or non-SQLite file opened as a project: a clear message, the file untouched.

Checked for the store, the command line (message, exit status 1) and the window.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from annotator.app.projects import init_project
from annotator.cli.main import main
from annotator.core.errors import ProjectError
from annotator.core.model import Document, content_hash
from annotator.store import Project


def _real_project(path: Path) -> bytes:
    project = init_project(path)
    with project.atomic():
        project.insert_documents(Document(content_hash(f"Text {i}. " * 50), f"Text {i}. " * 50)
                                 for i in range(200))
    project.close()
    return path.read_bytes()


def _make(kind: str, path: Path) -> Path:
    if kind == "text":
        path.write_bytes(b"just some notes, certainly not a database\n" * 20)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "garbage_after_header":
        path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    elif kind == "truncated":
        data = _real_project(path)
        path.write_bytes(data[:1500])
    elif kind == "pages_overwritten":
        data = bytearray(_real_project(path))
        data[100:4096] = os.urandom(3996)  # the schema page, after the header
        path.write_bytes(bytes(data))
    return path


KINDS = ["text", "empty", "garbage_after_header", "truncated", "pages_overwritten"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", KINDS)
def test_store_refuses_and_leaves_the_file_alone(kind: str, tmp_path: Path) -> None:
    path = _make(kind, tmp_path / "bad.annotator.sqlite")
    before = digest(path)
    with pytest.raises(ProjectError, match=r"bad\.annotator\.sqlite: not "):
        Project.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no -wal, no backup


@pytest.mark.parametrize("kind", KINDS)
def test_cli_says_so_and_exits_1(kind: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _make(kind, tmp_path / "bad.annotator.sqlite")
    before = digest(path)
    assert main(["stats", "--project", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ")
    assert "not an Annotator project" in err or "not a readable project file" in err
    assert "Traceback" not in err
    assert digest(path) == before
