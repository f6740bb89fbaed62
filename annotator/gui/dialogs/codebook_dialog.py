"""``CodebookDialog``: edit the codebook's labels.

Owns: the form for each label's name, colour, key, description and attributes, and
turning it into a ``Codebook`` value checked by the core codebook rules. Saving (and
bumping the version) is the app layer's job.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import codebook_from_dict, codebook_to_dict
from annotator.core.model import AttributeDef, Codebook, Label

_NEW_COLORS = ("#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442", "#000000")


def _swatch(color: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(color))
    return QIcon(pix)


class AttributeTable(QTableWidget):
    """Rows of (name, kind, comma-separated choices, description)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Attribute", "Kind", "Choices (comma-separated)",
                                        "Description"])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()

    def set_attributes(self, attrs: tuple[AttributeDef, ...]) -> None:
        self.setRowCount(0)
        for a in attrs:
            self.add_row(a)

    def add_row(self, a: AttributeDef | None = None) -> None:
        a = a or AttributeDef(name="new_attribute")
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(a.name))
        kind = QComboBox(self)
        kind.addItems(["choice", "bool", "text"])
        kind.setCurrentText(a.kind)
        self.setCellWidget(row, 1, kind)
        self.setItem(row, 2, QTableWidgetItem(", ".join(a.choices)))
        self.setItem(row, 3, QTableWidgetItem(a.description))

    def attributes(self) -> tuple[AttributeDef, ...]:
        out = []
        for row in range(self.rowCount()):
            name = (self.item(row, 0).text() if self.item(row, 0) else "").strip()
            if not name:
                continue
            kind = self.cellWidget(row, 1).currentText()  # type: ignore[attr-defined]
            choices = tuple(c.strip() for c in (self.item(row, 2).text() or "").split(",")
                            if c.strip()) if kind == "choice" else ()
            desc = self.item(row, 3).text() if self.item(row, 3) else ""
            out.append(AttributeDef(name, kind, choices, desc))
        return tuple(out)


class CodebookDialog(QDialog):
    """Edits a copy of the codebook; ``codebook()`` returns the edited value."""

    def __init__(self, codebook: Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CodebookDialog")
        self.setWindowTitle(f"Codebook {codebook.name} (version {codebook.version})")
        self.original = codebook
        self.labels: list[Label] = list(codebook.labels)
        self.current = -1
        self._build()
        for lab in self.labels:
            self.list.addItem(lab.name)
            self.list.item(self.list.count() - 1).setIcon(_swatch(lab.color))
        self.list.currentRowChanged.connect(self._on_list_currentRowChanged)
        self.list.setCurrentRow(0)
        self.resize(900, 560)

    def _build(self) -> None:
        self.list = QListWidget(self)
        self.name = QLineEdit(self)
        self.color_button = QPushButton(self)
        self.color_button.clicked.connect(self._on_color_clicked)
        self.key = QComboBox(self)
        self.key.addItems(["", *"123456789"])
        self.description = QPlainTextEdit(self)
        self.attributes = AttributeTable(self)
        self.error = QLabel(self, wordWrap=True)
        self.error.setStyleSheet("color: #c0392b")
        add_label, remove_label = QPushButton("Add label", self), QPushButton("Remove", self)
        add_label.clicked.connect(self._on_add_label_clicked)
        remove_label.clicked.connect(self._on_remove_label_clicked)
        add_attr = QPushButton("Add attribute", self)
        add_attr.clicked.connect(lambda: self.attributes.add_row())
        remove_attr = QPushButton("Remove attribute", self)
        remove_attr.clicked.connect(
            lambda: self.attributes.removeRow(self.attributes.currentRow()))
        self._lay_out((add_label, remove_label), (add_attr, remove_attr))

    def _lay_out(self, label_buttons: tuple[QPushButton, ...],
                 attr_buttons: tuple[QPushButton, ...]) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        for button in label_buttons:
            row.addWidget(button)
        left.addLayout(row)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Colour", self.color_button)
        form.addRow("Key", self.key)
        form.addRow("Description", self.description)
        form.addRow("Attributes", self.attributes)
        attr_row = QHBoxLayout()
        for button in attr_buttons:
            attr_row.addWidget(button)
        attr_row.addStretch(1)
        form.addRow("", attr_row)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(form, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    # -- moving between labels ----------------------------------------------------
    def _load(self, row: int) -> None:
        lab = self.labels[row]
        self.name.setText(lab.name)
        self._set_color(lab.color)
        self.key.setCurrentText(lab.key)
        self.description.setPlainText(lab.description)
        self.attributes.set_attributes(lab.attributes)

    def _store(self) -> None:
        """Write the form back into the working copy of the current label."""
        if not 0 <= self.current < len(self.labels):
            return
        lab = replace(self.labels[self.current], name=self.name.text().strip(),
                      color=self.color_button.property("color"), key=self.key.currentText(),
                      description=self.description.toPlainText().strip(),
                      attributes=self.attributes.attributes())
        self.labels[self.current] = lab
        item = self.list.item(self.current)
        item.setText(lab.name)
        item.setIcon(_swatch(lab.color))

    def _on_list_currentRowChanged(self, row: int) -> None:
        self._store()
        self.current = row
        if row >= 0:
            self._load(row)

    def _set_color(self, color: str) -> None:
        self.color_button.setProperty("color", color)
        self.color_button.setText(color)
        self.color_button.setIcon(_swatch(color))

    def _on_color_clicked(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color_button.property("color")), self)
        if chosen.isValid():
            self._set_color(chosen.name())

    def _on_add_label_clicked(self) -> None:
        self._store()
        used = {lab.key for lab in self.labels}
        key = next((k for k in "123456789" if k not in used), "")
        color = _NEW_COLORS[len(self.labels) % len(_NEW_COLORS)]
        self.labels.append(Label(name=f"LABEL_{len(self.labels) + 1}", color=color, key=key))
        self.list.addItem(self.labels[-1].name)
        self.list.item(self.list.count() - 1).setIcon(_swatch(color))
        self.list.setCurrentRow(len(self.labels) - 1)

    def _on_remove_label_clicked(self) -> None:
        row = self.list.currentRow()
        if row < 0 or len(self.labels) == 1:
            return
        self.current = -1  # do not store the form into the row being removed
        del self.labels[row]
        self.list.takeItem(row)
        self.current = self.list.currentRow()
        if self.current >= 0:
            self._load(self.current)

    # -- result -------------------------------------------------------------------
    def codebook(self) -> Codebook:
        """The edited codebook (same name and version: the app bumps the version)."""
        self._store()
        return replace(self.original, labels=tuple(self.labels))

    def accept(self) -> None:
        try:
            codebook_from_dict(codebook_to_dict(self.codebook()), "codebook")
        except ValueError as exc:
            self.error.setText(str(exc).removeprefix("codebook: "))
            return
        super().accept()


def edit_codebook(codebook: Codebook, parent: QWidget | None = None) -> Codebook | None:
    """Show the dialog; the edited codebook, or None when cancelled."""
    dialog = CodebookDialog(codebook, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    return dialog.codebook() if dialog.exec() == QDialog.DialogCode.Accepted else None
