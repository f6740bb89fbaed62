"""The documentation cannot drift from the code: the shortcut table is generated."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _make_shortcuts():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_shortcuts", DOCS / "make_shortcuts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shortcut_table_is_up_to_date():
    written = (DOCS / "shortcuts.md").read_text(encoding="utf-8")
    assert written == _make_shortcuts().render(), \
        "docs/shortcuts.md is out of date: run `python docs/make_shortcuts.py`"


def test_every_shortcut_is_in_the_table():
    from annotator.gui.actions import ACTIONS, AGREEMENT_ACTIONS

    table = (DOCS / "shortcuts.md").read_text(encoding="utf-8")
    for spec in ACTIONS + AGREEMENT_ACTIONS:
        for key in spec.shortcuts:
            assert f"`{key}`" in table, (spec.name, key)


def test_guide_is_linked_and_its_links_exist():
    assert "docs/guide.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (DOCS / "guide.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)", guide)
    local = [t for t in targets if "://" not in t]
    assert "shortcuts.md" in local
    missing = [t for t in local if not (DOCS / t).exists()]
    assert missing == []
