"""End to end under Xvfb: a real mouse drag and key press, then ``annotator export``.

Run alone with ``pytest -m e2e``. Needs Debian's ``xvfb`` and ``xdotool`` (and Qt's xcb
dependencies ``libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1``); skipped without them.

The app is started with ``ANNOTATOR_E2E_PROBE=<file>``: once the article is painted it
writes the screen position of every visible character there (see
``annotator/gui/e2e_probe.py``), which is how the test knows where to drag.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.app.projects import open_or_create_sample

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
CODER = "e2e-coder"


def wait_for(what: str, check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def display() -> Iterator[str]:
    """A private Xvfb display (the first free number from 91)."""
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian packages: xvfb xdotool)")
    number = next(n for n in range(91, 200) if not Path(f"/tmp/.X{n}-lock").exists()
                  and not Path(f"/tmp/.X11-unix/X{n}").exists())
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x1024x24",
                               "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for("Xvfb", lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 20)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def xdotool(env: dict[str, str], *args: str, check: bool = True) -> str:
    out = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                         timeout=30)
    if check and out.returncode != 0:
        raise AssertionError(f"xdotool {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def exported_spans(project: Path, out: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    run = subprocess.run([sys.executable, "-m", "annotator", "export", "-p", str(project),
                          "--format", "jsonl", "-o", str(out), "--annotator", CODER],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return [span for record in records for span in record["spans"]]


def drag_points(probe: dict[str, Any], phrase: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Screen points just inside the first visible occurrence of ``phrase``."""
    points = {offset: (x, y) for offset, x, y in probe["points"]}
    start = -1
    while True:
        start = probe["text"].index(phrase, start + 1)
        end = start + len(phrase)
        if start in points and end in points and points[start][1] == points[end][1]:
            (x1, y), (x2, _) = points[start], points[end]
            return (x1 + 2, y), (x2 - 2, y)


def test_drag_select_key_and_export(display: str, tmp_path: Path) -> None:
    project = tmp_path / "study.annotator.sqlite"
    open_or_create_sample(project).close()
    probe_file = tmp_path / "probe.json"
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
               ANNOTATOR_HOME=str(tmp_path / "home"), ANNOTATOR_E2E_PROBE=str(probe_file))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    app = subprocess.Popen([sys.executable, "-m", "annotator", "gui", "-p",
                            str(project), "--annotator", CODER], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        window = xdotool(env, "search", "--sync", "--name", "Annotator").split()[0]
        xdotool(env, "windowfocus", "--sync", window, check=False)  # no WM: may complain
        probe = json.loads(wait_for("the probe file", lambda: probe_file.exists()
                                    and probe_file.read_text(encoding="utf-8"), 60))
        (x1, y1), (x2, y2) = drag_points(probe, "might")
        xdotool(env, "mousemove", "--sync", str(x1), str(y1))
        xdotool(env, "mousedown", "1")
        for frac in (0.3, 0.6, 1.0):  # a few motion events, like a hand
            xdotool(env, "mousemove", "--sync", str(int(x1 + (x2 - x1) * frac)), str(y2))
        xdotool(env, "mouseup", "1")
        time.sleep(0.3)
        xdotool(env, "key", "--clearmodifiers", "1")
        spans = wait_for("the span in the export",
                         lambda: exported_spans(project, tmp_path / "out.jsonl", env), 30)
        assert [(s["label"], s["text"]) for s in spans] == [("HEDGE", "might")]
        xdotool(env, "key", "--clearmodifiers", "ctrl+q")
        assert app.wait(20) == 0
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait(10)
        if app.stdout is not None:
            print(app.stdout.read())
