"""Benchmark A/B: the import and exports of this tree against another checkout, interleaved.

This machine's speed drifts by half within an hour, so two benchmark sets run one after
the other can differ more than two versions of the code. Here every round runs each phase
once with each tree, in alternating order, in fresh interpreters (the phases of
``bench_io.py``), and the summary says in how many rounds this tree was faster.

    git worktree add --detach ../before <commit>
    python bench/bench_ab.py ../before --rounds 6
    python bench/bench_ab.py ../before --rounds 8 --only import
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_io import PHASE, make_corpus

HERE = Path(__file__).resolve().parents[1]
PHASES = ("import", "first", "again")


def run(tree: Path, phase: str, project: Path, data: Path, out: Path) -> float:
    """Seconds inside the process of one phase, with the code of ``tree``.

    ``python -c`` puts the working directory first on ``sys.path``: running in ``tree``
    makes its ``annotator`` the one imported, whatever is installed.
    """
    env = dict(os.environ, PYTHONPATH=str(tree))
    res = subprocess.run([sys.executable, "-c", PHASE, phase, str(project), str(data),
                          str(out)], cwd=tree, env=env, check=True, capture_output=True,
                         text=True)
    return float(res.stdout.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--only", choices=("import",), help="time only the import")
    args = parser.parse_args()
    trees = {"this": HERE, "other": args.other.resolve()}
    times: dict[tuple[str, str], list[float]] = {(t, p): [] for t in trees for p in PHASES}
    with tempfile.TemporaryDirectory(prefix="annotator-ab-") as tmp:
        work = Path(tmp)
        data = work / "corpus.jsonl"
        make_corpus(data, args.docs)
        for i in range(args.rounds):
            for name in (("this", "other") if i % 2 == 0 else ("other", "this")):
                project, out = work / f"{name}.sqlite", work / f"{name}.jsonl"
                for old in work.glob(f"{name}.sqlite*"):
                    old.unlink()
                times[name, "import"].append(run(trees[name], "import", project, data, out))
                if args.only != "import":
                    for phase in ("first", "again"):
                        times[name, phase].append(run(trees[name], "export", project, data,
                                                      out))
            print(f"round {i + 1}: " + "  ".join(
                f"{p} {times['this', p][-1]:.2f}/{times['other', p][-1]:.2f}"
                for p in PHASES if times["this", p]), flush=True)
    for p in PHASES:
        mine, other = times["this", p], times["other", p]
        if mine:
            wins = sum(a < b for a, b in zip(mine, other, strict=True))
            print(f"{p:7} this tree: median {statistics.median(mine):.2f} s  other: median "
                  f"{statistics.median(other):.2f} s  this tree faster in {wins} of "
                  f"{len(mine)} rounds")


if __name__ == "__main__":
    main()
