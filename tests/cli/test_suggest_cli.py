from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from annotator.app import suggesting
from annotator.app.session import AnnotationSession
from annotator.cli.main import main
from annotator.core.model import DocId, Suggestion

SEED = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed"
TEXT = "Officials said it might rain. It could snow."


class Engine:
    """Stands in for the real engine: HEDGE on might/could, UNNAMED_SOURCE on Officials."""

    version, tier = "fake-engine 1", "blank"

    def suggest_many(self, items, batch_size=64):
        for doc_id, text in items:
            yield [Suggestion(DocId(doc_id), "UNNAMED_SOURCE" if m.group() == "Officials"
                              else "HEDGE", m.start(), m.end(), f"rule.{m.group().lower()}",
                              0.5, self.version)
                   for m in re.finditer(r"\b(might|could|Officials)\b", text)]


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(suggesting, "make_suggester", lambda model=None: Engine())


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "study.sqlite"
    assert main(["init", str(path)]) == 0
    return path


def jsonl(path: Path, items) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in items), encoding="utf-8")
    return path


def test_help_of_the_new_commands(capsys):
    for cmd, words in [("suggest", ["-o, --output", "-p, --project", "--model"]),
                       ("evaluate", ["--json", "--model", "--label"])]:
        assert main([cmd, "--help"]) == 0
        out = capsys.readouterr().out
        assert all(w in out for w in words)


def test_suggest_file_to_file(tmp_path, fake, capsys):
    src = jsonl(tmp_path / "in.jsonl", [{"text": TEXT}, {"text": "Plain."}])
    out = tmp_path / "out.jsonl"
    assert main(["suggest", str(src), "-o", str(out)]) == 0
    assert "Wrote 2 records with 3 suggested spans" in capsys.readouterr().out
    first, second = (json.loads(x) for x in out.read_text("utf-8").splitlines())
    assert [(s["text"], s["label"], s["origin"]) for s in first["spans"]] == [
        ("Officials", "UNNAMED_SOURCE", "suggestion"), ("might", "HEDGE", "suggestion"),
        ("could", "HEDGE", "suggestion")]
    assert second["spans"] == []


@pytest.mark.parametrize("args", [
    ["suggest"],
    ["suggest", "in.jsonl"],
    ["suggest", "in.jsonl", "-o", "x.jsonl", "-p", "p.sqlite"],
    ["suggest", "-p", "p.sqlite", "-o", "x.jsonl"],
])
def test_suggest_usage_errors(args, capsys):
    assert main(args) == 1
    assert "Error" in capsys.readouterr().err


