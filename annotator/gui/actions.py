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


MENUS = ("File", "Edit", "Document", "Label", "Suggest", "Review", "View", "Help")

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "File", "&New project…", ("Ctrl+N",)),
    ActionSpec("open", "File", "&Open project…", ("Ctrl+O",)),
    ActionSpec("import", "File", "&Import documents…", ("Ctrl+I",),
               "Add .txt, .jsonl, .csv or brat files"),
    ActionSpec("import_folder", "File", "Import &folder…", ("Ctrl+Shift+I",),
               "Add every .txt (and brat .ann) file of a folder"),
    ActionSpec("export", "File", "&Export annotations…", ("Ctrl+E",)),
    ActionSpec("save_copy", "File", "Save a &copy…", (),
               "Write a complete copy of the project file (a backup)"),
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
    ActionSpec("suggest_doc", "Suggest", "Suggest for this &document", ("Ctrl+Shift+G",),
               "Run the suggestion engine on the open document (in the background)"),
    ActionSpec("suggest_all", "Suggest", "Suggest for &all documents…", (),
               "Run the suggestion engine on every document of the project"),
    ActionSpec("next_suggestion", "Suggest", "&Next suggestion", ("Tab",),
               "Walk to the next pending suggestion (while the article has focus)",
               scoped=True),
    ActionSpec("prev_suggestion", "Suggest", "&Previous suggestion", ("Shift+Tab",),
               scoped=True),
    ActionSpec("accept_suggestion", "Suggest", "A&ccept suggestion", ("Return", "Enter", "A"),
               "Turn the focused suggestion into an annotation", scoped=True),
    ActionSpec("reject_suggestion", "Suggest", "&Reject suggestion", ("X",),
               "Record that the focused suggestion is wrong", scoped=True),
    ActionSpec("accept_all_suggestions", "Suggest", "Accept all in document",
               ("Ctrl+Shift+A",), "Accept every pending suggestion here (one undo step)"),
    ActionSpec("show_suggestions", "Suggest", "&Show suggestions", (),
               "Off hides suggestions from every coder of this project", checkable=True),
    ActionSpec("rule_stats", "Suggest", "Rule &acceptance…", (),
               "How often coders accepted each rule's suggestions"),
    ActionSpec("suggest_engine", "Suggest", "Suggestion &engine…", (),
               "Choose the spaCy pipeline this project's suggestions use"),
    ActionSpec("agreement", "Review", "&Agreement…", ("Ctrl+Shift+R",),
               "Intercoder agreement, the disagreements of two coders, adjudication into gold"),
    ActionSpec("zoom_in", "View", "Zoom &in", ("Ctrl+=", "Ctrl++")),
    ActionSpec("zoom_out", "View", "Zoom &out", ("Ctrl+-",)),
    ActionSpec("zoom_reset", "View", "&Reset zoom", ("Ctrl+0",)),
    ActionSpec("theme_light", "View/Theme", "&Light", (), checkable=True),
    ActionSpec("theme_dark", "View/Theme", "&Dark", (), checkable=True),
    ActionSpec("theme_system", "View/Theme", "&System", (), checkable=True),
    ActionSpec("guide", "Help", "&User guide", ("F1",), "Open the user guide (docs/guide.md)"),
    ActionSpec("about", "Help", "&About Annotator", (),
               "Version, licence, and where the project and your data are"),
)
"""Menu order is table order; ``View/Theme`` is a submenu."""

SEPARATOR_BEFORE = frozenset({"quit", "next_suggestion", "show_suggestions"})
"""Actions that start a new group in their menu."""

SUGGESTION_KEYS = ("next_suggestion", "prev_suggestion", "accept_suggestion",
                   "reject_suggestion", "accept_all_suggestions")
"""Actions that only make sense while the open document has pending suggestions."""

AGREEMENT_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("take_a", "Agreement view", "Take &A's", ("A",),
               "Copy coder A's span of this disagreement into gold"),
    ActionSpec("take_b", "Agreement view", "Take &B's", ("B",),
               "Copy coder B's span of this disagreement into gold"),
    ActionSpec("reject_both", "Agreement view", "&Reject both", ("R",),
               "Neither span goes into gold (removes any already taken)"),
    ActionSpec("edit_gold", "Agreement view", "&Edit in gold", ("G",),
               "Open the document in the main window as the gold coder"),
    ActionSpec("gold_undo", "Agreement view", "&Undo adjudication", ("Ctrl+Z",)),
    ActionSpec("gold_redo", "Agreement view", "Re&do adjudication", ("Ctrl+Shift+Z", "Ctrl+Y")),
)
"""The Agreement view's own keys (active only in that window)."""


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
    def rows_of(specs: tuple[ActionSpec, ...]) -> list[tuple[str, str, str]]:
        return [(s.menu, s.text.replace("&", "").rstrip("…"), ", ".join(s.shortcuts))
                for s in specs if s.shortcuts]

    rows = rows_of(ACTIONS)
    rows.append(("Label", "Apply label (or relabel the selected span)",
                 "the label's key, 1–9"))
    return rows + rows_of(AGREEMENT_ACTIONS)
