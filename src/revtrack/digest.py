"""SHA-256 from CPython's own module for short data, OpenSSL's for long data.

:mod:`hashlib` loads OpenSSL (``_hashlib``: some 2 ms of every command that imports it) to
offer every algorithm; revtrack hashes with SHA-256 alone (texts, cache keys, the engine's key),
which CPython also builds in a module of its own, with the same digests. That module is some 6
times slower (a 6 MB text: 47 ms against OpenSSL's 7 ms), so long data (:func:`hexdigest`) is
hashed by OpenSSL: a store's check or import of many long texts is not slowed down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:  # a Python built without them
            from hashlib import sha256

#: Data at least this long is hashed by OpenSSL's SHA-256 (loading it pays off by 64 KB).
LONG = 1 << 16


def hexdigest(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex digits: by OpenSSL when it is long."""
    if len(data) >= LONG:
        import hashlib

        return hashlib.sha256(data).hexdigest()
    return sha256(data).hexdigest()


__all__ = ["LONG", "hexdigest", "sha256"]
