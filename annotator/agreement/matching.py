"""Corpus-wide span matching with numpy: overlap candidates by sweep, greedy one-to-one.

Owns: the vectorised forms of the matching in ``spans.py`` (same results): exact matches by
sorting keys, overlap candidates by a sort-and-sweep over starts and running maximum ends, and
the greedy-by-largest-overlap matching, computed as rounds of "locally dominant" edges (an
edge that is the best remaining choice of both its ends is exactly what the sequential greedy
would take; with a strict total order on edges both give the same matching).
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

import numpy as np


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort, cheaper than ``np.unique``'s hashing on big arrays)."""
    out = np.sort(values, kind="stable")
    if len(out) < 2:
        return out
    keep = np.ones(len(out), dtype=bool)
    keep[1:] = out[1:] != out[:-1]
    return out[keep]


def overlap_pairs(a_start: np.ndarray, a_end: np.ndarray, b_start: np.ndarray,
                  b_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs ``(i, j)`` with ``a[i]`` and ``b[j]`` sharing at least one position.

    Sort-and-sweep: B sorted by start; the candidates of ``a[i]`` are the B spans that start
    before ``a[i]`` ends, from the first whose running maximum end passes ``a[i]``'s start.
    """
    if not len(a_start) or not len(b_start):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ob = np.argsort(b_start, kind="stable")
    bs, be = b_start[ob], b_end[ob]
    run_max = np.maximum.accumulate(be)
    hi = np.searchsorted(bs, a_end, side="left")
    lo = np.searchsorted(run_max, a_start, side="right")
    counts = np.maximum(hi - lo, 0)
    ia = np.repeat(np.arange(len(a_start)), counts)
    first = np.cumsum(counts) - counts
    jb = lo[ia] + (np.arange(len(ia)) - first[ia])
    keep = (be[jb] > a_start[ia]) & (bs[jb] < a_end[ia])
    return ia[keep], ob[jb[keep]]


def greedy_matching(ia: np.ndarray, jb: np.ndarray, weight: np.ndarray,
                    tie_a: np.ndarray, tie_b: np.ndarray) -> np.ndarray:
    """Greedy one-to-one matching by largest ``weight``; returns the chosen edges' mask.

    Ties are broken by smaller ``tie_a`` then ``tie_b`` (then node indices).
    """
    n = len(ia)
    chosen = np.zeros(n, dtype=bool)
    if not n:
        return chosen
    order = np.lexsort((jb, ia, tie_b, tie_a, -weight))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    alive = np.arange(n)
    size_a, size_b = int(ia.max()) + 1, int(jb.max()) + 1
    while len(alive):
        best_a = np.full(size_a, n, dtype=np.int64)
        best_b = np.full(size_b, n, dtype=np.int64)
        np.minimum.at(best_a, ia[alive], rank[alive])
        np.minimum.at(best_b, jb[alive], rank[alive])
        r = rank[alive]
        win = (best_a[ia[alive]] == r) & (best_b[jb[alive]] == r)
        chosen[alive[win]] = True
        done_a = np.zeros(size_a, dtype=bool)
        done_b = np.zeros(size_b, dtype=bool)
        done_a[ia[alive[win]]] = True
        done_b[jb[alive[win]]] = True
        alive = alive[~(done_a[ia[alive]] | done_b[jb[alive]])]
    return chosen


def exact_match_count(a_keys: tuple[np.ndarray, ...], b_keys: tuple[np.ndarray, ...],
                      n_groups: int) -> np.ndarray:
    """One-to-one exact matches per group: ``sum over keys of min(count in A, count in B)``.

    Args:
        a_keys: Key columns of A's spans; the first column is the group (e.g. the label).
        b_keys: The same columns for B's spans.
        n_groups: Number of groups.
    """
    na = len(a_keys[0])
    cols = [np.concatenate([x, y]) for x, y in zip(a_keys, b_keys)]
    side = np.concatenate([np.zeros(na, dtype=np.int64), np.ones(len(b_keys[0]), np.int64)])
    if not len(side):
        return np.zeros(n_groups)
    order = np.lexsort(tuple(reversed(cols)))
    sorted_cols = [c[order] for c in cols]
    change = np.zeros(len(side), dtype=bool)
    change[0] = True
    for c in sorted_cols:
        change[1:] |= c[1:] != c[:-1]
    starts = np.flatnonzero(change)
    in_b = np.add.reduceat(side[order], starts)
    size = np.diff(np.append(starts, len(side)))
    tp = np.minimum(size - in_b, in_b)
    return np.bincount(sorted_cols[0][starts], weights=tp, minlength=n_groups)
