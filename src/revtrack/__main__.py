"""The ``revtrack`` command (``python -m revtrack``, and the installed script).

``revtrack --version`` and ``revtrack --help`` alone are answered here, before the command
line is loaded (click and the commands cost several times Python's own start-up), with the
very text that click prints (the help when it is kept for the width click would fold it at:
see :mod:`revtrack.helptext`); ``log``, ``show`` and ``diff`` with their arguments alone are
run without click (see :mod:`revtrack.direct`); everything else goes to :data:`revtrack.cli.cli`.
"""

from __future__ import annotations

import io
import os
import sys
import types
from typing import Any

from revtrack import __version__
from revtrack.helptext import kept

#: The line ``revtrack --version`` prints (click's ``version_option`` message).
VERSION_LINE = f"revtrack, version {__version__}\n"


def _at_once(args: list[str]) -> bool:
    """Print the version or the help if ``args`` ask for it alone, as click would; False to
    let click do whatever else is asked (shell completion too), or when standard output is
    not there or refuses the text (click then says so, as for any output)."""
    if "_REVTRACK_COMPLETE" in os.environ or sys.stdout is None:
        return False
    if args not in (["--version"], ["-V"], ["--help"], ["-h"]):
        return False
    try:
        text = VERSION_LINE if args[0] in ("--version", "-V") else kept()
        if text is None:
            return False
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError:
        return False
    return True


def _escaping_output() -> None:
    """Standard output in an encoding that cannot hold every character (``LANG=C``
    ``PYTHONIOENCODING=ascii``) writes those it cannot as escapes (``\\xfc``), as standard
    error does, instead of failing on an article's name or text."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        stream.reconfigure(errors="backslashreplace")


class _OnFirstUse(types.ModuleType):
    """A module imported when one of its attributes is first read."""

    def __getattr__(self, name: str) -> Any:
        return getattr(__import__(self.__name__), name)


def _dataclasses_without_inspect() -> None:
    """Import :mod:`dataclasses` with :mod:`inspect` loaded only when it is used.

    ``dataclasses`` imports ``inspect`` (which loads ``ast``, ``dis`` and ``tokenize``: some 5
    ms of every command) for one thing, the docstring it writes for a class that has none,
    from the signature; revtrack's classes have theirs. Its name for the module is a stand-in
    that imports ``inspect`` when the signature is asked for; the stand-in is seen by
    ``dataclasses`` alone (any other import of ``inspect`` loads the module).
    """
    if "dataclasses" in sys.modules or "inspect" in sys.modules:
        return
    stand_in = sys.modules["inspect"] = _OnFirstUse("inspect")
    try:
        import dataclasses  # noqa: F401
    finally:
        if sys.modules.get("inspect") is stand_in:
            del sys.modules["inspect"]


def main() -> None:
    if _at_once(sys.argv[1:]):
        return
    _escaping_output()
    _dataclasses_without_inspect()
    from revtrack.direct import run

    status = run(sys.argv[1:])
    if status is not None:
        sys.exit(status)
    from revtrack.cli import cli

    cli(prog_name="revtrack")


if __name__ == "__main__":
    main()
