"""Benchmark: cold start of the window on a 10,000-document project, until first painted.

Builds once a project from ``bench_io.make_corpus`` (10,000 pre-annotated articles), then
for each of --runs runs starts a fresh interpreter (offscreen Qt, a temporary
``ANNOTATOR_HOME`` whose settings already hold the coder name) running the real entry
point, ``annotator gui -p PROJECT``. Time is wall time measured in this process from just
before the child is started until it reports, on stdout, that the article view has
painted for the first time: interpreter start, imports, opening the project, building and
showing the window, and the first paint of the document view. The operating system's file
cache is warm after the first run (this is not a cold boot). The child also reports
whether spaCy was imported at that paint, and quits.

    python bench/bench_startup.py --docs 10000 --runs 7
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from bench_io import make_corpus  # noqa: E402

CHILD = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
seen = {}


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        # QPlainTextEdit paints on its viewport, whose parent is the document view.
        if (event.type() == QEvent.Type.Paint and obj.parent() is not None
                and obj.parent().objectName() == "DocumentView" and not seen):
            seen["spacy"] = "spacy" in sys.modules
            seen["view"] = obj.parent()
            QTimer.singleShot(0, report)  # runs once this paint event has been handled
        return False


def report():
    app.removeEventFilter(first)
    chars = len(seen["view"].toPlainText())
    print("painted", int(seen["spacy"]), chars, flush=True)
    app.quit()


first = FirstPaint()
app.installEventFilter(first)
from annotator.__main__ import main

sys.argv = ["annotator", "gui", "-p", sys.argv[1]]
sys.exit(main())
"""


def build_project(work: Path, n_docs: int) -> Path:
    """Create ``work/bench.sqlite`` holding ``n_docs`` synthetic articles."""
    from annotator.app.importing import import_paths
    from annotator.app.projects import init_project

    data = work / "corpus.jsonl"
    make_corpus(data, n_docs)
    path = work / "bench.sqlite"
    project = init_project(path)
    import_paths(project, [data])
    project.close()
    data.unlink()
    return path


def run_once(project: Path, home: Path) -> tuple[float, bool, int]:
    """Start the window once; returns (seconds to first paint, spaCy loaded, characters shown)."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    (home / "settings.ini").write_text("[General]\ncoder=coder1\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_HOME=str(home),
               PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH.parent),
                                                        os.environ.get("PYTHONPATH")])))
    t = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(project)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - t
    _, err = child.communicate(timeout=60)
    if not line.startswith("painted"):
        raise RuntimeError(f"the window did not paint (exit status {child.returncode}):\n{err}")
    _, spacy, chars = line.split()
    return elapsed, spacy == "1", int(chars)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    try:
        t = time.perf_counter()
        project = build_project(work, args.docs)
        print(f"project: {args.docs} documents, {project.stat().st_size / 1e6:.1f} MB "
              f"(built in {time.perf_counter() - t:.1f} s)")
        results = [run_once(project, work / "home") for _ in range(args.runs)]
        secs = [r[0] for r in results]
        spacy = any(r[1] for r in results)
        print(f"cold start to first paint: median {statistics.median(secs):.2f} s, "
              f"min {min(secs):.2f} s, max {max(secs):.2f} s ({args.runs} runs); "
              f"spaCy imported before first paint: {'yes' if spacy else 'no'}; "
              f"article shown: {results[-1][2]} characters")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
