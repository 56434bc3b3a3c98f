"""Where the store lives."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import TypeAlias
from urllib.parse import SplitResult, unquote, urlsplit

from revtrack.frozen import dataclass
from revtrack.lazy import compiled

DATABASE_NAME = "revtrack.db"
ENV_VAR = "REVTRACK_HOME"
_DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
#: The URL schemes of a PostgreSQL store (both are libpq's).
SERVER_SCHEMES = ("postgresql://", "postgres://")
_MASK = "***"


@dataclass(frozen=True)
class DatabaseURL:
    """A PostgreSQL store: a libpq URL, ``postgresql://user:password@host:port/db?...``.

    Shown (``str``, ``repr``, every message) with its password masked; :attr:`secret` is the
    URL itself, for the driver alone.
    """

    secret: str = field(repr=False)

    def __str__(self) -> str:
        return mask(self.secret)

    def __repr__(self) -> str:
        return f"DatabaseURL({str(self)!r})"

    def scrub(self, text: str) -> str:
        """``text`` with the URL's password masked wherever it appears."""
        for password in _passwords(self.secret):
            text = text.replace(password, _MASK)
        return text


#: Where a store is: a SQLite file, or a PostgreSQL database.
Location: TypeAlias = Path | DatabaseURL


def is_server_url(text: str) -> bool:
    return text.lower().startswith(SERVER_SCHEMES)


