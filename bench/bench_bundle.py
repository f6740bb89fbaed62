"""Benchmark: size of the PyInstaller bundle and cold start of the bundled app.

Needs ``make bundle`` first (``dist/annotator``). For each of --runs runs it starts the bundled
executable (offscreen Qt, a fresh ``ANNOTATOR_HOME`` whose settings hold the coder name) on a
project of --docs synthetic articles (``bench_startup.build_project``) and measures wall time
from just before the start until the window's first paint of the article. The bundle cannot
host the event filter ``bench_startup.py`` injects, so the time of the first paint comes
from the end-to-end probe (``ANNOTATOR_E2E_PROBE``), which writes its file 0.5 s after that
paint; the 0.5 s is subtracted (the file is polled every 5 ms). It also times ``--smoke``
(start, paint, load spaCy and tokenize, quit) on the sample project.

    python bench/bench_bundle.py --docs 10000 --runs 5
    python bench/bench_bundle.py --exe .venv/bin/annotator   # the same, not bundled
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

from bench_startup import build_project  # noqa: E402

EXE = BENCH.parent / "dist" / "annotator" / "annotator"
PROBE_DELAY = 0.5


def fresh_home(home: Path) -> dict[str, str]:
    """Environment for one run: offscreen, a new user folder that knows the coder."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    (home / "settings.ini").write_text("[General]\ncoder=coder1\n", encoding="utf-8")
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_HOME=str(home))


def first_paint(exe: Path, project: Path, home: Path) -> float:
    """Seconds from starting the bundled app on ``project`` until its first paint."""
    probe = home.parent / "probe.json"
    probe.unlink(missing_ok=True)
    env = dict(fresh_home(home), ANNOTATOR_E2E_PROBE=str(probe))
    t = time.perf_counter()
    child = subprocess.Popen([str(exe), "gui", "-p", str(project)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not probe.exists():
            if child.poll() is not None or time.perf_counter() - t > 60:
                raise RuntimeError(f"the bundled app did not paint (status {child.returncode})")
            time.sleep(0.005)
        return time.perf_counter() - t - PROBE_DELAY
    finally:
        child.kill()
        child.wait()


def smoke(exe: Path, home: Path) -> float:
    """Seconds the bundled ``--smoke`` check takes on the sample project."""
    env = fresh_home(home)
    t = time.perf_counter()
    subprocess.run([str(exe), "--smoke"], env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def summary(secs: list[float]) -> str:
    """Median, min and max of ``secs``."""
    return (f"median {statistics.median(secs):.2f} s, min {min(secs):.2f} s, "
            f"max {max(secs):.2f} s ({len(secs)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--exe", type=Path, default=EXE, help="the executable to start")
    args = parser.parse_args()
    exe = args.exe.resolve()
    if not exe.is_file():
        sys.exit(f"{exe} does not exist: run `make bundle` first")
    if exe == EXE:
        files = [f for f in EXE.parent.rglob("*") if f.is_file() and not f.is_symlink()]
        size = sum(f.stat().st_size for f in files)
        print(f"bundle: {size / 1e6:.0f} MB in {EXE.parent.name}/")
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    try:
        print(f"--smoke on the sample project: "
              f"{summary([smoke(exe, work / 'home') for _ in range(args.runs)])}")
        project = build_project(work, args.docs)
        secs = [first_paint(exe, project, work / "home") for _ in range(args.runs)]
        print(f"cold start to first paint, {args.docs} documents: {summary(secs)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
