"""The window notices changes another process made to its project (polls data_version)."""

from __future__ import annotations

from annotator.app.session import AnnotationSession
from annotator.core.model import content_hash

TEXT = "Officials said the plan might work, according to people familiar with it."


def test_window_reloads_after_another_process_writes(project_file, open_window, qtbot,
                                                      ) -> None:  # type: ignore[no-untyped-def]
    path = project_file(TEXT)
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
