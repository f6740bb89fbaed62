"""``MainWindow``: composes the panels, menus and status bar around one controller.

Owns: layout (article in the centre; documents, codebook and span inspector as docks),
menus built from ``actions.ACTIONS``, wiring widget signals to the controller, and
refreshing each view only for what a ``Changes`` value names. Suggestions are handled by
``SuggestionCommands`` (``suggestion_commands``), which the window calls on each change;
Review ▸ Agreement opens ``agreement_view.AgreementView`` (imported on first use).
Must not import: annotator.store (everything goes through ``SessionController``).
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from annotator.app.session import AnnotationSession
from annotator.core.history import Changes
from annotator.core.model import Status
from annotator.gui.about import labelling_hint, open_guide, show_about
from annotator.gui.actions import (
    ACTIONS,
    MENUS,
    SEPARATOR_BEFORE,
    build_actions,
    label_spec,
    make_action,
)
from annotator.gui.activity import ActivityTracker
from annotator.gui.controller import SessionController
from annotator.gui.dialogs.codebook_dialog import edit_codebook
from annotator.gui.document_list import STATUS_TEXT, DocumentListPanel
from annotator.gui.document_view import DEFAULT_POINT_SIZE, DocumentView
from annotator.gui.file_ops import FileOperations
from annotator.gui.find_bar import FindBar
from annotator.gui.inspector_panel import InspectorPanel
from annotator.gui.label_panel import LabelPanel
from annotator.gui.settings import Settings
from annotator.gui.suggestion_commands import SuggestionCommands
from annotator.gui.theme import apply_theme

if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView


class MainWindow(QMainWindow):
    """The annotation window."""

    def __init__(self, controller: SessionController, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.controller = controller
        self.settings = settings
        self.files = FileOperations(self)
        self.qactions = build_actions(self)
        self.label_actions: list[QAction] = []
        self.view = DocumentView(self)
        self.find_bar = FindBar(self.view, self)
        self.header = QLabel(self, wordWrap=True, objectName="DocumentHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.documents = DocumentListPanel(controller.find_documents, self)
        self.labels = LabelPanel(self.qactions["exact"], self)
        self.inspector = InspectorPanel(self)
        self.coder_label = QLabel(self)
        self.tracker = ActivityTracker(controller.add_time, self.isActiveWindow, parent=self)
        self.suggest = SuggestionCommands(self)
        self.agreement_view: AgreementView | None = None
        self._build_layout()
        self._build_menus()
        self._connect()
        self.view.set_point_size(settings.point_size or DEFAULT_POINT_SIZE)
        self.qactions[f"theme_{settings.theme}"].setChecked(True)
        self.resize(1280, 800)
        geometry, state = settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    # -- construction -------------------------------------------------------------
    def _build_layout(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        area = Qt.DockWidgetArea
        self._dock("Documents", self.documents, area.LeftDockWidgetArea, 340)
        codebook = self._dock("Codebook", self.labels, area.RightDockWidgetArea, 330)
        span = self._dock("Span", self.inspector, area.RightDockWidgetArea, 330)
        self.resizeDocks([codebook, span], [300, 450], Qt.Orientation.Vertical)
        self.statusBar().addPermanentWidget(self.coder_label)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea,
              width: int) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title}Dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        return dock

    def _build_menus(self) -> None:
        menus: dict[str, QMenu] = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        menus["View/Theme"] = menus["View"].addMenu("&Theme")
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_aboutToShow)
        for spec in ACTIONS:
            if spec.name in SEPARATOR_BEFORE:
                menus[spec.menu].addSeparator()
            menus[spec.menu].addAction(self.qactions[spec.name])
            if spec.name == "open":
                menus["File"].addMenu(self.recent_menu)
            if spec.scoped:
                self.view.addAction(self.qactions[spec.name])
        self.label_menu = menus["Label"]
        self.label_menu.insertSeparator(self.qactions["delete_span"])

    def _rebuild_label_actions(self) -> None:
        for action in self.label_actions:
            self.label_menu.removeAction(action)
            self.view.removeAction(action)
            self.labels.removeAction(action)
            action.deleteLater()
        self.label_actions = []
        first = self.label_menu.actions()[0] if self.label_menu.actions() else None
        for lab in self.controller.codebook.labels:
            action = make_action(label_spec(lab), self)
            action.triggered.connect(lambda _=False, name=lab.name: self.apply_label(name))
            self.label_menu.insertAction(first, action)
            self.view.addAction(action)
            self.labels.addAction(action)
            self.label_actions.append(action)

    def _connect(self) -> None:
        c, a = self.controller, self.qactions
        c.changed.connect(self._on_controller_changed)
        c.messagePosted.connect(self.show_message)
        c.documentOpened.connect(self._on_controller_documentOpened)
        c.spanSelected.connect(self._on_controller_spanSelected)
        self.view.spanClicked.connect(self._on_view_spanClicked)
        self.view.zoomChanged.connect(self._on_view_zoomChanged)
        self.view.firstPainted.connect(lambda: QTimer.singleShot(0, c.warm_tokens))
        self.documents.documentActivated.connect(c.open_document)
        self.documents.assignmentToggled.connect(c.set_assignment)
        self.labels.labelActivated.connect(self.apply_label)
        self.inspector.attributesEdited.connect(c.set_attributes)
        self.inspector.noteEdited.connect(c.set_note)
        self.inspector.deleteRequested.connect(lambda _id: c.delete_selected())
        handlers = {
            "new": self.files.new_project, "open": lambda: self.files.open_project(),
            "import": self.files.import_documents, "import_folder": self.files.import_folder,
            "export": self.files.export_annotations, "save_copy": self.files.save_copy,
            "switch_coder": self.files.switch_coder, "quit": self.close,
            "undo": c.undo, "redo": c.redo, "find": self.find_bar.open_bar,
            "edit_codebook": self._on_edit_codebook_triggered,
            "agreement": self.open_agreement,
            "mark_done": lambda: self.decide(Status.DONE),
            "skip": lambda: self.decide(Status.SKIPPED),
            "next_doc": lambda: self.step(1), "prev_doc": lambda: self.step(-1),
            "delete_span": c.delete_selected,
            "zoom_in": lambda: self.view.zoom(1), "zoom_out": lambda: self.view.zoom(-1),
            "zoom_reset": lambda: self.view.set_point_size(DEFAULT_POINT_SIZE),
            "theme_light": lambda: self.set_theme("light"),
            "theme_dark": lambda: self.set_theme("dark"),
            "theme_system": lambda: self.set_theme("system"),
            "guide": lambda: open_guide(self),
            "about": lambda: show_about(self, c.session.project.path),
        }
        for name, handler in handlers.items():
            a[name].triggered.connect(lambda _=False, h=handler: h())
        a["exact"].toggled.connect(self._on_exact_toggled)
        self.suggest.connect()

    # -- start and session --------------------------------------------------------
    def start(self) -> None:
        """Fill the views from the session and open the first document."""
        QApplication.instance().installEventFilter(self.tracker)
        self.controller.set_backup_minutes(self.settings.backup_minutes)
        self.tracker.start()
        self._on_controller_changed(Changes(documents=True, codebook=True))
        if self.controller.document is not None and not self.controller.annotations:
            self.statusBar().showMessage(labelling_hint(self.controller.codebook))

    def replace_session(self, session: AnnotationSession, close_old: bool) -> None:
        self.tracker.switch_to(None)
        self.suggest.cancel()  # its results belong to the old session
        old = self.controller.session
        self.controller.set_session(session)
        if close_old and old is not session:
            old.close()

    def _update_title(self) -> None:
        session = self.controller.session
        path = session.project.path
        name = Path(path).name if path else "in-memory project"
        self.setWindowTitle(f"Annotator — {name} — {session.annotator}")
        self.coder_label.setText(f"Coder: {session.annotator}")
        self.coder_label.setMinimumWidth(self.coder_label.sizeHint().width())  # never squeezed

    # -- commands -----------------------------------------------------------------
    def apply_label(self, name: str) -> None:
        selection = self.view.selection_offsets()
        self.controller.apply_label(name, selection)
        if selection is not None:
            self.view.clear_selection()
        self.view.setFocus()

    def decide(self, status: Status) -> None:
        if self.controller.set_status(status):
            self.step(1, quiet=True)

    def step(self, direction: int, quiet: bool = False) -> None:
        target = self.documents.neighbour(self.controller.doc_id, direction)
        if target is None:
            if not quiet:
                self.show_message("No more documents in this list")
            return
        self.controller.open_document(target)

    def set_theme(self, theme: str) -> None:
        self.settings.theme = theme
        apply_theme(QApplication.instance(), theme)
        self.view.refresh_highlights()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- refreshing ---------------------------------------------------------------
    def _on_controller_changed(self, changes: Changes) -> None:
        c = self.controller
        if changes.codebook:
            self.labels.set_codebook(c.codebook)
            self._rebuild_label_actions()
        if changes.documents:
            self._update_title()
            self.documents.set_assignments(c.assignments(), c.annotator, c.study_coders())
            self.documents.set_summaries(c.documents())
            if c.document is None or self.documents.model.row_of(c.document.id) is None:
                first = self.documents.neighbour(None, 1)
                if first is not None:
                    c.open_document(first)
                else:
                    self.suggest.refresh()
                return
        if c.doc_id in changes.annotations or changes.codebook:
            self._show_annotations()
        if changes.documents or changes.codebook or \
                c.doc_id in changes.annotations | changes.suggestions:
            self.suggest.refresh()
        for doc_id in changes.status:
            self.documents.model.update_document(doc_id, status=c.session.status(doc_id))
        if c.doc_id in changes.status:
            self._update_header()

    def _show_annotations(self) -> None:
        c = self.controller
        self.view.set_annotations(c.annotations, c.codebook, c.selected)
        self.labels.set_counts(Counter(a.label for a in c.annotations))
        if c.doc_id:
            self.documents.model.update_document(c.doc_id, spans=len(c.annotations))
        self._on_controller_spanSelected(-1 if c.selected is None else c.selected)

    def _on_controller_documentOpened(self, doc_id: str) -> None:
        c = self.controller
        self.tracker.switch_to(doc_id)
        self.view.set_document(c.document.text, c.offsets)  # type: ignore[union-attr]
        self._show_annotations()
        self.suggest.refresh()
        self._update_header()
        self.documents.set_current(doc_id)
        self.view.setFocus()

    def _update_header(self) -> None:
        c = self.controller
        if c.document is None:
            self.header.setText("No documents yet: File ▸ Import documents…")
            return
        status = STATUS_TEXT[c.status()] if c.status() else "not started"
        title = escape(c.document.title or c.document.id)
        self.header.setText(f"<b>{title}</b><br>{len(c.document.text):,} characters · "
                            f"{c.annotator}: <b>{status}</b>")

    def _on_controller_spanSelected(self, ann_id: int) -> None:
        c = self.controller
        ann = c.annotation(ann_id) if ann_id >= 0 else None
        self.view.set_selected(ann.id if ann else None)
        if ann is None or c.document is None:
            self.inspector.show_annotation(None)
            return
        self.inspector.show_annotation(ann, c.codebook.label(ann.label),
                                       c.document.text[ann.start:ann.end])

    def _on_view_spanClicked(self, ann_id: int) -> None:
        self.controller.select_span(None if ann_id < 0 else ann_id)

    def _on_view_zoomChanged(self, size: float) -> None:
        self.settings.point_size = size

    def _on_exact_toggled(self, on: bool) -> None:
        self.controller.exact = on
        self.show_message("Exact characters: spans keep the selection as it is" if on
                          else "Spans snap to whole words (tokens)")

    def _on_edit_codebook_triggered(self) -> None:
        edited = edit_codebook(self.controller.codebook, self)
        if edited is not None:
            self.controller.save_codebook(edited)

    def open_agreement(self) -> AgreementView:
        """Review ▸ Agreement: one view per window, refreshed each time it is opened."""
        from annotator.gui.agreement_view import AgreementView  # not needed at start-up

        if self.agreement_view is None:
            self.agreement_view = AgreementView(self)
        self.agreement_view.show()
        self.agreement_view.raise_()
        self.agreement_view.activateWindow()
        self.agreement_view.refresh()
        return self.agreement_view

    def _on_recent_menu_aboutToShow(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.files.open_project(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Every action is already saved: record the time spent and the layout, then close."""
        self.tracker.switch_to(None)
        self.tracker.timer.stop()
        self.suggest.shutdown()
        if self.agreement_view is not None:
            self.agreement_view.close()
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()
        event.accept()
