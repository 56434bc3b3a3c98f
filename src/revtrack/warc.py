"""Raw captures written as a WARC file (ISO 28500, WARC/1.1), the archive format that replay
tools (pywb, ReplayWeb.page) and the web archives read, and the pages of WARC files read back
(``import --warc``): the only module that imports warcio.

The file starts with a ``warcinfo`` record naming revtrack; then each version's capture is a
``response`` record: ``WARC-Target-URI`` the final URL after redirects, ``WARC-Date`` the time
it was fetched, and a block that is the HTTP response as received: its status line, the
headers kept (:data:`revtrack.raw.KEPT_HEADERS`, with ``Content-Encoding`` when the body is
still encoded, so that a replay decodes it), a ``Content-Length`` of the body, and the body's
bytes as they came. Two versions with the same page are two records, each at its own time.
Named ``*.gz``, the file is gzipped record by record (``.warc.gz``), as the tools expect.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from revtrack.errors import FetchError, InputError

if TYPE_CHECKING:
    from revtrack.fetch import Page
    from revtrack.raw import CapturedVersion, RawCapture

WARC_VERSION = "1.1"


def http_block(capture: RawCapture) -> bytes:
    """The HTTP response of a capture, as a WARC ``response`` record holds it."""
    lines = [f"{capture.protocol} {capture.status} {capture.reason}".rstrip()]
    lines += [f"{name}: {value}" for name, value in capture.headers]
    lines.append(f"Content-Length: {len(capture.body)}")
    head = "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("latin-1", errors="replace") + capture.body


def write_warc(path: Path, captured: Sequence[CapturedVersion]) -> None:
    """Write ``captured`` to the WARC file at ``path``, whole or not at all."""
    directory = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write_records(stream, captured, gzip=path.name.endswith(".gz"), name=path.name)
        os.replace(temporary, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_records(
    stream: BinaryIO, captured: Sequence[CapturedVersion], *, gzip: bool, name: str = ""
) -> None:
    """The records of a WARC file: ``warcinfo``, then a ``response`` for each capture."""
    from importlib.metadata import version

    from warcio.timeutils import datetime_to_iso_date
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(stream, gzip=gzip, warc_version=WARC_VERSION)
    info = {
        "software": f"revtrack/{version('revtrack')}",
        "format": f"WARC File Format {WARC_VERSION}",
        "conformsTo": "https://iso.org/standard/68004.html",
        "description": "Raw captures of news articles' versions, as revtrack fetched them",
    }
    writer.write_record(writer.create_warcinfo_record(name, info))
    for each in captured:
        capture = each.capture
        block = http_block(capture)
        moment = capture.fetched_at.astimezone(UTC).replace(tzinfo=None)  # (as warcio takes it)
        record = writer.create_warc_record(
            capture.url,
            "response",
            payload=io.BytesIO(block),
            length=len(block),
            warc_headers_dict={
                "WARC-Date": datetime_to_iso_date(moment, use_micros=True),
                "WARC-Identified-Payload-Type": _payload_type(capture),
            },
        )
        writer.write_record(record)


def _payload_type(capture: RawCapture) -> str:
    kind = (capture.header("content-type") or "application/octet-stream").split(";")[0]
    return kind.strip().lower() or "application/octet-stream"


# --- reading -----------------------------------------------------------------------------

#: The content types of the pages an article is taken from.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Why a record that holds a capture is not imported.
NOT_HTML, NOT_200, REVISIT = "not HTML", "not status 200", "revisits"


@dataclass(frozen=True)
class WarcResponse:
    """Where a ``response`` record of a web page is: its URL, its time, its file and
    offset."""

    url: str  # WARC-Target-URI
    at: datetime  # WARC-Date
    path: str
    offset: int


def scan(paths: Sequence[str]) -> tuple[list[WarcResponse], Counter[str]]:
    """The ``response`` records of web pages fetched with status 200 in the WARC files
    ``paths`` (gzipped or not), in the files' order; and the records of captures skipped, by
    why (:data:`NOT_HTML`, :data:`NOT_200`, :data:`REVISIT`). Other records (requests,
    metadata, ``warcinfo``) are no captures."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found: list[WarcResponse] = []
    skipped: Counter[str] = Counter()
    for path in paths:
        records: Any = None
        try:
            with open(path, "rb") as stream:
                records = ArchiveIterator(stream, arc2warc=True)
                records.INC_RECORD = ""  # (warcio's warning, in lines on stderr: said below)
                end = 0  # of the last record read
                for record in _records(records, path):
                    if records.err_count:  # what follows a record is not where it should be
                        raise InputError(f"{path}: {_BAD_LENGTH}")
                    end = sum(records.member_info)
                    why = _skipped(record)
                    if why is not None:
                        skipped.update([why] if why else [])
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    at = _date(path, record.rec_headers.get_header("WARC-Date"))
                    found.append(WarcResponse(url, at, path, records.get_record_offset()))
                if records.err_count:  # (the last record's)
                    raise InputError(f"{path}: {_BAD_LENGTH}")
                if not _ends_whole(stream, records.member_info if end else None):
                    raise InputError(f"{path}: {_CUT_SHORT}")
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
        except ArchiveLoadFailed as exc:
            bad_length = records is not None and records.err_count
            reason = _BAD_LENGTH if bad_length else f"not a WARC file ({exc.msg})"
            raise InputError(f"{path}: {reason}") from None
        except OverflowError:  # a length of 40 digits
            raise InputError(f"{path}: {_BAD_LENGTH}") from None
    return found, skipped


