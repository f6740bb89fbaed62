"""Krippendorff, Mathet, Bouvry & Widlöcher (2016): uα, |uα, cuα and (k)uα over characters.

Owns: per-document sufficient statistics (coincidences of the coders' segments) and the four
coefficients computed from their (possibly bootstrap-weighted) sums; ``u_alpha_family`` for a
single continuum.

Every coder partitions the continuum into segments: units (value = the label) and gaps
(value ∅). Observed coincidences ``l_ck = Σ_i Σ_{j≠i} |g_i ∩ h_j| / (m-1)`` over segments g of
value c and h of value k; expected ``e_ck = n (n_c n_k - [c=k] Q_c) / (n² - Σ Q)`` with
``Q_c = Σ l²`` over units of value c and ``Q_∅`` = total gap length (a gap has no structure, so
every gap character counts as a unit of its own). Nominal metric throughout:
``uα = 1 - Σ_{c≠k} l_ck / Σ_{c≠k} e_ck``; ``|uα`` keeps only gap/unit disagreements;
``cuα`` and ``(k)uα`` keep the intersections of units with units: ``l'_c = l_c - l_c∅``,
``e'_ck = (l'_c l'_k - [c=k] S_c) / ((l'² - Σ S) / l')`` with ``S_c = Σ_i Σ_{j≠i} Σ_{g of
value c} (overlap of g with j's units)² / (m-1)`` (the pairwise reading),
``(k)uα = 1 - (e'_k / l'_k) (l'_k - l_kk) / (e'_k - e'_kk)``.

Where one coder's spans overlap, the overlapping stretch takes a combined value (e.g.
``HEDGE+UNNAMED_SOURCE``). Documents are sections of one continuum; a document finished by
m_d coders divides its pairs by ``m_d - 1``.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.agreement.data import DocUnits
from annotator.agreement.layout import Corpus, flatten
from annotator.agreement.matching import sorted_unique


@dataclass(frozen=True)
class Segments:
    """One coder's partition of the documents they finished."""

    start: np.ndarray
    end: np.ndarray
    mask: np.ndarray  # bitmask of the labels covering the segment; 0 = gap
    doc: np.ndarray


@dataclass(frozen=True)
class UAlphaFamily:
    """The 2016 coefficients (``nan`` where undefined)."""

    u_alpha: float
    bar_u_alpha: float
    cu_alpha: float
    k_u_alpha: dict = field(default_factory=dict)  # label -> (k)uα
    k_coverage: dict = field(default_factory=dict)  # label -> l'_k / l_k


