from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.cli.main import main

SEED = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed"


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "study.sqlite"
    assert main(["init", str(path)]) == 0
    return path


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_init_creates_project_with_default_codebook(tmp_path, capsys):
    path = tmp_path / "new.sqlite"
    assert main(["init", str(path)]) == 0
    assert "HEDGE, UNNAMED_SOURCE" in capsys.readouterr().out
    assert main(["init", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_init_with_a_bad_codebook_names_the_file(tmp_path, capsys):
    cb = tmp_path / "cb.json"
    cb.write_text('{"name": "x", "version": "1", "labels": [{"name": "A", "color": "red"}]}')
    assert main(["init", str(tmp_path / "p.sqlite"), "--codebook", str(cb)]) == 1
    err = capsys.readouterr().err
    assert "cb.json" in err and "colour" in err
    assert not (tmp_path / "p.sqlite").exists()


def test_help_documents_every_command(capsys):
    for cmd in ["init", "import", "export", "stats"]:
        assert main([cmd, "--help"]) == 0
        out = capsys.readouterr().out
        assert "Usage:" in out and "--help" in out


def test_usage_errors_exit_with_1(project, capsys):
    assert main(["export", "-p", str(project)]) == 1
    assert "Missing option" in capsys.readouterr().err
    assert main(["frobnicate"]) == 1


def test_import_txt_folder_export_jsonl_and_stats(project, tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("First title\n\nBody one might be.", encoding="utf-8")
    (folder / "b.txt").write_text("Second title\r\nBody two.\r\n", encoding="utf-8")
    assert main(["import", str(folder), "-p", str(project)]) == 0
    assert "2 new documents" in capsys.readouterr().out
    assert main(["import", str(folder), "-p", str(project)]) == 0  # again: no duplicates
    assert "0 new documents" in capsys.readouterr().out
    assert main(["stats", "-p", str(project), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 2


def test_seed_round_trip_through_a_new_project(project, tmp_path):
    gold = SEED / "gold.jsonl"
    if not gold.exists():
        pytest.skip("shared seed data not available")
    assert main(["import", str(gold), "-p", str(project), "--annotator", "ref"]) == 0
    out1 = tmp_path / "one.jsonl"
    assert main(["export", "-p", str(project), "--format", "jsonl", "-o", str(out1)]) == 0
    (rec,) = records(out1)
    assert len(rec["spans"]) == 18
    for span in rec["spans"]:
        assert rec["text"][span["start"]:span["end"]] == span["text"]
        first, last = rec["tokens"][span["token_start"]], rec["tokens"][span["token_end"]]
        assert first["start"] == span["start"] and last["end"] == span["end"]
    second = tmp_path / "second.sqlite"
    assert main(["init", str(second)]) == 0
    assert main(["import", str(out1), "-p", str(second)]) == 0
    out2 = tmp_path / "two.jsonl"
    assert main(["export", "-p", str(second), "--format", "jsonl", "-o", str(out2)]) == 0
    strip = [{k: v for k, v in r.items() if k != "_timestamp"} for r in records(out1)]
    again = [{k: v for k, v in r.items() if k != "_timestamp"} for r in records(out2)]
    assert strip == again


@pytest.mark.parametrize(("content", "reason"), [
    ('{"text": "ok"}\n{"text": "broken"\n', "line 2"),
    ('{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "HEDGE"}]}\n', "outside"),
    ('{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "HEDGE", "text": "xy"}]}\n',
     "match"),
    ('{"title": "no text"}\n', "text"),
    ('{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "TOPIC"}]}\n', "--add-labels"),
    ("", "no documents"),
])
def test_bad_input_names_file_and_reason_and_changes_nothing(project, tmp_path, capsys,
                                                             content, reason):
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "A fine article."}\n', encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    assert main(["import", str(good), str(bad), "-p", str(project), "--annotator", "a"]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and reason in err
    assert main(["stats", "-p", str(project), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 0 and stats["codebook"]["version"] == "1"


def test_undecodable_bytes_are_reported(project, tmp_path, capsys):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 society".encode("latin-1"))
    assert main(["import", str(bad), "-p", str(project)]) == 1
    assert "latin1.txt" in capsys.readouterr().err


def test_add_labels_extends_the_codebook(project, tmp_path, capsys):
    data = tmp_path / "topics.jsonl"
    data.write_text('{"text": "abc def", "spans": [{"start": 0, "end": 3, "label": "TOPIC"}],'
                    ' "_annotator_id": "bob"}\n', encoding="utf-8")
    assert main(["import", str(data), "-p", str(project), "--add-labels"]) == 0
    assert "TOPIC" in capsys.readouterr().out
    assert main(["stats", "-p", str(project), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["codebook"]["version"] == "2" and stats["labels"]["TOPIC"] == {"bob": 1}


def test_missing_project_is_a_clear_error(tmp_path, capsys):
    assert main(["stats", "-p", str(tmp_path / "none.sqlite")]) == 1
    assert "no such project" in capsys.readouterr().err


@pytest.mark.parametrize(("attributes", "reason"), [
    ({"type": "bogus"}, "must be one of"),
    ({"colour": "red"}, "no attribute 'colour'"),
    ({"in_quote": "yes"}, "true or false"),
])
def test_attributes_are_checked_against_the_codebook(project, tmp_path, capsys, attributes,
                                                     reason):
    data = tmp_path / "attrs.jsonl"
    record = {"text": "It might rain.", "_annotator_id": "bob",
              "spans": [{"start": 3, "end": 8, "label": "HEDGE", "attributes": attributes}]}
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["import", str(data), "-p", str(project)]) == 1
    err = capsys.readouterr().err
    assert "attrs.jsonl, line 1" in err and reason in err


def test_reimporting_spans_adds_nothing_and_keeps_rich_spans(project, tmp_path, capsys):
    data = tmp_path / "spans.jsonl"
    rec = {"text": "It might rain, officials said.", "_annotator_id": "bob", "spans": [
        {"start": 3, "end": 8, "label": "HEDGE"},
        {"start": 15, "end": 24, "label": "UNNAMED_SOURCE", "note": "plural",
         "attributes": {"type": "group"}}]}
    data.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    assert main(["import", str(data), "-p", str(project)]) == 0
    assert "2 new annotations" in capsys.readouterr().out
    assert main(["import", str(data), "-p", str(project)]) == 0
    assert "0 new annotations (2 already present)" in capsys.readouterr().out
    out = tmp_path / "out.jsonl"
    assert main(["export", "-p", str(project), "--format", "jsonl", "-o", str(out)]) == 0
    (exported,) = records(out)
    plain, rich = exported["spans"]
    assert (plain["origin"], plain["note"], plain["attributes"]) == ("imported", "", {})
    assert (rich["note"], rich["attributes"]) == ("plural", {"type": "group"})
    assert exported["codebook"]["version"] == "1"


UNICODE_ARTICLE = ("Stars \U0001f44d\U0001f3fd might wed.\r\n\r\nCaf\u00e9 owner Jose\u0301 "
                   "reportedly said \u6771\u4eac sources claim\r\n\u05d0\u05de\u05e8 "
                   "\u0645\u0635\u062f\u0631 a divorce could follow.\r\n")


def test_unicode_and_crlf_survive_import_export_import(project, tmp_path):
    """Emoji with modifiers, combining marks, CJK, RTL and CRLF through the command line."""
    text = UNICODE_ARTICLE.replace("\r\n", "\n")
    spans = []
    for needle, label in [("might", "HEDGE"), ("Jose\u0301", "UNNAMED_SOURCE"),
                          ("\u6771\u4eac sources", "UNNAMED_SOURCE"), ("could", "HEDGE"),
                          ("\u05d0\u05de\u05e8 \u0645\u0635\u062f\u0631", "UNNAMED_SOURCE")]:
        start = UNICODE_ARTICLE.index(needle)  # offsets in the CRLF text, as the file has it
        spans.append({"start": start, "end": start + len(needle), "label": label})
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": UNICODE_ARTICLE, "spans": spans,
                                  "_annotator_id": "alice"}) + "\n", encoding="utf-8")
    assert main(["import", str(source), "-p", str(project)]) == 0
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["export", "-p", str(project), "--format", "jsonl", "-o", str(out1)]) == 0
    (rec,) = records(out1)
    assert rec["text"] == text and rec["meta"]["newlines_normalised"] is True
    assert [text[s["start"]:s["end"]] for s in rec["spans"]] == [
        UNICODE_ARTICLE[s["start"]:s["end"]] for s in sorted(spans, key=lambda s: s["start"])]
    assert all(s["text"] == text[s["start"]:s["end"]] for s in rec["spans"])
    second = tmp_path / "second.sqlite"
    assert main(["init", str(second)]) == 0
    assert main(["import", str(out1), "-p", str(second)]) == 0
    assert main(["export", "-p", str(second), "--format", "jsonl", "-o", str(out2)]) == 0
    strip = [{k: v for k, v in r.items() if k != "_timestamp"} for r in records(out1)]
    assert strip == [{k: v for k, v in r.items() if k != "_timestamp"} for r in records(out2)]
    csv_out = tmp_path / "spans.csv"
    assert main(["export", "-p", str(second), "--format", "csv", "-o", str(csv_out)]) == 0
    assert "\u6771\u4eac sources" in csv_out.read_text(encoding="utf-8")


def test_messages_keep_the_case_of_paths(project, tmp_path, capsys):
    source = tmp_path / "In.jsonl"
    source.write_text('{"text": "Officials might say."}\n', encoding="utf-8")
    assert main(["import", str(source), "-p", str(project)]) == 0
    out = tmp_path / "Out Folder" / "Export.JSONL"
    capsys.readouterr()
    assert main(["export", "-p", str(project), "--format", "jsonl", "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_written_files_get_the_usual_permissions(project, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Officials might say."}\n', encoding="utf-8")
    assert main(["import", str(source), "-p", str(project)]) == 0
    old = os.umask(0o022)
    try:
        out = tmp_path / "out.jsonl"
        assert main(["export", "-p", str(project), "--format", "jsonl", "-o", str(out)]) == 0
        assert main(["agreement", "-p", str(project), "--html", str(tmp_path / "r.html")]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644  # not the 0o600 of a temporary file
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644