def _records(records: Any, path: str) -> Iterator[Any]:
    """The records warcio reads, each read to its end; its failures on a damaged record, and
    a record whose content ends before its length, said as one error."""
    import zlib

    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
            records.read_to_end()
        except StopIteration:
            return
        except (AttributeError, TypeError, ValueError, IndexError, KeyError, zlib.error):
            raise InputError(f"{path}: {_DAMAGED}") from None  # (headers missing or garbled)
        if record.length is None:  # no Content-Length: headers cut short (or none written)
            raise InputError(f"{path}: {_DAMAGED}")
        if getattr(record.raw_stream, "limit", 0):  # its content ends early
            raise InputError(f"{path}: {_CUT_SHORT}")
        yield record


def _ends_whole(stream: BinaryIO, last: tuple[int, int] | None) -> bool:
    """Whether a WARC file ends with its ``last`` record (offset, length) whole: a gzipped
    member ended, a plain record followed by its blank line; nothing but blank lines after."""
    import zlib

    offset, length = last or (0, 0)
    stream.seek(offset)
    if last is not None and stream.read(2) == b"\x1f\x8b":
        stream.seek(offset)
        member, tail = zlib.decompressobj(16 + zlib.MAX_WBITS), b""
        for start in range(0, length, _TAIL):
            tail = (tail + member.decompress(stream.read(min(_TAIL, length - start))))[-4:]
        return member.eof and tail.endswith(b"\n\r\n") and not stream.read(_TAIL).strip()
    stream.seek(offset + length)
    after = stream.read(_TAIL)
    return not after.strip() and (last is None or after.count(b"\n") >= 2)


_BAD_LENGTH = "not a WARC file (a record's length is not that of its content)"
_DAMAGED = "not a WARC file (a record's headers are damaged or cut short)"
_CUT_SHORT = "the file ends inside a record (cut short): nothing imported"
_TAIL = 1 << 16  # bytes read past the last whole record: blank lines are all there should be


def _skipped(record: Any) -> str | None:
    """Why a record is not a capture to import (empty: it is no capture at all)."""
    if record.rec_type == "revisit":
        return REVISIT
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type != "response" or not url.lower().startswith(("http://", "https://")):
        return ""
    if record.http_headers is None:
        return ""
    if record.http_headers.get_statuscode() != "200":
        return NOT_200
    kind = (record.http_headers.get_header("content-type") or "").split(";")[0]
    return None if kind.strip().lower() in HTML_TYPES else NOT_HTML


def _date(path: str, text: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        raise InputError(f"{path}: a response record with no valid WARC-Date ({text!r})") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def read_page(response: WarcResponse, max_bytes: int) -> Page:
    """The page a response record holds, as a fetch would have given it (see
    :func:`revtrack.fetch.received`): the bytes as received, without the transfer coding."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import ChunkedDataReader

    from revtrack.fetch import received
    from revtrack.sources import too_large

    with open(response.path, "rb") as stream:
        stream.seek(response.offset)
        record = next(iter(ArchiveIterator(stream, arc2warc=True)))
        head = record.http_headers
        body = record.raw_stream
        if (head.get_header("transfer-encoding") or "").lower() == "chunked":
            body = ChunkedDataReader(body)
        data = body.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise FetchError(too_large(f"{response.url}: the page", max_bytes))
        status = (200, head.statusline.partition(" ")[2], head.protocol or "HTTP/1.1")
        return received(response.url, status, list(head.headers), data, response.at, max_bytes)
