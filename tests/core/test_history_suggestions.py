from __future__ import annotations

from annotator.core.history import Action, AddAnnotation, Changes, DecideSuggestion
from annotator.core.model import Annotation, Decision, DocId, Origin, Suggestion

S = Suggestion(DocId("d1"), "HEDGE", 2, 7, "hedge.modal", 0.9, "fake 1", id=4)
A = Annotation(DocId("d1"), "alice", "HEDGE", 2, 7, Origin.SUGGESTION, "hedge.modal", id=1)


def test_decide_suggestion_inverse_swaps_decisions():
    edit = DecideSuggestion(S, "alice", None, Decision.ACCEPTED)
    assert edit.inverse() == DecideSuggestion(S, "alice", Decision.ACCEPTED, None)
    assert edit.inverse().inverse() == edit and edit.doc_id == "d1"


def test_accept_action_inverts_as_a_whole_and_reports_both_kinds_of_change():
    action = Action("accept", (AddAnnotation(A), DecideSuggestion(S, "alice", None,
                                                                  Decision.ACCEPTED)))
    changes = Changes.of(action)
    assert changes.annotations == {"d1"} and changes.suggestions == {"d1"}
    inv = action.inverse()
    assert isinstance(inv.edits[0], DecideSuggestion) and inv.edits[0].after is None
    assert Changes.of(inv).suggestions == {"d1"}


def test_a_decision_alone_touches_only_suggestions():
    changes = Changes.of(Action("reject", (DecideSuggestion(S, "bob", None,
                                                            Decision.REJECTED),)))
    assert changes and changes.suggestions == {"d1"}
    assert not changes.annotations and not changes.status
