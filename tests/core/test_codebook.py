from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.codebook import codebook_from_dict, codebook_to_dict
from annotator.core.model import content_hash, normalize_newlines

ROOT = Path(__file__).resolve().parents[2]


def shipped() -> dict:
    return json.loads((ROOT / "resources" / "codebook.json").read_text(encoding="utf-8"))


def test_shipped_codebook_has_both_labels_with_rules_and_attributes():
    cb = codebook_from_dict(shipped())
    assert cb.label_names == ("HEDGE", "UNNAMED_SOURCE")
    hedge, source = cb.labels
    assert hedge.key == "1" and source.key == "2"
    assert hedge.include and hedge.exclude and hedge.span_rule
    assert hedge.attribute("type").choices[0] == "modal"
    assert hedge.attribute("in_quote").kind == "bool"
    assert "vague_group" in source.attribute("type").choices
    assert source.attribute("affiliation").kind == "text"
    assert cb.conventions


def test_round_trip_through_dict():
    cb = codebook_from_dict(shipped())
    assert codebook_from_dict(codebook_to_dict(cb)) == cb


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d.pop("labels"), "missing field 'labels'"),
    (lambda d: d.__setitem__("labels", []), "non-empty"),
    (lambda d: d["labels"][0].__setitem__("color", "orange"), "colour"),
    (lambda d: d["labels"][0].__setitem__("key", "12"), "single character"),
    (lambda d: d["labels"][1].__setitem__("key", "1"), "keys must be unique"),
    (lambda d: d["labels"][1].__setitem__("name", "HEDGE"), "names must be unique"),
    (lambda d: d["labels"][0].__setitem__("name", "has space"), "letters"),
    (lambda d: d["labels"][0]["attributes"][0].__setitem__("kind", "number"), "kind"),
    (lambda d: d["labels"][0]["attributes"][0].__setitem__("choices", []), "needs 'choices'"),
])
def test_invalid_codebooks_are_refused_with_the_reason(mutate, message):
    data = shipped()
    mutate(data)
    with pytest.raises(ValueError, match=message):
        codebook_from_dict(data, "cb.json")


def test_attribute_checks():
    cb = codebook_from_dict(shipped())
    kind = cb.label("HEDGE").attribute("type")
    assert kind.check("modal") is None and "one of" in kind.check("bogus")
    assert cb.label("HEDGE").attribute("in_quote").check("yes")
    assert cb.label("UNNAMED_SOURCE").attribute("affiliation").check(3)


def test_newlines_and_hash():
    assert normalize_newlines("a\r\nb\rc\n") == ("a\nb\nc\n", True)
    assert normalize_newlines("plain") == ("plain", False)
    assert content_hash("x") == content_hash("x") != content_hash("y")
    assert len(content_hash("x")) == 20
