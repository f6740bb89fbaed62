from __future__ import annotations

import re
from datetime import datetime

import pytest

from annotator.app.agreement import (
    agreement_report,
    choose_annotators,
    coders,
    collect_units,
    compute,
    report_json,
    review_documents,
)
from annotator.app.html_report import render_html, total_spans, write_html
from annotator.app.projects import load_codebook
from annotator.app.session import AnnotationSession
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, Document, Status, content_hash
from annotator.store import Project

TEXTS = [
    "Officials said a divorce might be underway.",
    "An insider reportedly said it could happen soon.",
    "Sources close to the family say it may be over.",
    "Nothing to see here at all.",
]


def _find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _mark(session: AnnotationSession, doc: int, spans: list[tuple[str, str]],
          done: bool = True) -> None:
    doc_id = content_hash(TEXTS[doc])
    for needle, label in spans:
        session.add_span(doc_id, *_find(TEXTS[doc], needle), label, exact=True)
    session.set_status(doc_id, Status.DONE if done else Status.IN_PROGRESS)


@pytest.fixture
def study():
    p = Project.memory()
    with p.atomic():
        p.save_codebook(load_codebook())
        p.insert_documents([Document(content_hash(t), t, f"Doc {i}")
                            for i, t in enumerate(TEXTS)])
    alice, bob = AnnotationSession(p, "alice"), AnnotationSession(p, "bob")
    _mark(alice, 0, [("Officials", "UNNAMED_SOURCE"), ("might", "HEDGE")])
    _mark(bob, 0, [("Officials", "UNNAMED_SOURCE"), ("might", "HEDGE")])
    _mark(alice, 1, [("An insider", "UNNAMED_SOURCE"), ("reportedly", "HEDGE"),
                     ("could", "HEDGE")])
    _mark(bob, 1, [("insider", "UNNAMED_SOURCE"), ("could", "UNNAMED_SOURCE")])
    _mark(alice, 2, [("may", "HEDGE")])
    _mark(bob, 2, [("may", "HEDGE")], done=False)  # only alice finished it
    _mark(alice, 3, [])
    _mark(bob, 3, [])  # done, nothing marked: agreement on absence
    AnnotationSession(p, "carol")  # joined, did nothing
    yield p
    p.close()


def test_collect_units_keeps_documents_two_coders_finished(study):
    units = collect_units(study, ["alice", "bob"])
    assert [d.doc_id for d in units.docs] == [content_hash(TEXTS[i]) for i in (0, 1, 3)]
    first, second, empty = units.docs
    assert first.length == len(TEXTS[0])
    assert first.spans["alice"] == [(0, 9, "UNNAMED_SOURCE"), (*_find(TEXTS[0], "might"),
                                                                "HEDGE")]
    assert set(second.spans) == {"alice", "bob"} and len(second.spans["bob"]) == 2
    assert empty.spans == {"alice": [], "bob": []}
    assert list(first.token_starts)[:2] == [0, 10] and len(first.token_ends) >= 7
    assert units.labels[:2] == ("HEDGE", "UNNAMED_SOURCE")
    assert units.titles[first.doc_id] == "Doc 0"
    assert (units.codebook_name, units.codebook_version) == ("hedges-and-sources", "1")


def test_label_filter_and_token_cache(study):
    units = collect_units(study, ["alice", "bob"], ["HEDGE"])
    assert units.labels == ("HEDGE",)
    assert all(lab == "HEDGE" for d in units.docs for s in d.spans.values() for *_, lab in s)
    progress = []
    collect_units(study, None, progress=lambda n, total: progress.append((n, total)))
    assert progress[-1] == (3, 3)


def test_default_coders_are_those_with_work_done_and_never_gold(study):
    AnnotationSession(study, GOLD).set_status(content_hash(TEXTS[0]), Status.DONE)
    assert coders(study) == ["alice", "bob"]
    assert coders(study, include_gold=True) == ["alice", "bob", GOLD]
    assert choose_annotators(study, None) == ("alice", "bob")
    assert choose_annotators(study, [" bob", "alice", "bob"]) == ("bob", "alice")


