"""Cross-checks on random data: the PyPI ``krippendorff`` package and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.agreement import agreement
from annotator.agreement.coefficients import cohen_kappa, fleiss_kappa, krippendorff_alpha
from annotator.agreement.layout import flatten
from annotator.agreement.pairs import pair_counts
from annotator.agreement.spans import exact_matches, overlap_matching
from annotator.agreement.tokens import inside

from .conftest import random_docs

krippendorff = pytest.importorskip("krippendorff")
metrics = pytest.importorskip("sklearn.metrics")


@pytest.mark.parametrize("seed", range(8))
def test_alpha_matches_krippendorff_package(seed):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 4, size=(int(rng.integers(2, 6)), 30)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    ours = krippendorff_alpha([[None if np.isnan(v) else int(v) for v in row] for row in data])
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours.alpha == pytest.approx(theirs, abs=1e-9)
    for level in ("ordinal", "interval", "ratio"):
        ours_l = krippendorff_alpha([[None if np.isnan(v) else int(v) + 1 for v in row]
                                     for row in data], level).alpha
        assert ours_l == pytest.approx(krippendorff.alpha(reliability_data=data + 1,
                                                          level_of_measurement=level), abs=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_cohen_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, 3, size=50), rng.integers(0, 3, size=50)
    agree = rng.random(50) < 0.5
    b[agree] = a[agree]
    assert cohen_kappa(a.tolist(), b.tolist()).kappa == pytest.approx(
        metrics.cohen_kappa_score(a, b), abs=1e-9)


def _token_table(docs, names, label):
    corpus = flatten(docs, names, None)
    k = corpus.labels.index(label)
    rows = []
    for i in range(len(names)):
        row = inside(corpus, i, k).astype(float)
        row[~corpus.present[corpus.tok_doc, i]] = np.nan
        rows.append(row)
    return np.array(rows)


@pytest.mark.parametrize("seed", range(6))
def test_token_alpha_and_kappa_against_packages(seed):
    docs = random_docs(seed, coders=2)
    report = agreement(docs, ["c0", "c1"], resamples=0)
    for label in report.labels:
        table = _token_table(docs, ["c0", "c1"], label)
        alpha = krippendorff.alpha(reliability_data=table, level_of_measurement="nominal")
        assert report.labels[label].token_alpha == pytest.approx(alpha, abs=1e-9)
        kappa = metrics.cohen_kappa_score(table[0], table[1])
        assert report.labels[label].token_kappa == pytest.approx(kappa, abs=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_token_alpha_and_fleiss_with_missing_coders(seed):
    docs = random_docs(seed, coders=4, missing=0.3)
    names = ["c0", "c1", "c2", "c3"]
    report = agreement(docs, names, resamples=0)
    for label in report.labels:
        table = _token_table(docs, names, label)
        table = table[:, (~np.isnan(table)).sum(axis=0) >= 2]
        alpha = krippendorff.alpha(reliability_data=table, level_of_measurement="nominal")
        assert report.labels[label].token_alpha == pytest.approx(alpha, abs=1e-9)
        counts = np.stack([np.nansum(table, axis=0), np.nansum(1 - table, axis=0)], axis=1)
        assert report.labels[label].token_kappa == pytest.approx(fleiss_kappa(counts).kappa,
                                                                 abs=1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_vectorised_matching_equals_per_document_matching(seed):
    docs = random_docs(seed, n_docs=20, spans=10, missing=0.2)
    names = ["c0", "c1", "c2"]
    corpus = flatten(docs, names, None)
    for i, j in ((0, 1), (0, 2), (1, 2)):
        counts = pair_counts(corpus, i, j)
        for k, label in enumerate(corpus.labels):
            exact = over = 0
            for d in docs:
                if names[i] in d.spans and names[j] in d.spans:
                    a = sorted(s for s in d.spans[names[i]] if s[2] == label)
                    b = sorted(s for s in d.spans[names[j]] if s[2] == label)
                    exact += exact_matches(a, b)
                    over += len(overlap_matching(a, b))
            assert counts.exact[k] == exact
            assert counts.overlap[k] == over
