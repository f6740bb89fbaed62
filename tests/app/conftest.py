from __future__ import annotations

import pytest

from annotator.app.projects import load_codebook
from annotator.app.session import AnnotationSession
from annotator.core.model import Document, content_hash
from annotator.store import Project

TEXT = ("Officials said a divorce might be underway. MTV reportedly had cameras.\n\n"
        "An insider close to the family told reporters 👍🏽 that it could be seen.")


@pytest.fixture
def project():
    p = Project.memory()
    with p.atomic():
        p.save_codebook(load_codebook())
        p.insert_documents([Document(content_hash(TEXT), TEXT, "Divorce")])
    yield p
    p.close()


@pytest.fixture
def session(project):
    return AnnotationSession(project, "alice")


@pytest.fixture
def doc_id():
    return content_hash(TEXT)


@pytest.fixture
def text():
    return TEXT
