"""Running a long import or export with a cancellable progress dialog.

Owns: driving a ``QProgressDialog`` from the app layer's progress callback on the GUI
thread (all SQLite access stays there) and cancelling by raising from that callback, so
that the import's transaction rolls back and the export's temporary file is deleted.
Must not import: annotator.store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

T = TypeVar("T")
Tick = Callable[[int, "int | None"], None]


class OperationCancelled(Exception):
    """Raised from a progress callback when the user pressed Cancel."""


def run_cancellable(parent: QWidget | None, title: str,
                    work: Callable[[Tick], T]) -> T:
    """Run ``work(tick)``; ``tick(done, total)`` updates the dialog and may cancel.

    Raises:
        OperationCancelled: the user cancelled (the work's own cleanup has run).
    """
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def tick(done: int, total: int | None) -> None:
        if total:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
            dialog.setLabelText(f"{title}: {done:,} of {total:,}")
        else:
            dialog.setLabelText(f"{title}: {done:,} records")
        QApplication.processEvents()
        if dialog.wasCanceled():
            raise OperationCancelled

    try:
        return work(tick)
    finally:
        dialog.close()
        dialog.deleteLater()
