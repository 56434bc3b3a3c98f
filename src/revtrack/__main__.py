"""The ``revtrack`` command (``python -m revtrack``, and the installed script).

``revtrack --version`` alone is answered here, before the command line is loaded (click and
the commands cost several times Python's own start-up), with the very line that click's
``--version`` prints; everything else goes to :data:`revtrack.cli.cli`.
"""

from __future__ import annotations

import io
import os
import sys

from revtrack import __version__

#: The line ``revtrack --version`` prints (click's ``version_option`` message).
VERSION_LINE = f"revtrack, version {__version__}\n"


def _version_at_once(args: list[str]) -> bool:
    """Print the version if ``args`` ask for it alone, as click would; False to let click do
    whatever else is asked (shell completion too), or when standard output is not there or
    refuses the line (click then says so, as for any output)."""
    if args not in (["--version"], ["-V"]) or "_REVTRACK_COMPLETE" in os.environ:
        return False
    if sys.stdout is None:
        return False
    try:
        sys.stdout.write(VERSION_LINE)
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
    if _version_at_once(sys.argv[1:]):
        return
    _escaping_output()
    from revtrack.cli import cli

    cli(prog_name="revtrack")


if __name__ == "__main__":
    main()
