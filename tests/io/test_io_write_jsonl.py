"""The JSONL export: layout, values, hashes, and the fast token serializer."""

from __future__ import annotations

import io
import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from io_helpers import UNICODE_TEXTS, export_record, find, naive_tokens, naive_tokens_json

from annotator.core.model import Status, Tokens
from annotator.io import jsonl_writer, tokens_json
from annotator.io.tokens_json import TokenWriter
from annotator.io.writers import write_jsonl

TEXT = 'Officials said "the deal" may\n\nbe delayed, sources said.'
KEYS = ["text", "meta", "_input_hash", "_task_hash", "_view_id", "tokens", "spans", "answer",
        "status", "_annotator_id", "_session_id", "_timestamp", "codebook"]


def _export(*records: object) -> list[dict[str, object]]:
    fh = io.BytesIO()
    assert write_jsonl(records, fh) == len(records)  # type: ignore[arg-type]
    assert not fh.closed
    lines = fh.getvalue().decode("utf-8").split("\n")
    assert lines[-1] == ""
    return [json.loads(line) for line in lines[:-1]]


def _record(**kwargs: object):  # type: ignore[no-untyped-def]
    s1, e1 = find(TEXT, "Officials")
    s2, e2 = find(TEXT, "may")
    return export_record(TEXT, [
        {"start": s1, "end": e1, "label": "UNNAMED_SOURCE", "attributes": {"type": "group"},
         "note": "who?"},
        {"start": s2, "end": e2, "label": "HEDGE", "origin": "suggestion", "rule": "modal"},
        {"start": s2, "end": e2 + 4, "label": "HEDGE", "origin": "imported", "rule": "r2"},
    ], meta={"source": "a.txt", "section": "world"}, **kwargs)


def test_record_layout_follows_formats_md() -> None:
    rec = _record()
    [out] = _export(rec)
    assert list(out) == KEYS
    assert out["text"] == TEXT
    assert out["meta"] == {"source": "a.txt", "doc_id": rec.document.id, "title": "A title",
                           "section": "world"}
    assert list(out["meta"])[:3] == ["source", "doc_id", "title"]
    assert (out["_view_id"], out["answer"], out["status"]) == ("spans_manual", "accept", "done")
    assert (out["_annotator_id"], out["_session_id"], out["_timestamp"]) == ("alice", "alice",
                                                                             1718000000)
    assert out["codebook"] == {"name": "hedges-and-sources", "version": "1"}
    assert out["tokens"] == naive_tokens(TEXT, rec.tokens)


def test_spans() -> None:
    [out] = _export(_record())
    first, second, third = out["spans"]
    assert first == {"start": 0, "end": 9, "token_start": 0, "token_end": 0,
                     "label": "UNNAMED_SOURCE", "text": "Officials", "origin": "manual",
                     "attributes": {"type": "group"}, "note": "who?"}
    assert list(second) == ["start", "end", "token_start", "token_end", "label", "text",
                            "origin", "rule", "attributes", "note"]
    assert (second["text"], second["rule"], second["origin"]) == ("may", "modal", "suggestion")
    assert (third["text"], third["rule"]) == ("may\n\nbe", "r2")
    tokens = out["tokens"]
    for span in out["spans"]:
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
        assert TEXT[span["start"]:span["end"]] == span["text"]


def test_without_tokens_and_without_status() -> None:
    [out] = _export(_record(tokens=False, status=None))
    assert "tokens" not in out
    assert all("token_start" not in s and "token_end" not in s for s in out["spans"])
    assert out["status"] == "in_progress"
    assert list(out) == [k for k in KEYS if k != "tokens"]


def test_span_in_whitespace_has_no_token_range() -> None:
    text = "a  b"  # the double space is one token
    rec = export_record(text, [{"start": 1, "end": 2, "label": "X"}])
    rec = rec.__class__(rec.document, rec.annotator, rec.status, rec.annotations,
                        Tokens([0, 3], [1, 4]), rec.codebook_name, rec.codebook_version, 0)
    [out] = _export(rec)
    assert "token_start" not in out["spans"][0]


def test_hashes_are_stable_signed_32_bit_ints() -> None:
    a, b = _export(_record(), _record(annotator="bob"))
    c, d = _export(_record(), export_record(TEXT, []))
    for out in (a, b, d):
        assert -(2**31) <= out["_input_hash"] < 2**31
        assert -(2**31) <= out["_task_hash"] < 2**31
    assert a["_input_hash"] == b["_input_hash"] == d["_input_hash"]
    assert a["_task_hash"] == c["_task_hash"]
    assert len({a["_task_hash"], b["_task_hash"], d["_task_hash"]}) == 3
    # blake2b with a 4-byte digest, read as a little-endian signed int
    assert _export(export_record("x", []))[0]["_input_hash"] == -452478287


def test_bad_span_is_an_internal_error() -> None:
    rec = export_record("short", [{"start": 2, "end": 9, "label": "HEDGE"}])
    with pytest.raises(ValueError, match="outside the text"):
        _export(rec)


