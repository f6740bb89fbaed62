"""The document list's "Assigned to me" filter and the assigned coders in its tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.app.session import AnnotationSession
from annotator.app.study import assign
from annotator.gui.document_list import ASSIGNED


def test_assigned_to_me_filter_and_tooltip(make_project, open_window) -> None:  # type: ignore[no-untyped-def]
    project = make_project(*[(f"Doc {i}", f"Text number {i} might be.") for i in range(6)])
    assign(project, ["alice", "bob"], overlap=0.0, seed=3)
    mine = set(project.assigned_doc_ids(annotator="alice"))
    window = open_window(AnnotationSession(project, "alice"))
    panel = window.documents
    assert panel.proxy.rowCount() == 6
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(ASSIGNED))
    shown = {panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
             for r in range(panel.proxy.rowCount())}
    assert shown == mine and len(mine) == 3
    tip = panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Assigned to alice" in tip or "Assigned to bob" in tip


def test_lead_assigns_from_the_context_menu(make_project, open_window) -> None:  # type: ignore[no-untyped-def]
    project = make_project(*[(f"Doc {i}", f"Text number {i} might be.") for i in range(4)])
    assign(project, ["alice", "bob"], overlap=0.0, seed=3, round="pilot")
    window = open_window(AnnotationSession(project, "lead"))
    panel = window.documents
    doc = panel.model.summary(0).id
    before = set(project.assignments("pilot"))
    menu = panel.assignment_menu(doc)
    assert [a.text() for a in menu.actions()] == ["alice", "bob", "lead"]
    bob = menu.actions()[1]
    bob.setChecked(not bob.isChecked())
    after = set(project.assignments("pilot"))
    assert len(after ^ before) == 1
    assert "bob" in panel.model.coders_of(doc) or not bob.isChecked()
    assert project.events()[-1]["action"] in {"assign", "unassign"}


def test_no_assignment_menu_in_a_coder_package(make_project, open_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from annotator.app.study import package

    project = make_project(*[(f"Doc {i}", f"Text number {i} might be.") for i in range(4)])
    assign(project, ["alice", "bob"], overlap=0.0, seed=3)
    package(project, "alice", tmp_path / "alice.sqlite")
    window = open_window(AnnotationSession.open(tmp_path / "alice.sqlite", "alice"))
    panel = window.documents
    assert panel.proxy.rowCount() == 2
    assert panel.assignment_menu(panel.model.summary(0).id) is None


def test_coders_column_appears_once_documents_are_assigned(make_project, open_window) -> None:  # type: ignore[no-untyped-def]
    project = make_project(*[(f"Doc {i}", f"Text number {i} might be.") for i in range(4)])
    window = open_window(AnnotationSession(project, "lead"))
    panel = window.documents
    assert panel.table.isColumnHidden(3)  # no study yet: no column
    window.close()
    assign(project, ["alice", "bob"], overlap=0.5, seed=3)
    window = open_window(AnnotationSession(project, "lead"))
    panel = window.documents
    assert not panel.table.isColumnHidden(3)
    shown = [panel.model.index(r, 3).data() for r in range(panel.model.rowCount())]
    assert sorted(shown).count("alice, bob") == 2  # the reliability sample, double-coded
    assert all(cell in {"alice", "bob", "alice, bob"} for cell in shown)
