"""Export → import → export keeps texts, spans, origins, attributes, notes and status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from io_helpers import UNICODE_TEXTS, export_record

from annotator.core.model import Status, content_hash
from annotator.io.readers import read
from annotator.io.records import ExportRecord, ImportRecord
from annotator.io.writers import write_jsonl


def _write(path: Path, records: list[ExportRecord]) -> Path:
    with path.open("wb") as fh:
        write_jsonl(records, fh)
    return path


def _spans(rec: ExportRecord) -> list[tuple[Any, ...]]:
    return [(a.start, a.end, a.label, a.origin.value, a.rule, dict(a.attributes), a.note)
            for a in rec.annotations]


def _imported_spans(rec: ImportRecord) -> list[tuple[Any, ...]]:
    return [(s.start, s.end, s.label, s.origin, s.rule, dict(s.attributes), s.note)
            for s in rec.spans]


def _again(rec: ImportRecord) -> ExportRecord:
    """What the app would export for an imported record."""
    meta = {k: v for k, v in rec.meta.items() if k != "doc_id"}
    spans = [{"start": s.start, "end": s.end, "label": s.label, "origin": s.origin,
              "rule": s.rule, "attributes": dict(s.attributes), "note": s.note}
             for s in rec.spans]
    assert rec.annotator is not None
    return export_record(rec.text, spans, annotator=rec.annotator, status=rec.status,
                         title=rec.title, meta=meta)


def _unicode_records() -> list[ExportRecord]:
    out = []
    for i, text in enumerate(UNICODE_TEXTS.values()):
        n = len(text)
        spans = [{"start": 0, "end": n // 3, "label": "UNNAMED_SOURCE",
                  "attributes": {"type": "group", "named": False}, "note": "ملاحظة 👍🏽"},
                 {"start": n // 3, "end": n // 2, "label": "HEDGE", "origin": "suggestion",
                  "rule": "modal-verbs"},
                 {"start": n // 4, "end": n - 1, "label": "HEDGE", "origin": "imported"}]
        out.append(export_record(text, spans, annotator=["alice", "bob", "gold"][i % 3],
                                 status=list(Status)[i % 3], title=f"T{i}",
                                 meta={"source": f"{i}.txt", "lang": "x"}))
    return out


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    records = _unicode_records()
    back = list(read(_write(tmp_path / "out.jsonl", records)))
    assert len(back) == len(records)
    for exported, imported in zip(records, back, strict=True):
        assert imported.text == exported.document.text
        assert content_hash(imported.text) == exported.document.id
        assert imported.meta["doc_id"] == exported.document.id
        assert imported.title == exported.document.title
        assert imported.meta["source"] == exported.document.meta["source"]
        assert imported.meta["lang"] == "x" and "title" not in imported.meta
        assert imported.annotator == exported.annotator
        assert imported.status == exported.status
        assert imported.has_annotations
        assert _imported_spans(imported) == _spans(exported)
        for span in imported.spans:
            assert imported.text[span.start:span.end]


def test_export_import_export_is_unchanged(tmp_path: Path) -> None:
    records = _unicode_records()
    first = _write(tmp_path / "first.jsonl", records).read_text(encoding="utf-8")
    again = [_again(r) for r in read(tmp_path / "first.jsonl")]
    second = _write(tmp_path / "second.jsonl", again).read_text(encoding="utf-8")
    assert second == first


def test_crlf_text_round_trip(tmp_path: Path) -> None:
    original = "Officials said\r\nit may rain.\r\n"
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": original, "_annotator_id": "ann", "status": "done",
                                "spans": [{"start": 19, "end": 22, "label": "HEDGE"}]})
                    + "\n", encoding="utf-8")
    [rec] = list(read(path))
    assert rec.text[rec.spans[0].start:rec.spans[0].end] == "may"
    [back] = list(read(_write(tmp_path / "out.jsonl", [_again(rec)])))
    assert back.text == rec.text and back.meta["newlines_normalised"] is True
    assert _imported_spans(back) == _imported_spans(rec)


_LABELS = st.sampled_from(["HEDGE", "UNNAMED_SOURCE", "Ünïcode label"])
_ALPHABET = st.one_of(st.sampled_from(list("a \n\t\"\\é👍🏽消مא\u0301\u2028\x00")),
                      st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"))
_VALUES = st.one_of(st.booleans(), st.text(max_size=5), st.sampled_from(["group", "person"]))


@st.composite
def _records(draw: st.DrawFn) -> ExportRecord:
    text = "x" + draw(st.text(_ALPHABET, max_size=40))
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        origin = draw(st.sampled_from(["manual", "suggestion", "imported"]))
        spans.append({"start": start, "end": end, "label": draw(_LABELS), "origin": origin,
                      "rule": draw(st.sampled_from(["", "r1"])),
                      "attributes": draw(st.dictionaries(st.text(max_size=4), _VALUES,
                                                         max_size=2)),
                      "note": draw(st.text(_ALPHABET, max_size=6))})
    return export_record(text, spans, annotator=draw(st.sampled_from(["a", "bob", "gold"])),
                         status=draw(st.sampled_from(list(Status))),
                         tokens=draw(st.booleans()))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_records(), min_size=1, max_size=3))
def test_round_trip_property(tmp_path: Path, records: list[ExportRecord]) -> None:
    back = list(read(_write(tmp_path / "prop.jsonl", records)))
    for exported, imported in zip(records, back, strict=True):
        assert imported.text == exported.document.text
        assert _imported_spans(imported) == _spans(exported)
        assert (imported.annotator, imported.status) == (exported.annotator, exported.status)
