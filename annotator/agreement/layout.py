"""Flatten the documents into numpy arrays on one global character continuum.

Owns: ``Corpus`` — the counted documents (at least two chosen coders finished them), laid end
to end, with every span and token as flat arrays in global offsets. Every coefficient works on
these arrays so that nothing loops over spans in Python twice.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from annotator.agreement.data import DocUnits


@dataclass(frozen=True)
class Corpus:
    """The counted documents as flat arrays (spans sorted by coder, label, start, end).

    Attributes:
        annotators: The chosen coders (index = coder id).
        labels: The labels measured (index = label id).
        doc_ids: Ids of the counted documents.
        doc_len: Characters of every counted document.
        doc_off: Global offset of every document on the continuum.
        present: ``documents x coders``: the coder finished the document.
        doc, coder, label, start, end: One entry per span; offsets are global.
        tok_start, tok_end, tok_doc: One entry per token; offsets are global.
        invalid: Spans outside their text (or empty) that were left out.
    """

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    doc_ids: tuple[str, ...]
    doc_len: np.ndarray
    doc_off: np.ndarray
    present: np.ndarray
    doc: np.ndarray
    coder: np.ndarray
    label: np.ndarray
    start: np.ndarray
    end: np.ndarray
    tok_start: np.ndarray
    tok_end: np.ndarray
    tok_doc: np.ndarray
    invalid: int

    @property
    def n_docs(self) -> int:
        """Number of counted documents."""
        return len(self.doc_ids)

    @property
    def m_d(self) -> np.ndarray:
        """Coders who finished each document."""
        return self.present.sum(axis=1)


def counted(docs: Sequence[DocUnits], annotators: Sequence[str]) -> list[DocUnits]:
    """The documents at least two of ``annotators`` finished."""
    return [d for d in docs if sum(1 for a in annotators if a in d.spans) >= 2]


def flatten(docs: Sequence[DocUnits], annotators: Sequence[str],
            labels: Sequence[str] | None) -> Corpus:
    """Lay the counted documents end to end and flatten spans and tokens."""
    annotators = tuple(annotators)
    used = counted(docs, annotators)
    n = len(used)
    present, starts, ends, labs, chunks = _collect(used, annotators)
    chunk_doc, chunk_coder, chunk_len = chunks
    if labels is None:
        labels = sorted(set(labs))
    labels = tuple(dict.fromkeys(labels))
    index = {lab: i for i, lab in enumerate(labels)}
    label = np.fromiter(map(index.get, labs, repeat(-1)), dtype=np.int64, count=len(labs))
    doc_len = np.fromiter((max(int(d.length), 0) for d in used), dtype=np.int64, count=n)
    doc_off = np.concatenate([[0], np.cumsum(doc_len)[:-1]]).astype(np.int64) if n else doc_len
    doc = np.repeat(np.asarray(chunk_doc, dtype=np.int64), chunk_len)
    coder = np.repeat(np.asarray(chunk_coder, dtype=np.int64), chunk_len)
    start = np.asarray(starts, dtype=np.int64)
    end = np.asarray(ends, dtype=np.int64)
    valid = (start >= 0) & (end > start) & (end <= doc_len[doc]) if len(doc) else label >= 0
    invalid = int((~valid).sum())
    keep = valid & (label >= 0)
    doc, coder, label = doc[keep], coder[keep], label[keep]
    start, end = start[keep] + doc_off[doc], end[keep] + doc_off[doc]
    order = _order(coder, label, start, end, len(labels))
    tok_start, tok_end, tok_doc = _tokens(used, doc_off)
    return Corpus(annotators, labels, tuple(d.doc_id for d in used), doc_len, doc_off, present,
                  doc[order], coder[order], label[order], start[order], end[order],
                  tok_start, tok_end, tok_doc, invalid)


def _collect(used: Sequence[DocUnits], annotators: tuple[str, ...]) -> tuple:
    """Presence matrix, flat span fields, and (document, coder, size) of every span list."""
    present = np.zeros((len(used), len(annotators)), dtype=bool)
    starts: list[int] = []
    ends: list[int] = []
    labs: list[str] = []
    chunk_doc: list[int] = []
    chunk_coder: list[int] = []
    chunk_len: list[int] = []
    for d, doc in enumerate(used):
        for c, name in enumerate(annotators):
            spans = doc.spans.get(name)
            if spans is None:
                continue
            present[d, c] = True
            if spans:
                s, e, lab = zip(*spans)
                starts += s
                ends += e
                labs += lab
                chunk_doc.append(d)
                chunk_coder.append(c)
                chunk_len.append(len(spans))
    return present, starts, ends, labs, (chunk_doc, chunk_coder, chunk_len)


def _order(coder: np.ndarray, label: np.ndarray, start: np.ndarray, end: np.ndarray,
           n_labels: int) -> np.ndarray:
    """Order by coder, label, start, end: one composite key when it fits in 63 bits."""
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    span = int((end - start).max()) + 1
    top = (int(coder.max()) + 1) * (n_labels + 1) * (int(start.max()) + 1) * span
    if top >= 1 << 62:
        return np.lexsort((end, start, label, coder))
    key = ((coder * n_labels + label) * (int(start.max()) + 1) + start) * span + (end - start)
    return np.argsort(key, kind="stable")


def _tokens(used: Sequence[DocUnits],
            doc_off: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    starts, ends = array("q"), array("q")
    for d in used:  # array("q") (the token cache's type) extends by a memory copy
        starts.extend(_as_q(d.token_starts))
        ends.extend(_as_q(d.token_ends))
    sizes = np.fromiter((len(d.token_starts) for d in used), dtype=np.int64, count=len(used))
    tok_doc = np.repeat(np.arange(len(used)), sizes)
    if not len(starts):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return (np.frombuffer(starts, dtype=np.int64) + doc_off[tok_doc],
            np.frombuffer(ends, dtype=np.int64) + doc_off[tok_doc], tok_doc)


def _as_q(values: Sequence[int]) -> array:
    if isinstance(values, array) and values.typecode == "q":
        return values
    if isinstance(values, np.ndarray):
        return array("q", values.astype(np.int64).tobytes())
    return array("q", values)
