from __future__ import annotations

import json

import pytest
from suggest_fakes import FakeEngine

from annotator.app import suggesting
from annotator.app.suggesting import (
    evaluate_file,
    format_scores,
    make_suggester,
    read_gold,
    suggest_file,
    suggest_project,
)
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import Document, content_hash

LINES = [{"text": "Officials said it might rain.", "meta": {"id": 1}, "spans": []},
         {"text": "Nothing here."},
         {"text": "It could snow, reportedly.\r\nOr not.", "answer": "accept"}]


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(suggesting, "make_suggester", lambda model=None: fake)
    return fake


def write_lines(path, items):
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n"
                            for x in items), encoding="utf-8")
    return path


def test_suggest_file_writes_records_back_with_suggested_spans(tmp_path, engine):
    src = write_lines(tmp_path / "in.jsonl", [LINES[0], "", LINES[1], LINES[2]])
    seen = []
    report = suggest_file(src, tmp_path / "out.jsonl", progress=lambda d, t: seen.append((d, t)))
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert report.documents == 3 and report.suggestions == 4 and seen[-1] == (3, 3)
    assert out[0]["meta"] == {"id": 1} and out[2]["answer"] == "accept"
    assert out[1]["spans"] == [] and out[0]["_suggest_engine"] == "fake-engine 1"
    for rec in out:
        assert rec["text"] in {x["text"] for x in LINES}  # text kept as it was (CR LF too)
        for span in rec["spans"]:
            assert rec["text"][span["start"]:span["end"]] == span["text"]
            assert span["origin"] == "suggestion" and span["rule"] and span["confidence"] == 0.75
    assert [s["label"] for s in out[0]["spans"]] == ["UNNAMED_SOURCE", "HEDGE"]


@pytest.mark.parametrize(("line", "reason"), [
    ('{"text": "ok"', "malformed JSON"),
    ('["text"]', "not a JSON object"),
    ('{"title": "no text"}', "no 'text' field"),
    ('{"text": "   "}', "empty"),
    ('{"text": 5}', "must be a string"),
])
def test_bad_input_names_file_and_line_and_writes_nothing(tmp_path, engine, line, reason):
    src = write_lines(tmp_path / "in.jsonl", [LINES[0], line])
    out = tmp_path / "out.jsonl"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(InputError, match=reason) as err:
        suggest_file(src, out)
    assert err.value.line == 2 and "in.jsonl" in str(err.value)
    assert out.read_text(encoding="utf-8") == "old" and engine.seen == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_empty_or_missing_input_is_refused(tmp_path, engine):
    with pytest.raises(InputError, match="empty"):
        suggest_file(write_lines(tmp_path / "in.jsonl", [""]), tmp_path / "out.jsonl")
    with pytest.raises(InputError, match="cannot open"):
        suggest_file(tmp_path / "nope.jsonl", tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


def test_cancel_while_writing_leaves_no_file(tmp_path, engine):
    src = write_lines(tmp_path / "in.jsonl", LINES)

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        suggest_file(src, tmp_path / "out.jsonl", progress=stop)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_suggest_project_stores_for_every_document_in_one_transaction(project, doc_id, engine):
    other = "Reportedly, nobody knows. Officials might."
    with project.atomic():
        project.insert_documents([Document(content_hash(other), other)])
    seen = []
    report = suggest_project(project, progress=lambda d, t: seen.append((d, t)))
    assert report.documents == 2 and report.suggestions == 6 and seen[-1] == (2, 2)
    assert len(project.suggestions_of(doc_id)) == 4
    assert project.events()[-1]["action"] == "suggest"
    assert "stored 6 suggestions for 2 documents" in report.summary()
    again = suggest_project(project)
    assert again.suggestions == 6 and project.count_suggestions() == 6


def test_cancelled_project_run_stores_nothing(project, engine):
    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        suggest_project(project, progress=stop)
    assert project.count_suggestions() == 0


def test_project_setting_names_the_model(project, monkeypatch):
    asked = []
    monkeypatch.setattr(suggesting, "make_suggester",
                        lambda model=None: asked.append(model) or FakeEngine(model))
    suggest_project(project)
    with project.atomic():
        project.set_setting("suggest_model", "en_core_web_md")
    suggest_project(project)
    suggest_project(project, "blank")
    assert asked == [None, "en_core_web_md", "blank"]


def test_missing_pipeline_is_a_clear_error():
    with pytest.raises(AnnotatorError, match="'en_core_web_nonexistent' is not installed"):
        make_suggester("en_core_web_nonexistent")


def test_evaluate_file_scores_per_label_and_honours_meta_labels(tmp_path, engine):
    text = "Officials said it might rain. It could snow."
    might, could = text.index("might"), text.index("could")
    gold = write_lines(tmp_path / "gold.jsonl", [
        {"text": text, "spans": [{"start": might, "end": might + 5, "label": "HEDGE"},
                                 {"start": could, "end": could + 10, "label": "HEDGE"}]},
        {"text": "Officials might.", "spans": [], "meta": {"labels": ["HEDGE"]}},
    ])
    scores = evaluate_file(gold)
    hedge = scores["HEDGE"]
    assert (hedge.tp, hedge.fp, hedge.fn) == (1, 2, 1)  # "could" differs, 2nd "might" is extra
    assert (hedge.lenient_tp, hedge.lenient_fn) == (2, 0)
    # UNNAMED_SOURCE is scored on the first record only: meta.labels of the second says HEDGE
    assert scores["UNNAMED_SOURCE"].fp == 1
    only = evaluate_file(gold, labels=["HEDGE"])
    assert "UNNAMED_SOURCE" not in only and only["ALL"].fp == 2
    table = format_scores(scores)
    assert "strict P" in table and "lenient P" in table
    assert table.splitlines()[-1].startswith("ALL")


def test_bad_gold_names_file_and_line(tmp_path, engine):
    gold = write_lines(tmp_path / "gold.jsonl", [
        {"text": "fine"},
        {"text": "abc", "spans": [{"start": 0, "end": 9, "label": "HEDGE"}]}])
    with pytest.raises(InputError) as err:
        read_gold(gold)
    assert err.value.line == 2 and "gold.jsonl" in str(err.value)
    bad_meta = write_lines(tmp_path / "meta.jsonl", [{"text": "x", "meta": {"labels": "HEDGE"}}])
    with pytest.raises(InputError, match=r"meta\.labels"):
        read_gold(bad_meta)
