from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from annotator.app.session import AnnotationSession
from annotator.cli.main import main
from annotator.core.model import Status
from annotator.store import Project

CODERS = ["alice", "bob", "carol"]


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "study.sqlite"
    assert main(["init", str(path)]) == 0
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(10):
        (folder / f"a{i}.txt").write_text(
            f"Title {i}\n\nOfficials said talks {i} might resume. Nothing else.",
            encoding="utf-8")
    assert main(["import", str(folder), "-p", str(path)]) == 0
    return path


def _code(path, coder: str, *, hedge: bool = True) -> None:
    s = AnnotationSession.open(path, coder)
    try:
        for summary in s.documents():
            text = s.document(summary.id).text
            if hedge and not s.annotations(summary.id):
                start = text.index("might")
                s.add_span(summary.id, start, start + 5, "HEDGE", exact=True)
            s.set_status(summary.id, Status.DONE)
    finally:
        s.close()


def test_help_of_the_study_commands(capsys):
    for cmd in ["assign", "package", "merge"]:
        assert main([cmd, "--help"]) == 0
        assert "Usage:" in capsys.readouterr().out
    assert main(["agreement", "--help"]) == 0
    assert "--round" in capsys.readouterr().out


def test_assign_is_deterministic_and_listed_by_stats(project, capsys):
    args = ["assign", "-p", str(project), "--coders", "alice,bob,carol", "--overlap", "0.2",
            "--seed", "7"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "reliability sample of 2 documents (seed 7)" in first
    conn = sqlite3.connect(project)
    rows = conn.execute("SELECT doc_id, annotator FROM assignments ORDER BY 1, 2").fetchall()
    conn.close()
    assert main(args) == 0
    conn = sqlite3.connect(project)
    assert conn.execute("SELECT doc_id, annotator FROM assignments ORDER BY 1, 2"
                        ).fetchall() == rows
    conn.close()
    assert main(["stats", "-p", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Assignments per coder" in out and "alice" in out
    assert main(["stats", "-p", str(project), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(r["main"]["documents"] for r in data["assignments"].values()) == 8 + 6
    assert main(["assign", "-p", str(project), "--coders", "alice"]) == 1
    assert "two coders" in capsys.readouterr().err


def test_full_study_flow_with_rounds(project, tmp_path, capsys):
    assert main(["assign", "-p", str(project), "--coders", ",".join(CODERS),
                 "--overlap", "0.3", "--seed", "3", "--round", "pilot"]) == 0
    packages = []
    for coder in CODERS:
        out = tmp_path / f"{coder}.sqlite"
        assert main(["package", "-p", str(project), "--coder", coder, "-o", str(out)]) == 0
        _code(out, coder, hedge=coder != "carol")
        packages.append(str(out))
    capsys.readouterr()
    assert main(["merge", *packages, "-p", str(project)]) == 0
    assert "spans added" in capsys.readouterr().out
    assert main(["merge", *packages, "-p", str(project)]) == 0
    assert capsys.readouterr().out.count("nothing new") == 3
    assert main(["agreement", "-p", str(project), "--round", "pilot", "--json",
                 "--resamples", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 3 and data["round"]["name"] == "pilot"
    assert data["round"]["codebook"]["version"]
    assert data["labels"]["HEDGE"]["span_f1"]["exact"] < 1.0  # carol marked nothing
    assert main(["agreement", "-p", str(project), "--round", "pilot", "--resamples", "0"]) == 0
    assert "Round:      pilot" in capsys.readouterr().out
    assert main(["agreement", "-p", str(project), "--round", "nope"]) == 1
    assert "no round 'nope'" in capsys.readouterr().err

    # the lead revises the codebook, then runs the main round under version 2
    proj = Project.open(project)
    with proj.atomic():
        proj.save_codebook(replace(proj.codebook(), version="2"))
    proj.close()
    assert main(["assign", "-p", str(project), "--coders", ",".join(CODERS),
                 "--overlap", "0.3", "--seed", "4", "--round", "main"]) == 0
    for coder in CODERS:
        out = tmp_path / f"{coder}-main.sqlite"
        assert main(["package", "-p", str(project), "--coder", coder, "-o", str(out)]) == 0
        _code(out, coder)
        assert main(["merge", str(out), "-p", str(project)]) == 0
    capsys.readouterr()
    assert main(["rounds", "-p", str(project), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["round"], r["codebook"]["version"]) for r in rows] == [("pilot", "1"),
                                                                      ("main", "2")]
    assert rows[0]["span_f1"]["exact"] < rows[1]["span_f1"]["exact"] == 1.0
    assert main(["rounds", "-p", str(project)]) == 0
    assert "pilot" in capsys.readouterr().out


def test_merge_errors_exit_1_and_change_nothing(project, tmp_path, capsys):
    assert main(["assign", "-p", str(project), "--coders", "alice,bob", "--seed", "1"]) == 0
    out = tmp_path / "alice.sqlite"
    assert main(["package", "-p", str(project), "--coder", "alice", "-o", str(out)]) == 0
    assert main(["package", "-p", str(project), "--coder", "alice", "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["package", "-p", str(project), "--coder", "zoe", "-o",
                 str(tmp_path / "z.sqlite")]) == 1
    assert "unknown coder 'zoe'" in capsys.readouterr().err
    _code(out, "alice")
    conn = sqlite3.connect(out)
    conn.execute("UPDATE codebooks SET version = '9', data = json_set(data, '$.version', '9')")
    conn.execute("""UPDATE settings SET value = '["hedges-and-sources", "9"]'
                    WHERE key = 'codebook'""")
    conn.commit()
    conn.close()
    assert main(["merge", str(out), "-p", str(project)]) == 1
    err = capsys.readouterr().err
    assert "version 9" in err and "--accept-codebook" in err
    conn = sqlite3.connect(project)
    assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (0,)
    conn.close()
    _code(out, "mallory")
    assert main(["merge", str(out), "-p", str(project), "--accept-codebook"]) == 0
    captured = capsys.readouterr()
    assert "codebook:" in captured.out
    assert "not merged: work by mallory" in captured.err
    conn = sqlite3.connect(project)
    assert conn.execute("SELECT count(*) FROM annotations WHERE annotator = 'mallory'"
                        ).fetchone() == (0,)
    conn.close()
