"""Suggestions: a rule engine over spaCy that proposes HEDGE and UNNAMED_SOURCE spans.

Owns: the public engine API (``Suggester``, ``available_models``). The rules are data in
``resources/suggest/*.json`` (see docs/suggestions.md). Must not import: Qt, sqlite,
anything above the nlp layer.
"""

from annotator.nlp.suggest.engine import Suggester, available_models

__all__ = ["Suggester", "available_models"]
