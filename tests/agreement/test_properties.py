"""Hypothesis properties of the report: identical coders, symmetry, order invariance."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import DocUnits, agreement, classify, disagreement_score

from .conftest import random_docs

COEFFS = ("u_alpha", "alpha_u_2004", "token_kappa", "token_alpha", "span_f1_exact",
          "span_f1_overlap")
OVERALL = ("u_alpha", "bar_u_alpha", "cu_alpha", "span_f1_exact", "span_f1_overlap")


def _values(report) -> dict:
    out = {}
    for name, la in report.labels.items():
        for key in COEFFS:
            out[f"{name}.{key}"] = getattr(la, key)
        out[f"{name}.counts"] = dict(la.counts)
    for key in OVERALL:
        out[key] = getattr(report.overall, key)
    return out


def _same(x: dict, y: dict) -> None:
    assert x.keys() == y.keys()
    for key in x:
        if isinstance(x[key], float) and isinstance(y[key], float):
            assert x[key] == pytest.approx(y[key], abs=1e-9), key
        else:
            assert x[key] == y[key], key


@st.composite
def corpora(draw):
    seed = draw(st.integers(0, 10_000))
    coders = draw(st.integers(2, 4))
    missing = draw(st.sampled_from([0.0, 0.2]))
    return random_docs(seed, n_docs=draw(st.integers(1, 6)), coders=coders,
                       spans=draw(st.integers(0, 6)), missing=missing)


def _names(docs):
    return sorted({c for d in docs for c in d.spans} | {"c0", "c1"})


@settings(max_examples=40, deadline=None)
@given(corpora())
def test_identical_coders_agree_perfectly(docs):
    same = [DocUnits(d.doc_id, d.length, d.token_starts, d.token_ends,
                     {"x": list(d.spans.get("c0", [])), "y": list(d.spans.get("c0", []))})
            for d in docs]
    report = agreement(same, ["x", "y"], resamples=0)
    for key, value in _values(report).items():
        if not key.endswith("counts"):
            assert value is None or math.isclose(value, 1.0, abs_tol=1e-9), key
    for d in same:
        assert classify(d.spans["x"], d.spans["y"]) == []
        assert disagreement_score(d, ["x", "y"]) == 0.0


@settings(max_examples=40, deadline=None)
@given(corpora(), st.randoms(use_true_random=False))
def test_invariant_to_coder_order(docs, rnd):
    names = _names(docs)
    shuffled = names[:]
    rnd.shuffle(shuffled)
    _same(_values(agreement(docs, names, resamples=0)),
          _values(agreement(docs, shuffled, resamples=0)))


@settings(max_examples=40, deadline=None)
@given(corpora())
def test_symmetric_in_two_coders(docs):
    one = agreement(docs, ["c0", "c1"], resamples=0)
    two = agreement(docs, ["c1", "c0"], resamples=0)
    _same(_values(one), _values(two))
    for label in one.labels:
        p, q = one.labels[label].pairs[0], two.labels[label].pairs[0]
        assert (p.exact.precision, p.exact.recall) == (q.exact.recall, q.exact.precision)
        assert (p.overlap.precision, p.overlap.recall) == (q.overlap.recall,
                                                           q.overlap.precision)


@settings(max_examples=40, deadline=None)
@given(corpora(), st.randoms(use_true_random=False))
def test_invariant_to_document_order(docs, rnd):
    names = _names(docs)
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    _same(_values(agreement(docs, names, resamples=0)),
          _values(agreement(shuffled, names, resamples=0)))


def test_bootstrap_is_deterministic_and_brackets_the_value(docs3):
    names = ["c0", "c1", "c2"]
    one = agreement(docs3, names, resamples=200, seed=5).to_json()
    two = agreement(docs3, names, resamples=200, seed=5).to_json()
    assert one == two
    assert one["bootstrap"] == {"resamples": 200, "seed": 5}
    for label in one["labels"].values():
        for key in ("u_alpha", "alpha_u_2004", "token_kappa", "token_alpha"):
            if label[key] is not None and label[f"{key}_ci95"] is not None:
                lo, hi = label[f"{key}_ci95"]
                assert lo <= hi
    lo, hi = one["overall"]["u_alpha_ci95"]
    assert lo - 0.05 <= one["overall"]["u_alpha"] <= hi + 0.05
