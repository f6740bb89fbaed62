"""The window's side of suggestions: running the engine in the background, and the keys.

Owns: ``SuggestWorker`` (runs the engine on plain ``(doc_id, text)`` values in a
``QThread``, checks a cancel flag between documents and hands back lists of
``Suggestion``; it never touches a widget, the session or the project file),
``SuggestRun`` (the thread, a non-blocking progress dialog whose Cancel sets that flag,
and storing each batch on the GUI thread through the controller), and
``SuggestionCommands`` (the Suggest menu's handlers, the focused suggestion on screen and
in the status bar, which suggestion keys are enabled).
Must not import: annotator.store, annotator.nlp (the engine is made by the app layer, in
the worker, so spaCy never loads before the window has painted).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.model import Suggestion

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

BATCH_DOCUMENTS = 32  # documents per hand-over to the GUI thread (one transaction each)


class SuggestWorker(QObject):
    """Runs the engine over ``items`` in whatever thread it was moved to."""

    batchReady = Signal(object, object)  # doc ids (list[str]), their suggestions
    progressed = Signal(int, int)  # documents done, total
    done = Signal(str)  # "" when it ran to the end or was cancelled, else the error

    def __init__(self, items: Sequence[tuple[str, str]], model: str | None) -> None:
        super().__init__()
        self.items = list(items)
        self.model = model
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the worker to stop after the document it is on (any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        """Make the suggester (spaCy loads here), suggest, emit batches; then ``done``."""
        from annotator.app import suggesting  # looked up now, so tests can swap the engine

        error = ""
        try:
            suggester = suggesting.make_suggester(self.model)
            ids: list[str] = []
            found: list[Suggestion] = []
            results = suggester.suggest_many(self.items)
            for count, ((doc_id, _text), suggestions) in enumerate(
                    zip(self.items, results, strict=False), start=1):
                if self._cancel.is_set():
                    break
                ids.append(doc_id)
                found.extend(suggestions)
                self.progressed.emit(count, len(self.items))
                if len(ids) >= BATCH_DOCUMENTS:
                    self.batchReady.emit(ids, found)
                    ids, found = [], []
            if ids:
                self.batchReady.emit(ids, found)
        except Exception as exc:  # any engine failure is reported, not raised
            error = str(exc) or type(exc).__name__
        self.done.emit(error)


class SuggestRun(QObject):
    """One background run: thread, worker, progress dialog; stores batches as they come."""

    finished = Signal(str)  # the message for the status bar

    def __init__(self, window: MainWindow, items: Sequence[tuple[str, str]],
                 model: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.controller.session
        self.total = len(items)
        self.stored_docs = 0
        self.stored = 0
        self.stopped = False
        self.thread = QThread(self)
        self.worker = SuggestWorker(items, model)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.batchReady.connect(self._on_worker_batchReady)
        self.worker.progressed.connect(self._on_worker_progressed)
        self.worker.done.connect(self._on_worker_done)
        self.dialog = _progress_dialog(window, self.total)
        # A slot of this (GUI-thread) object: the worker's own thread is busy running.
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self.thread.start()

    @Slot()
    def cancel(self) -> None:
        """Stop after the current document; what was stored so far is kept."""
        self.worker.cancel()
        self.dialog.setLabelText("Cancelling…")

    def stop(self) -> None:
        """Cancel and wait for the thread (the window is closing); store nothing more."""
        self.stopped = True
        self.cancel()
        self.thread.quit()
        self.thread.wait()

    @Slot(object, object)
    def _on_worker_batchReady(self, doc_ids: list[str], found: list[Suggestion]) -> None:
        if self.stopped or self.window.controller.session is not self.session:
            return  # the window closed, or the project or coder changed meanwhile
        if self.window.controller.store_suggestions(doc_ids, found):
            self.stored_docs += len(doc_ids)
            self.stored += len(found)

    @Slot(int, int)
    def _on_worker_progressed(self, done: int, total: int) -> None:
        if not self.worker.cancelled:
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"Suggesting: {done:,} of {total:,} documents")

    @Slot(str)
    def _on_worker_done(self, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.canceled.disconnect(self.cancel)  # closing a progress dialog "cancels"
        self.dialog.close()
        self.dialog.deleteLater()
        docs = "document" if self.stored_docs == 1 else "documents"
        if error:
            message = f"Suggesting failed: {error}"
        elif self.worker.cancelled:
            message = (f"Cancelled: kept {self.stored:,} suggestions for the "
                       f"{self.stored_docs:,} of {self.total:,} {docs} already done")
        else:
            message = f"{self.stored:,} suggestions for {self.stored_docs:,} {docs}"
        self.finished.emit(message)


def _progress_dialog(parent: QWidget, total: int) -> QProgressDialog:
    """Non-blocking: the window stays usable while the engine runs."""
    dialog = QProgressDialog("Loading the suggestion engine…", "Cancel", 0, total, parent)
    dialog.setObjectName("SuggestProgress")
    dialog.setWindowTitle("Suggesting")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(500)
    dialog.setValue(0)
    return dialog


def describe(sugg: Suggestion, text: str, position: int, count: int) -> str:
    """Status-bar line for the focused suggestion."""
    words = " ".join(text[sugg.start:sugg.end].split())
    words = words if len(words) <= 40 else words[:39] + "…"
    return (f"Suggestion {position} of {count}: {sugg.label} “{words}” · rule {sugg.rule} · "
            f"confidence {sugg.confidence:.2f} — Enter/A accept, X reject, Tab next")
