"""Reading every import format, with auto-detection and folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from io_helpers import find, write_lines

from annotator.core.errors import InputError
from annotator.core.model import Status
from annotator.io import jsonl_reader
from annotator.io.common import Invalid, span_rows
from annotator.io.readers import detect, read
from annotator.io.records import SpanRecord

ARTICLE = "Officials said\n\nThe deal may be delayed, sources said.\n"


def test_txt_file_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("\n  \n  First line here  \nbody", encoding="utf-8")
    [rec] = list(read(path))
    assert rec.text == "\n  \n  First line here  \nbody"
    assert rec.title == "First line here"
    assert rec.meta == {"source": "story.txt"}
    assert (rec.spans, rec.annotator, rec.status, rec.has_annotations) == ((), None, None,
                                                                          False)
    assert rec.source == str(path) and rec.line == 1


def test_txt_folder_reads_sorted_txt_files_only(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(f"text of {name}", encoding="utf-8")
    assert detect(tmp_path) == "txt"
    recs = list(read(tmp_path))
    assert [r.meta["source"] for r in recs] == ["a.txt", "b.txt"]


def test_auto_detection_by_extension(tmp_path: Path) -> None:
    expected = {"x.txt": "txt", "x.TXT": "txt", "x.jsonl": "jsonl", "x.json": "jsonl",
                "x.ndjson": "jsonl", "x.csv": "csv", "x.tsv": "csv"}
    for name, fmt in expected.items():
        assert detect(tmp_path / name) == fmt
    for name in ("a.jsonl", "a.json", "a.ndjson"):
        write_lines(tmp_path / name, [{"text": "Hello"}])
        assert [r.text for r in read(tmp_path / name)] == ["Hello"]


def test_title_is_truncated_to_200_characters(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "long.jsonl", [{"text": "x" * 500}])
    assert next(read(path)).title == "x" * 200


def test_bare_jsonl_records(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "bare.jsonl", [{"text": "One\nbody"}, "", "   ",
                                                 {"text": "Two", "title": "T2"}])
    recs = list(read(path))
    assert [(r.text, r.title, r.line) for r in recs] == [("One\nbody", "One", 1),
                                                          ("Two", "T2", 4)]
    assert all(not r.has_annotations and r.status is None for r in recs)
    assert recs[0].meta == {"source": "bare.jsonl"}


def test_own_export_record(tmp_path: Path) -> None:
    s1, e1 = find(ARTICLE, "Officials")
    s2, e2 = find(ARTICLE, "may")
    record = {
        "text": ARTICLE, "meta": {"source": "a.txt", "doc_id": "abc", "title": "Deal",
                                  "section": "world"},
        "spans": [{"start": s1, "end": e1, "label": "UNNAMED_SOURCE", "text": "Officials",
                   "origin": "manual", "attributes": {"type": "group"}, "note": "n"},
                  {"start": s2, "end": e2, "label": "HEDGE", "origin": "suggestion",
                   "rule": "modal"}],
        "answer": "accept", "status": "in_progress", "_annotator_id": "alice",
        "_session_id": "alice"}
    [rec] = list(read(write_lines(tmp_path / "own.jsonl", [record])))
    assert rec.title == "Deal"
    assert rec.meta == {"source": "a.txt", "doc_id": "abc", "section": "world"}
    assert rec.status is Status.IN_PROGRESS and rec.annotator == "alice"
    first, second = rec.spans
    assert (first.label, first.origin, dict(first.attributes), first.note) == (
        "UNNAMED_SOURCE", "manual", {"type": "group"}, "n")
    assert (second.origin, second.rule) == ("suggestion", "modal")


def test_unknown_origin_becomes_imported(tmp_path: Path) -> None:
    record = {"text": "may be", "spans": [{"start": 0, "end": 3, "label": "HEDGE",
                                           "origin": "robot"}]}
    [rec] = list(read(write_lines(tmp_path / "o.jsonl", [record])))
    assert rec.spans[0].origin == "imported"


def test_spans_read_as_rows_behave_as_span_records(tmp_path: Path) -> None:
    s, e = find(ARTICLE, "may")
    record = {"text": ARTICLE, "spans": [{"start": s, "end": e, "label": "HEDGE"},
                                         {"start": 0, "end": 9, "label": "UNNAMED_SOURCE",
                                          "attributes": {"type": "group"}}]}
    [rec] = list(read(write_lines(tmp_path / "rows.jsonl", [record])))
    plain = SpanRecord(s, e, "HEDGE")
    rich = SpanRecord(0, 9, "UNNAMED_SOURCE", attributes={"type": "group"})
    assert rec.spans == (plain, rich) and list(rec.spans) == [plain, rich]
    assert rec.spans[1:] == [rich] and rec.spans[-1].attributes == {"type": "group"}
    assert span_rows(rec.spans)[0] == (s, e, "HEDGE", "imported", "", {}, "")


def test_prodigy_answers(tmp_path: Path) -> None:
    span = {"start": 0, "end": 9, "label": "UNNAMED_SOURCE", "token_start": 0,
            "token_end": 0}
    base = {"text": ARTICLE, "spans": [span], "_input_hash": 1, "_task_hash": 2,
            "_view_id": "spans_manual"}
    lines = [dict(base, answer="accept", _annotator_id="news-alice",
                  _session_id="news-alice"),
             dict(base, answer="reject", _session_id="news-bob"),
             dict(base, answer="ignore"),
             dict(base, answer="reject", status="done")]
    recs = list(read(write_lines(tmp_path / "prodigy.jsonl", lines)))
    assert [r.status for r in recs] == [Status.DONE, Status.SKIPPED, Status.SKIPPED,
                                        Status.DONE]
    assert [len(r.spans) for r in recs] == [1, 0, 0, 0]
    assert [r.annotator for r in recs] == ["news-alice", "news-bob", None, None]
    assert all(r.has_annotations for r in recs)
    assert recs[0].spans[0].origin == "imported"


def test_doccano_label_triples_and_data_field(tmp_path: Path) -> None:
    s, e = find(ARTICLE, "sources")
    lines = [{"id": 7, "data": ARTICLE, "label": [[s, e, "UNNAMED_SOURCE"]]},
             {"text": ARTICLE, "label": []}]
    first, second = list(read(write_lines(tmp_path / "doccano.jsonl", lines)))
    assert first.text == ARTICLE
    assert [(x.start, x.end, x.label) for x in first.spans] == [(s, e, "UNNAMED_SOURCE")]
    assert first.has_annotations and second.has_annotations and not second.spans


def test_doccano_entities(tmp_path: Path) -> None:
    s, e = find(ARTICLE, "may")
    line = {"text": ARTICLE, "entities": [{"id": 1, "start_offset": s, "end_offset": e,
                                           "label": "HEDGE"}]}
    [rec] = list(read(write_lines(tmp_path / "ents.jsonl", [line])))
    assert [(x.start, x.end, x.label) for x in rec.spans] == [(s, e, "HEDGE")]


def test_ascii_escaped_json_with_emoji(tmp_path: Path) -> None:
    text = "Sources 👍🏽 said «maybe» 消息"
    path = tmp_path / "ascii.jsonl"
    path.write_text(json.dumps({"text": text, "spans": [{"start": 0, "end": 7,
                                                         "label": "X", "note": "👍"}]}) + "\n",
                    encoding="ascii")
    [rec] = list(read(path))
    assert rec.text == text and rec.spans[0].note == "👍"


def test_custom_text_field(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "c.jsonl", [{"body": "Hello there"}])
    assert [r.text for r in read(path, "jsonl", text_field="body")] == ["Hello there"]


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "docs.csv"
    path.write_bytes("\ufeffid,title,text,section\n"
                     '1,First,"Line one\nline two",world\n'
                     "\n"
                     '2,,"He said ""maybe""",\n'.encode())
    first, second = list(read(path))
    assert (first.text, first.title, first.line) == ("Line one\nline two", "First", 2)
    assert first.meta == {"id": "1", "section": "world", "source": "docs.csv"}
    assert (second.text, second.title, second.line) == ('He said "maybe"', 'He said "maybe"',
                                                        5)


