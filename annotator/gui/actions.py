"""Every command of the window, its menu, text and keyboard shortcuts, in one table.

Owns: ``ACTIONS`` (the single source for menus and the shortcut table in the docs),
building ``QAction`` objects from it, and the per-label actions (keys 1–9 from the
codebook). Handlers are connected elsewhere (``main_window``).
Must not import: annotator.store, annotator.app.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from annotator.core.model import Label


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One command: where it lives and which keys trigger it."""

    name: str
    menu: str
    text: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    checkable: bool = False
    scoped: bool = False  # only while the article (or a panel beside it) has focus


MENUS = ("File", "Edit", "Document", "Label", "View")

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "File", "&New project…", ("Ctrl+N",)),
    ActionSpec("open", "File", "&Open project…", ("Ctrl+O",)),
    ActionSpec("import", "File", "&Import documents…", ("Ctrl+I",),
               "Add .txt, .jsonl, .csv files or a folder"),
    ActionSpec("export", "File", "&Export annotations…", ("Ctrl+E",)),
    ActionSpec("switch_coder", "File", "Switch &coder…", ()),
    ActionSpec("quit", "File", "&Quit", ("Ctrl+Q",)),
    ActionSpec("undo", "Edit", "&Undo", ("Ctrl+Z",)),
    ActionSpec("redo", "Edit", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec("find", "Edit", "&Find in document…", ("Ctrl+F",)),
    ActionSpec("edit_codebook", "Edit", "Edit &codebook…", ()),
    ActionSpec("mark_done", "Document", "Mark &done and go to next",
               ("Ctrl+Return", "Ctrl+Enter"),
               "Done with no spans is a valid decision: nothing to mark here"),
    ActionSpec("skip", "Document", "&Skip and go to next", ("Ctrl+Shift+Return",)),
    ActionSpec("next_doc", "Document", "&Next document", ("Alt+Right", "Ctrl+PgDown")),
    ActionSpec("prev_doc", "Document", "&Previous document", ("Alt+Left", "Ctrl+PgUp")),
    ActionSpec("delete_span", "Label", "&Delete selected span", ("Delete", "Backspace"),
               scoped=True),
    ActionSpec("exact", "Label", "E&xact characters (no snapping to words)",
               ("Ctrl+Shift+X",), "Off: spans snap to token boundaries", checkable=True),
    ActionSpec("zoom_in", "View", "Zoom &in", ("Ctrl+=", "Ctrl++")),
    ActionSpec("zoom_out", "View", "Zoom &out", ("Ctrl+-",)),
    ActionSpec("zoom_reset", "View", "&Reset zoom", ("Ctrl+0",)),
    ActionSpec("theme_light", "View/Theme", "&Light", (), checkable=True),
    ActionSpec("theme_dark", "View/Theme", "&Dark", (), checkable=True),
    ActionSpec("theme_system", "View/Theme", "&System", (), checkable=True),
)
"""Menu order is table order; ``View/Theme`` is a submenu."""


def label_spec(label: Label) -> ActionSpec:
    """The action that applies ``label`` (its key from the codebook, if any)."""
    return ActionSpec(f"label:{label.name}", "Label", f"{label.name}",
                      (label.key,) if label.key else (), label.description[:120], scoped=True)


def make_action(spec: ActionSpec, parent: QObject) -> QAction:
    """A ``QAction`` configured from ``spec``."""
    action = QAction(spec.text, parent)
    action.setObjectName(spec.name)
    action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
    action.setCheckable(spec.checkable)
    if spec.tip:
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
    if spec.scoped:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return action


def build_actions(parent: QObject) -> dict[str, QAction]:
    """All fixed actions by name; the theme ones form an exclusive group."""
    actions = {spec.name: make_action(spec, parent) for spec in ACTIONS}
    group = QActionGroup(parent)
    for name in ("theme_light", "theme_dark", "theme_system"):
        group.addAction(actions[name])
    return actions


def shortcut_table() -> list[tuple[str, str, str]]:
    """(menu, command, keys) rows, for generating the documentation's shortcut table."""
    rows = [(s.menu, s.text.replace("&", "").rstrip("…"), ", ".join(s.shortcuts))
            for s in ACTIONS if s.shortcuts]
    rows.append(("Label", "Apply label (or relabel the selected span)",
                 "the label's key, 1–9"))
    return rows
