"""``revtrack log ARTICLE``, ``show ARTICLE[@REV]`` and ``diff ARTICLE [REV_A [REV_B]]``
(with ``--color`` at most), run without click.

They are the commonest reading commands, and click with the command definitions costs them
a fifth to a third of their time (twice Python's own start-up). Given the command and its
arguments alone, the program does here what :mod:`revtrack.cli` does for them: the store that
``REVTRACK_HOME`` names, the criteria from ``REVTRACK_MIN_SEVERITY`` or the configuration
files, the pager on a terminal, the same output, messages and exit statuses. Anything else
(another option, ``--``, an option's value or an environment variable's that click would
refuse) goes to click, decided before anything is printed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from revtrack.errors import ExitStatus, RevtrackError
from revtrack.lazy import started

if TYPE_CHECKING:
    from revtrack.models import Criteria, Problem
    from revtrack.paths import Location

#: The commands run here.
COMMANDS = ("log", "show", "diff")
#: ``log``'s built-in criteria, as its options write them, and the environment variable of
#: the least severity told (tests hold them to the options of :mod:`revtrack.cli`).
TOLERANCE = "1h"
MIN_SEVERITY = "minor"
SEVERITIES: tuple[str, ...] = ("typo", "minor", "substantive")
SEVERITY_ENV_VAR = "REVTRACK_MIN_SEVERITY"
#: ``--color``'s choices and default; ``diff``'s unit and context (as its options give them).
COLORS: tuple[str, ...] = ("auto", "always", "never")
COLOR = "auto"
BY = "word"
CONTEXT = 1


def run(args: list[str]) -> int | None:
    """The exit status of ``revtrack ARGS`` when it is a command run here, else None (for
    click to run it)."""
    if not args or args[0] not in COMMANDS:
        return None
    if "_REVTRACK_COMPLETE" in os.environ or sys.stdout is None:
        return None
    severity = os.environ.get(SEVERITY_ENV_VAR) or None
    if severity is not None and severity not in SEVERITIES:
        return None  # (click's usage error says what is wrong with it)
    command = args[0]
    if command == "diff":
        found = _diff_arguments(args[1:])
    else:
        found = (args[1], (), COLOR) if len(args) == 2 and args[1][:1] != "-" else None
    if found is None:
        return None
    ref, revs, color = found
    try:
        try:
            if command == "diff":
                work = _diff(ref, revs, color, severity)
            else:
                work = _log(ref, severity) if command == "log" else _show(ref)
            _paged(work)
        finally:  # a reader gone away is noticed here, not when the process exits
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`revtrack show x | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (Exception, KeyboardInterrupt) as exc:
        message, status = failure(exc)
        return fail(message, status)
    return int(ExitStatus.SUCCESS)


def _log(article: str, severity: str | None) -> Callable[[], None]:
    """``log ARTICLE``: its criteria read before anything is shown."""
    from revtrack.paths import store_location

    location = store_location(None)
    criteria = _criteria(location, severity)

    def work() -> None:
        from revtrack import track
        from revtrack.render.lines import write_log
        from revtrack.store import open_store

        started()
        history = track.article_log(lambda: open_store(location, write=False), article, criteria)
        write_log(history)
        damaged(history.damaged)

    return work


def _criteria(location: Location, severity: str | None) -> Criteria:
    """The criteria of the options' defaults: the configuration's least severity, unless the
    environment gives one."""
    from revtrack.models import Criteria, Severity
    from revtrack.times import parse_duration

    if severity is None:
        from revtrack.config import config_files, load

        found = load(location).defaults() if config_files(location) else {}  # (none: no class)
        severity = found.get("min_severity", MIN_SEVERITY)
    return Criteria(parse_duration(TOLERANCE), Severity(severity))


def _diff_arguments(args: list[str]) -> tuple[str, tuple[str, ...], str] | None:
    """``diff``'s article, revisions and colour, or None for what click is to read."""
    positional: list[str] = []
    color = COLOR
    rest = iter(args)
    for arg in rest:
        if arg == "--color" or arg.startswith("--color="):
            color = arg.partition("=")[2] if "=" in arg else next(rest, "")
            if color not in COLORS:
                return None
        elif arg.startswith("-"):
            return None
        else:
            positional.append(arg)
    if not positional:
        return None
    return positional[0], tuple(positional[1:]), color


def _diff(ref: str, revs: tuple[str, ...], color: str, severity: str | None) -> Callable[[], None]:
    """``diff ARTICLE [REV_A [REV_B]]``: the report on standard output, in the terminal's
    format."""
    from revtrack.paths import store_location

    location = store_location(None)
    criteria = _criteria(location, severity)

    def work() -> None:
        from revtrack import track
        from revtrack.noise import DiffOptions
        from revtrack.render import RenderOptions, render
        from revtrack.store import open_store

        started()
        report = track.compare(
            lambda: open_store(location, write=False),
            ref,
            revs,
            options=DiffOptions(),
            criteria=criteria,
        )
        look = RenderOptions(by=BY, context=CONTEXT, color=color)
        render("terminal", report, look, sys.stdout)
        damaged(report.damaged)

    return work


def _show(ref: str) -> Callable[[], None]:
    """``show ARTICLE[@REV]``: the stored text of a version."""
    from revtrack.paths import store_location

    location = store_location(None)

    def work() -> None:
        from revtrack import track
        from revtrack.render.lines import write_text
        from revtrack.store import open_store

        started()
        write_text(track.version(lambda: open_store(location, write=False), ref))

    return work


def damaged(problems: Sequence[Problem]) -> None:
    """End with an error naming the damaged versions a command went on without (status 5)."""
    if problems:
        from revtrack.check import damage_error

        raise damage_error(problems)


def on_terminal() -> bool:
    """Whether standard output is a terminal (not when it is gone or closed)."""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return isatty is not None and bool(isatty())
    except ValueError:  # closed
        return False


def _paged(work: Callable[[], None]) -> None:
    """``work`` with its output through the pager when standard output is a terminal."""
    if not on_terminal():
        return work()
    from revtrack.render.pager import pager_command, paging

    with paging(pager_command()):
        return work()


def failure(exc: Exception | KeyboardInterrupt) -> tuple[str, ExitStatus]:
    """The message and exit status a command that raised ``exc`` ends with (with
    ``REVTRACK_DEBUG`` set, an internal error is raised again, for its traceback)."""
    if isinstance(exc, RevtrackError):
        return exc.message, exc.exit_status
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", ExitStatus.INTERRUPTED
    if isinstance(exc, OSError):  # a full disk or a device that fails under the output
        return output_failure(exc), ExitStatus.INPUT_ERROR
    if os.environ.get("REVTRACK_DEBUG"):
        raise exc
    return (
        f"internal error: {type(exc).__name__}: {exc} (please report it; "
        "REVTRACK_DEBUG=1 shows the traceback)",
        ExitStatus.INTERNAL_ERROR,
    )


def fail(message: str, status: ExitStatus) -> int:
    """Print a one-line error on stderr (what the message quotes of the input is escaped: no
    control character or line break reaches the terminal); the exit status."""
    from revtrack.text import one_line

    if sys.stderr is not None:
        sys.stderr.write(f"Error: {one_line(message)}\n")
        sys.stderr.flush()
    return int(status)


def output_failure(exc: OSError) -> str:
    """What an operating system's refusal to write means: a named file, or else standard
    output (a full disk, a device that fails), which is then let go so that nothing more is
    tried on it."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"cannot write {exc.filename}: {reason}"
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError, AttributeError):  # what is still buffered
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # goes nowhere
    return f"cannot write standard output: {reason}"
