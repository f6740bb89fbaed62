"""Tokenization with spaCy's English tokenizer, plus rule-based sentence starts.

Owns: the one place where token boundaries are computed. spaCy is imported lazily (it
costs most of a second) so nothing pays for it before it is needed.
Must not import: Qt, sqlite.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from annotator.core.model import Tokens


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def tokenizer_id() -> str:
    """Identifies the tokenizer's behaviour; cached tokens from another one are redone.

    Read from the package metadata, so that asking does not import spaCy.
    """
    from importlib.metadata import version

    return f"spacy-{version('spacy')}-en-blank+sentencizer"


def _tokens(doc: Any) -> Tokens:
    arr = doc.to_array(["IDX", "LENGTH", "SENT_START"]).tolist()
    starts = [row[0] for row in arr]
    ends = [row[0] + row[1] for row in arr]
    # SENT_START is stored as an unsigned value: 1 = starts a sentence.
    sents = [row[0] for row in arr if row[2] == 1]
    return Tokens(starts, ends, sents)


def tokenize(text: str) -> Tokens:
    """Token boundaries and sentence starts of one text."""
    return _tokens(_pipeline()(text))


def tokenize_many(texts: Iterable[str], batch_size: int = 256) -> Iterator[Tokens]:
    """Like :func:`tokenize` over many texts, streamed in order."""
    for doc in _pipeline().pipe(texts, batch_size=batch_size):
        yield _tokens(doc)
