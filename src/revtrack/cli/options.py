"""The options that the configuration file gives defaults to (``--timeout``, ``--user-agent``,
``--jobs``, ``--delay``; ``--min-severity`` is with the criteria), and the file itself, read
for the command that runs when one of its options needs a default, or its sites are needed.

The file's values reach the options as click's ``default_map``: an option given on the command
line wins, then its environment variable, then the files, then the built-in default. They use
no helper of the command line's, so that it imports them first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from revtrack.config import Config
    from revtrack.fetch import FetchOptions

F = TypeVar("F", bound=Callable[..., Any])

#: Where the configuration read for the command that runs is kept (in its context's ``meta``).
CONFIG = "revtrack.config"
#: Set (in the context's ``meta``) when the command line asks for help: a broken file then
#: leaves the defaults shown as they are built in, for the command itself to report.
HELPING = "revtrack.helping"
#: The options that take their default from the file, and their environment variables.
ENVIRONMENT = {
    "user_agent": "REVTRACK_USER_AGENT",
    "timeout": "REVTRACK_TIMEOUT",
    "delay": "REVTRACK_DELAY",
    "jobs": "REVTRACK_JOBS",
    "min_severity": "REVTRACK_MIN_SEVERITY",
}


def configuration() -> Config:
    """The configuration in force for the store of the command that runs, read once."""
    ctx = click.get_current_context()
    config: Config | None = ctx.meta.get(CONFIG)
    if config is None:
        from revtrack.config import load

        config = ctx.meta[CONFIG] = load(ctx.find_root().obj)
    return config


class _CommandDefaults(dict[str, Any]):
    """A command's ``default_map``: the file's values, read when an option first asks."""

    def __contains__(self, key: object) -> bool:
        from revtrack.errors import ConfigError

        if key not in ENVIRONMENT:
            return False
        try:
            return key in configuration().defaults()
        except ConfigError:
            if click.get_current_context().meta.get(HELPING):
                return False
            raise

    def __getitem__(self, key: str) -> Any:
        return configuration().defaults()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return configuration().defaults()[key] if key in self else default


class Defaults(dict[str, Any]):
    """The ``default_map`` of ``revtrack``: each command's own, read when it is needed."""

    def get(self, key: str, default: Any = None) -> Any:
        return _CommandDefaults()


class Seconds(click.FloatRange):
    """A number of seconds in a range: ``nan``, which every comparison lets through, and
    ``inf`` are refused too."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return number


def _header_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A value sent as a header (--user-agent): printable ASCII on one line."""
    from revtrack.config import header_text_problem

    problem = header_text_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(f"{value!r} {problem}", ctx, param)
    return value


def fetch_options(func: F) -> F:
    """--timeout, --retries and --user-agent, for the commands that fetch."""
    func = click.option(
        "--user-agent",
        metavar="TEXT",
        envvar=ENVIRONMENT["user_agent"],
        callback=_header_text,
        help="The User-Agent header sent. Default: revtrack/VERSION (+its project page).",
    )(func)
    func = click.option(
        "--retries",
        type=click.IntRange(0, 10),
        default=2,
        show_default=True,
        help="Further attempts after a time-out, a failed connection or a server error (5xx), "
        "1 s, 2 s, 4 s... apart; never after a 4xx.",
    )(func)
    return click.option(
        "--timeout",
        type=Seconds(0.1, 3600),
        default=30.0,
        show_default=True,
        envvar=ENVIRONMENT["timeout"],
        help="Seconds a fetch may take: connecting, redirects and the body together (each "
        "attempt).",
    )(func)


def pace_options(func: F) -> F:
    """--jobs and --delay, for the commands that fetch many pages."""
    func = click.option(
        "--delay",
        type=Seconds(0, 3600),
        default=1.0,
        show_default=True,
        envvar=ENVIRONMENT["delay"],
        help="Seconds between two requests to the same host.",
    )(func)
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(1, 32),
        default=4,
        show_default=True,
        envvar=ENVIRONMENT["jobs"],
        help="Pages fetched at once (never more than one at a time per host).",
    )(func)


def _fetching(
    timeout: float,
    retries: int,
    max_size: int,
    user_agent: str | None = None,
    *,
    feed: bool = False,
    render: bool = False,
) -> FetchOptions:
    """What the fetch options given (and the configured sites) ask of a fetch."""
    from revtrack.fetch import FetchOptions

    return FetchOptions(
        connect_timeout=min(10.0, timeout),
        read_timeout=timeout,
        max_bytes=max_size,
        retries=retries,
        user_agent=user_agent,
        feed=feed,
        sites=configuration().sites,
        render=render,
    )
