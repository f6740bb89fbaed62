"""``CoderDialog``: asks who is coding (first run, or File ▸ Switch coder).

Owns: the name prompt. The caller remembers the answer.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class CoderDialog(QDialog):
    """Asks for the coder's name; OK is enabled once a name is typed."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CoderDialog")
        self.setWindowTitle("Who is coding?")
        self.field = QLineEdit(current, self, placeholderText="e.g. alice")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.field.textChanged.connect(self._on_field_textChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Your name is stored with every span you mark, so that agreement between coders "
            "can be computed. Use the same name every time.", self, wordWrap=True))
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        self._on_field_textChanged(current)

    def name(self) -> str:
        return self.field.text().strip()

    def _on_field_textChanged(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))


def ask_coder_name(parent: QWidget | None = None, current: str = "") -> str | None:
    """Show the dialog; the name, or None when cancelled."""
    dialog = CoderDialog(current, parent)
    return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None
