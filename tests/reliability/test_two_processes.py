"""Two processes on one project: the CLI importing while a session annotates.

No write is lost, nothing fails with "database is locked" (writes wait: busy timeout),
and a session (and the window) notices what the other process changed.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.app.session import AnnotationSession
from annotator.core.model import Status, content_hash

TEXT = "Officials said the plan might work, according to people familiar with it."


def _jsonl(path: Path, n: int, tag: str) -> Path:
    path.write_text("".join(json.dumps({"text": f"Article {tag} {i}: the mayor said so."})
                            + "\n" for i in range(n)), encoding="utf-8")
    return path


def test_cli_import_and_session_write_at_once_without_loss(tmp_path: Path,
                                                           project_file) -> None:
    path = project_file(TEXT)
    files = [_jsonl(tmp_path / f"batch{i}.jsonl", 300, str(i)) for i in range(6)]
    session = AnnotationSession.open(path, "alice")
    doc = content_hash(TEXT)
    procs = [subprocess.Popen([sys.executable, "-m", "annotator", "import", str(f),
                               "--project", str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for f in files]
    added = 0
    words = [(i, TEXT.index(" ", i)) for i in range(len(TEXT) - 8)
             if (i == 0 or TEXT[i - 1] == " ") and " " in TEXT[i:]]
    while any(p.poll() is None for p in procs) or added < 10:
        start, end = words[added % len(words)]
        label = ("HEDGE", "UNNAMED_SOURCE")[(added // len(words)) % 2]
        if added >= 2 * len(words):
            break
        session.add_span(doc, start, end, label, exact=True)
        added += 1
    results = [p.communicate() for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
    assert len(session.annotations(doc)) == added
    assert session.external_changes()  # the imports came from other processes
    assert len(session.documents()) == 1 + 6 * 300
    session.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_session_notices_a_write_by_another_connection(project_file) -> None:
    path = project_file(TEXT)
    mine = AnnotationSession.open(path, "alice")
    other = AnnotationSession.open(path, "bob")
    assert mine.external_changes()  # bob joined the project
    assert not mine.external_changes()
    mine.add_span(content_hash(TEXT), 0, 9, "UNNAMED_SOURCE", exact=True)
    assert not mine.external_changes()  # its own writes do not count
    other.set_status(content_hash(TEXT), Status.DONE)
    assert mine.external_changes()
    assert not mine.external_changes()  # reported once
    mine.close()
    other.close()

