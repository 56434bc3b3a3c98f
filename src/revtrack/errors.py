"""One exception hierarchy with user-ready messages, and the exit statuses.

Every error a user can cause is a :class:`RevtrackError`; the CLI turns it into a one-line
message on stderr and its ``exit_status``. The numbers of :class:`ExitStatus` are part of the
interface (scripts and cron jobs test them) and never change.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit statuses, documented in the README."""

    SUCCESS = 0
    #: Only with ``--exit-code``: changes or differences were found.
    CHANGED = 1
    #: Bad command line: unknown option, malformed revision or time.
    USAGE = 2
    #: The input could not be read or is not acceptable article text; or the output could not
    #: be written (a full disk or device, an unwritable ``-o``, standard output that fails).
    INPUT_ERROR = 3
    #: The article or revision does not exist.
    NOT_FOUND = 4
    #: The store cannot be opened or written, does not exist (for a command that needs one), is
    #: damaged (for ``check``: anything found), or is not a valid revtrack store.
    STORE_ERROR = 5
    #: A page could not be fetched, or held no article text (for refresh: any article failed).
    FETCH_ERROR = 6
    #: Another refresh is running on the same store (and --wait was not given).
    BUSY = 7
    #: A bug in revtrack (reported in one line; REVTRACK_DEBUG=1 shows the traceback).
    INTERNAL_ERROR = 70
    #: Interrupted by the user (Ctrl-C).
    INTERRUPTED = 130


class RevtrackError(Exception):
    """Base of every error with a message fit for the user."""

    exit_status: ExitStatus = ExitStatus.INPUT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(RevtrackError):
    """A malformed argument that click itself cannot check (a revision, a time)."""

    exit_status = ExitStatus.USAGE


class IgnoreTimeout(RevtrackError):
    """An ignore pattern took too long on one sentence (catastrophic backtracking)."""

    exit_status = ExitStatus.USAGE


class ConfigError(RevtrackError):
    """A user's file of note formats cannot be read, or holds something wrong."""

    exit_status = ExitStatus.USAGE


class InputError(RevtrackError):
    """The snapshot to store cannot be read or is not article text."""

    exit_status = ExitStatus.INPUT_ERROR


class NotFoundError(RevtrackError):
    """An unknown article or a revision that does not exist."""

    exit_status = ExitStatus.NOT_FOUND


class StoreError(RevtrackError):
    """The store cannot be opened or written, or its content is invalid."""

    exit_status = ExitStatus.STORE_ERROR


class MissingStoreError(StoreError):
    """There is no store where one is named (``where``): nothing was ever added there, or it
    was moved or deleted (the two cannot be told apart once every trace of it is gone)."""

    def __init__(self, where: str, why: str = "does not exist") -> None:
        super().__init__(f"store {where} {why}")
        self.where = where


class FetchError(RevtrackError):
    """A page could not be fetched: the network, the server, or what it sent."""

    exit_status = ExitStatus.FETCH_ERROR


class ExtractionError(RevtrackError):
    """A page was fetched but holds no plausible article text."""

    exit_status = ExitStatus.FETCH_ERROR


class BusyError(RevtrackError):
    """Another refresh holds the store's refresh lock."""

    exit_status = ExitStatus.BUSY
