"""Compression of version texts: each against its neighbour, the newest kept whole.

Successive versions of an article differ by little, so a version is compressed with zstd
using the *next* version's text as a raw-content dictionary: what the two share costs almost
nothing. Rebuilding an old version walks back from the newest one, which is stored alone.
Every ``KEYFRAME_INTERVAL``-th version is also stored alone, so no chain is longer than that,
and a row that is damaged costs at most the versions stored against it down to the keyframe
before it. The interval is a choice made when a version is stored (each row names how it is
stored), so stores written with another interval read as well.

A text stored alone is most of what a store holds, so it is compressed both with zstd and,
up to :data:`BZIP2_LIMIT`, with bzip2, which packs prose about a sixth tighter, and the
smaller is kept; each row names its codec.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from revtrack.errors import StoreError
from revtrack.lazy import zstandard_without_platform

if TYPE_CHECKING:  # (each codec is loaded when a text is coded with it)
    import zstandard

#: Codec names as stored in the database.
WHOLE = "zstd"
WHOLE_BZIP2 = "bz2"
AGAINST_NEXT = "zstd+next"
#: The codecs of a text stored alone, which no other row is needed to rebuild.
ALONE = (WHOLE, WHOLE_BZIP2)

#: One version in 64 is kept whole (stores written when it was 16 read the same): an article
#: with fewer versions has only its newest whole, and pays nothing for it. The whole texts are
#: nearly all of a store, so fewer of them is what keeps it small; a damaged row costs at most
#: the 63 versions stored against it, and a rebuild decodes at most 64 rows.
KEYFRAME_INTERVAL = 64
LEVEL = 12
#: bzip2 decodes about 45 MB of text a second, a twentieth of zstd's speed: a text stored
#: alone is tried with it only up to this size (about 3 ms to decode), so that rebuilding any
#: version stays within a few milliseconds.
BZIP2_LIMIT = 128 * 1024


def _dictionary(base: bytes) -> zstandard.ZstdCompressionDict:
    zstandard_without_platform()
    import zstandard

    return zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


#: The most a long text's compression tables take (2^22 entries each), and the widest window
#: a text is compressed with (2^27 bytes: what zstd decoders accept unless told otherwise).
_TABLES_LOG, _WINDOW_LOG = 22, 27


def compress(data: bytes, base: bytes | None = None) -> bytes:
    """Compress ``data`` with zstd, against ``base`` (the next version's text) when given.

    A long text (megabytes) is compressed with a window that reaches back over all of
    ``base`` too, or its matches in ``base`` would be out of reach, and with tables of a
    bounded size: at level 12 they would take over ten times the text in memory."""
    zstandard_without_platform()
    import zstandard

    reach = len(data) + (len(base) if base is not None else 0)
    params = zstandard.ZstdCompressionParameters.from_level(
        LEVEL, source_size=len(data), dict_size=len(base) if base is not None else 0
    )
    if reach > 1 << params.window_log:
        params = zstandard.ZstdCompressionParameters.from_level(
            LEVEL,
            source_size=len(data),
            dict_size=len(base) if base is not None else 0,
            window_log=min(_WINDOW_LOG, (reach - 1).bit_length()),
            hash_log=min(params.hash_log, _TABLES_LOG),
            chain_log=min(params.chain_log, _TABLES_LOG),
        )
    dictionary = _dictionary(base) if base is not None else None
    return zstandard.ZstdCompressor(compression_params=params, dict_data=dictionary).compress(data)


def compress_alone(data: bytes) -> tuple[str, bytes]:
    """A text to be stored alone: its codec (one of :data:`ALONE`) and its body, the smaller
    of zstd's and (up to :data:`BZIP2_LIMIT`) bzip2's."""
    body = compress(data)
    if len(data) <= BZIP2_LIMIT:
        import bz2

        packed = bz2.compress(data, 9)
        if len(packed) < len(body):
            return WHOLE_BZIP2, packed
    return WHOLE, body


#: A text this long (some 160,000 words) is compressed alone in a thread of its own while
#: the write goes on (its words counted and indexed, the version before compressed against
#: it): zstd lets go of the interpreter while it works, and at level 12 a 6 MB text takes
#: half a second.
LONG = 1 << 20


#: A text's codec and body, when asked for (see :func:`compress_alone_later`).
Alone = Callable[[], tuple[str, bytes]]


def compress_alone_later(data: bytes) -> Alone:
    """:func:`compress_alone` of ``data``, given by the function returned: worked out in a
    thread meanwhile when ``data`` is long, else when asked."""
    if len(data) < LONG:
        return lambda: compress_alone(data)
    import threading

    done: list[tuple[str, bytes]] = []

    def work() -> None:
        with contextlib.suppress(Exception):  # (then compressed when asked, or it fails then)
            done.append(compress_alone(data))

    thread = threading.Thread(target=work, name="compress", daemon=True)
    thread.start()

    def given() -> tuple[str, bytes]:
        thread.join()
        return done[0] if done else compress_alone(data)

    return given


def decompress(blob: bytes, base: bytes | None = None) -> bytes:
    """Inverse of :func:`compress`; raises :class:`StoreError` on damaged data.

    Texts stay bytes along a chain: only the version asked for is decoded and hashed.
    """
    zstandard_without_platform()
    import zstandard

    try:
        if base is None:
            decompressor = zstandard.ZstdDecompressor()
        else:
            decompressor = zstandard.ZstdDecompressor(dict_data=_dictionary(base))
        return decompressor.decompress(blob)
    except zstandard.ZstdError as exc:
        raise StoreError(f"its text cannot be decompressed (zstd: {exc})") from exc


def decode(kind: str, blob: bytes, base: bytes | None = None) -> bytes:
    """The text of a row stored with codec ``kind`` (``base``: the next version's text, for
    :data:`AGAINST_NEXT`); raises :class:`StoreError` on damaged data."""
    if kind != WHOLE_BZIP2:
        return decompress(blob, base)
    import bz2

    try:
        decompressor = bz2.BZ2Decompressor()
        data = decompressor.decompress(blob)
    except (OSError, ValueError) as exc:
        raise StoreError(f"its text cannot be decompressed (bzip2: {exc})") from exc
    if not decompressor.eof or decompressor.unused_data:
        raise StoreError("its text cannot be decompressed (bzip2: the stream is cut short)")
    return data


def codec_for(number: int) -> str:
    """How a version that is no longer the newest is stored (:data:`WHOLE` stands for either
    codec of a text stored alone, see :func:`compress_alone`)."""
    return WHOLE if number % KEYFRAME_INTERVAL == 0 else AGAINST_NEXT
