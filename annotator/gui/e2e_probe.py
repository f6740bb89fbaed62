"""A debugging hook for end-to-end tests: where each visible character is on screen.

Owns: writing, when ``ANNOTATOR_E2E_PROBE=/path/file.json`` is set, the open document's
text and the global screen position of every visible character, once the article has
been painted, so that a test can drag the real mouse over a word. Off by default.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor

from annotator.gui.main_window import MainWindow

ENV = "ANNOTATOR_E2E_PROBE"


def install(window: MainWindow) -> None:
    """Write the probe file after the first paint, if the environment asks for it."""
    target = os.environ.get(ENV)
    if target:
        window.view.firstPainted.connect(lambda: QTimer.singleShot(500, lambda: write(
            window, Path(target))))


def write(window: MainWindow, target: Path) -> None:
    """Points are ``[offset, x, y]``: the left edge, mid-height, of each character."""
    view, doc = window.view, window.controller.document
    if doc is None:
        return
    lo, hi = view.visible_range()
    cursor = QTextCursor(view.document())
    points = []
    last = view.offsets.from_qt(min(hi, view.offsets.qt_length))
    for offset in range(view.offsets.from_qt(lo), last):
        cursor.setPosition(view.offsets.to_qt(offset))
        rect = view.cursorRect(cursor)
        if not view.viewport().rect().contains(rect.center()):
            continue
        point = view.viewport().mapToGlobal(rect.center())
        points.append([offset, point.x(), point.y()])
    data = {"doc_id": doc.id, "text": doc.text, "points": points, "pid": os.getpid()}
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(target)
