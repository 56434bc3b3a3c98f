"""The configuration file: the defaults a user sets once (user agent, time-out, delay, jobs,
the least severity reported, alert targets) and what each site needs (request headers,
cookies, the CSS selector of its article, rendering its pages in a browser).

Read from ``config.toml`` in the user's config directory, then ``revtrack.toml`` beside the
store, which overrides it key by key; ``REVTRACK_CONFIG`` names one file to read instead of
both. Command-line options and environment variables override every file (the command line
sees to that). Only what a command uses reads it, once, with nothing heavier than tomllib.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from revtrack.errors import ConfigError
from revtrack.frozen import dataclass
from revtrack.lazy import compiled

if TYPE_CHECKING:
    from revtrack.paths import Location

CONFIG_ENV_VAR = "REVTRACK_CONFIG"
#: The file in the user's config directory (``~/.config/revtrack`` on Linux) ...
USER_FILE = "config.toml"
#: ... and the one in the store's directory, which overrides it.
STORE_FILE = "revtrack.toml"
SEVERITIES = ("typo", "minor", "substantive")

#: A header's or a cookie's name: an HTTP token.
_TOKEN = compiled(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
#: What a header's or a cookie's value may not hold: line breaks, NUL, and for a cookie the
#: separators of the Cookie header.
_BAD_HEADER_VALUE = compiled(r"[\r\n\x00]")
_BAD_COOKIE_VALUE = compiled(r"[\r\n\x00;,\s\"\\]")
_HEADER_TEXT = compiled(r"[\x20-\x7e\t]*")
#: The headers that frame a request, which revtrack sets itself.
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection", "upgrade", "te"})
_HOST = compiled(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\]")


@dataclass(frozen=True)
class Site:
    """What fetching and reading the pages of one host (and its subdomains) needs."""

    host: str
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    selector: str | None = None  # the CSS selector of the article
    render: bool = False  # fetch through a headless browser

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies)


@dataclass(frozen=True)
class Sites:
    """The configured sites; a URL's is the one of its host or of the nearest domain above."""

    entries: tuple[Site, ...] = ()

    def for_url(self, url: str) -> Site | None:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return None
        return self.for_host(host)

    def for_host(self, host: str) -> Site | None:
        host = host.lower().rstrip(".")
        found = {site.host: site for site in self.entries}
        while host:
            if host in found:
                return found[host]
            host = host.partition(".")[2]
        return None

    def header_names(self) -> frozenset[str]:
        """Every header name some site sets (lower case), cookies' ``cookie`` aside."""
        return frozenset(name.lower() for site in self.entries for name, _ in site.headers)


@dataclass(frozen=True)
class Setting:
    """One setting in force: its key (``timeout``, ``sites."a.org".selector``), its value and
    where it came from: ``default``, ``file`` (``origin`` is the file), ``environment``
    (``origin`` is the variable) or ``option`` (``origin`` is the option)."""

    key: str
    value: Any
    source: str
    origin: str = ""


@dataclass(frozen=True)
class Config:
    """The files read, in order, and each key's value and file (a key of a site is written
    ``sites.HOST.KEY``)."""

    files: tuple[Path, ...] = ()
    values: tuple[tuple[str, Any, Path], ...] = ()

    def get(self, key: str) -> tuple[Any, Path] | None:
        for name, value, path in self.values:
            if name == key:
                return value, path
        return None

    def defaults(self) -> dict[str, Any]:
        """The top-level settings the files give, by name (``min_severity``)."""
        return {key: value for key, value, _ in self.values if not key.startswith("sites.")}

    @property
    def alerts(self) -> tuple[str, ...]:
        found = self.get("alerts")
        return tuple(found[0]) if found else ()

    @property
    def sites(self) -> Sites:
        hosts: dict[str, dict[str, Any]] = {}
        for key, value, _ in self.values:
            if key.startswith("sites."):
                host, _, name = key.removeprefix("sites.").rpartition(".")
                hosts.setdefault(host, {})[name] = value
        return Sites(
            tuple(
                Site(
                    host,
                    tuple(each.get("headers", {}).items()),
                    tuple(each.get("cookies", {}).items()),
                    each.get("selector"),
                    bool(each.get("render", False)),
                )
                for host, each in hosts.items()
            )
        )


def config_files(
    location: Location | None, *, environ: Mapping[str, str] | None = None
) -> list[Path]:
    """The files to read, in order (a later one overrides an earlier one): the one that
    ``REVTRACK_CONFIG`` names, alone; else the user's file and the one beside the store,
    those that exist."""
    env = os.environ if environ is None else environ
    named = env.get(CONFIG_ENV_VAR)
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError(f"{named}: no such configuration file (named by {CONFIG_ENV_VAR})")
        return [path]
    from revtrack.paths import user_dir

    user = user_dir("config") / USER_FILE
    files = [user] if user.is_file() else []
    if isinstance(location, Path):
        beside = location.parent / STORE_FILE
        if beside.is_file() and not (files and os.path.samefile(beside, user)):
            files.append(beside)
    return files


