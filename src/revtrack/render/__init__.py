"""Renderers: each turns a report model into one output format.

A change report has one renderer per format, each a module with a ``write_report`` function
that reads only the :class:`~revtrack.models.ChangeReport` and writes to a text stream. Only
this package imports rich, and only the modules that draw on a console do. Consoles are built
per call, never at import time; a format's module is imported only when it is used.
"""

from __future__ import annotations

import importlib
from typing import IO

from revtrack.frozen import dataclass
from revtrack.models import ChangeReport

#: The modules that render a change report, by format name.
RENDERERS = {
    "terminal": "revtrack.render.terminal",
    "json": "revtrack.render.json",
    "markdown": "revtrack.render.markdown",
    "html": "revtrack.render.html",
    "patch": "revtrack.render.patch",
}


@dataclass(frozen=True)
class RenderOptions:
    """How a change report is shown (each format uses what applies to it)."""

    by: str = "word"  # the unit a change is shown in: word, sentence or paragraph
    context: int = 1  # unchanged paragraphs kept around each change
    utc: bool = False  # times in UTC rather than local time
    stat: bool = False  # the summary alone
    color: str = "auto"  # terminal: auto, always or never
    width: int | None = None  # terminal: fold at this many cells (0: never; None: a terminal's)


def render(format_name: str, report: ChangeReport, options: RenderOptions, out: IO[str]) -> None:
    """Write ``report`` to ``out`` in the format ``format_name`` (a key of RENDERERS)."""
    module = importlib.import_module(RENDERERS[format_name])
    module.write_report(report, options, out)
