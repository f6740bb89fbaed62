"""The import pipeline: batches read in a thread, written in order, all or nothing."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import annotator.app.importing as importing
from annotator.app.importing import import_paths
from annotator.core.errors import InputError
from annotator.core.model import content_hash
from annotator.store import Project, bulk

TABLES = ("documents", "annotations", "doc_status", "annotators")


def _records(n: int) -> list[dict]:
    out = []
    for i in range(n):
        text = f"Article {i}: officials said it might rain 👍🏽 today, an insider told us."
        out.append({"text": text, "meta": {"title": f"T{i}", "n": i},
                    "spans": [{"start": 36, "end": 41, "label": "HEDGE"},
                              {"start": 55, "end": 65, "label": "UNNAMED_SOURCE",
                               "note": "n" if i % 3 == 0 else None}],
                    "_annotator_id": f"coder{i % 4}", "status": "done"})
    return out


def _write(path: Path, records: list[dict], raw: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for index, line in (raw or {}).items():
        lines[index] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dump(project: Project) -> dict[str, list]:
    return {
        "documents": project.conn.execute(
            "SELECT seq, id, title, text, meta FROM documents ORDER BY seq").fetchall(),
        "annotations": project.conn.execute(
            'SELECT d.id, annotator, label, start, "end", origin, note FROM annotations '
            "JOIN documents d ON d.seq = doc_seq ORDER BY 1, 2, 3, 4").fetchall(),
        "doc_status": project.conn.execute(
            "SELECT doc_id, annotator, status FROM doc_status ORDER BY 1, 2").fetchall(),
        "annotators": project.conn.execute(
            "SELECT name FROM annotators ORDER BY 1").fetchall(),
    }


@pytest.fixture(autouse=True, params=[2, 1], ids=["two-cores", "one-core"])
def cores(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Every test runs with the reading thread (two cores) and without it (one)."""
    monkeypatch.setattr(importing, "usable_cores", lambda: request.param)
    return request.param


def test_an_old_sqlite_imports_row_by_row(codebook, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "a.jsonl", _records(20))
    expected = _fresh(codebook)
    import_paths(expected, [path])
    project = _fresh(codebook)
    monkeypatch.setattr(Project, "packing_supported", lambda self: False)
    ran = []
    monkeypatch.setattr(Project, "run_bulk", lambda self, statements: ran.extend(
        statements) or bulk.run(self.conn, statements))
    import_paths(project, [path])
    assert _dump(project) == _dump(expected)
    assert ran and all(s.many for s in ran)


def _fresh(codebook) -> Project:  # type: ignore[no-untyped-def]
    p = Project.memory()
    with p.atomic():
        p.save_codebook(codebook)
    return p


def test_many_small_batches_store_what_one_batch_stores(codebook, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "a.jsonl", _records(50))
    one = _fresh(codebook)
    report_one = import_paths(one, [path])
    monkeypatch.setattr(importing, "_BATCH", 3)
    monkeypatch.setattr(importing, "_FIRST_BATCH", 2)
    seen: list[int] = []
    many = _fresh(codebook)
    report_many = import_paths(many, [path], progress=seen.append)
    assert _dump(many) == _dump(one)
    assert report_many == report_one
    assert report_one.documents_new == 50 and report_one.annotations_new == 100
    assert seen == sorted(seen) and seen[-1] == 50 and len(seen) > 10


def test_one_core_and_two_cores_store_the_same(codebook, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    records = _records(30)
    records[4]["spans"][0]["attributes"] = {"type": "modal", "in_quote": True}
    records[5]["meta"]["title"] = "Nul\x00 in a title"
    path = _write(tmp_path / "a.jsonl", records)
    stored = []
    for n in (1, 2):
        monkeypatch.setattr(importing, "usable_cores", lambda n=n: n)
        project = _fresh(codebook)
        import_paths(project, [path])
        stored.append(_dump(project))
    assert stored[0] == stored[1]
    assert "Nul\x00 in a title" in [row[2] for row in stored[0]["documents"]]


def test_imports_leave_every_foreign_key_satisfied_and_the_checks_on(
        codebook, tmp_path: Path) -> None:
    """An import writes with SQLite's foreign-key checks off (``Project.bulk_atomic``): its
    rows must satisfy them all the same, and the checks must be on again afterwards."""
    project = _fresh(codebook)
    import_paths(project, [_write(tmp_path / "a.jsonl", _records(30))])
    again = _records(40)  # 30 known texts under other coders, 10 new ones
    for rec in again:
        rec["_annotator_id"] = "second"
        rec["status"] = "skipped"
    import_paths(project, [_write(tmp_path / "b.jsonl", again)])
    with pytest.raises(InputError):
        import_paths(project, [_write(tmp_path / "c.jsonl", _records(5), raw={3: "{"})])
    assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert project.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    counts = [project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("documents", "annotations", "doc_status")]
    assert counts == [40, 140, 70]


def test_new_labels_are_met_in_file_order_in_plain_and_other_spans(codebook,
                                                                   tmp_path: Path) -> None:
    records = _records(4)
    records[1]["spans"] = [{"start": 0, "end": 3, "label": "B"},
                           {"start": 4, "end": 7, "label": "A"}]  # plain spans only
    records[2]["spans"] = [{"start": 0, "end": 3, "label": "C", "note": "x"},
                           {"start": 4, "end": 7, "label": "A"}]
    path = _write(tmp_path / "labels.jsonl", records)
    project = _fresh(codebook)
    with pytest.raises(InputError, match="unknown label 'B'") as caught:
        import_paths(project, [path])
    assert caught.value.line == 2
    report = import_paths(project, [path], add_labels=True)
    assert report.labels_added == ["B", "A", "C"]
    assert report.annotations_new == 8


def test_the_first_error_in_the_file_is_the_one_reported(codebook, tmp_path: Path) -> None:
    project = _fresh(codebook)
    records = _records(12)
    records[3]["meta"]["doc_id"] = content_hash(records[1]["text"])  # claims record 2's id
    path = _write(tmp_path / "bad.jsonl", records, raw={8: "{not json"})
    before = _dump(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path])
    assert caught.value.line == 4
    assert "differs from the project's document" in str(caught.value)
    assert _dump(project) == before


def test_an_error_in_a_later_file_changes_nothing(codebook, tmp_path: Path) -> None:
    project = _fresh(codebook)
    good = _write(tmp_path / "good.jsonl", _records(30))
    bad = _write(tmp_path / "bad.jsonl", _records(5), raw={4: '{"text": 5}'})
    before = _dump(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [good, bad])
    assert caught.value.line == 5 and "bad.jsonl" in str(caught.value)
    assert _dump(project) == before
    assert not [t for t in threading.enumerate() if t.name == "annotator-read-ahead"]


def test_cancel_from_the_progress_callback_changes_nothing(codebook, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setattr(importing, "_BATCH", 4)
    project = _fresh(codebook)
    path = _write(tmp_path / "a.jsonl", _records(40))

    class Cancelled(Exception):
        pass

    def progress(done: int) -> None:
        if done > 10:
            raise Cancelled

    before = _dump(project)
    with pytest.raises(Cancelled):
        import_paths(project, [path], progress=progress)
    assert _dump(project) == before
    assert not [t for t in threading.enumerate() if t.name == "annotator-read-ahead"]
