"""The study commands: ``assign``, ``package`` and ``merge``.

Owns: their options and messages; the work is done by ``annotator.app.study`` and
``annotator.app.merging``.
Must not import: Qt, spaCy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

PROJECT = click.option("-p", "--project", "project", required=True,
                       type=click.Path(dir_okay=False, path_type=Path),
                       help="The project file (.sqlite).")


@click.command()
@PROJECT
@click.option("--coders", required=True, metavar="A,B,…",
              help="The coders, comma-separated (at least two).")
@click.option("--overlap", type=click.FloatRange(0, 1), default=0.2, show_default=True,
              help="Share of documents in the reliability sample coded by several coders.")
@click.option("--per-doc", type=click.IntRange(min=2), default=None,
              help="Coders per reliability document. Default: every coder.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed of the reliability sample (the same seed draws the same "
                   "sample; state it in the methods section).")
@click.option("--round", "round_name", default="main", show_default=True,
              help="The study round (e.g. pilot, main); its codebook version is recorded.")
def assign(project: Path, coders: str, overlap: float, per_doc: int | None, seed: int,
           round_name: str) -> None:
    """Assign every document of a project to one coder, and a reliability sample to several.

    Documents outside the sample are spread evenly over the coders. Running it again for
    the same round replaces the round's assignment.
    """
    from annotator.app.study import assign as run_assign
    from annotator.cli.main import _open

    proj = _open(project)
    try:
        report = run_assign(proj, coders.split(","), overlap=overlap, per_doc=per_doc,
                            seed=seed, round=round_name)
    finally:
        proj.close()
    click.echo(report.summary())


@click.command()
@PROJECT
@click.option("--coder", required=True, help="The coder the package is for.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The package file to write (a new project file).")
@click.option("--round", "round_name", default=None,
              help="The round (default: the newest round the coder has documents in).")
def package(project: Path, coder: str, output: Path, round_name: str | None) -> None:
    """Write a blind coder package: a project file with only CODER's documents.

    It holds the coder's assigned documents, the round's codebook and the coder's own
    work, and nothing of other coders or the gold layer. Open it in the window as that
    coder; bring it back with `annotator merge`.
    """
    from annotator.app.study import package as run_package
    from annotator.cli.main import _open

    proj = _open(project)
    try:
        report = run_package(proj, coder, output, round_name)
    finally:
        proj.close()
    click.echo(report.summary())


@click.command()
@click.argument("packages", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PROJECT
@click.option("--accept-codebook", is_flag=True,
              help="Merge packages coded under another codebook version anyway.")
def merge(packages: Sequence[Path], project: Path, accept_codebook: bool) -> None:
    """Bring coder PACKAGES back into a project (all of them, or none).

    Each coder's annotations, status and suggestion decisions on the package's documents
    replace theirs in the project; merging the same package again changes nothing. A
    package coded under another codebook version is refused (listing the labels that
    differ) unless --accept-codebook; a document whose text changed is always refused.
    """
    from annotator.app.merging import merge as run_merge
    from annotator.cli.main import _open

    proj = _open(project)
    try:
        reports = run_merge(proj, list(packages), accept_codebook=accept_codebook)
    finally:
        proj.close()
    for r in reports:
        click.echo(r.summary())
        for note in r.codebook_notes:
            click.echo(f"  codebook: {note}")
        if r.ignored:
            click.echo(f"  not merged: work by {', '.join(r.ignored)} (the package is "
                       f"{r.coder}'s; open it with --annotator {r.coder})", err=True)


@click.command()
@PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def rounds(project: Path, as_json: bool) -> None:
    """The study rounds: codebook version, design and overall agreement of each.

    Shows how reliability changed from round to round (e.g. pilot → main); for the full
    report of one round run `annotator agreement --round NAME`.
    """
    import json

    from annotator.app.rounds import format_rounds, rounds_overview
    from annotator.cli.main import _open

    proj = _open(project)
    try:
        rows = rounds_overview(proj)
    finally:
        proj.close()
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False) if as_json
               else format_rounds(rows))
