"""Errors that carry what a user needs to fix bad input.

Owns: the exception types every layer raises for user-facing problems.
Must not import: anything outside the standard library.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """A problem the user can fix; the message is shown as it is."""


class InputError(AnnotatorError):
    """Bad input in a file: names the file, the line (or record) and the reason."""

    def __init__(self, source: str, reason: str, line: int | None = None,
                 hint: str = "") -> None:
        self.source = source
        self.line = line
        self.reason = reason
        self.hint = hint
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}" + (f" ({hint})" if hint else ""))


class ProjectError(AnnotatorError):
    """A project file that cannot be opened or used (corrupt, newer, missing)."""
