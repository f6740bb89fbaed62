"""Span algebra: validation, snapping to tokens, overlap, token indices.

Owns: pure rules about ``[start, end)`` code-point spans.
Must not import: anything outside the standard library.
"""

from __future__ import annotations

import bisect
import unicodedata

from annotator.core.model import Tokens


class SpanError(ValueError):
    """A span that cannot exist in the given text."""


def check_span(text: str, start: int, end: int) -> None:
    """Raise :class:`SpanError` unless ``0 <= start < end <= len(text)``."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) \
            or isinstance(end, bool):
        raise SpanError(f"offsets must be whole numbers, got start={start!r} end={end!r}")
    if start < 0 or end > len(text):
        raise SpanError(f"span [{start}, {end}) lies outside the text (length {len(text)})")
    if start >= end:
        raise SpanError(f"span [{start}, {end}) is empty or reversed")


def _is_edge_junk(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it neither begins nor ends with whitespace or punctuation.

    Returns the original span when trimming would leave nothing.
    """
    s, e = start, end
    while s < e and _is_edge_junk(text[s]):
        s += 1
    while e > s and _is_edge_junk(text[e - 1]):
        e -= 1
    return (s, e) if s < e else (start, end)


def snap(text: str, tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to the boundaries of the tokens it touches.

    A token is touched when it shares at least one character with the span. Whitespace
    tokens at either edge are dropped. When the span touches no other token (it lies in
    whitespace), it is returned unchanged.
    """
    first = bisect.bisect_right(tokens.ends, start)
    last = bisect.bisect_left(tokens.starts, end) - 1
    while first <= last and text[tokens.starts[first]:tokens.ends[first]].isspace():
        first += 1
    while last >= first and text[tokens.starts[last]:tokens.ends[last]].isspace():
        last -= 1
    if first > last:
        return start, end
    return tokens.starts[first], tokens.ends[last]


def token_range(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    """Return ``(token_start, token_end)`` (inclusive) of the tokens that a span touches.

    Raises:
        SpanError: when the span touches no token.
    """
    first = bisect.bisect_right(tokens.ends, start)
    last = bisect.bisect_left(tokens.starts, end) - 1
    if first > last:
        raise SpanError(f"span [{start}, {end}) covers no token")
    return first, last


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two half-open spans share at least one character."""
    return a_start < b_end and b_start < a_end