def test_unknown_annotator_and_label_are_clear_errors(study):
    with pytest.raises(AnnotatorError, match=r"unknown annotator 'zoe'.*alice"):
        collect_units(study, ["alice", "zoe"])
    with pytest.raises(AnnotatorError, match=r"unknown label 'TOPIC'.*HEDGE"):
        collect_units(study, ["alice", "bob"], ["TOPIC"])
    with pytest.raises(AnnotatorError, match="two different coders"):
        review_documents(study, "alice", "alice")


def test_report_of_two_coders(study):
    report = agreement_report(study, ["alice", "bob"], resamples=50, seed=7)
    data = report_json(report, collect_units(study, ["alice", "bob"]))
    assert data["annotators"] == ["alice", "bob"] and data["documents"] == 3
    assert data["continuum"] == "characters"
    hedge = data["labels"]["HEDGE"]
    assert hedge["counts"] == {"alice": 3, "bob": 1}
    assert 0 < hedge["span_f1"]["exact"] < 1
    assert data["bootstrap"] == {"resamples": 50, "seed": 7}
    assert data["tool"]["name"] == "annotator"
    assert data["codebook"] == {"name": "hedges-and-sources", "version": "1"}


def test_identical_coders_agree_perfectly(study):
    units = collect_units(study, ["alice", "bob"])
    doc = units.docs[0]
    from dataclasses import replace

    same = replace(units, docs=(doc,))
    report = compute(same, resamples=20).to_json()
    assert report["overall"]["span_f1"]["exact"] == pytest.approx(1.0)
    assert report["labels"]["HEDGE"]["u_alpha"] == pytest.approx(1.0)


def test_one_coder_gives_nulls_with_notes(study):
    data = agreement_report(study, ["alice"], resamples=10).to_json()
    assert data["documents"] == 0
    assert data["overall"]["u_alpha"] is None and data["labels"]["HEDGE"]["token_kappa"] is None
    assert data["notes"]


def test_review_documents_most_disagreement_first(study):
    reviews = review_documents(study, "alice", "bob")
    assert reviews[0].doc_id == content_hash(TEXTS[1])
    worst = reviews[0]
    assert worst.title == "Doc 1" and worst.score > 0 and (worst.a, worst.b) == ("alice", "bob")
    kinds = {d.kind for d in worst.disagreements}
    assert kinds >= {"missed", "boundary"} and kinds <= {"missed", "extra", "boundary", "label"}
    assert all(r.score == 0 and not r.disagreements for r in reviews[1:])
    assert worst.a_spans[0] == (*_find(TEXTS[1], "An insider"), "UNNAMED_SOURCE")


def test_html_report_is_self_contained_with_methods(study, tmp_path):
    units = collect_units(study, ["alice", "bob"])
    data = report_json(compute(units, resamples=30, seed=11), units)
    page = render_html(data, generated=datetime(2026, 11, 27, 9, 30))
    assert not re.search(r"https?://", page) and "<script" not in page and "<link" not in page
    for item in ["annotator", data["tool"]["version"], "hedges-and-sources", "alice, bob",
                 "30 resamples", "seed 11", "2026-11-27", "Krippendorff", "Fleiss",
                 "<svg", "HEDGE", "UNNAMED_SOURCE"]:
        assert item in page, item
    assert f"Spans</th><td style='text-align:left'>{sum(total_spans(data).values())}" in page
    out = tmp_path / "sub" / "report.html"
    write_html(out, page)
    assert out.read_text(encoding="utf-8") == page
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def test_html_report_of_undefined_values(study):
    data = report_json(agreement_report(study, ["carol"], resamples=0),
                       collect_units(study, ["carol"]))
    page = render_html(data)
    assert "undefined" in page and "Notes" in page
