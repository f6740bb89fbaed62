"""What a coder does with the engine's suggestions: see, accept, reject, switch off.

Owns: the suggestion use cases of :class:`~annotator.app.session.AnnotationSession` (a
mixin): the pending list of one coder, accepting (an annotation plus the decision, one
undo step), rejecting, storing the results of an engine run, and the per-project switch.
Must not import: Qt, spaCy (the engine runs elsewhere: ``app.suggesting`` or a worker).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.history import Action, AddAnnotation, Changes, DecideSuggestion, Edit
from annotator.core.model import Annotation, Decision, DocId, Origin, Suggestion
from annotator.core.spans import check_span

if TYPE_CHECKING:
    from annotator.app.stats import RuleStats
    from annotator.core.model import Codebook, Document, Label
    from annotator.store import Project

SETTING = "suggestions_enabled"
MODEL_SETTING = "suggest_model"
"""Project setting: the spaCy pipeline suggestions use (empty: the default engine)."""
"""The project setting (``"1"`` or ``"0"``; missing means on) that shows suggestions."""


class SuggestionSessionMixin:
    """Suggestion methods of the session (needs its project, coder, codebook and ``_do``)."""

    project: Project
    annotator: str

    if TYPE_CHECKING:
        codebook: Codebook
        _do: Callable[[Action, str], Changes]

        def document(self, doc_id: str) -> Document: ...  # noqa: D102

        def _check_label(self, label: str, attributes: Any) -> Label: ...

    # -- the switch ---------------------------------------------------------------
    @property
    def suggestions_enabled(self) -> bool:
        """Whether this project shows suggestions to coders (on unless switched off)."""
        return self.project.setting(SETTING, "1") != "0"

    def set_suggestions_enabled(self, on: bool) -> Changes:
        """Show or hide suggestions in this project, for every coder; not undoable."""
        if on == self.suggestions_enabled:
            return Changes()
        with self.project.atomic():
            self.project.set_setting(SETTING, "1" if on else "0")
            self.project.log_event(self.annotator, "show suggestions" if on
                                   else "hide suggestions", None, {SETTING: on})
        docs = frozenset(DocId(d) for d in self.project.document_ids())
        return Changes(suggestions=docs, message="Suggestions shown" if on
                       else "Suggestions switched off for this project")

    @property
    def suggest_model(self) -> str | None:
        """The spaCy pipeline this project's suggestions use (None: the default engine)."""
        return self.project.setting(MODEL_SETTING) or None

    def set_suggest_model(self, model: str | None) -> Changes:
        """Make ``model`` (a pipeline name or folder; None: the default) this project's engine.

        Not checked here: the window offers installed pipelines only, and the command line
        loads the pipeline first (``annotator.app.suggesting.remember_model``).
        """
        save_suggest_model(self.project, model, self.annotator)
        return Changes(message=f"Suggestions will use {model or 'the default engine'}")

    # -- reading ------------------------------------------------------------------
    def suggestions(self, doc_id: str) -> list[Suggestion]:
        """Suggestions this coder has still to decide on, in text order.

        Leaves out those the coder decided on, those already annotated with the same
        label on the same characters, and labels the codebook lacks. Empty when the
        project has suggestions switched off.
        """
        if not self.suggestions_enabled:
            return []
        labels = set(self.codebook.label_names)
        return [s for s in self.project.pending_suggestions(doc_id, self.annotator)
                if s.label in labels]

    def rule_stats(self) -> list[RuleStats]:
        """Per rule: suggested, accepted, rejected, pending and acceptance (every coder)."""
        from annotator.app.stats import rule_stats

        return rule_stats(self.project)

    # -- deciding -----------------------------------------------------------------
    def accept_suggestion(self, suggestion_id: int) -> Changes:
        """Turn a suggestion into this coder's annotation and record the decision.

        The annotation has ``origin`` suggestion and the suggestion's rule. Both happen in
        one transaction and are undone together.

        Raises:
            SessionError: suggestions are off, the suggestion is gone or already accepted,
                or its label is not in the codebook.
        """
        sug, before = self._decidable(suggestion_id, Decision.ACCEPTED)
        edits = self._accept_edits(sug, before, set())
        return self._do(Action(f"accept {sug.label} suggestion", tuple(edits)),
                        f"Accepted {sug.label} “{self._quote(sug)}”")

    def reject_suggestion(self, suggestion_id: int) -> Changes:
        """Record that this coder rejects a suggestion (undoable)."""
        sug, before = self._decidable(suggestion_id, Decision.REJECTED)
        edit = DecideSuggestion(sug, self.annotator, before, Decision.REJECTED)
        return self._do(Action(f"reject {sug.label} suggestion", (edit,)),
                        f"Rejected {sug.label} “{self._quote(sug)}”")

    def accept_all_suggestions(self, doc_id: str) -> Changes:
        """Accept every pending suggestion of a document, as one undo step."""
        self._require_enabled()
        pending = self.suggestions(doc_id)
        if not pending:
            return Changes(message="No suggestions to accept")
        taken: set[tuple[str, int, int]] = set()
        edits: list[Edit] = []
        for sug in pending:
            edits += self._accept_edits(sug, None, taken)
        return self._do(Action("accept all suggestions", tuple(edits)),
                        f"Accepted {len(pending)} suggestion{'s' * (len(pending) != 1)}")

    # -- engine runs --------------------------------------------------------------
    def texts_for_suggesting(self, doc_ids: Sequence[str] | None = None
                             ) -> list[tuple[str, str]]:
        """``(doc_id, text)`` of the given documents (``None``: all, in import order)."""
        if doc_ids is None:
            return [(d.id, d.text) for d in self.project.iter_documents()]
        docs = self.project.documents_by_id(list(dict.fromkeys(doc_ids)))
        return [(d, docs[d].text) for d in dict.fromkeys(doc_ids) if d in docs]

    def store_suggestions(self, doc_ids: Sequence[str], found: Sequence[Suggestion]
                          ) -> Changes:
        """Store an engine run: replaces the undecided suggestions of ``doc_ids``.

        Suggestions somebody decided on are kept. Documents that no longer exist are
        skipped. Not undoable; one transaction with its event.

        Raises:
            SessionError: a suggestion of a document not in ``doc_ids``, or outside its text.
        """
        lengths = self.project.document_lengths(list(dict.fromkeys(doc_ids)))
        named = set(doc_ids)
        for s in found:
            if s.doc_id not in named:
                raise _error(f"a suggestion for document {s.doc_id}, which was not "
                                   "suggested for")
            if s.doc_id in lengths and not 0 <= s.start < s.end <= lengths[s.doc_id]:
                raise _error(f"suggestion [{s.start}, {s.end}) lies outside document "
                                   f"{s.doc_id}")
        keep = [s for s in found if s.doc_id in lengths]
        with self.project.atomic():
            counts = self.project.replace_suggestions(list(lengths), keep)
            self.project.log_event(
                self.annotator, "suggest", next(iter(lengths)) if len(lengths) == 1 else None,
                {"documents": len(lengths), **counts._asdict(),
                 "engine": keep[0].engine if keep else ""})
        stored = counts.added + counts.refreshed
        message = (f"{stored} suggestion{'s' * (stored != 1)} for {len(lengths)} "
                   f"document{'s' * (len(lengths) != 1)}")
        if not self.suggestions_enabled:
            message += " (hidden: suggestions are switched off for this project)"
        return Changes(suggestions=frozenset(DocId(d) for d in lengths), message=message)

    # -- internals ----------------------------------------------------------------
    def _require_enabled(self) -> None:
        if not self.suggestions_enabled:
            raise _error("suggestions are switched off for this project")

    def _decidable(self, suggestion_id: int, decision: Decision
                   ) -> tuple[Suggestion, Decision | None]:
        self._require_enabled()
        try:
            sug = self.project.suggestion(suggestion_id)
        except KeyError:
            raise _error(f"suggestion {suggestion_id} no longer exists") from None
        before = self.project.decision(suggestion_id, self.annotator)
        if before == decision:
            raise _error(f"you already {decision.value} that suggestion")
        return sug, before

    def _accept_edits(self, sug: Suggestion, before: Decision | None,
                      taken: set[tuple[str, int, int]]) -> list[Edit]:
        """The annotation (unless the coder has it already) and the decision."""
        self._check_label(sug.label, {})
        try:
            check_span(self.document(sug.doc_id).text, sug.start, sug.end)
        except ValueError as exc:
            raise _error(str(exc)) from exc
        decide = DecideSuggestion(sug, self.annotator, before, Decision.ACCEPTED)
        key = (sug.label, sug.start, sug.end)
        if key in taken or self.project.find_annotation(sug.doc_id, self.annotator, *key):
            return [decide]
        taken.add(key)
        ann = Annotation(sug.doc_id, self.annotator, sug.label, sug.start, sug.end,
                         Origin.SUGGESTION, sug.rule, {}, "", self.codebook.version)
        return [AddAnnotation(ann), decide]

    def _quote(self, sug: Suggestion) -> str:
        text = " ".join(self.document(sug.doc_id).text[sug.start:sug.end].split())
        return text if len(text) <= 40 else text[:39] + "…"


def _error(message: str) -> AnnotatorError:
    # The session module defines SessionError and imports this one: import it late.
    from annotator.app.session import SessionError

    return SessionError(message)


def save_suggest_model(project: Project, model: str | None, annotator: str) -> None:
    """Store the project's engine setting (empty for the default) with an event."""
    with project.atomic():
        project.set_setting(MODEL_SETTING, model or "")
        project.log_event(annotator, "suggestion engine", None,
                          {MODEL_SETTING: model or "default"})
