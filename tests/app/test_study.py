from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import replace

import pytest

from annotator.app.agreement import collect_units, compute, report_json
from annotator.app.merging import merge
from annotator.app.projects import init_project, load_codebook
from annotator.app.session import AnnotationSession
from annotator.app.study import StudyError, assign, draw, package
from annotator.core.model import Document, Status, content_hash
from annotator.store import Project

CODERS = ["alice", "bob", "carol"]


def _texts(n: int) -> list[str]:
    return [f"Article {i}. Officials said the deal might be signed soon. Nobody knew more."
            for i in range(n)]


@pytest.fixture
def study(tmp_path):
    path = tmp_path / "study.sqlite"
    p = init_project(path)
    with p.atomic():
        p.insert_documents([Document(content_hash(t), t, f"Doc {i}")
                            for i, t in enumerate(_texts(20))])
    yield p
    p.close()


def test_draw_is_balanced_and_deterministic():
    ids = [f"d{i}" for i in range(100)]
    rows, sample = draw(ids, CODERS, 0.2, 3, seed=7)
    assert len(sample) == 20
    assert draw(ids, CODERS, 0.2, 3, seed=7) == (rows, sample)
    assert draw(ids, CODERS, 0.2, 3, seed=8)[1] != sample
    per_doc = Counter(d for d, _, _ in rows)
    assert all(per_doc[d] == 3 for d in sample)
    assert all(per_doc[d] == 1 for d in ids if d not in sample)
    load = Counter(who for _, who, _ in rows)
    assert max(load.values()) - min(load.values()) <= 1
    assert sum(load.values()) == 80 + 60


def test_draw_per_doc_two_coders():
    ids = [f"d{i}" for i in range(50)]
    rows, sample = draw(ids, CODERS, 0.2, 2, seed=1)
    per_doc = Counter(d for d, _, _ in rows)
    assert all(per_doc[d] == 2 for d in sample) and len(sample) == 10
    load = Counter(who for _, who, _ in rows)
    assert max(load.values()) - min(load.values()) <= 1


def test_assign_stores_round_and_refuses_bad_input(study):
    report = assign(study, CODERS, overlap=0.25, seed=7, round="pilot")
    assert len(report.reliability) == 5 and sum(report.per_coder.values()) == 15 + 15
    info = study.round_info("pilot")
    assert info.codebook_version == study.codebook().version
    assert info.design["seed"] == 7
    again = assign(study, CODERS, overlap=0.25, seed=7, round="pilot")
    assert again.reliability == report.reliability
    assert len(study.assignments("pilot")) == 30
    with pytest.raises(StudyError, match="two coders"):
        assign(study, ["alice"])
    with pytest.raises(StudyError, match="per-doc"):
        assign(study, CODERS, per_doc=4)


def _code(path, coder: str) -> None:
    s = AnnotationSession.open(path, coder)
    try:
        for summary in s.documents():
            text = s.document(summary.id).text
            start = text.index("might")
            s.add_span(summary.id, start, start + 5, "HEDGE", exact=True)
            if coder != "carol":
                start = text.index("Officials")
                s.add_span(summary.id, start, start + 9, "UNNAMED_SOURCE", exact=True)
            s.set_status(summary.id, Status.DONE)
    finally:
        s.close()


