"""Krippendorff (2004) αU per label, other labels counting as gaps (the DKPro/INCEpTION figure).

Owns: per-document sufficient statistics of αU for one label and the coefficient computed from
their (possibly bootstrap-weighted) sums, plus ``alpha_u_2004`` on DKPro's study layout.

Definitions (Krippendorff 2004, pp. 251-256, as implemented by DKPro Statistics): for coders
i != j, unit-or-gap g of i and h of j, δ²(g, h) is ``(b_g - b_h)² + (e_g - e_h)²`` for two
overlapping units, ``l_g²`` for a unit lying inside a gap of the other coder, 0 otherwise.
``D_o = Σ δ² / (m (m-1) L²)``, ``D_e = (2/L) Σ_units [(N_c-1)/3 (2l³-3l²+l) + l² Σ_gaps,
l_gap >= l (l_gap-l+1)] / (mL(mL-1) - Σ_units l(l-1))``, ``αU = 1 - D_o / D_e``.

Documents are sections of one continuum: gaps stop at document boundaries (so the value does
not depend on document order); with one document this is DKPro's value exactly. A document
finished by m_d < m coders contributes its coder pairs divided by ``m_d - 1`` and ``m_d L_d``
pairable characters. Overlapping units of one coder and label are merged first.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.agreement.matching import overlap_pairs, sorted_unique

FIXED = 4  # columns before the length histograms: D_o sum, N_c, Σ(2l³-3l²+l), Σ l(l-1)


@dataclass(frozen=True)
class Units:
    """Units of one label: parallel arrays (global offsets) on documents as sections."""

    doc: np.ndarray
    coder: np.ndarray
    start: np.ndarray
    end: np.ndarray
    doc_off: np.ndarray
    doc_len: np.ndarray
    present: np.ndarray  # documents x coders


@dataclass(frozen=True)
class AlphaU2004:
    """αU of a unitizing study with per-category parts (``nan`` where undefined)."""

    alpha: float
    observed: float
    expected: float
    categories: dict = field(default_factory=dict)  # category -> (D_o, D_e, alpha)


def label_stats(u: Units, merge: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Per-document statistics of one label: ``documents x (4 + 2k)`` and the k unit lengths."""
    if merge:
        u = _merged(u)
    n_docs = len(u.doc_len)
    m_d = u.present.sum(axis=1).astype(float)
    weight = 1.0 / np.maximum(m_d - 1, 1)
    length = (u.end - u.start).astype(float)
    stats = np.zeros((n_docs, FIXED))
    stats[:, 0] = _observed(u) * weight
    stats[:, 1] = np.bincount(u.doc, minlength=n_docs)
    stats[:, 2] = np.bincount(u.doc, 2 * length**3 - 3 * length**2 + length, minlength=n_docs)
    stats[:, 3] = np.bincount(u.doc, length * (length - 1), minlength=n_docs)
    lengths = sorted_unique(u.end - u.start)
    which = np.searchsorted(lengths, u.end - u.start)
    k = len(lengths)
    hist = np.bincount(u.doc * k + which, minlength=n_docs * k).reshape(n_docs, k)
    return np.hstack([stats, hist, _gap_kernel(u, lengths)]), lengths


