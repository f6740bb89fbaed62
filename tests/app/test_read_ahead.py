"""read_ahead: order, errors after the items before them, and a thread that always stops."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing

import pytest

from annotator.app.read_ahead import read_ahead


def _threads() -> int:
    return sum(t.name == "annotator-read-ahead" for t in threading.enumerate())


def test_items_arrive_in_order_and_the_thread_ends() -> None:
    assert list(read_ahead(range(1000), depth=3)) == list(range(1000))
    assert _threads() == 0


def test_an_error_comes_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("bad line 3")

    got = []
    with pytest.raises(ValueError, match="bad line 3"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]
    assert _threads() == 0


def test_stopping_early_stops_the_producer_and_closes_it() -> None:
    produced = []
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            for i in range(10_000):
                produced.append(i)
                yield i
        finally:
            closed.set()

    with closing(read_ahead(items(), depth=2)) as it, pytest.raises(RuntimeError):
        for item in it:
            if item == 5:
                raise RuntimeError("cancelled")
    assert closed.is_set()
    assert _threads() == 0
    assert len(produced) < 20  # it stopped, a few items ahead at most
