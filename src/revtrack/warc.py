"""Raw captures written as a WARC file (ISO 28500, WARC/1.1), the archive format that replay
tools (pywb, ReplayWeb.page) and the web archives read: the only module that imports warcio.

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
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from revtrack.errors import InputError

if TYPE_CHECKING:
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
