"""Turn a source's raw bytes into article text, checked and normalised."""

from __future__ import annotations

import codecs

from revtrack.errors import InputError, UsageError
from revtrack.models import Snapshot
from revtrack.sources import RawSource
from revtrack.text import normalize

DEFAULT_ENCODING = "utf-8"


def check_encoding(name: str) -> str:
    """Return the canonical name of an encoding, or raise :class:`UsageError`."""
    try:
        # Refuses codecs that are not text encodings (base64, rot13, ...).
        b"a".decode(name, "ignore")
        return codecs.lookup(name).name
    except LookupError:
        raise UsageError(f"unknown text encoding {name!r}") from None
    except (UnicodeError, ValueError) as exc:
        raise UsageError(f"encoding {name!r} cannot be used for text: {exc}") from None


def decode(raw: RawSource, encoding: str = DEFAULT_ENCODING) -> str:
    """Decode bytes as ``encoding``, refusing binary data with a message that says why."""
    encoding = check_encoding(encoding)
    if "\x00".encode(encoding, errors="ignore") == b"\x00" and b"\x00" in raw.data:
        raise InputError(
            f"{raw.name} looks like a binary file: NUL byte at offset {raw.data.index(0)} "
            "(for UTF-16 text use --encoding utf-16)"
        )
    # A UTF-8 byte order mark is not part of the text.
    skip = (
        len(codecs.BOM_UTF8) if encoding == "utf-8" and raw.data.startswith(codecs.BOM_UTF8) else 0
    )
    try:
        text = raw.data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise InputError(
            f"{raw.name} is not valid {encoding}: byte 0x{raw.data[offset]:02x} at offset "
            f"{offset} (choose the encoding with --encoding, e.g. --encoding latin-1)"
        ) from None
    if "\x00" in text:
        raise InputError(f"{raw.name} looks like a binary file: it contains NUL characters")
    return text


def extract(raw: RawSource, *, encoding: str = DEFAULT_ENCODING) -> Snapshot:
    """The article text of a source: decoded, normalised, and not empty."""
    text = normalize(decode(raw, encoding))
    if not text:
        raise InputError(f"{raw.name} is empty: there is no text to store")
    return Snapshot(text=text, source=raw.kind)
