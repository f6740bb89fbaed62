"""The CSV export: one row per span, readable by any CSV reader."""

from __future__ import annotations

import csv
import io
import json

import pytest
from io_helpers import export_record, find

from annotator.io.writers import CSV_COLUMNS, sentence_of, write_csv

TEXT = "Officials said it may rain.\n\nSources agree, \"perhaps\".\nEnd."


def _rows(*records: object) -> list[dict[str, str]]:
    fh = io.StringIO(newline="")
    count = write_csv(records, fh)  # type: ignore[arg-type]
    assert not fh.closed
    fh.seek(0)
    reader = csv.reader(fh)
    assert next(reader) == list(CSV_COLUMNS)
    rows = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in reader]
    assert count == len(rows)
    return rows


def test_one_row_per_span() -> None:
    s1, e1 = find(TEXT, "may")
    s2, e2 = find(TEXT, '"perhaps"')
    rec = export_record(TEXT, [
        {"start": s1, "end": e1, "label": "HEDGE", "origin": "suggestion", "rule": "modal",
         "codebook_version": ""},
        {"start": s2, "end": e2, "label": "HEDGE", "attributes": {"strength": "weak",
                                                                  "quoted": True},
         "note": "in quotes,\nsecond line", "codebook_version": "2"},
    ], title="Rain")
    first, second = _rows(rec)
    assert first == {"doc_id": rec.document.id, "title": "Rain", "annotator": "alice",
                     "status": "done", "label": "HEDGE", "start": str(s1), "end": str(e1),
                     "text": "may", "origin": "suggestion", "rule": "modal", "attributes": "",
                     "note": "", "sentence": "Officials said it may rain.",
                     "codebook_version": "1"}
    assert second["text"] == '"perhaps"'
    assert json.loads(second["attributes"]) == {"strength": "weak", "quoted": True}
    assert second["note"] == "in quotes,\nsecond line"
    assert second["sentence"] == 'Sources agree, "perhaps".'
    assert (second["origin"], second["codebook_version"]) == ("manual", "2")


def test_header_only_and_no_tokens() -> None:
    assert _rows() == []
    assert _rows(export_record(TEXT, [])) == []
    rec = export_record(TEXT, [{"start": 0, "end": 9, "label": "UNNAMED_SOURCE"}],
                        tokens=False, status=None)
    [row] = _rows(rec)
    assert (row["sentence"], row["status"]) == ("", "in_progress")


def test_sentence_of() -> None:
    text = "One. Two three. Four"
    starts = [0, 5, 16]
    assert [sentence_of(text, starts, i) for i in (0, 4, 5, 15, 16, 19)] == [
        "One.", "One.", "Two three.", "Two three.", "Four", "Four"]
    assert sentence_of(text, [5], 1) == "One."
    assert sentence_of(text, [], 3) == ""


def test_bad_span_is_an_internal_error() -> None:
    rec = export_record("short", [{"start": 3, "end": 3, "label": "HEDGE"}])
    with pytest.raises(ValueError, match="empty or reversed"):
        _rows(rec)
