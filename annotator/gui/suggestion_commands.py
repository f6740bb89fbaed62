"""The Suggest menu's handlers and the focused suggestion on screen.

Owns: starting background runs (one at a time), walking, accepting and rejecting through
the controller, the "Show suggestions" check mark, which suggestion keys are enabled
(Tab falls back to moving the focus when the document has no suggestions), the status-bar
line for the focused suggestion, and the rule acceptance dialog.
Must not import: annotator.store, annotator.nlp.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.gui.actions import SUGGESTION_KEYS
from annotator.gui.dialogs.rule_stats import RuleStatsDialog
from annotator.gui.suggestions import SuggestRun, describe

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

SAVED = "— saved"


class SuggestionCommands:
    """Everything the window does about suggestions."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.run: SuggestRun | None = None
        self.last_message = ""

    def connect(self) -> None:
        w, a, c = self.window, self.window.qactions, self.window.controller
        handlers = {
            "suggest_doc": self.suggest_document,
            "suggest_all": self.suggest_all,
            "next_suggestion": lambda: self.step(1),
            "prev_suggestion": lambda: self.step(-1),
            "accept_suggestion": c.accept_suggestion,
            "reject_suggestion": c.reject_suggestion,
            "accept_all_suggestions": c.accept_all_suggestions,
            "rule_stats": self.show_rule_stats,
            "suggest_engine": self.choose_engine,
        }
        for name, handler in handlers.items():
            a[name].triggered.connect(lambda _=False, h=handler: h())
        a["show_suggestions"].triggered.connect(self._on_show_triggered)
        c.suggestionFocused.connect(self._on_controller_suggestionFocused)
        c.messagePosted.connect(self._remember_message)
        w.view.suggestionClicked.connect(c.focus_suggestion)

    # -- refreshing -----------------------------------------------------------------
    def refresh(self) -> None:
        """Draw the current document's pending suggestions and enable the keys."""
        c, a = self.window.controller, self.window.qactions
        self.window.view.set_suggestions(c.suggestions, c.focused)
        for name in SUGGESTION_KEYS:
            a[name].setEnabled(bool(c.suggestions))
        enabled = c.session.suggestions_enabled
        if a["show_suggestions"].isChecked() != enabled:
            a["show_suggestions"].setChecked(enabled)
        running = self.run is not None
        a["suggest_doc"].setEnabled(not running and c.document is not None)
        a["suggest_all"].setEnabled(not running)

    def _remember_message(self, text: str) -> None:
        self.last_message = text

    def _on_controller_suggestionFocused(self, sugg_id: int) -> None:
        c, view = self.window.controller, self.window.view
        view.set_focused_suggestion(None if sugg_id < 0 else sugg_id)
        sugg = c.suggestion(sugg_id)
        if sugg is None or c.document is None:
            return
        view.bring_into_view(sugg.start, sugg.end)
        row = next(i for i, s in enumerate(c.suggestions, 1) if s.id == sugg.id)
        line = describe(sugg, c.document.text, row, len(c.suggestions))
        current = self.window.statusBar().currentMessage()
        if current.endswith(SAVED) and current == self.last_message:
            line = f"{current} · next: {line}"  # keep the decision's confirmation
        self.window.show_message(line)

    # -- commands -------------------------------------------------------------------
    def step(self, direction: int) -> None:
        self.window.controller.step_suggestion(direction)
        self.window.view.setFocus()

    def suggest_document(self) -> None:
        doc_id = self.window.controller.doc_id
        if doc_id is None:
            self.window.show_message("No document open")
            return
        self.start([doc_id])

    def suggest_all(self, confirm: bool = True) -> None:
        count = len(self.window.controller.documents())
        if confirm and QMessageBox.question(
                self.window, "Suggest for all documents",
                f"Run the suggestion engine on all {count:,} documents? Suggestions nobody "
                "has decided on yet are replaced; decided ones are kept.") \
                != QMessageBox.StandardButton.Yes:
            return
        self.start(None)

    def start(self, doc_ids: Sequence[str] | None) -> SuggestRun | None:
        """Run the engine on ``doc_ids`` (None: all documents) in the background."""
        if self.run is not None:
            self.window.show_message("Suggestions are already being made")
            return None
        session = self.window.controller.session
        items = session.texts_for_suggesting(doc_ids)
        if not items:
            self.window.show_message("No documents to suggest for")
            return None
        self.run = SuggestRun(self.window, items, session.suggest_model)
        self.run.finished.connect(self._on_run_finished)
        self.refresh()
        self.window.show_message("Suggesting in the background…")
        self.run.start()
        return self.run

    def _on_run_finished(self, message: str) -> None:
        run, self.run = self.run, None
        if run is not None:
            run.deleteLater()
        if not self.window.controller.session.suggestions_enabled:
            message += " (hidden: Suggest ▸ Show suggestions is off)"
        self.refresh()
        self.window.show_message(message)

    def _on_show_triggered(self, on: bool) -> None:
        if not self.window.controller.set_suggestions_enabled(on):
            self.refresh()  # refused: put the check mark back
            return
        self.window.show_message("Suggestions shown" if on
                                 else "Suggestions hidden for every coder of this project")

    def show_rule_stats(self) -> None:
        RuleStatsDialog(self.window.controller.rule_stats, self.window).exec()

    def choose_engine(self) -> None:
        """Pick the project's pipeline among the installed ones (nothing is downloaded)."""
        from annotator.app.suggesting import installed_models

        session = self.window.controller.session
        default = "Default: a trained English pipeline if one is installed, else blank"
        choices = [default, "blank", *installed_models()]
        current = session.suggest_model
        if current and current not in choices:
            choices.append(current)
        index = choices.index(current) if current in choices else 0
        choice, ok = QInputDialog.getItem(self.window, "Suggestion engine",
                                          "spaCy pipeline for this project's suggestions:",
                                          choices, index, False)
        if ok:
            self.window.controller.set_suggest_model(None if choice == default else choice)

    def cancel(self) -> None:
        """Stop a run in progress without waiting (the project or coder changes)."""
        if self.run is not None:
            self.run.cancel()

    def shutdown(self) -> None:
        """Stop a run in progress (the window is closing)."""
        if self.run is not None:
            self.run.stop()
