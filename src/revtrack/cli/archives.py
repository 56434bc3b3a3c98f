"""``revtrack export`` and ``revtrack import``: the store as JSON Lines and back, its raw
captures as a WARC file, and versions imported from WARC files and the Wayback Machine."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import click

from revtrack.cli import (
    _message,
    _opener,
    _output,
    _print_json,
    json_option,
    max_size_option,
)
from revtrack.cli.options import Seconds, _fetching, fetch_options
from revtrack.errors import UsageError

if TYPE_CHECKING:
    from revtrack.archives import Imported


@click.command("export")
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
@click.option(
    "--output",
    "-o",
    metavar="FILE|-",
    default="-",
    help="Write the JSON Lines to this file (whole, or not at all) instead of standard output.",
)
@click.option(
    "--warc",
    "warc",
    metavar="FILE",
    help="Write the raw captures to this WARC file instead (gzipped record by record if it "
    "ends in .gz).",
)
def export_command(articles: tuple[str, ...], output: str, warc: str | None) -> None:
    """Export the store, or the ARTICLEs named (names or URLs), as JSON Lines:
    a header line, then a record a line, each with a type: the feeds, each
    article with its tracking and then its versions (text, observed time,
    hash, source, title, metadata and raw capture), the saved ignore rules
    and the settings. `revtrack import` reads it back, into any store.

    With --warc, the raw captures of versions fetched from a URL instead, as
    WARC/1.1 response records after a warcinfo record, for pywb,
    ReplayWeb.page and web archives (versions without one are left out).

    \b
    Examples:
      revtrack export -o news.jsonl
      revtrack export talks https://example.com/story | gzip > two.jsonl.gz
      revtrack export --warc news.warc.gz
      revtrack export --warc talks.warc talks https://example.com/story
    """
    if warc is not None:
        if output != "-":
            raise UsageError("--warc FILE and -o FILE name two outputs: give one")
        return _export_warc(warc, articles)
    from revtrack.archives import export_store

    with _output(output) as stream:
        done = export_store(_opener(), stream, articles)
    where = "standard output" if output == "-" else output
    _message(
        f"exported {_count(done.articles, 'article')}, {_count(done.versions, 'version')} "
        f"({done.captures:,} with a raw capture) to {where}"
    )


def _export_warc(path: str, articles: tuple[str, ...]) -> None:
    from revtrack.raw import export_warc

    done = export_warc(_opener(), path, articles)
    records = f"{done.records:,} capture{'s' * (done.records != 1)}"
    left = f"; {done.without:,} version(s) without one left out" if done.without else ""
    _message(f"wrote {records} of {done.articles:,} article(s) to {path}{left}")


def _count(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


@click.command("import")
@click.argument("files", nargs=-1, metavar="[FILE|-]...")
@click.option("--warc", is_flag=True, help="The FILEs are WARC files (gzipped or not).")
@click.option("--wayback", metavar="URL", help="Import the archived captures of this article.")
@click.option(
    "--wayback-server",
    metavar="URL",
    help="The archive --wayback asks: one that speaks the Wayback Machine's CDX API. "
    "Default: https://web.archive.org.",
)
@click.option(
    "--delay",
    type=Seconds(0, 3600),
    default=2.0,
    show_default=True,
    help="Seconds between two requests to the archive.",
)
@max_size_option("pages")
@fetch_options
@json_option
def import_command(
    files: tuple[str, ...],
    warc: bool,
    wayback: str | None,
    wayback_server: str | None,
    delay: float,
    max_size: int,
    timeout: float,
    retries: int,
    user_agent: str | None,
    as_json: bool,
) -> None:
    """Import into the store: an export of `revtrack export` (FILE, or - for
    standard input), the web pages of WARC files (--warc FILE...), or an
    article's captures in the Wayback Machine (--wayback URL).

    An export goes in as `copy` writes: each version checked; an article the
    store holds with other versions is named and left out (status 5); run
    again, an import goes on where it stopped. A bad line stops it with its
    number (status 3), before any of its article is stored.

    A WARC response record of an HTML page with status 200, or a Wayback
    capture, becomes a version of its URL's article at the time it was
    captured, extracted and kept (raw capture too) as `add URL` does; those
    at or before the article's latest version, revisits, other pages and
    statuses are skipped and counted.

    \b
    Examples:
      revtrack import news.jsonl
      gunzip < two.jsonl.gz | revtrack import -
      revtrack import --warc crawl.warc.gz webrecorder.warc
      revtrack import --wayback https://example.org/news/port-talks
    """
    from revtrack import archives
    from revtrack.render.progress import ImportPrinter

    _check(files, warc, wayback)
    with ImportPrinter(as_json=as_json) as printer:
        if wayback is not None:
            fetching = _fetching(timeout, retries, max_size, user_agent)
            server = wayback_server or archives.WAYBACK
            report = archives.import_wayback(
                _opener(write=True), wayback, fetching, server=server, delay=delay, progress=printer
            )
        elif warc:
            report = archives.import_warc(_opener(write=True), files, printer, max_size)
        else:
            with _input(files[0]) as (stream, name):
                report = archives.import_store(_opener(write=True), stream, name, printer)
    _imported(report, _named(files) if files else wayback or "", as_json)


def _named(files: tuple[str, ...]) -> str:
    """How the summary names what was imported."""
    if files == ("-",):
        return "standard input"
    return files[0] if len(files) == 1 else f"{len(files):,} files"


def _check(files: tuple[str, ...], warc: bool, wayback: str | None) -> None:
    if wayback is not None and (files or warc):
        raise UsageError("--wayback URL imports from the Wayback Machine: give no FILE")
    if wayback is None and not files:
        raise UsageError("give a FILE to import (- for standard input), or --wayback URL")
    if not warc and len(files) > 1:
        raise UsageError("import reads one export at a time (or give --warc for WARC files)")
    if warc and "-" in files:
        raise UsageError("--warc reads WARC files, not standard input")


@contextlib.contextmanager
def _input(path: str) -> Iterator[tuple[IO[bytes], str]]:
    """The export to read: the file ``path``, or standard input for ``-``."""
    if path == "-":
        yield sys.stdin.buffer, "standard input"
        return
    from revtrack.errors import InputError

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with stream:
        yield stream, path


def _imported(report: Imported, source: str, as_json: bool) -> None:
    """The summary of an import (on stderr, or its JSON on stdout); then, if it stopped or
    left articles out, the error."""
    from revtrack.errors import FetchError, StoreError

    if as_json:
        _print_json(import_json(report))
    else:
        for warning in report.warnings:
            _message(f"warning: {warning}")
        _message(summary(report, source))
    if report.clashes:
        listed = "; ".join(report.clashes)
        them = "it" if len(report.clashes) == 1 else "them"
        raise StoreError(
            f"{_count(len(report.clashes), 'article')} not imported, the store holds {them} "
            f"otherwise: {listed}"
        )
    if report.failure is not None:
        raise FetchError(f"{report.failure} (run the import again to go on from there)")


def summary(report: Imported, source: str) -> str:
    """``imported from FILE: ...``: what an import stored and skipped."""
    if report.source == "jsonl":
        return (
            f"imported from {source}: {_count(report.articles, 'article')}, "
            f"{_count(report.imported, 'version')} imported, {report.present:,} already there, "
            f"{_count(report.feeds, 'feed')}, {_count(report.rules, 'rule')}"
        )
    skipped = sum(n for _, n in report.skipped)
    why = ", ".join(f"{n:,} {reason}" for reason, n in report.skipped)
    return (
        f"imported from {source}: {_count(report.imported, 'version')} of "
        f"{_count(report.articles, 'article')}; {skipped:,} skipped" + (f" ({why})" if why else "")
    )


def import_json(report: Imported) -> dict[str, Any]:
    """The ``revtrack.import/1`` object of ``import --json``."""
    return {
        "schema": "revtrack.import/1",
        "source": report.source,
        "articles": report.articles,
        "versions_imported": report.imported,
        "versions_present": report.present,
        "feeds": report.feeds,
        "rules": report.rules,
        "skipped": dict(report.skipped),
        "clashes": list(report.clashes),
        "warnings": list(report.warnings),
        "failure": report.failure,
    }
