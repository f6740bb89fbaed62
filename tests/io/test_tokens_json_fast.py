"""The numpy token writer: the same bytes as the pure-Python one and as ``json.dumps``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from array import array
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Tokens
from annotator.io import tokens_fast, tokens_json
from annotator.io.tokens_fast import MAX_TEXT, FastTokenWriter
from annotator.io.tokens_json import TokenWriter

_PIECES = re.compile(r"\w+|\s+|.", re.DOTALL)


def split(text: str) -> Tokens:
    """Words, other single characters and whitespace runs; one plain space is a "ws"."""
    starts, ends = [], []
    for m in _PIECES.finditer(text):
        if m.group() != " ":
            starts.append(m.start())
            ends.append(m.end())
    return Tokens(starts, ends)


def naive(text: str, tokens: Tokens) -> list[dict[str, Any]]:
    return [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": tokens.ws(i, len(text))}
            for i, (s, e) in enumerate(zip(tokens.starts, tokens.ends, strict=True))]


def reference(text: str, tokens: Tokens) -> str:
    return json.dumps(naive(text, tokens), ensure_ascii=False, separators=(",", ":"))


def fast(text: str, tokens: Tokens) -> str | None:
    return FastTokenWriter().dumps(text, list(tokens.starts), list(tokens.ends))


def check(text: str, tokens: Tokens) -> None:
    """All writers agree, and the numpy writer did not decline."""
    expected = reference(text, tokens)
    assert fast(text, tokens) == expected
    as_arrays = Tokens(array("q", tokens.starts), array("q", tokens.ends))  # the token cache's
    assert TokenWriter().dump_bytes(text, as_arrays) == expected.encode()
    assert TokenWriter().dumps(text, tokens) == expected
    assert TokenWriter().dumps_python(text, tokens) == expected
    assert json.loads(expected) == naive(text, tokens)


@pytest.fixture(autouse=True)
def _always_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens_json, "FAST_MIN_TOKENS", 1)


CASES = {
    "quotes": 'He said "maybe" and "no".',
    "backslashes": r"C:\path\to \\server and \"",
    "paragraphs": "One.\n\nTwo.\n\n\n\nThree.\n",
    "tabs": "a\tb\t\tc \t d",
    "controls": "nul\x00 unit\x1f sep\x1e bell\x07 del\x7f form\x0c back\x08 cr\r.",
    "line separators": "one\u2028two\u2029three \u2028",
    "emoji": "Great 👍🏽 news 👍🏽👍🏽 said officials 🇩🇪.",
    "combining": "Le cafe\u0301 ferme\u0301, pe\u0302che.",
    "cjk": "消息人士称，该公司可能会裁员。据报道，官员表示反对。",
    "rtl": "قال مسؤولون إن الاتفاق ربما يتأخر. מקורות אמרו",
    "mixed": 'ü"\n👍\\\x01é\t中',
    "trailing space": "ends with a space ",
    "no trailing space": "ends without one",
    "leading space": "  starts with spaces",
    "one token": "word",
    "one character": "x",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_hand_made_texts(text: str) -> None:
    check(text, split(text))


def test_last_token_with_and_without_whitespace() -> None:
    check("a b ", Tokens([0, 2], [1, 3]))  # the last token owns a trailing space
    check("a b", Tokens([0, 2], [1, 3]))
    check("a b\n", Tokens([0, 2], [1, 3]))  # a trailing newline that no token covers


def test_empty_and_unusual_token_lists() -> None:
    assert TokenWriter().dumps("", Tokens([], [])) == "[]"
    assert TokenWriter().dumps("text", Tokens([], [])) == "[]"
    check("abc", Tokens([0, 1, 1], [1, 1, 3]))  # an empty token
    check("abc", Tokens([0, 0, 2], [3, 2, 3]))  # overlapping tokens
    check('a"b"c', Tokens([0, 3, 1], [5, 5, 4]))  # out of order, escapes inside
    check("ab", Tokens([2, 2], [2, 2]))  # empty tokens at the very end


def test_long_tokens_and_escapes() -> None:
    url = "https://example.org/" + "x" * 80
    text = f"see {url} and {chr(1) * 30} and {'é' * 60} and {'👍' * 20} ok"
    check(text, split(text))


def test_five_digit_offsets_and_ids() -> None:
    text = "".join("ab\n"[i % 3] if i % 7 else '"' for i in range(MAX_TEXT - 1))
    tokens = Tokens(list(range(len(text))), list(range(1, len(text) + 1)))  # 5-digit ids
    check(text, tokens)
    check(text, split(text))


def test_other_sequences_are_listed_first() -> None:
    text = "some words here"
    base = split(text)
    check(text, Tokens(tuple(base.starts), tuple(base.ends)))
    check(text, Tokens(array("q", base.starts), array("q", base.ends)))


@pytest.mark.parametrize(("text", "starts", "ends"), [
    ("some words", [np.int64(0), np.int64(5)], [4, 10]),  # not built-in ints
    ("some words", [True, 5], [4, 10]),
    ("x" * MAX_TEXT, [0, 1], [1, MAX_TEXT]),  # too long for five-digit offsets
    ("a \ud800 b", [0, 2, 4], [1, 3, 5]),  # a lone surrogate
])
def test_declined_inputs_go_through_the_python_writer(text: str, starts: list[Any],
                                                      ends: list[Any]) -> None:
    tokens = Tokens(starts, ends)
    assert FastTokenWriter().dumps(text, starts, ends) is None
    assert TokenWriter().dumps(text, tokens) == TokenWriter().dumps_python(text, tokens)


@pytest.mark.parametrize(("starts", "ends"), [
    ([0, 2], [1]), ([2, 0], [3, 1]), ([0, 2], [1, 9]), ([-1, 2], [1, 3]), ([0, 9], [1, 3]),
])
def test_bad_offsets_behave_as_before(starts: list[int], ends: list[int]) -> None:
    text, tokens = "abc", Tokens(starts, ends)
    try:
        expected: str | type[Exception] = TokenWriter().dumps_python(text, tokens)
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError):
            TokenWriter().dumps(text, tokens)
    else:
        assert TokenWriter().dumps(text, tokens) == expected


def test_one_writer_for_documents_of_all_sizes() -> None:
    writer = TokenWriter()
    texts = ["tiny", "word " * 2000, "é" * 5, 'x"y ' * 3000, "z"]
    for text in texts * 2:
        assert writer.dumps(text, split(text)) == reference(text, split(text))


def test_threads_share_the_tables() -> None:
    texts = [f"{'w ' * (k * 997 % 9000)}end" for k in range(1, 13)]
    failures: list[str] = []

    def work(text: str) -> None:
        if TokenWriter().dumps(text, split(text)) != reference(text, split(text)):
            failures.append(text)

    threads = [threading.Thread(target=work, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


def test_without_numpy_the_python_writer_does_everything() -> None:
    code = ("import sys; sys.modules['numpy'] = None\n"
            "from annotator.core.model import Tokens\n"
            "from annotator.io import tokens_json\n"
            "assert tokens_json.FastTokenWriter is None\n"
            "print(tokens_json.TokenWriter().dumps('a \"b\"', Tokens([0, 2], [1, 5])))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == reference('a "b"', Tokens([0, 2], [1, 5]))


def test_tiny_documents_skip_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens_json, "FAST_MIN_TOKENS", 3)
    calls: list[int] = []
    monkeypatch.setattr(tokens_fast.FastTokenWriter, "dump_bytes",
                        lambda self, text, s, e: calls.append(len(s)))
    TokenWriter().dumps("a b", Tokens([0, 2], [1, 3]))
    TokenWriter().dumps("a b c", Tokens([0, 2, 4], [1, 3, 5]))
    assert calls == [3]


_ALPHABET = st.one_of(
    st.sampled_from(list(' \n\t"\\\x00\x1f\x7fé👍\u2028中')),
    st.characters(blacklist_categories=("Cs",)),
)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=200))
def test_split_texts_property(text: str) -> None:
    tokens = split(text)
    if tokens.starts:
        check(text, tokens)
    else:
        assert TokenWriter().dumps(text, tokens) == "[]"


@st.composite
def _any_offsets(draw: st.DrawFn) -> tuple[str, Tokens]:
    text = draw(st.text(_ALPHABET, min_size=1, max_size=80))
    pairs = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))),
                          min_size=1, max_size=40))
    pairs = [(min(a, b), max(a, b)) for a, b in pairs]
    first, last = min(pairs), max(pairs, key=lambda p: p[1])
    pairs = [first, *pairs, last] if first[0] <= last[1] else pairs
    return text, Tokens([a for a, _ in pairs], [b for _, b in pairs])


@settings(max_examples=300, deadline=None)
@given(_any_offsets())
def test_any_valid_offsets_property(sample: tuple[str, Tokens]) -> None:
    text, tokens = sample
    check(text, tokens)
