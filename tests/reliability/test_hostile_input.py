"""Hostile and broken input for every importer: a clear error or a correct import.

Generated (hypothesis) and hand-made files go through the app's all-or-nothing import
into a project. Any exception other than ``AnnotatorError`` fails the test, and after an
error the project must be exactly as before (no half import).
"""

from __future__ import annotations

import json
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.app.importing import import_paths
from annotator.app.projects import load_codebook
from annotator.core.errors import AnnotatorError, InputError
from annotator.store import Project

FUZZ = settings(max_examples=500, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TEXT = "Officials said the plan might work.\r\nSources say so. ünïcødé 😀 end"
LABELS = ["HEDGE", "UNNAMED_SOURCE", "NEW", "", " "]


@pytest.fixture(scope="module")
def project() -> Iterator[Project]:
    proj = Project.memory()
    with proj.atomic():
        proj.save_codebook(load_codebook())
    yield proj
    proj.close()


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def snapshot(project: Project) -> tuple[object, ...]:
    q = project.conn.execute
    return tuple(q(sql).fetchall() for sql in (
        "SELECT count(*), max(seq) FROM documents", "SELECT count(*), max(id) FROM annotations",
        "SELECT count(*) FROM doc_status", "SELECT count(*) FROM codebooks",
        "SELECT * FROM settings", "SELECT count(*) FROM events", "SELECT count(*) FROM annotators"))


def check_import(project: Project, path: Path, fmt: str, add_labels: bool = False) -> bool:
    """Import; True on success (checked), False on a clear error (project unchanged)."""
    before = snapshot(project)
    try:
        import_paths(project, [path], fmt=fmt, annotator="fuzz", add_labels=add_labels)
    except AnnotatorError as exc:
        assert str(exc)
        assert snapshot(project) == before, "an import that failed changed the project"
        return False
    for text, start, end in project.conn.execute(
            'SELECT d.text, a.start, a."end" FROM annotations a JOIN documents d '
            "ON d.seq = a.doc_seq"):
        assert 0 <= start < end <= len(text)
    assert "\r" not in "".join(r[0] for r in project.conn.execute(
        "SELECT text FROM documents WHERE meta LIKE '%newlines_normalised%'"))
    return True


def write(workdir: Path, name: str, data: bytes | str) -> Path:
    path = workdir / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# -- random bytes, every format ---------------------------------------------------------
@pytest.mark.parametrize("fmt,name", [("txt", "f.txt"), ("jsonl", "f.jsonl"),
                                      ("csv", "f.csv"), ("csv", "f.tsv")])
@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(project: Project, workdir: Path, fmt: str, name: str,
                      data: bytes) -> None:
    check_import(project, write(workdir, name, data), fmt)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_as_brat_ann(project: Project, workdir: Path, data: bytes) -> None:
    folder = workdir / "brat"
    folder.mkdir(exist_ok=True)
    write(folder, "a.txt", TEXT)
    check_import(project, write(folder, "a.ann", data), "brat", add_labels=True)


# -- JSON records with wrong types and offsets --------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats()
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=5)
offsets = st.one_of(st.integers(-5, len(TEXT) + 5), st.integers(-10**30, 10**30),
                    st.floats(), st.text(max_size=3), st.none(), st.booleans())
spans = st.fixed_dictionaries(
    {"start": offsets, "end": offsets, "label": st.sampled_from(LABELS) | json_values},
    optional={"text": st.text(max_size=5) | json_values, "origin": json_values,
              "rule": json_values, "note": json_values,
              "attributes": st.dictionaries(st.sampled_from(["type", "in_quote", "x"]),
                                            json_values, max_size=2) | json_values})
records = st.fixed_dictionaries(
    {"text": st.sampled_from([TEXT, "", " ", "x\x00y"]) | st.text(max_size=30) | json_values},
    optional={"spans": st.lists(spans, max_size=4) | json_values,
              "label": st.lists(st.lists(offsets | st.sampled_from(LABELS), max_size=4),
                                max_size=3) | json_values,
              "entities": st.lists(st.dictionaries(
                  st.sampled_from(["start_offset", "end_offset", "label"]),
                  offsets | st.sampled_from(LABELS)), max_size=3) | json_values,
              "meta": json_values, "status": json_values, "answer": json_values,
              "_annotator_id": json_values, "title": json_values})


@FUZZ
@given(rows=st.lists(records, min_size=1, max_size=3), add_labels=st.booleans())
def test_jsonl_records_of_wrong_shapes(project: Project, workdir: Path, rows: list,
                                       add_labels: bool) -> None:
    content = "".join(json.dumps(r) + "\n" for r in rows)
    check_import(project, write(workdir, "r.jsonl", content), "jsonl", add_labels)


@settings(FUZZ, max_examples=300)
@given(rows=st.lists(records, min_size=1, max_size=2), cut=st.integers(0, 10**6))
def test_truncated_jsonl(project: Project, workdir: Path, rows: list, cut: int) -> None:
    content = "".join(json.dumps(r) + "\n" for r in rows)
    check_import(project, write(workdir, "t.jsonl", content[:cut % (len(content) + 1)]),
                 "jsonl", True)


cells = st.text(alphabet=string.printable + "\"\x00é😀\r", max_size=15)


@FUZZ
@given(header=st.lists(st.sampled_from(["text", "title", "x", "text", ""]) | cells,
                       min_size=0, max_size=4),
       rows=st.lists(st.lists(cells, max_size=5), max_size=4), delimiter=st.sampled_from(
           [",", "\t"]))
