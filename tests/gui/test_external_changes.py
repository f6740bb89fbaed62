"""The window notices changes another process made to its project (polls data_version)."""

from __future__ import annotations

from pathlib import Path

from annotator.app.projects import init_project
from annotator.app.session import AnnotationSession
from annotator.core.model import Document, content_hash

TEXT = "Officials said the plan might work, according to people familiar with it."


def _project(path: Path) -> None:
    project = init_project(path)
    with project.atomic():
        project.insert_documents([Document(content_hash(TEXT), TEXT, "first")])
    project.close()


def test_window_reloads_after_another_process_writes(tmp_path: Path, open_window, qtbot,
                                                      ) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.annotator.sqlite"
    _project(path)
    window = open_window(AnnotationSession.open(path, "alice"))
    controller = window.controller
    controller.open_document(content_hash(TEXT))
    assert controller.annotations == []
    messages: list[str] = []
    controller.messagePosted.connect(messages.append)
    other = AnnotationSession.open(path, "alice")  # e.g. a second window, same coder
    other.add_span(content_hash(TEXT), 0, 9, "UNNAMED_SOURCE", exact=True)
    other.close()
    qtbot.waitUntil(lambda: len(controller.annotations) == 1, timeout=3000)
    assert any("another program" in m for m in messages)