def segments(c: Corpus, i: int) -> Segments:
    """Coder ``i``'s segments: maximal stretches with one set of covering labels."""
    pres = np.flatnonzero(c.present[:, i])
    sel = c.coder == i
    lo, hi = c.doc_off[pres], c.doc_off[pres] + c.doc_len[pres]
    pts = sorted_unique(np.concatenate([c.start[sel], c.end[sel], lo, hi]))
    if len(pts) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return Segments(empty, empty, empty, empty)
    mask = np.zeros(len(pts) - 1, dtype=np.int64)
    for k in range(len(c.labels)):
        mine = sel & (c.label == k)
        delta = np.bincount(np.searchsorted(pts, c.start[mine]), minlength=len(pts)) \
            - np.bincount(np.searchsorted(pts, c.end[mine]), minlength=len(pts))
        mask |= (np.cumsum(delta)[:-1] > 0).astype(np.int64) << k
    start, end = pts[:-1], pts[1:]
    doc = np.searchsorted(c.doc_off, start, side="right") - 1
    keep = c.present[doc, i] & (end <= c.doc_off[doc] + c.doc_len[doc])
    start, end, mask, doc = start[keep], end[keep], mask[keep], doc[keep]
    new = np.ones(len(start), dtype=bool)
    new[1:] = (mask[1:] != mask[:-1]) | (doc[1:] != doc[:-1]) | (start[1:] != end[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(start)) - 1
    return Segments(start[first], end[last], mask[first], doc[first])


def doc_stats(c: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """Per-document statistics: ``documents x (V² + 2V)`` and the V value masks (∅ first)."""
    segs = [segments(c, i) for i in range(len(c.annotators))]
    masks = sorted_unique(np.concatenate([[0], *[s.mask for s in segs]]))
    v, n_docs = len(masks), c.n_docs
    lut = np.zeros(int(masks[-1]) + 1, dtype=np.int64)
    lut[masks] = np.arange(v)
    weight = 1.0 / np.maximum(c.m_d - 1, 1)
    coinc = np.zeros(n_docs * v * v)
    q = np.zeros(n_docs * v)
    s_sum = np.zeros(n_docs * v)
    for seg in segs:
        val = lut[seg.mask]
        length = (seg.end - seg.start).astype(float)
        q += np.bincount(seg.doc * v + val, np.where(val > 0, length**2, length),
                         minlength=n_docs * v)
    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            a, b = segs[i], segs[j]
            doc, va, vb, length, ia, jb = _intersections(a, b, c.present[:, i] & c.present[:, j])
            va, vb = lut[va], lut[vb]
            w = length * weight[doc]
            coinc += np.bincount((doc * v + va) * v + vb, w, minlength=n_docs * v * v)
            coinc += np.bincount((doc * v + vb) * v + va, w, minlength=n_docs * v * v)
            both = (va > 0) & (vb > 0)
            for seg_index, seg in ((ia, a), (jb, b)):
                x = np.bincount(seg_index[both], length[both], minlength=len(seg.start))
                val = lut[seg.mask]
                s_sum += np.bincount(seg.doc * v + val, x**2 * weight[seg.doc],
                                     minlength=n_docs * v)
    return np.hstack([coinc.reshape(n_docs, v * v), q.reshape(n_docs, v),
                      s_sum.reshape(n_docs, v)]), masks


def _intersections(a: Segments, b: Segments, both: np.ndarray) -> tuple[np.ndarray, ...]:
    """Common refinement of two partitions on the documents both coders finished."""
    ka, kb = both[a.doc], both[b.doc]
    a_start, a_end, b_start, b_end = a.start[ka], a.end[ka], b.start[kb], b.end[kb]
    pts = sorted_unique(np.concatenate([a_start, a_end, b_start, b_end]))
    lo, hi = pts[:-1], pts[1:]
    ia = np.searchsorted(a_start, lo, side="right") - 1
    jb = np.searchsorted(b_start, lo, side="right") - 1
    ok = (ia >= 0) & (jb >= 0)
    ok[ok] &= (lo[ok] < a_end[ia[ok]]) & (lo[ok] < b_end[jb[ok]])
    lo, hi, ia, jb = lo[ok], hi[ok], ia[ok], jb[ok]
    ia_full, jb_full = np.flatnonzero(ka)[ia], np.flatnonzero(kb)[jb]
    return (a.doc[ia_full], a.mask[ia_full], b.mask[jb_full], (hi - lo).astype(float),
            ia_full, jb_full)


def from_sums(sums: np.ndarray, v: int) -> dict[str, np.ndarray]:
    """uα, |uα, cuα and (k)uα per value from summed statistics (rows = resamples)."""
    sums = np.atleast_2d(sums)
    r = sums.shape[0]
    o = sums[:, :v * v].reshape(r, v, v)
    q, s = sums[:, v * v:v * v + v], sums[:, v * v + v:v * v + 2 * v]
    n_c = o.sum(axis=2)
    n = n_c.sum(axis=1)
    off = (o * (1 - np.eye(v))).sum(axis=(1, 2))  # no total-minus-diagonal cancellation
    denom = n**2 - q.sum(axis=1)
    out = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        out["u_alpha"] = 1 - off / (n * (n**2 - (n_c**2).sum(axis=1)) / denom)
        gap_off = o[:, 0, 1:].sum(axis=1)
        out["bar_u_alpha"] = 1 - gap_off / (n * n_c[:, 0] * (n - n_c[:, 0]) / denom)
        lp = o[:, 1:, 1:].sum(axis=2)
        lt = lp.sum(axis=1)
        s_tot = s[:, 1:].sum(axis=1)
        cu_off = (o[:, 1:, 1:] * (1 - np.eye(v - 1))).sum(axis=(1, 2))
        cu_exp = lt * (lt**2 - (lp**2).sum(axis=1)) / (lt**2 - s_tot)
        out["cu_alpha"] = 1 - cu_off / cu_exp
        den_p = ((lt**2 - s_tot) / lt)[:, None]
        e_k = (lp * lt[:, None] - s[:, 1:]) / den_p
        row_off = (o[:, 1:, 1:] * (1 - np.eye(v - 1))).sum(axis=2)
        out["k"] = 1 - (e_k / lp) * row_off * den_p / (lp * (lt[:, None] - lp))
        out["coverage"] = lp / n_c[:, 1:]
    return out


def u_alpha_family(coders: Mapping[str, Sequence[Sequence]],
                   continuum_length: int) -> UAlphaFamily:
    """The 2016 coefficients of one continuum: ``coders[name] = [[start, end, label], ...]``."""
    doc = DocUnits("continuum", continuum_length, (), (),
                   {name: [(int(s), int(e), str(lab)) for s, e, lab in spans]
                    for name, spans in coders.items()})
    corpus = flatten([doc], list(coders), None)
    stats, masks = doc_stats(corpus)
    res = from_sums(stats.sum(axis=0), len(masks))
    k_alpha, cover = {}, {}
    for k, label in enumerate(corpus.labels):
        hit = np.flatnonzero(masks == 1 << k)
        if len(hit):
            k_alpha[label] = float(res["k"][0, hit[0] - 1])
            cover[label] = float(res["coverage"][0, hit[0] - 1])
    return UAlphaFamily(float(res["u_alpha"][0]), float(res["bar_u_alpha"][0]),
                        float(res["cu_alpha"][0]), k_alpha, cover)
