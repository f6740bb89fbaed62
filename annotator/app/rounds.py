"""Reliability from round to round: one line of agreement per study round.

Owns: the round overview shown by ``annotator rounds`` (codebook version, design, documents
compared, overall uα and span F1 of each round). Must not import: Qt, sqlite3.
"""

from __future__ import annotations

from typing import Any

from annotator.app.agreement import collect_units, compute, report_json
from annotator.store import Project


def rounds_overview(project: Project, resamples: int = 0) -> list[dict[str, Any]]:
    """Per round, oldest first: its codebook, design, and overall agreement of its coders.

    Agreement is computed like ``annotator agreement --round NAME`` over the round's
    assigned coders (documents at least two of them marked done).
    """
    out = []
    for info in project.rounds():
        coders = info.design.get("coders") or None
        units = collect_units(project, coders, round=info.name)
        data = report_json(compute(units, resamples), units)
        overall = data.get("overall", {})
        out.append({"round": info.name,
                    "codebook": {"name": info.codebook_name,
                                 "version": info.codebook_version},
                    "design": info.design, "documents": data.get("documents", 0),
                    "u_alpha": overall.get("u_alpha"),
                    "span_f1": overall.get("span_f1")})
    return out


def format_rounds(rows: list[dict[str, Any]]) -> str:
    """The overview as a table for the terminal."""
    if not rows:
        return "No rounds yet (run `annotator assign --round NAME`)."

    def f(value: Any) -> str:
        return "—" if value is None else f"{value:.3f}"

    head = f"{'round':<14}{'codebook':>10}{'coders':>8}{'docs':>6}{'uα':>8}{'F1 exact':>10}"
    lines = [head, "-" * len(head)]
    for r in rows:
        f1 = r.get("span_f1") or {}
        lines.append(f"{r['round'][:13]:<14}{r['codebook']['version'][:9]:>10}"
                     f"{len(r['design'].get('coders', [])):>8}{r['documents']:>6}"
                     f"{f(r['u_alpha']):>8}{f(f1.get('exact')):>10}")
    return "\n".join(lines)
