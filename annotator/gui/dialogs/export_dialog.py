"""``ExportDialog``: what to export, in which format, to which file.

Owns: the export options form. The export itself runs through the app layer.
Must not import: annotator.store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

FORMATS = (("JSONL (Prodigy / spaCy)", "jsonl", ".jsonl"), ("CSV, one row per span", "csv",
           ".csv"), ("spaCy DocBin", "spacy", ".spacy"), ("brat standoff (folder)", "brat", ""))


@dataclass(frozen=True)
class ExportChoice:
    """The options the dialog collected."""

    path: Path
    fmt: str
    annotators: tuple[str, ...]
    gold: bool
    status: str


class ExportDialog(QDialog):
    """Format, scope (me / everyone / gold), status and output path."""

    def __init__(self, coder: str, start_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.setWindowTitle("Export annotations")
        self.coder = coder
        self.fmt = QComboBox(self)
        for text, value, _ext in FORMATS:
            self.fmt.addItem(text, value)
        self.scope = QComboBox(self)
        self.scope.addItem(f"My annotations ({coder})", "me")
        self.scope.addItem("Every coder", "all")
        self.scope.addItem("Adjudicated gold layer", "gold")
        self.status = QComboBox(self)
        self.status.addItem("Every document with annotations or a decision", "any")
        self.status.addItem("Only documents marked done", "done")
        self.path = QLineEdit(str(start_dir / "annotations.jsonl"), self)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._on_browse_clicked)
        self.fmt.currentIndexChanged.connect(self._on_fmt_changed)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Format", self.fmt)
        form.addRow("Annotations", self.scope)
        form.addRow("Documents", self.status)
        form.addRow("Save to", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def choice(self) -> ExportChoice:
        scope = self.scope.currentData()
        return ExportChoice(Path(self.path.text()).expanduser(), self.fmt.currentData(),
                            (self.coder,) if scope == "me" else (), scope == "gold",
                            self.status.currentData())

    def _on_fmt_changed(self, index: int) -> None:
        ext = FORMATS[index][2]
        path = Path(self.path.text())
        stem = path.with_suffix("") if path.suffix else path
        self.path.setText(str(stem) + ext)

    def _on_browse_clicked(self) -> None:
        if self.fmt.currentData() == "brat":
            chosen = QFileDialog.getExistingDirectory(self, "Export to folder")
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if chosen:
            self.path.setText(chosen)
