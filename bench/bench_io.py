"""Benchmark: import and export of a synthetic pre-annotated corpus.

Generates a deterministic corpus (N articles of ~600 words with ~20 spans each, as JSONL),
then measures, each phase in a fresh process so that peak memory is its own:
  import            annotator import (one transaction)
  export (first)    JSONL export with tokens, tokenizing every document
  export (again)    JSONL export with tokens from the project's token cache
Prints the median of --runs runs (in the process, and wall time of the whole process
including the interpreter's start), throughput, project file size and peak memory (RSS).
Before each run it times the issue's two reference tasks on the same corpus (a raw sqlite3
insert, json.dumps of the records): json.dumps' ratio to the issue's figure scales that
run's times to the speed the goals were set at, since this machine's speed changes by half
within an hour (and from one minute to the next).

    python bench/bench_io.py --docs 10000 --runs 3
    python bench/bench_io.py --docs 10000 --runs 3 --only import
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = tuple("""the a of to and in that for on with as was at by from his her their said year
government people city report police company market new first last week officials told would
could house state president court law money school health family minister plan deal talks
election season team game music film star show night after before during while because although
however still also only very more most many some other such same different large small young old
public private administration international investigation community development
announcement spokesperson negotiations relationship performance television""".split())
HEDGES = tuple("""might may could possibly probably perhaps reportedly allegedly apparently seems
appears likely rumors""".split())
SOURCES = ("sources", "officials", "an insider", "a person familiar with the matter",
           "the family insider", "critics")


def make_corpus(path: Path, n_docs: int, seed: int = 42) -> tuple[int, int]:
    """Write ``n_docs`` JSONL records; returns (characters of text, spans)."""
    rng = random.Random(seed)
    chars = spans = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n_docs):
            parts: list[str] = []
            marks: list[dict[str, object]] = []
            pos, words = 0, 0
            while words < 600:
                sentence = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
                if rng.random() < 0.3:
                    sentence.insert(rng.randrange(len(sentence)), "\0H")
                if rng.random() < 0.2:
                    sentence.insert(0, "\0S")
                out = []
                for w in sentence:
                    if w == "\0H":
                        w, label = rng.choice(HEDGES), "HEDGE"
                    elif w == "\0S":
                        w, label = rng.choice(SOURCES), "UNNAMED_SOURCE"
                    else:
                        label = ""
                    start = pos + sum(len(x) + 1 for x in out)
                    if label:
                        marks.append({"start": start, "end": start + len(w), "label": label})
                    out.append(w)
                    words += len(w.split())
                sentence_text = " ".join(out)
                sentence_text = sentence_text[0].upper() + sentence_text[1:] + "."
                parts.append(sentence_text)
                pos += len(sentence_text) + 1
            text = " ".join(parts)
            record = {"text": text, "meta": {"title": f"Synthetic article {i}"},
                      "spans": marks, "_annotator_id": "coder1", "status": "done"}
            fh.write(json.dumps(record) + "\n")
            chars += len(text)
            spans += len(marks)
    return chars, spans


PHASE = r"""
import resource, sys, time
from pathlib import Path
phase, project, data, out = sys.argv[1:5]
t = time.perf_counter()
if phase == "import":
    from annotator.app.projects import init_project
    from annotator.app.importing import import_paths
    p = init_project(project)
    import_paths(p, [Path(data)])
else:
    from annotator.app.projects import open_project
    from annotator.app.exporting import export
    p = open_project(project)
    export(p, out, "jsonl")
p.close()
elapsed = time.perf_counter() - t
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_phase(phase: str, project: Path, data: Path, out: Path) -> tuple[float, float, float]:
    """Run one phase in a fresh interpreter.

    Returns (seconds in the process, peak RSS in MB, wall seconds including the start of
    the interpreter).
    """
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", PHASE, phase, str(project), str(data), str(out)],
                         check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    seconds, rss_kb = res.stdout.split()
    return float(seconds), int(rss_kb) / 1024, wall


SPIN = "import time; t = time.perf_counter(); sum(i * i for i in range(10_000_000)); " \
    "print(time.perf_counter() - t)"


def machine_speed() -> tuple[float, float]:
    """Seconds of a fixed pure-Python loop: alone, and the slower of two run at once.

    This machine's speed changes during a day; printed with the figures, these say whether
    a run met a fast or a slow hour, and whether a second core was really free.
    """
    def start() -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True)

    alone = float(start().communicate()[0])
    pair = [start(), start()]
    return alone, max(float(p.communicate()[0]) for p in pair)


ISSUE_SQLITE, ISSUE_DUMPS = 0.66, 0.33
"""The issue's orientation figures for the 10,000 set on this kind of machine: a raw sqlite3
insert of the texts and spans in one WAL transaction, and ``json.dumps`` of the records."""


def orientation(data: Path, runs: int) -> tuple[float, float]:
    """Medians of the issue's two reference tasks, timed now on this corpus, in a child
    process (holding the corpus here would be counted in the phases' peak memory: Linux
    keeps the peak of a process across the exec that starts each phase).

    The raw insert: a new WAL file with a table of texts and one of spans (document
    number, start, end, label), ``executemany`` for both in one transaction, commit and
    close (SQLite's default ``synchronous``). The issue does not say what its tables were,
    and these simple ones take 0.41-0.52 s when ``json.dumps`` takes the issue's 0.33 s,
    so only ``json.dumps`` (whose task is clear) scales the figures: its ratio to the
    issue's figure says how fast this machine is at this hour, in the goals' units.
    """
    res = subprocess.run([sys.executable, __file__, "--orientation", str(data),
                          "--runs", str(runs)], check=True, capture_output=True, text=True)
    raw, dumps = res.stdout.split()
    return float(raw), float(dumps)


