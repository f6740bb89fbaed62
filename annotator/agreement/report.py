"""``agreement``: every coefficient of a set of coders, with bootstrap intervals, as one report.

Owns: assembling the report — which documents count (at least two chosen coders finished
them), the per-document statistics of every coefficient side by side in one matrix, the
point values from its column sums, the bootstrap from ``weights @ matrix``, and the notes that
explain every undefined value.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from annotator.agreement import alpha_u, tokens, unitizing
from annotator.agreement.bootstrap import interval, weights
from annotator.agreement.data import (
    AgreementReport,
    DocUnits,
    LabelAgreement,
    OverallAgreement,
    PairScores,
)
from annotator.agreement.layout import Corpus, flatten
from annotator.agreement.pairs import PairCounts, pair_counts
from annotator.agreement.spans import prf

DEFAULT_SEED = 20261127


class _Blocks:
    """Column blocks of the documents x statistics matrix, and their sums."""

    def __init__(self) -> None:
        self.parts: list[np.ndarray] = []
        self.where: dict[str, slice] = {}
        self.width = 0

    def add(self, name: str, matrix: np.ndarray) -> None:
        self.where[name] = slice(self.width, self.width + matrix.shape[1])
        self.width += matrix.shape[1]
        self.parts.append(matrix)

    def sums(self, n_docs: int, resamples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        matrix = np.hstack(self.parts) if self.parts else np.zeros((n_docs, 0))
        point = matrix.sum(axis=0, keepdims=True)
        if resamples <= 0 or not n_docs:
            return point, np.zeros((0, matrix.shape[1]))
        # single precision for the resamples only: halves the product's cost; the sums keep
        # ~6 significant digits, far finer than any interval (point values stay float64)
        boot = weights(n_docs, resamples, seed).astype(np.float32) @ matrix.astype(np.float32)
        return point, boot.astype(np.float64)


def agreement(docs: Sequence[DocUnits], annotators: Sequence[str],
              labels: Sequence[str] | None = None, *, resamples: int = 1000,
              seed: int = DEFAULT_SEED) -> AgreementReport:
    """Agreement of ``annotators`` over the documents at least two of them finished.

    Args:
        docs: The documents with the spans of the coders who marked them done.
        annotators: The chosen coders (two or more for defined values).
        labels: Labels to measure; ``None`` = every label the chosen coders used.
        resamples: Bootstrap resamples over documents (0 = no intervals).
        seed: Seed of the bootstrap.

    Returns:
        The report; undefined values are ``None`` and ``notes`` says why.
    """
    annotators = tuple(dict.fromkeys(annotators))
    corpus = flatten(docs, annotators, labels)
    notes = _corpus_notes(docs, annotators, corpus)
    blocks, masks, k_lengths = _statistics(corpus)
    point, boot = blocks.sums(corpus.n_docs, resamples, seed)
    values = _evaluate(point, blocks, corpus, masks, k_lengths)
    spread = _evaluate(boot, blocks, corpus, masks, k_lengths) if len(boot) else None
    pairs = [pair_counts(corpus, i, j) for i, j in combinations(range(len(annotators)), 2)]
    label_values = {name: _label(corpus, k, values, spread, pairs, notes)
                    for k, name in enumerate(corpus.labels)}
    overall = _overall(values, spread, pairs, notes)
    if corpus.n_docs and resamples <= 0:
        notes.append("No bootstrap was run (resamples = 0): there are no intervals.")
    return AgreementReport(annotators, corpus.n_docs, label_values, overall,
                           max(resamples, 0), seed, tuple(dict.fromkeys(notes)),
                           "cohen" if len(annotators) == 2 else "fleiss", len(corpus.start))


def _statistics(corpus: Corpus) -> tuple[_Blocks, np.ndarray, list[int]]:
    """Every per-document statistic, block by block (computed once, from the spans)."""
    blocks = _Blocks()
    blocks.add("shared", np.stack([corpus.doc_len.astype(float),
                                   (corpus.doc_len * corpus.m_d).astype(float)], axis=1))
    u_stats, masks = unitizing.doc_stats(corpus)
    blocks.add("u", u_stats)
    k_lengths = []
    for k in range(len(corpus.labels)):
        stats, lengths = alpha_u.label_stats(_units(corpus, k))
        blocks.add(f"au{k}", stats)
        blocks.add(f"tok{k}", tokens.label_stats(corpus, k))
        k_lengths.append(len(lengths))
    return blocks, masks, k_lengths


def _units(c: Corpus, k: int) -> alpha_u.Units:
    sel = c.label == k
    return alpha_u.Units(c.doc[sel], c.coder[sel], c.start[sel], c.end[sel], c.doc_off,
                         c.doc_len, c.present)


def _evaluate(sums: np.ndarray, blocks: _Blocks, c: Corpus, masks: np.ndarray,
              k_lengths: list[int]) -> dict[str, np.ndarray]:
    """Every bootstrapped coefficient for every row of ``sums``."""
    shared = sums[:, blocks.where["shared"]]
    out = {}
    fam = unitizing.from_sums(sums[:, blocks.where["u"]], len(masks))
    for name in ("u_alpha", "bar_u_alpha", "cu_alpha"):
        out[name] = fam[name]
    for k in range(len(c.labels)):
        hit = np.flatnonzero(masks == 1 << k)
        out[f"u_alpha{k}"] = fam["k"][:, hit[0] - 1] if len(hit) else np.full(len(sums), np.nan)
        d_o, d_e = alpha_u.from_sums(sums[:, blocks.where[f"au{k}"]], k_lengths[k],
                                     shared[:, 0], shared[:, 1])
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"alpha_u_2004{k}"] = np.where(d_e > 0, 1 - d_o / d_e, np.nan)
        tok = tokens.from_sums(sums[:, blocks.where[f"tok{k}"]], len(c.annotators) == 2)
        out[f"token_kappa{k}"], out[f"token_alpha{k}"] = tok["kappa"], tok["alpha"]
    return out


def _value(values: dict, spread: dict | None, key: str) -> tuple[float | None, tuple | None]:
    v = float(values[key][0])
    if not np.isfinite(v):
        return None, None
    return v, interval(spread[key]) if spread is not None else None


def _label(c: Corpus, k: int, values: dict, spread: dict | None, pairs: list[PairCounts],
           notes: list[str]) -> LabelAgreement:
    name = c.labels[k]
    counts = {a: int(((c.coder == i) & (c.label == k)).sum()) for i, a in enumerate(c.annotators)}
    got = {key: _value(values, spread, f"{key}{k}")
           for key in ("u_alpha", "alpha_u_2004", "token_kappa", "token_alpha")}
    scores = tuple(PairScores((c.annotators[p.a], c.annotators[p.b]),
                              prf(p.exact[k], p.n_a[k], p.n_b[k]),
                              prf(p.overlap[k], p.n_a[k], p.n_b[k])) for p in pairs)
    f1 = {mode: _mean([getattr(s, mode).f1 for s in scores]) for mode in ("exact", "overlap")}
    if c.n_docs and not sum(counts.values()):
        notes.append(f"Nobody used {name} in the counted documents: its coefficients are "
                     "undefined (agreement on its absence is complete but not measurable).")
    elif c.n_docs:
        _label_notes(name, got, notes)
    return LabelAgreement(f1["exact"], f1["overlap"], scores, *got["u_alpha"],
                          *got["alpha_u_2004"], *got["token_kappa"], *got["token_alpha"],
                          counts)


def _label_notes(name: str, got: dict, notes: list[str]) -> None:
    if got["u_alpha"][0] is None:
        notes.append(f"(k)uα of {name} is undefined: it compares the labels of intersecting "
                     f"units, and no unit of {name} meets a unit of another label (or only "
                     f"{name} occurs where units intersect).")
    if got["alpha_u_2004"][0] is None:
        notes.append(f"αU (2004) of {name} is undefined: no expected disagreement.")
    if got["token_kappa"][0] is None or got["token_alpha"][0] is None:
        notes.append(f"Token κ/α of {name} is undefined: every token has the same value "
                     "(all IN or all OUT) for every coder.")


def _overall(values: dict, spread: dict | None, pairs: list[PairCounts],
             notes: list[str]) -> OverallAgreement:
    got = {key: _value(values, spread, key) for key in ("u_alpha", "bar_u_alpha", "cu_alpha")}
    if pairs and got["cu_alpha"][0] is None and got["u_alpha"][0] is not None:
        notes.append("cuα is undefined: it needs units of at least two labels that intersect "
                     "(with a single label it has nothing to measure).")
    if pairs and got["bar_u_alpha"][0] is None and got["u_alpha"][0] is not None:
        notes.append("|uα is undefined: the continuum has no gaps or no units.")
    exact, overlap = [], []
    for p in pairs:
        exact.append(prf(p.exact.sum(), int(p.n_a.sum()), int(p.n_b.sum())).f1)
        overlap.append(prf(p.overlap.sum(), int(p.n_a.sum()), int(p.n_b.sum())).f1)
    return OverallAgreement(*got["u_alpha"], *got["bar_u_alpha"], *got["cu_alpha"],
                            _mean(exact), _mean(overlap))


def _mean(xs: list[float | None]) -> float | None:
    ok = [x for x in xs if x is not None]
    return sum(ok) / len(ok) if ok else None


def _corpus_notes(docs: Sequence[DocUnits], annotators: tuple[str, ...],
                  c: Corpus) -> list[str]:
    notes = []
    if len(annotators) < 2:
        notes.append("Agreement needs at least two annotators; "
                     f"{len(annotators)} chosen, so every value is undefined.")
    single = sum(1 for d in docs if sum(1 for a in annotators if a in d.spans) == 1)
    if single:
        notes.append(f"{single} document(s) finished by only one chosen annotator do not count.")
    if len(annotators) >= 2 and not c.n_docs:
        notes.append("No document was marked done by at least two chosen annotators: "
                     "every value is undefined.")
    elif c.n_docs and not len(c.start):
        notes.append("Nothing was annotated in the counted documents: every coefficient "
                     "is undefined (complete agreement on absence is not measurable).")
    if c.invalid:
        notes.append(f"{c.invalid} span(s) outside their document's text were left out.")
    if c.n_docs and (c.m_d < len(annotators)).any():
        notes.append("Some documents were finished by only some of the chosen annotators; "
                     "each counts with the annotators who finished it.")
    return notes
