"""brat standoff folders: reading, errors, writing and the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from io_helpers import UNICODE_TEXTS, export_record, find

from annotator.core.errors import InputError
from annotator.io.brat import write_brat
from annotator.io.readers import detect, read

TEXT = "Officials said the deal may be delayed.\nSources agree.\n"


def _pair(folder: Path, stem: str, text: str, ann: str) -> None:
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
    (folder / f"{stem}.ann").write_text(ann, encoding="utf-8", newline="")


ANN = ("T1\tUNNAMED_SOURCE 0 9\tOfficials\n"
       "T2\tHEDGE 24 27\tmay\n"
       "A1\tType T1 group\n"
       "A2\tUncertain T2\n"
       "#1\tAnnotatorNotes T2\tclassic hedge\n"
       "R1\tCites Arg1:T1 Arg2:T2\n"
       "T3\tUNNAMED_SOURCE 40 47\tSources\n")


def test_read_brat_folder(tmp_path: Path) -> None:
    _pair(tmp_path, "doc1", TEXT, ANN)
    (tmp_path / "annotation.conf").write_text("[entities]\n", encoding="utf-8")
    assert detect(tmp_path) == "brat"
    [rec] = list(read(tmp_path))
    assert rec.text == TEXT and rec.title == "Officials said the deal may be delayed."
    assert rec.has_annotations and rec.annotator is None and rec.status is None
    assert rec.meta == {"source": "doc1.txt", "brat_ignored_lines": 1}
    got = [(s.label, rec.text[s.start:s.end], dict(s.attributes), s.note, s.origin)
           for s in rec.spans]
    assert got == [("UNNAMED_SOURCE", "Officials", {"Type": "group"}, "", "imported"),
                   ("HEDGE", "may", {"Uncertain": True}, "classic hedge", "imported"),
                   ("UNNAMED_SOURCE", "Sources", {}, "", "imported")]


def test_txt_without_ann_and_single_pair(tmp_path: Path) -> None:
    _pair(tmp_path, "a", TEXT, ANN)
    (tmp_path / "b.txt").write_text("No annotations here.", encoding="utf-8")
    recs = list(read(tmp_path, "brat"))
    assert [(r.meta["source"], len(r.spans), r.has_annotations) for r in recs] == [
        ("a.txt", 3, True), ("b.txt", 0, False)]
    assert len(next(read(tmp_path / "a.ann", "brat")).spans) == 3


def test_brat_span_over_a_line_break(tmp_path: Path) -> None:
    s, e = find(TEXT, "delayed.\nSources")
    _pair(tmp_path, "d", TEXT, f"T1\tHEDGE {s} {e}\tdelayed. Sources\n")
    [rec] = list(read(tmp_path))
    assert rec.text[rec.spans[0].start:rec.spans[0].end] == "delayed.\nSources"


def test_brat_crlf_text_is_remapped(tmp_path: Path) -> None:
    text = TEXT.replace("\n", "\r\n")
    s, e = find(text, "Sources")
    _pair(tmp_path, "w", text, f"T1\tUNNAMED_SOURCE {s} {e}\tSources\r\n")
    [rec] = list(read(tmp_path))
    assert rec.text == TEXT and rec.meta["newlines_normalised"] is True
    assert rec.text[rec.spans[0].start:rec.spans[0].end] == "Sources"


@pytest.mark.parametrize(("ann", "line", "reason"), [
    ("T1\tHEDGE 24 27\tmay\nT2\tHEDGE 0 4;5 9\tOffi cials\n", 2,
     "T2 is a discontinuous span (0 4;5 9), which is not supported"),
    ("T1\tHEDGE 24 x\tmay\n", 1, "expected 'LABEL start end' with whole-number offsets"),
    ("T1\tHEDGE 24 99\tmay\n", 1, "T1: span [24, 99) lies outside the text (length 55)"),
    ("T1\tHEDGE 27 24\tmay\n", 1, "is empty or reversed"),
    ("T1\tHEDGE 24 27\tmax\n", 1, "the span's text 'max' does not match"),
    ("T1\tHEDGE 24 27\tmay\n\nA1\tType T9 x\n", 3, "A1 refers to T9, which is not in the file"),
    ("T1\tHEDGE 24 27\tmay\n#1\tAnnotatorNotes\n", 2, "expected '#1<TAB>AnnotatorNotes"),
    ("T1\tHEDGE 24 27\tmay\nT1\tHEDGE 0 9\tOfficials\n", 2, "the id T1 is used twice"),
    ("T1\n", 1, "expected 'T1<TAB>LABEL start end<TAB>text'"),
])
def test_brat_errors_name_ann_file_and_line(tmp_path: Path, ann: str, line: int,
                                            reason: str) -> None:
    _pair(tmp_path, "doc", TEXT, ann)
    with pytest.raises(InputError) as caught:
        list(read(tmp_path))
    assert str(caught.value).startswith(f"{tmp_path / 'doc.ann'}, line {line}: ")
    assert reason in str(caught.value)


def test_brat_file_errors(tmp_path: Path) -> None:
    (tmp_path / "orphan.ann").write_text("T1\tHEDGE 0 1\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"orphan\.ann: there is no matching orphan\.txt"):
        list(read(tmp_path))
    (tmp_path / "orphan.ann").unlink()
    _pair(tmp_path, "bad", TEXT, "")
    (tmp_path / "bad.ann").write_bytes(b"T1\tHEDGE 0 9\tOfficials\n\xff\n")
    with pytest.raises(InputError, match=r"bad\.ann, line 2: not valid UTF-8"):
        list(read(tmp_path, "brat"))


def test_write_brat_and_read_back(tmp_path: Path) -> None:
    text = TEXT
    rec = export_record(text, [
        {"start": 0, "end": 9, "label": "UNNAMED_SOURCE", "attributes": {"type": "group",
                                                                         "named": False},
         "note": "line one\nline two"},
        {"start": 24, "end": 27, "label": "HEDGE", "origin": "suggestion", "rule": "modal",
         "attributes": {"strong": True}},
        {"start": 31, "end": 47, "label": "HEDGE"}])
    other = export_record(text, [], annotator="bob/evil name")
    out = tmp_path / "out"
    assert write_brat([rec, other], out) == 2
    names = sorted(p.name for p in out.iterdir())
    doc_id = rec.document.id
    assert names == sorted(["annotation.conf", f"{doc_id}-alice.ann", f"{doc_id}-alice.txt",
                            f"{doc_id}-bob_evil_name.ann", f"{doc_id}-bob_evil_name.txt"])
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nUNNAMED_SOURCE\nHEDGE\n" in conf
    assert "type\tArg:<ENTITY>, Value:group" in conf and "strong\tArg:<ENTITY>\n" in conf
    first, second = list(read(out))
    assert first.text == text and not second.spans
    got = [(s.start, s.end, s.label, dict(s.attributes), s.note) for s in first.spans]
    assert got == [(0, 9, "UNNAMED_SOURCE", {"type": "group"}, "line one line two"),
                   (24, 27, "HEDGE", {"strong": True}, ""),
                   (31, 47, "HEDGE", {}, "")]


def test_write_brat_unique_names_and_unicode(tmp_path: Path) -> None:
    recs = [export_record(text, [{"start": 0, "end": 2, "label": "HEDGE"}], annotator=who)
            for text in UNICODE_TEXTS.values() for who in ("Ann", "ann")]
    assert write_brat(recs, tmp_path) == len(recs)
    stems = {p.stem.casefold() for p in tmp_path.glob("*.txt")}
    assert len(stems) == len(recs)
    back = {r.text: r for r in read(tmp_path)}
    for text in UNICODE_TEXTS.values():
        span = back[text].spans[0]
        assert back[text].text[span.start:span.end] == text[:2]


def test_write_brat_refuses_spans_outside_the_text(tmp_path: Path) -> None:
    rec = export_record("short", [{"start": 2, "end": 9, "label": "HEDGE"}])
    with pytest.raises(ValueError, match="outside the text"):
        write_brat([rec], tmp_path)
