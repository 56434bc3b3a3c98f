"""Read a snapshot's raw bytes from a file or standard input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from revtrack.errors import InputError, UsageError
from revtrack.lazy import compiled

DEFAULT_MAX_BYTES = 10 * 1000 * 1000
LARGEST_MAX_BYTES = 1000**3
STDIN = "-"

_SIZE = compiled(r"(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3}


@dataclass(frozen=True)
class RawSource:
    """The bytes of one snapshot and where they came from."""

    data: bytes
    kind: str  # "file" or "stdin"
    name: str  # the path as given, or "<stdin>"


def parse_size(text: str) -> int:
    """Parse a size such as ``10MB``, ``500k``, ``2MiB`` or ``1048576`` into bytes."""
    match = _SIZE.fullmatch(text.strip())
    shown = text if len(text) <= 60 else f"{text[:40]}... ({len(text):,} characters)"
    if match is None:
        raise UsageError(f"invalid size {shown!r}: use a number of bytes, or e.g. 500kB or 20MB")
    unit = (match.group(2) or "").lower()
    factor = (
        _UNITS[unit[:1]]
        if not unit.startswith(("ki", "mi", "gi"))
        else 1024 ** ("kmg".index(unit[0]) + 1)
    )
    size = float(match.group(1)) * factor  # inf for a number too long to be one
    if size > LARGEST_MAX_BYTES:
        raise UsageError(f"size {shown!r} is too large: the most revtrack reads is 1GB")
    return int(size)


def too_large(name: str, limit: int) -> str:
    """The message for an input or a page over the size limit."""
    return f"{name} is larger than the {limit:,} byte limit (raise it with --max-size)"


def read_source(
    spec: str, *, stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> RawSource:
    """Read ``spec`` (a path, or ``-`` for standard input) up to ``max_bytes``."""
    if spec == STDIN:
        if stdin is None:
            raise InputError("standard input is closed: give a file instead of -")
        data = stdin.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(too_large("standard input", max_bytes))
        return RawSource(data=data, kind="stdin", name="<stdin>")
    path = Path(spec)
    try:
        if path.is_dir():
            raise InputError(f"{spec} is a directory, not a file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{spec}: no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read {spec}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(too_large(spec, max_bytes))
    return RawSource(data=data, kind="file", name=spec)
