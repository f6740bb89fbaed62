"""Line endings are normalised on import, and span offsets follow the text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from io_helpers import find

from annotator.core.model import normalize_newlines
from annotator.io.common import build_record, remap_offsets, remap_span
from annotator.io.readers import read
from annotator.io.records import SpanRecord

CRLF_TEXT = "Title\r\n\r\nOfficials said\rthe deal may\r\nslip.\r\n"


def test_remap_shrinks_offsets_by_crlfs_before_them() -> None:
    crlf = remap_offsets(CRLF_TEXT)
    assert crlf == [6, 8, 37, 44]
    s, e = find(CRLF_TEXT, "may")
    assert remap_span(s, e, crlf) == (s - 2, e - 2)
    s, e = find(CRLF_TEXT, "slip")
    assert remap_span(s, e, crlf) == (s - 3, e - 3)
    s, e = find(CRLF_TEXT, "said\rthe")  # a lone CR is one character, as before
    assert remap_span(s, e, crlf) == (s - 2, e - 2)


def test_span_edges_inside_a_crlf_keep_the_newline() -> None:
    text = "ab\r\ncd"
    crlf = remap_offsets(text)
    norm = normalize_newlines(text)[0]
    for start, end, expected in [(2, 3, "\n"), (3, 4, "\n"), (2, 4, "\n"), (1, 3, "b\n"),
                                 (3, 5, "\nc"), (0, 6, "ab\ncd")]:
        s, e = remap_span(start, end, crlf)
        assert norm[s:e] == expected, (start, end)


def test_jsonl_crlf_text_is_normalised_and_spans_remapped(tmp_path: Path) -> None:
    spans = [{"start": s, "end": e, "label": "HEDGE", "text": CRLF_TEXT[s:e]}
             for s, e in (find(CRLF_TEXT, "may"), find(CRLF_TEXT, "slip"),
                          find(CRLF_TEXT, "may\r\nslip"))]
    path = tmp_path / "crlf.jsonl"
    path.write_text(json.dumps({"text": CRLF_TEXT, "spans": spans}) + "\n", encoding="utf-8")
    [rec] = list(read(path))
    assert rec.text == "Title\n\nOfficials said\nthe deal may\nslip.\n"
    assert rec.meta["newlines_normalised"] is True
    assert [rec.text[s.start:s.end] for s in rec.spans] == ["may", "slip", "may\nslip"]


def test_span_text_may_be_given_normalised(tmp_path: Path) -> None:
    s, e = find(CRLF_TEXT, "may\r\nslip")
    record = {"text": CRLF_TEXT, "spans": [{"start": s, "end": e, "label": "HEDGE",
                                            "text": "may\nslip"}]}
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert [r.text[x.start:x.end] for r in read(path) for x in r.spans] == ["may\nslip"]


def test_txt_and_csv_crlf(tmp_path: Path) -> None:
    txt = tmp_path / "win.txt"
    txt.write_bytes(CRLF_TEXT.encode())
    [rec] = list(read(txt))
    assert "\r" not in rec.text and rec.meta["newlines_normalised"] is True
    assert rec.title == "Title"
    csv_path = tmp_path / "win.csv"
    csv_path.write_bytes(b'text,id\r\n"a\r\nb",1\r\nplain,2\r\n')
    first, second = list(read(csv_path))
    assert (first.text, first.meta["newlines_normalised"]) == ("a\nb", True)
    assert "newlines_normalised" not in second.meta
    assert second.meta["id"] == "2" and second.line == 4


def test_unchanged_text_has_no_flag(tmp_path: Path) -> None:
    path = tmp_path / "unix.txt"
    path.write_text("a\nb", encoding="utf-8")
    assert "newlines_normalised" not in next(read(path)).meta


_PIECES = st.lists(st.sampled_from(["ab", "c", "\r\n", "\r", "\n", " ", "é", "👍🏽"]),
                   min_size=1, max_size=30)


def _char_map(text: str) -> list[int]:
    """Index of each original character in the normalised text (CR and LF of a pair
    share one), by the obvious loop."""
    out, j = [], 0
    for i, ch in enumerate(text):
        if ch == "\n" and i and text[i - 1] == "\r":
            out.append(j - 1)
        else:
            out.append(j)
            j += 1
    return out


@given(_PIECES, st.data())
def test_remapped_spans_cover_the_same_characters(pieces: list[str],
                                                  data: st.DataObject) -> None:
    text = "x" + "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    rec = build_record(text, "t.jsonl", 1, spans=[SpanRecord(start, end, "L")])
    [span] = rec.spans
    assert rec.text == normalize_newlines(text)[0]
    where = _char_map(text)
    assert (span.start, span.end) == (where[start], where[end - 1] + 1)
    cuts_pair = text[start - 1:start + 1] == "\r\n" or text[end - 1:end + 1] == "\r\n"
    if not cuts_pair:
        assert rec.text[span.start:span.end] == normalize_newlines(text[start:end])[0]