def test_bad_input_names_file_and_line_and_writes_nothing(tmp_path, fake, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": TEXT}) + "\n\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["suggest", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "in.jsonl, line 3" in err and "malformed JSON" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_model_that_is_not_installed_is_a_clear_error(tmp_path, project, capsys):
    src = jsonl(tmp_path / "in.jsonl", [{"text": TEXT}])
    for args in (["suggest", str(src), "-o", str(tmp_path / "o.jsonl")],
                 ["suggest", "-p", str(project)], ["evaluate", str(src)]):
        assert main([*args, "--model", "en_core_web_doesnotexist"]) == 1
        err = capsys.readouterr().err
        assert "'en_core_web_doesnotexist' is not installed" in err
    assert not (tmp_path / "o.jsonl").exists()


def test_suggest_project_then_stats_shows_rule_acceptance(tmp_path, project, fake, capsys):
    src = jsonl(tmp_path / "articles.jsonl", [{"text": TEXT}])
    assert main(["import", str(src), "-p", str(project)]) == 0
    assert main(["suggest", "-p", str(project)]) == 0
    assert "Stored 3 suggestions for 1 document" in capsys.readouterr().out
    session = AnnotationSession.open(project, "alice")
    doc_id = session.documents()[0].id
    _, might, could = session.suggestions(doc_id)
    session.accept_suggestion(might.id)
    session.reject_suggestion(could.id)
    session.close()
    assert main(["suggest", "-p", str(project)]) == 0  # again: decided ones are kept
    assert "2 decided ones kept" in capsys.readouterr().out
    assert main(["stats", "-p", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Suggestions per rule" in out
    assert re.search(r"rule\.might\s+HEDGE\s+1\s+1\s+0\s+0\s+100%", out)
    assert re.search(r"rule\.officials\s+UNNAMED_SOURCE\s+1\s+0\s+0\s+1\s+—", out)
    assert main(["stats", "-p", str(project), "--json"]) == 0
    rules = {r["rule"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert rules["rule.could"] == {"rule": "rule.could", "label": "HEDGE", "suggested": 1,
                                   "accepted": 0, "rejected": 1, "pending": 0,
                                   "acceptance": 0.0}


def test_suggest_project_needs_an_existing_project(tmp_path, fake, capsys):
    assert main(["suggest", "-p", str(tmp_path / "none.sqlite")]) == 1
    assert "no such project" in capsys.readouterr().err


def test_evaluate_prints_table_and_json(tmp_path, fake, capsys):
    might = TEXT.index("might")
    gold = jsonl(tmp_path / "gold.jsonl", [
        {"text": TEXT, "spans": [{"start": might, "end": might + 5, "label": "HEDGE"}]}])
    assert main(["evaluate", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "fake-engine 1" in out and "strict P" in out and "lenient P" in out
    hedge = next(line for line in out.splitlines() if line.startswith("HEDGE"))
    assert hedge.split()[:3] == ["HEDGE", "1", "2"]  # 1 gold span, 2 found
    assert main(["evaluate", str(gold), "--json", "--label", "HEDGE"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 1 and data["engine"] == "fake-engine 1"
    assert set(data["labels"]) == {"HEDGE", "ALL"}
    assert data["labels"]["HEDGE"]["precision"] == 0.5
    assert data["labels"]["HEDGE"]["recall"] == 1.0


def test_evaluate_bad_gold_names_file_and_line(tmp_path, fake, capsys):
    gold = jsonl(tmp_path / "gold.jsonl", [
        {"text": TEXT}, {"text": "abc", "spans": [{"start": 1, "end": 99, "label": "HEDGE"}]}])
    assert main(["evaluate", str(gold)]) == 1
    assert "gold.jsonl, line 2" in capsys.readouterr().err


def _real_engine_or_skip() -> None:
    try:
        importlib.import_module("annotator.nlp.suggest")
    except ImportError as exc:
        pytest.skip(f"the suggestion engine (annotator.nlp.suggest) is not importable: {exc}")


def test_real_engine_on_the_seed_article(tmp_path, project, capsys):
    _real_engine_or_skip()
    gold = SEED / "gold.jsonl"
    if not gold.exists():
        pytest.skip("shared seed data not available")
    out = tmp_path / "suggested.jsonl"
    assert main(["suggest", str(gold), "-o", str(out), "--model", "blank"]) == 0
    assert "Wrote 1 record " in capsys.readouterr().out
    (rec,) = (json.loads(x) for x in out.read_text("utf-8").splitlines())
    assert rec["spans"] and {s["label"] for s in rec["spans"]} <= {"HEDGE", "UNNAMED_SOURCE"}
    for span in rec["spans"]:
        assert rec["text"][span["start"]:span["end"]] == span["text"]
        assert span["origin"] == "suggestion" and span["rule"]
    assert main(["evaluate", str(gold), "--json", "--model", "blank"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tier"] == "blank" and data["labels"]["HEDGE"]["gold"] > 0
    assert main(["import", str(gold), "-p", str(project), "--annotator", "ref"]) == 0
    assert main(["suggest", "-p", str(project), "--model", "blank"]) == 0
    assert "Stored" in capsys.readouterr().out


def test_remember_makes_a_model_the_projects_engine(tmp_path, capsys):
    pytest.importorskip("annotator.nlp.suggest")
    project = tmp_path / "p.sqlite"
    assert main(["init", str(project)]) == 0
    text = tmp_path / "a.txt"
    text.write_text("Title\n\nSources said the deal might collapse.", encoding="utf-8")
    assert main(["import", str(text), "-p", str(project)]) == 0
    assert main(["suggest", "-p", str(project), "--model", "no_such_pipeline",
                 "--remember"]) == 1
    assert "not installed" in capsys.readouterr().err
    assert main(["suggest", "-p", str(project), "--remember"]) == 1  # needs --model
    assert main(["suggest", "-p", str(project), "--model", "blank", "--remember"]) == 0
    assert "blank" in capsys.readouterr().out
    from annotator.app.session import AnnotationSession

    session = AnnotationSession.open(project, "alice")
    assert session.suggest_model == "blank"
    session.close()
    assert main(["suggest", "-p", str(project), "--model", "default", "--remember"]) == 0
    session = AnnotationSession.open(project, "alice")
    assert session.suggest_model is None
    session.close()
