"""A report on a terminal shown through a pager, as git shows its own.

The pager is ``$REVTRACK_PAGER``, else ``$PAGER``, else ``less``; set empty or to ``cat``, it
is none, and so is ``less`` where it is not installed. ``LESS`` defaults to ``FRX`` (quit if
the report fits on one screen, pass colours through, leave the screen as it is) and ``LV`` to
``-c``, when they are not set. While it pages, standard output is the pager's input; it still
counts as a terminal, since what is written there shows on one (in colour, folded at the
terminal's width). A pager that the reader quits early is no error: the rest of the report
goes nowhere, and the command ends with the status it would have had.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping

#: The pager when neither variable names one.
DEFAULT_PAGER = "less"
#: What the pager's environment gets when it does not say otherwise (as git sets them).
PAGER_DEFAULTS = {"LESS": "FRX", "LV": "-c"}
#: Characters that make a pager command one for the shell (git's list).
_SHELL = frozenset("|&;<>()$`\\\"' \t\n*?[#~=%")


def pager_command(environ: Mapping[str, str] | None = None) -> str | None:
    """The pager command the environment asks for, or ``None`` for no pager:
    ``REVTRACK_PAGER``, else ``PAGER``, else ``less``; empty, or ``cat``, is no pager."""
    env = os.environ if environ is None else environ
    command = env.get("REVTRACK_PAGER")
    if command is None:
        command = env.get("PAGER", DEFAULT_PAGER)
    command = command.strip()
    return None if command in ("", "cat") else command


class _ToPager(io.TextIOWrapper):
    """Standard output while a pager shows it: a terminal's, read through the pager. Once the
    reader has quit the pager, what is written goes nowhere, and the command ends as it
    would have (with its status, its errors)."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except BrokenPipeError:
            self._discard()
            return len(text)

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            self._discard()
            super().flush()

    def _discard(self) -> None:
        """From now on, write to nowhere what the pager no longer reads."""
        nowhere = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nowhere, self.buffer.fileno())
        finally:
            os.close(nowhere)


def start_pager(
    command: str, environ: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes] | None:
    """The pager started with its input a pipe, or ``None`` if its program is not found.
    A command with a space or another shell character is run by the shell, as git does."""
    env = dict(os.environ if environ is None else environ)
    for name, value in PAGER_DEFAULTS.items():
        env.setdefault(name, value)
    shell = any(char in _SHELL for char in command)
    if not shell and shutil.which(command) is None:
        return None
    try:
        return subprocess.Popen(
            command if shell else [command], stdin=subprocess.PIPE, shell=shell, env=env
        )
    except OSError:
        return None


@contextlib.contextmanager
def paging(command: str | None) -> Iterator[None]:
    """Standard output through the pager ``command`` (see :func:`start_pager`) while the
    context lasts; at its end, the pager is waited for. Without a pager, nothing changes."""
    process = start_pager(command) if command else None
    if process is None or process.stdin is None:
        yield
        return
    terminal = sys.stdout
    sys.stdout = _ToPager(
        process.stdin,
        encoding=getattr(terminal, "encoding", None) or "utf-8",
        errors=getattr(terminal, "errors", None) or "strict",
    )
    try:
        yield
    finally:
        pager, sys.stdout = sys.stdout, terminal
        _close(pager, process)


def _close(stream: io.TextIOWrapper, process: subprocess.Popen[bytes]) -> None:
    """Let the pager see the end of its input, then wait until the reader quits it (an
    interrupt, which reaches the pager too, does not leave it behind)."""
    with contextlib.suppress(OSError, ValueError):  # the reader quit before the end
        stream.close()
    if process.stdin is not None:
        with contextlib.suppress(OSError, ValueError):
            process.stdin.close()
    while True:
        try:
            process.wait()
        except KeyboardInterrupt:
            continue
        return
