"""Agreement of a project's coders: collecting their work, the report, the review list.

Owns: choosing the documents that count (those at least two chosen coders marked done),
reading their spans and token boundaries into plain :class:`DocUnits` values, the agreement
report of a project (with the tool and codebook it was made with), and the documents of two
coders sorted by how much they disagree.
Must not import: Qt, sqlite3 (the store does the SQL), spaCy (tokens come from the cache
through ``annotator.app.exporting.ensure_tokens``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator import __version__
from annotator.agreement import (
    DEFAULT_SEED,
    AgreementReport,
    Disagreement,
    DocUnits,
    agreement,
    classify,
    disagreement_score,
)
from annotator.app.exporting import ensure_tokens
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD
from annotator.store import Project

DEFAULT_RESAMPLES = 1000
_BATCH = 500

Progress = Callable[[int, int], None]
"""Called with (documents read, documents in all); may raise to cancel."""

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Units:
    """What the coefficients are computed on: plain values, safe to hand to a worker thread.

    Attributes:
        annotators: the chosen coders, in the order given (or the project's order).
        labels: the labels reported on (the ``--label`` choice, else the codebook's labels
            followed by any other label the coders used).
        docs: the documents that at least two chosen coders marked done, in import order.
        titles: document titles by id (for review lists).
        codebook_name: the project's current codebook.
        codebook_version: its version.
    """

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    docs: tuple[DocUnits, ...]
    titles: Mapping[str, str] = field(default_factory=dict)
    codebook_name: str = ""
    codebook_version: str = ""
    round: Mapping[str, Any] = field(default_factory=dict)
    """The study round the documents were restricted to (name, codebook), if any."""


@dataclass(frozen=True)
class DocReview:
    """One document as two coders annotated it, with their disagreements classified.

    Attributes:
        doc_id: the document.
        title: its title.
        score: 0 for perfect agreement; larger means more disagreement.
        disagreements: each difference, relative to coder ``a`` (missed, extra, boundary,
            label).
        a: the annotator of the first side.
        b: the annotator of the second side.
        a_spans: coder ``a``'s spans ``(start, end, label)`` in text order.
        b_spans: coder ``b``'s spans.
    """

    doc_id: str
    title: str
    score: float
    disagreements: tuple[Disagreement, ...]
    a: str
    b: str
    a_spans: tuple[Span, ...] = ()
    b_spans: tuple[Span, ...] = ()


def coders(project: Project, include_gold: bool = False) -> list[str]:
    """Coders who marked at least one document done, in the order they joined.

    The gold layer is left out unless ``include_gold`` (it is compared against coders only
    when asked for by name).
    """
    done = {who for _, who, _ in project.export_pairs(done_only=True)}
    return [name for name in project.annotators()
            if name in done and (include_gold or name != GOLD)]


def choose_annotators(project: Project, annotators: Sequence[str] | None) -> tuple[str, ...]:
    """The coders to compare: the given names (checked), else every coder with work done.

    Raises:
        AnnotatorError: a name that is not a coder of the project.
    """
    if not annotators:
        return tuple(coders(project))
    names = tuple(dict.fromkeys(n.strip() for n in annotators if n.strip()))
    known = project.annotators()
    unknown = [n for n in names if n not in known]
    if unknown:
        have = ", ".join(known) if known else "none yet"
        raise AnnotatorError(f"unknown annotator {', '.join(map(repr, unknown))} "
                             f"(the project has {have})")
    return names


def choose_labels(project: Project, labels: Sequence[str] = ()) -> tuple[str, ...]:
    """The labels to report on: the given ones (checked), else the codebook's and used ones.

    Raises:
        AnnotatorError: a label neither in the codebook nor used by any coder.
    """
    in_codebook = project.codebook().label_names
    used = sorted(project.label_counts())
    if not labels:
        return tuple(dict.fromkeys([*in_codebook, *used]))
    names = tuple(dict.fromkeys(labels))
    unknown = [n for n in names if n not in in_codebook and n not in used]
    if unknown:
        raise AnnotatorError(f"unknown label {', '.join(map(repr, unknown))} "
                             f"(the codebook has {', '.join(in_codebook)})")
    return names


def collect_units(project: Project, annotators: Sequence[str] | None = None,
                  labels: Sequence[str] = (), progress: Progress | None = None,
                  round: str | None = None) -> Units:
    """Read the documents that at least two of the chosen coders marked done.

    With ``round``, only documents assigned in that study round count, each with the
    coders assigned to it in that round.

    Each document carries the spans of the chosen coders who marked it done (``[]`` for
    "done, nothing marked"), restricted to ``labels`` when any are given, and its token
    boundaries (from the project's token cache; missing ones are computed and cached).

    Raises:
        AnnotatorError: an unknown annotator or label.
    """
    chosen = choose_annotators(project, annotators)
    labs = choose_labels(project, labels)
    codebook = project.codebook()
    done: dict[str, list[str]] = {}
    if chosen:
        for doc_id, who, _ in project.export_pairs(list(chosen), done_only=True):
            done.setdefault(doc_id, []).append(who)
    round_info: dict[str, Any] = {}
    if round is not None:
        from annotator.app.study import round_filter

        done, round_info = round_filter(project, round, done)
    ids = [d for d, who in done.items() if len(who) >= 2]
    docs: list[DocUnits] = []
    titles: dict[str, str] = {}
    for i in range(0, len(ids), _BATCH):
        docs += _read_batch(project, ids[i:i + _BATCH], done, tuple(labels), titles)
        if progress:
            progress(len(docs), len(ids))
    return Units(chosen, labs, tuple(docs), titles, codebook.name, codebook.version,
                 round_info)


def _read_batch(project: Project, ids: list[str], done: Mapping[str, list[str]],
                labels: tuple[str, ...], titles: dict[str, str]) -> list[DocUnits]:
    documents = project.documents_by_id(ids)
    tokens = ensure_tokens(project, [documents[d] for d in ids])
    rows = project.span_keys_of(ids, labels or None)
    out = []
    for doc_id in ids:
        doc, toks = documents[doc_id], tokens[doc_id]
        titles[doc_id] = doc.title
        spans = {who: rows.get((doc_id, who), []) for who in done[doc_id]}
        out.append(DocUnits(doc_id, len(doc.text), toks.starts, toks.ends, spans))
    return out


def compute(units: Units, resamples: int = DEFAULT_RESAMPLES,
            seed: int = DEFAULT_SEED) -> AgreementReport:
    """The agreement report of collected units (pure: fine in a worker thread)."""
    return agreement(list(units.docs), list(units.annotators), list(units.labels),
                     resamples=resamples, seed=seed)


def agreement_report(project: Project, annotators: Sequence[str] | None = None,
                     labels: Sequence[str] = (), resamples: int = DEFAULT_RESAMPLES,
                     seed: int = DEFAULT_SEED,
                     progress: Progress | None = None) -> AgreementReport:
    """Agreement of the chosen coders (default: every coder with work done, not gold).

    Args:
        project: the project.
        annotators: coder names (``gold`` is allowed); fewer than two give a report whose
            values are ``None`` with notes saying why.
        labels: only these labels (default: all).
        resamples: bootstrap resamples over documents for the 95% intervals.
        seed: the bootstrap's random seed (reported, so that results can be repeated).
        progress: called while documents are read.

    Raises:
        AnnotatorError: an unknown annotator or label.
    """
    return compute(collect_units(project, annotators, labels, progress), resamples, seed)


def report_json(report: AgreementReport, units: Units) -> dict[str, Any]:
    """The FORMATS.md agreement JSON, extended with the tool and codebook it was made with."""
    data = report.to_json()
    data.setdefault("tool", {"name": "annotator", "version": __version__})
    data.setdefault("codebook", {"name": units.codebook_name,
                                 "version": units.codebook_version})
    if units.round:
        data.setdefault("round", dict(units.round))
    return data


def review_documents(project: Project, a: str, b: str, labels: Sequence[str] = (),
                     progress: Progress | None = None) -> list[DocReview]:
    """The documents both coders marked done, most disagreement first.

    Args:
        project: the project.
        a: the first coder (disagreements are classified relative to this side).
        b: the second coder (may be ``gold``).
        labels: only these labels (default: all).
        progress: called while documents are read.

    Raises:
        AnnotatorError: an unknown coder or label, or the same coder twice.
    """
    if a.strip() == b.strip():
        raise AnnotatorError(f"choose two different coders, not {a!r} twice")
    return review_units(collect_units(project, [a, b], labels, progress))


def review_units(units: Units) -> list[DocReview]:
    """Review entries of collected units of two coders (pure: fine in a worker thread)."""
    if len(units.annotators) != 2:
        raise AnnotatorError("a review compares exactly two coders")
    a, b = units.annotators
    out = []
    for doc in units.docs:
        sa, sb = tuple(doc.spans[a]), tuple(doc.spans[b])
        out.append(DocReview(doc.doc_id, units.titles.get(doc.doc_id, ""),
                             float(disagreement_score(doc, (a, b))),
                             tuple(classify(sa, sb)), a, b, sa, sb))
    out.sort(key=lambda r: -r.score)  # stable: equal scores stay in import order
    return out
