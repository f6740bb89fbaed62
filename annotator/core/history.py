"""Undoable edits, the undo/redo history, and the ``Changes`` value.

Owns: what an edit is (as data with an inverse) and the order they happened in. The app
layer applies edits to the store; this module never touches storage.
Must not import: anything outside the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from annotator.core.model import Annotation, Decision, DocId, Status, Suggestion


@dataclass(frozen=True, slots=True)
class AddAnnotation:
    """Create ``annotation`` (its id is kept so that redo restores the same row)."""

    annotation: Annotation

    def inverse(self) -> RemoveAnnotation:
        """The edit that undoes this one."""
        return RemoveAnnotation(self.annotation)


@dataclass(frozen=True, slots=True)
class RemoveAnnotation:
    """Delete ``annotation``."""

    annotation: Annotation

    def inverse(self) -> AddAnnotation:
        """The edit that undoes this one."""
        return AddAnnotation(self.annotation)


@dataclass(frozen=True, slots=True)
class UpdateAnnotation:
    """Replace ``before`` by ``after`` (same id; label, attributes or note differ)."""

    before: Annotation
    after: Annotation

    def inverse(self) -> UpdateAnnotation:
        """The edit that undoes this one."""
        return UpdateAnnotation(self.after, self.before)


@dataclass(frozen=True, slots=True)
class SetStatus:
    """Set a coder's status for a document; ``None`` means no status recorded."""

    doc_id: DocId
    annotator: str
    before: Status | None
    after: Status | None

    def inverse(self) -> SetStatus:
        """The edit that undoes this one."""
        return SetStatus(self.doc_id, self.annotator, self.after, self.before)


@dataclass(frozen=True, slots=True)
class DecideSuggestion:
    """Set a coder's decision on a stored suggestion; ``None`` means undecided.

    ``suggestion`` is the stored suggestion (with its id); its document is what the
    edit touches.
    """

    suggestion: Suggestion
    annotator: str
    before: Decision | None
    after: Decision | None

    @property
    def doc_id(self) -> DocId:
        """The document of the suggestion."""
        return self.suggestion.doc_id

    def inverse(self) -> DecideSuggestion:
        """The edit that undoes this one."""
        return DecideSuggestion(self.suggestion, self.annotator, self.after, self.before)


Edit = Union[AddAnnotation, RemoveAnnotation, UpdateAnnotation, SetStatus, DecideSuggestion]


@dataclass(frozen=True, slots=True)
class Action:
    """One user action: a named group of edits that is done and undone as a whole."""

    name: str
    edits: tuple[Edit, ...]

    def inverse(self) -> Action:
        """The action that undoes this one (edits reversed and inverted)."""
        return Action(self.name, tuple(e.inverse() for e in reversed(self.edits)))


@dataclass(frozen=True, slots=True)
class Changes:
    """What an operation touched, so that each view refreshes only what it must."""

    documents: bool = False
    annotations: frozenset[DocId] = frozenset()
    status: frozenset[DocId] = frozenset()
    codebook: bool = False
    message: str = ""
    suggestions: frozenset[DocId] = frozenset()
    """Documents whose suggestions (or a coder's decisions about them) changed."""

    def __bool__(self) -> bool:
        return bool(self.documents or self.annotations or self.status or self.codebook
                    or self.suggestions)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            documents=self.documents or other.documents,
            annotations=self.annotations | other.annotations,
            status=self.status | other.status,
            codebook=self.codebook or other.codebook,
            message=other.message or self.message,
            suggestions=self.suggestions | other.suggestions,
        )

    @staticmethod
    def of(action: Action, message: str = "") -> Changes:
        """The changes that applying ``action`` makes."""
        spans: set[DocId] = set()
        status: set[DocId] = set()
        suggested: set[DocId] = set()
        for edit in action.edits:
            if isinstance(edit, SetStatus):
                status.add(edit.doc_id)
            elif isinstance(edit, DecideSuggestion):
                suggested.add(edit.doc_id)
            elif isinstance(edit, UpdateAnnotation):
                spans.add(edit.after.doc_id)
            else:
                spans.add(edit.annotation.doc_id)
        return Changes(annotations=frozenset(spans), status=frozenset(status),
                       message=message, suggestions=frozenset(suggested))


@dataclass
class History:
    """Undo and redo stacks of :class:`Action` values, newest last."""

    limit: int = 1000
    _undo: list[Action] = field(default_factory=list)
    _redo: list[Action] = field(default_factory=list)

    def record(self, action: Action) -> None:
        """Remember a freshly done action; this clears the redo stack."""
        self._undo.append(action)
        del self._undo[: -self.limit]
        self._redo.clear()

    def can_undo(self) -> bool:
        """Whether there is an action to undo."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """Whether there is an action to redo."""
        return bool(self._redo)

    def peek_undo(self) -> Action | None:
        """The action :meth:`undo` would undo, without taking it."""
        return self._undo[-1] if self._undo else None

    def peek_redo(self) -> Action | None:
        """The action :meth:`redo` would redo, without taking it."""
        return self._redo[-1] if self._redo else None

    def undone(self) -> None:
        """Move the newest action to the redo stack (call after applying its inverse)."""
        self._redo.append(self._undo.pop())

    def redone(self) -> None:
        """Move the newest redo action back (call after re-applying it)."""
        self._undo.append(self._redo.pop())

    def clear(self) -> None:
        """Forget everything (e.g. after the project was changed elsewhere)."""
        self._undo.clear()
        self._redo.clear()
