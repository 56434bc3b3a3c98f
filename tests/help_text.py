"""The help of ``revtrack`` itself as click writes it, kept for the widths that
:mod:`revtrack.helptext` answers before click is loaded.

``python tests/help_text.py`` rewrites ``src/revtrack/help/WIDTH.txt``;
``tests/test_startup.py`` checks that the files are what this script makes.
"""

from __future__ import annotations

import click.formatting

from revtrack.cli import cli
from revtrack.helptext import KEPT_WIDTHS, path


def render(width: int) -> str:
    """What ``revtrack --help`` prints when click folds it at ``width``."""
    forced = click.formatting.FORCED_WIDTH
    click.formatting.FORCED_WIDTH = width
    try:
        context = click.Context(cli, info_name="revtrack", **cli.context_settings)
        return context.get_help() + "\n"
    finally:
        click.formatting.FORCED_WIDTH = forced


def main() -> None:
    for width in KEPT_WIDTHS:
        with open(path(width), "w", encoding="utf-8", newline="") as file:
            file.write(render(width))


if __name__ == "__main__":
    main()
