from __future__ import annotations

import json

import pytest

from annotator.app.adjudication import DECISION, Adjudication, span_of
from annotator.app.agreement import agreement_report, coders
from annotator.app.exporting import export
from annotator.app.session import AnnotationSession, SessionError
from annotator.core.model import GOLD, Document, Origin, Status, content_hash


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def coded(project, doc_id, text):
    alice, bob = AnnotationSession(project, "alice"), AnnotationSession(project, "bob")
    alice.add_span(doc_id, *_at(text, "might"), "HEDGE")
    alice.add_span(doc_id, *_at(text, "Officials"), "UNNAMED_SOURCE",
                   attributes={"type": "group"}, note="plural")
    bob.add_span(doc_id, *_at(text, "might be"), "HEDGE", exact=True)
    bob.add_span(doc_id, *_at(text, "Officials"), "UNNAMED_SOURCE")
    for s in (alice, bob):
        s.set_status(doc_id, Status.DONE)
    return alice, bob


def _ids(project, doc_id, who, label=None):
    return [a.id for a in project.annotations(doc_id, who) if label in (None, a.label)]


def test_the_gold_annotator_is_registered(project):
    Adjudication(project, "lena")
    assert GOLD in project.annotators()


def test_take_copies_into_gold_and_is_undoable(project, doc_id, text, coded):
    adj = Adjudication(project, "lena")
    changes = adj.take(doc_id, _ids(project, doc_id, "alice"))
    assert doc_id in changes.annotations and "alice" in changes.message
    gold = adj.gold(doc_id)
    assert [span_of(g) for g in gold] == [span_of(a) for a in
                                         project.annotations(doc_id, "alice")]
    source = next(g for g in gold if g.label == "UNNAMED_SOURCE")
    assert (source.attributes, source.note, source.annotator) == ({"type": "group"},
                                                                  "plural", GOLD)
    assert all(g.origin == Origin.MANUAL for g in gold)
    adj.undo()
    assert adj.gold(doc_id) == []
    adj.redo()
    assert len(adj.gold(doc_id)) == 2
    assert adj.take(doc_id, _ids(project, doc_id, "bob", "UNNAMED_SOURCE")).message == \
        "Already in gold"


def test_take_the_other_version_replaces_it_in_one_action(project, doc_id, text, coded):
    adj = Adjudication(project, "lena")
    alice_hedge = span_of(project.annotations(doc_id, "alice")[1])
    adj.take(doc_id, _ids(project, doc_id, "alice", "HEDGE"))
    bob_hedge = (*_at(text, "might be"), "HEDGE")
    adj.take_spans(doc_id, "bob", [bob_hedge], instead_of=[alice_hedge])
    assert [span_of(g) for g in adj.gold(doc_id)] == [bob_hedge]
    adj.undo()
    assert [span_of(g) for g in adj.gold(doc_id)] == [alice_hedge]


def test_take_agreed_and_reject(project, doc_id, text, coded):
    adj = Adjudication(project, "lena")
    adj.take_agreed(doc_id, "alice", "bob")
    officials = (*_at(text, "Officials"), "UNNAMED_SOURCE")
    assert [span_of(g) for g in adj.gold(doc_id)] == [officials]
    adj.reject(doc_id, officials)
    assert adj.gold(doc_id) == [] and adj.rejected(doc_id) == {officials}
    adj.undo()
    assert [span_of(g) for g in adj.gold(doc_id)] == [officials]
    assert adj.rejected(doc_id) == set()  # back in gold
    might = (*_at(text, "might"), "HEDGE")
    changes = adj.reject(doc_id, might)  # nothing in gold: only the decision is recorded
    assert doc_id in changes.annotations and might in adj.rejected(doc_id)
    decisions = [e["detail"] for e in project.events(doc_id) if e["action"] == DECISION]
    assert [d["decision"] for d in decisions] == ["take agreed", "reject", "reject"]
    assert all(d["lead"] == "lena" for d in decisions)
    assert decisions[0]["coder"] == "alice"


def test_bad_takes_are_refused(project, doc_id, text, coded):
    adj = Adjudication(project)
    other = "Another article might follow."
    with project.atomic():
        project.insert_documents([Document(content_hash(other), other)])
    with pytest.raises(SessionError, match="another document"):
        adj.take(content_hash(other), _ids(project, doc_id, "alice"))
    with pytest.raises(SessionError, match="no longer exists"):
        adj.take(doc_id, [987654])
    with pytest.raises(SessionError, match="bob has no HEDGE"):
        adj.take_spans(doc_id, "bob", [(0, 3, "HEDGE")])
    adj.take(doc_id, _ids(project, doc_id, "alice"))
    with pytest.raises(SessionError, match="already a gold"):
        adj.take(doc_id, _ids(project, doc_id, GOLD))
    assert adj.take(doc_id, []).message == "Nothing to take"


def test_gold_is_edited_like_any_coder_and_exports_with_gold(project, doc_id, text, coded,
                                                              tmp_path):
    adj = Adjudication(project, "lena")
    adj.take(doc_id, _ids(project, doc_id, "bob"))
    adj.add_span(doc_id, *_at(text, "reportedly"), "HEDGE")
    adj.finish(doc_id)
    assert adj.status(doc_id) == Status.DONE
    assert coders(project) == ["alice", "bob"]
    out = tmp_path / "gold.jsonl"
    export(project, out, "jsonl", gold=True)
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["_annotator_id"] == GOLD and rec["status"] == "done"
    assert len(rec["spans"]) == 3
    export(project, out, "jsonl")
    assert {json.loads(line)["_annotator_id"] for line in out.read_text().splitlines()} == {
        "alice", "bob"}


def test_gold_is_an_annotator_for_agreement(project, doc_id, coded):
    adj = Adjudication(project, "lena")
    adj.take(doc_id, _ids(project, doc_id, "alice"))
    adj.finish(doc_id)
    data = agreement_report(project, [GOLD, "alice"], resamples=10).to_json()
    assert data["annotators"] == [GOLD, "alice"] and data["documents"] == 1
    assert data["overall"]["span_f1"]["exact"] == pytest.approx(1.0)
