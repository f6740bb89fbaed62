"""Importing sqlite-utils without the pandas and numpy it would load for nothing.

Owns: the first import of ``sqlite_utils``. When pandas or numpy is installed, sqlite-utils
imports it at start-up only to map its scalar types to SQL column types in its table API.
Annotator writes through its own SQL and never hands sqlite-utils such values, yet the two
imports cost every start of the window and of every command 60 ms (numpy) to half a
second (pandas, in a researcher's data-science environment). A ``None`` in
``sys.modules`` makes an import fail, so sqlite-utils takes its own path for "not
installed"; the entries are removed again at once, and code that needs numpy (the export's
token writer) imports it as usual. Only creating or upgrading a project file needs
sqlite-utils at all (:func:`annotator.store.schema.migration_set` calls :func:`load`).
Must not import: Qt, spaCy.
"""

from __future__ import annotations

import importlib
import sys

_OPTIONAL = ("pandas", "numpy")


def load() -> None:
    """Import ``sqlite_utils`` (once) with pandas and numpy hidden from it."""
    if "sqlite_utils.db" in sys.modules:
        return
    hidden = [name for name in _OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
