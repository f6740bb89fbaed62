"""Composition root: no arguments open the window, anything else runs the command line."""

from __future__ import annotations

import sys


def main() -> int:
    """Entry point of the ``annotator`` console script and ``python -m annotator``."""
    from annotator.cli.main import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
