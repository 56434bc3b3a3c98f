"""The help of ``revtrack`` itself, kept as click writes it, so that ``revtrack --help`` is
answered before click is loaded (importing click alone costs several times Python's start-up).

Click folds the help at the terminal's columns (as :func:`shutil.get_terminal_size` reads them:
``COLUMNS``, else the terminal of standard output, else 80), at most
:data:`MAX_CONTENT_WIDTH`, less 2, and never under 50. The text of each width in
:data:`KEPT_WIDTHS` is kept in ``help/WIDTH.txt``: 78 is output piped or an 80-column
terminal, 98 a terminal of 100 columns or more; for any other width click writes the help.
``python tests/help_text.py`` rewrites the files, and a test checks that they are what click
writes.
"""

from __future__ import annotations

import os
import sys

#: The widest the help is folded at (the top-level group's ``max_content_width``).
MAX_CONTENT_WIDTH = 100
#: The widths whose help is kept.
KEPT_WIDTHS = (78, 98)
#: Where the kept texts are.
HELP_DIR = os.path.join(os.path.dirname(__file__), "help")


def columns() -> int:
    """The terminal's columns, as :func:`shutil.get_terminal_size` reads them."""
    try:
        found = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        found = 0
    if found > 0:
        return found
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def width() -> int:
    """The width click folds the help at."""
    return max(min(columns(), MAX_CONTENT_WIDTH) - 2, 50)


def path(width: int) -> str:
    """The file that keeps the help folded at ``width``."""
    return os.path.join(HELP_DIR, f"{width}.txt")


def kept() -> str | None:
    """The help as click would write it here and now, if it is kept (else None)."""
    folded = width()
    if folded not in KEPT_WIDTHS:
        return None
    with open(path(folded), encoding="utf-8", newline="") as file:
        return file.read()
