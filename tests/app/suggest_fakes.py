"""A tiny stand-in for the suggestion engine, for app tests."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from annotator.core.model import DocId, Suggestion

CUES = {"might": ("HEDGE", "hedge.modal"), "could": ("HEDGE", "hedge.modal"),
        "reportedly": ("HEDGE", "hedge.adverb"), "Officials": ("UNNAMED_SOURCE", "source.group")}
_WORDS = re.compile(r"\b(" + "|".join(CUES) + r")\b")


class FakeEngine:
    """Marks a handful of words; counts how many texts it saw."""

    version = "fake-engine 1"
    tier = "blank"

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self.seen = 0

    def suggest(self, text: str, doc_id: str = "") -> list[Suggestion]:
        self.seen += 1
        out = []
        for m in _WORDS.finditer(text):
            label, rule = CUES[m.group()]
            out.append(Suggestion(DocId(doc_id), label, m.start(), m.end(), rule, 0.75,
                                  self.version))
        return out

    def suggest_many(self, items: Iterable[tuple[str, str]], batch_size: int = 64
                     ) -> Iterator[list[Suggestion]]:
        for doc_id, text in items:
            yield self.suggest(text, doc_id)
