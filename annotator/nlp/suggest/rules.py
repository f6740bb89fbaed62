"""Suggestion rules as data: reading and checking ``resources/suggest/*.json``.

Owns: the rule file format (see docs/suggestions.md) and where the files are found
(``importlib.resources`` on ``annotator.resources``, falling back to
:func:`annotator.paths.resource` in a source checkout). Must not import: spaCy, Qt, sqlite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError

RULE_FILES = ("hedge.json", "sources.json")
LEXICON_FILE = "lexicon.json"
EXTENTS = ("match", "noun_phrase")


@dataclass(frozen=True)
class Rule:
    """One suggestion rule.

    Attributes:
        id: stable identifier, stored with each suggestion and accepted annotation.
        label: the codebook label it proposes.
        description: one line for researchers (shown in docs and the rule table).
        confidence: 0..1, a prior for how often the rule is right.
        phrases: lowercase words or phrases matched on token boundaries.
        patterns: spaCy ``Matcher`` token patterns (lists of token dicts).
        only_if: filter names; the match is kept only if every one says yes.
        unless: filter names; the match is dropped if any says yes.
        extent: ``"match"`` (the matched tokens) or ``"noun_phrase"`` (grow to the
            noun phrase around the match).
    """

    id: str
    label: str
    description: str
    confidence: float
    phrases: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    only_if: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    extent: str = "match"


@dataclass(frozen=True)
class RuleSet:
    """All rules plus the word lists their filters read, and the rules' version."""

    version: str
    rules: tuple[Rule, ...]
    lexicon: dict[str, frozenset[str]] = field(default_factory=dict)

    def by_id(self) -> dict[str, Rule]:
        """Rules keyed by id."""
        return {rule.id: rule for rule in self.rules}


def rules_dir() -> Path:
    """The folder holding the shipped rule files (wheel, PyInstaller or checkout)."""
    try:
        from importlib.resources import files

        candidate = Path(str(files("annotator.resources") / "suggest"))
        if candidate.is_dir():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    from annotator.paths import resource

    return resource("suggest")


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise AnnotatorError(f"{path}, line {exc.lineno}: not valid JSON: {exc.msg}") from exc


def _rule(raw: Any, label: str, where: str, known_filters: frozenset[str]) -> Rule:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise AnnotatorError(f"{where}: every rule needs an \"id\"")
    where = f"{where}, rule {raw['id']}"
    confidence = raw.get("confidence", 0.5)
    if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        raise AnnotatorError(f"{where}: \"confidence\" must be a number from 0 to 1")
    phrases = tuple(str(p).lower() for p in raw.get("phrases", ()))
    patterns = tuple(raw.get("patterns", ()))
    if not phrases and not patterns:
        raise AnnotatorError(f"{where}: needs \"phrases\" or \"patterns\"")
    only_if, unless = tuple(raw.get("only_if", ())), tuple(raw.get("unless", ()))
    unknown = sorted(set(only_if + unless) - known_filters)
    if unknown:
        raise AnnotatorError(f"{where}: unknown filter(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known_filters))}")
    extent = raw.get("extent", "match")
    if extent not in EXTENTS:
        raise AnnotatorError(f"{where}: \"extent\" must be one of {', '.join(EXTENTS)}")
    return Rule(id=raw["id"], label=str(raw.get("label", label)),
                description=str(raw.get("description", "")), confidence=float(confidence),
                phrases=phrases, patterns=patterns, only_if=only_if, unless=unless,
                extent=extent)


def load_rules(folder: Path | None = None,
               known_filters: frozenset[str] = frozenset()) -> RuleSet:
    """Read the lexicon and every rule file in ``folder`` (default: the shipped ones).

    Args:
        folder: where ``hedge.json``, ``sources.json`` and ``lexicon.json`` are.
        known_filters: filter names rules may use; others are an error.

    Raises:
        AnnotatorError: a file is missing, is not valid JSON or has a bad rule; the
            message names the file and the rule.
    """
    folder = folder or rules_dir()
    lexicon_raw = _read(folder / LEXICON_FILE)
    lexicon = {key: frozenset(str(w).lower() for w in words)
               for key, words in lexicon_raw.items() if isinstance(words, list)}
    rules: list[Rule] = []
    versions: list[str] = []
    seen: set[str] = set()
    for name in RULE_FILES:
        path = folder / name
        data = _read(path)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise AnnotatorError(f"{path}: expected an object with a \"rules\" list")
        versions.append(str(data.get("version", "0")))
        for raw in data["rules"]:
            rule = _rule(raw, str(data.get("label", "")), str(path), known_filters)
            if rule.id in seen:
                raise AnnotatorError(f"{path}: rule id {rule.id} is used twice")
            seen.add(rule.id)
            rules.append(rule)
    return RuleSet(version=max(versions), rules=tuple(rules), lexicon=lexicon)
