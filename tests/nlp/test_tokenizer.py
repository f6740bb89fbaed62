"""Tokens and sentence starts from the nlp layer, checked against spaCy itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.nlp.tokenizer import tokenize, tokenize_many

spacy = pytest.importorskip("spacy")

TEXTS = [
    "", " ", "Hello.", "no full stop", "...", "a.\n\nB", "  Leading space. Then more",
    "Hi!! There. ...and so? \u201cYes.\u201d (No.) Ok", "\u201cQuote.\u201d He said. 'x' . y",
    "Dr. Smith went to Washington. He said: no.",
    "\u3002\u65e5\u672c\u8a9e\u3002\u30c6\u30b9\u30c8\uff01",
    "\u061f \u0645\u0631\u062d\u0628\u0627. \u0627\u0647\u0644\u0627",
    "Wait\u2026 what?! Really.\n",
    "Emoji \U0001f44d\U0001f3fd said. Then e\u0301 combining.",
]


@pytest.fixture(scope="module")
def reference():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")

    def run(text: str) -> tuple[list[int], list[int], list[int]]:
        doc = nlp(text)
        return ([t.idx for t in doc], [t.idx + len(t) for t in doc],
                [t.idx for t in doc if t.is_sent_start])
    return run


def _as_lists(text: str) -> tuple[list[int], list[int], list[int]]:
    tokens = tokenize(text)
    return list(tokens.starts), list(tokens.ends), list(tokens.sent_starts)


@pytest.mark.parametrize("text", TEXTS)
def test_same_tokens_and_sentences_as_spacys_sentencizer(reference, text):
    assert _as_lists(text) == reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", "Word", ".", "!", "?", ",", "\u201d", "(", ")", " ",
                                 "  ", "\n", "...", "'", "\u3002", "e.g.", "U.S."]), max_size=30))
def test_sentences_match_on_punctuation_soup(reference, pieces):
    text = "".join(pieces)
    assert _as_lists(text) == reference(text)


def test_tokenize_many_streams_the_same_results():
    assert [tokenize(t) for t in TEXTS] == list(tokenize_many(iter(TEXTS), batch_size=3))
