"""The ``annotator gui`` command: open the window from the command line.

Owns: the command's options and ``launch``. The composition root (``annotator.__main__``)
adds this command to the command line; Qt is imported only when the window is launched,
so the other commands never pay for it.
Must not import: PySide6 at module level, annotator.store.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def launch(project: Path | None, annotator: str | None, smoke: bool) -> int:
    """Open the window on ``project`` (default project when None); returns the exit status."""
    from annotator.gui.app import launch as launch_window

    return int(launch_window(project, annotator, smoke))


@click.command(name="gui")
@click.option("-p", "--project", "project", type=click.Path(dir_okay=False, path_type=Path),
              help="Project file to open (default: your default project, created with the "
                   "sample article on first run).")
@click.option("--annotator", help="Coder name for this run (default: the remembered one; "
                                  "asked on first run).")
@click.option("--smoke", is_flag=True,
              help="Open the window, load the first document, quit with status 0 "
                   "(headless check; works with QT_QPA_PLATFORM=offscreen).")
@click.pass_context
def gui(ctx: click.Context, project: Path | None, annotator: str | None, smoke: bool) -> None:
    """Open the annotation window."""
    ctx.exit(launch(project, annotator, smoke))


if __name__ == "__main__":
    sys.exit(gui.main(prog_name="annotator gui"))
