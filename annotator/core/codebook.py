"""Codebook (de)serialisation between plain dicts (JSON) and core values.

Owns: the codebook file format and its validation.
Must not import: anything outside the standard library.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.core.model import AttributeDef, Codebook, Label

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


def codebook_from_dict(data: Any, source: str = "codebook") -> Codebook:
    """Build a :class:`Codebook` from its JSON form, checking every field.

    Raises:
        ValueError: naming the field that is wrong.
    """
    if not isinstance(data, dict):
        raise ValueError(f"{source}: a codebook must be a JSON object")
    for key in ("name", "version", "labels"):
        if key not in data:
            raise ValueError(f"{source}: missing field {key!r}")
    labels = data["labels"]
    if not isinstance(labels, list) or not labels:
        raise ValueError(f"{source}: 'labels' must be a non-empty list")
    parsed = tuple(_label(item, f"{source}: label {i + 1}") for i, item in enumerate(labels))
    names = [lab.name for lab in parsed]
    if len(set(names)) != len(names):
        raise ValueError(f"{source}: label names must be unique")
    keys = [lab.key for lab in parsed if lab.key]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{source}: label keys must be unique")
    return Codebook(
        name=str(data["name"]),
        version=str(data["version"]),
        labels=parsed,
        description=str(data.get("description", "")),
        conventions=tuple(str(c) for c in data.get("conventions", ())),
    )


def _label(item: Any, where: str) -> Label:
    if not isinstance(item, dict) or "name" not in item:
        raise ValueError(f"{where}: needs at least a 'name'")
    name = str(item["name"])
    if not _NAME.match(name):
        raise ValueError(f"{where}: label name {name!r} must be letters, digits, _ or -")
    color = str(item.get("color", "#888888"))
    if not _COLOR.match(color):
        raise ValueError(f"{where}: colour {color!r} must look like #1f77b4")
    key = str(item.get("key", ""))
    if len(key) > 1:
        raise ValueError(f"{where}: key {key!r} must be a single character")
    attrs = tuple(_attribute(a, f"{where}, attribute {j + 1}")
                  for j, a in enumerate(item.get("attributes", ())))
    return Label(
        name=name, color=color.lower(), key=key,
        description=str(item.get("description", "")),
        include=tuple(str(x) for x in item.get("include", ())),
        exclude=tuple(str(x) for x in item.get("exclude", ())),
        span_rule=str(item.get("span_rule", "")),
        attributes=attrs,
    )


def _attribute(item: Any, where: str) -> AttributeDef:
    if not isinstance(item, dict) or "name" not in item:
        raise ValueError(f"{where}: needs at least a 'name'")
    kind = str(item.get("kind", "text"))
    if kind not in ("choice", "bool", "text"):
        raise ValueError(f"{where}: kind must be choice, bool or text, not {kind!r}")
    choices = tuple(str(c) for c in item.get("choices", ()))
    if kind == "choice" and not choices:
        raise ValueError(f"{where}: a choice attribute needs 'choices'")
    return AttributeDef(name=str(item["name"]), kind=kind, choices=choices,
                        description=str(item.get("description", "")))


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    """The JSON form of a codebook (inverse of :func:`codebook_from_dict`)."""
    return {
        "name": codebook.name,
        "version": codebook.version,
        "description": codebook.description,
        "conventions": list(codebook.conventions),
        "labels": [
            {
                "name": lab.name, "color": lab.color, "key": lab.key,
                "description": lab.description, "include": list(lab.include),
                "exclude": list(lab.exclude), "span_rule": lab.span_rule,
                "attributes": [
                    {"name": a.name, "kind": a.kind, "choices": list(a.choices),
                     "description": a.description}
                    for a in lab.attributes
                ],
            }
            for lab in codebook.labels
        ],
    }
