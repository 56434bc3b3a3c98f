"""SHA-256 from CPython's own module, not OpenSSL's.

:mod:`hashlib` loads OpenSSL (``_hashlib``: some 2 ms of every command that imports it) to
offer every algorithm; revtrack hashes with SHA-256 alone (texts, cache keys, the engine's key),
which CPython also builds in a module of its own, with the same digests.
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

__all__ = ["sha256"]
