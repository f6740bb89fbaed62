"""Light, dark or system colours for the whole application.

Owns: the palettes. Light and dark use the Fusion style so they look the same on every
platform; "system" restores the style and palette the application started with.
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_ORIGINAL: dict[str, object] = {}


def _palette(dark: bool) -> QPalette:
    pal = QPalette()
    R = QPalette.ColorRole
    if dark:
        colors = {R.Window: "#2b2b2b", R.WindowText: "#e6e6e6", R.Base: "#1e1e1e",
                  R.AlternateBase: "#262626", R.Text: "#e6e6e6", R.Button: "#333333",
                  R.ButtonText: "#e6e6e6", R.ToolTipBase: "#3a3a3a", R.ToolTipText: "#f0f0f0",
                  R.Highlight: "#3d6fa5", R.HighlightedText: "#ffffff", R.Link: "#7fb3ff",
                  R.PlaceholderText: "#9a9a9a", R.Mid: "#5a5a5a", R.Dark: "#151515",
                  R.Light: "#4a4a4a", R.BrightText: "#ff6b6b"}
    else:
        colors = {R.Window: "#f3f3f3", R.WindowText: "#1d1d1d", R.Base: "#ffffff",
                  R.AlternateBase: "#f7f7f7", R.Text: "#1d1d1d", R.Button: "#eeeeee",
                  R.ButtonText: "#1d1d1d", R.ToolTipBase: "#ffffe8", R.ToolTipText: "#1d1d1d",
                  R.Highlight: "#9cc3ef", R.HighlightedText: "#000000", R.Link: "#0b57d0",
                  R.PlaceholderText: "#6b6b6b", R.Mid: "#b0b0b0", R.Dark: "#a0a0a0",
                  R.Light: "#ffffff", R.BrightText: "#c00000"}
    for role, value in colors.items():
        pal.setColor(role, QColor(value))
    disabled = QColor("#808080")
    for role in (R.Text, R.WindowText, R.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch to ``light``, ``dark`` or ``system`` colours."""
    if not _ORIGINAL:
        _ORIGINAL["style"] = app.style().name()
        _ORIGINAL["palette"] = QPalette(app.palette())
    if theme in ("light", "dark"):
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(_palette(theme == "dark"))
    else:
        app.setStyle(QStyleFactory.create(str(_ORIGINAL["style"])))
        app.setPalette(_ORIGINAL["palette"])  # type: ignore[arg-type]
