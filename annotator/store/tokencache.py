"""A compact on-disk cache of token boundaries, so exports never re-tokenize.

Owns: the blob format and its table. Must not import: Qt, spaCy.

Blob: ``T2`` + a type code (``B``, ``H`` or ``I``: the narrowest unsigned array that fits)
+ zlib over that array: token count, sentence count, then for each token the gap before it
and its length (interleaved), then the gaps between sentence starts. A 700-token article
costs a few hundred bytes, and decoding is a handful of numpy calls (running sums into
``array("q")``, which the JSON writer reads without copying): a repeated export decodes
every document.
"""

from __future__ import annotations

import sqlite3
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

from annotator.core.model import Tokens

_FORMAT = b"T2"
_DTYPES = {b"B": "<u1", b"H": "<u2", b"I": "<u4"}  # little-endian on every machine


def encode(tokens: Tokens) -> bytes:
    """Pack token boundaries and sentence starts into a small blob."""
    starts, ends = tokens.starts, tokens.ends
    pairs: list[int] = [0] * (2 * len(starts))
    pairs[0::2] = [s - e for s, e in zip(starts, chain([0], ends))]
    pairs[1::2] = [e - s for s, e in zip(starts, ends)]
    sents = [b - a for a, b in zip(chain([0], tokens.sent_starts), tokens.sent_starts)]
    values = [len(starts), len(sents), *pairs, *sents]
    top = max(values)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
    packed = array(code, values)
    if sys.byteorder == "big":  # the file is little-endian on every machine
        packed.byteswap()
    return _FORMAT + code.encode() + zlib.compress(packed.tobytes(), 6)


def decode(blob: bytes) -> Tokens:
    """Inverse of :func:`encode`; the offsets come back as ``array("q")``.

    The running sums are numpy's (imported on first use, so opening a project does not
    pay for it): a repeated export decodes every document of the project.
    """
    import numpy as np

    if blob[:2] != _FORMAT or blob[2:3] not in _DTYPES:
        raise ValueError("unknown token cache format")
    values = np.frombuffer(zlib.decompress(blob[3:]), _DTYPES[blob[2:3]])
    if len(values) < 2:
        raise ValueError("truncated token cache entry")
    n, m = int(values[0]), int(values[1])
    if len(values) != 2 + 2 * n + m:
        raise ValueError("truncated token cache entry")
    positions = values[2:2 + 2 * n].cumsum(dtype=np.int64)
    return Tokens(_int64s(positions[0::2]), _int64s(positions[1::2]),
                  _int64s(values[2 + 2 * n:].cumsum(dtype=np.int64)))


def _int64s(values: Any) -> array:
    out = array("q")
    out.frombytes(values.tobytes())
    return out


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
            for d, blob in rows:
                try:
                    found[d] = decode(blob)
                except (ValueError, zlib.error):
                    continue  # an older or damaged entry is simply computed again
        return found

    def cache_tokens(self, items: Iterable[tuple[str, Tokens]], tokenizer: str) -> None:
        """Store tokens (replacing what another tokenizer left)."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO tokens(doc_id, tokenizer, data) VALUES (?,?,?)",
            ((d, tokenizer, encode(t)) for d, t in items))
