"""The options of a report on a terminal: a pager (``--no-pager``) and the width it is folded
at (``--width``). They use no helper of the command line's, so that it imports them first."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

from revtrack.direct import on_terminal

F = TypeVar("F", bound=Callable[..., Any])

#: Where ``--no-pager`` is remembered for the command that runs (in its context's ``meta``).
NO_PAGER = "revtrack.no_pager"


def _no_pager(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[NO_PAGER] = True


def no_pager_option(func: F) -> F:
    """``-P``/``--no-pager``, an option of ``revtrack`` itself (as of ``git``)."""
    return click.option(
        "-P",
        "--no-pager",
        is_flag=True,
        expose_value=False,
        callback=_no_pager,
        help="Do not page a report. On a terminal, diff, log, notes, show and blame go through "
        "$REVTRACK_PAGER, else $PAGER, else less (LESS=FRX unless set); an empty pager or cat "
        "is none.",
    )(func)


def width_option(func: F) -> F:
    return click.option(
        "--width",
        type=click.IntRange(min=0),
        metavar="COLUMNS",
        help="Fold paragraphs at this many columns, words whole (0: never). Default: on a "
        "terminal, its width or $COLUMNS; in a pipe or a file, a paragraph is one line.",
    )(func)


def paged(func: F) -> F:
    """The command shows its report through a pager (see :mod:`revtrack.render.pager`)
    when standard output is a terminal, unless ``--no-pager``, ``--json`` or ``--output``
    (other than ``-``) says otherwise."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        if not _wants_pager(kwargs):
            return func(*args, **kwargs)
        from revtrack.render.pager import pager_command, paging

        with paging(pager_command()):
            return func(*args, **kwargs)

    return cast(F, command)


def _wants_pager(options: dict[str, Any]) -> bool:
    if click.get_current_context().meta.get(NO_PAGER):
        return False
    if options.get("as_json") or options.get("raw") or options.get("output_format") == "json":
        return False
    return options.get("output", "-") == "-" and on_terminal()
