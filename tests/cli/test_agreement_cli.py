from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli.main import main

ARTICLES = [
    "Officials said a divorce might be underway.",
    "An insider reportedly said it could happen soon.",
    "Nothing to see here at all.",
]
CODING = {
    "alice": [[("Officials", "UNNAMED_SOURCE"), ("might", "HEDGE")],
              [("An insider", "UNNAMED_SOURCE"), ("reportedly", "HEDGE"), ("could", "HEDGE")],
              []],
    "bob": [[("Officials", "UNNAMED_SOURCE"), ("might", "HEDGE")],
            [("insider", "UNNAMED_SOURCE"), ("could", "HEDGE")],
            []],
}


def _record(text: str, coder: str, spans: list[tuple[str, str]], **extra) -> dict:
    out = []
    for needle, label in spans:
        start = text.index(needle)
        out.append({"start": start, "end": start + len(needle), "label": label})
    return {"text": text, "spans": out, "_annotator_id": coder, "status": "done", **extra}


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def study(tmp_path):
    """A lead's project with alice's and bob's work imported."""
    path = tmp_path / "study.sqlite"
    assert main(["init", str(path)]) == 0
    records = [_record(t, who, CODING[who][i]) for who in CODING for i, t in enumerate(ARTICLES)]
    assert main(["import", str(_write(tmp_path / "coded.jsonl", records)), "-p", str(path)]) == 0
    return path


