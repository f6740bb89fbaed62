from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import Tokens
from annotator.core.spans import SpanError, check_span, overlaps, snap, token_range, trim

TEXT = "A divorce might be  underway.\n\nSources said so."
# Tokens as spaCy's English tokenizer makes them (the double space is a token).
TOKENS = Tokens(
    starts=[0, 2, 10, 16, 19, 20, 28, 29, 31, 39, 44, 46],
    ends=[1, 9, 15, 18, 20, 28, 29, 31, 38, 43, 46, 47],
)


def test_check_span_accepts_valid_and_rejects_others():
    check_span(TEXT, 0, 1)
    for start, end in [(-1, 2), (3, 3), (5, 2), (0, len(TEXT) + 1)]:
        with pytest.raises(SpanError):
            check_span(TEXT, start, end)
    with pytest.raises(SpanError, match="whole numbers"):
        check_span(TEXT, 0.0, 2)  # type: ignore[arg-type]
    with pytest.raises(SpanError, match="whole numbers"):
        check_span(TEXT, True, 2)  # type: ignore[arg-type]


def test_snap_widens_to_touched_tokens():
    assert snap(TEXT, TOKENS, 12, 13) == (10, 15)  # inside "might"
    assert snap(TEXT, TOKENS, 4, 12) == (2, 15)  # "vorce mi" -> "divorce might"
    assert snap(TEXT, TOKENS, 10, 15) == (10, 15)


def test_snap_drops_whitespace_tokens_at_edges():
    # From "be" over the double space into "underway"
    assert snap(TEXT, TOKENS, 17, 21) == (16, 28)
    # a selection ending in the paragraph break keeps only the word before it
    assert snap(TEXT, TOKENS, 20, 31) == (20, 29)


def test_snap_of_pure_whitespace_is_unchanged():
    assert snap(TEXT, TOKENS, 29, 31) == (29, 31)


def test_trim_removes_whitespace_and_punctuation_at_edges():
    assert trim(TEXT, 19, 29) == (20, 28)
    assert trim(TEXT, 28, 31) == (28, 31)  # nothing would be left: unchanged
    assert trim("“quoted”", 0, 8) == (1, 7)


def test_token_range_is_inclusive():
    assert token_range(TOKENS, 2, 15) == (1, 2)
    assert token_range(TOKENS, 31, 38) == (8, 8)
    with pytest.raises(SpanError):
        token_range(Tokens([0], [1]), 2, 3)


def test_overlaps():
    assert overlaps(0, 5, 4, 8)
    assert not overlaps(0, 5, 5, 8)
    assert overlaps(3, 4, 0, 10)


@given(st.integers(0, len(TEXT) - 1), st.integers(1, len(TEXT)))
def test_snap_result_contains_the_non_space_part_of_the_selection(a, b):
    start, end = min(a, b), max(a, b)
    if start == end:
        return
    s, e = snap(TEXT, TOKENS, start, end)
    assert s <= e
    core = TEXT[start:end]
    if core.strip() and any(ts < end and start < te for ts, te in zip(TOKENS.starts, TOKENS.ends)
                            if not TEXT[ts:te].isspace()):
        assert TEXT[s:e].strip() == TEXT[s:e]
        # every non-space character selected inside a token stays covered
        for i in range(start, end):
            if not TEXT[i].isspace() and any(ts <= i < te for ts, te in
                                             zip(TOKENS.starts, TOKENS.ends)):
                assert s <= i < e
