"""``InspectorPanel``: the selected span's label, text, origin, attributes and note.

Owns: the editors for one annotation's attributes (built from the codebook's attribute
definitions) and note; it emits edits and never applies them itself.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Annotation, AttributeDef, Label

_EMPTY_HINT = "Click a span to inspect it. Select text and press a label key to add one."


class InspectorPanel(QWidget):
    """Shows one annotation and edits its attributes and note."""

    attributesEdited = Signal(int, dict)
    noteEdited = Signal(int, str)
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InspectorPanel")
        self.ann: Annotation | None = None
        self._label: Label | None = None
        self._editors: dict[str, QWidget] = {}
        self._loading = False
        self.hint = QLabel(_EMPTY_HINT, self, wordWrap=True)
        self.label_name = QLabel(self)
        self.text = QLabel(self, wordWrap=True,
                           textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.origin = QLabel(self)
        self.note = QLineEdit(self, placeholderText="Note (Enter saves)")
        self.note.editingFinished.connect(self._on_note_editingFinished)
        self.delete_button = QPushButton("Delete span", self)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.form = QFormLayout()
        self.form.addRow("Label", self.label_name)
        self.form.addRow("Text", self.text)
        self.form.addRow("Origin", self.origin)
        self.attr_form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addLayout(self.attr_form)
        layout.addWidget(QLabel("Note", self))
        layout.addWidget(self.note)
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.show_annotation(None)

    def show_annotation(self, ann: Annotation | None, label: Label | None = None,
                        text: str = "") -> None:
        """Show ``ann`` (its label definition and covered text), or nothing."""
        self._loading = True
        try:
            self.ann, self._label = ann, label
            self._set_enabled(ann is not None)
            self._clear_attributes()
            if ann is None:
                self.label_name.clear()
                self.text.clear()
                self.origin.clear()
                self.note.clear()
                return
            color = label.color if label else "#888888"
            self.label_name.setText(f'<span style="color:{color}">■</span> {ann.label}')
            self.text.setText(text if len(text) <= 300 else text[:299] + "…")
            self.origin.setText(ann.origin.value + (f" ({ann.rule})" if ann.rule else ""))
            self.note.setText(ann.note)
            for spec in label.attributes if label else ():
                self._add_editor(spec, ann.attributes.get(spec.name))
        finally:
            self._loading = False

    def _set_enabled(self, on: bool) -> None:
        self.hint.setVisible(not on)
        for w in (self.label_name, self.text, self.origin, self.note, self.delete_button):
            w.setEnabled(on)

    def _clear_attributes(self) -> None:
        # An editor may be emitting the signal that led here (a choice changed, saved, and
        # shown again): deleting it now would pull it from under its own feet, and Qt
        # crashes. So rows are taken out and their widgets deleted from the event loop.
        while self.attr_form.rowCount():
            row = self.attr_form.takeRow(0)
            for item in (row.labelItem, row.fieldItem):
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.blockSignals(True)
                    widget.hide()
                    widget.deleteLater()
        self._editors.clear()

    def _add_editor(self, spec: AttributeDef, value: Any) -> None:
        editor: QWidget
        if spec.kind == "choice":
            combo = QComboBox(self)
            combo.addItem("—", None)
            for choice in spec.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            combo.currentIndexChanged.connect(self._on_editor_changed)
            editor = combo
        elif spec.kind == "bool":
            box = QCheckBox(self, checked=bool(value))
            box.toggled.connect(self._on_editor_changed)
            editor = box
        else:
            line = QLineEdit(str(value or ""), self)
            line.editingFinished.connect(self._on_editor_changed)
            editor = line
        editor.setToolTip(spec.description)
        self._editors[spec.name] = editor
        self.attr_form.addRow(spec.name.replace("_", " "), editor)

    def attributes(self) -> dict[str, Any]:
        """The attributes as the editors show them (unset ones left out)."""
        out: dict[str, Any] = {}
        for name, editor in self._editors.items():
            if isinstance(editor, QComboBox):
                if editor.currentData() is not None:
                    out[name] = editor.currentData()
            elif isinstance(editor, QCheckBox):
                if editor.isChecked():
                    out[name] = True
            elif isinstance(editor, QLineEdit) and editor.text().strip():
                out[name] = editor.text().strip()
        return out

    def _on_editor_changed(self, *_args: object) -> None:
        if self._loading or self.ann is None or self.ann.id is None:
            return
        attrs = self.attributes()
        if attrs != dict(self.ann.attributes):
            self.attributesEdited.emit(int(self.ann.id), attrs)

    def _on_note_editingFinished(self) -> None:
        if self._loading or self.ann is None or self.ann.id is None:
            return
        if self.note.text() != self.ann.note:
            self.noteEdited.emit(int(self.ann.id), self.note.text())

    def _on_delete_clicked(self) -> None:
        if self.ann is not None and self.ann.id is not None:
            self.deleteRequested.emit(int(self.ann.id))
