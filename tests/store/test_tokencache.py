from __future__ import annotations

import zlib
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import Tokens
from annotator.store import Project
from annotator.store.tokencache import decode, encode


@st.composite
def token_lists(draw):
    pos, starts, ends = 0, [], []
    for gap, length in draw(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 70000)),
                                     max_size=60)):
        pos += gap
        starts.append(pos)
        pos += length
        ends.append(pos)
    sents = sorted(set(draw(st.lists(st.sampled_from(starts), max_size=10)))) if starts else []
    return Tokens(starts, ends, sents)


@given(token_lists())
def test_encode_decode_round_trip(tokens):
    decoded = decode(encode(tokens))
    assert decoded == tokens
    assert list(decoded.starts) == tokens.starts and list(decoded.ends) == tokens.ends
    assert list(decoded.sent_starts) == tokens.sent_starts
    assert all(type(x) is array and x.typecode == "q"  # what the numpy JSON writer reads
               for x in (decoded.starts, decoded.ends, decoded.sent_starts))


@pytest.mark.parametrize("blob", [
    b"", b"T1B" + zlib.compress(b"\0\0"), b"T2Q" + zlib.compress(b"\0\0"),
    b"T2B" + zlib.compress(b"\2\0\1"), b"T2Bnot zlib"])
def test_damaged_entries_are_refused(blob):
    with pytest.raises((ValueError, zlib.error)):
        decode(blob)


def test_cache_is_compact_and_keyed_by_tokenizer():
    tokens = Tokens(list(range(0, 7000, 10)), list(range(5, 7005, 10)), [0, 500])
    assert len(encode(tokens)) < 200  # 700 tokens in well under a byte each
    project = Project.memory()
    with project.atomic():
        project.conn.execute(
            "INSERT INTO documents(id, text, imported_at) VALUES ('d', 'x', 0)")
        project.cache_tokens([("d", tokens)], "tok-A")
    assert project.cached_tokens(["d"], "tok-A") == {"d": tokens}
    assert project.cached_tokens(["d"], "tok-B") == {}
