"""Adjudication: the lead researcher builds the gold layer from the coders' annotations.

Owns: taking coders' annotations into the ``gold`` annotator (core ``GOLD``), rejecting
spans, and the record of these decisions. The gold layer is stored like any coder's work,
so it exports with ``--gold`` and is an annotator for agreement against coders.
:class:`Adjudication` is an :class:`AnnotationSession` of ``gold``: editing gold (add,
relabel, delete, mark done), undo and redo work as for any coder, and every decision is
one transaction with its events.
Must not import: Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from annotator.app.session import AnnotationSession, SessionError
from annotator.core.history import Action, AddAnnotation, Changes, RemoveAnnotation
from annotator.core.model import GOLD, Annotation, DocId, Status
from annotator.store import Project

Span = tuple[int, int, str]
"""``(start, end, label)``, as the agreement package passes spans around."""

DECISION = "adjudicate"
"""The event-log action that records each adjudication decision (detail: who, what)."""


def span_of(ann: Annotation) -> Span:
    """The ``(start, end, label)`` of an annotation."""
    return (ann.start, ann.end, ann.label)


class Adjudication(AnnotationSession):
    """The lead's session on the gold layer (``annotator`` is always ``gold``).

    Args:
        project: the open project (the ``gold`` annotator is registered if needed).
        lead: the lead researcher's name, recorded with every decision.
    """

    def __init__(self, project: Project, lead: str = "") -> None:
        super().__init__(project, GOLD)
        self.lead = lead.strip()

    def gold(self, doc_id: str) -> list[Annotation]:
        """The gold annotations of a document, in text order."""
        return self.project.annotations(doc_id, GOLD)

    def take(self, doc_id: str, annotation_ids: Iterable[int], *,
             instead_of: Sequence[Span] = ()) -> Changes:
        """Copy coders' annotations into gold, as one undoable action.

        Args:
            doc_id: the document.
            annotation_ids: the coders' annotations to take (label, offsets, attributes,
                note, origin and rule are copied; one already in gold is skipped).
            instead_of: gold spans to remove in the same action (e.g. the other coder's
                version, taken earlier).

        Raises:
            SessionError: an annotation that does not exist, is of another document, or is
                already a gold annotation.
        """
        sources = [self._source(doc_id, i) for i in annotation_ids]
        return self._decide(doc_id, sources, instead_of, "take")

    def take_spans(self, doc_id: str, coder: str, spans: Sequence[Span], *,
                   instead_of: Sequence[Span] = ()) -> Changes:
        """Like :meth:`take`, naming the coder's annotations by ``(start, end, label)``.

        Raises:
            SessionError: the coder has no such annotation.
        """
        sources = []
        for start, end, label in spans:
            ann = self.project.find_annotation(doc_id, coder, label, start, end)
            if ann is None:
                raise SessionError(f"{coder} has no {label} at {start}–{end}")
            sources.append(self._source(doc_id, ann.id or 0))
        return self._decide(doc_id, sources, instead_of, "take")

    def take_agreed(self, doc_id: str, a: str, b: str) -> Changes:
        """Take every span that coders ``a`` and ``b`` both marked exactly (same label)."""
        theirs = {span_of(x) for x in self.project.annotations(doc_id, b)}
        sources = [x for x in self.project.annotations(doc_id, a) if span_of(x) in theirs]
        return self._decide(doc_id, sources, (), "take agreed")

    def reject(self, doc_id: str, *spans: Span) -> Changes:
        """Decide that ``spans`` are not gold: remove them from gold if there, and record it.

        The removal is undoable; the decision stays in the event log (see :meth:`rejected`).
        """
        self.document(doc_id)
        keys = {tuple(s) for s in spans}
        gone = [g for g in self.gold(doc_id) if span_of(g) in keys]
        with self.project.atomic():
            self._log(doc_id, "reject", "", list(spans))
            if not gone:
                n = len(spans)
                return Changes(annotations=frozenset({DocId(doc_id)}),
                               message=f"Rejected {n} span{'s' * (n != 1)}")
            action = Action(f"reject {_what(gone)}", tuple(RemoveAnnotation(g) for g in gone))
            return self._do(action, f"Rejected {_what(gone)}")

    def rejected(self, doc_id: str) -> set[Span]:
        """Spans the lead rejected in a document and that are not in gold now."""
        out: set[Span] = set()
        for event in self.project.events(doc_id):
            detail = event["detail"] or {}
            if event["action"] == DECISION and detail.get("decision") == "reject":
                out.update((int(s), int(e), str(lab)) for s, e, lab in detail.get("spans", []))
        return out - {span_of(g) for g in self.gold(doc_id)}

    def finish(self, doc_id: str) -> Changes:
        """Mark the gold version of a document done (it then counts in agreement)."""
        return self.set_status(doc_id, Status.DONE)

    # -- internals ----------------------------------------------------------------
    def _source(self, doc_id: str, ann_id: int) -> Annotation:
        try:
            ann = self.project.annotation(ann_id)
        except KeyError:
            raise SessionError(f"annotation {ann_id} no longer exists") from None
        if ann.doc_id != doc_id:
            raise SessionError(f"annotation {ann_id} belongs to another document")
        if ann.annotator == GOLD:
            raise SessionError("that span is already a gold annotation")
        return ann

    def _decide(self, doc_id: str, sources: Sequence[Annotation],
                instead_of: Sequence[Span], verb: str) -> Changes:
        self.document(doc_id)
        gold = self.gold(doc_id)
        have = {span_of(g) for g in gold}
        adds: dict[Span, Annotation] = {}
        for ann in sources:
            if span_of(ann) not in have:
                adds.setdefault(span_of(ann), self._copy(ann))
        drop = {tuple(s) for s in instead_of} - {span_of(a) for a in sources}
        removes = [g for g in gold if span_of(g) in drop]
        coders = sorted({a.annotator for a in sources})
        if not sources and not removes:
            return Changes(message="Nothing to take")
        with self.project.atomic():
            self._log(doc_id, verb, ", ".join(coders), [span_of(a) for a in sources],
                      [span_of(g) for g in removes])
            if not adds and not removes:
                return Changes(message="Already in gold")
            edits = (*(RemoveAnnotation(g) for g in removes),
                     *(AddAnnotation(a) for a in adds.values()))
            who = f"{'/'.join(coders)}'s " if coders else ""
            name = f"{verb} {who}{_what(list(adds.values()) or removes)}"
            return self._do(Action(name, edits), name[0].upper() + name[1:])

    def _copy(self, ann: Annotation) -> Annotation:
        return Annotation(ann.doc_id, GOLD, ann.label, ann.start, ann.end, ann.origin,
                          ann.rule, dict(ann.attributes), ann.note, self.codebook.version)

    def _log(self, doc_id: str, decision: str, coder: str, spans: Sequence[Span],
             removed: Sequence[Span] = ()) -> None:
        detail: dict[str, Any] = {"decision": decision, "lead": self.lead,
                                  "spans": [list(s) for s in spans]}
        if coder:
            detail["coder"] = coder
        if removed:
            detail["removed"] = [list(s) for s in removed]
        self.project.log_event(GOLD, DECISION, doc_id, detail)


def _what(anns: Sequence[Annotation]) -> str:
    labels = sorted({a.label for a in anns})
    if len(anns) == 1:
        return labels[0]
    return f"{len(anns)} spans ({', '.join(labels)})"
