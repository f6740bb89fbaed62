from __future__ import annotations

from annotator.core.history import (
    Action,
    AddAnnotation,
    Changes,
    History,
    RemoveAnnotation,
    SetStatus,
    UpdateAnnotation,
)
from annotator.core.model import Annotation, DocId, Status

A = Annotation(DocId("d1"), "alice", "HEDGE", 2, 7, id=1)
B = Annotation(DocId("d2"), "alice", "HEDGE", 0, 3, id=2)


def test_inverse_of_action_reverses_and_inverts():
    action = Action("x", (AddAnnotation(A), SetStatus(DocId("d1"), "alice", None, Status.DONE)))
    inv = action.inverse()
    assert inv.edits == (SetStatus(DocId("d1"), "alice", Status.DONE, None), RemoveAnnotation(A))
    assert inv.inverse() == action


def test_update_inverse_swaps():
    after = Annotation(DocId("d1"), "alice", "UNNAMED_SOURCE", 2, 7, id=1)
    assert UpdateAnnotation(A, after).inverse() == UpdateAnnotation(after, A)


def test_history_undo_redo_order_and_redo_cleared_by_new_action():
    h = History()
    a1, a2, a3 = Action("1", ()), Action("2", ()), Action("3", ())
    h.record(a1)
    h.record(a2)
    assert h.peek_undo() is a2
    h.undone()
    assert h.peek_redo() is a2 and h.peek_undo() is a1
    h.redone()
    assert h.peek_undo() is a2 and not h.can_redo()
    h.undone()
    h.record(a3)
    assert not h.can_redo() and h.peek_undo() is a3


def test_history_limit():
    h = History(limit=3)
    for i in range(5):
        h.record(Action(str(i), ()))
    names = []
    while h.can_undo():
        names.append(h.peek_undo().name)
        h.undone()
    assert names == ["4", "3", "2"]


def test_changes_of_action_and_union():
    c = Changes.of(Action("x", (AddAnnotation(A), SetStatus(DocId("d2"), "a", None, Status.DONE))))
    assert c.annotations == {"d1"} and c.status == {"d2"} and c
    assert not Changes()
    both = c | Changes(codebook=True, annotations=frozenset({DocId("d3")}), message="m")
    assert both.codebook and both.annotations == {"d1", "d3"} and both.message == "m"
    assert Changes.of(Action("y", (RemoveAnnotation(B),))).annotations == {"d2"}
