"""File ▸ Save a copy… and the automatic backup while annotating, in the window."""

from __future__ import annotations

from pathlib import Path

from annotator.app.projects import init_project
from annotator.app.session import AnnotationSession
from annotator.core.model import Document, content_hash
from annotator.gui import file_ops
from annotator.store import Project

TEXT = "Officials said the plan might work, according to people familiar with it."


def _session(tmp_path: Path) -> AnnotationSession:
    project = init_project(tmp_path / "study.annotator.sqlite")
    with project.atomic():
        project.insert_documents([Document(content_hash(TEXT), TEXT, "t")])
    return AnnotationSession(project, "alice")


def test_save_a_copy_from_the_file_menu(open_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(_session(tmp_path))
    target = tmp_path / "copy.annotator.sqlite"
    monkeypatch.setattr(file_ops.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    assert window.qactions["save_copy"].text() == "Save a &copy…"
    window.qactions["save_copy"].trigger()
    copy = Project.open(target)
    assert copy.count_documents() == 1
    copy.close()
    assert "Saved a copy" in window.statusBar().currentMessage()


def test_automatic_backup_while_annotating(open_window, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.backup_minutes = 10
    window = open_window(_session(tmp_path))
    controller = window.controller
    made: list[str] = []
    controller.backupMade.connect(made.append)
    controller.open_document(content_hash(TEXT))
    controller.exact = True
    controller.add_span(0, 9, "UNNAMED_SOURCE")  # first change: backed up at once
    controller.add_span(49, 55, "UNNAMED_SOURCE")  # within 10 minutes: not again
    assert len(made) == 1
    backup = Project.open(made[0])
    assert len(backup.annotations(content_hash(TEXT), "alice")) == 1
    backup.close()


def test_backup_interval_setting_defaults_to_ten_minutes(settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.backup_minutes == 10
    settings.backup_minutes = 0
    assert settings.backup_minutes == 0
