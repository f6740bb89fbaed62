"""Code points ↔ Qt UTF-16 positions, checked by hand, by property and against Qt."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.gui.offsets import OffsetMap, display_text

THUMBS = "👍🏽"  # U+1F44D U+1F3FD: two astral code points, four UTF-16 units
SAMPLES = {
    "ascii": "Officials said it might rain.",
    "emoji": f"a {THUMBS} b 🎉!",
    "combining": "Cafe\u0301 de\u0301ja\u0300 vu, n\u0303",
    "cjk": "消息人士称，他可能会辞职。",
    "arabic": "قال مسؤولون إن الأمر ربما يتغير",
    "hebrew": "לפי גורמים, ייתכן שהוא יתפטר",
    "mixed": f"Sources 消息 said {THUMBS} ربما\nnext\u2028line\u2029para\x0cfeed\ttab 𝔘𝔫𝔦",
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_positions_by_hand() -> None:
    m = OffsetMap(f"x{THUMBS}y")
    assert [m.to_qt(i) for i in range(5)] == [0, 1, 3, 5, 6]
    assert m.qt_length == 6
    assert m.from_qt(3) == 2 and m.from_qt(5) == 3
    # positions inside a surrogate pair round to the character's start, or its end
    assert m.from_qt(2) == 1 and m.from_qt(2, round_up=True) == 2
    assert m.span_from_qt(2, 4) == (1, 3)


def test_bmp_text_maps_one_to_one() -> None:
    for key in ("ascii", "combining", "cjk", "arabic", "hebrew"):
        m = OffsetMap(SAMPLES[key])
        assert all(m.to_qt(i) == i == m.from_qt(i) for i in range(len(SAMPLES[key]) + 1))


def test_out_of_range_is_refused() -> None:
    m = OffsetMap("abc")
    with pytest.raises(ValueError):
        m.to_qt(4)
    with pytest.raises(ValueError):
        m.from_qt(-1)


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60))
def test_to_qt_counts_utf16_units(text: str) -> None:
    m = OffsetMap(text)
    assert m.qt_length == utf16_len(text)
    for i in range(len(text) + 1):
        q = m.to_qt(i)
        assert q == utf16_len(text[:i])
        assert m.from_qt(q) == i == m.from_qt(q, round_up=True)


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
       st.data())
def test_span_from_qt_rounds_outward(text: str, data: st.DataObject) -> None:
    m = OffsetMap(text)
    a = data.draw(st.integers(0, m.qt_length))
    b = data.draw(st.integers(0, m.qt_length))
    start, end = m.span_from_qt(a, b)
    assert m.to_qt(start) <= min(a, b) and m.to_qt(end) >= max(a, b)
    assert end - start <= abs(b - a) + 1


def _qt_slice(text: str, start: int, end: int) -> str:
    doc = QTextDocument()
    doc.setPlainText(display_text(text))
    m = OffsetMap(text)
    cur = QTextCursor(doc)
    cur.setPosition(m.to_qt(start))
    cur.setPosition(m.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    return cur.selectedText()


def _as_qt(text: str) -> str:
    """What Qt's selectedText() reports for ``text``: newlines are paragraph separators."""
    return text.replace("\n", "\u2029")


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_qt_selects_the_same_characters(qapp, key: str) -> None:  # type: ignore[no-untyped-def]
    text = SAMPLES[key]
    doc = QTextDocument()
    doc.setPlainText(display_text(text))
    assert doc.characterCount() - 1 == OffsetMap(text).qt_length
    for start in range(0, len(text), 3):
        for end in range(start + 1, min(len(text), start + 7) + 1):
            assert _qt_slice(text, start, end) == _as_qt(text[start:end])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r"),
               min_size=1, max_size=30), st.data())
def test_qt_agrees_on_any_text(qapp, text: str, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    shown = display_text(text)
    expected = _as_qt(shown[start:end])
    if start == 0 and text[0] != shown[0]:  # a leading BOM is shown as a word joiner
        expected = text[0] + expected[1:]
    got = _qt_slice(text, start, end)
    assert len(got) == len(text[start:end]) and got[1:] == expected[1:]


def test_display_text_keeps_utf16_length() -> None:
    for text in ("\ufeffabc", "a\ufdd0b\ufdd1", "x\ud800y", "plain"):
        assert utf16_len(display_text(text).encode("utf-16-le", "surrogatepass")
                         .decode("utf-16-le", "surrogatepass")) == OffsetMap(text).qt_length


def test_large_text_is_fast() -> None:
    words = ("reportedly", "sources", "消息", "might", THUMBS, "ربما") * 17_000
    text = " ".join(words)  # ~100,000 words, 17,000 astral pairs
    t0 = time.perf_counter()
    m = OffsetMap(text)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(0, len(text), 97):
        m.from_qt(m.to_qt(i))
    per_call = (time.perf_counter() - t0) / (len(text) // 97)
    assert built < 0.2 and per_call < 20e-6
