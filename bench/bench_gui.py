"""Window timings: opening a big annotated article, and key press → span saved → repainted.

Run: ``python bench/bench_gui.py [--runs 7]`` (offscreen by default). Prints medians.

* open: a 100,000-word article with 5,000 spans (coder's own), from ``open_document``
  until the view has painted.
* key: a 5,000-word article with 500 spans; a word is selected, key ``1`` pressed, the
  span is written to the project file (WAL, one transaction) and the view repainted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ("officials", "said", "the", "divorce", "might", "be", "underway", "reportedly",
         "sources", "close", "to", "family", "a", "of", "seems", "and", "消息", "👍🏽")


def make_text(words: int, rng: random.Random) -> str:
    paras = []
    for _ in range(words // 80):
        paras.append(" ".join(rng.choice(WORDS) for _ in range(80)) + ".")
    return "\n\n".join(paras)


def add_spans(project, doc_id: str, text: str, n: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    from annotator.store import raw_annotation_row

    starts = [i + 1 for i, ch in enumerate(text) if ch == " "]
    rows, seen = [], set()
    while len(rows) < n:
        s = rng.choice(starts)
        e = text.find(" ", s)
        label = rng.choice(("HEDGE", "UNNAMED_SOURCE"))
        if e > s and (s, label) not in seen:
            seen.add((s, label))
            rows.append(raw_annotation_row(doc_id, "bench", label, s, e, "manual", "", {},
                                            "", "1", 0))
    with project.atomic():
        project.insert_annotation_rows(rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    home = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    os.environ["ANNOTATOR_HOME"] = str(home)
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from annotator.app.projects import init_project
    from annotator.app.session import AnnotationSession
    from annotator.core.model import Document, content_hash
    from annotator.gui.app import application, build_window
    from annotator.gui.settings import Settings

    app = application()
    rng = random.Random(7)
    project = init_project(home / "bench.annotator.sqlite")
    big, small = make_text(100_000, rng), make_text(5_000, rng)
    docs = [Document(content_hash(t), t, title) for title, t in (("big", big), ("small", small))]
    with project.atomic():
        project.insert_documents(docs)
    session = AnnotationSession(project, "bench")
    add_spans(project, docs[0].id, big, 5_000, rng)
    add_spans(project, docs[1].id, small, 500, rng)
    window = build_window(session, Settings(QSettings(str(home / "s.ini"),
                                                      QSettings.Format.IniFormat)))
    window.resize(1280, 800)
    window.show()
    window.start()
    app.processEvents()
    c, view = window.controller, window.view

    opened = []
    for _ in range(runs):
        c.open_document(docs[1].id)
        app.processEvents()
        t0 = time.perf_counter()
        c.open_document(docs[0].id)
        view.viewport().repaint()
        opened.append(time.perf_counter() - t0)

    c.open_document(docs[1].id)
    c.warm_tokens()
    view.viewport().repaint()
    window.activateWindow()
    app.processEvents()
    pressed = []
    positions = [i + 1 for i, ch in enumerate(small[:3000]) if ch == " "]
    for start in rng.sample(positions, runs * 3):
        view.select_offsets(start, small.find(" ", start))
        view.setFocus()
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1)
        view.viewport().repaint()
        elapsed = time.perf_counter() - t0
        if len(c.annotations) > 500:  # counted only when a span was really added
            pressed.append(elapsed)
            c.undo()
    print(f"open 100,000-word article with 5,000 spans: median "
          f"{statistics.median(opened) * 1000:.1f} ms over {len(opened)} runs "
          f"(min {min(opened) * 1000:.1f}, max {max(opened) * 1000:.1f})")
    print(f"key press -> span saved -> repainted (5,000 words, 500 spans): median "
          f"{statistics.median(pressed) * 1000:.1f} ms over {len(pressed)} presses "
          f"(max {max(pressed) * 1000:.1f})")
    window.close()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