def from_sums(sums: np.ndarray, k: int, total_len: np.ndarray,
              pairable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Observed and expected disagreement from summed statistics (rows = resamples)."""
    sums = np.atleast_2d(sums)
    big_l, n = np.asarray(total_len, float), np.asarray(pairable, float)
    t2 = (sums[:, FIXED:FIXED + k] * sums[:, FIXED + k:FIXED + 2 * k]).sum(axis=1)
    num = (sums[:, 1] - 1) / 3 * sums[:, 2] + t2
    den = n * (n - 1) - sums[:, 3]
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = sums[:, 0] / (n * big_l)
        expected = 2 / big_l * num / den
    return observed, expected


def _merged(u: Units) -> Units:
    """Merge overlapping units of the same coder (sorted by coder, start)."""
    if len(u.start) < 2:
        return u
    order = np.lexsort((u.end, u.start, u.coder))
    doc, coder, start, end = u.doc[order], u.coder[order], u.start[order], u.end[order]
    shift = coder * (int(end.max()) + 1)
    run_end = np.maximum.accumulate(end + shift) - shift
    new = np.ones(len(start), dtype=bool)
    new[1:] = (start[1:] >= run_end[:-1]) | (coder[1:] != coder[:-1])
    first = np.flatnonzero(new)
    last_end = np.maximum.reduceat(end, first)
    return Units(doc[first], coder[first], start[first], last_end, u.doc_off, u.doc_len,
                 u.present)


def _observed(u: Units) -> np.ndarray:
    """Σ over ordered coder pairs of δ², per document."""
    n_docs, m = u.present.shape
    out = np.zeros(n_docs)
    length = (u.end - u.start).astype(float)
    for i in range(m):
        for j in range(i + 1, m):
            both = u.present[:, i] & u.present[:, j]
            a = np.flatnonzero((u.coder == i) & both[u.doc])
            b = np.flatnonzero((u.coder == j) & both[u.doc])
            ia, jb = overlap_pairs(u.start[a], u.end[a], u.start[b], u.end[b])
            ia, jb = a[ia], b[jb]
            d2 = (u.start[ia] - u.start[jb]) ** 2 + (u.end[ia] - u.end[jb]) ** 2
            out += 2 * np.bincount(u.doc[ia], d2.astype(float), minlength=n_docs)
            touched = np.zeros(len(u.start), dtype=bool)
            touched[ia] = True
            touched[jb] = True
            for side in (a, b):
                alone = side[~touched[side]]
                out += 2 * np.bincount(u.doc[alone], length[alone] ** 2, minlength=n_docs)
    return out


def _gaps(u: Units) -> tuple[np.ndarray, np.ndarray]:
    """Gaps of every coder in every document they finished: (document, length)."""
    docs, lens = [], []
    for i in range(u.present.shape[1]):
        pres = np.flatnonzero(u.present[:, i])
        sel = u.coder == i
        lo, hi = u.doc_off[pres], u.doc_off[pres] + u.doc_len[pres]
        doc = np.concatenate([pres, u.doc[sel], pres])
        start = np.concatenate([lo, u.start[sel], hi])
        end = np.concatenate([lo, u.end[sel], hi])
        order = np.lexsort((end, start, doc))
        doc, start, end = doc[order], start[order], end[order]
        prev_end = np.maximum.accumulate(end)
        gap = start[1:] - prev_end[:-1]
        ok = (doc[1:] == doc[:-1]) & (gap > 0)
        docs.append(doc[1:][ok])
        lens.append(gap[ok])
    return np.concatenate(docs), np.concatenate(lens)


def _gap_kernel(u: Units, lengths: np.ndarray) -> np.ndarray:
    """``H[d, j] = u_j² Σ_{gaps g of d, l_g >= u_j} (l_g - u_j + 1)``."""
    n_docs, k = len(u.doc_len), len(lengths)
    if not k:
        return np.zeros((n_docs, 0))
    gdoc, glen = _gaps(u)
    top = np.searchsorted(lengths, glen, side="right")  # unit lengths <= gap length
    ok = top > 0
    cell = gdoc[ok] * k + top[ok] - 1
    count = np.bincount(cell, minlength=n_docs * k).reshape(n_docs, k).astype(float)
    total = np.bincount(cell, glen[ok] + 1.0, minlength=n_docs * k).reshape(n_docs, k)
    tail_count = np.cumsum(count[:, ::-1], axis=1)[:, ::-1]
    tail_total = np.cumsum(total[:, ::-1], axis=1)[:, ::-1]
    lj = lengths.astype(float)
    return lj**2 * (tail_total - lj * tail_count)


def alpha_u_2004(units: Sequence[Sequence], raters: int, continuum_begin: int,
                 continuum_length: int) -> AlphaU2004:
    """αU of a study in DKPro's layout: units ``[begin, length, rater, category]``.

    Returns the overall value ``1 - Σ_c D_o / Σ_c D_e`` and per category ``(D_o, D_e, α)``;
    as in DKPro, α is 0 when ``D_o == D_e`` and the overall value is ``nan`` with no units.
    """
    cats = sorted({u[3] for u in units}, key=str)
    parts = {}
    for cat in cats:
        mine = [u for u in units if u[3] == cat]
        begin = np.array([u[0] for u in mine], dtype=np.int64)
        stop = begin + np.array([u[1] for u in mine], dtype=np.int64)
        unit = Units(np.zeros(len(mine), np.int64), np.array([u[2] for u in mine], np.int64),
                     begin, stop, np.array([continuum_begin]), np.array([continuum_length]),
                     np.ones((1, raters), dtype=bool))
        stats, lengths = label_stats(unit, merge=False)
        d_o, d_e = from_sums(stats.sum(axis=0), len(lengths), continuum_length,
                             raters * continuum_length)
        parts[cat] = (float(d_o[0]), float(d_e[0]), _alpha(float(d_o[0]), float(d_e[0])))
    if not parts:
        nan = float("nan")
        return AlphaU2004(nan, nan, nan, {})
    d_o = sum(p[0] for p in parts.values()) / len(parts)
    d_e = sum(p[1] for p in parts.values()) / len(parts)
    return AlphaU2004(_alpha(d_o, d_e), d_o, d_e, parts)


def _alpha(d_o: float, d_e: float) -> float:
    return 0.0 if d_o == d_e else 1.0 - d_o / d_e


def delta2(b1: int, l1: int, c1: object, b2: int, l2: int, c2: object) -> float:
    """Krippendorff's (2004) δ² between a unit-or-gap of one coder and one of another.

    ``c = None`` marks a gap. Two overlapping units: ``(b1-b2)² + (e1-e2)²``; a unit inside
    the other coder's gap: its length squared; anything else: 0.
    """
    if c1 is not None and c2 is not None:
        return float((b1 - b2) ** 2 + (b1 + l1 - b2 - l2) ** 2) if -l1 < b1 - b2 < l2 else 0.0
    if c1 is not None and c2 is None:
        return float(l1**2) if l2 - l1 >= b1 - b2 >= 0 else 0.0
    if c1 is None and c2 is not None:
        return float(l2**2) if l1 - l2 >= b2 - b1 >= 0 else 0.0
    return 0.0
