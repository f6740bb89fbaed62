"""Finding documents whose title or text contains a phrase.

Owns: the document search behind the window's document list.
Must not import: Qt.
"""

from __future__ import annotations

from annotator.app.session import AnnotationSession
from annotator.core.model import DocId


def find_documents(session: AnnotationSession, phrase: str) -> set[DocId]:
    """Ids of documents whose title or text contains ``phrase`` (case-insensitive)."""
    needle = phrase.casefold().strip()
    if not needle:
        return set()
    return {doc.id for doc in session.project.iter_documents()
            if needle in doc.title.casefold() or needle in doc.text.casefold()}
