"""Raw captures on the command line: ``show ARTICLE@REV --raw``, the page as it was received
(``export --warc FILE``, every capture as a WARC file, is in :mod:`revtrack.cli.archives`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from revtrack.cli import _message, _opener, _print_json
from revtrack.direct import on_terminal

if TYPE_CHECKING:
    from revtrack.raw import CapturedVersion


def show_raw(ref: str, as_json: bool) -> None:
    """``show --raw``: the capture's facts as a header on stderr and its bytes, as received,
    on stdout (not on a terminal: they may be compressed, and are never shown raw there); with
    ``--json``, both in one object on stdout, the bytes in base64."""
    from revtrack.raw import raw_capture

    found = raw_capture(_opener(), ref)
    if as_json:
        _print_json(capture_json(found))
        return
    for line in facts(found):
        _message(line)
    if on_terminal():
        _message(
            f"({len(found.capture.body):,} bytes not written to a terminal: redirect them to a "
            "file, or use --json)"
        )
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(found.capture.body)
    sys.stdout.buffer.flush()


def facts(found: CapturedVersion) -> list[str]:
    """The header ``show --raw`` writes on stderr: where and when, the status line, the headers
    kept, and the bytes' hash and size."""
    from revtrack.times import show_time

    capture = found.capture
    when = show_time(capture.fetched_at)
    status = f"{capture.protocol} {capture.status} {capture.reason}".rstrip()
    lines = [f"# {found.article}@{found.number}: fetched {when} from {capture.url}", status]
    lines += [f"{name}: {value}" for name, value in capture.headers]
    encoded = capture.header("content-encoding")
    shown = f", {encoded}-encoded as received" if encoded else ""
    lines.append(f"# {capture.hash}, {len(capture.body):,} bytes{shown}")
    return lines


def capture_json(found: CapturedVersion) -> dict[str, object]:
    """The ``revtrack.capture/1`` object of ``show --raw --json``."""
    from revtrack.dump import capture_record

    head = {"schema": "revtrack.capture/1", "article": found.article, "number": found.number}
    return head | capture_record(found.capture)
