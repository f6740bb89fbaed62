"""Classic coding coefficients: Krippendorff's α, Cohen's κ, Scott's π, Fleiss' κ, Gwet's AC1.

Owns: the textbook formulas on reliability data (``data[coder][unit]``, ``None`` = missing),
contingency tables and per-unit category counts, and the two-by-two token formulas the report
reuses. Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

LEVELS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's α with its parts (``nan`` where undefined)."""

    alpha: float
    observed: float
    expected: float
    percent_agreement: float


@dataclass(frozen=True)
class KappaResult:
    """Chance-corrected agreement of two coders from one contingency table."""

    kappa: float
    p_o: float
    p_e: float
    scott_pi: float
    bennett_s: float
    gwet_ac1: float
    ac1_p_e: float


@dataclass(frozen=True)
class FleissResult:
    """Fleiss' κ (Gwet's missing-data form) with AC1 on the same counts."""

    kappa: float
    p_bar: float
    p_e: float
    per_category: tuple[float, ...]
    gwet_ac1: float
    gwet_pe: float
    randolph: float


def unit_counts(data: Sequence[Sequence[Hashable | None]]) -> tuple[np.ndarray, list]:
    """Turn reliability data ``data[coder][unit]`` into per-unit category counts.

    Returns:
        A ``units x categories`` count matrix and the sorted categories.
    """
    values = sorted({v for row in data for v in row if v is not None})
    index = {v: i for i, v in enumerate(values)}
    n_units = max((len(row) for row in data), default=0)
    counts = np.zeros((n_units, len(values)))
    for row in data:
        for u, v in enumerate(row):
            if v is not None:
                counts[u, index[v]] += 1
    return counts, values


def krippendorff_alpha(data: Sequence[Sequence[Hashable | None]],
                       level: str = "nominal") -> AlphaResult:
    """Krippendorff's α of reliability data ``data[coder][unit]`` (``None`` = missing).

    Args:
        data: One row per coder, one column per unit.
        level: ``nominal``, ``ordinal``, ``interval`` or ``ratio`` (the last three need
            numeric values).

    Returns:
        α, observed and expected disagreement, and pairwise percent agreement.
    """
    counts, values = unit_counts(data)
    return alpha_from_counts(counts, values, level)


def alpha_from_counts(counts: np.ndarray, values: Sequence | None = None,
                      level: str = "nominal") -> AlphaResult:
    """Krippendorff's α from a ``units x categories`` count matrix (Krippendorff 2011)."""
    counts = np.asarray(counts, dtype=float)
    m_u = counts.sum(axis=1)
    pairable = counts[m_u >= 2]
    m_p = m_u[m_u >= 2]
    if pairable.size == 0:
        nan = float("nan")
        return AlphaResult(nan, nan, nan, nan)
    coinc = (pairable / (m_p - 1)[:, None]).T @ pairable
    coinc -= np.diag((pairable / (m_p - 1)[:, None]).sum(axis=0))
    n_c = coinc.sum(axis=1)
    n = n_c.sum()
    delta = _distance(np.asarray(values if values is not None else range(counts.shape[1])),
                      n_c, level)
    observed = float((coinc * delta).sum() / n)
    expected = float((np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))) if n > 1 else 0.0
    agree = (pairable * (pairable - 1)).sum(axis=1) / (m_p * (m_p - 1))
    alpha = 1.0 - observed / expected if expected > 0 else float("nan")
    return AlphaResult(float(alpha), observed, expected, float(agree.mean()))


def _distance(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    if level == "nominal":
        return 1.0 - np.eye(len(n_c))
    v = values.astype(float)
    if level == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        total = v[:, None] + v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((v[:, None] - v[None, :]) / total) ** 2
        return np.nan_to_num(d)
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        i, j = np.meshgrid(np.arange(len(n_c)), np.arange(len(n_c)), indexing="ij")
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        return (cum[hi + 1] - cum[lo] - (n_c[i] + n_c[j]) / 2) ** 2
    raise ValueError(f"unknown level of measurement {level!r}; use one of {LEVELS}")


def kappa_table(table: Sequence[Sequence[float]]) -> KappaResult:
    """Cohen's κ, Scott's π, Bennett's S and Gwet's AC1 of a contingency table.

    Args:
        table: ``table[row = coder 1 category][column = coder 2 category]``.
    """
    t = np.asarray(table, dtype=float)
    n = t.sum()
    q = t.shape[0]
    p_o = float(np.trace(t) / n)
    rows, cols = t.sum(axis=1) / n, t.sum(axis=0) / n
    p_e = float(rows @ cols)
    pooled = (rows + cols) / 2
    pi_e = float(pooled @ pooled)
    ac1_e = float((pooled * (1 - pooled)).sum() / (q - 1)) if q > 1 else float("nan")
    return KappaResult(_chance(p_o, p_e), p_o, p_e, _chance(p_o, pi_e),
                       _chance(p_o, 1 / q), _chance(p_o, ac1_e), ac1_e)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> KappaResult:
    """Cohen's κ (and friends) of two coders' labels for the same units."""
    if len(a) != len(b):
        raise ValueError("both coders must code the same units")
    values = sorted(set(a) | set(b))
    index = {v: i for i, v in enumerate(values)}
    table = np.zeros((len(values), len(values)))
    np.add.at(table, ([index[x] for x in a], [index[y] for y in b]), 1)
    return kappa_table(table)


def fleiss_kappa(counts: Sequence[Sequence[float]]) -> FleissResult:
    """Fleiss' κ of ``counts[subject][category]`` (raters per subject may vary).

    With missing ratings this is Gwet's generalisation: observed agreement averages the
    subjects rated at least twice, category shares average ``r_ik / r_i`` over the subjects
    rated at least once. With complete data it is Fleiss (1971) exactly.
    """
    c = np.asarray(counts, dtype=float)
    r = c.sum(axis=1)
    two = r >= 2
    p_i = (c[two] * (c[two] - 1)).sum(axis=1) / (r[two] * (r[two] - 1))
    p_bar = float(p_i.mean()) if p_i.size else float("nan")
    rated = r >= 1
    pi_k = (c[rated] / r[rated][:, None]).mean(axis=0)
    p_e = float(pi_k @ pi_k)
    q = c.shape[1]
    ac1_e = float((pi_k * (1 - pi_k)).sum() / (q - 1)) if q > 1 else float("nan")
    per_cat = []
    if two.all() and np.all(r == r[0]):
        n_r, n_s = r[0], len(r)
        for k in range(q):
            pk = c[:, k].sum() / (n_s * n_r)
            dis = (c[:, k] * (n_r - c[:, k])).sum() / (n_s * n_r * (n_r - 1) * pk * (1 - pk)) \
                if 0 < pk < 1 else float("nan")
            per_cat.append(float(1 - dis))
    return FleissResult(_chance(p_bar, p_e), p_bar, p_e, tuple(per_cat), _chance(p_bar, ac1_e),
                        ac1_e, _chance(p_bar, 1 / q))


def gwet_ac1(data: Sequence[Sequence[Hashable | None]]) -> FleissResult:
    """Gwet's AC1 (with Fleiss' κ) of reliability data ``data[coder][unit]``."""
    counts, _ = unit_counts(data)
    return fleiss_kappa(counts)


def _chance(p_o: float, p_e: float) -> float:
    if not p_e < 1:
        return float("nan")
    return float((p_o - p_e) / (1 - p_e))
