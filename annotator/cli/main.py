"""The ``annotator`` command line: batch work on project files.

Owns: argument parsing, progress on terminals, and turning errors into messages and exit
codes (0 success, 1 bad input or usage). Must not import: Qt.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from annotator import __version__
from annotator.cli.agreement_command import agreement
from annotator.cli.study_commands import assign, merge, package, rounds
from annotator.cli.suggest_commands import evaluate, suggest
from annotator.core.errors import AnnotatorError

PROJECT = click.option("-p", "--project", "project", required=True,
                       type=click.Path(dir_okay=False, path_type=Path),
                       help="The project file (.sqlite).")


def _open(path: Path):  # type: ignore[no-untyped-def]
    from annotator.app.projects import open_project

    return open_project(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
def cli() -> None:
    """Annotate hedges and unnamed sources in news articles.

    Without a command, `annotator` opens the window on the default project.
    """


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A codebook JSON file (default: the shipped hedges-and-sources codebook).")
def init(project: Path, codebook: Path | None) -> None:
    """Create an empty PROJECT file with a codebook."""
    from annotator.app.projects import init_project, load_codebook

    cb = load_codebook(codebook)
    init_project(project, cb).close()
    click.echo(f"Created {project} with codebook {cb.name} version {cb.version} "
               f"({', '.join(cb.label_names)}).")


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@PROJECT
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "txt", "jsonl", "csv", "brat"]),
              help="Input format; auto decides by file extension.")
@click.option("--text-field", default="text", show_default=True,
              help="CSV column (or JSON field) that holds the article text.")
@click.option("--annotator", help="Coder to credit for spans in records that name none.")
@click.option("--add-labels", is_flag=True,
              help="Add labels that the codebook lacks instead of refusing the file.")
def import_(paths: Sequence[Path], project: Path, fmt: str, text_field: str,
            annotator: str | None, add_labels: bool) -> None:
    """Add articles (and their annotations) from files or folders to a project.

    Accepts .txt files or folders of them (title = first line), JSONL (Annotator's own
    export, Prodigy db-out, doccano, bare {"text": ...}), CSV and brat folders. An article
    already in the project is not added twice. Nothing is changed if any record is bad.
    """
    from annotator.app.importing import import_paths

    proj = _open(project)
    try:
        with _progress("Importing", None) as tick:
            report = import_paths(proj, list(paths), fmt=fmt, text_field=text_field,
                                  annotator=annotator, add_labels=add_labels,
                                  progress=lambda n: tick(n, None))
    finally:
        proj.close()
    click.echo(f"Imported {report.summary()}.")


@cli.command()
@PROJECT
@click.option("--format", "fmt", required=True,
              type=click.Choice(["jsonl", "csv", "spacy", "brat"]), help="Output format.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file (a folder for brat).")
@click.option("--annotator", "annotators", multiple=True,
              help="Only this coder (repeat for several). Default: every coder.")
@click.option("--gold", is_flag=True, help="Export the adjudicated gold layer.")
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--status", default="any", show_default=True,
              type=click.Choice(["done", "any"]), help="Only documents marked done, or all.")
def export(project: Path, fmt: str, output: Path, annotators: tuple[str, ...], gold: bool,
           labels: tuple[str, ...], status: str) -> None:
    """Write annotations as JSONL (Prodigy/spaCy), CSV, spaCy DocBin or brat."""
    from annotator.app.exporting import export as run_export

    proj = _open(project)
    try:
        with _progress("Exporting", 0) as tick:
            report = run_export(proj, output, fmt, annotators=annotators, gold=gold,
                                labels=labels, status=status, progress=tick)
    finally:
        proj.close()
    summary = report.summary()  # only the first letter: paths keep their case
    click.echo(summary[:1].upper() + summary[1:] + ".")


@cli.command()
@PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(project: Path, as_json: bool) -> None:
    """Documents, coders, progress per coder, spans per label, acceptance per rule.

    Progress is per coder (done / in progress / skipped, time spent); the rule table shows
    for each suggestion rule how often coders accepted or rejected its suggestions.
    """
    from annotator.app.stats import format_stats, project_stats

    proj = _open(project)
    try:
        result = project_stats(proj)
    finally:
        proj.close()
    click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False) if as_json
               else format_stats(result))


cli.add_command(suggest)
cli.add_command(evaluate)
cli.add_command(agreement)
for _study_command in (assign, package, merge, rounds):
    cli.add_command(_study_command)


class _progress:
    """A one-line progress display on a terminal (stderr); silent when not a terminal."""

    def __init__(self, label: str, total: int | None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.tick

    def tick(self, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        text = f"{self.label}: {done:,}" + (f" of {total:,} ({done * 100 // total}%)"
                                             if total else " records")
        click.echo("\r" + text, err=True, nl=False)
        self.shown = True

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            click.echo("", err=True)


def main(argv: Sequence[str] | None = None, group: click.Group = cli) -> int:
    """Run the command line (``group``, by default without the window); returns the status."""
    try:
        rv = group.main(args=list(argv) if argv is not None else None, prog_name="annotator",
                      standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return 1
    except AnnotatorError as exc:
        click.echo(f"Error: {exc}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing was changed.", err=True)
        return 1
