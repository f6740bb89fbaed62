"""What the window remembers between runs: coder name, zoom, theme, layout, recent projects.

Owns: the keys of the window's ``QSettings`` and their types. The settings file is an
INI file in the user data folder, so ``ANNOTATOR_HOME`` (used by tests) isolates it too.
Must not import: annotator.store.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from annotator.paths import user_data_dir

MAX_RECENT = 8
THEMES = ("system", "light", "dark")


def default_qsettings() -> QSettings:
    """The user's settings file (``settings.ini`` in the user data folder)."""
    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


class Settings:
    """Typed access to a ``QSettings`` store."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else default_qsettings()

    def _get(self, key: str, default: object = None) -> object:
        return self.store.value(key, default)

    @property
    def coder(self) -> str:
        return str(self._get("coder", "") or "").strip()

    @coder.setter
    def coder(self, name: str) -> None:
        self.store.setValue("coder", name.strip())

    @property
    def point_size(self) -> float | None:
        value = self._get("view/point_size")
        try:
            return float(value) if value is not None else None  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

    @point_size.setter
    def point_size(self, size: float) -> None:
        self.store.setValue("view/point_size", float(size))

    @property
    def theme(self) -> str:
        value = str(self._get("view/theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.store.setValue("view/theme", value)

    @property
    def backup_minutes(self) -> float:
        """Minutes between automatic backups while annotating (0: none; default 10)."""
        try:
            return max(0.0, float(self._get("backup/minutes", 10)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return 10.0

    @backup_minutes.setter
    def backup_minutes(self, minutes: float) -> None:
        self.store.setValue("backup/minutes", float(minutes))

    @property
    def recent_projects(self) -> list[str]:
        value = self._get("recent_projects", [])
        items = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        return [str(p) for p in items if p]

    def add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        items = [path] + [p for p in self.recent_projects if p != path]
        self.store.setValue("recent_projects", items[:MAX_RECENT])

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved (geometry, dock/toolbar state), each None when never saved."""
        geometry = self._get("window/geometry")
        state = self._get("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)

    def sync(self) -> None:
        self.store.sync()
