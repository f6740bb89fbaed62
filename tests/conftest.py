"""Shared test fixtures: isolated user folder, a headless Qt default, memory projects.

Qt runs offscreen unless ``--headed`` is given. ``ANNOTATOR_HOME`` points at a temporary
folder in every test, so no test touches the user's real projects or settings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.app.projects import init_project, load_codebook
from annotator.app.session import AnnotationSession
from annotator.core.model import Codebook, Document, content_hash
from annotator.paths import resource
from annotator.store import Project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--headed", action="store_true", default=False,
                     help="show Qt windows on the real screen instead of offscreen")


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--headed"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def annotator_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user data folder (default project, settings) for each test."""
    home = tmp_path_factory.mktemp("annotator-home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def codebook() -> Codebook:
    """The default codebook shipped in resources/."""
    return load_codebook()


@pytest.fixture
def sample_text() -> str:
    """The sample article as the project stores it."""
    return resource("sample", "article.txt").read_text(encoding="utf-8")


def _memory_project(codebook: Codebook, texts: list[tuple[str, str]]) -> Project:
    project = Project.memory()
    with project.atomic():
        project.save_codebook(codebook)
        project.insert_documents(Document(content_hash(text), text, title)
                                 for title, text in texts)
    return project


@pytest.fixture
def make_project(codebook: Codebook) -> Iterator[Callable[..., Project]]:
    """Factory: an in-memory project holding ``(title, text)`` documents."""
    made: list[Project] = []

    def make(*texts: tuple[str, str]) -> Project:
        made.append(_memory_project(codebook, list(texts)))
        return made[-1]

    yield make
    for project in made:
        project.close()


@pytest.fixture
def project_file(tmp_path: Path) -> Callable[[str], Path]:
    """Factory: a project file in ``tmp_path`` holding one document with ``text``."""

    def make(text: str) -> Path:
        path = tmp_path / "p.annotator.sqlite"
        project = init_project(path)
        with project.atomic():
            project.insert_documents([Document(content_hash(text), text, "first")])
        project.close()
        return path

    return make


@pytest.fixture
def memory_project(make_project: Callable[..., Project], sample_text: str) -> Project:
    """An in-memory project with the default codebook and the sample article."""
    title = sample_text.splitlines()[0]
    return make_project((title, sample_text))


@pytest.fixture
def session(memory_project: Project) -> AnnotationSession:
    """Coder ``alice`` working on the memory project."""
    return AnnotationSession(memory_project, "alice")
