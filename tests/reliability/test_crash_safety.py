"""Crash safety: SIGKILL a process that annotates through the app layer, many times.

Each lane is one project file reused across kills. A worker (``crash_worker.py``) reports
every action after it returned, with the state it believes is stored. After each kill the
file must pass ``PRAGMA integrity_check`` and hold exactly the last reported state, plus
at most the one action that committed after the last report (found in the event log,
written in the same transaction).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.app.projects import init_project
from annotator.core.model import Document, content_hash

WORKER = Path(__file__).with_name("crash_worker.py")
LANES = 4
ROUNDS = 13  # 4 lanes x 13 rounds = 52 kills
SEED = 20261127
TEXTS = [
    "Officials said the plan might work, according to people familiar with it.",
    "It is perhaps the largest project the city has undertaken in decades.\nSources say so.",
    "Critics argue that the figures could be misleading; a spokesperson declined to comment.",
]
KILLS = {"count": 0, "saved": 0}


def make_lane(path: Path) -> None:
    project = init_project(path)
    with project.atomic():
        project.insert_documents(Document(content_hash(t), t, f"doc {i}")
                                 for i, t in enumerate(TEXTS))
    project.close()


def stored_state(path: Path) -> tuple[dict, sqlite3.Connection]:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    spans = {str(i): [d, lab, s, e] for i, d, lab, s, e in conn.execute(
        'SELECT a.id, d.id, label, start, "end" FROM annotations a JOIN documents d '
        "ON d.seq = a.doc_seq WHERE annotator = ?",
        ["crash"])}
    status = dict(conn.execute("SELECT doc_id, status FROM doc_status WHERE annotator = ?",
                               ["crash"]).fetchall())
    return {"spans": spans, "status": status}, conn


def replay(state: dict, conn: sqlite3.Connection, after: int) -> tuple[dict, int]:
    """Apply the logged events newer than ``after`` (committed but not yet reported)."""
    rows = conn.execute("SELECT doc_id, detail FROM events WHERE id > ? ORDER BY id",
                        [after]).fetchall()
    for doc_id, detail in rows:
        for d in json.loads(detail):
            if "status" in d:
                if d["status"] is None:
                    state["status"].pop(doc_id, None)
                else:
                    state["status"][doc_id] = d["status"]
            elif d["edit"] == "RemoveAnnotation":
                state["spans"].pop(str(d["id"]), None)
            else:
                state["spans"][str(d["id"])] = [doc_id, d["label"], d["start"], d["end"]]
    return state, len(rows)


def run_round(paths: list[Path], rng: random.Random) -> None:
    procs = [subprocess.Popen([sys.executable, str(WORKER), str(p), str(rng.randrange(10**9))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in paths]
    delays = [rng.uniform(0.0, 0.3) for _ in paths]
    for proc in procs:  # wait until each worker has opened its project
        line = proc.stdout.readline()
        assert line.startswith("READY"), proc.stderr.read()
    start = time.monotonic()
    for proc, delay in sorted(zip(procs, delays, strict=True), key=lambda x: x[1]):
        time.sleep(max(0.0, start + delay - time.monotonic()))
        os.kill(proc.pid, signal.SIGKILL)
    for path, proc in zip(paths, procs, strict=True):
        out, err = proc.communicate()
        assert proc.returncode == -signal.SIGKILL, err
        check_after_kill(path, out.splitlines())
        KILLS["count"] += 1


def check_after_kill(path: Path, lines: list[str]) -> None:
    reported = [ln.split(" ", 2) for ln in lines if ln.startswith("SAVED ")]
    KILLS["saved"] += len(reported)
    while reported:  # the last line may have been cut short by the kill
        try:
            expected, last = json.loads(reported[-1][2]), reported[-1][1]
            break
        except (ValueError, IndexError):
            reported.pop()
    else:  # killed before any action was reported: nothing to compare with
        stored_state(path)[1].close()
        return
    actual, conn = stored_state(path)
    try:
        expected, extra = replay(expected, conn, int(last))
    finally:
        conn.close()
    assert extra <= 1, f"{extra} unreported actions committed"
    assert actual == expected


def test_sigkill_at_random_moments_loses_nothing_reported(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX")
    rng = random.Random(SEED)
    paths = [tmp_path / f"lane{i}.annotator.sqlite" for i in range(LANES)]
    for path in paths:
        make_lane(path)
    for _ in range(ROUNDS):
        run_round(paths, rng)
    assert KILLS["count"] >= 50
    assert KILLS["saved"] > 100, KILLS  # the kills did interrupt real work
    print(f"\n{KILLS['count']} kills survived, {KILLS['saved']} reported actions checked")
