"""Subprocess for the crash-safety test: scripted annotation through the app layer.

Run as ``python crash_worker.py PROJECT SEED``. It opens the project as coder ``crash``,
prints ``READY`` with the state it found, then performs seeded random actions (add,
relabel, delete, set status, undo) forever. After each action returns (its transaction
committed) it prints ``SAVED <last event id> <state as JSON>``, where the state is what
the worker believes is stored, computed from the edits the session reported, not read
back. The test kills it with SIGKILL at random moments.
"""

from __future__ import annotations

import json
import random
import sys

from annotator.app.session import AnnotationSession, SessionError
from annotator.core.history import AddAnnotation, RemoveAnnotation, SetStatus, UpdateAnnotation
from annotator.core.model import Status

CODER = "crash"


def read_state(session: AnnotationSession) -> dict:
    """The stored state of the coder (annotations by id, statuses by document)."""
    spans, status = {}, {}
    for doc in session.documents():
        for a in session.annotations(doc.id):
            spans[str(a.id)] = [a.doc_id, a.label, a.start, a.end]
        st = session.status(doc.id)
        if st is not None:
            status[doc.id] = st.value
    return {"spans": spans, "status": status}


def apply_edits(state: dict, edits) -> None:  # type: ignore[no-untyped-def]
    for e in edits:
        if isinstance(e, SetStatus):
            if e.after is None:
                state["status"].pop(e.doc_id, None)
            else:
                state["status"][e.doc_id] = e.after.value
        elif isinstance(e, RemoveAnnotation):
            state["spans"].pop(str(e.annotation.id), None)
        else:
            a = e.after if isinstance(e, UpdateAnnotation) else e.annotation
            assert isinstance(e, AddAnnotation | UpdateAnnotation)
            state["spans"][str(a.id)] = [a.doc_id, a.label, a.start, a.end]


def step(session: AnnotationSession, rng: random.Random, docs: list, state: dict) -> bool:
    """One random action; True when something was saved (state updated)."""
    labels = list(session.codebook.label_names)
    kind = rng.choice(["add", "add", "add", "relabel", "delete", "status", "undo"])
    own = list(state["spans"])
    try:
        if kind == "add" or (kind in ("relabel", "delete") and not own):
            doc = rng.choice(docs)
            start = rng.randrange(len(doc.text) - 1)
            end = min(len(doc.text), start + rng.randint(1, 30))
            changes = session.add_span(doc.id, start, end, rng.choice(labels), exact=True)
        elif kind == "relabel":
            changes = session.relabel(int(rng.choice(own)), rng.choice(labels))
        elif kind == "delete":
            changes = session.delete_span(int(rng.choice(own)))
        elif kind == "status":
            changes = session.set_status(rng.choice(docs).id, rng.choice(list(Status)))
        else:
            changes = session.undo()
            if changes.message == "Nothing to undo":
                return False
            apply_edits(state, session.history.peek_redo().inverse().edits)
            return True
    except SessionError:
        return False
    if not changes:
        return False
    apply_edits(state, session.history.peek_undo().edits)
    return True


def main() -> None:
    path, seed = sys.argv[1], int(sys.argv[2])
    session = AnnotationSession.open(path, CODER)
    rng = random.Random(seed)
    docs = [session.document(d.id) for d in session.documents()]
    state = read_state(session)
    print("READY", last_event(session), json.dumps(state, sort_keys=True), flush=True)
    while True:
        if step(session, rng, docs, state):
            print("SAVED", last_event(session), json.dumps(state, sort_keys=True), flush=True)


def last_event(session: AnnotationSession) -> int:
    row = session.project.conn.execute("SELECT max(id) FROM events").fetchone()
    return row[0] or 0


if __name__ == "__main__":
    main()
