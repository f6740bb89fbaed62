"""Export to spaCy's ``DocBin`` with annotations in ``doc.spans["sc"]``.

Owns: building spaCy ``Doc`` objects from stored text, cached tokens and annotations.
Must not import: Qt, sqlite.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.core.model import Annotation, Document, Status, Tokens
from annotator.nlp.tokenizer import _pipeline

SPANS_KEY = "sc"


def write_docbin(items: Iterable[tuple[Document, Sequence[Annotation], Tokens | None, str,
                                      Status | None]], path: Path) -> int:
    """Write one ``Doc`` per (document, coder) to ``path``; returns how many.

    Each doc carries ``user_data`` with ``doc_id``, ``annotator``, ``status``, ``title``
    and ``origins`` (one per span, in ``doc.spans["sc"]`` order). A span made in character
    mode that ends inside a token is widened to whole tokens, as spaCy spans must be.
    """
    from spacy.tokens import Doc, DocBin

    nlp = _pipeline()
    docbin = DocBin(store_user_data=True)
    count = 0
    for document, anns, tokens, annotator, status in items:
        text = document.text
        if tokens is None:
            doc = nlp.make_doc(text)
        else:
            n = len(tokens.starts)
            words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends)]
            spaces = [tokens.ws(i, len(text)) for i in range(n)]
            doc = Doc(nlp.vocab, words=words, spaces=spaces)
        spans, origins = [], []
        for a in anns:
            span = doc.char_span(a.start, a.end, label=a.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
                origins.append(a.origin.value)
        doc.spans[SPANS_KEY] = spans
        doc.user_data.update({"doc_id": document.id, "annotator": annotator,
                              "status": status.value if status else None,
                              "title": document.title, "origins": origins})
        docbin.add(doc)
        count += 1
    docbin.to_disk(path)
    return count