def test_same_document_for_several_annotators() -> None:
    rec = _record()
    other = rec.__class__(rec.document, "bob", None, [], rec.tokens, "cb", "1", 0)
    a, b = _export(rec, other)
    assert a["tokens"] == b["tokens"] == naive_tokens(TEXT, rec.tokens)


SPECIAL = ['"quoted"', "back\\slash", "new\nline", "\n\n", "tab\t", "\x00\x1f\x7f", "👍🏽",
           "cafe\u0301", "消息人士", "مصادر", "מקורות", "\u2028\u2029"]


@pytest.mark.parametrize("text", [*UNICODE_TEXTS.values(), " ".join(SPECIAL),
                                  "".join(SPECIAL), "x", " lead and trail "])
def test_token_serializer_matches_json(text: str) -> None:
    from io_helpers import tokenize

    tokens = tokenize(text)
    writer = TokenWriter()
    assert writer.dumps(text, tokens) == naive_tokens_json(text, tokens)
    assert json.loads(writer.dumps(text, tokens)) == naive_tokens(text, tokens)


def test_token_serializer_edge_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    writer = TokenWriter(cache_size=2)
    assert writer.dumps("", Tokens([], [])) == "[]"
    text = "a b c d a b"
    tokens = Tokens([0, 2, 4, 6, 8, 10], [1, 3, 5, 7, 9, 11])
    assert writer.dumps(text, tokens) == naive_tokens_json(text, tokens)  # cache cleared
    assert writer.dumps("ab", Tokens([0], [2])) == naive_tokens_json("ab", Tokens([0], [2]))
    monkeypatch.setattr(tokens_json, "_NUMBERS_MAX", 4)
    assert TokenWriter().dumps(text, tokens) == naive_tokens_json(text, tokens)
    with pytest.raises(ValueError):
        writer.dumps("ab", Tokens([0], [3]))
    with pytest.raises(ValueError):
        writer.dumps("ab", Tokens([0, 1], [1]))


@st.composite
def _tokenized(draw: st.DrawFn) -> tuple[str, Tokens]:
    alphabet = st.characters(blacklist_categories=("Cs",))
    text = draw(st.text(alphabet, min_size=0, max_size=60))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=30)) | {0, len(text)})
    starts, ends = [], []
    for a, b in itertools.pairwise(cuts):
        if draw(st.booleans()) and b - a > 1:
            a += 1  # leave a one-character gap, as a token's trailing space
        starts.append(a)
        ends.append(b)
    return text, Tokens(starts, ends)


@given(_tokenized())
def test_token_serializer_property(sample: tuple[str, Tokens]) -> None:
    text, tokens = sample
    assert TokenWriter().dumps(text, tokens) == naive_tokens_json(text, tokens)


def test_status_values() -> None:
    outs = _export(*(_record(status=s) for s in Status))
    assert [o["status"] for o in outs] == ["done", "in_progress", "skipped"]


_JSON_SPECIAL = st.sampled_from('"\\\n\r\t\b\f\x00\x1f\x7f\u2028')


@given(st.text(alphabet=st.characters(codec="utf-8") | _JSON_SPECIAL))
def test_text_json_is_what_the_json_module_writes(text: str) -> None:
    raw, quoted = jsonl_writer.text_json(text)
    assert quoted == jsonl_writer.encode_basestring(text).encode()
    assert raw == text.encode()
    assert jsonl_writer.input_hash(text) == jsonl_writer._signed32(raw)


@pytest.mark.parametrize("text", [*UNICODE_TEXTS.values(), 'a "b" \\ c\n\td', "\x01\x02 é", "",
                                  "😀\r\n"])
def test_text_json_examples(text: str) -> None:
    assert jsonl_writer.text_json(text)[1] == json.dumps(text, ensure_ascii=False).encode()


def test_text_json_of_a_lone_surrogate_raises_as_before() -> None:
    with pytest.raises(UnicodeEncodeError):
        jsonl_writer.text_json("a\ud800b")


def test_what_follows_the_spans_is_each_records_own() -> None:
    rec = _record()
    records = [rec.__class__(rec.document, who, status, [], None, name, "1", stamp)
               for who, status, name, stamp in [("alice", Status.DONE, "cb", 5),
                                                ("alice", Status.DONE, "cb", 5.0),
                                                ("bob", Status.DONE, "cb", 5),
                                                ("alice", None, "cb", 5),
                                                ("alice", Status.DONE, "other", 5)]]
    fh = io.BytesIO()
    write_jsonl(records, fh)
    tails = [line.split(b'"spans":[]', 1)[1] for line in fh.getvalue().splitlines()]
    assert tails[0] == (b',"answer":"accept","status":"done","_annotator_id":"alice",'
                        b'"_session_id":"alice","_timestamp":5,'
                        b'"codebook":{"name":"cb","version":"1"}}')
    assert tails[1] == tails[0].replace(b":5,", b":5.0,")
    assert len(set(tails)) == 5
