"""Active time per document: idle time and inactive windows do not count."""

from __future__ import annotations

from annotator.gui.activity import IDLE_AFTER, ActivityTracker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(active: list[bool]) -> tuple[ActivityTracker, Clock, list[tuple[str, float]]]:
    clock = Clock()
    recorded: list[tuple[str, float]] = []
    tracker = ActivityTracker(lambda d, s: recorded.append((d, s)), lambda: active[0], clock)
    return tracker, clock, recorded


def test_counts_active_time_and_flushes_on_switch(qapp) -> None:  # type: ignore[no-untyped-def]
    tracker, clock, recorded = make([True])
    tracker.switch_to("a")
    for _ in range(6):  # 30 s of work with input every 5 s
        clock.now += 5
        tracker.note_input()
    tracker.switch_to("b")
    assert recorded == [("a", 30.0)]


def test_idle_time_is_not_counted(qapp) -> None:  # type: ignore[no-untyped-def]
    tracker, clock, recorded = make([True])
    tracker.switch_to("a")
    tracker.note_input()
    clock.now += 600  # ten minutes without input
    tracker.tick()
    tracker.switch_to(None)
    assert recorded == [("a", IDLE_AFTER)]


def test_inactive_window_is_not_counted(qapp) -> None:  # type: ignore[no-untyped-def]
    active = [False]
    tracker, clock, recorded = make(active)
    tracker.switch_to("a")
    clock.now += 30
    tracker.note_input()
    tracker.switch_to(None)
    assert recorded == []


def test_flushes_every_minute(qapp) -> None:  # type: ignore[no-untyped-def]
    tracker, clock, recorded = make([True])
    tracker.switch_to("a")
    for _ in range(13):
        clock.now += 5
        tracker.note_input()
        tracker.tick()
    assert recorded and recorded[0][0] == "a" and recorded[0][1] >= 60


def test_window_records_time_on_close(window, session) -> None:  # type: ignore[no-untyped-def]
    doc = window.controller.doc_id
    window.tracker.pending = 12.5
    window.close()
    assert 12.5 <= session.project.progress_counts()["alice"]["seconds"] < 60
    assert doc is not None
