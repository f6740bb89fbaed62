"""Span scoring: strict and lenient precision, recall and F1 on hand-made cases."""

from __future__ import annotations

import pytest

from annotator.nlp.evaluation import score


def test_perfect_match():
    gold = [[(0, 5, "HEDGE"), (10, 20, "UNNAMED_SOURCE")]]
    s = score(gold, gold)
    assert s["HEDGE"].f1 == s["UNNAMED_SOURCE"].f1 == s["ALL"].f1 == 1.0
    assert s["ALL"].tp == 2 and s["ALL"].fp == s["ALL"].fn == 0
    assert list(s)[-1] == "ALL"


def test_strict_versus_lenient():
    gold = [[(0, 10, "UNNAMED_SOURCE"), (20, 25, "HEDGE")]]
    pred = [[(2, 10, "UNNAMED_SOURCE"), (20, 25, "HEDGE"), (30, 33, "HEDGE")]]
    s = score(gold, pred)
    src, hedge, total = s["UNNAMED_SOURCE"], s["HEDGE"], s["ALL"]
    assert (src.tp, src.fp, src.fn) == (0, 1, 1)
    assert (src.lenient_tp, src.lenient_fp, src.lenient_fn) == (1, 0, 0)
    assert (hedge.tp, hedge.fp, hedge.fn) == (1, 1, 0)
    assert hedge.precision == pytest.approx(0.5) and hedge.recall == 1.0
    assert hedge.f1 == pytest.approx(2 / 3)
    assert (total.tp, total.fp, total.fn) == (1, 2, 1)
    assert total.lenient_f1 == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))


def test_label_must_match_even_leniently():
    s = score([[(0, 5, "HEDGE")]], [[(0, 5, "UNNAMED_SOURCE")]])
    assert s["HEDGE"].fn == 1 and s["HEDGE"].lenient_fn == 1
    assert s["UNNAMED_SOURCE"].fp == 1 and s["UNNAMED_SOURCE"].lenient_fp == 1
    assert s["ALL"].f1 == 0.0 and s["ALL"].lenient_f1 == 0.0


def test_lenient_is_one_to_one_and_prefers_larger_overlap():
    gold = [[(0, 10, "HEDGE")]]
    pred = [[(0, 3, "HEDGE"), (2, 10, "HEDGE")]]
    s = score(gold, pred)["HEDGE"]
    assert (s.lenient_tp, s.lenient_fp, s.lenient_fn) == (1, 1, 0)
    two_gold = score([[(0, 4, "HEDGE"), (5, 9, "HEDGE")]], [[(0, 9, "HEDGE")]])["HEDGE"]
    assert (two_gold.lenient_tp, two_gold.lenient_fp, two_gold.lenient_fn) == (1, 0, 1)


def test_touching_spans_do_not_overlap():
    s = score([[(0, 5, "HEDGE")]], [[(5, 9, "HEDGE")]])["HEDGE"]
    assert s.lenient_tp == 0


def test_documents_are_paired_in_order_and_counts_sum():
    gold = [[(0, 2, "HEDGE")], [], [(4, 6, "HEDGE")]]
    pred = [[], [(0, 2, "HEDGE")], [(4, 6, "HEDGE")]]
    s = score(gold, pred)["HEDGE"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.gold == 2 and s.predicted == 2


def test_empty_input_scores_zero_not_an_error():
    s = score([], [])
    assert s["ALL"].precision == s["ALL"].recall == s["ALL"].f1 == 0.0
    assert s["ALL"].as_dict()["tp"] == 0


def test_mismatched_document_counts_are_an_error():
    with pytest.raises(ValueError, match="different numbers"):
        score([[], []], [[]])


def test_duplicate_predictions_count_once():
    s = score([[(0, 2, "HEDGE")]], [[(0, 2, "HEDGE"), (0, 2, "HEDGE")]])["HEDGE"]
    assert (s.tp, s.fp) == (1, 0)
