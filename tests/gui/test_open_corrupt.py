"""Opening a corrupt or non-SQLite file from the window: a message, the file untouched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from annotator.gui import file_ops


@pytest.mark.parametrize("content", [b"plain notes, not a database\n" * 10, b"",
                                     b"SQLite format 3\x00" + os.urandom(4096)])
def test_window_warns_and_keeps_its_project(window, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                            content: bytes) -> None:
    bad = tmp_path / "bad.annotator.sqlite"
    bad.write_bytes(content)
    before = hashlib.sha256(content).hexdigest()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(file_ops.QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))
    session = window.controller.session
    window.files.open_project(str(bad))
    assert shown and shown[0][0] == "Open project"
    assert "bad.annotator.sqlite: not " in shown[0][1]
    assert "not " in window.statusBar().currentMessage()
    assert window.controller.session is session  # still on the project it had
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.annotator.sqlite",
                                                         "settings.ini"] or \
        sorted(p.name for p in tmp_path.iterdir()) == ["bad.annotator.sqlite"]
