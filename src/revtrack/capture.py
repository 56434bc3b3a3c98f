"""Take a snapshot of an article: read it from a file or standard input, or fetch its page,
and extract the article from a web page. The first two stages of the pipeline (source →
extract), which the use cases in :mod:`revtrack.track` and the cron job's workers call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from revtrack.errors import UsageError
from revtrack.models import Snapshot

if TYPE_CHECKING:
    from revtrack.fetch import FetchOptions, Page


@dataclass(frozen=True)
class Reading:
    """How a snapshot's source is read."""

    as_html: bool | None = None  # a web page, plain text, or None: decide from the source
    encoding: str = "utf-8"  # of a plain-text source
    stdin: BinaryIO | None = None  # what the source ``-`` reads


@dataclass(frozen=True)
class Taken:
    """A snapshot, and where it came from."""

    snapshot: Snapshot
    extracted: bool  # from a web page: its text must be plausible before it is stored
    page: Page | None = None  # the page fetched, with its validators (ETag, Last-Modified)


def take(url: str | None, source: str | None, reading: Reading, fetching: FetchOptions) -> Taken:
    """The snapshot in ``source`` (a path, or ``-`` for standard input), or, without a source,
    in the page at ``url``. A web page (or, with ``as_html``, any source) has its article
    extracted; with ``as_html=False``, it is kept as the text it is."""
    from revtrack.extract import extract, extract_html, looks_like_html
    from revtrack.sources import read_source

    site = fetching.sites.for_url(url) if url is not None else None
    selector = site.selector if site is not None else None
    if source is None:
        if url is None:
            raise ValueError("nothing to take a snapshot of: no source and no URL")
        return take_page(fetch_page(url, fetching), reading, selector=selector)
    if fetching.render:
        raise UsageError("--render fetches the page: give no SOURCE")
    raw = read_source(source, stdin=reading.stdin, max_bytes=fetching.max_bytes)
    if reading.as_html if reading.as_html is not None else looks_like_html(raw):
        return Taken(extract_html(raw, url=url, selector=selector), extracted=True)
    return Taken(extract(raw, encoding=reading.encoding), extracted=False)


def fetch_page(
    url: str,
    fetching: FetchOptions,
    http: Any = None,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Page:
    """The page at ``url``, fetched (with the client ``http``, or one of its own); when
    ``--render`` or its site's configuration asks for it, a web page is then rendered by a
    headless browser (a page not modified, or an error, costs no rendering)."""
    from revtrack.fetch import client, fetch

    if http is None:
        with client(fetching) as own:
            return fetch_page(url, fetching, own, etag=etag, last_modified=last_modified)
    page = fetch(http, url, etag=etag, last_modified=last_modified, options=fetching)
    site = fetching.sites.for_url(url)
    wanted = fetching.render or (site is not None and site.render)
    if not wanted or page.not_modified or page.content_type == "text/plain":
        return page
    from revtrack.browser import render

    return render(page, fetching)


def take_page(page: Page, reading: Reading = Reading(), *, selector: str | None = None) -> Taken:
    """The snapshot of a fetched page: its article extracted (a ``text/plain`` page is text
    already; with a CSS ``selector``, the text of what it selects), or with
    ``as_html=False`` the page as the text it is."""
    from revtrack.extract import extract, extract_page
    from revtrack.sources import RawSource

    if reading.as_html is False:
        raw = RawSource(page.data, "url", page.url)
        return Taken(extract(raw, encoding=reading.encoding), extracted=False, page=page)
    return Taken(extract_page(page, selector=selector), page.content_type != "text/plain", page)
