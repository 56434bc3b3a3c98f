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


def main() -> None:
    if _at_once(sys.argv[1:]):
        return
    _escaping_output()
    from revtrack.lazy import dataclasses_without_inspect, started, starting

    starting()
    try:
        dataclasses_without_inspect()
        from revtrack.direct import run

        status = run(sys.argv[1:])  # (started once the command's modules are loaded)
        if status is not None:
            sys.exit(status)
        from revtrack.cli import cli

        started()
        cli(prog_name="revtrack")
    finally:
        started()


if __name__ == "__main__":
    main()
