"""Every kind of bad input gives an InputError naming the file, the line and the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.io.readers import read

GOOD = json.dumps({"text": "Officials may talk."})
TEXT = "Officials may talk."


def _span(**fields: object) -> str:
    span = {"start": 0, "end": 9, "label": "UNNAMED_SOURCE"}
    span.update(fields)
    return json.dumps({"text": TEXT, "spans": [{k: v for k, v in span.items()
                                                if v is not ...}]})


JSONL_CASES = {
    "malformed": ('{"text": "a",}', "malformed JSON: Expecting property name"),
    "array": ('[{"text": "a"}]', "a list, not a JSON object"),
    "number": ("42", "a number, not a JSON object"),
    "no text": ('{"body": "a"}', "no 'text' field (it has 'body')"),
    "text not str": ('{"text": 5}', "'text' field must be a string, not a number"),
    "empty text": ('{"text": ""}', "the text is empty"),
    "blank text": ('{"text": "  \\n"}', "the text is empty (only whitespace)"),
    "lone surrogate": ('{"text": "a\\ud800b"}', "unpaired surrogate '\\ud800'"),
    "surrogate in note": (_span(note="\udc00"), "unpaired surrogate '\\udc00'"),
    "surrogate, long number": ('{"text": "a\\ud800b", "id": 12345678901234567890123}',
                               "unpaired surrogate '\\ud800'"),
    "float offset": (_span(start=0.5), "offsets must be whole numbers"),
    "string offset": (_span(end="9"), "offsets must be whole numbers"),
    "bool offset": (_span(end=True), "offsets must be whole numbers"),
    "no start": (_span(start=...), "span 1: the span has no start offset"),
    "outside": (_span(start=10, end=40), "span [10, 40) lies outside the text (length 19)"),
    "negative": (_span(start=-1), "lies outside the text"),
    "reversed": (_span(start=9, end=2), "span [9, 2) is empty or reversed"),
    "empty span": (_span(start=4, end=4), "is empty or reversed"),
    "text mismatch": (_span(text="Official"),
                      "the span's text 'Official' does not match the document's text "
                      "'Officials'"),
    "no label": (_span(label=...), "span 1: the span has no label"),
    "label not str": (_span(label=3), "the label must be a string, not a number"),
    "empty label": (_span(label=" "), "the label is empty"),
    "attributes": (_span(attributes=[1]), "attributes must be an object, not a list"),
    "note": (_span(note=5), "the note must be a string"),
    "span not object": (json.dumps({"text": TEXT, "spans": [[0, 9]]}),
                        "span 1: a span must be an object"),
    "spans not list": (json.dumps({"text": TEXT, "spans": {}}), "'spans' must be a list"),
    "doccano classification": (json.dumps({"text": TEXT, "label": ["POSITIVE"]}),
                               "expected [start, end, label]"),
    "status": (json.dumps({"text": TEXT, "status": "finished"}),
               "status must be one of done, in_progress, skipped, not 'finished'"),
    "answer": (json.dumps({"text": TEXT, "answer": "maybe"}), "answer must be one of"),
    "meta": (json.dumps({"text": TEXT, "meta": "x"}), "'meta' must be an object, not a string"),
}


@pytest.mark.parametrize("name", list(JSONL_CASES))
def test_jsonl_errors_name_file_line_and_reason(tmp_path: Path, name: str) -> None:
    bad, reason = JSONL_CASES[name]
    path = tmp_path / "input.jsonl"
    path.write_text(f"{GOOD}\n\n{bad}\n{GOOD}\n", encoding="utf-8")
    records = read(path)
    assert next(records).text == TEXT
    with pytest.raises(InputError) as caught:
        list(records)
    message = str(caught.value)
    assert caught.value.line == 3
    assert message.startswith(f"{path}, line 3: ")
    assert reason in message


def test_array_file_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text('[\n  {"text": "a"}\n]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1: malformed JSON.*JSON Lines"):
        list(read(path))


def test_undecodable_bytes_give_line_and_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(InputError) as caught:
        list(read(path))
    message = str(caught.value)
    assert "latin1.jsonl, line 2: not valid UTF-8" in message
    assert "byte 0xe9 at byte offset 28" in message
    assert "save the file as UTF-8" in message


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "ok"}\n')
    assert [r.text for r in read(path)] == ["ok"]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_jsonl_has_no_documents(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"empty\.jsonl: no documents found"):
        list(read(path))


def test_txt_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match=r"empty\.txt, line 1: the text is empty"):
        list(read(empty))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"line one\nline two\nbad \xff here\n")
    with pytest.raises(InputError, match=r"bad\.txt, line 3: not valid UTF-8.*byte 0xff at "
                                         r"byte offset 22"):
        list(read(bad))


def test_csv_missing_text_column_names_columns(tmp_path: Path) -> None:
    path = tmp_path / "docs.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read(path))
    message = str(caught.value)
    assert "docs.csv, line 1: there is no 'text' column" in message
    assert "'id', 'body'" in message


@pytest.mark.parametrize(("content", "line", "reason"), [
    (b"text\nok\n\n", None, None),
    (b"text,id\nok,1\n,2\n", 3, "the text is empty"),
    (b"text,id\nok,1\n\"a,b\",2,3\n", 3, "the row has 3 fields but the header has 2"),
    (b"text\nok\n\xc3\x28\n", 3, "not valid UTF-8"),
    (b"text,text\nok,ok\n", 1, "the column 'text' appears twice"),
    (b"text\n", None, "no documents found (no rows below the header)"),
    (b"", None, "no documents found"),
    (b"text\nok\n\"unclosed\nmore\n", 3, "malformed CSV: unexpected end of data"),
    (b"text\n\"closed\"junk\n", 2, "malformed CSV"),
])
def test_csv_errors(tmp_path: Path, content: bytes, line: int | None,
                    reason: str | None) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(content)
    if reason is None:
        assert [r.text for r in read(path)] == ["ok"]
        return
    with pytest.raises(InputError) as caught:
        list(read(path))
    assert caught.value.line == line
    assert str(caught.value).startswith(str(path) + (f", line {line}" if line else ""))
    assert reason in str(caught.value)
