"""The values the agreement package takes and returns.

Owns: ``DocUnits`` (one document as the chosen coders annotated it), the frozen report values
(``AgreementReport`` and its parts) and their JSON form (FORMATS.md, "Agreement JSON").
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int, str]
"""``(start, end, label)``: half-open code-point offsets into the document text."""

CI = tuple[float, float] | None


@dataclass(frozen=True)
class DocUnits:
    """One document as the chosen coders annotated it (only coders who marked it done).

    Attributes:
        doc_id: The document id.
        length: Characters (code points) of the text.
        token_starts: Start offset of every token, ascending.
        token_ends: End offset of every token.
        spans: Coder -> spans; ``[]`` means "done, nothing marked". A coder who did not
            finish the document is absent.
    """

    doc_id: str
    length: int
    token_starts: Sequence[int]
    token_ends: Sequence[int]
    spans: Mapping[str, Sequence[Span]]


@dataclass(frozen=True)
class Disagreement:
    """One disagreement between coder A and coder B on a document.

    ``kind`` is ``missed`` (A has the span, B nothing overlapping), ``extra`` (B has it, A
    nothing overlapping), ``boundary`` (same label, overlapping, other offsets) or ``label``
    (overlapping or same offsets, another label).
    """

    kind: str
    a: Span | None
    b: Span | None


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of coder B against coder A (``None`` when undefined)."""

    precision: float | None
    recall: float | None
    f1: float | None

    def to_json(self) -> dict[str, float | None]:
        """Return the JSON object ``{"precision", "recall", "f1"}``."""
        return {"precision": _num(self.precision), "recall": _num(self.recall),
                "f1": _num(self.f1)}


@dataclass(frozen=True)
class PairScores:
    """Span scores of one annotator pair; the first annotator is the reference."""

    annotators: tuple[str, str]
    exact: PRF
    overlap: PRF

    def to_json(self) -> dict[str, Any]:
        """Return the pair's JSON object."""
        return {"annotators": list(self.annotators), "exact": self.exact.to_json(),
                "overlap": self.overlap.to_json()}


@dataclass(frozen=True)
class LabelAgreement:
    """Every coefficient of one label."""

    span_f1_exact: float | None
    span_f1_overlap: float | None
    pairs: tuple[PairScores, ...]
    u_alpha: float | None
    u_alpha_ci95: CI
    alpha_u_2004: float | None
    alpha_u_2004_ci95: CI
    token_kappa: float | None
    token_kappa_ci95: CI
    token_alpha: float | None
    token_alpha_ci95: CI
    counts: Mapping[str, int]

    def to_json(self) -> dict[str, Any]:
        """Return the label's JSON object (FORMATS.md)."""
        out: dict[str, Any] = {
            "span_f1": {"exact": _num(self.span_f1_exact), "overlap": _num(self.span_f1_overlap)},
            "pairs": [p.to_json() for p in self.pairs],
        }
        for name in ("u_alpha", "alpha_u_2004", "token_kappa", "token_alpha"):
            out[name] = _num(getattr(self, name))
            out[f"{name}_ci95"] = _ci(getattr(self, f"{name}_ci95"))
        out["counts"] = dict(self.counts)
        return out


@dataclass(frozen=True)
class OverallAgreement:
    """The coefficients over all labels."""

    u_alpha: float | None
    u_alpha_ci95: CI
    bar_u_alpha: float | None
    bar_u_alpha_ci95: CI
    cu_alpha: float | None
    cu_alpha_ci95: CI
    span_f1_exact: float | None
    span_f1_overlap: float | None

    def to_json(self) -> dict[str, Any]:
        """Return the ``overall`` JSON object (FORMATS.md)."""
        out: dict[str, Any] = {}
        for name in ("u_alpha", "bar_u_alpha", "cu_alpha"):
            out[name] = _num(getattr(self, name))
            out[f"{name}_ci95"] = _ci(getattr(self, f"{name}_ci95"))
        out["span_f1"] = {"exact": _num(self.span_f1_exact),
                          "overlap": _num(self.span_f1_overlap)}
        return out


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of the chosen annotators over the documents at least two of them finished.

    Attributes:
        annotators: The chosen coders.
        documents: Documents that counted (at least two chosen coders marked them done).
        labels: Label -> its coefficients.
        overall: Coefficients over all labels.
        resamples: Bootstrap resamples behind every ``*_ci95`` (0 = no intervals).
        seed: Seed of the bootstrap.
        notes: Why a value is undefined, and anything else a reader must know.
        token_kappa_measure: ``"cohen"`` (two annotators) or ``"fleiss"`` (more).
    """

    annotators: tuple[str, ...]
    documents: int
    labels: Mapping[str, LabelAgreement]
    overall: OverallAgreement
    resamples: int
    seed: int
    notes: tuple[str, ...] = ()
    token_kappa_measure: str = "cohen"
    spans: int = field(default=0)

    def to_json(self) -> dict[str, Any]:
        """Return the structure of FORMATS.md ("Agreement JSON") plus bootstrap and notes."""
        return {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "continuum": "characters",
            "labels": {name: la.to_json() for name, la in self.labels.items()},
            "overall": self.overall.to_json(),
            "token_kappa_measure": self.token_kappa_measure,
            "spans": self.spans,
            "bootstrap": {"resamples": self.resamples, "seed": self.seed},
            "notes": list(self.notes),
        }


def _num(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _ci(value: CI) -> list[float] | None:
    if value is None:
        return None
    return [float(value[0]), float(value[1])]