#: The parts of a URL as RFC 3986 splits them, for those that :func:`urlsplit` refuses.
_PARTS = compiled(r"([^:/?#]*)://([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.DOTALL)


def _split(url: str) -> SplitResult:
    """A libpq URL in its parts; one that :func:`urlsplit` refuses (a ``[`` that opens no IPv6
    address) is split all the same, for libpq to say what is wrong with it."""
    try:
        return urlsplit(url)
    except ValueError:
        found = _PARTS.match(url)
        parts = found.groups("") if found else ("", "", url, "", "")
        return SplitResult(*parts)


def mask(url: str) -> str:
    """A libpq URL with its password masked (``postgresql://user:***@host/db``), in the user
    part and in a ``password=`` parameter alike."""
    parts = _split(url)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":" + _MASK
    shown = f"{parts.scheme}://{userinfo}{at}{hosts}{parts.path}"
    if parts.query:
        shown += "?" + "&".join(
            f"{key}={_MASK}" if key.lower() == "password" else f"{key}{sep}{value}"
            for key, sep, value in (item.partition("=") for item in parts.query.split("&"))
        )
    return shown + (f"#{parts.fragment}" if parts.fragment else "")


def _passwords(url: str) -> list[str]:
    """The password of a libpq URL, as written and decoded, longest first."""
    parts = _split(url)
    userinfo, at, _hosts = parts.netloc.rpartition("@")
    found = [userinfo.split(":", 1)[1]] if at and ":" in userinfo else []
    for key, _sep, value in (item.partition("=") for item in parts.query.split("&")):
        if key.lower() == "password":
            found.append(value)
    found += [unquote(p) for p in found]
    return sorted({p for p in found if p}, key=len, reverse=True)


def store_location(
    store: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> Location:
    """Where the store is, decided at call time in this order:

    1. ``store`` (the ``--store`` option), when given;
    2. the ``REVTRACK_HOME`` environment variable, when set and not empty;
    3. the platform's user data directory (``~/.local/share/revtrack`` on Linux,
       ``~/Library/Application Support/revtrack`` on macOS, ``%LOCALAPPDATA%\\revtrack`` on
       Windows).

    A ``postgresql://`` (or ``postgres://``) URL is a PostgreSQL database. Anything else is a
    SQLite file: a directory that holds ``revtrack.db``, unless it is an existing file or its
    name ends in ``.db``, ``.sqlite`` or ``.sqlite3``: then it is the database file itself.
    """
    env = os.environ if environ is None else environ
    chosen = store if store is not None else env.get(ENV_VAR) or None
    if chosen is None:
        return user_dir("data") / DATABASE_NAME
    if isinstance(chosen, str) and is_server_url(chosen):
        return DatabaseURL(chosen)
    location = Path(chosen).expanduser()
    try:
        is_file = location.is_file()
    except OSError as exc:  # a name too long for the system, and the like
        from revtrack.errors import StoreError

        raise StoreError(f"store {location} cannot be reached: {exc.strerror or exc}") from None
    if is_file or location.suffix.lower() in _DATABASE_SUFFIXES:
        return location
    return location / DATABASE_NAME


def same_store(a: Location, b: Location) -> bool:
    """Whether two locations name one store: the same file (however the paths reach it), or
    the same database (its hosts and ports, database, user and other parameters, such as the
    ``options`` that choose its schema; the password, TLS files and time-outs aside)."""
    if isinstance(a, DatabaseURL) and isinstance(b, DatabaseURL):
        return _database(a.secret) == _database(b.secret)
    if isinstance(a, Path) and isinstance(b, Path):
        a, b = a.expanduser(), b.expanduser()
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    return False


#: URL parameters that say how to connect, not which database: two URLs that differ only in
#: them name one store.
_HOW_TO_CONNECT = frozenset(
    {
        "password",
        "passfile",
        "connect_timeout",
        "application_name",
        "fallback_application_name",
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "sslpassword",
        "sslcrl",
    }
)


def _database(url: str) -> tuple[object, ...]:
    """What identifies the database of a libpq URL (see :func:`same_store`)."""
    parts = _split(url)
    userinfo, _at, hosts = parts.netloc.rpartition("@")
    servers = tuple(
        host if re.search(r":\d+$", host) else f"{host}:5432" for host in hosts.lower().split(",")
    )
    params = sorted(
        (unquote(key).lower(), unquote(value))
        for key, _sep, value in (item.partition("=") for item in parts.query.split("&"))
        if key and unquote(key).lower() not in _HOW_TO_CONNECT
    )
    return unquote(userinfo.split(":", 1)[0]), servers, unquote(parts.path), tuple(params)


NOTES_ENV_VAR = "REVTRACK_NOTES"
NOTES_NAME = "notes.toml"


def notes_file(*, environ: Mapping[str, str] | None = None) -> Path:
    """The user's file of note formats: ``REVTRACK_NOTES`` when set, else ``notes.toml`` in
    the platform's user config directory (``~/.config/revtrack`` on Linux)."""
    env = os.environ if environ is None else environ
    chosen = env.get(NOTES_ENV_VAR)
    if chosen:
        return Path(chosen).expanduser()
    return user_dir("config") / NOTES_NAME


#: The user directories of the XDG convention that platformdirs follows on Linux: the
#: variable that names each and where it is without it.
_XDG = {"config": ("XDG_CONFIG_HOME", "~/.config"), "data": ("XDG_DATA_HOME", "~/.local/share")}


def user_dir(kind: str) -> Path:
    """revtrack's directory of ``kind`` (``config`` or ``data``) among the user's: the one
    platformdirs gives. On Linux, with an absolute ``HOME`` and the XDG variable absolute or
    not set, it is worked out here as platformdirs does (``$XDG_CONFIG_HOME/revtrack``, else
    ``$HOME/.config/revtrack``): loading platformdirs (tempfile, shutil, random) costs more
    than all a command such as ``log`` does on a small store."""
    variable, default = _XDG[kind]
    named, home = os.environ.get(variable, ""), os.environ.get("HOME", "")
    if (
        sys.platform == "linux"
        and not hasattr(sys, "getandroidapilevel")
        and "ANDROID_DATA" not in os.environ
        and home.startswith("/")
        and (not named or named.startswith("/"))
    ):
        return Path(named or os.path.expanduser(default), "revtrack")
    import platformdirs

    found = platformdirs.user_config_dir if kind == "config" else platformdirs.user_data_dir
    return Path(found("revtrack", appauthor=False))
