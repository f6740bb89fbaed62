"""The ``agreement`` command: intercoder agreement of a project as a table, JSON or HTML.

Owns: its options and the terminal table; the work is done by ``annotator.app.agreement``
and the page by ``annotator.app.html_report``.
Must not import: Qt, spaCy.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

_SEED = 20261127  # the same as annotator.app.agreement.DEFAULT_SEED (kept import-free)


@click.command()
@click.option("-p", "--project", "project", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The project file (.sqlite).")
@click.option("--annotators", metavar="A,B,…",
              help="Coders to compare, comma-separated ('gold' is the adjudicated layer). "
                   "Default: every coder who marked a document done, except gold.")
@click.option("--label", "labels", multiple=True, metavar="L",
              help="Only this label (repeatable). Default: every label.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the agreement JSON (docs/formats.md) instead of a table.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="REPORT.html",
              help="Also write a self-contained HTML report (tables, chart, methods text).")
@click.option("--resamples", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Bootstrap resamples over documents for the 95% intervals (0: none).")
@click.option("--seed", type=int, default=_SEED, show_default=True,
              help="Random seed of the bootstrap (state it in the methods section).")
@click.option("--round", "round_name", metavar="NAME",
              help="Only documents assigned in this study round (e.g. pilot, main).")
def agreement(project: Path, annotators: str | None, labels: tuple[str, ...], as_json: bool,
              html_path: Path | None, resamples: int, seed: int,
              round_name: str | None) -> None:
    """Intercoder agreement of the coders of a project.

    Counts the documents that at least two of the chosen coders marked done ("done,
    nothing marked" is agreement on absence). Reports per label span F1 (exact and
    overlap, per coder pair), Krippendorff et al.'s (2016) uα, Krippendorff's (2004) αU
    and token-level κ and α, with 95% bootstrap intervals over documents; overall uα,
    |uα and cuα. Undefined values (one coder, nothing annotated) are shown as — (null in
    JSON) with a note saying why.
    """
    from annotator.app.agreement import collect_units, compute, report_json
    from annotator.cli.main import _open, _progress

    names = [n for n in (annotators or "").split(",") if n.strip()] or None
    proj = _open(project)
    try:
        with _progress("Reading documents", 0) as tick:
            units = collect_units(proj, names, labels, progress=tick, round=round_name)
    finally:
        proj.close()
    if sys.stderr.isatty() and units.docs:
        click.echo(f"Computing agreement ({resamples:,} resamples)…", err=True)
    data = report_json(compute(units, resamples, seed), units)
    if html_path is not None:
        from annotator.app.html_report import render_html, write_html

        write_html(html_path, render_html(data))
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(data))
    if html_path is not None:
        click.echo(f"Wrote the report to {html_path}.", err=as_json)


def _f(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


def _ci(value: Any) -> str:
    if not value or value[0] is None or value[1] is None:
        return ""
    return f" [{value[0]:.2f}, {value[1]:.2f}]"


def format_table(data: Mapping[str, Any]) -> str:
    """The report as a readable table for the terminal."""
    boot = data.get("bootstrap", {})
    cb = data.get("codebook", {})
    lines = [f"Annotators: {', '.join(data.get('annotators', [])) or 'none'}",
             f"Documents:  {data.get('documents', 0)} (marked done by at least two of them)",
             f"Codebook:   {cb.get('name', '')} version {cb.get('version', '')}",
             f"Bootstrap:  {boot.get('resamples', '—')} resamples, seed {boot.get('seed', '—')}",
             ""]
    rnd = data.get("round")
    if rnd:
        rcb = rnd.get("codebook", {})
        lines.insert(3, f"Round:      {rnd.get('name', '')} (coded under {rcb.get('name', '')} "
                        f"version {rcb.get('version', '')})")
    head = (f"{'label':<18}{'F1 exact':>9}{'F1 ovl':>8}  {'uα [95% CI]':<22}{'αU 2004':>8}"
            f"{'token κ':>9}{'token α':>9}  spans")
    lines += [head, "-" * len(head)]
    for label, row in data.get("labels", {}).items():
        f1 = row.get("span_f1") or {}
        counts = ", ".join(f"{w} {n}" for w, n in (row.get("counts") or {}).items())
        ua = _f(row.get("u_alpha")) + _ci(row.get("u_alpha_ci95"))
        lines.append(f"{label[:17]:<18}{_f(f1.get('exact')):>9}{_f(f1.get('overlap')):>8}  "
                     f"{ua:<22}{_f(row.get('alpha_u_2004')):>8}"
                     f"{_f(row.get('token_kappa')):>9}{_f(row.get('token_alpha')):>9}  {counts}")
    overall = data.get("overall", {})
    f1 = overall.get("span_f1") or {}
    lines += ["", "Overall: " + ", ".join(
        f"{name} {_f(overall.get(key))}{_ci(overall.get(key + '_ci95'))}"
        for key, name in (("u_alpha", "uα"), ("bar_u_alpha", "|uα"), ("cu_alpha", "cuα")))
        + f"; span F1 exact {_f(f1.get('exact'))}, overlap {_f(f1.get('overlap'))}"]
    lines += _pairs(data.get("labels", {}))
    notes = data.get("notes") or []
    if notes:
        lines += ["", "Notes:", *(f"  - {n}" for n in notes)]
    return "\n".join(lines)


def _pairs(labels: Mapping[str, Any]) -> list[str]:
    rows = []
    for label, row in labels.items():
        for pair in row.get("pairs") or []:
            ex, ov = pair.get("exact") or {}, pair.get("overlap") or {}
            rows.append(f"  {label[:17]:<18}{' – '.join(pair.get('annotators', [])):<24}"
                        f"P {_f(ex.get('precision'))} R {_f(ex.get('recall'))} "
                        f"F1 {_f(ex.get('f1'))} | P {_f(ov.get('precision'))} "
                        f"R {_f(ov.get('recall'))} F1 {_f(ov.get('f1'))}")
    return ["", "Coder pairs (exact | overlap):", *rows] if rows else []
