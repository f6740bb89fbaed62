"""Bootstrap over documents as weighted sums of per-document statistics.

Owns: the ``resamples x documents`` weight matrix (how often each document is drawn in each
resample) and percentile intervals. A coefficient's resampled values come from
``weights @ stats`` (``documents x statistics``), never from recomputing spans.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

import numpy as np

MIN_DEFINED = 0.5  # an interval needs a defined value in at least half the resamples


def weights(n_docs: int, resamples: int, seed: int) -> np.ndarray:
    """Multinomial draw counts: row r says how often each document appears in resample r."""
    rng = np.random.default_rng(seed)
    out = np.empty((resamples, n_docs), dtype=np.float64)
    chunk = max(1, 2_000_000 // max(n_docs, 1))
    for lo in range(0, resamples, chunk):
        rows = min(chunk, resamples - lo)
        draws = rng.integers(0, n_docs, size=(rows, n_docs))
        draws += (np.arange(rows) * n_docs)[:, None]
        out[lo:lo + rows] = np.bincount(draws.ravel(), minlength=rows * n_docs).reshape(
            rows, n_docs)
    return out


def interval(values: np.ndarray) -> tuple[float, float] | None:
    """95% percentile interval of the defined resampled values (``None`` if too few)."""
    values = np.asarray(values, dtype=float)
    ok = values[np.isfinite(values)]
    if not len(values) or len(ok) < MIN_DEFINED * len(values):
        return None
    lo, hi = np.percentile(ok, [2.5, 97.5])
    return float(lo), float(hi)
