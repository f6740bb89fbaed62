"""Pairwise span precision/recall/F1 over the corpus (exact and overlap, one-to-one per label).

Owns: per coder pair and label, the span counts and the numbers of exact and overlap matches,
computed with the vectorised matching (same results as ``spans.py`` document by document).
Only documents both coders finished count.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.layout import Corpus
from annotator.agreement.matching import exact_match_count, greedy_matching, overlap_pairs


@dataclass(frozen=True)
class PairCounts:
    """Per label: spans of A and of B, exact matches, overlap matches."""

    a: int
    b: int
    n_a: np.ndarray
    n_b: np.ndarray
    exact: np.ndarray
    overlap: np.ndarray


def pair_counts(c: Corpus, i: int, j: int) -> PairCounts:
    """Counts of coder ``i`` (reference) against coder ``j`` over their common documents."""
    k = len(c.labels)
    both = c.present[:, i] & c.present[:, j]
    a = np.flatnonzero((c.coder == i) & both[c.doc])
    b = np.flatnonzero((c.coder == j) & both[c.doc])
    n_a = np.bincount(c.label[a], minlength=k)
    n_b = np.bincount(c.label[b], minlength=k)
    exact = exact_match_count((c.label[a], c.start[a], c.end[a]),
                              (c.label[b], c.start[b], c.end[b]), k)
    return PairCounts(i, j, n_a, n_b, exact, _overlap_matches(c, a, b, k))


def _overlap_matches(c: Corpus, a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    edges_a, edges_b = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for lab in range(k):
        ak, bk = a[c.label[a] == lab], b[c.label[b] == lab]
        ia, jb = overlap_pairs(c.start[ak], c.end[ak], c.start[bk], c.end[bk])
        edges_a.append(ak[ia])
        edges_b.append(bk[jb])
    ea, eb = np.concatenate(edges_a), np.concatenate(edges_b)
    if not len(ea):
        return np.zeros(k)
    weight = np.minimum(c.end[ea], c.end[eb]) - np.maximum(c.start[ea], c.start[eb])
    chosen = greedy_matching(ea, eb, weight, c.start[ea], c.start[eb])
    return np.bincount(c.label[ea[chosen]], minlength=k).astype(float)
