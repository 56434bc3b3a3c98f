"""Where lines of output go: written as plain text when the stream surely shows no colour (rich
is not even loaded, as from cron or in a pipe), else drawn on a rich console with revtrack's
theme. A line is a list of ``(text, style)`` segments (:data:`revtrack.render.layout.Line`);
its text is escaped already.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING

from revtrack.render.layout import Line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def plain(color: str, out: IO[str], environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``out`` surely shows no colour, as :func:`~revtrack.render.console.make_console`
    would decide: ``--color never``, or ``auto`` with ``NO_COLOR`` set, or not a terminal
    (and neither ``FORCE_COLOR`` nor ``TTY_COMPATIBLE`` set)."""
    env = os.environ if environ is None else environ
    if color != "auto":
        return color == "never"
    if env.get("NO_COLOR"):
        return True
    if env.get("FORCE_COLOR") or env.get("TTY_COMPATIBLE"):
        return False
    isatty = getattr(out, "isatty", None)
    return not (isatty is not None and isatty())


class Output:
    """Lines to one stream (standard output, or standard error), coloured as ``color`` says."""

    def __init__(self, out: IO[str] | None = None, color: str = "auto", *, stderr: bool = False):
        self.stream = out or (sys.stderr if stderr else sys.stdout)
        self.color = color
        self.stderr = stderr
        self.plain = plain(color, self.stream)
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The rich console of the stream, made when first needed."""
        if self._console is None:
            from revtrack.render.console import make_console

            self._console = make_console(self.color, file=self.stream, stderr=self.stderr)
        return self._console

    def lines(self, lines: Iterable[Line]) -> None:
        """Write the lines, and flush them: each appears as it is written, in its order with
        the other stream's, and a reader gone away is noticed here."""
        lines = list(lines)
        tabs = any("\t" in text for line in lines for text, _ in line)
        if self.plain and not tabs:
            self.stream.writelines("".join(text for text, _ in line) + "\n" for line in lines)
        elif tabs or self.stderr or self.console.legacy_windows:
            # (rich expands a tab to the next column of eight, counted in cells; and keeps
            # what is written to standard error above a progress bar drawn there)
            self.console.print(_joined(lines), soft_wrap=True)
        else:
            self.stream.write(_styled(self.console, lines))
        self.stream.flush()

    def line(self, line: Line) -> None:
        self.lines([line])


def _joined(lines: list[Line]) -> Text:
    """The lines as one rich text, drawn in one go."""
    from rich.text import Text

    text = Text(end="")
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        for segment, style in line:
            text.append(segment, style)
    return text


def _styled(console: Console, lines: list[Line]) -> str:
    """The lines as ``console`` draws them (``print(Text.assemble(*line), soft_wrap=True)``
    each), written as plain strings between each style's escape codes, which the console
    draws once: rich's drawing, a line at a time, took a second for 10,000 lines."""
    codes: dict[str, tuple[str, str]] = {}
    drawn: list[str] = []
    for line in lines:
        for text, style in line:
            if not text:  # (rich draws nothing for an empty segment, not even its codes)
                continue
            if style not in codes:
                codes[style] = _codes(console, style)
            before, after = codes[style]
            drawn += (before, text, after)
        drawn.append("\n")
    return "".join(drawn)


#: A character that no style changes, drawn in a style to see the codes around it.
_PROBE = "\ue000"


def _codes(console: Console, style: str) -> tuple[str, str]:
    """What ``console`` writes before and after a text in ``style``."""
    from rich.text import Text

    with console.capture() as capture:
        console.print(Text(_PROBE, style=style), end="", soft_wrap=True)
    before, _, after = capture.get().partition(_PROBE)
    return before, after
