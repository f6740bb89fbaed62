"""The agreement report as one self-contained HTML file.

Owns: the page (tables per label and coder pair, an inline SVG chart of the per-label
coefficients with their 95% intervals, and the methods text a paper needs: tool and
codebook versions, coders, documents, spans, definitions, bootstrap resamples and seed,
date). Everything is inline; the page loads nothing from the network.
Must not import: Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from annotator.app.report_chart import COEFFICIENTS, chart_svg, fmt

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("Span F1 (exact, overlap)",
     "Per label and pair of coders, one coder's spans are matched one-to-one with the "
     "other's; exact matches have the same start, end and label, overlap matches the same "
     "label and at least one shared character. Precision, recall and F1 follow from the "
     "matches (F1 is symmetric in the two coders); the label's value is the mean over pairs."),
    ("uα, |uα, cuα, (k)uα",
     "Krippendorff, Mathet, Bouvry & Widlöcher (2016): unitizing coefficients over the "
     "continuum of characters made by concatenating the documents; every coder divides it "
     "into units (valued by their label) and gaps. uα compares observed and expected "
     "disagreement over all of it (where the units are and how they are labelled); |uα "
     "(bar-uα) judges only unit against gap, i.e. positions; cuα judges only the labels "
     "where the coders' units overlap. (k)uα, the per-label value, is cuα's measure for one "
     "label: how consistently the label is given where units overlap. It does not count "
     "units one coder missed, which |uα, αU, token κ and span F1 do."),
    ("αU (2004)",
     "Krippendorff (2004): the earlier unitizing α, computed per label with the other labels "
     "treated as gaps; the value INCEpTION and DKPro Agreement report."),
    ("Token κ",
     "Each token is IN or OUT of the label per coder (IN when a span of the label covers any "
     "of its characters); Cohen's κ (1960) for two coders, Fleiss' κ (1971) for more."),
    ("Token α",
     "Krippendorff's α with the nominal metric on the same token table."),
    ("95% intervals",
     "Bootstrap over documents: the documents are resampled with replacement and every "
     "coefficient recomputed; the interval holds the middle 95% of the resampled values."),
)

REFERENCES = (
    "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and "
    "Psychological Measurement, 20(1), 37–46.",
    "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. "
    "Psychological Bulletin, 76(5), 378–382.",
    "Krippendorff, K. (2004). Measuring the reliability of qualitative text analysis data. "
    "Quality & Quantity, 38, 787–800.",
    "Krippendorff, K., Mathet, Y., Bouvry, S., & Widlöcher, A. (2016). On the reliability of "
    "unitizing textual continua: Further developments. Quality & Quantity, 50, 2347–2364.",
)

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;
max-width:62em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0}
th,td{padding:.25em .7em;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}
.ci{color:#666;font-size:.85em}.notes li{color:#7a4b00}
dt{font-weight:600;margin-top:.5em}dd{margin-left:1.2em}
.methods{background:#f8f8f8;padding:.6em 1em;border-left:3px solid #0072b2}
"""


