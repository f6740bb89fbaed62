"""Start-up: the window paints before spaCy loads; ``--smoke`` works headless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SHOWN_PROBE = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QSettings
    from annotator.app.projects import open_or_create_sample
    from annotator.app.session import AnnotationSession
    from annotator.gui.app import application, build_window
    from annotator.gui.settings import Settings
    from annotator.paths import default_project

    app = application()
    session = AnnotationSession(open_or_create_sample(default_project()), "probe")
    window = build_window(session, Settings())
    window.show()
    window.start()
    window.view.repaint()
    app.processEvents()
    painted = window.view._painted
    before = "spacy" in sys.modules
    window.controller.warm_tokens()  # what the first-paint timer does next
    print(json.dumps({"painted": painted, "spacy_before": before,
                      "spacy_after": "spacy" in sys.modules,
                      "document": window.controller.document is not None}))
""")


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, ANNOTATOR_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_window_paints_before_spacy_is_imported(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", SHOWN_PROBE], env=_env(tmp_path),
                         capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"painted": True, "spacy_before": False, "spacy_after": True,
                      "document": True}


def test_smoke_flag_creates_default_project_and_exits_zero(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "annotator", "gui", "--smoke"],
                         env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "smoke: ok (1 documents)" in out.stdout
    assert (tmp_path / "default.annotator.sqlite").is_file()


def test_missing_project_is_an_error(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "annotator", "gui", "--smoke",
                          "-p", str(tmp_path / "nope.sqlite")],
                         env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "no such project file" in out.stderr


def test_bare_smoke_flag_checks_the_default_project(tmp_path: Path) -> None:
    """``annotator --smoke`` (what the bundle's CI step runs) is the same check."""
    out = subprocess.run([sys.executable, "-m", "annotator", "--smoke"],
                         env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "smoke: ok (1 documents)" in out.stdout
