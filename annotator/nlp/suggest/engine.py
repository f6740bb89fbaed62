"""The suggestion engine: spaCy pipeline + rule matchers + context filters.

Owns: loading the pipeline (blank English tokenizer, or a trained English pipeline when
one is installed or named), matching the rules of ``resources/suggest``, filtering the
matches in context, resolving overlaps and turning token spans into ``Suggestion`` values.
Must not import: Qt, sqlite. Never downloads a pipeline.
"""

from __future__ import annotations

import importlib.util
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Suggestion
from annotator.nlp.suggest.context import Context, Match
from annotator.nlp.suggest.filters import HEDGE_FILTERS, Filter
from annotator.nlp.suggest.rules import Rule, RuleSet, load_rules
from annotator.nlp.suggest.sources import SOURCE_FILTERS, noun_phrase

ENGINE_VERSION = "1.0"
#: Trained English pipelines the engine looks for, best first (``trf`` is never picked
#: by default: it is too slow for whole projects, but can be named with ``model``).
KNOWN_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf")
FILTERS: dict[str, Filter] = {**HEDGE_FILTERS, **SOURCE_FILTERS}

_Candidate = tuple[int, int, Rule]


def available_models() -> list[str]:
    """Installed trained English pipelines, found without importing spaCy or loading them."""
    return [name for name in KNOWN_MODELS if importlib.util.find_spec(name) is not None]


def _load_pipeline(model: str | None) -> tuple[Any, str]:
    """The spaCy pipeline for ``model`` and its tier ("blank" or "trained")."""
    import spacy

    if model is None:
        installed = [m for m in available_models() if m != "en_core_web_trf"]
        model = installed[0] if installed else "blank"
    if model == "blank":
        return spacy.blank("en"), "blank"
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        have = ", ".join(available_models()) or "none"
        raise AnnotatorError(
            f"spaCy pipeline {model!r} is not installed (installed English pipelines: "
            f"{have}); install it with your package manager, or use the model \"blank\""
        ) from exc
    if nlp.lang != "en":
        raise AnnotatorError(f"spaCy pipeline {model!r} is for {nlp.lang!r}, not English")
    return nlp, "trained"


class Suggester:
    """Proposes HEDGE and UNNAMED_SOURCE spans for texts.

    Args:
        model: ``None`` uses the best installed trained English pipeline, else the blank
            tier; ``"blank"`` forces the blank tier; any other name is loaded with
            ``spacy.load`` (AnnotatorError if it is not installed). Never downloads.

    Attributes:
        version: engine version string stored in ``Suggestion.engine``.
        tier: ``"blank"`` or ``"trained"``.
    """

    def __init__(self, model: str | None = None, rules: RuleSet | None = None) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.pipeline import Sentencizer

        self._nlp, self.tier = _load_pipeline(model)
        self.rules = rules or load_rules(known_filters=frozenset(FILTERS))
        meta = self._nlp.meta
        pipeline = ("blank en" if self.tier == "blank"
                    else f"{meta.get('lang', 'en')}_{meta.get('name')} {meta.get('version')}")
        self.version = f"annotator-suggest {ENGINE_VERSION} rules {self.rules.version} / {pipeline}"
        self._enders = frozenset(Sentencizer.default_punct_chars)
        self._phrases = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._patterns = Matcher(self._nlp.vocab)
        self._by_key: dict[int, Rule] = {}
        for rule in self.rules.rules:
            key = self._nlp.vocab.strings.add(rule.id)
            self._by_key[key] = rule
            if rule.phrases:
                self._phrases.add(rule.id, list(self._nlp.tokenizer.pipe(rule.phrases)))
            if rule.patterns:
                self._patterns.add(rule.id, [list(p) for p in rule.patterns])

    def suggest(self, text: str, doc_id: str = "") -> list[Suggestion]:
        """Suggestions for one text, sorted by start, end and label."""
        return next(self.suggest_many([(doc_id, text)]))

    def suggest_many(self, items: Iterable[tuple[str, str]], batch_size: int = 64
                     ) -> Iterator[list[Suggestion]]:
        """Suggestions for ``(doc_id, text)`` items, streamed in order, one list per item."""
        ids: deque[str] = deque()

        def texts() -> Iterator[str]:
            for doc_id, text in items:
                ids.append(doc_id)
                yield text

        if self.tier == "blank":
            docs = self._nlp.tokenizer.pipe(texts(), batch_size=batch_size)
        else:
            docs = self._nlp.pipe(texts(), batch_size=batch_size)
        for doc in docs:
            yield self._from_doc(doc, ids.popleft())

    def _from_doc(self, doc: Any, doc_id: str) -> list[Suggestion]:
        ctx = Context(doc, self.rules.lexicon, self._enders,
                      trained=self.tier == "trained" and doc.has_annotation("DEP"))
        found = self._phrases(doc)
        if len(self._patterns):
            found += self._patterns(doc)
        candidates = [c for key, start, end in found
                      if (c := self._candidate(ctx, self._by_key[key], start, end))]
        out = []
        for start, end, rule in _resolve(candidates):
            first, last = doc[start], doc[end - 1]
            out.append(Suggestion(doc_id, rule.label, first.idx, last.idx + len(last.text),
                                  rule.id, rule.confidence, self.version))
        out.sort(key=lambda s: (s.start, s.end, s.label))
        return out

    @staticmethod
    def _candidate(ctx: Context, rule: Rule, start: int, end: int) -> _Candidate | None:
        match = Match(start, end, start, end)
        if rule.extent == "noun_phrase":
            match = noun_phrase(ctx, start, end)
        if not all(FILTERS[name](ctx, match) for name in rule.only_if):
            return None
        if any(FILTERS[name](ctx, match) for name in rule.unless):
            return None
        first, last = match.start, match.end
        while first < last and ctx.is_punct(first):
            first += 1
        while last > first and ctx.is_punct(last - 1):
            last -= 1
        return (first, last, rule) if first < last else None


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Per label, keep the longest (then most confident) of overlapping candidates."""
    ranked = sorted(candidates, key=lambda c: (c[2].label, -(c[1] - c[0]), -c[2].confidence,
                                               c[0]))
    taken: dict[str, list[tuple[int, int]]] = {}
    kept = []
    for start, end, rule in ranked:
        spans = taken.setdefault(rule.label, [])
        if any(start < e and s < end for s, e in spans):
            continue
        spans.append((start, end))
        kept.append((start, end, rule))
    return kept
