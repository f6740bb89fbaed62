"""Benchmark: the full agreement report on 3 coders x 10,000 documents x ~30 spans each.

Deterministic synthetic data (seeded): every document has ~2,000 characters in ~400 tokens;
tokens as ``array("q")`` like the token cache gives them;
a reference set of ~30 spans (two labels, 3-40 characters) per document, which each coder
copies with noise (misses, shifted boundaries, wrong labels, extra spans), so every coder has
~30 spans per document (~900,000 spans in all). Prints the median wall time of several runs
of ``agreement(...)`` with 1,000 bootstrap resamples, on one core (BLAS limited to one thread).

Run: ``python bench/bench_agreement.py [--docs N] [--runs R]``.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from array import array  # noqa: E402

import numpy as np  # noqa: E402

from annotator.agreement import DocUnits, agreement  # noqa: E402

LABELS = ("HEDGE", "UNNAMED_SOURCE")


def make_docs(n_docs: int, coders: int = 3, spans: int = 30, seed: int = 7) -> list[DocUnits]:
    """Synthetic documents with noisy copies of one reference annotation per coder."""
    rng = np.random.default_rng(seed)
    names = [f"coder{i}" for i in range(coders)]
    docs = []
    for d in range(n_docs):
        tok_len = rng.integers(2, 8, size=400)
        ends = np.cumsum(tok_len + 1) - 1
        starts = ends - tok_len
        length = int(ends[-1]) + 1
        ref_start = np.sort(rng.integers(0, length - 60, size=spans))
        ref_len = rng.integers(3, 41, size=spans)
        ref_lab = rng.integers(0, 2, size=spans)
        per = {}
        for name in names:
            keep = rng.random(spans) > 0.08
            shift = np.where(rng.random(spans) < 0.15, rng.integers(-4, 5, size=spans), 0)
            lab = np.where(rng.random(spans) < 0.05, 1 - ref_lab, ref_lab)
            s = np.clip(ref_start + shift, 0, length - 1)
            e = np.clip(s + ref_len + np.where(rng.random(spans) < 0.1, 3, 0), 1, length)
            extra = int(rng.random() < 0.5) * 2
            xs = rng.integers(0, length - 50, size=extra)
            out = [(int(a), int(b), LABELS[c]) for a, b, c, k in zip(s, e, lab, keep) if k]
            out += [(int(a), int(a) + 10, LABELS[0]) for a in xs]
            per[name] = out
        docs.append(DocUnits(f"d{d}", length, array("q", starts.tolist()),
                             array("q", ends.tolist()), per))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--resamples", type=int, default=1000)
    args = parser.parse_args()
    docs = make_docs(args.docs)
    names = sorted(docs[0].spans)
    n_spans = sum(len(s) for d in docs for s in d.spans.values())
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        report = agreement(docs, names, resamples=args.resamples, seed=1)
        times.append(time.perf_counter() - t0)
    print(f"agreement report: {len(names)} coders x {args.docs} documents, {n_spans} spans, "
          f"{args.resamples} resamples, one core")
    print(f"median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f} s, max {max(times):.2f} s); goal <= 3 s")
    overall = report.to_json()["overall"]
    print("overall:", {k: overall[k] for k in ("u_alpha", "bar_u_alpha", "cu_alpha")})


if __name__ == "__main__":
    main()
