"""Running the suggestion engine on files and projects, and scoring it against gold files.

Owns: choosing and loading the engine (:func:`make_suggester`), suggesting for a JSONL
file (all or nothing, through a temporary file), storing suggestions for every document
of a project (one transaction), and evaluating the engine on gold records.
Must not import: Qt. spaCy only through ``annotator.nlp``, imported when first needed so
that nothing here slows down start-up.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from annotator.app.session_suggestions import MODEL_SETTING, save_suggest_model
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import Suggestion
from annotator.io.common import Invalid, check_text, input_error, iter_lines, kind_of, open_binary
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.nlp.evaluation import LabelScores

Progress = Callable[[int, int], None]
"""Called with (documents done, documents in all); may raise to cancel."""

"""Project setting naming the spaCy pipeline ``suggest -p`` uses when none is given."""

_BATCH = 200


class Engine(Protocol):
    """What this module needs of :class:`annotator.nlp.suggest.Suggester`."""

    version: str
    tier: str

    def suggest_many(self, items: Iterable[tuple[str, str]], batch_size: int = 64
                     ) -> Iterator[list[Suggestion]]:
        """Suggestions for each ``(doc_id, text)``, in order."""
        ...


@dataclass
class SuggestReport:
    """What a suggestion run did."""

    documents: int = 0
    suggestions: int = 0
    removed: int = 0
    kept: int = 0
    engine: str = ""
    path: str = ""

    def summary(self) -> str:
        """One line for the terminal."""
        if self.path:
            return (f"wrote {plural(self.documents, 'record')} with "
                    f"{plural(self.suggestions, 'suggested span')} to {self.path} "
                    f"({self.engine})")
        text = (f"stored {plural(self.suggestions, 'suggestion')} for "
                f"{plural(self.documents, 'document')}")
        extra = [f"{n} {what}" for n, what in ((self.kept, "decided ones kept"),
                                               (self.removed, "old ones removed")) if n]
        return text + (f"; {', '.join(extra)}" if extra else "") + f" ({self.engine})"


def plural(n: int, word: str) -> str:
    """``3 documents``, ``1 document``."""
    return f"{n} {word}{'s' * (n != 1)}"


# -- the engine ---------------------------------------------------------------------
def make_suggester(model: str | None = None) -> Engine:
    """Load the suggestion engine (imports spaCy; call it where a pause is acceptable).

    Args:
        model: ``None`` for a trained English pipeline when one is installed (else the
            blank tier), ``"blank"`` for the blank tier, or a spaCy pipeline name or path.

    Raises:
        AnnotatorError: the pipeline is not installed, or the engine is not available.
    """
    _check_installed(model)
    try:
        from annotator.nlp.suggest import Suggester
    except ImportError as exc:
        raise AnnotatorError(f"the suggestion engine is not available ({exc})") from exc
    try:
        return Suggester(model)  # type: ignore[no-any-return]
    except AnnotatorError:
        raise
    except (OSError, ImportError, ValueError) as exc:  # spaCy's "can't find model" is OSError
        raise AnnotatorError(f"cannot load the spaCy pipeline {model!r}: {exc}") from exc


def installed_models() -> list[str]:
    """Trained English pipelines installed under a known name (spaCy is not imported)."""
    try:
        from annotator.nlp.suggest import available_models
    except ImportError:
        return []
    return list(available_models())


def _check_installed(model: str | None) -> None:
    if model is None or model == "blank" or Path(model).exists():
        return
    if model.isidentifier() and importlib.util.find_spec(model) is None:
        try:
            from annotator.nlp.suggest import available_models

            have = ", ".join(available_models()) or "none"
        except ImportError:
            have = "unknown"
        raise AnnotatorError(
            f"the spaCy pipeline {model!r} is not installed (installed English pipelines: "
            f"{have}). Install it (for example `python -m spacy download {model}`), name "
            "an installed one, or use --model blank for the rules alone")


# -- JSONL file in, JSONL file out ----------------------------------------------------
def suggest_file(in_path: str | Path, out_path: str | Path, model: str | None = None,
                 progress: Progress | None = None, *,
                 engine: Engine | None = None) -> SuggestReport:
    """Write the records of ``in_path`` to ``out_path`` with the engine's spans.

    Every record needs a ``"text"``; its other fields are kept and ``"spans"`` is
    replaced by the suggestions (``start``, ``end``, ``label``, ``text``, ``rule``,
    ``confidence``, ``origin: "suggestion"``); ``"_suggest_engine"`` names the engine.
    The whole input is checked before the engine is loaded, and ``out_path`` appears
    only when complete.

    Raises:
        InputError: a bad record (naming the file and line); nothing is written.
        AnnotatorError: the engine cannot be loaded.
    """
    from annotator.app.exporting import atomic_file  # the export's write-then-rename

    source = Path(in_path)
    total = sum(1 for _ in _read_texts(source))
    engine = engine or make_suggester(model)
    report = SuggestReport(engine=engine.version, path=str(out_path))
    with atomic_file(Path(out_path)) as tmp, tmp.open("w", encoding="utf-8",
                                                       newline="\n") as out:
        for chunk in _chunks(_read_texts(source), _BATCH):
            found = engine.suggest_many((str(line), text) for line, _, text in chunk)
            for (_, obj, text), spans in zip(chunk, found):
                obj["spans"] = [_span_json(text, s) for s in spans]
                obj["_suggest_engine"] = engine.version
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
                report.suggestions += len(spans)
            report.documents += len(chunk)
            if progress:
                progress(report.documents, total)
    return report


def _span_json(text: str, s: Suggestion) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end],
            "rule": s.rule, "confidence": round(float(s.confidence), 4),
            "origin": "suggestion"}


def _read_texts(path: Path) -> Iterator[tuple[int, dict[str, Any], str]]:
    """``(line, record, text)`` of each non-blank line; InputError names file and line."""
    source, count = str(path), 0
    with open_binary(path) as fh:
        for number, line in iter_lines(fh, source):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                col = f" (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
                raise InputError(source, f"malformed JSON: {getattr(exc, 'msg', exc)}{col}",
                                 line=number) from None
            if not isinstance(obj, dict):
                raise InputError(source, f"the line holds {kind_of(obj)}, not a JSON object",
                                 line=number)
            if "text" not in obj:
                raise InputError(source, "the record has no 'text' field", line=number)
            try:
                text = check_text(obj["text"], "text")
            except Invalid as exc:
                raise input_error(source, exc, number) from None
            count += 1
            yield number, obj, text
    if not count:
        raise InputError(source, "no records found (the file is empty)")


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- a whole project ------------------------------------------------------------------
def remember_model(project: Project, model: str) -> None:
    """Make ``model`` this project's engine (for ``suggest -p`` and the window)."""
    if model != "default":
        make_suggester(model)  # refuses a pipeline that is not installed, before saving
    save_suggest_model(project, None if model == "default" else model, "")


