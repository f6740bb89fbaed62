"""Token-level agreement per label: Cohen's κ (two coders), Fleiss' κ (more), Krippendorff's α.

Owns: the token IN/OUT tables and their per-document sufficient statistics, and the three
coefficients from (possibly bootstrap-weighted) sums. A token is IN for a coder and label when
a span of that label covers any of its characters; every coder who finished the document codes
every token of it. Fleiss' κ uses Gwet's form for subjects with unequal numbers of raters
(identical to Fleiss 1971 when every coder finished every document); α is nominal, binary.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

import numpy as np

from annotator.agreement.layout import Corpus

COLUMNS = 10  # o11, o10, o00, pa, pi_in, units, n11, n10, n01, n00


def inside(c: Corpus, coder: int, label: int) -> np.ndarray:
    """Boolean per token: a span of ``label`` by ``coder`` covers one of its characters."""
    n_tok = len(c.tok_start)
    sel = (c.coder == coder) & (c.label == label)
    lo = np.searchsorted(c.tok_end, c.start[sel], side="right")
    hi = np.searchsorted(c.tok_start, c.end[sel], side="left")
    ok = hi > lo
    delta = np.bincount(lo[ok], minlength=n_tok + 1) - np.bincount(hi[ok], minlength=n_tok + 1)
    return np.cumsum(delta)[:n_tok] > 0


def label_stats(c: Corpus, label: int) -> np.ndarray:
    """Per-document token statistics of one label: ``documents x COLUMNS``.

    Every column is a function of how many tokens of a document have n coders IN (m_d is
    fixed per document), plus, for two coders, how many tokens each coder has IN.
    """
    n_docs, m = c.n_docs, len(c.annotators)
    ins = [inside(c, i, label) for i in range(m)]
    n_in = np.sum(ins, axis=0, dtype=np.int64) if m else np.zeros(len(c.tok_start), np.int64)
    hist = np.bincount(c.tok_doc * (m + 1) + n_in, minlength=n_docs * (m + 1))
    hist = hist.reshape(n_docs, m + 1).astype(float)
    k = np.arange(m + 1, dtype=float)[None, :]
    mm = c.m_d.astype(float)[:, None]
    out_ = mm - k
    with np.errstate(divide="ignore", invalid="ignore"):
        per = [k * (k - 1) / (mm - 1), k * out_ / (mm - 1), out_ * (out_ - 1) / (mm - 1),
               (k * (k - 1) + out_ * (out_ - 1)) / (mm * (mm - 1)), k / mm,
               np.ones_like(k * mm)]
    cols = [np.nan_to_num(x * hist).sum(axis=1) for x in per]
    if m == 2:
        a_in = np.bincount(c.tok_doc[ins[0]], minlength=n_docs).astype(float)
        b_in = np.bincount(c.tok_doc[ins[1]], minlength=n_docs).astype(float)
        cols += [hist[:, 2], a_in - hist[:, 2], b_in - hist[:, 2], hist[:, 0]]
    else:
        cols += [np.zeros(n_docs)] * 4
    return np.stack(cols, axis=1) if n_docs else np.zeros((0, COLUMNS))


def from_sums(sums: np.ndarray, two_coders: bool) -> dict[str, np.ndarray]:
    """Token κ (Cohen or Fleiss) and α from summed statistics (rows = resamples)."""
    s = np.atleast_2d(sums)
    o11, o10, o00, pa, pin, units, n11, n10, n01, n00 = s.T
    with np.errstate(divide="ignore", invalid="ignore"):
        n1, n0 = o11 + o10, o00 + o10
        n = n1 + n0
        alpha = 1 - (n - 1) * o10 / (n1 * n0)
        if two_coders:
            total = n11 + n10 + n01 + n00
            p_o = (n11 + n00) / total
            p_e = ((n11 + n10) * (n11 + n01) + (n00 + n01) * (n00 + n10)) / total**2
        else:
            p_o = pa / units
            share = pin / units
            p_e = share**2 + (1 - share) ** 2
        kappa = np.where(p_e < 1, (p_o - p_e) / (1 - p_e), np.nan)
    return {"kappa": kappa, "alpha": np.where((n1 > 0) & (n0 > 0), alpha, np.nan)}