def test_csv_of_wrong_shapes(project: Project, workdir: Path, header: list, rows: list,
                             delimiter: str) -> None:
    content = "\n".join(delimiter.join(r) for r in [header, *rows])
    check_import(project, write(workdir, "c.csv" if delimiter == "," else "c.tsv", content),
                 "csv")


ann_lines = st.one_of(
    st.builds(lambda i, lab, s, e, q: f"T{i}\t{lab} {s} {e}\t{q}", st.integers(0, 3),
              st.sampled_from([*LABELS, "A B"]), offsets, offsets, st.text(max_size=8)),
    st.builds(lambda i, n, t, v: f"A{i}\t{n} T{t} {v}", st.integers(0, 3),
              st.sampled_from(["type", "in_quote", "x"]), st.integers(0, 3),
              st.text(max_size=5)),
    st.builds(lambda i, t, note: f"#{i}\tAnnotatorNotes T{t}\t{note}", st.integers(0, 3),
              st.integers(0, 3), st.text(max_size=8)),
    st.text(max_size=20))


@FUZZ
@given(lines=st.lists(ann_lines, max_size=6), add_labels=st.booleans())
def test_brat_ann_of_wrong_shapes(project: Project, workdir: Path, lines: list,
                                  add_labels: bool) -> None:
    folder = workdir / "brat2"
    folder.mkdir(exist_ok=True)
    write(folder, "a.txt", TEXT)
    check_import(project, write(folder, "a.ann", "\n".join(lines)), "brat", add_labels)


# -- hand-made files ----------------------------------------------------------------------
def test_deeply_nested_json_is_a_clear_error(project: Project, workdir: Path) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    for content in (nested, '{"text": "a", "meta": ' + nested + "}"):
        path = write(workdir, "deep.jsonl", content + "\n")
        with pytest.raises(InputError, match="line 1"):
            import_paths(project, [path], fmt="jsonl")


def test_ten_megabyte_single_line_imports(project: Project, workdir: Path) -> None:
    text = ("word " * 2_000_000).strip()
    assert check_import(project, write(workdir, "big.txt", text), "txt")
    assert check_import(project, write(workdir, "big.jsonl", json.dumps(
        {"text": text + "!", "spans": [{"start": 0, "end": 4, "label": "HEDGE"}]})), "jsonl")
    assert project.conn.execute("SELECT max(length(text)) FROM documents").fetchone()[0] \
        >= 9_999_999


@pytest.mark.parametrize("name,content", [
    ("nul.txt", b"before\x00after"),
    ("mixed.txt", "caf\u00e9 ".encode() + "caf\u00e9".encode("latin-1")),
    ("utf16.txt", "hello".encode("utf-16")),
    ("mixed.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n'),
    ("mixed.csv", b"text\nok\ncaf\xe9\n"),
    ("truncated.jsonl", b'{"text": "ok"}\n{"text": "cut her'),
    ("types.jsonl", b'{"text": 5}\n'),
    ("spans.jsonl", b'{"text": "abc", "spans": "HEDGE"}\n'),
    ("negative.jsonl", b'{"text": "abc", "spans": [{"start": -1, "end": 2, "label": "HEDGE"}]}'),
    ("reversed.jsonl", b'{"text": "abc", "spans": [{"start": 2, "end": 1, "label": "HEDGE"}]}'),
    ("beyond.jsonl", b'{"text": "abc", "spans": [{"start": 1, "end": 99, "label": "HEDGE"}]}'),
    ("float.jsonl", b'{"text": "abc", "spans": [{"start": 0.0, "end": 2, "label": "HEDGE"}]}'),
    ("bool.jsonl", b'{"text": "abc", "spans": [{"start": false, "end": true, "label": "HEDGE"}]}'),
    ("huge.jsonl", b'{"text": "abc", "spans": [{"start": 0, "end": 1e999, "label": "HEDGE"}]}'),
    ("nan.jsonl", b'{"text": "abc", "spans": [{"start": NaN, "end": 2, "label": "HEDGE"}]}'),
    ("quote.csv", b'text,title\n"unclosed,quote\n'),
])
def test_hand_made_bad_files(project: Project, workdir: Path, name: str, content: bytes) -> None:
    check_import(project, write(workdir, name, content), name.rsplit(".", 1)[1])


@pytest.mark.parametrize("ann", ["T1\tHEDGE -1 3\tabc", "T1\tHEDGE 3 1\tx",
                                 "T1\tHEDGE 0 999\tx", "T1\tHEDGE 0 99999999999999999999\tx",
                                 "T1\tHEDGE ٣ ٤\tx", "T1\tHEDGE\x000 3\tabc", "A1\ttype T9 x"])
def test_hand_made_bad_brat(project: Project, workdir: Path, ann: str) -> None:
    folder = workdir / "brat3"
    folder.mkdir(exist_ok=True)
    write(folder, "a.txt", "abc def")
    assert not check_import(project, write(folder, "a.ann", ann), "brat")


def test_a_bad_record_late_in_a_file_leaves_no_half_import(project: Project,
                                                           workdir: Path) -> None:
    good = "".join(json.dumps({"text": f"Document number {i}."}) + "\n" for i in range(5000))
    path = write(workdir, "late.jsonl", good + '{"text": 7}\n')
    assert not check_import(project, path, "jsonl")