def test_tsv_and_custom_text_column(tmp_path: Path) -> None:
    path = tmp_path / "docs.tsv"
    path.write_text("body\tauthor\nA, b and c\tKim\n", encoding="utf-8")
    [rec] = list(read(path, text_field="body"))
    assert rec.text == "A, b and c" and rec.meta["author"] == "Kim"


def test_csv_short_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("text,extra\nhello\n", encoding="utf-8")
    assert next(read(path)).meta["extra"] == ""


def test_explicit_format_overrides_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.log"
    path.write_text(json.dumps({"text": "hi"}) + "\n", encoding="utf-8")
    assert [r.text for r in read(path, "jsonl")] == ["hi"]
    assert [r.text for r in read(path, "txt")] == [json.dumps({"text": "hi"}) + "\n"]


def test_folder_with_explicit_jsonl_format(tmp_path: Path) -> None:
    write_lines(tmp_path / "b.jsonl", [{"text": "B"}])
    write_lines(tmp_path / "a.ndjson", [{"text": "A"}])
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert [r.text for r in read(tmp_path, "jsonl")] == ["A", "B"]


def test_reading_is_streamed(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", [{"text": "ok"}, "{broken"])
    records = read(path)
    assert next(records).text == "ok"
    with pytest.raises(InputError, match="line 2"):
        next(records)


def test_bad_format_and_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown format 'xml'"):
        read(tmp_path, "xml")
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.txt")
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(InputError, match=r"x\.docx.*extension '\.docx'"):
        read(tmp_path / "x.docx")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no documents found"):
        list(read(empty))


def test_seed_gold_file() -> None:
    gold = Path(__file__).resolve().parents[2].parent / "shared/data/seed/gold.jsonl"
    if not gold.exists():
        pytest.skip("shared seed data not present")
    [rec] = list(read(gold))
    assert len(rec.spans) == 18
    raw = json.loads(gold.read_text(encoding="utf-8"))
    for span, original in zip(rec.spans, raw["spans"], strict=True):
        assert (span.start, span.end, span.label) == (original["start"], original["end"],
                                                      original["label"])
        assert rec.text[span.start:span.end] == raw["text"][span.start:span.end]
        assert rec.text[span.start:span.end].strip()


SPAN_VALUES = st.one_of(st.integers(-3, 30), st.booleans(), st.none(), st.text(max_size=4),
                        st.floats(allow_nan=False), st.lists(st.integers(), max_size=2))
SPAN_ITEMS = st.one_of(
    st.fixed_dictionaries({"start": SPAN_VALUES, "end": SPAN_VALUES, "label": SPAN_VALUES}),
    st.dictionaries(st.sampled_from(["start", "end", "label", "text", "origin", "note",
                                     "token_start"]), SPAN_VALUES, max_size=6),
    SPAN_VALUES)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(SPAN_ITEMS, max_size=4))
def test_the_quick_span_path_agrees_with_the_full_checks(items: list[object]) -> None:
    """``{"start", "end", "label"}`` spans skip the full checks; same rows or same error."""
    text = "Officials said it might rain 👍🏽 today."

    def outcome(fn):  # type: ignore[no-untyped-def]
        try:
            return fn()
        except Invalid as exc:
            return ("Invalid", exc.reason, exc.hint)

    quick = outcome(lambda: jsonl_reader._plain_spans(text, items)[0])
    full = outcome(lambda: [jsonl_reader._span(text, "spans", item, number)
                            for number, item in enumerate(items, 1)])
    assert quick == full


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text()
    | st.sampled_from([-2**63 - 1, -2**63, 2**64 - 1, 2**64]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3), max_leaves=8)
