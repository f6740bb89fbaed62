"""Help menu: the About box and the user guide; the first hint on how to label.

Owns: what the About box says (version and licence from the installed package's metadata,
the open project's path, the user data folder) and finding ``docs/guide.md`` to open it in
the browser. Must not import: annotator.store.
"""

from __future__ import annotations

from html import escape
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.model import Codebook
from annotator.paths import user_data_dir

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide.md"
"""Where the guide is in a checkout; wheels and bundles ship the program only."""

GUIDE_ELSEWHERE = ("The user guide is docs/guide.md in Annotator's source code (next to "
                   "README.md); this installation does not include it.")


def package_facts() -> tuple[str, str]:
    """(version, licence) of the installed ``annotator`` distribution."""
    try:
        meta = metadata.metadata("annotator")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)", "MIT"
    licence = meta.get("License-Expression") or meta.get("License") or "MIT"
    return meta["Version"], licence


def about_html(project_path: Path | None) -> str:
    """The About box's text (rich text)."""
    version, licence = package_facts()
    project = escape(str(project_path)) if project_path else "in-memory project (not saved)"
    return (f"<h3>Annotator {escape(version)}</h3>"
            "<p>Coding hedges and unnamed sources in news, with several coders, "
            "intercoder agreement and a gold layer.</p>"
            f"<p>Licence: {escape(licence)}</p>"
            f"<p>Project: <code>{project}</code><br>"
            f"User data: <code>{escape(str(user_data_dir()))}</code></p>")


def show_about(parent: QWidget, project_path: Path | None) -> QMessageBox:
    """Open the About box (window-modal, returns at once) and return it."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, "About Annotator", about_html(project_path),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("AboutBox")
    icon = parent.windowIcon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    box.open()
    return box


def open_guide(parent: QWidget, guide: Path = GUIDE) -> QMessageBox | None:
    """Show the guide in the browser; when it is not here, say where it is."""
    if guide.is_file() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(guide))):
        return None
    box = QMessageBox(QMessageBox.Icon.Information, "User guide", GUIDE_ELSEWHERE,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("GuideBox")
    box.open()
    return box


def labelling_hint(codebook: Codebook) -> str:
    """The status bar's hint while the open article has no spans yet."""
    keys = [f"{label.key} ({label.name})" for label in codebook.labels if label.key]
    if not keys:
        return "Select text, then click a label in the Codebook panel. F1 opens the guide."
    listed = keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} or {keys[-1]}"
    return f"To label: select text, then press {listed}. F1 opens the user guide."