def suggest_project(project: Project, model: str | None = None,
                    progress: Progress | None = None, *, annotator: str = "",
                    engine: Engine | None = None) -> SuggestReport:
    """Store suggestions for every document of ``project``, in one transaction.

    Each document's undecided suggestions are replaced; decided ones are kept. Without
    ``model`` the project setting ``suggest_model`` is used, else the default engine.
    ``progress`` may raise to cancel: then nothing is stored.

    Raises:
        AnnotatorError: the engine cannot be loaded.
    """
    engine = engine or make_suggester(model or project.setting(MODEL_SETTING) or None)
    total = project.count_documents()
    report = SuggestReport(engine=engine.version)
    with project.atomic():
        for chunk in _chunks(project.iter_documents(), _BATCH):
            found = engine.suggest_many((d.id, d.text) for d in chunk)
            counts = project.replace_suggestions([d.id for d in chunk],
                                                 [s for spans in found for s in spans])
            report.documents += len(chunk)
            report.suggestions += counts.added + counts.refreshed
            report.removed += counts.removed
            report.kept += counts.kept
            if progress:
                progress(report.documents, total)
        project.log_event(annotator, "suggest", None, {
            "documents": report.documents, "suggestions": report.suggestions,
            "removed": report.removed, "kept": report.kept, "engine": report.engine})
    return report


# -- evaluation -----------------------------------------------------------------------
@dataclass(frozen=True)
class Gold:
    """Gold records read for an evaluation: texts and their spans, in file order.

    ``labels[i]`` is the set of labels record ``i`` was annotated for (its
    ``meta.labels``), or ``None`` when the record does not say (then every label is).
    """

    source: str
    texts: list[str]
    spans: list[list[tuple[int, int, str]]]
    labels: list[frozenset[str] | None]