ODD_LINES = ['{"text": "x", "n": NaN}', '{"text": "x", "n": 123456789012345678901234567890}',
             '{"text": "x", "n": -9223372036854775809}', '{"text": "x", "n": 18446744073709551616}',
             '{"text": "x", "n": 18446744073709551615, "m": -9223372036854775808}',
             '{"text": "lone \\ud800 surrogate"}', '{"text": "a", "text": "b"}',
             '{"text": "\\ud83d\\ude00 pair"}', '{"text": "x"} trailing', "[1, 2]", '"text"',
             '{"text": "tab\tinside"}', "{" * 2000, '{"text": "x", "n": 1e400}']


def _read_line(line: str) -> object:
    """One line as read_jsonl reads it: orjson where it is exact, else ``json``."""
    try:
        obj = jsonl_reader._quick_load(line.encode("utf-8"))
        return obj if obj is not None else jsonl_reader._load_carefully(line, "f.jsonl", 1)
    except InputError as exc:
        return ("InputError", str(exc))


def _read_line_with_json(line: str, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:  # every line takes the standard library's way
        m.setattr(jsonl_reader.orjson, "loads", _refuse)
        return _read_line(line)


def _refuse(data: bytes) -> object:
    raise jsonl_reader.orjson.JSONDecodeError("refused", "", 0)


@pytest.mark.parametrize("line", ODD_LINES)
def test_lines_orjson_refuses_read_as_json_reads_them(line: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert repr(_read_line(line)) == repr(_read_line_with_json(line, monkeypatch))


GOOD_LINE = b'{"text": "a\\r\\nb", "spans": [{"start": 0, "end": 1, "label": "HEDGE"}]}'
# Blank to str.strip() but not all to bytes.strip(); a BOM; CR LF; bytes that are not UTF-8.
FILE_LINES = [GOOD_LINE, b"   ", b"\x1c", "\u00a0".encode(), "\u2028".encode(),
              b'{"text": "c"}\r', b'{"text": "caf\xe9"}']


@pytest.mark.parametrize("lines", [FILE_LINES[:-1], FILE_LINES,
                                   *([GOOD_LINE, odd.encode()] for odd in ODD_LINES)])
def test_files_read_the_same_from_bytes_and_the_careful_way(
        lines: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson reads most lines straight from the file's bytes; every line must come out
    as decoding it first and reading it with ``json`` would make it, errors included."""
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")

    def outcome() -> object:
        try:
            return [(r.text, r.title, dict(r.meta), list(r.spans), r.line)
                    for r in jsonl_reader.read_jsonl(path)]
        except InputError as exc:
            return str(exc)

    quick = outcome()
    with monkeypatch.context() as m:
        m.setattr(jsonl_reader.orjson, "loads", _refuse)
        assert repr(outcome()) == repr(quick)


@settings(max_examples=200, deadline=None)
@given(value=st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=4),
       ensure_ascii=st.booleans())
def test_any_json_object_reads_the_same_with_orjson(value: dict, ensure_ascii: bool) -> None:
    line = json.dumps(value, ensure_ascii=ensure_ascii)
    with pytest.MonkeyPatch.context() as m:
        assert repr(_read_line(line)) == repr(_read_line_with_json(line, m))
