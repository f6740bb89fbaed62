"""The ``suggest`` and ``evaluate`` commands: the suggestion engine from the command line.

Owns: their options and output; the work is done by ``annotator.app.suggesting``.
Must not import: Qt, spaCy (the engine is loaded only when a command runs).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

MODEL = click.option(
    "--model", metavar="NAME",
    help="spaCy pipeline for the engine: an installed pipeline's name or folder (e.g. "
         "en_core_web_sm), or 'blank' for the rules on a blank English pipeline. Default: "
         "a trained English pipeline if one is installed, else blank. Never downloads.")


@click.command()
@click.argument("input_path", metavar="[INPUT.jsonl]", required=False,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the records with suggested spans (with INPUT.jsonl).")
@click.option("-p", "--project", type=click.Path(dir_okay=False, path_type=Path),
              help="Store suggestions for every document of this project file instead.")
@MODEL
@click.option("--remember", is_flag=True,
              help="With -p and --model: make that pipeline the project's engine, used by "
                   "later runs and the window ('--model default' goes back to the default).")
def suggest(input_path: Path | None, output: Path | None, project: Path | None,
            model: str | None, remember: bool) -> None:
    """Run the suggestion engine over a JSONL file or a whole project.

    \b
    annotator suggest INPUT.jsonl -o OUTPUT.jsonl   records {"text": ...} are written
        back with "spans" (start, end, label, text, rule, confidence, origin
        "suggestion"); the other fields are kept.
    annotator suggest -p PROJECT   stores suggestions for every document; suggestions a
        coder already accepted or rejected are kept, the others replaced.

    Nothing is written if any record is bad (the message names the file and line).
    """
    from annotator.cli.main import _open, _progress

    if (input_path is None) == (project is None):
        raise click.UsageError("give INPUT.jsonl -o OUTPUT.jsonl, or -p PROJECT (one of them)")
    if project is not None:
        if output is not None:
            raise click.UsageError("-o goes with INPUT.jsonl; with -p the suggestions are "
                                   "stored in the project")
        from annotator.app.suggesting import remember_model, suggest_project

        if remember and not model:
            raise click.UsageError("--remember needs --model NAME")
        proj = _open(project)
        try:
            if remember:
                remember_model(proj, model)  # type: ignore[arg-type]
                model = None
            with _progress("Suggesting", None) as tick:
                report = suggest_project(proj, model, progress=tick)
        finally:
            proj.close()
    else:
        if output is None:
            raise click.UsageError("Missing option '-o' / '--output' (the file to write).")
        from annotator.app.suggesting import suggest_file

        with _progress("Suggesting", None) as tick:
            report = suggest_file(input_path, output, model, progress=tick)  # type: ignore[arg-type]
    summary = report.summary()  # only the first letter: paths keep their case
    click.echo(summary[:1].upper() + summary[1:] + ".")


@click.command()
@click.argument("gold_path", metavar="GOLD.jsonl",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@MODEL
@click.option("--label", "labels", multiple=True,
              help="Score only this label (repeatable), e.g. HEDGE for a hedges-only corpus.")
def evaluate(gold_path: Path, as_json: bool, model: str | None,
             labels: tuple[str, ...]) -> None:
    """Score the suggestion engine against gold records.

    GOLD.jsonl holds annotated records (Annotator's or Prodigy's JSONL with "spans",
    or doccano). Prints, per label and over all labels (micro average), strict
    precision, recall and F1 (exact start, end and label) and lenient ones (same label,
    overlapping characters).
    """
    from annotator.app.suggesting import (
        evaluate_gold,
        format_scores,
        make_suggester,
        plural,
        read_gold,
        scores_json,
    )
    from annotator.cli.main import _progress

    gold = read_gold(gold_path)  # bad input fails before the engine is loaded
    engine = make_suggester(model)
    started = time.perf_counter()
    with _progress("Evaluating", None) as tick:
        scores = evaluate_gold(gold, engine, progress=tick, labels=labels)
    seconds = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps(scores_json(scores, gold, engine, seconds), indent=2,
                              ensure_ascii=False))
        return
    click.echo(f"{gold.source}: {plural(len(gold.texts), 'document')}; engine {engine.version} "
               f"({engine.tier} tier), {seconds:.1f} s\n")
    click.echo(format_scores(scores))
