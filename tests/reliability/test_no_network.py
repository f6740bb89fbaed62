"""The app never opens a network connection and never evaluates or unpickles file data.

A full session — import, annotate, suggest (the real blank-English engine), accept and
reject suggestions, agreement, export in every format — runs with ``socket.socket`` and
``socket.create_connection`` replaced by functions that fail the test. A static check
walks every module of ``annotator/`` for pickle, marshal loading, eval and exec.
"""

from __future__ import annotations

import ast
import json
import socket
from pathlib import Path

import pytest

import annotator
from annotator.app.agreement import agreement_report
from annotator.app.exporting import export
from annotator.app.importing import import_paths
from annotator.app.projects import init_project
from annotator.app.session import AnnotationSession
from annotator.app.suggesting import suggest_project
from annotator.core.model import Status

PACKAGE = Path(annotator.__file__).parent
TEXTS = ["Officials said the plan might work, according to people familiar with it.",
         "It is perhaps the largest project; sources say the mayor could resign.",
         "Critics argue the figures may be misleading, a spokesperson said."]


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # spaCy imports requests -> urllib3, whose import probes IPv6 support by binding a
    # socket to ::1 (no connection, no traffic). Import it before the trap is set, so the
    # trap catches what the app does, not that import-time probe.
    import spacy  # noqa: F401

    attempts: list[str] = []

    class Trap(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            attempts.append(f"socket{args!r}")
            raise AssertionError(f"a socket was created: {args!r}")

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(f"call{args!r}")
        raise AssertionError(f"a connection was attempted: {args!r}")

    monkeypatch.setattr(socket, "socket", Trap)
    for name in ("create_connection", "socketpair", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    return attempts


def test_full_session_opens_no_socket(tmp_path: Path, no_sockets: list[str]) -> None:
    with pytest.raises(AssertionError):  # the trap is set
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    no_sockets.clear()
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS), "utf-8")
    project = init_project(tmp_path / "p.annotator.sqlite")
    import_paths(project, [source])
    suggest_project(project)  # loads spaCy's blank English pipeline
    docs = project.summaries("alice")
    for coder in ("alice", "bob"):
        session = AnnotationSession(project, coder)
        for doc in docs:
            for sugg in session.suggestions(doc.id)[:2]:
                (session.accept_suggestion if coder == "alice" else
                 session.reject_suggestion)(sugg.id)
            session.add_span(doc.id, 0, 12, "UNNAMED_SOURCE")  # snaps to spaCy tokens
            session.set_status(doc.id, Status.DONE)
        session.undo()
        session.redo()
    report = agreement_report(project, resamples=50)
    assert report is not None
    for fmt, out in (("jsonl", "out.jsonl"), ("csv", "out.csv"), ("brat", "brat"),
                     ("spacy", "out.spacy")):
        export(project, tmp_path / out, fmt, parallel=False)
    project.close()
    assert no_sockets == []


BANNED_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "shelve", "marshal",
                  "jsonpickle"}
BANNED_CALLS = {"eval", "exec", "compile", "__import__"}
BANNED_ATTRS = {("marshal", "load"), ("marshal", "loads"), ("pickle", "load"),
                ("pickle", "loads"), ("yaml", "load"), ("yaml", "unsafe_load")}
ALLOWED = {("io/tokens_fast.py", "marshal")}  # marshal.dumps only: writing, never reading


def test_no_module_unpickles_or_evaluates() -> None:
    problems: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), rel)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) \
                    else [node.module or ""]
                for name in names:
                    top = name.split(".")[0]
                    if top in BANNED_MODULES and (rel, top) not in ALLOWED:
                        problems.append(f"{rel}:{node.lineno} imports {name}")
            elif isinstance(node, ast.Call):
                fn = node.func
                if isinstance(fn, ast.Name) and fn.id in BANNED_CALLS:
                    problems.append(f"{rel}:{node.lineno} calls {fn.id}()")
                if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) and \
                        (fn.value.id, fn.attr) in BANNED_ATTRS:
                    problems.append(f"{rel}:{node.lineno} calls {fn.value.id}.{fn.attr}()")
    assert problems == []
