"""A key worked out from files, kept under what the files' status says of them.

The cache's engine key (:func:`revtrack.cache.engine`) is a hash of the package's source, some
800 KB read and hashed by every command that reads what the store keeps (about 3 ms). As
Python keeps a module's compiled code beside it under the source's time and size, the key is
kept in ``__pycache__/engine.TAG.key`` beside this module under the status of each file it was
worked out from (its inode, size, modification and change times: writing a file changes its
change time, which no tool sets back) and the other parts of the key, and read again while all
are unchanged: some 70 ``stat`` calls instead of the reading and hashing. A key worked out
while one of its files was written a moment before (within :data:`SETTLING` seconds: a
file's times are counted in clock ticks, and a second write in the same tick would leave them
as they were) is not kept; nothing is kept where Python writes no bytecode
(``PYTHONDONTWRITEBYTECODE``, a directory that may not be written).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence

from revtrack.digest import sha256

#: Where the key is kept, and the header of the file (the Python that wrote it).
KEY_FILE = os.path.join(
    os.path.dirname(__file__), "__pycache__", f"engine.{sys.implementation.cache_tag}.key"
)
#: A file changed less than this many seconds before its key is worked out leaves it unkept.
SETTLING = 2.0


def kept(
    parts: Sequence[str], files: Sequence[str], work_out: Callable[[], str | None]
) -> str | None:
    """``work_out()``, or what it gave before for the same ``parts`` and ``files`` (paths,
    which may be missing) in the same status."""
    try:
        signature, newest = _signature(parts, files)
    except (OSError, ValueError):
        return work_out()
    with contextlib.suppress(OSError, ValueError):
        with open(KEY_FILE, encoding="utf-8") as file:  # (ASCII, read by the codec already loaded)
            found, _, known = file.read().partition("\n")
        if found == signature and known:
            return known
    key = work_out()
    if key is not None and time.time() - newest > SETTLING and not sys.dont_write_bytecode:
        _write(f"{signature}\n{key}")
    return key


def _signature(parts: Sequence[str], files: Sequence[str]) -> tuple[str, float]:
    """A hash of the parts and of the files' status; the latest time one of them changed."""
    digest = sha256()
    newest = 0.0
    for part in parts:
        digest.update(part.encode() + b"\0")
    for path in files:
        try:
            status = os.stat(path)
        except FileNotFoundError:
            digest.update(f"{path}\0missing\0".encode())
            continue
        stamp = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        digest.update(f"{path}\0{stamp}\0".encode())
        newest = max(newest, status.st_mtime, status.st_ctime)
    return digest.hexdigest(), newest


def _write(text: str) -> None:
    """The file replaced whole (a reader finds the old or the new); nothing if it cannot be."""
    temporary = f"{KEY_FILE}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(KEY_FILE), exist_ok=True)
        with open(temporary, "w", encoding="ascii") as file:
            file.write(text)
        os.replace(temporary, KEY_FILE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
