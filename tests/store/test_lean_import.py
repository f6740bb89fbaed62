"""sqlite-utils is imported without pandas and numpy; both stay importable afterwards."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
{before}
from annotator.app.projects import init_project
p = init_project(sys.argv[1])
print("sqlite_utils" in sys.modules, "numpy" in sys.modules, "pandas" in sys.modules)
import numpy
print(numpy.zeros(2).tolist(), p.count_documents())
"""


def _run(before: str, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    out = subprocess.run([sys.executable, "-c", CHECK.format(before=before),
                          str(tmp_path / "p.sqlite")], capture_output=True, text=True,
                         check=True)
    return out.stdout.split("\n")[:2]


def test_creating_a_project_loads_neither_numpy_nor_pandas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _run("", tmp_path) == ["True False False", "[0.0, 0.0] 0"]


def test_numpy_imported_before_stays_as_it_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _run("import numpy", tmp_path) == ["True True False", "[0.0, 0.0] 0"]
