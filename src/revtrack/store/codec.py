"""Compression of version texts: each against its neighbour, the newest kept whole.

Successive versions of an article differ by little, so a version is compressed with zstd
using the *next* version's text as a raw-content dictionary: what the two share costs almost
nothing. Rebuilding an old version walks back from the newest one, which is stored alone.
Every ``KEYFRAME_INTERVAL``-th version is also stored alone, so no chain is longer than that,
and a row that is damaged costs at most the versions stored against it down to the keyframe
before it. The interval is a choice made when a version is stored (each row names how it is
stored), so stores written with another interval read as well.
"""

from __future__ import annotations

import zstandard

from revtrack.errors import StoreError

#: Codec names as stored in the database.
WHOLE = "zstd"
AGAINST_NEXT = "zstd+next"

#: One version in 16 is kept whole (stores written when it was 64 read the same): an article
#: with fewer versions has only its newest whole, and pays nothing for it.
KEYFRAME_INTERVAL = 16
LEVEL = 12


def _dictionary(base: bytes) -> zstandard.ZstdCompressionDict:
    return zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


def compress(data: bytes, base: bytes | None = None) -> bytes:
    """Compress ``data``, against ``base`` (the next version's text) when given."""
    if base is None:
        compressor = zstandard.ZstdCompressor(level=LEVEL)
    else:
        compressor = zstandard.ZstdCompressor(level=LEVEL, dict_data=_dictionary(base))
    return compressor.compress(data)


def decompress(blob: bytes, base: bytes | None = None) -> bytes:
    """Inverse of :func:`compress`; raises :class:`StoreError` on damaged data.

    Texts stay bytes along a chain: only the version asked for is decoded and hashed.
    """
    try:
        if base is None:
            decompressor = zstandard.ZstdDecompressor()
        else:
            decompressor = zstandard.ZstdDecompressor(dict_data=_dictionary(base))
        return decompressor.decompress(blob)
    except zstandard.ZstdError as exc:
        raise StoreError(f"its text cannot be decompressed (zstd: {exc})") from exc


def codec_for(number: int) -> str:
    """How a version that is no longer the newest is stored."""
    return WHOLE if number % KEYFRAME_INTERVAL == 0 else AGAINST_NEXT
