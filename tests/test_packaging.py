"""The wheel's package list and data patterns cover everything in the source tree."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_is_listed():
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "annotator").rglob("__init__.py")}
    assert found <= set(CONFIG["packages"]), "add these to [tool.setuptools] packages"


def test_every_resource_file_is_package_data():
    patterns = CONFIG["package-data"]["annotator.resources"]
    resources = ROOT / CONFIG["package-dir"]["annotator.resources"]
    files = [p.relative_to(resources).as_posix() for p in resources.rglob("*") if p.is_file()]

    def covered(name: str, pattern: str) -> bool:  # setuptools' globs do not cross folders
        folder, _, leaf = name.rpartition("/")
        pat_folder, _, pat_leaf = pattern.rpartition("/")
        return folder == pat_folder and fnmatch.fnmatch(leaf, pat_leaf)

    missing = [f for f in files if not any(covered(f, pat) for pat in patterns)]
    assert files and missing == []
