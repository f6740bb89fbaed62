"""Exports shared with a helper process write the same bytes, and clean up on cancel."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.app import export_helper, exporting
from annotator.app.exporting import export
from annotator.app.importing import import_paths
from annotator.app.projects import init_project
from annotator.core.errors import AnnotatorError
from annotator.store import Project

WORDS = "officials might say that sources reportedly claim the deal could fail".split()


def _die(*_args: object) -> None:
    """A helper process that ends at once without a word (run in the child)."""
    os._exit(3)


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setattr(exporting.time, "time", lambda: 1718000000.0)  # one timestamp
    lines = []
    for i in range(60):
        text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40 + i)) + f". Article {i}."
        start = text.index("might") if "might" in text else 0
        spans = [{"start": start, "end": start + 5, "label": "HEDGE"}] if i % 3 else []
        lines.append(json.dumps({"text": text, "spans": spans, "_annotator_id": "alice"}))
        lines.append(json.dumps({"text": text, "spans": spans, "_annotator_id": "bob"}))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = init_project(tmp_path / "study.sqlite")
    import_paths(project, [corpus])
    yield project
    project.close()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_shared_export_writes_what_one_process_writes(study, tmp_path, fmt):
    alone, shared = tmp_path / f"alone.{fmt}", tmp_path / f"shared.{fmt}"
    ticks: list[tuple[int, int]] = []
    one = export(study, alone, fmt, parallel=False)
    two = export(study, shared, fmt, parallel=True, progress=lambda d, t: ticks.append((d, t)))
    assert shared.read_bytes() == alone.read_bytes()
    assert (two.records, two.spans) == (one.records, one.spans) == (80, 80)
    assert ticks[-1] == (80, 80)
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name] == []


def test_the_helpers_lines_are_appended_through_a_buffer_without_copy_file_range(
        study, tmp_path, monkeypatch):
    alone, shared = tmp_path / "alone.jsonl", tmp_path / "shared.jsonl"
    export(study, alone, "jsonl", parallel=False)
    monkeypatch.setattr(export_helper, "_KERNEL_COPY", False)  # as on Windows and macOS
    report = export(study, shared, "jsonl", parallel=True)
    assert shared.read_bytes() == alone.read_bytes()
    assert (report.records, report.spans) == (80, 80)


def test_cancelling_a_shared_export_leaves_nothing(study, tmp_path):
    out = tmp_path / "out.jsonl"

    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export(study, out, "jsonl", parallel=True, progress=cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["corpus.jsonl", "study.sqlite", "study.sqlite-wal", "study.sqlite-shm"])


def test_when_the_helper_dies_this_process_writes_its_share(study, tmp_path, monkeypatch):
    alone, shared = tmp_path / "alone.jsonl", tmp_path / "shared.jsonl"
    export(study, alone, "jsonl", parallel=False)
    monkeypatch.setattr(export_helper, "_work", _die)
    report = export(study, shared, "jsonl", parallel=True)
    assert shared.read_bytes() == alone.read_bytes()
    assert (report.records, report.spans) == (80, 80)


def test_an_error_in_the_helper_is_reported_and_nothing_is_written(study, tmp_path):
    out = tmp_path / "out.jsonl"
    study.conn.execute("UPDATE annotations SET \"end\" = 100000 WHERE rowid = "
                       "(SELECT max(rowid) FROM annotations)")  # past the text, in the last record
    with pytest.raises((AnnotatorError, ValueError), match="export failed"):
        export(study, out, "jsonl", parallel=True)
    assert not out.exists()


def test_small_and_in_memory_exports_stay_in_one_process(study):
    assert export_helper.split_point(study, 100, None) == 100
    assert export_helper.split_point(study, 100, True) == 12  # records in a share
    assert export_helper.split_point(study, 10_000, False) == 10_000
    memory = Project.memory()
    assert export_helper.split_point(memory, 10_000, True) == 10_000
    memory.close()


def test_a_helper_that_died_holding_the_lock_does_not_stop_the_export() -> None:
    import multiprocessing
    import threading

    helper = object.__new__(export_helper._Helper)
    helper._next = multiprocessing.get_context("spawn").Array("q", [1, 3])
    helper._process = type("Dead", (), {"is_alive": lambda self: False})()
    held, release = threading.Event(), threading.Event()

    def hold() -> None:  # stands for the helper, killed while it held the lock
        with helper._next.get_lock():
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        held.wait(5)
        claimed: list[int | None] = []
        claiming = threading.Thread(target=lambda: claimed.extend(
            helper.claim() for _ in range(3)), daemon=True)
        claiming.start()
        claiming.join(5)  # without the check for a dead helper it would wait for ever
        assert claimed == [1, 2, None]
    finally:
        release.set()
        thread.join()
