"""Every published worked example in ../shared/data/iaa/vectors.json, reproduced.

Each (case, key) is its own test: the value must be within 1e-9 of ``expected`` and within
``tolerance_published`` of ``expected_published``. Keys of variants this package does not
implement are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path

import pytest

from annotator.agreement import DocUnits, agreement
from annotator.agreement.alpha_u import alpha_u_2004, delta2
from annotator.agreement.coefficients import (
    LEVELS,
    alpha_from_counts,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    kappa_table,
    krippendorff_alpha,
)
from annotator.agreement.spans import prf, span_prf
from annotator.agreement.unitizing import u_alpha_family

VECTORS = Path(__file__).resolve().parents[3] / "shared" / "data" / "iaa" / "vectors.json"
CASES = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"] if VECTORS.exists() else []
pytestmark = pytest.mark.skipif(not CASES, reason=f"{VECTORS} is missing")

NOT_IMPLEMENTED = {
    "gwet_ac2_quadratic": "Gwet's AC2 (weighted) is not implemented (AC1 is)",
    "ac2_quadratic": "Gwet's AC2 (weighted) is not implemented (AC1 is)",
    "ac2_bipolar": "Gwet's AC2 (weighted) is not implemented (AC1 is)",
    "alpha_weighted": "α with a custom distance matrix is not implemented",
    "kappa_weighted": "weighted κ is not implemented",
    "cu_alpha_union_variant": "the report uses the pairwise reading of cuα (see docs)",
    "k_u_alpha_1_union_variant": "the report uses the pairwise reading of (k)uα (see docs)",
    "k_u_alpha_2_union_variant": "the report uses the pairwise reading of (k)uα (see docs)",
}


def _table_to_data(table: list[list[int]]) -> list[list[int]]:
    a, b = [], []
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            a += [i] * n
            b += [j] * n
    return [a, b]


def _alpha(inp: dict) -> dict:
    out = {}
    for level in LEVELS:
        with contextlib.suppress(TypeError, ValueError):  # ordinal/interval need numbers
            out[f"alpha_{level}"] = krippendorff_alpha(inp["data"], level).alpha
    nominal = krippendorff_alpha(inp["data"])
    out.update(D_o_nominal=nominal.observed, D_e_nominal=nominal.expected,
               percent_agreement=nominal.percent_agreement)
    return out


def _fleiss(inp: dict) -> dict:
    r = fleiss_kappa(inp["counts"])
    out = {"kappa": r.kappa, "P_bar": r.p_bar, "P_e": r.p_e,
           "alpha_nominal_same_data": alpha_from_counts(inp["counts"]).alpha,
           "randolph_free_marginal_kappa": r.randolph}
    out.update({f"kappa_cat{i + 1}": k for i, k in enumerate(r.per_category)})
    return out


def _table(inp: dict) -> dict:
    r = kappa_table(inp["table"])
    alpha = krippendorff_alpha(_table_to_data(inp["table"])).alpha
    return {"kappa": r.kappa, "cohen_kappa": r.kappa, "P_o": r.p_o, "P_e": r.p_e,
            "scott_pi": r.scott_pi, "bennett_s": r.bennett_s, "gwet_ac1": r.gwet_ac1,
            "ac1": r.gwet_ac1, "pa": r.p_o, "pe": r.ac1_p_e, "alpha_nominal": alpha}


def _gwet(inp: dict) -> dict:
    if "table" in inp:
        return _table(inp)
    r = gwet_ac1(inp["data"])
    return {"ac1": r.gwet_ac1, "pa": r.p_bar, "pe": r.gwet_pe, "fleiss_kappa_missing": r.kappa}


def _alpha_u(inp: dict) -> dict:
    r = alpha_u_2004(inp["units"], inp["raters"], inp["continuum_begin"],
                     inp["continuum_length"])
    out = {"alpha_u": r.alpha}
    for cat, (d_o, d_e, a) in r.categories.items():
        out.update({f"D_o_{cat}": d_o, f"D_e_{cat}": d_e, f"alpha_{cat}": a})
    return out


def _delta2(inp: dict) -> dict:
    return {"distances": [delta2(*p) for p in inp["pairs"]],
            "pair_sums": [sum(delta2(*p) for p in group) for group in inp["pair_sums"]]}


def _token(inp: dict) -> dict:
    a, b = inp["data"]
    r = cohen_kappa(a, b)
    return {"cohen_kappa": r.kappa, "scott_pi": r.scott_pi,
            "alpha_nominal": krippendorff_alpha(inp["data"]).alpha}


def _u_family(inp: dict) -> dict:
    r = u_alpha_family(inp["coders"], inp["continuum_length"])
    out = {"u_alpha": r.u_alpha, "bar_u_alpha": r.bar_u_alpha,
           "cu_alpha_pairwise_variant": r.cu_alpha}
    for label, value in r.k_u_alpha.items():
        out[f"k_u_alpha_{label}_pairwise_variant"] = value
        out[f"k_u_coverage_{label}"] = r.k_coverage[label]
    return out


def _span_f1(inp: dict) -> dict:
    if "annotator_A" not in inp:
        a, b, c = inp["a"], inp["b"], inp["c"]
        f1 = prf(a, a + b, a + c).f1
        out = {"F1": f1, "positive_specific_agreement": f1}
        for d in inp["d_values"]:
            out[f"kappa_d{d}"] = kappa_table([[a, b], [c, d]]).kappa
        return out
    a = [tuple(x) for x in inp["annotator_A"]]
    b = [tuple(x) for x in inp["annotator_B"]]
    tp, exact = span_prf(a, b, "exact")
    otp, over = span_prf(a, b, "overlap")
    atp, anyl = span_prf(a, b, "overlap", same_label=False)
    return {"exact_tp": tp, "exact_precision": exact.precision, "exact_recall": exact.recall,
            "exact_f1": exact.f1, "overlap_same_label_tp": otp, "overlap_same_label_f1": over.f1,
            "overlap_any_label_tp": atp, "overlap_any_label_f1": anyl.f1,
            "overlap_same_label_lenient_f1": over.f1}


COMPUTE = {"krippendorff_alpha": _alpha, "fleiss_kappa": _fleiss, "cohen_kappa": _table,
           "gwet_ac1": _gwet, "krippendorff_alpha_u_2004": _alpha_u,
           "krippendorff_alpha_u_2004_delta2": _delta2, "token_kappa": _token,
           "u_alpha_family_2016": _u_family, "span_f1": _span_f1}


def _params(field: str) -> list:
    out = []
    for case in CASES:
        for key in case.get(field, {}):
            out.append(pytest.param(case, key, id=f"{case['name']}::{key}"))
    return out


def _close(got, want, tol: float) -> bool:
    if isinstance(want, list):
        return len(got) == len(want) and all(_close(g, w, tol) for g, w in zip(got, want))
    if want == "NaN":
        return isinstance(got, float) and math.isnan(got)
    return abs(float(got) - float(want)) <= tol


def _computed(case: dict, key: str):
    if key in NOT_IMPLEMENTED:
        pytest.skip(NOT_IMPLEMENTED[key])
    if case["measure"] not in COMPUTE:
        pytest.skip(f"measure {case['measure']} is not implemented")
    got = COMPUTE[case["measure"]](case["input"])
    assert key in got, f"{case['name']}: nothing computed for {key}"
    return got[key]


@pytest.mark.parametrize(("case", "key"), _params("expected"))
def test_expected_to_1e9(case, key):
    assert _close(_computed(case, key), case["expected"][key], 1e-9)


@pytest.mark.parametrize(("case", "key"), _params("expected_published"))
def test_published_within_tolerance(case, key):
    # A printed value is only as precise as its digits: the tolerance is the stated one or
    # half a unit of the last printed digit, whichever is larger (0.815 for 0.81539 is stated
    # with 1e-4 but printed to three decimals).
    digits = len(str(case["expected_published"][key]).split(".")[-1])
    stated = (case.get("tolerance_published") or {}).get(key) or 0.0
    tol = max(stated, 0.5 * 10 ** -digits)
    assert _close(_computed(case, key), case["expected_published"][key], tol + 1e-12)


@pytest.mark.parametrize("case", [c for c in CASES if "dkpro_exact" in c and c["dkpro_exact"]
                                  ["categories"]], ids=lambda c: c["name"])
def test_alpha_u_matches_dkpro_exactly(case):
    inp, want = case["input"], case["dkpro_exact"]
    got = alpha_u_2004(inp["units"], inp["raters"], inp["continuum_begin"],
                       inp["continuum_length"])
    assert _close(got.alpha, want["alpha_u"], 1e-9)
    assert _close(got.observed, want["D_o"], 1e-9)
    assert _close(got.expected, want["D_e"], 1e-9)
    for cat, parts in want["categories"].items():
        assert _close(list(got.categories[cat]), [parts["D_o"], parts["D_e"], parts["alpha"]],
                      1e-9)


def _report_case(name: str) -> dict:
    return next(c for c in CASES if c["name"] == name)


@pytest.mark.parametrize("name", ["alpha_u_krippendorff_2004_p254", "alpha_u_dkpro_simple_negative",
                                  "alpha_u_krippendorff_1995_stretch1",
                                  "alpha_u_krippendorff_1995_stretch50000",
                                  "alpha_u_edge_single_unit_3raters"])
def test_report_alpha_u_2004_equals_dkpro_on_one_document(name):
    case = _report_case(name)
    inp = case["input"]
    begin = inp["continuum_begin"]
    coders = {f"r{i}": [] for i in range(inp["raters"])}
    for b, length, rater, cat in inp["units"]:
        coders[f"r{rater}"].append((b - begin, b - begin + length, str(cat)))
    doc = DocUnits("d", inp["continuum_length"], [], [], coders)
    report = agreement([doc], list(coders), resamples=0)
    for cat, parts in case["dkpro_exact"]["categories"].items():
        assert _close(report.labels[str(cat)].alpha_u_2004, parts["alpha"], 1e-9)


def test_report_reproduces_u_alpha_family():
    case = _report_case("u_alpha_lindanna_example_3coders")
    inp, want = case["input"], case["expected"]
    doc = DocUnits("d", inp["continuum_length"], [], [],
                   {k: [tuple(s) for s in v] for k, v in inp["coders"].items()})
    report = agreement([doc], list(inp["coders"]), resamples=0)
    assert _close(report.overall.u_alpha, want["u_alpha"], 1e-9)
    assert _close(report.overall.bar_u_alpha, want["bar_u_alpha"], 1e-9)
    assert _close(report.overall.cu_alpha, want["cu_alpha_pairwise_variant"], 1e-9)
    for label in ("1", "2"):
        assert _close(report.labels[label].u_alpha,
                      want[f"k_u_alpha_{label}_pairwise_variant"], 1e-9)


@pytest.mark.parametrize("name", ["digitized_krippendorff_1995_A_Bertha_Bill",
                                  "digitized_krippendorff_1995_C_Gerret_Gill"])
def test_report_token_kappa_on_digitized_example(name):
    case = _report_case(name)
    data = case["input"]["data"]
    coders = {}
    for c, row in enumerate(data):
        coders[f"c{c}"] = [(p, p + 1, "U") for p, v in enumerate(row) if v]
    n = len(data[0])
    doc = DocUnits("d", n, list(range(n)), list(range(1, n + 1)), coders)
    report = agreement([doc], list(coders), resamples=0)
    assert _close(report.labels["U"].token_kappa, case["expected"]["cohen_kappa"], 1e-9)
    if "alpha_nominal" in case["expected"]:
        assert _close(report.labels["U"].token_alpha, case["expected"]["alpha_nominal"], 1e-9)


def test_report_span_f1_hand_example():
    inp = _report_case("span_f1_pairwise_hand_example")["input"]
    doc = DocUnits("d", inp["n_tokens"], [], [],
                   {"A": [tuple(s) for s in inp["annotator_A"]],
                    "B": [tuple(s) for s in inp["annotator_B"]]})
    report = agreement([doc], ["A", "B"], resamples=0)
    assert _close(report.overall.span_f1_exact, 0.25, 1e-12)
    assert _close(report.overall.span_f1_overlap, 0.5, 1e-12)
