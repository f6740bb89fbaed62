"""``AnnotationSession``: what a coder does to a project, as undoable transactions.

Owns: the use cases the window and the command line share (open, annotate, undo/redo,
status, import, export, stats; suggestions in ``session_suggestions``). Every user action
is one transaction with its event.
Must not import: Qt.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.app.session_suggestions import SuggestionSessionMixin
from annotator.core.errors import AnnotatorError
from annotator.core.history import (
    Action,
    AddAnnotation,
    Changes,
    DecideSuggestion,
    History,
    RemoveAnnotation,
    SetStatus,
    UpdateAnnotation,
)
from annotator.core.model import (
    GOLD,
    Annotation,
    Codebook,
    DocId,
    Document,
    DocumentSummary,
    Label,
    Origin,
    Status,
    Tokens,
)
from annotator.core.spans import check_span, snap, trim
from annotator.store import Project


class SessionError(AnnotatorError):
    """An action that cannot be done (the message says why, for the status bar)."""


class AnnotationSession(SuggestionSessionMixin):
    """One coder working on one project."""

    def __init__(self, project: Project, annotator: str) -> None:
        if not annotator.strip():
            raise SessionError("a coder name is needed")
        self.project = project
        self.annotator = annotator.strip()
        self.history = History()
        self._tokens: OrderedDict[str, Tokens] = OrderedDict()
        self._codebook: Codebook | None = None
        self._seen_version = project.data_version()
        with project.atomic():
            project.ensure_annotator(self.annotator)

    @classmethod
    def open(cls, path: str | Path, annotator: str) -> AnnotationSession:
        """Open an existing project file as ``annotator``."""
        return cls(Project.open(path), annotator)

    def close(self) -> None:
        """Close the project file."""
        self.project.close()

    def external_changes(self) -> bool:
        """True (once) when another program changed the project since the last call.

        Another window or the command line may write to the same file; SQLite's
        ``data_version`` tells. The cached codebook is dropped so that it is read again.
        """
        version = self.project.data_version()
        if version == self._seen_version:
            return False
        self._seen_version = version
        self._codebook = None
        return True

    # -- reading ------------------------------------------------------------------
    @property
    def codebook(self) -> Codebook:
        """The project's current codebook."""
        if self._codebook is None:
            self._codebook = self.project.codebook()
        return self._codebook

    def reload_codebook(self) -> Codebook:
        """Forget the cached codebook (after it was edited) and read it again."""
        self._codebook = None
        return self.codebook

    def documents(self) -> list[DocumentSummary]:
        """All documents with this coder's status and span counts."""
        return self.project.summaries(self.annotator)

    def assignments(self) -> dict[str, tuple[str, ...]]:
        """The coders each assigned document is assigned to (any study round)."""
        out: dict[str, tuple[str, ...]] = {}
        for a in self.project.assignments():
            if a.annotator not in out.get(a.doc_id, ()):
                out[a.doc_id] = (*out.get(a.doc_id, ()), a.annotator)
        return out

    def study_coders(self) -> list[str]:
        """Coders documents can be assigned to in the window ([] in a coder package)."""
        if self.project.setting("package"):
            return []
        return [n for n in self.project.annotators() if n != GOLD]

    def set_assignment(self, doc_id: str, coder: str, assigned: bool,
                       round: str | None = None) -> Changes:
        """Assign a document to a coder (or take it back) in ``round`` (default: the newest).

        Not undoable; logged. A project without rounds gets the round ``main``.
        """
        self.document(doc_id)
        if coder not in self.study_coders():
            raise SessionError(f"{coder!r} is not a coder of this project")
        rounds = self.project.rounds()
        name = round or (rounds[-1].name if rounds else "main")
        with self.project.atomic():
            if self.project.round_info(name) is None:
                self.project.save_round(name, self.codebook, {})
            self.project.set_assignment(doc_id, coder, name, assigned)
            self.project.log_event(self.annotator, "assign" if assigned else "unassign",
                                   doc_id, {"coder": coder, "round": name})
        verb = "Assigned to" if assigned else "Taken back from"
        return Changes(documents=True, message=f"{verb} {coder} (round {name})")

    def document(self, doc_id: str) -> Document:
        """One document."""
        return self.project.document(doc_id)

    def annotations(self, doc_id: str, annotator: str | None = None) -> list[Annotation]:
        """This coder's (or ``annotator``'s) annotations of a document, in text order."""
        return self.project.annotations(doc_id, annotator or self.annotator)

    def status(self, doc_id: str) -> Status | None:
        """This coder's status for a document."""
        return self.project.status(doc_id, self.annotator)

    def tokens(self, doc_id: str) -> Tokens:
        """Token boundaries of a document (cached in memory and in the project)."""
        if doc_id in self._tokens:
            self._tokens.move_to_end(doc_id)
            return self._tokens[doc_id]
        from annotator.nlp.tokenizer import tokenize, tokenizer_id

        found = self.project.cached_tokens([doc_id], tokenizer_id()).get(doc_id)
        if found is None:
            found = tokenize(self.document(doc_id).text)
            with self.project.atomic():
                self.project.cache_tokens([(doc_id, found)], tokenizer_id())
        self._tokens[doc_id] = found
        while len(self._tokens) > 64:
            self._tokens.popitem(last=False)
        return found

    # -- annotating ---------------------------------------------------------------
    def add_span(self, doc_id: str, start: int, end: int, label: str, *,
                 exact: bool = False, attributes: Mapping[str, Any] | None = None,
                 note: str = "", origin: Origin = Origin.MANUAL,
                 rule: str = "") -> Changes:
        """Label ``[start, end)``, snapped to tokens unless ``exact``.

        Raises:
            SessionError: unknown label, bad attributes, a span outside the text, or the
                same label already on exactly these characters.
        """
        text = self.document(doc_id).text
        try:
            check_span(text, start, end)
        except ValueError as exc:
            raise SessionError(str(exc)) from exc
        start, end = trim(text, start, end) if exact else snap(text, self.tokens(doc_id),
                                                               start, end)
        if not text[start:end].strip():
            raise SessionError("the selection holds only whitespace")
        self._check_label(label, attributes or {})
        if self.project.find_annotation(doc_id, self.annotator, label, start, end):
            raise SessionError(f"{label} is already on “{_short(text[start:end])}”")
        ann = Annotation(DocId(doc_id), self.annotator, label, start, end, origin, rule,
                         dict(attributes or {}), note, self.codebook.version)
        return self._do(Action(f"add {label}", (AddAnnotation(ann),)),
                        f"Added {label} “{_short(text[start:end])}”")

    def relabel(self, ann_id: int, label: str) -> Changes:
        """Give an annotation another label (attributes the new label lacks are dropped)."""
        before = self._own(ann_id)
        lab = self._check_label(label, {})
        if label == before.label:
            return Changes()
        if self.project.find_annotation(before.doc_id, self.annotator, label,
                                        before.start, before.end):
            raise SessionError(f"{label} is already on these characters")
        attrs = {k: v for k, v in before.attributes.items()
                 if (spec := lab.attribute(k)) is not None and spec.check(v) is None}
        after = replace(before, label=label, attributes=attrs,
                        codebook_version=self.codebook.version)
        return self._do(Action(f"relabel as {label}", (UpdateAnnotation(before, after),)),
                        f"Relabelled as {label}")

    def set_attributes(self, ann_id: int, attributes: Mapping[str, Any]) -> Changes:
        """Replace an annotation's attributes (checked against the codebook)."""
        before = self._own(ann_id)
        self._check_label(before.label, attributes)
        after = replace(before, attributes=dict(attributes))
        return self._do(Action("set attributes", (UpdateAnnotation(before, after),)),
                        "Attributes saved")

    def set_note(self, ann_id: int, note: str) -> Changes:
        """Replace an annotation's note."""
        before = self._own(ann_id)
        if before.note == note:
            return Changes()
        return self._do(Action("edit note", (UpdateAnnotation(before, replace(before,
                                                                                note=note)),)),
                        "Note saved")

    def delete_span(self, ann_id: int) -> Changes:
        """Remove an annotation."""
        ann = self._own(ann_id)
        return self._do(Action(f"delete {ann.label}", (RemoveAnnotation(ann),)),
                        f"Deleted {ann.label}")

    def set_status(self, doc_id: str, status: Status) -> Changes:
        """Record this coder's decision on a document (done with no spans is valid)."""
        self.document(doc_id)
        before = self.status(doc_id)
        if before == status:
            return Changes()
        edit = SetStatus(DocId(doc_id), self.annotator, before, status)
        return self._do(Action(f"mark {status.value}", (edit,)),
                        f"Marked {status.value.replace('_', ' ')}")

    def add_time(self, doc_id: str, seconds: float) -> None:
        """Record active (non-idle) time spent on a document; not undoable."""
        if seconds > 0:
            with self.project.atomic():
                self.project.add_seconds(doc_id, self.annotator, seconds)

    # -- undo / redo --------------------------------------------------------------
    def undo(self) -> Changes:
        """Undo the newest action; nothing happens when there is none."""
        action = self.history.peek_undo()
        if action is None:
            return Changes(message="Nothing to undo")
        self._apply(action.inverse(), f"undo {action.name}")
        self.history.undone()
        return replace(Changes.of(action), message=f"Undid {action.name}")

    def redo(self) -> Changes:
        """Redo the newest undone action."""
        action = self.history.peek_redo()
        if action is None:
            return Changes(message="Nothing to redo")
        self._apply(action, f"redo {action.name}")
        self.history.redone()
        return replace(Changes.of(action), message=f"Redid {action.name}")

    # -- internals ----------------------------------------------------------------
    def _do(self, action: Action, message: str) -> Changes:
        done = self._apply(action, action.name)
        self.history.record(done)
        return Changes.of(done, message)

    def _apply(self, action: Action, event: str) -> Action:
        with self.project.atomic():
            edits = tuple(self.project.apply(e) for e in action.edits)
            touched = Changes.of(action)
            for doc_id in sorted(touched.annotations | touched.status | touched.suggestions):
                self.project.log_event(self.annotator, event, doc_id, _describe(edits))
        return Action(action.name, edits)

    def _own(self, ann_id: int) -> Annotation:
        try:
            ann = self.project.annotation(ann_id)
        except KeyError:
            raise SessionError(f"annotation {ann_id} no longer exists") from None
        if ann.annotator != self.annotator:
            raise SessionError(f"that span belongs to {ann.annotator}")
        return ann

    def _check_label(self, label: str, attributes: Mapping[str, Any]) -> Label:
        lab = self.codebook.label(label)
        if lab is None:
            raise SessionError(f"{label!r} is not a label of the codebook")
        for name, value in attributes.items():
            spec = lab.attribute(name)
            if spec is None:
                raise SessionError(f"{label} has no attribute {name!r}")
            problem = spec.check(value)
            if problem:
                raise SessionError(problem)
        return lab


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _describe(edits: tuple[Any, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in edits:
        if isinstance(e, SetStatus):
            out.append({"status": e.after.value if e.after else None,
                        "was": e.before.value if e.before else None})
        elif isinstance(e, DecideSuggestion):
            s = e.suggestion
            out.append({"edit": "DecideSuggestion", "suggestion": s.id, "rule": s.rule,
                        "label": s.label, "start": s.start, "end": s.end,
                        "decision": e.after.value if e.after else None,
                        "was": e.before.value if e.before else None})
        else:
            a = e.after if isinstance(e, UpdateAnnotation) else e.annotation
            out.append({"edit": type(e).__name__, "id": a.id, "label": a.label,
                        "start": a.start, "end": a.end})
    return out
