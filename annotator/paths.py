"""Find bundled resources and the user's data folder.

Owns: where ``resources/`` is (checkout, installed wheel, PyInstaller bundle) and where
the default project lives. Must not import: Qt, spaCy, sqlite.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder that holds the codebook, rules and the sample article."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = []
    if bundle:
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here / "resources", here.parent / "resources"]
    for candidate in candidates:
        if (candidate / "codebook.json").is_file():
            return candidate
    raise FileNotFoundError("resources folder not found next to the annotator package")


def resource(*parts: str) -> Path:
    """Path of a file inside ``resources/``."""
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user folder for the default project and settings (override: ANNOTATOR_HOME)."""
    override = os.environ.get("ANNOTATOR_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("Annotator", appauthor=False)


def default_project() -> Path:
    """The project opened when none is named."""
    return user_data_dir() / "default.annotator.sqlite"
