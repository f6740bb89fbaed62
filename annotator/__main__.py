"""Composition root: no arguments open the window, anything else runs the command line.

It is the one module that knows both front ends: it adds the window's ``gui`` command to the
command line. Qt is imported only when the window actually opens.
"""

from __future__ import annotations

import sys


def main() -> int:
    """Entry point of the ``annotator`` console script and ``python -m annotator``."""
    if getattr(sys, "frozen", False):  # the packaged app: big exports start a helper
        import multiprocessing  # process, which arrives here first (10 ms to import)

        multiprocessing.freeze_support()
    from annotator.cli.main import cli
    from annotator.cli.main import main as cli_main
    from annotator.gui.command import gui, launch

    args = sys.argv[1:]
    if not args or args == ["--smoke"]:  # --smoke: the bundle's headless self-check
        return launch(None, None, smoke=bool(args))
    cli.add_command(gui)
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
