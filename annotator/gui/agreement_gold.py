"""Adjudicating from the Agreement view: take A's, take B's, reject both, edit in gold, undo.

Owns: turning the view's selected disagreement into calls of the app layer's gold layer
(``annotator.app.adjudication``, a session of the ``gold`` coder with its own undo
history), telling the main window what changed, and "Edit in gold" (the main window
switches to that gold session, as File ▸ Switch coder would, and opens the document).
Must not import: annotator.store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.app.adjudication import Adjudication, Span, span_of
from annotator.core.errors import AnnotatorError
from annotator.core.history import Changes
from annotator.core.model import GOLD

if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView


class GoldDesk:
    """The adjudication commands of one Agreement view."""

    def __init__(self, view: AgreementView) -> None:
        self.view = view
        self._adjudication: Adjudication | None = None

    @property
    def adjudication(self) -> Adjudication:
        """The gold layer of the main window's project (made again if the project changed).

        While the main window edits gold (after "Edit in gold") it works on this very
        session, so both windows share one undo history.
        """
        session = self.view.session
        if isinstance(session, Adjudication):
            self._adjudication = session
        elif self._adjudication is None or self._adjudication.project is not session.project:
            lead = session.annotator if session.annotator != GOLD else \
                self.view.main.settings.coder
            self._adjudication = Adjudication(session.project, lead)
        return self._adjudication

    def state(self, doc_id: str) -> tuple[set[Span], set[Span]]:
        """The gold spans of a document, and the spans the lead rejected there."""
        adj = self.adjudication
        return {span_of(g) for g in adj.gold(doc_id)}, adj.rejected(doc_id)

    # -- commands -------------------------------------------------------------------
    def take(self, side: str) -> None:
        """Copy coder A's (``"a"``) or B's (``"b"``) span of the disagreement into gold."""
        row, doc_id = self.view.current_disagreement(), self.view.doc_id
        if row is None or doc_id is None:
            return
        ann = self.view.compare.annotation_of(side, row.a if side == "a" else row.b)
        if ann is None or ann.id is None:
            self.message("That coder has no span here")
            return
        ann_id, other = ann.id, row.b if side == "a" else row.a
        instead = [other] if other is not None else []
        if self._run(lambda adj: adj.take(doc_id, [ann_id], instead_of=instead)):
            self.view.select_next_disagreement()

    def reject(self) -> None:
        """Neither coder's span of the disagreement goes into gold."""
        row, doc_id = self.view.current_disagreement(), self.view.doc_id
        if row is None or doc_id is None:
            return
        spans = [s for s in (row.a, row.b) if s is not None]
        if self._run(lambda adj: adj.reject(doc_id, *spans)):
            self.view.select_next_disagreement()

    def undo(self) -> None:
        self._run(lambda adj: adj.undo())

    def redo(self) -> None:
        self._run(lambda adj: adj.redo())

    def can_undo(self) -> bool:
        return self._adjudication is not None and self._adjudication.history.can_undo()

    def can_redo(self) -> bool:
        return self._adjudication is not None and self._adjudication.history.can_redo()

    def edit_in_gold(self) -> None:
        """Open the document in the main window, as the gold coder, at the disagreement."""
        view, main = self.view, self.view.main
        if view.doc_id is None:
            return
        if main.controller.session is not self.adjudication:
            main.replace_session(self.adjudication, close_old=False)
        main.controller.open_document(view.doc_id)
        row = view.current_disagreement()
        spans = [s for s in (row.a, row.b) if s is not None] if row else []
        if spans:
            start = min(s[0] for s in spans)
            main.view.reveal(start)
            gold = next((x for x in main.controller.annotations
                         if (x.start, x.end, x.label) in {tuple(s) for s in spans}), None)
            main.controller.select_span(gold.id if gold else None)
        main.show_message(f"Editing the gold layer of “{main.controller.document.title}”"  # type: ignore[union-attr]
                          if main.controller.document else "Editing the gold layer")
        main.raise_()
        main.activateWindow()

    # -- internals --------------------------------------------------------------------
    def message(self, text: str) -> None:
        self.view.message.setText(text)
        self.view.main.show_message(text)

    def _run(self, fn: Callable[[Adjudication], Any]) -> bool:
        try:
            changes = fn(self.adjudication)
        except (AnnotatorError, KeyError) as exc:
            self.message(str(exc))
            return False
        if isinstance(changes, Changes):
            if changes:
                self.view.main.controller.notify(changes)
            if changes.message:
                self.message(changes.message)
        self.view.refresh_disagreements()
        return True
