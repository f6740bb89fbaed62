from __future__ import annotations

import pytest

from annotator.app.session import AnnotationSession, SessionError
from annotator.core.model import Origin, Status


def spans(session, doc_id):
    text = session.document(doc_id).text
    return [(a.label, text[a.start:a.end]) for a in session.annotations(doc_id)]


def test_add_span_snaps_to_tokens_and_is_saved_with_an_event(session, doc_id, text):
    start = text.index("might") + 1
    changes = session.add_span(doc_id, start, start + 2, "HEDGE")
    assert changes.annotations == {doc_id} and "might" in changes.message
    (ann,) = session.annotations(doc_id)
    assert text[ann.start:ann.end] == "might" and ann.origin is Origin.MANUAL
    assert ann.codebook_version == "1" and ann.annotator == "alice"
    event = session.project.events(doc_id)[-1]
    assert event["annotator"] == "alice" and event["action"] == "add HEDGE"


def test_exact_mode_keeps_characters_but_trims_whitespace(session, doc_id, text):
    start = text.index("reportedly")
    session.add_span(doc_id, start - 1, start + 6, "HEDGE", exact=True)
    assert spans(session, doc_id) == [("HEDGE", "report")]


def test_overlapping_spans_of_different_labels_are_allowed(session, doc_id, text):
    start = text.index("An insider")
    end = text.index(" told")
    session.add_span(doc_id, start, end, "UNNAMED_SOURCE")
    session.add_span(doc_id, start + 3, start + 10, "HEDGE")
    assert sorted(spans(session, doc_id)) == [
        ("HEDGE", "insider"), ("UNNAMED_SOURCE", "An insider close to the family")]


def test_same_label_twice_on_same_characters_is_refused(session, doc_id, text):
    start = text.index("might")
    session.add_span(doc_id, start, start + 5, "HEDGE")
    with pytest.raises(SessionError, match="already"):
        session.add_span(doc_id, start + 1, start + 3, "HEDGE")
    assert len(session.annotations(doc_id)) == 1


@pytest.mark.parametrize(("args", "message"), [
    ((0, 5, "NOPE"), "not a label"),
    ((5, 2, "HEDGE"), "empty or reversed"),
    ((0, 10_000, "HEDGE"), "outside"),
])
def test_bad_spans_are_refused(session, doc_id, args, message):
    with pytest.raises(SessionError, match=message):
        session.add_span(doc_id, *args)
    assert session.annotations(doc_id) == []


def test_whitespace_only_selection_is_refused(session, doc_id, text):
    gap = text.index("\n\n")
    with pytest.raises(SessionError, match="whitespace"):
        session.add_span(doc_id, gap, gap + 2, "HEDGE")


def test_attributes_are_checked_against_the_codebook(session, doc_id, text):
    start = text.index("might")
    with pytest.raises(SessionError, match="one of"):
        session.add_span(doc_id, start, start + 5, "HEDGE", attributes={"type": "group"})
    with pytest.raises(SessionError, match="no attribute"):
        session.add_span(doc_id, start, start + 5, "HEDGE", attributes={"colour": "x"})
    session.add_span(doc_id, start, start + 5, "HEDGE", attributes={"type": "modal"})
    ann = session.annotations(doc_id)[0]
    session.set_attributes(ann.id, {"type": "epistemic", "in_quote": True})
    assert session.annotations(doc_id)[0].attributes == {"type": "epistemic", "in_quote": True}


def test_relabel_note_delete_and_undo_redo_of_each(session, doc_id, text):
    start = text.index("Officials")
    session.add_span(doc_id, start, start + 9, "HEDGE", attributes={"type": "modal"})
    ann = session.annotations(doc_id)[0]
    session.relabel(ann.id, "UNNAMED_SOURCE")
    relabelled = session.annotations(doc_id)[0]
    assert relabelled.label == "UNNAMED_SOURCE" and relabelled.attributes == {}
    session.set_note(ann.id, "plural role noun")
    assert session.annotations(doc_id)[0].note == "plural role noun"
    session.delete_span(ann.id)
    assert session.annotations(doc_id) == []
    session.undo()
    assert session.annotations(doc_id)[0].note == "plural role noun"
    session.undo()
    assert session.annotations(doc_id)[0].note == ""
    session.undo()
    after_undo = session.annotations(doc_id)[0]
    assert after_undo.label == "HEDGE" and after_undo.attributes == {"type": "modal"}
    session.undo()
    assert session.annotations(doc_id) == []
    assert session.undo().message == "Nothing to undo"
    for _ in range(4):
        session.redo()
    assert session.annotations(doc_id) == []
    assert session.redo().message == "Nothing to redo"
    session.undo()
    assert session.annotations(doc_id)[0].id == ann.id  # the same row comes back


def test_status_done_without_spans_is_recorded_and_undoable(session, doc_id):
    assert session.status(doc_id) is None
    changes = session.set_status(doc_id, Status.DONE)
    assert changes.status == {doc_id}
    assert session.status(doc_id) is Status.DONE
    assert session.documents()[0].status is Status.DONE
    session.set_status(doc_id, Status.SKIPPED)
    session.undo()
    assert session.status(doc_id) is Status.DONE
    assert not session.set_status(doc_id, Status.DONE)  # no change, no action


def test_time_is_added_up(session, doc_id):
    session.add_time(doc_id, 12.5)
    session.add_time(doc_id, 7.5)
    session.add_time(doc_id, -3)
    assert session.project.progress_counts()["alice"]["seconds"] == 20.0


def test_coders_cannot_edit_each_others_spans(project, doc_id, text):
    alice = AnnotationSession(project, "alice")
    bob = AnnotationSession(project, "bob")
    start = text.index("might")
    alice.add_span(doc_id, start, start + 5, "HEDGE")
    bob.add_span(doc_id, start, start + 5, "HEDGE")  # same span, another coder: fine
    ann = alice.annotations(doc_id)[0]
    with pytest.raises(SessionError, match="belongs to alice"):
        bob.delete_span(ann.id)
    assert len(alice.annotations(doc_id)) == 1 and len(bob.annotations(doc_id)) == 1


def test_every_action_is_its_own_committed_transaction(tmp_path, doc_id, text):
    from annotator.app.projects import init_project
    from annotator.core.model import Document
    from annotator.store import Project

    path = tmp_path / "p.sqlite"
    project = init_project(path)
    with project.atomic():
        project.insert_documents([Document(doc_id, text)])
    session = AnnotationSession(project, "alice")
    start = text.index("might")
    session.add_span(doc_id, start, start + 5, "HEDGE")
    other = Project.open(path)  # a second connection sees it at once
    assert len(other.annotations(doc_id)) == 1
    other.close()
    session.close()


def test_blank_name_is_refused(project):
    with pytest.raises(SessionError):
        AnnotationSession(project, "   ")