def read_gold(path: str | Path) -> Gold:
    """Read gold records (Annotator or Prodigy JSONL with ``spans``, or doccano).

    A record's ``meta.labels`` (a list of label names) limits the labels scored on it:
    a corpus annotated for hedges only says ``["HEDGE"]``.

    Raises:
        InputError: naming the file, the line and the reason.
    """
    from annotator.io.jsonl_reader import read_jsonl

    source = str(path)
    gold = Gold(source, [], [], [])
    for rec in read_jsonl(Path(path)):
        declared = rec.meta.get("labels")
        if declared is not None and not (isinstance(declared, list)
                                         and all(isinstance(x, str) for x in declared)):
            raise InputError(source, "meta.labels must be a list of label names",
                             line=rec.line)
        gold.texts.append(rec.text)
        gold.spans.append([(s.start, s.end, s.label) for s in rec.spans])
        gold.labels.append(None if declared is None else frozenset(declared))
    return gold


def evaluate_gold(gold: Gold, engine: Engine, progress: Progress | None = None,
                  labels: Sequence[str] = ()) -> dict[str, LabelScores]:
    """Run ``engine`` on the gold texts and score it (per label and ``"ALL"``).

    Only the labels a record was annotated for are scored on it (see :func:`read_gold`);
    ``labels`` limits the scoring further, for every record.
    """
    from annotator.nlp.evaluation import score

    predicted: list[list[tuple[int, int, str]]] = []
    items = ((str(i), text) for i, text in enumerate(gold.texts, 1))
    for spans in engine.suggest_many(items):
        predicted.append([(s.start, s.end, s.label) for s in spans])
        if progress:
            progress(len(predicted), len(gold.texts))
    wanted = [_allowed(declared, labels) for declared in gold.labels]
    return score(_only(gold.spans, wanted), _only(predicted, wanted))


def _allowed(declared: frozenset[str] | None, labels: Sequence[str]) -> frozenset[str] | None:
    if not labels:
        return declared
    return frozenset(labels) if declared is None else declared & frozenset(labels)


def _only(docs: list[list[tuple[int, int, str]]], wanted: list[frozenset[str] | None]
          ) -> list[list[tuple[int, int, str]]]:
    return [doc if keep is None else [r for r in doc if r[2] in keep]
            for doc, keep in zip(docs, wanted)]


def evaluate_file(gold_path: str | Path, model: str | None = None,
                  progress: Progress | None = None,
                  labels: Sequence[str] = ()) -> dict[str, LabelScores]:
    """Score the engine on a gold JSONL file: strict and lenient P/R/F1 per label.

    Raises:
        InputError: a bad gold record (file and line named).
        AnnotatorError: the engine cannot be loaded.
    """
    gold = read_gold(gold_path)
    return evaluate_gold(gold, make_suggester(model), progress, labels)


def scores_json(scores: dict[str, LabelScores], gold: Gold, engine: Engine,
                seconds: float | None = None) -> dict[str, Any]:
    """The ``evaluate --json`` document: run details and every label's counts and scores."""
    data: dict[str, Any] = {"gold": gold.source, "documents": len(gold.texts),
                            "engine": engine.version, "tier": engine.tier,
                            "labels": {k: _rounded(v.as_dict()) for k, v in scores.items()}}
    if seconds is not None:
        data["seconds"] = round(seconds, 2)
    return data


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in data.items()}


def format_scores(scores: dict[str, LabelScores]) -> str:
    """The ``evaluate`` table: per label, strict and lenient precision, recall and F1."""
    head = (f"{'label':<18}{'gold':>6}{'found':>7} | {'strict P':>8}{'R':>7}{'F1':>7} | "
            f"{'lenient P':>9}{'R':>7}{'F1':>7}")
    lines = [head, "-" * len(head)]
    for label in [k for k in scores if k != "ALL"] + [k for k in scores if k == "ALL"]:
        sc = scores[label]
        lines.append(f"{label[:17]:<18}{sc.gold:>6}{sc.predicted:>7} | {sc.precision:8.3f}"
                     f"{sc.recall:7.3f}{sc.f1:7.3f} | {sc.lenient_precision:9.3f}"
                     f"{sc.lenient_recall:7.3f}{sc.lenient_f1:7.3f}")
    return "\n".join(lines)