def _time_orientation(data: Path, runs: int) -> tuple[float, float]:
    records = [json.loads(line) for line in data.open(encoding="utf-8")]
    spans = [(i, s["start"], s["end"], s["label"]) for i, r in enumerate(records)
             for s in r["spans"]]
    inserts, dumps = [], []
    with tempfile.TemporaryDirectory(prefix="annotator-raw-") as tmp:
        for run in range(runs):
            path = Path(tmp) / f"raw{run}.sqlite"
            t = time.perf_counter()
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, text TEXT)")
            conn.execute('CREATE TABLE spans(doc INTEGER, start INTEGER, "end" INTEGER, '
                         "label TEXT)")
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO docs VALUES (?, ?)",
                             ((i, r["text"]) for i, r in enumerate(records)))
            conn.executemany("INSERT INTO spans VALUES (?, ?, ?, ?)", spans)
            conn.execute("COMMIT")
            conn.close()
            inserts.append(time.perf_counter() - t)
            t = time.perf_counter()
            for record in records:
                json.dumps(record)
            dumps.append(time.perf_counter() - t)
    return statistics.median(inserts), statistics.median(dumps)


def print_orientation(times: list[tuple[float, float]], docs: int) -> None:
    """Print the medians of the reference tasks' times, ``(raw insert, json.dumps)`` a run."""
    raw = statistics.median(t[0] for t in times)
    dumps = [t[1] for t in times]
    corpus = docs / 10_000  # the issue's figures are for 10,000 articles
    speed = ISSUE_DUMPS * corpus / statistics.median(dumps)
    print(f"orientation: json.dumps of the records {statistics.median(dumps):.2f} s "
          f"({min(dumps):.2f}–{max(dumps):.2f}; issue: {ISSUE_DUMPS * corpus:.2f} s), so this "
          f"machine ran at {speed:.2f} x the speed the goals were set at; a raw sqlite3 "
          f"insert {raw:.2f} s (issue: {ISSUE_SQLITE * corpus:.2f} s, for tables the issue "
          "does not describe)")


Results = dict[str, list[tuple[float, float, float, float]]]
"""Each phase's ``(seconds, peak RSS, wall, scale)``, a run each."""


def print_phases(results: Results, docs: int, chars: int) -> None:
    """One line per phase that ran: median (and range), throughput, peak memory, and the
    median of each run's time at the goals' speed (the run's time / its scale)."""
    names = {"import": "import", "first": "export jsonl (first, tokenizes)",
             "again": "export jsonl (repeated, cached tokens)"}
    for key, label in names.items():
        if not results[key]:
            continue
        times = [r[0] for r in results[key]]
        secs = statistics.median(times)
        rss = max(r[1] for r in results[key])
        wall = statistics.median(r[2] for r in results[key])
        scaled = statistics.median(r[0] / r[3] for r in results[key])
        print(f"{label:<40} median {secs:6.2f} s ({min(times):.2f}–{max(times):.2f})  "
              f"{docs / secs:9.0f} docs/s  "
              f"{chars / 1e6 / secs:6.1f} M chars/s  peak RSS {rss:6.0f} MB  "
              f"(process {wall:.2f} s; at the goals' speed {scaled:.2f} s)")


def measure(work: Path, data: Path, runs: int, docs: int, only: str | None
            ) -> tuple[list[tuple[float, float]], Results, int, int]:
    """Run the phases ``runs`` times, each run after timing the reference tasks.

    Returns the reference times of each run, each phase's ``(seconds, peak RSS, wall,
    scale)`` by run, the project's size and the export's size in bytes.
    """
    references: list[tuple[float, float]] = []
    results: Results = {"import": [], "first": [], "again": []}
    size = out_size = 0
    project, out = work / "bench.sqlite", work / "out.jsonl"
    for _ in range(runs):
        for leftover in work.glob("bench.sqlite*"):
            leftover.unlink()
        references.append(orientation(data, 3))  # medians of three
        scale = references[-1][1] / (ISSUE_DUMPS * docs / 10_000)
        imported = run_phase("import", project, data, out)
        if only != "export":
            results["import"].append((*imported, scale))
        size = sum(f.stat().st_size for f in work.glob("bench.sqlite*"))
        if only != "import":
            results["first"].append((*run_phase("export", project, data, out), scale))
            results["again"].append((*run_phase("export", project, data, out), scale))
            out_size = out.stat().st_size
    return references, results, size, out_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("import", "export"),
                        help="run only the import, or only the exports (after one import)")
    parser.add_argument("--orientation", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.orientation:
        print(*_time_orientation(args.orientation, args.runs))
        return
    alone, paired = machine_speed()
    print(f"machine: reference loop {alone:.2f} s alone, {paired:.2f} s with a second one "
          "at once (equal when two cores are free)")
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    try:
        data = work / "corpus.jsonl"
        t = time.perf_counter()
        chars, spans = make_corpus(data, args.docs)
        print(f"corpus: {args.docs} documents, {chars / 1e6:.1f} M characters, {spans} spans, "
              f"{data.stat().st_size / 1e6:.1f} MB JSONL (generated in "
              f"{time.perf_counter() - t:.1f} s)")
        references, results, size, out_size = measure(work, data, args.runs, args.docs,
                                                      args.only)
        print_orientation(references, args.docs)
        print_phases(results, args.docs, chars)
        print(f"project file: {size / 1e6:.1f} MB ({size / chars:.2f} x text size); "
              f"export file: {out_size / 1e6:.1f} MB; runs: {args.runs}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
