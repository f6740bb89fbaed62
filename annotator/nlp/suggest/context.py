"""Token context around a match: the helpers every filter reads.

Owns: looking at the words around a match in one spaCy ``Doc`` (lowercase forms,
sentence bounds by the project's sentencizer rule, skipping adverbs), for both tiers.
Must not import: Qt, sqlite. spaCy objects are passed in; this module does not import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate: the suggested token span and the tokens the rule matched (the cue)."""

    start: int
    end: int
    cue_start: int
    cue_end: int


class Context:
    """Read-only view of a ``Doc`` for filters; token attributes are fetched lazily.

    Args:
        doc: the spaCy ``Doc``.
        lexicon: the word lists from ``lexicon.json``.
        enders: characters after which the sentencizer starts a new sentence.
        trained: whether ``doc`` has lemmas, a parse and entities.
    """

    def __init__(self, doc: Any, lexicon: dict[str, frozenset[str]],
                 enders: frozenset[str], trained: bool) -> None:
        self.doc = doc
        self.n = len(doc)
        self.lex = lexicon
        self.enders = enders
        self.trained = trained
        self._low: list[str] | None = None

    @property
    def low(self) -> list[str]:
        """Lowercase form of every token (computed on first use)."""
        if self._low is None:
            self._low = [t.lower_ for t in self.doc]
        return self._low

    def lower(self, i: int) -> str:
        """Lowercase form of token ``i``, or ``""`` outside the document."""
        return self.low[i] if 0 <= i < self.n else ""

    def text(self, i: int) -> str:
        """Text of token ``i``, or ``""`` outside the document."""
        return self.doc[i].text if 0 <= i < self.n else ""

    def is_punct(self, i: int) -> bool:
        """Whether token ``i`` is punctuation (or outside the document)."""
        return not (0 <= i < self.n) or self.doc[i].is_punct or self.doc[i].is_space

    def is_word(self, i: int) -> bool:
        """A token that can start a sentence: neither punctuation nor a sentence ender."""
        return 0 <= i < self.n and not self.is_punct(i) and self.doc[i].text not in self.enders

    def sent_start(self, i: int) -> int:
        """First token of the sentence holding token ``i`` (the sentencizer's rule)."""
        j = i - 1
        while j >= 0 and self.doc[j].text not in self.enders:
            j -= 1
        if j < 0:
            return 0
        k = j + 1
        while k < i and not self.is_word(k):
            k += 1
        return k

    def sent_end(self, i: int) -> int:
        """One past the last token of the sentence holding token ``i``."""
        j = i
        while j < self.n and self.doc[j].text not in self.enders:
            j += 1
        while j < self.n and not self.is_word(j):
            j += 1
        return j

    def ends_with_question(self, i: int) -> bool:
        """Whether the sentence holding token ``i`` ends with a question mark."""
        end = self.sent_end(i)
        return any(self.doc[k].text == "?" for k in range(i, end))

    def capitalized(self, i: int) -> bool:
        """A capitalized word that is not the first word of its sentence (a name)."""
        if not (0 <= i < self.n) or self.is_punct(i):
            return False
        text = self.doc[i].text
        return text[:1].isupper() and self.sent_start(i) != i

    def prev_word(self, i: int, skip: str = "skippable", limit: int = 3) -> int:
        """Index of the word before ``i``, stepping over up to ``limit`` skippable words.

        Returns -1 at the start of the sentence.
        """
        first = self.sent_start(i)
        skips = self.lex.get(skip, frozenset())
        j = i - 1
        while j >= first and limit and self.low[j] in skips:
            j -= 1
            limit -= 1
        return j if j >= first else -1

    def next_word(self, i: int, skip: str = "skippable", limit: int = 3) -> int:
        """Index of the word at or after ``i``, stepping over skippable words.

        Returns ``n`` (past the end) when none is left.
        """
        skips = self.lex.get(skip, frozenset())
        j = i
        while j < self.n and limit and self.low[j] in skips:
            j += 1
            limit -= 1
        return j

    def starts_with(self, i: int, phrases: frozenset[str]) -> int:
        """Length in tokens of the longest phrase of ``phrases`` starting at ``i`` (0: none)."""
        best = 0
        for length in range(1, 6):
            if i + length > self.n:
                break
            if " ".join(self.low[i:i + length]) in phrases:
                best = length
        return best

    def skipped(self, start: int, stop: int, words: str) -> bool:
        """Whether any token in ``[start, stop)`` is in the word list ``words``."""
        wanted = self.lex.get(words, frozenset())
        return any(self.low[k] in wanted for k in range(max(start, 0), min(stop, self.n)))
