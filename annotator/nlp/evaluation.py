"""Scoring suggested spans against a reference: precision, recall and F1 per label.

Owns: the strict and lenient span scores used by ``annotator evaluate`` and the engine
tests. Pure Python. Must not import: spaCy, Qt, sqlite.

Strict: a prediction is right when a gold span has the same (start, end, label).
Lenient: one-to-one matching of overlapping spans with the same label, greedy: candidate
pairs are taken in order of decreasing overlap (ties: earlier gold, then earlier
prediction), each gold and each prediction used at most once. Spans are counted as sets
per document (a duplicate span counts once). Documents are paired in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest

ALL = "ALL"
Span = tuple[int, int, str]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class LabelScores:
    """Counts and scores for one label (or ``"ALL"``, micro-averaged).

    Precision, recall and F1 are 0.0 when undefined (nothing predicted or no gold).
    """

    label: str
    tp: int
    fp: int
    fn: int
    lenient_tp: int
    lenient_fp: int
    lenient_fn: int

    @property
    def precision(self) -> float:
        """Strict precision."""
        return _prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        """Strict recall."""
        return _prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        """Strict F1."""
        return _prf(self.tp, self.fp, self.fn)[2]

    @property
    def lenient_precision(self) -> float:
        """Lenient (overlap) precision."""
        return _prf(self.lenient_tp, self.lenient_fp, self.lenient_fn)[0]

    @property
    def lenient_recall(self) -> float:
        """Lenient (overlap) recall."""
        return _prf(self.lenient_tp, self.lenient_fp, self.lenient_fn)[1]

    @property
    def lenient_f1(self) -> float:
        """Lenient (overlap) F1."""
        return _prf(self.lenient_tp, self.lenient_fp, self.lenient_fn)[2]

    @property
    def gold(self) -> int:
        """Number of reference spans."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """Number of predicted spans."""
        return self.tp + self.fp

    def as_dict(self) -> dict[str, float | int | str]:
        """Plain values for JSON output."""
        return {
            "label": self.label, "gold": self.gold, "predicted": self.predicted,
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
            "recall": self.recall, "f1": self.f1, "lenient_tp": self.lenient_tp,
            "lenient_fp": self.lenient_fp, "lenient_fn": self.lenient_fn,
            "lenient_precision": self.lenient_precision,
            "lenient_recall": self.lenient_recall, "lenient_f1": self.lenient_f1,
        }


def _lenient_matches(gold: list[Span], pred: list[Span]) -> int:
    """Number of one-to-one overlap matches between same-label spans (greedy by overlap)."""
    pairs = []
    for gi, (gs, ge, gl) in enumerate(gold):
        for pi, (ps, pe, pl) in enumerate(pred):
            overlap = min(ge, pe) - max(gs, ps)
            if gl == pl and overlap > 0:
                pairs.append((-overlap, gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
    return len(used_gold)


def score(gold: Iterable[Sequence[Span]], predicted: Iterable[Sequence[Span]]
          ) -> dict[str, LabelScores]:
    """Strict and lenient scores per label plus ``"ALL"``.

    Args:
        gold: per document, the reference spans as (start, end, label).
        predicted: per document, the predicted spans, in the same document order.

    Returns:
        Scores keyed by label (sorted) with ``"ALL"`` last.

    Raises:
        ValueError: the two sequences hold different numbers of documents.
    """
    counts: dict[str, list[int]] = {}
    for doc_gold, doc_pred in zip_longest(gold, predicted):
        if doc_gold is None or doc_pred is None:
            raise ValueError("gold and predicted hold different numbers of documents")
        g_set, p_set = set(map(tuple, doc_gold)), set(map(tuple, doc_pred))
        for label in {s[2] for s in g_set | p_set}:
            g = sorted(s for s in g_set if s[2] == label)
            p = sorted(s for s in p_set if s[2] == label)
            strict = len(set(g) & set(p))
            lenient = _lenient_matches(g, p)
            c = counts.setdefault(label, [0] * 6)
            for k, v in enumerate((strict, len(p) - strict, len(g) - strict,
                                   lenient, len(p) - lenient, len(g) - lenient)):
                c[k] += v
    out = {label: LabelScores(label, *c) for label, c in sorted(counts.items())}
    total = [sum(c[k] for c in counts.values()) for k in range(6)]
    out[ALL] = LabelScores(ALL, *total)
    return out