def render_html(data: Mapping[str, Any], *, generated: datetime | None = None) -> str:
    """The report page for an agreement JSON (FORMATS.md structure, with tool and codebook).

    Args:
        data: what ``annotator agreement --json`` prints.
        generated: the date to state (default: now).
    """
    when = (generated or datetime.now()).strftime("%Y-%m-%d %H:%M")
    coders = ", ".join(data.get("annotators", [])) or "none"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Intercoder agreement: {escape(coders)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Intercoder agreement of {escape(coders)}</h1>",
        _methods(data, when),
        "<h2>Overall</h2>", _overall_table(data.get("overall", {})),
        "<h2>Per label</h2>", _label_table(data.get("labels", {})),
        "<h2>Chart</h2>", chart_svg(data.get("labels", {})),
        "<h2>Coder pairs</h2>", _pairs_table(data.get("labels", {})),
        _notes(data.get("notes", [])),
        "<h2>Definitions</h2>", _definitions(),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_html(path: str | Path, page: str) -> None:
    """Write ``page`` to ``path`` through a temporary file (never half a file)."""
    from annotator.app.exporting import atomic_file

    with atomic_file(Path(path)) as tmp:
        tmp.write_text(page, encoding="utf-8")


def total_spans(data: Mapping[str, Any]) -> dict[str, int]:
    """Spans per coder over every label of the report (in the documents that count)."""
    out: dict[str, int] = dict.fromkeys(data.get("annotators", []), 0)
    for lab in data.get("labels", {}).values():
        for who, n in (lab.get("counts") or {}).items():
            out[who] = out.get(who, 0) + int(n)
    return out


def _methods(data: Mapping[str, Any], when: str) -> str:
    tool = data.get("tool", {})
    cb = data.get("codebook", {})
    boot = data.get("bootstrap", {})
    spans = total_spans(data)
    per = ", ".join(f"{escape(w)} {n}" for w, n in spans.items())
    labels = ", ".join(escape(lab) for lab in data.get("labels", {})) or "none"
    items = [
        ("Tool", f"{escape(tool.get('name', 'annotator'))} {escape(str(tool.get('version', '')))}"),
        ("Codebook", f"{escape(str(cb.get('name', '')))} version "
                     f"{escape(str(cb.get('version', '')))}"),
        ("Annotators", escape(", ".join(data.get("annotators", [])) or "none")),
        ("Documents", f"{data.get('documents', 0)} (marked done by at least two of the "
                      "annotators)"),
        ("Spans", f"{sum(spans.values())} ({per})" if per else "0"),
        ("Labels", labels),
        ("Continuum", escape(str(data.get("continuum", "characters")))),
        ("Token κ", "Fleiss' κ" if data.get("token_kappa_measure") == "fleiss"
         else "Cohen's κ"),
        ("Bootstrap", f"{boot.get('resamples', '—')} resamples over documents, seed "
                      f"{boot.get('seed', '—')}"),
        ("Date", escape(when)),
    ]
    rows = "".join(f"<tr><th>{k}</th><td style='text-align:left'>{v}</td></tr>"
                   for k, v in items)
    sentence = _methods_sentence(data, spans, when)
    return f'<div class="methods"><p>{sentence}</p><table>{rows}</table></div>'


def _methods_sentence(data: Mapping[str, Any], spans: Mapping[str, int], when: str) -> str:
    tool, cb, boot = data.get("tool", {}), data.get("codebook", {}), data.get("bootstrap", {})
    coders = data.get("annotators", [])
    return escape(
        f"Agreement between {len(coders)} annotators ({', '.join(coders)}) was computed "
        f"with Annotator {tool.get('version', '')} on the {data.get('documents', 0)} "
        f"documents that at least two of them marked done, coded with the codebook "
        f"{cb.get('name', '')} version {cb.get('version', '')} ({sum(spans.values())} spans). "
        "We report span F1 (exact and overlap), Krippendorff et al.'s (2016) uα family, "
        "Krippendorff's (2004) αU and token-level κ and α; 95% intervals come from "
        f"{boot.get('resamples', '—')} bootstrap resamples of documents (seed "
        f"{boot.get('seed', '—')}). Report generated {when}.")


def _ci(value: Any) -> str:
    if not value or value[0] is None or value[1] is None:
        return ""
    return f' <span class="ci">[{fmt(value[0])}, {fmt(value[1])}]</span>'


def _cell(row: Mapping[str, Any], key: str) -> str:
    return f"<td>{fmt(row.get(key))}{_ci(row.get(key + '_ci95'))}</td>"


def _overall_table(overall: Mapping[str, Any]) -> str:
    f1 = overall.get("span_f1") or {}
    head = "<tr><th>coefficient</th><th>value [95% CI]</th></tr>"
    rows = [f"<tr><td>{name}</td>{_cell(overall, key)}</tr>"
            for key, name in (("u_alpha", "uα"), ("bar_u_alpha", "|uα"), ("cu_alpha", "cuα"))]
    rows += [f"<tr><td>span F1 {kind}</td><td>{fmt(f1.get(kind))}</td></tr>"
             for kind in ("exact", "overlap")]
    return f"<table>{head}{''.join(rows)}</table>"


def _label_table(labels: Mapping[str, Any]) -> str:
    if not labels:
        return "<p>No labels.</p>"
    names = [name for key, name in COEFFICIENTS if not key.startswith("span_f1")]
    head = ("<tr><th>label</th><th>spans per coder</th><th>span F1 exact</th>"
            "<th>span F1 overlap</th>" + "".join(f"<th>{n}</th>" for n in names) + "</tr>")
    rows = []
    for label, row in labels.items():
        f1 = row.get("span_f1") or {}
        counts = ", ".join(f"{escape(w)} {n}" for w, n in (row.get("counts") or {}).items())
        cells = "".join(_cell(row, key) for key, _ in COEFFICIENTS
                        if not key.startswith("span_f1"))
        rows.append(f"<tr><td>{escape(label)}</td><td>{counts}</td>"
                    f"<td>{fmt(f1.get('exact'))}</td><td>{fmt(f1.get('overlap'))}</td>"
                    f"{cells}</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _pairs_table(labels: Mapping[str, Any]) -> str:
    head = ("<tr><th>label</th><th>pair</th><th>exact P</th><th>exact R</th><th>exact F1</th>"
            "<th>overlap P</th><th>overlap R</th><th>overlap F1</th></tr>")
    rows = []
    for label, row in labels.items():
        for pair in row.get("pairs") or []:
            cells = "".join(f"<td>{fmt((pair.get(kind) or {}).get(m))}</td>"
                            for kind in ("exact", "overlap")
                            for m in ("precision", "recall", "f1"))
            who = " – ".join(escape(w) for w in pair.get("annotators", []))
            rows.append(f"<tr><td>{escape(label)}</td><td>{who}</td>{cells}</tr>")
    if not rows:
        return "<p>No pair of coders shares a finished document.</p>"
    return f"<table>{head}{''.join(rows)}</table>"


def _notes(notes: Sequence[str]) -> str:
    if not notes:
        return ""
    items = "".join(f"<li>{escape(str(n))}</li>" for n in notes)
    return f'<h2>Notes</h2><ul class="notes">{items}</ul>'


def _definitions() -> str:
    items = "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in DEFINITIONS)
    refs = "".join(f"<li>{escape(r)}</li>" for r in REFERENCES)
    return f"<dl>{items}</dl><h2>References</h2><ul>{refs}</ul>"