def _rows(path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_package_is_blind(study, tmp_path):
    assign(study, CODERS, overlap=0.2, seed=7)
    ids = study.document_ids()
    with study.atomic():
        study.ensure_annotator("gold")
        for who in ["bob", "gold"]:
            study.set_status_rows([(d, who, "done") for d in ids])
            study.insert_plain_annotations([(d, who, "HEDGE", 0, 7) for d in ids], "1", 0)
            study.log_event(who, "add HEDGE", ids[0])
        study.set_status_rows([(ids[0], "alice", "in_progress")])
        for d in ids:
            study.put_coder_decisions("bob", [(d, "HEDGE", 0, 7, "r1", 0.9, "e", 0,
                                               "accepted", 1)])
            study.put_coder_decisions("alice", [(d, "HEDGE", 8, 10, "r2", 0.5, "e", 0,
                                                 "rejected", 1)])
        study.log_event("alice", "mark in_progress", ids[0])
    out = tmp_path / "alice.sqlite"
    report = package(study, "alice", out)
    mine = set(study.assigned_doc_ids("main", "alice"))
    assert report.documents == len(mine)
    assert {r[0] for r in _rows(out, "SELECT id FROM documents")} == mine
    for table in ["annotations", "doc_status", "suggestion_decisions", "events",
                  "assignments"]:
        who = {r[0] for r in _rows(out, f"SELECT DISTINCT annotator FROM {table}")}
        assert who <= {"alice"}, table
    assert _rows(out, "SELECT name FROM annotators") == [("alice",)]
    assert _rows(out, "SELECT count(*) FROM suggestion_decisions") == [(len(mine),)]
    assert _rows(out, "SELECT count(*) FROM suggestions") == [(2 * len(mine),)]
    assert _rows(out, "SELECT count(*) FROM doc_status") == [(int(ids[0] in mine),)]
    assert _rows(out, "SELECT count(*) FROM annotations") == [(0,)]
    setting = _rows(out, "SELECT value FROM settings WHERE key = 'package'")[0][0]
    assert '"coder": "alice"' in setting and '"round": "main"' in setting
    with pytest.raises(Exception, match="already exists"):
        package(study, "alice", out)


def test_full_flow_and_idempotent_merge(study, tmp_path):
    assign(study, CODERS, overlap=0.2, seed=7, round="pilot")
    paths = []
    for coder in CODERS:
        path = tmp_path / f"{coder}.sqlite"
        package(study, coder, path)
        _code(path, coder)
        paths.append(path)
    reports = merge(study, paths)
    assert sum(r.added for r in reports) == sum(
        len(study.assigned_doc_ids("pilot", c)) * (1 if c == "carol" else 2) for c in CODERS)
    before = _rows(study.path, "SELECT * FROM annotations ORDER BY id")
    events = _rows(study.path, "SELECT count(*) FROM events")
    again = merge(study, paths)
    assert not any(r.changed for r in again)
    assert _rows(study.path, "SELECT * FROM annotations ORDER BY id") == before
    assert _rows(study.path, "SELECT count(*) FROM events") == events
    units = collect_units(study, round="pilot")
    assert len(units.docs) == 4  # the reliability sample: 20 % of 20
    data = report_json(compute(units, resamples=0), units)
    assert data["round"]["name"] == "pilot"
    assert data["round"]["codebook"]["version"] == study.codebook().version
    assert data["labels"]["HEDGE"]["span_f1"]["exact"] == 1.0


def test_merge_propagates_deletions(study, tmp_path):
    assign(study, CODERS, overlap=0.0, seed=1)
    path = tmp_path / "bob.sqlite"
    package(study, "bob", path)
    _code(path, "bob")
    merge(study, [path])
    s = AnnotationSession.open(path, "bob")
    doc = s.documents()[0].id
    s.delete_span(s.annotations(doc)[0].id)
    s.close()
    (r,) = merge(study, [path])
    assert r.removed == 1 and r.added == 0


def test_codebook_version_conflict(study, tmp_path):
    assign(study, CODERS, overlap=0.2, seed=7)
    path = tmp_path / "alice.sqlite"
    package(study, "alice", path)
    _code(path, "alice")
    pkg = Project.open(path)
    cb = pkg.codebook()
    with pkg.atomic():
        pkg.save_codebook(replace(cb, version="2", labels=cb.labels[:1]))
    pkg.close()
    with pytest.raises(StudyError) as err:
        merge(study, [path])
    assert "version 2" in str(err.value) and "not in the package" in str(err.value)
    assert _rows(study.path, "SELECT count(*) FROM annotations") == [(0,)]
    (r,) = merge(study, [path], accept_codebook=True)
    assert r.added > 0 and r.codebook_notes


def test_changed_text_is_refused_and_nothing_merged(study, tmp_path):
    assign(study, CODERS, overlap=0.2, seed=7)
    good, bad = tmp_path / "bob.sqlite", tmp_path / "alice.sqlite"
    package(study, "bob", good)
    package(study, "alice", bad)
    _code(good, "bob")
    _code(bad, "alice")
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE documents SET text = text || ' extra' WHERE seq = 1")
    conn.commit()
    conn.close()
    with pytest.raises(StudyError, match="was changed"):
        merge(study, [good, bad])
    assert _rows(study.path, "SELECT count(*) FROM annotations") == [(0,)]


def test_merge_refuses_plain_project_and_other_projects_package(study, tmp_path):
    other = init_project(tmp_path / "other.sqlite")
    other.close()
    with pytest.raises(StudyError, match="not a coder package"):
        merge(study, [tmp_path / "other.sqlite"])
    assign(study, CODERS, overlap=0.2, seed=7)
    package(study, "bob", tmp_path / "bob.sqlite")
    second = init_project(tmp_path / "second.sqlite", load_codebook())
    with pytest.raises(StudyError, match="another project"):
        merge(second, [tmp_path / "bob.sqlite"])
    second.close()


def test_rounds_keep_their_order_and_package_takes_the_newest(study, tmp_path):
    assign(study, CODERS, overlap=0.2, seed=1, round="pilot")
    assign(study, CODERS, overlap=0.2, seed=2, round="main")  # within the same second
    assert [r.name for r in study.rounds()] == ["pilot", "main"]
    assert package(study, "bob", tmp_path / "bob.sqlite").round == "main"
    assert package(study, "bob", tmp_path / "bob-pilot.sqlite", round="pilot").round == "pilot"
    with pytest.raises(StudyError, match="no round"):
        package(study, "bob", tmp_path / "x.sqlite", round="nope")
    with pytest.raises(StudyError, match="adjudicated"):
        package(study, "gold", tmp_path / "g.sqlite")
