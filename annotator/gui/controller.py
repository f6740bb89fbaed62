"""``SessionController``: the window's one door to the annotation session.

Owns: the current document (its text, offset map, this coder's annotations and pending
suggestions), the selected span, the focused suggestion, the exact-characters toggle, and
turning every session call into either a ``changed(Changes)`` signal (once per operation)
or a status-bar message.
Must not import: annotator.store (the window talks to the app layer only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.app.backups import RollingBackup
from annotator.app.search import find_documents
from annotator.app.session import AnnotationSession
from annotator.core.errors import AnnotatorError
from annotator.core.history import (
    AddAnnotation,
    Changes,
    Edit,
    RemoveAnnotation,
    SetStatus,
    UpdateAnnotation,
)
from annotator.core.model import (
    Annotation,
    Codebook,
    DocId,
    Document,
    DocumentSummary,
    Status,
    Suggestion,
)
from annotator.gui.offsets import OffsetMap

EXTERNAL_POLL_MS = 1000
EXTERNAL_MESSAGE = "The project was changed by another program; reloaded"


class SessionController(QObject):
    """Wraps an :class:`AnnotationSession` for the widgets."""

    changed = Signal(object)  # Changes, once per successful operation
    messagePosted = Signal(str)
    documentOpened = Signal(str)
    spanSelected = Signal(int)  # annotation id, or -1 for none
    suggestionFocused = Signal(int)  # suggestion id, or -1 for none
    backupMade = Signal(str)  # the path of an automatic backup just written

    def __init__(self, session: AnnotationSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.document: Document | None = None
        self.offsets = OffsetMap("")
        self.annotations: list[Annotation] = []
        self.selected: int | None = None
        self.suggestions: list[Suggestion] = []
        self.focused: int | None = None  # the suggestion Tab walked to
        self.exact = False
        # Another window or the CLI may write to the same project: look once a second.
        self.watch = QTimer(self)
        self.watch.setInterval(EXTERNAL_POLL_MS)
        self.watch.timeout.connect(self.check_external_changes)
        self.watch.start()
        self.backup_minutes = 0.0
        self._backup: RollingBackup | None = None

    def set_backup_minutes(self, minutes: float) -> None:
        """Back the project up at most once per ``minutes`` while annotating (0: never)."""
        self.backup_minutes = minutes
        self._backup = RollingBackup(self.session.project, minutes) if minutes > 0 else None

    def _maybe_backup(self) -> None:
        if self._backup is None:
            return
        try:
            made = self._backup.maybe_backup()
        except (AnnotatorError, OSError) as exc:
            self.messagePosted.emit(f"Automatic backup failed: {exc}")
            return
        if made is not None:
            self.backupMade.emit(str(made))

    def check_external_changes(self) -> bool:
        """Reload what is shown when another program changed the project; True if so."""
        try:
            if not self.session.external_changes():
                return False
        except AnnotatorError as exc:
            self.messagePosted.emit(str(exc))
            return False
        except Exception:  # a closed or vanished project: nothing to refresh
            return False
        doc = self.doc_id
        if doc is not None and not self.open_document(doc):
            self.document = None
        touched = frozenset({doc}) if doc else frozenset()
        self._publish(Changes(documents=True, codebook=True, annotations=touched,
                              status=touched), follow=False)
        self.messagePosted.emit(EXTERNAL_MESSAGE)
        return True

    def set_session(self, session: AnnotationSession) -> None:
        """Work on another project or as another coder; views reload everything."""
        self.session = session
        self.set_backup_minutes(self.backup_minutes)
        self.document = None
        self.offsets = OffsetMap("")
        self.annotations = []
        self.suggestions = []
        self.select_span(None)
        self.focus_suggestion(None)
        self.changed.emit(Changes(documents=True, codebook=True))

    # -- reading ------------------------------------------------------------------
    @property
    def codebook(self) -> Codebook:
        return self.session.codebook

    @property
    def annotator(self) -> str:
        return self.session.annotator

    @property
    def doc_id(self) -> DocId | None:
        return self.document.id if self.document else None

    def documents(self) -> list[DocumentSummary]:
        return self.session.documents()

    def assignments(self) -> dict[str, tuple[str, ...]]:
        return self.session.assignments()

    def study_coders(self) -> list[str]:
        return self.session.study_coders()

    def set_assignment(self, doc_id: str, coder: str, assigned: bool) -> bool:
        return self._run(lambda: self.session.set_assignment(doc_id, coder, assigned))

    def find_documents(self, phrase: str) -> set[DocId]:
        return find_documents(self.session, phrase)

    def status(self) -> Status | None:
        return self.session.status(self.document.id) if self.document else None

    def annotation(self, ann_id: int | None) -> Annotation | None:
        return next((a for a in self.annotations if a.id == ann_id), None)

    # -- navigation ---------------------------------------------------------------
    def open_document(self, doc_id: str) -> bool:
        """Load a document; emits ``documentOpened``. Returns False when it is gone."""
        try:
            doc = self.session.document(doc_id)
        except KeyError:
            self.messagePosted.emit(f"Document {doc_id} no longer exists")
            return False
        self.document = doc
        self.offsets = OffsetMap(doc.text)
        self.annotations = self.session.annotations(doc.id)
        self.suggestions = self.session.suggestions(doc.id)
        self.selected = None
        self.focused = None
        self.documentOpened.emit(doc.id)
        return True

    def warm_tokens(self) -> None:
        """Tokenize the current document now (loads spaCy) so snapping is instant later."""
        if self.document is None:
            return
        try:
            self.session.tokens(self.document.id)
        except Exception as exc:
            self.messagePosted.emit(f"Tokenizer unavailable ({exc}); spans stay as selected")

    def select_span(self, ann_id: int | None) -> None:
        if ann_id is not None and self.annotation(ann_id) is None:
            ann_id = None
        if ann_id != self.selected:
            self.selected = ann_id
            self.spanSelected.emit(-1 if ann_id is None else ann_id)

    # -- annotating ---------------------------------------------------------------
    def apply_label(self, label: str, selection: tuple[int, int] | None) -> None:
        """A label key: label the text selection, else relabel the selected span."""
        if selection is not None and selection[0] != selection[1]:
            self.add_span(*selection, label)
        elif self.selected is not None:
            self._run(lambda: self.session.relabel(self.selected, label))
        else:
            self.messagePosted.emit("Select some text (or click a span) first")

    def add_span(self, start: int, end: int, label: str) -> bool:
        """Label code points ``[start, end)`` of the current document."""
        if self.document is None:
            return False
        doc_id = self.document.id
        if not self._run(lambda: self.session.add_span(doc_id, start, end, label,
                                                       exact=self.exact)):
            return False
        action = self.session.history.peek_undo()
        if action and isinstance(action.edits[0], AddAnnotation):
            self.select_span(action.edits[0].annotation.id)
        return True

    def delete_selected(self) -> None:
        if self.selected is None:
            self.messagePosted.emit("No span selected")
            return
        self._run(lambda: self.session.delete_span(self.selected))

    def set_attributes(self, ann_id: int, attributes: Mapping[str, Any]) -> None:
        self._run(lambda: self.session.set_attributes(ann_id, attributes))

    def set_note(self, ann_id: int, note: str) -> None:
        self._run(lambda: self.session.set_note(ann_id, note))

    def set_status(self, status: Status) -> bool:
        if self.document is None:
            return False
        doc_id = self.document.id
        return self._run(lambda: self.session.set_status(doc_id, status))

    def add_time(self, doc_id: str, seconds: float) -> None:
        """Record active time (not an action: no undo, no message)."""
        # The document may have been removed meanwhile; time is best effort.
        with suppress(AnnotatorError, KeyError):
            self.session.add_time(doc_id, seconds)

    def undo(self) -> None:
        self._run(self.session.undo, follow=True, undone=True)

    def redo(self) -> None:
        self._run(self.session.redo, follow=True)

    def save_codebook(self, codebook: Codebook) -> bool:
        from annotator.app.codebook_edit import save_codebook  # not needed at start-up

        return self._run(lambda: save_codebook(self.session, codebook))

    # -- suggestions ----------------------------------------------------------------
    def suggestion(self, sugg_id: int | None) -> Suggestion | None:
        return next((s for s in self.suggestions if s.id == sugg_id), None)

    def focus_suggestion(self, sugg_id: int | None) -> None:
        """Focus a pending suggestion of the current document (None: no focus)."""
        if self.suggestion(sugg_id) is None:
            sugg_id = None
        if sugg_id != self.focused:
            self.focused = sugg_id
            self.suggestionFocused.emit(-1 if sugg_id is None else sugg_id)

    def step_suggestion(self, direction: int) -> Suggestion | None:
        """Focus the next (1) or previous (-1) suggestion, wrapping round; returns it."""
        if not self.suggestions:
            self.messagePosted.emit("No suggestions in this document")
            return None
        ids = [s.id for s in self.suggestions]
        if self.focused in ids:
            row = (ids.index(self.focused) + direction) % len(ids)
        else:
            row = 0 if direction > 0 else len(ids) - 1
        self.focus_suggestion(ids[row])
        return self.suggestions[row]

    def accept_suggestion(self) -> None:
        """Accept the focused suggestion; the focus moves on to the next one."""
        self._decide(self.session.accept_suggestion)

    def reject_suggestion(self) -> None:
        """Reject the focused suggestion; the focus moves on to the next one."""
        self._decide(self.session.reject_suggestion)

    def accept_all_suggestions(self) -> None:
        """Accept every pending suggestion of the current document (one undo step)."""
        if self.document is None or not self.suggestions:
            self.messagePosted.emit("No suggestions in this document")
            return
        doc_id = self.document.id
        self._run(lambda: self.session.accept_all_suggestions(doc_id))

    def store_suggestions(self, doc_ids: Sequence[str], found: Sequence[Suggestion]) -> bool:
        """Keep what the engine found for ``doc_ids`` (replacing their undecided ones)."""
        return self._run(lambda: self.session.store_suggestions(doc_ids, found))

    def rule_stats(self) -> list[Any]:
        """Per-rule suggested / accepted / rejected counts (``session.rule_stats()``)."""
        return list(self.session.rule_stats())

    def set_suggestions_enabled(self, on: bool) -> bool:
        return self._run(lambda: self.session.set_suggestions_enabled(on))

    def set_suggest_model(self, model: str | None) -> bool:
        return self._run(lambda: self.session.set_suggest_model(model))

    def _decide(self, decide: Callable[[int], Changes]) -> None:
        focused = self.suggestion(self.focused)
        if focused is None or focused.id is None:
            self.messagePosted.emit("No suggestion focused: Tab walks to the next one")
            return
        sugg_id = focused.id
        if self._run(lambda: decide(sugg_id)) and self.suggestions:
            later = (s for s in self.suggestions
                     if (s.start, s.end) >= (focused.start, focused.end))
            self.focus_suggestion(next(later, self.suggestions[0]).id)

    def notify(self, changes: Changes) -> None:
        """Announce changes made outside the session's own methods (import)."""
        self._publish(changes, follow=False)

    # -- internals ----------------------------------------------------------------
    def _call(self, fn: Callable[[], Changes]) -> Changes | None:
        try:
            return fn()
        except AnnotatorError as exc:
            self.messagePosted.emit(str(exc))
        except KeyError as exc:
            self.messagePosted.emit(f"Not found: {exc}")
        return None

    def _run(self, fn: Callable[[], Changes], follow: bool = False,
             undone: bool = False) -> bool:
        changes = self._call(fn)
        if changes is None:
            return False
        if not changes:
            if changes.message:
                self.messagePosted.emit(changes.message)
            return True
        action = self.session.history.peek_redo() if undone \
            else self.session.history.peek_undo()
        applied = (action.inverse() if undone else action).edits if action else None
        self._publish(changes, follow, applied)
        return True

    def _publish(self, changes: Changes, follow: bool,
                 applied: tuple[Edit, ...] | None = None) -> None:
        touched = changes.annotations | changes.status | changes.suggestions
        if follow and self.doc_id not in touched and len(touched) == 1:
            self.open_document(next(iter(touched)))  # undo shows where it happened
            applied = None
        if self.doc_id in changes.annotations or changes.codebook:
            if changes.codebook or applied is None or not self._patch(applied):
                self.annotations = self.session.annotations(self.doc_id) if self.doc_id \
                    else []
            if self.annotation(self.selected) is None:
                self.select_span(None)
        if self.doc_id and (self.doc_id in changes.annotations | changes.suggestions
                            or changes.documents or changes.codebook):
            self.suggestions = self.session.suggestions(self.doc_id)
            if self.suggestion(self.focused) is None:
                self.focus_suggestion(None)
        self.changed.emit(changes)
        self._maybe_backup()
        if changes.message:
            self.messagePosted.emit(f"{changes.message} — saved")

    def _patch(self, edits: tuple[Edit, ...]) -> bool:
        """Apply the edits just stored to ``annotations`` without re-reading them all.

        Returns False (the caller re-reads) for anything it is not sure about.
        """
        by_id = {a.id: a for a in self.annotations}
        for edit in edits:
            if isinstance(edit, SetStatus):
                continue
            if not isinstance(edit, AddAnnotation | RemoveAnnotation | UpdateAnnotation):
                return False  # e.g. a suggestion decision: re-read to be sure
            ann = edit.after if isinstance(edit, UpdateAnnotation) else edit.annotation
            if ann.id is None or ann.doc_id != self.doc_id or ann.annotator != self.annotator:
                return False
            if isinstance(edit, RemoveAnnotation):
                by_id.pop(ann.id, None)
            else:
                by_id[ann.id] = ann
        self.annotations = sorted(by_id.values(), key=lambda a: (a.start, a.end, a.label))
        return True
