"""Take a snapshot of an article and record it: read it from a file or standard input or fetch
it, extract the article from a web page, refuse a text too short to be the article, store it,
and start tracking an article added by its URL."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from revtrack.errors import NotFoundError
from revtrack.models import AddResult, Snapshot, Version
from revtrack.store import Store

if TYPE_CHECKING:
    from revtrack.fetch import FetchOptions, Page


@dataclass(frozen=True)
class Taken:
    """A snapshot, and where it came from."""

    snapshot: Snapshot
    extracted: bool  # from a web page: its text must be plausible before it is stored
    page: Page | None = None  # the page fetched, with its validators (ETag, Last-Modified)


def take(
    url: str | None,
    source: str | None,
    *,
    as_html: bool | None,
    encoding: str,
    fetching: FetchOptions,
    stdin: BinaryIO | None = None,
) -> Taken:
    """The snapshot in ``source`` (a path, or ``-`` for ``stdin``), or, without a source, in
    the page at ``url``. A web page (or, with ``as_html``, any source) has its article
    extracted; with ``as_html=False``, it is kept as the text it is."""
    from revtrack.extract import extract, extract_html, extract_page, looks_like_html
    from revtrack.sources import RawSource, read_source

    if source is None:
        if url is None:
            raise ValueError("nothing to take a snapshot of: no source and no URL")
        from revtrack.fetch import client, fetch

        with client(fetching) as http:
            page = fetch(http, url, options=fetching)
        if as_html is False:
            raw = RawSource(page.data, "url", page.url)
            return Taken(extract(raw, encoding=encoding), extracted=False, page=page)
        return Taken(extract_page(page), page.content_type != "text/plain", page)
    raw = read_source(source, stdin=stdin, max_bytes=fetching.max_bytes)
    if as_html if as_html is not None else looks_like_html(raw):
        return Taken(extract_html(raw, url=url), extracted=True)
    return Taken(extract(raw, encoding=encoding), extracted=False)


def record(
    store: Store, article: str, taken: Taken, at: datetime | None, *, url: str | None = None
) -> AddResult:
    """Add a snapshot as the next version of ``article`` (the one with ``url``, if given).

    An extracted text far shorter than the latest version is refused (see
    :func:`revtrack.refresh.check_plausible`); a new URL article starts being tracked, with the
    validators of the page it was fetched from.
    """
    from revtrack.refresh import Schedule, check_plausible
    from revtrack.times import now

    existing = store.find_url(url) if url is not None else article
    if taken.extracted:
        check_plausible(taken.snapshot, _latest(store, existing), url or article)
    tracking = None
    if url is not None and existing is None:
        tracking = Schedule().start(article, url, at or now())
        if taken.page is not None:
            page = taken.page
            tracking = replace(tracking, etag=page.etag, last_modified=page.last_modified)
    return store.add(article, taken.snapshot, at, url=url, tracking=tracking)


def _latest(store: Store, article: str | None) -> Version | None:
    if article is None:
        return None
    with contextlib.suppress(NotFoundError):
        return store.version(article, -1)
    return None
