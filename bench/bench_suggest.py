"""Suggestion engine speed: words per second on one core, blank tier and trained tiers.

Run: ``python bench/bench_suggest.py [--runs 5] [--repeat 200]``. The text is the seed
article (or the sample article) repeated; the figure is the median of several runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from annotator.nlp.suggest import Suggester, available_models
from annotator.paths import resource

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "article.txt"


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"


def _texts(repeat: int) -> list[tuple[str, str]]:
    path = SEED if SEED.is_file() else resource("sample", "article.txt")
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    items = [(f"d{i}", paragraphs[i % len(paragraphs)]) for i in range(repeat * len(paragraphs))]
    return items


def bench(model: str, items: list[tuple[str, str]], runs: int) -> None:
    words = sum(len(text.split()) for _, text in items)
    started = time.perf_counter()
    engine = Suggester(model)
    load = time.perf_counter() - started
    list(engine.suggest_many(items[:50]))  # warm up
    times = []
    found = 0
    for _ in range(runs):
        started = time.perf_counter()
        found = sum(len(doc) for doc in engine.suggest_many(items))
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"{engine.tier:8} {model:16} {words / median:>10,.0f} words/s  "
          f"(median of {runs}: {median:.3f} s for {words:,} words, {len(items):,} docs, "
          f"{found:,} suggestions; load {load:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--model", action="append", default=[],
                        help="also measure this trained pipeline (a package name or a folder)")
    args = parser.parse_args()
    _one_core()
    items = _texts(args.repeat)
    bench("blank", items, args.runs)
    trained = [m for m in available_models() if m != "en_core_web_trf"] + args.model
    if not trained:
        print("trained  (none installed: no en_core_web_sm/md/lg pipeline to measure)")
    for model in trained:
        bench(model, items[: max(len(items) // 10, 50)], args.runs)


if __name__ == "__main__":
    main()
