from __future__ import annotations

import pytest

from annotator.app.session import AnnotationSession, SessionError
from annotator.core.model import Decision, DocId, Origin, Suggestion


def found(doc_id, text, *words, label="HEDGE", rule="hedge.cue"):
    out = []
    for word in words:
        start = text.index(word)
        out.append(Suggestion(DocId(doc_id), label, start, start + len(word), rule, 0.8,
                              "fake 1"))
    return out


@pytest.fixture
def suggested(session, doc_id, text):
    session.store_suggestions([doc_id], found(doc_id, text, "might", "reportedly", "could")
                              + found(doc_id, text, "Officials", label="UNNAMED_SOURCE",
                                      rule="source.plural"))
    return session


def words(session, doc_id, items):
    text = session.document(doc_id).text
    return [text[s.start:s.end] for s in items]


def test_stored_suggestions_are_pending_in_text_order(suggested, doc_id):
    pending = suggested.suggestions(doc_id)
    assert words(suggested, doc_id, pending) == ["Officials", "might", "reportedly", "could"]
    assert all(s.id is not None and s.engine == "fake 1" for s in pending)
    assert suggested.project.events(doc_id)[-1]["action"] == "suggest"


def test_store_reports_changes_and_refuses_strays(session, doc_id, text):
    changes = session.store_suggestions([doc_id], found(doc_id, text, "might"))
    assert changes.suggestions == {doc_id} and "1 suggestion for 1 document" in changes.message
    with pytest.raises(SessionError, match="outside"):
        session.store_suggestions([doc_id], [Suggestion(DocId(doc_id), "HEDGE", 0, 10_000,
                                                        "r", 1, "e")])
    with pytest.raises(SessionError, match="not"):
        session.store_suggestions(["other"], found(doc_id, text, "might"))
    assert session.store_suggestions(["gone"], []).suggestions == frozenset()
    assert words(session, doc_id, session.suggestions(doc_id)) == ["might"]


def test_accept_makes_an_annotation_and_undo_removes_it_with_the_decision(suggested, doc_id):
    might = suggested.suggestions(doc_id)[1]
    changes = suggested.accept_suggestion(might.id)
    assert changes.annotations == {doc_id} and changes.suggestions == {doc_id}
    assert "Accepted HEDGE “might”" in changes.message
    (ann,) = suggested.annotations(doc_id)
    assert (ann.start, ann.end, ann.label) == (might.start, might.end, "HEDGE")
    assert ann.origin is Origin.SUGGESTION and ann.rule == "hedge.cue"
    assert suggested.project.decision(might.id, "alice") is Decision.ACCEPTED
    assert might.id not in [s.id for s in suggested.suggestions(doc_id)]
    event = suggested.project.events(doc_id)[-1]
    assert event["action"] == "accept HEDGE suggestion"
    assert [e["edit"] for e in event["detail"]] == ["AddAnnotation", "DecideSuggestion"]

    undo = suggested.undo()
    assert undo.annotations == {doc_id} and undo.suggestions == {doc_id}
    assert suggested.annotations(doc_id) == []
    assert suggested.project.decision(might.id, "alice") is None
    assert might.id in [s.id for s in suggested.suggestions(doc_id)]
    suggested.redo()
    assert len(suggested.annotations(doc_id)) == 1
    assert suggested.project.decision(might.id, "alice") is Decision.ACCEPTED


def test_reject_is_recorded_and_undoable(suggested, doc_id):
    officials = suggested.suggestions(doc_id)[0]
    changes = suggested.reject_suggestion(officials.id)
    assert changes.suggestions == {doc_id} and not changes.annotations
    assert suggested.project.decision(officials.id, "alice") is Decision.REJECTED
    assert len(suggested.suggestions(doc_id)) == 3 and suggested.annotations(doc_id) == []
    with pytest.raises(SessionError, match="already rejected"):
        suggested.reject_suggestion(officials.id)
    suggested.undo()
    assert len(suggested.suggestions(doc_id)) == 4


