"""Tokenization with spaCy's English tokenizer, plus rule-based sentence starts.

Owns: the one place where token boundaries are computed. spaCy is imported lazily (it
costs most of a second) so nothing pays for it before it is needed.
Must not import: Qt, sqlite.

Sentence starts follow spaCy's ``sentencizer`` exactly (a test compares the two), but are
computed with numpy over whole documents: running the component token by token doubled
the time of tokenizing a corpus.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import numpy as np

from annotator.core.model import Tokens


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    import spacy

    return spacy.blank("en")


@lru_cache(maxsize=1)
def _sentence_enders() -> np.ndarray:
    """Hashes of the characters after which the sentencizer may start a sentence."""
    from spacy.pipeline import Sentencizer

    strings = _pipeline().vocab.strings
    return np.array(sorted(strings.add(c) for c in Sentencizer.default_punct_chars), np.uint64)


@lru_cache(maxsize=1)
def tokenizer_id() -> str:
    """Identifies the tokenizer's behaviour; cached tokens from another one are redone.

    Read from the package metadata, so that asking does not import spaCy.
    """
    from importlib.metadata import version

    return f"spacy-{version('spacy')}-en-blank+sentencizer"


def _int64s(values: np.ndarray) -> array:
    out = array("q")
    out.frombytes(values.astype(np.int64).tobytes())
    return out


def _tokens(doc: Any) -> Tokens:
    from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH

    cols = doc.to_array([IDX, LENGTH, ORTH, IS_PUNCT])
    if not len(cols):
        return Tokens(array("q"), array("q"), array("q"))
    starts = cols[:, 0].astype(np.int64)
    # The sentencizer: a token that is neither punctuation nor a sentence-ending character
    # starts a sentence when such a character came after the previous such token.
    enders = _sentence_enders()
    orth = cols[:, 2]
    ender = enders.take(enders.searchsorted(orth), mode="clip") == orth
    word = np.flatnonzero(~(ender | cols[:, 3].astype(bool)))
    seen = ender.cumsum()[word]
    first = word[np.diff(seen, prepend=0) > 0]
    if not len(first) or first[0] != 0:
        first = np.concatenate(([0], first))  # the first token always starts one
    return Tokens(_int64s(starts), _int64s(starts + cols[:, 1]), _int64s(starts[first]))


def tokenize(text: str) -> Tokens:
    """Token boundaries and sentence starts of one text."""
    return _tokens(_pipeline()(text))


def tokenize_many(texts: Iterable[str], batch_size: int = 256) -> Iterator[Tokens]:
    """Like :func:`tokenize` over many texts, streamed in order."""
    for doc in _pipeline().tokenizer.pipe(texts, batch_size=batch_size):
        yield _tokens(doc)
