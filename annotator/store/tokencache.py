"""A compact on-disk cache of token boundaries, so exports never re-tokenize.

Owns: the blob format (zlib over delta-coded unsigned varints) and its table.
Must not import: Qt, spaCy.

A document of ~700 tokens costs a few hundred bytes: gaps and lengths are small numbers.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain

from annotator.core.model import Tokens

_FORMAT = b"T1"


def _varints(values: Iterable[int]) -> bytes:
    out = bytearray()
    for v in values:
        while v >= 0x80:
            out.append((v & 0x7F) | 0x80)
            v >>= 7
        out.append(v)
    return bytes(out)


def _unvarints(data: bytes) -> list[int]:
    out: list[int] = []
    v = shift = 0
    for byte in data:
        v |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            out.append(v)
            v = shift = 0
    return out


def encode(tokens: Tokens) -> bytes:
    """Pack token boundaries and sentence starts into a small blob."""
    n = len(tokens.starts)
    gaps = [s - e for s, e in zip(tokens.starts, chain([0], tokens.ends))]
    lengths = [e - s for s, e in zip(tokens.starts, tokens.ends)]
    sents = [b - a for a, b in zip(chain([0], tokens.sent_starts), tokens.sent_starts)]
    head = _varints([n, len(sents)])
    return _FORMAT + zlib.compress(head + _varints(chain(gaps, lengths, sents)), 6)


def decode(blob: bytes) -> Tokens:
    """Inverse of :func:`encode`."""
    if blob[:2] != _FORMAT:
        raise ValueError("unknown token cache format")
    values = _unvarints(zlib.decompress(blob[2:]))
    n, m = values[0], values[1]
    gaps, lengths, sents = values[2:2 + n], values[2 + n:2 + 2 * n], values[2 + 2 * n:2 + 2 * n + m]
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for gap, length in zip(gaps, lengths):
        pos += gap
        starts.append(pos)
        pos += length
        ends.append(pos)
    return Tokens(starts, ends, list(accumulate(sents)))


class TokenCacheMixin:
    """Reads and writes of the ``tokens`` table."""

    conn: sqlite3.Connection

    def cached_tokens(self, doc_ids: Sequence[str], tokenizer: str) -> dict[str, Tokens]:
        """Cached tokens of those documents that have them for this ``tokenizer``."""
        found: dict[str, Tokens] = {}
        for i in range(0, len(doc_ids), 500):
            chunk = list(doc_ids[i:i + 500])
            rows = self.conn.execute(
                f"SELECT doc_id, data FROM tokens WHERE tokenizer = ? AND doc_id IN "
                f"({','.join('?' * len(chunk))})", [tokenizer, *chunk])
            found.update((d, decode(blob)) for d, blob in rows)
        return found

    def cache_tokens(self, items: Iterable[tuple[str, Tokens]], tokenizer: str) -> None:
        """Store tokens (replacing what another tokenizer left)."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO tokens(doc_id, tokenizer, data) VALUES (?,?,?)",
            ((d, tokenizer, encode(t)) for d, t in items))
