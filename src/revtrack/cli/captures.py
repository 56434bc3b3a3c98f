"""Raw captures on the command line: ``show ARTICLE@REV --raw`` (the page as it was received)
and ``export --warc FILE`` (every capture, as a WARC file that replay tools open)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from revtrack.cli import _message, _opener, _print_json

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
    if _on_terminal():
        _message(
            f"({len(found.capture.body):,} bytes not written to a terminal: redirect them to a "
            "file, or use --json)"
        )
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(found.capture.body)
    sys.stdout.buffer.flush()


def _on_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return isatty is not None and bool(isatty())
    except ValueError:  # closed
        return False


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
    import base64

    from revtrack.times import to_iso

    capture = found.capture
    return {
        "schema": "revtrack.capture/1",
        "article": found.article,
        "number": found.number,
        "url": capture.url,
        "fetched_at": to_iso(capture.fetched_at),
        "protocol": capture.protocol,
        "status": capture.status,
        "reason": capture.reason,
        "headers": [[name, value] for name, value in capture.headers],
        "hash": capture.hash,
        "bytes": len(capture.body),
        "body_base64": base64.b64encode(capture.body).decode("ascii"),
    }


@click.command("export")
@click.option(
    "--warc",
    "warc",
    metavar="FILE",
    required=True,
    help="Write the raw captures to this WARC file (gzipped record by record if it ends in .gz).",
)
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
def export_command(warc: str, articles: tuple[str, ...]) -> None:
    """Export the raw captures of versions fetched from a URL: each version's
    page as it was received, as a WARC/1.1 response record (its final URL, the
    time it was fetched, the status line, the headers kept and the bytes), after
    a warcinfo record. pywb, ReplayWeb.page and web archives open the file.

    Every article, or the ARTICLEs named (names or URLs). Versions stored before
    revtrack kept captures, or read from a file, have none and are left out.

    \b
    Examples:
      revtrack export --warc news.warc.gz
      revtrack export --warc talks.warc talks https://example.com/story
    """
    from revtrack.raw import export_warc

    done = export_warc(_opener(), warc, articles)
    records = f"{done.records:,} capture{'s' * (done.records != 1)}"
    left = f"; {done.without:,} version(s) without one left out" if done.without else ""
    _message(f"wrote {records} of {done.articles:,} article(s) to {warc}{left}")
