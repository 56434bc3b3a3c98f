"""Where the store lives."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DATABASE_NAME = "revtrack.db"
ENV_VAR = "REVTRACK_HOME"
_DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def database_file(
    store: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> Path:
    """The SQLite file of the store, decided at call time in this order:

    1. ``store`` (the ``--store`` option), when given;
    2. the ``REVTRACK_HOME`` environment variable, when set and not empty;
    3. the platform's user data directory (``~/.local/share/revtrack`` on Linux,
       ``~/Library/Application Support/revtrack`` on macOS, ``%LOCALAPPDATA%\\revtrack`` on
       Windows).

    A location is a directory that holds ``revtrack.db``, unless it is an existing file or its
    name ends in ``.db``, ``.sqlite`` or ``.sqlite3``: then it is the database file itself.
    """
    env = os.environ if environ is None else environ
    chosen = store if store is not None else env.get(ENV_VAR) or None
    if chosen is None:
        import platformdirs

        return Path(platformdirs.user_data_dir("revtrack", appauthor=False)) / DATABASE_NAME
    location = Path(chosen).expanduser()
    if location.is_file() or location.suffix.lower() in _DATABASE_SUFFIXES:
        return location
    return location / DATABASE_NAME


NOTES_ENV_VAR = "REVTRACK_NOTES"
NOTES_NAME = "notes.toml"


def notes_file(*, environ: Mapping[str, str] | None = None) -> Path:
    """The user's file of note formats: ``REVTRACK_NOTES`` when set, else ``notes.toml`` in
    the platform's user config directory (``~/.config/revtrack`` on Linux)."""
    env = os.environ if environ is None else environ
    chosen = env.get(NOTES_ENV_VAR)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("revtrack", appauthor=False)) / NOTES_NAME
