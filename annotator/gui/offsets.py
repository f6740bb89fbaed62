r"""Code-point offsets ↔ Qt text positions, and the text a Qt document is given.

Owns: the one conversion between span offsets (Python code points, as stored) and
positions in a ``QTextDocument`` (UTF-16 code units). Pure: no Qt import, so it is
tested without a display.
Must not import: PySide6, annotator.store, anything but the standard library.

Facts this relies on (checked against Qt 6 with ``QPlainTextEdit.setPlainText``):

* a character outside the Basic Multilingual Plane takes two positions, every other
  character one; ``\n`` becomes a paragraph separator but still counts as one;
  U+2028, U+2029, form feed, tab and other controls keep one position each;
* a *leading* U+FEFF or U+FFFE is dropped, U+FDD0 / U+FDD1 turn into frame markers, and
  lone surrogates cannot be converted: :func:`display_text` swaps them for characters
  of the same UTF-16 length so positions stay 1:1.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UNSAFE = re.compile("[\ud800-\udfff\ufdd0\ufdd1]")
_REPLACEMENT = "\ufffd"
_WORD_JOINER = "\u2060"


def display_text(text: str) -> str:
    """The text to hand to ``setPlainText``: same UTF-16 length, nothing Qt rewrites."""
    if text[:1] in ("\ufeff", "\ufffe"):
        text = _WORD_JOINER + text[1:]
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(_REPLACEMENT, text)
    return text


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions of one text.

    Only the code-point offsets of astral characters are stored, so building the map is
    one regex scan and each conversion is a binary search.
    """

    __slots__ = ("_astral", "_qt", "length", "qt_length")

    def __init__(self, text: str) -> None:
        if text.isascii() or not _ASTRAL.search(text):
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position of each astral character's first (high) surrogate.
        self._qt = [cp + i for i, cp in enumerate(self._astral)]
        self.length = len(text)
        self.qt_length = self.length + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """Qt position of code-point ``offset`` (``0 <= offset <= length``)."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside 0..{self.length}")
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """Code-point offset of Qt ``position``.

        A position between the two halves of a surrogate pair is rounded down to the
        start of the character, or up to its end with ``round_up``.
        """
        if not 0 <= position <= self.qt_length:
            raise ValueError(f"position {position} outside 0..{self.qt_length}")
        before = bisect_right(self._qt, position - 2)  # astral chars wholly before
        if before < len(self._qt) and self._qt[before] + 1 == position:
            return self._astral[before] + (1 if round_up else 0)
        return position - before

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """Qt positions of the span ``[start, end)``."""
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """Code-point span covering Qt positions ``[start, end)``, rounded outward."""
        lo, hi = min(start, end), max(start, end)
        return self.from_qt(lo), self.from_qt(hi, round_up=True)
