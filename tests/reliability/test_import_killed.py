"""An import killed while it writes through its rollback journal leaves the project as before."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotator.app.projects import init_project
from annotator.store import Project


def test_sigkill_during_an_import_rolls_back_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    init_project(path).close()
    data = tmp_path / "corpus.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for i in range(15000):  # about a second of import: time to see it write
            text = f"Article {i}. Officials said a divorce might be underway. " * 20
            fh.write(json.dumps({"text": text, "spans": [
                {"start": 0, "end": 7, "label": "HEDGE"}], "_annotator_id": "alice"}) + "\n")
    journal = tmp_path / "p.sqlite-journal"
    errors = tmp_path / "stderr.txt"
    proc = subprocess.Popen([sys.executable, "-m", "annotator", "import", "-p", str(path),
                             str(data)], stdout=subprocess.DEVNULL, stderr=errors.open("wb"))
    try:
        deadline = time.monotonic() + 60
        while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert journal.exists(), (f"the import never wrote into the file (exit "
                                  f"{proc.poll()}): {errors.read_text()[-2000:]}")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    project = Project.open(path)  # SQLite rolls the hot journal back
    assert project.count_documents() == 0
    assert project.conn.execute("SELECT count(*) FROM annotations").fetchone() == (0,)
    assert project.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert project.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert project.codebook().name  # what was there before is still there
    project.close()
    check = sqlite3.connect(path)
    assert check.execute("SELECT count(*) FROM documents").fetchone() == (0,)
