"""``FindBar``: find a phrase in the open document (Ctrl+F).

Owns: the search field under the article and moving the text selection to matches.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)


class FindBar(QWidget):
    """A one-line search bar bound to a text view."""

    def __init__(self, view: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindBar")
        self.view = view
        self.field = QLineEdit(self, placeholderText="Find in document",
                               clearButtonEnabled=True)
        self.result = QLabel(self)
        prev_button = QToolButton(self, text="▲", toolTip="Previous match (Shift+Enter)")
        next_button = QToolButton(self, text="▼", toolTip="Next match (Enter)")
        close_button = QToolButton(self, text="✕", toolTip="Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for w in (QLabel("Find:", self), self.field, prev_button, next_button, self.result):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(close_button)
        self.field.returnPressed.connect(self.find_next)
        self.field.textChanged.connect(self._on_field_textChanged)
        next_button.clicked.connect(self.find_next)
        prev_button.clicked.connect(self.find_previous)
        close_button.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.field, self.find_previous)
        self.hide()

    def open_bar(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _on_field_textChanged(self, _text: str) -> None:
        cur = self.view.textCursor()
        cur.setPosition(cur.selectionStart())
        self.view.setTextCursor(cur)
        self.find_next()

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        phrase = self.field.text()
        if not phrase:
            self.result.clear()
            return False
        found = self.view.find(phrase, flags)
        if not found:  # wrap around
            cur = self.view.textCursor()
            backward = bool(flags & QTextDocument.FindFlag.FindBackward)
            cur.movePosition(cur.MoveOperation.End if backward else cur.MoveOperation.Start)
            self.view.setTextCursor(cur)
            found = self.view.find(phrase, flags)
        self.result.setText("" if found else "Not found")
        return found
