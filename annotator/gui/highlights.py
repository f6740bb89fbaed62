"""How spans look: layers for overlapping spans and the text formats for each label.

Owns: the layering rule (a span that overlaps an earlier one goes one layer down), the
char formats per (colour, layer, selected), reused across spans, and the visible-window
lookup of spans by position.
Must not import: annotator.store.

Layer 0 is drawn as a translucent fill in the label colour (readable on light and dark
palettes); layers 1+ as an underline in the label colour (the view paints it thicker),
so two labels on the same words both stay visible.

Pending suggestions look different from every annotation layer: a light tint and a
dotted underline in the label colour (the view adds a dashed outline), so that a coder
never mistakes a machine's proposal for a decision.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat

FILL_ALPHA = 85
SELECTED_ALPHA = 160
SUGGESTION_ALPHA = 28
FOCUSED_SUGGESTION_ALPHA = 70
SUGGESTION_UNDERLINE = QTextCharFormat.UnderlineStyle.DotLine
UNDERLINE_STYLES = (
    QTextCharFormat.UnderlineStyle.SingleUnderline,
    QTextCharFormat.UnderlineStyle.DashUnderline,
    QTextCharFormat.UnderlineStyle.WaveUnderline,
)  # DotLine is kept for suggestions


@dataclass(frozen=True, slots=True)
class Piece:
    """One span as the view draws it, in Qt positions."""

    ann_id: int
    label: str
    start: int
    end: int
    layer: int


def assign_layers(spans: Sequence[tuple[int, int]]) -> list[int]:
    """Layer of each span (input sorted by start): the lowest layer free at its start."""
    ends: list[int] = []  # end of the last span placed in each layer
    layers: list[int] = []
    for start, end in spans:
        for layer, last_end in enumerate(ends):
            if last_end <= start:
                ends[layer] = end
                layers.append(layer)
                break
        else:
            ends.append(end)
            layers.append(len(ends) - 1)
    return layers


class PieceIndex:
    """Pieces sorted by start, with a fast query for those meeting a position range."""

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self.pieces = sorted(pieces, key=lambda p: (p.start, -p.end))
        self._starts = [p.start for p in self.pieces]
        self._longest = max((p.end - p.start for p in self.pieces), default=0)

    def __len__(self) -> int:
        return len(self.pieces)

    def between(self, lo: int, hi: int) -> list[Piece]:
        """Pieces that share at least one position with ``[lo, hi)``."""
        first = bisect_left(self._starts, lo - self._longest)
        last = bisect_left(self._starts, hi)
        return [p for p in self.pieces[first:last] if p.end > lo]

    def at(self, pos: int) -> list[Piece]:
        """Pieces containing position ``pos``, innermost (shortest) first."""
        found = self.between(pos, pos + 1)
        return sorted(found, key=lambda p: p.end - p.start)


class FormatCache:
    """One ``QTextCharFormat`` per (colour, layer, selected), built on first use."""

    def __init__(self) -> None:
        self._formats: dict[tuple[str, int, bool], QTextCharFormat] = {}
        self._suggestions: dict[tuple[str, bool], QTextCharFormat] = {}

    def suggestion(self, color: str, focused: bool) -> QTextCharFormat:
        """The format of a pending suggestion: a light tint and a dotted underline."""
        fmt = self._suggestions.get((color, focused))
        if fmt is None:
            fmt = self._suggestions[(color, focused)] = _suggestion_format(color, focused)
        return fmt

    def get(self, color: str, layer: int, selected: bool) -> QTextCharFormat:
        key = (color, min(layer, len(UNDERLINE_STYLES)), selected)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = _make_format(*key)
        return fmt


def _make_format(color: str, layer: int, selected: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    base = QColor(color)
    if layer == 0:
        fill = QColor(base)
        fill.setAlpha(SELECTED_ALPHA if selected else FILL_ALPHA)
        fmt.setBackground(fill)
    else:
        fmt.setUnderlineStyle(UNDERLINE_STYLES[layer - 1])
        fmt.setUnderlineColor(base)
        if selected:
            fill = QColor(base)
            fill.setAlpha(FILL_ALPHA)
            fmt.setBackground(fill)
    return fmt


def _suggestion_format(color: str, focused: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    tint = QColor(color)
    tint.setAlpha(FOCUSED_SUGGESTION_ALPHA if focused else SUGGESTION_ALPHA)
    fmt.setBackground(tint)
    fmt.setUnderlineStyle(SUGGESTION_UNDERLINE)
    fmt.setUnderlineColor(QColor(color))
    return fmt
