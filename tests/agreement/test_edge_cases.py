"""Edge cases give None with a note, never a crash; classify and the JSON shape."""

from __future__ import annotations

import json

from annotator.agreement import Disagreement, DocUnits, agreement, classify, disagreement_score


def _doc(spans, doc_id="d", length=40):
    return DocUnits(doc_id, length, list(range(0, length, 4)), list(range(3, length + 1, 4)),
                    spans)


def _all_none(report):
    data = report.to_json()
    for label in data["labels"].values():
        for key in ("u_alpha", "alpha_u_2004", "token_kappa", "token_alpha"):
            assert label[key] is None
    for key in ("u_alpha", "bar_u_alpha", "cu_alpha"):
        assert data["overall"][key] is None
    json.dumps(data)  # serialisable
    return data


def test_one_coder():
    report = agreement([_doc({"a": [(0, 5, "H")]})], ["a"])
    data = _all_none(report)
    assert data["documents"] == 0
    assert any("at least two annotators" in n for n in data["notes"])


def test_nothing_annotated_is_agreement_on_absence_but_undefined():
    report = agreement([_doc({"a": [], "b": []}), _doc({"a": [], "b": []}, "e")], ["a", "b"],
                       labels=["H"])
    data = _all_none(report)
    assert data["documents"] == 2
    assert data["labels"]["H"]["counts"] == {"a": 0, "b": 0}
    assert data["labels"]["H"]["span_f1"] == {"exact": None, "overlap": None}
    assert any("Nothing was annotated" in n for n in data["notes"])


def test_label_nobody_used():
    docs = [_doc({"a": [(0, 5, "H"), (10, 20, "S")], "b": [(0, 6, "H"), (10, 20, "S")]})]
    report = agreement(docs, ["a", "b"], labels=["H", "S", "X"], resamples=50)
    data = report.to_json()
    assert data["labels"]["X"]["u_alpha"] is None
    assert data["labels"]["X"]["alpha_u_2004"] is None
    assert data["labels"]["X"]["token_kappa"] is None
    assert any("Nobody used X" in n for n in data["notes"])
    assert data["labels"]["H"]["alpha_u_2004"] is not None


def test_document_only_one_coder_finished_does_not_count():
    docs = [_doc({"a": [(0, 5, "H")], "b": [(0, 5, "H")]}, "d1"),
            _doc({"a": [(0, 9, "H")]}, "d2")]
    report = agreement(docs, ["a", "b"], resamples=0)
    assert report.documents == 1
    assert report.labels["H"].counts == {"a": 1, "b": 1}
    assert any("only one chosen annotator" in n for n in report.notes)
    assert report.labels["H"].span_f1_exact == 1.0


def test_no_documents_and_unknown_coders():
    assert agreement([], ["a", "b"]).documents == 0
    report = agreement([_doc({"a": [(0, 5, "H")]})], ["x", "y"])
    assert any("No document" in n for n in report.notes)
    _all_none(report)


def test_single_label_cu_alpha_is_undefined_with_a_note():
    docs = [_doc({"a": [(0, 5, "H"), (12, 20, "H")], "b": [(0, 6, "H"), (24, 28, "H")]})]
    report = agreement(docs, ["a", "b"], resamples=0)
    assert report.overall.cu_alpha is None
    assert report.overall.u_alpha is not None
    assert any("cuα is undefined" in n for n in report.notes)


def test_json_has_the_formats_keys():
    docs = [_doc({"a": [(0, 5, "H"), (10, 20, "S")], "b": [(0, 6, "H"), (12, 20, "S")]})]
    data = agreement(docs, ["a", "b"], resamples=20, seed=3).to_json()
    assert {"annotators", "documents", "continuum", "labels", "overall", "bootstrap",
            "notes"} <= set(data)
    label = data["labels"]["H"]
    assert {"span_f1", "pairs", "u_alpha", "u_alpha_ci95", "alpha_u_2004", "token_kappa",
            "token_alpha", "counts"} <= set(label)
    assert set(data["overall"]) >= {"u_alpha", "bar_u_alpha", "cu_alpha", "span_f1"}
    assert label["pairs"][0]["annotators"] == ["a", "b"]
    assert set(label["pairs"][0]["exact"]) == {"precision", "recall", "f1"}


def test_invalid_spans_are_left_out_with_a_note():
    docs = [_doc({"a": [(0, 5, "H"), (30, 99, "H")], "b": [(0, 5, "H")]})]
    report = agreement(docs, ["a", "b"], resamples=0)
    assert report.labels["H"].counts == {"a": 1, "b": 1}
    assert any("outside" in n for n in report.notes)


def test_classify_kinds():
    a = [(0, 5, "H"), (10, 15, "H"), (20, 25, "H"), (30, 35, "S")]
    b = [(0, 5, "H"), (11, 15, "H"), (20, 25, "S"), (40, 45, "S")]
    kinds = [(d.kind, d.a, d.b) for d in classify(a, b)]
    assert kinds == [("boundary", (10, 15, "H"), (11, 15, "H")),
                     ("label", (20, 25, "H"), (20, 25, "S")),
                     ("missed", (30, 35, "S"), None),
                     ("extra", None, (40, 45, "S"))]
    assert all(isinstance(d, Disagreement) for d in classify(a, b))


def test_disagreement_score_orders_documents():
    good = _doc({"a": [(0, 5, "H")], "b": [(0, 5, "H")]})
    some = _doc({"a": [(0, 5, "H")], "b": [(1, 5, "H")]})
    bad = _doc({"a": [(0, 5, "H")], "b": [(20, 25, "S")]})
    scores = [disagreement_score(d, ["a", "b"]) for d in (good, some, bad)]
    assert scores[0] == 0.0 < scores[1] < scores[2] == 1.0
    assert disagreement_score(_doc({"a": []}), ["a", "b"]) == 0.0
