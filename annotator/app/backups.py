"""Copies of a project: "Save a copy…" and the rolling automatic backup.

Owns: where automatic backups go, how often they are made and how many are kept. Every
copy is made with SQLite's online backup API (``Project.backup_to``), so it is consistent
even while the project is being written, and appears under its final name only when
complete.
Must not import: Qt.

Automatic backups live in the user data folder, not next to the project: a project on a
shared or synced folder is not cluttered, and a backup survives the project's folder
being deleted. The folder is ``<user data>/backups/<project stem>-<8 hex of its path>/``
and keeps the newest ``keep`` copies (default 5), named by time so they sort in order.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from annotator.core.errors import ProjectError
from annotator.paths import user_data_dir
from annotator.store import Project

DEFAULT_MINUTES = 10
DEFAULT_KEEP = 5
SUFFIX = ".annotator.sqlite"


def save_copy(project: Project, target: str | Path) -> Path:
    """Write a complete, consistent copy of ``project`` to ``target``.

    Raises:
        ProjectError: ``target`` is the project itself, or cannot be written.
    """
    target = Path(target)
    if project.path is not None and target.resolve() == Path(project.path).resolve():
        raise ProjectError(f"{target}: that is the open project; choose another name")
    return project.backup_to(target)


def backup_folder(project_path: str | Path) -> Path:
    """The folder for the automatic backups of the project at ``project_path``."""
    path = Path(project_path).resolve()
    tag = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:8]
    return user_data_dir() / "backups" / f"{path.name.split('.')[0]}-{tag}"


class RollingBackup:
    """At most one automatic backup per ``minutes``; the newest ``keep`` are kept."""

    def __init__(self, project: Project, minutes: float = DEFAULT_MINUTES,
                 keep: int = DEFAULT_KEEP,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.project, self.minutes, self.keep, self.clock = project, minutes, keep, clock
        self.last: float | None = None

    @property
    def folder(self) -> Path | None:
        """Where the backups go (``None`` for an in-memory project)."""
        return backup_folder(self.project.path) if self.project.path else None

    def due(self) -> bool:
        """True when a backup should be made now."""
        if self.minutes <= 0 or self.folder is None:
            return False
        return self.last is None or self.clock() - self.last >= self.minutes * 60

    def maybe_backup(self) -> Path | None:
        """Make a backup if one is due (call after each change); returns its path."""
        if not self.due():
            return None
        folder = self.folder
        assert folder is not None
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = self.project.backup_to(folder / f"{folder.name}-{stamp}{SUFFIX}")
        self.last = self.clock()
        self.prune()
        return target

    def backups(self) -> list[Path]:
        """The automatic backups of this project, oldest first."""
        folder = self.folder
        if folder is None or not folder.is_dir():
            return []
        return sorted(folder.glob(f"*{SUFFIX}"))

    def prune(self) -> None:
        """Delete all but the newest ``keep`` backups."""
        for old in self.backups()[:-self.keep] if self.keep > 0 else []:
            try:
                old.unlink()
            except OSError as exc:  # e.g. open elsewhere on Windows: try again next time
                raise ProjectError(f"{old}: cannot remove an old backup ({exc})") from exc
