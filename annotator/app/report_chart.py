"""The chart of the agreement report: per-label coefficients with 95% intervals, inline SVG.

Owns: drawing the chart as SVG markup (no script, no external asset, no namespace URL:
the markup is meant to sit inside an HTML5 page) and formatting coefficient values.
Must not import: Qt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from typing import Any

COEFFICIENTS: tuple[tuple[str, str], ...] = (
    ("u_alpha", "(k)uα"),
    ("alpha_u_2004", "αU 2004"),
    ("token_kappa", "token κ"),
    ("token_alpha", "token α"),
    ("span_f1_exact", "span F1 exact"),
    ("span_f1_overlap", "span F1 overlap"),
)
"""Coefficient keys of a label in the agreement JSON, with their names in the report."""

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
_WIDTH, _LEFT, _RIGHT, _ROW, _HEAD, _TOP = 760, 240, 30, 20, 26, 34


def fmt(value: Any, digits: int = 3) -> str:
    """A coefficient for a table: ``None`` (undefined) as a dash, numbers rounded."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.{digits}f}"
    return escape(str(value))


def coefficient(row: Mapping[str, Any], key: str) -> tuple[float | None, Any]:
    """A label's value of ``key`` and its 95% interval (or ``None``), from the JSON row."""
    if key.startswith("span_f1_"):
        kind = key.removeprefix("span_f1_")
        f1 = row.get("span_f1") or {}
        return f1.get(kind), row.get(key + "_ci95") or f1.get(kind + "_ci95")
    return row.get(key), row.get(key + "_ci95")


def chart_svg(labels: Mapping[str, Mapping[str, Any]]) -> str:
    """An SVG chart: per label one row per coefficient, a dot with its interval's whisker."""
    if not labels:
        return "<p>No labels to chart.</p>"
    lo = _domain_low(labels)
    height = _TOP + len(labels) * (_HEAD + len(COEFFICIENTS) * _ROW) + 10
    parts = [f'<svg role="img" width="{_WIDTH}" height="{height}" '
             f'viewBox="0 0 {_WIDTH} {height}" font-family="sans-serif" font-size="12" '
             f'aria-label="Per-label agreement coefficients with 95% intervals">',
             "<title>Per-label agreement coefficients with 95% bootstrap intervals</title>",
             *_axis(lo, height)]
    y = _TOP
    for label, row in labels.items():
        parts.append(f'<text x="8" y="{y + 17}" font-weight="bold">{escape(label)}</text>')
        y += _HEAD
        for i, (key, name) in enumerate(COEFFICIENTS):
            parts += _row(row, key, name, _COLOURS[i % len(_COLOURS)], lo, y)
            y += _ROW
    parts.append("</svg>")
    return "\n".join(parts)


def _x(value: float, lo: float) -> float:
    value = min(1.0, max(lo, value))
    return round(_LEFT + (value - lo) / (1.0 - lo) * (_WIDTH - _LEFT - _RIGHT), 1)


def _domain_low(labels: Mapping[str, Mapping[str, Any]]) -> float:
    low = 0.0
    for row in labels.values():
        for key, _ in COEFFICIENTS:
            value, ci = coefficient(row, key)
            for v in (value, *(ci or ())):
                if isinstance(v, int | float) and not math.isnan(v):
                    low = min(low, float(v))
    return max(-1.0, math.floor(low * 4) / 4)


def _axis(lo: float, height: int) -> list[str]:
    step = 0.25 if lo >= -0.5 else 0.5
    out = []
    tick = 1.0
    while tick >= lo - 1e-9:
        x = _x(tick, lo)
        colour = "#888" if abs(tick) < 1e-9 else "#e3e3e3"
        out.append(f'<line x1="{x}" y1="{_TOP - 8}" x2="{x}" y2="{height - 6}" '
                   f'stroke="{colour}"/>')
        out.append(f'<text x="{x}" y="{_TOP - 12}" text-anchor="middle" fill="#555">'
                   f"{tick:g}</text>")
        tick = round(tick - step, 6)
    return out


def _row(row: Mapping[str, Any], key: str, name: str, colour: str, lo: float,
         y: int) -> list[str]:
    mid = y + _ROW // 2
    out = [f'<text x="{_LEFT - 10}" y="{mid + 4}" text-anchor="end">{escape(name)}</text>']
    value, ci = coefficient(row, key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        out.append(f'<text x="{_LEFT + 6}" y="{mid + 4}" fill="#999">undefined '
                   "(see notes)</text>")
        return out
    tip = f"{name}: {fmt(value)}"
    if ci and ci[0] is not None and ci[1] is not None:
        x1, x2 = _x(ci[0], lo), _x(ci[1], lo)
        tip += f" [{fmt(ci[0])}, {fmt(ci[1])}]"
        out += [f'<line x1="{x1}" y1="{mid}" x2="{x2}" y2="{mid}" stroke="{colour}" '
                'stroke-width="2"/>',
                *(f'<line x1="{x}" y1="{mid - 5}" x2="{x}" y2="{mid + 5}" stroke="{colour}" '
                  'stroke-width="2"/>' for x in (x1, x2))]
    out.append(f'<circle cx="{_x(value, lo)}" cy="{mid}" r="5" fill="{colour}">'
               f"<title>{escape(tip)}</title></circle>")
    return out