def test_decisions_are_per_coder(suggested, doc_id):
    bob = AnnotationSession(suggested.project, "bob")
    first = suggested.suggestions(doc_id)[0]
    suggested.accept_suggestion(first.id)
    assert len(suggested.suggestions(doc_id)) == 3
    assert bob.suggestions(doc_id)[0].id == first.id
    bob.reject_suggestion(first.id)
    assert bob.annotations(doc_id) == [] and len(suggested.annotations(doc_id)) == 1


def test_accept_all_is_one_undo_step(suggested, doc_id):
    changes = suggested.accept_all_suggestions(doc_id)
    assert changes.message == "Accepted 4 suggestions"
    assert len(suggested.annotations(doc_id)) == 4 and suggested.suggestions(doc_id) == []
    assert {a.origin for a in suggested.annotations(doc_id)} == {Origin.SUGGESTION}
    suggested.undo()
    assert suggested.annotations(doc_id) == [] and len(suggested.suggestions(doc_id)) == 4
    assert suggested.accept_all_suggestions("nothing-here").message == "No suggestions to accept"


def test_two_rules_on_the_same_span_make_one_annotation(session, doc_id, text):
    session.store_suggestions([doc_id], found(doc_id, text, "might", rule="a")
                              + found(doc_id, text, "might", rule="b"))
    assert len(session.suggestions(doc_id)) == 2
    session.accept_all_suggestions(doc_id)
    assert len(session.annotations(doc_id)) == 1
    assert [r.accepted for r in session.rule_stats()] == [1, 1]


def test_a_suggestion_the_coder_already_marked_is_not_pending(suggested, doc_id, text):
    start = text.index("might")
    suggested.add_span(doc_id, start, start + 5, "HEDGE")
    assert "might" not in words(suggested, doc_id, suggested.suggestions(doc_id))


def test_switch_hides_suggestions_for_every_coder_and_refuses_decisions(suggested, doc_id):
    assert suggested.suggestions_enabled
    first = suggested.suggestions(doc_id)[0]
    changes = suggested.set_suggestions_enabled(False)
    assert changes.suggestions == {doc_id} and "off" in changes.message
    assert not suggested.suggestions_enabled and suggested.suggestions(doc_id) == []
    assert AnnotationSession(suggested.project, "bob").suggestions(doc_id) == []
    with pytest.raises(SessionError, match="switched off"):
        suggested.accept_suggestion(first.id)
    assert suggested.project.setting("suggestions_enabled") == "0"
    assert not suggested.set_suggestions_enabled(False)
    suggested.set_suggestions_enabled(True)
    assert len(suggested.suggestions(doc_id)) == 4
    assert not suggested.history.can_undo()  # the switch is not an undo step


def test_gone_suggestion_and_unknown_label(suggested, doc_id, text):
    with pytest.raises(SessionError, match="no longer exists"):
        suggested.accept_suggestion(99_999)
    suggested.store_suggestions([doc_id], found(doc_id, text, "might", label="NOPE"))
    assert suggested.suggestions(doc_id) == []  # labels the codebook lacks are not shown
    (nope,) = suggested.project.suggestions_of(doc_id)
    with pytest.raises(SessionError, match="not a label"):
        suggested.accept_suggestion(nope.id)


def test_texts_for_suggesting(session, doc_id, text):
    assert session.texts_for_suggesting(None) == [(doc_id, text)]
    assert session.texts_for_suggesting([doc_id, "nope", doc_id]) == [(doc_id, text)]


def test_rule_stats(suggested, doc_id):
    pending = suggested.suggestions(doc_id)
    suggested.accept_suggestion(pending[1].id)
    suggested.reject_suggestion(pending[2].id)
    rows = {r.rule: r for r in suggested.rule_stats()}
    hedge = rows["hedge.cue"]
    assert (hedge.suggested, hedge.accepted, hedge.rejected, hedge.pending) == (3, 1, 1, 1)
    assert hedge.acceptance == 0.5 and rows["source.plural"].acceptance is None
