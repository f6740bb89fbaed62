"""Creating projects: an empty one with a codebook, and the sample project.

Owns: what a new project contains. Must not import: Qt.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.codebook import codebook_from_dict
from annotator.core.errors import InputError, ProjectError
from annotator.core.model import Codebook
from annotator.paths import resource
from annotator.store import Project


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read a codebook JSON file (default: the one shipped in ``resources/``).

    Raises:
        InputError: the file is not valid JSON or not a valid codebook.
    """
    path = Path(path) if path is not None else resource("codebook.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON: {exc.msg}", line=exc.lineno) from exc
    try:
        return codebook_from_dict(data, str(path))
    except ValueError as exc:
        raise InputError(str(path), str(exc).removeprefix(f"{path}: ")) from exc


def open_project(path: str | Path) -> Project:
    """Open an existing project file (raises ProjectError with a clear message)."""
    return Project.open(path)


def init_project(path: str | Path, codebook: Codebook | None = None) -> Project:
    """Create a new project file with a codebook; refuses to overwrite a file."""
    path = Path(path)
    if path.exists():
        raise ProjectError(f"{path}: already exists; choose another name")
    cb = codebook or load_codebook()
    path.parent.mkdir(parents=True, exist_ok=True)
    project = Project.open(path, create=True)
    with project.atomic():
        project.save_codebook(cb)
    return project


def open_or_create_sample(path: str | Path) -> Project:
    """Open ``path``, creating it with the sample article when it does not exist yet."""
    path = Path(path)
    if path.exists():
        return Project.open(path)
    from annotator.app.importing import import_paths

    project = init_project(path)
    import_paths(project, [resource("sample", "article.txt")], annotator=None)
    return project