def load(location: Location | None, *, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration in force for the store at ``location``: :class:`ConfigError`, naming
    the file and the key, for a file that cannot be read, is not TOML, or holds an unknown
    key or a value of the wrong kind."""
    files = config_files(location, environ=environ)
    merged: dict[str, tuple[Any, Path]] = {}
    for path in files:
        for key, value in read(path).items():
            merged[key] = (value, path)
    return Config(tuple(files), tuple((key, v, p) for key, (v, p) in merged.items()))


def read(path: Path) -> dict[str, Any]:
    """One file's settings, checked, by key (a site's as ``sites.HOST.KEY``)."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else error
        raise ConfigError(f"{path}: cannot be read: {reason or error}") from None
    except (tomllib.TOMLDecodeError, ValueError) as error:  # (an integer of 5,000 digits)
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    found: dict[str, Any] = {}
    for key, value in data.items():
        if key == "sites":
            found.update(_sites(path, value))
        elif key in _TOP:
            found[key] = _TOP[key](path, key, value)
        else:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(KEYS)})")
    return found


def _wrong(path: Path, key: str, wanted: str, value: Any) -> ConfigError:
    return ConfigError(f"{path}: {key}: must be {wanted}, not {value!r}")


def _number(low: float, high: float, *, whole: bool = False) -> Callable[[Path, str, Any], Any]:
    kinds: tuple[type, ...] = (int,) if whole else (int, float)
    wanted = f"a whole number from {low:g} to {high:g}" if whole else f"{low:g} to {high:g}"

    def check(path: Path, key: str, value: Any) -> Any:
        kind_ok = isinstance(value, kinds) and not isinstance(value, bool)
        if not kind_ok or not low <= value <= high:  # (no float(): an int may be too large)
            raise _wrong(path, key, wanted if whole else f"a number of seconds, {wanted}", value)
        return value if whole else float(value)

    return check


def _string(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or _BAD_HEADER_VALUE.search(value):
        raise _wrong(path, key, "a string on one line", value)
    return value


def header_text_problem(value: str) -> str | None:
    """Why ``value`` cannot be sent as an HTTP header's value, or None: it must be printable
    ASCII (a header is sent in ASCII) on one line."""
    return None if _HEADER_TEXT.fullmatch(value) else "must be ASCII text on one line"


def _header_text(path: Path, key: str, value: Any) -> str:
    text = _string(path, key, value)
    if header_text_problem(text):
        raise _wrong(path, key, "ASCII text on one line", value)
    return text


def _severity(path: Path, key: str, value: Any) -> str:
    if value not in SEVERITIES:
        raise _wrong(path, key, f"one of {', '.join(SEVERITIES)}", value)
    return str(value)


def _strings(path: Path, key: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _wrong(path, key, "a list of strings", value)
    return [_string(path, f"{key}[{n}]", each) for n, each in enumerate(value)]


_TOP: dict[str, Callable[[Path, str, Any], Any]] = {
    "user_agent": _header_text,
    "timeout": _number(0.1, 3600),
    "delay": _number(0, 3600),
    "jobs": _number(1, 32, whole=True),
    "min_severity": _severity,
    "alerts": _strings,
}
#: Every top-level key, ``sites`` included.
KEYS = (*_TOP, "sites")
SITE_KEYS = ("headers", "cookies", "selector", "render")


def _sites(path: Path, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _wrong(path, "sites", 'a table of sites ([sites."example.com"])', value)
    found: dict[str, Any] = {}
    for host, table in value.items():
        name = host.lower().rstrip(".")
        where = f'sites."{host}"'
        if not _HOST.fullmatch(name):
            raise ConfigError(f"{path}: {where}: not a host name (write it as example.com)")
        if not isinstance(table, dict):
            raise _wrong(path, where, "a table", table)
        for key, item in table.items():
            found[f"sites.{name}.{key}"] = _site_value(path, f"{where}.{key}", key, item)
    return found


def _site_value(path: Path, where: str, key: str, value: Any) -> Any:
    if key == "selector":
        return _string(path, where, value)
    if key == "render":
        if not isinstance(value, bool):
            raise _wrong(path, where, "true or false", value)
        return value
    if key not in ("headers", "cookies"):
        raise ConfigError(f"{path}: unknown key {where} (known: {', '.join(SITE_KEYS)})")
    if not isinstance(value, dict):
        raise _wrong(path, where, "a table of names and values", value)
    bad = _BAD_COOKIE_VALUE if key == "cookies" else _BAD_HEADER_VALUE
    for name, each in value.items():
        if not _TOKEN.fullmatch(name):
            raise ConfigError(f"{path}: {where}: {name!r} is not a valid name")
        if key == "headers" and name.lower() in _FRAMING:
            raise ConfigError(f"{path}: {where}: {name!r} is set by revtrack itself")
        if not isinstance(each, str) or bad.search(each) or header_text_problem(each):
            raise _wrong(path, f"{where}.{name}", "a string without separators", each)
    return dict(value)
