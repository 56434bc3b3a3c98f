"""The rich console and theme that terminal output is drawn with."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO

from rich.console import Console
from rich.theme import Theme

#: Every style revtrack uses, by name; renderers refer to these names only.
THEME = Theme(
    {
        "revtrack.insert": "bold green",
        "revtrack.delete": "red strike",
        "revtrack.moved": "blue",
        "revtrack.header": "bold",
        "revtrack.meta": "cyan",
        "revtrack.collapsed": "dim",
        "revtrack.revert": "yellow",
        "revtrack.number": "bold",
        "revtrack.paragraph": "dim",
        "revtrack.note": "magenta",
        "revtrack.finding": "bold yellow",
        "revtrack.damaged": "bold red",
        # what refresh's progress bar draws with (the theme inherits none of rich's styles)
        "bar.back": "grey23",
        "bar.complete": "magenta",
        "bar.finished": "green",
        "bar.pulse": "magenta",
        "progress.download": "green",
        "progress.elapsed": "yellow",
    },
    inherit=False,
)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (``revtrack log x | head``): the CLI stops quietly."""
        self.quiet = True
        raise BrokenPipeError


def make_console(
    color: str = "auto",
    *,
    file: IO[str] | None = None,
    stderr: bool = False,
    environ: Mapping[str, str] | None = None,
    width: int | None = None,
) -> Console:
    """A console for stdout (or stderr) that follows ``--color`` and the environment.

    ``--color always`` and ``never`` win; with ``auto``, a non-empty ``NO_COLOR`` turns colour
    off and a non-empty ``FORCE_COLOR`` turns it on; otherwise colour is used on a terminal.
    Without colour no escape code at all is written.
    """
    env = os.environ if environ is None else environ
    if color == "auto":
        if env.get("NO_COLOR"):
            color = "never"
        elif env.get("FORCE_COLOR"):
            color = "always"
    return _Console(
        file=file,
        stderr=stderr,
        theme=THEME,
        force_terminal={"always": True, "never": False}.get(color),
        color_system=None if color == "never" else "auto",
        no_color=False,  # decided above, so that --color always wins over NO_COLOR
        highlight=False,
        markup=False,
        emoji=False,
        width=width,
    )


def styled(console: Console) -> bool:
    """Whether the console shows styles; if not, changes are marked in plain text."""
    return console.color_system is not None and console.is_terminal