def test_help_documents_every_option(capsys):
    assert main(["agreement", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ["--project", "--annotators", "--label", "--json", "--html", "--resamples",
                   "--seed", "--help"]:
        assert option in out


def test_table_by_default(study, capsys):
    assert main(["agreement", "-p", str(study), "--resamples", "20"]) == 0
    out = capsys.readouterr().out
    assert "Annotators: alice, bob" in out and "Documents:  3" in out
    assert re.search(r"^HEDGE\s+\d\.\d{3}", out, re.M)
    assert "Overall: uα" in out and "alice – bob" in out


def test_json_follows_formats(study, capsys):
    assert main(["agreement", "-p", str(study), "--json", "--resamples", "30", "--seed",
                 "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["annotators"] == ["alice", "bob"] and data["documents"] == 3
    assert data["continuum"] == "characters"
    assert data["bootstrap"] == {"resamples": 30, "seed": 5}
    hedge = data["labels"]["HEDGE"]
    for key in ["span_f1", "pairs", "u_alpha", "u_alpha_ci95", "alpha_u_2004", "token_kappa",
                "token_alpha", "counts"]:
        assert key in hedge, key
    assert set(hedge["span_f1"]) == {"exact", "overlap"}
    (pair,) = hedge["pairs"]
    assert pair["annotators"] == ["alice", "bob"]
    assert set(pair["exact"]) == {"precision", "recall", "f1"} == set(pair["overlap"])
    assert hedge["counts"] == {"alice": 3, "bob": 2}
    for key in ["u_alpha", "bar_u_alpha", "cu_alpha", "span_f1"]:
        assert key in data["overall"], key
    assert data["codebook"]["name"] == "hedges-and-sources"


def test_html_report_is_self_contained(study, tmp_path, capsys):
    report = tmp_path / "report.html"
    assert main(["agreement", "-p", str(study), "--html", str(report), "--resamples", "25",
                 "--seed", "3"]) == 0
    assert f"Wrote the report to {report}" in capsys.readouterr().out
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "<svg" in page and "<circle" in page
    for item in ["annotator 0.", "hedges-and-sources version 1", "alice, bob", "Documents",
                 "Spans", "25 resamples", "seed 3", "Date", "Krippendorff", "Cohen", "uα"]:
        assert item in page, item


def test_json_and_html_keep_stdout_pure_json(study, tmp_path, capsys):
    report = tmp_path / "r.html"
    assert main(["agreement", "-p", str(study), "--json", "--html", str(report),
                 "--resamples", "0"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "Wrote the report" in captured.err and report.exists()


def test_one_coder_gives_nulls_with_notes(study, capsys):
    assert main(["agreement", "-p", str(study), "--annotators", "alice", "--json",
                 "--resamples", "10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 0 and data["overall"]["u_alpha"] is None
    assert data["labels"]["HEDGE"]["u_alpha"] is None and data["notes"]
    assert main(["agreement", "-p", str(study), "--annotators", "alice"]) == 0
    assert "Notes:" in capsys.readouterr().out


def test_unknown_annotator_or_label_exit_1(study, capsys):
    assert main(["agreement", "-p", str(study), "--annotators", "alice,zoe"]) == 1
    err = capsys.readouterr().err
    assert "unknown annotator 'zoe'" in err and "alice, bob" in err
    assert main(["agreement", "-p", str(study), "--label", "TOPIC"]) == 1
    assert "unknown label 'TOPIC'" in capsys.readouterr().err
    assert main(["agreement", "-p", str(study), "--resamples", "-1"]) == 1
    assert main(["agreement", "-p", str(study.with_name("none.sqlite"))]) == 1
    assert "no such project" in capsys.readouterr().err


def test_label_filter(study, capsys):
    assert main(["agreement", "-p", str(study), "--label", "HEDGE", "--json",
                 "--resamples", "0"]) == 0
    assert list(json.loads(capsys.readouterr().out)["labels"]) == ["HEDGE"]


def _coder_project(tmp_path: Path, coder: str) -> Path:
    """A coder's own project: the articles imported, coded and marked done."""
    path = tmp_path / f"{coder}.sqlite"
    assert main(["init", str(path)]) == 0
    records = [_record(t, coder, CODING[coder][i]) for i, t in enumerate(ARTICLES)]
    assert main(["import", str(_write(tmp_path / f"{coder}-in.jsonl", records)),
                 "-p", str(path)]) == 0
    return path


def test_coders_export_and_the_lead_imports_all(tmp_path, capsys):
    exports = []
    for coder in CODING:
        out = tmp_path / f"{coder}.jsonl"
        assert main(["export", "-p", str(_coder_project(tmp_path, coder)), "--format", "jsonl",
                     "--annotator", coder, "-o", str(out)]) == 0
        exports.append(out)
    lead = tmp_path / "lead.sqlite"
    assert main(["init", str(lead)]) == 0
    assert main(["import", *map(str, exports), "-p", str(lead)]) == 0
    assert "3 new documents" in capsys.readouterr().out  # matched by content
    assert main(["agreement", "-p", str(lead), "--json", "--resamples", "20"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["annotators"] == ["alice", "bob"] and data["documents"] == 3
    assert data["labels"]["UNNAMED_SOURCE"]["counts"] == {"alice": 2, "bob": 2}


def test_a_text_that_differs_from_the_projects_document_is_a_clear_error(tmp_path, capsys):
    alice = tmp_path / "alice.jsonl"
    assert main(["export", "-p", str(_coder_project(tmp_path, "alice")), "--format", "jsonl",
                 "--annotator", "alice", "-o", str(alice)]) == 0
    bob = [json.loads(line) for line in alice.read_text(encoding="utf-8").splitlines()]
    for rec in bob:
        rec["_annotator_id"] = "bob"
    bob[1]["text"] = bob[1]["text"].replace("soon", "later")  # edited after export
    bob[1]["spans"] = []
    bob_file = _write(tmp_path / "bob.jsonl", bob)
    lead = tmp_path / "lead.sqlite"
    assert main(["init", str(lead)]) == 0
    assert main(["import", str(alice), "-p", str(lead)]) == 0
    capsys.readouterr()
    assert main(["import", str(bob_file), "-p", str(lead)]) == 1
    err = capsys.readouterr().err
    assert "bob.jsonl" in err and "line 2" in err and "differs" in err
    assert bob[1]["meta"]["doc_id"] in err
    assert main(["stats", "-p", str(lead), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 3 and [c["annotator"] for c in stats["annotators"]] == ["alice"]


def test_gold_against_a_coder(study, tmp_path, capsys):
    from annotator.app.adjudication import Adjudication
    from annotator.app.projects import open_project

    project = open_project(study)
    try:
        adj = Adjudication(project, "lena")
        for doc in project.iter_documents():
            adj.take_agreed(doc.id, "alice", "bob")
            adj.finish(doc.id)
    finally:
        project.close()
    assert main(["agreement", "-p", str(study), "--annotators", "gold,alice", "--json",
                 "--resamples", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["annotators"] == ["gold", "alice"] and data["documents"] == 3
    assert data["labels"]["HEDGE"]["counts"]["gold"] == 2
    out = tmp_path / "gold.jsonl"
    assert main(["export", "-p", str(study), "--format", "jsonl", "--gold", "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["_annotator_id"] for r in records} == {"gold"} and len(records) == 3
