"""Raw captures kept as evidence: each version fetched from a URL keeps the page as it was
received, with the facts of its response, so that a finding can show the page itself, not
only the text revtrack took from it.

A capture is the body's bytes *as received* (still gzip- or deflate-encoded when the server
encoded it: its ``Content-Encoding`` header is kept with it, so that a replay tool decodes it
as a browser would), the final URL after redirects, the status line, the response headers
that describe the page (:data:`KEPT_HEADERS`: its type, language and encoding, its dates and
validators, its caching; never cookies nor the server's own), and when it was fetched.

The store keeps one capture per stored version: a page fetched again whose text did not
change stores no version, so its capture is not kept either (the version before, and its
capture, stand for it). The bytes are kept once per content hash (``sha256:`` of the bytes as
received), compressed, however many versions share them; versions stored before captures were
kept, and those read from a file or standard input, have none.

Here: the model, what is kept of a fetched page, and the use cases that read captures back
(``show --raw``) and write them as a WARC file (``export --warc``, :mod:`revtrack.warc`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from revtrack import refs
from revtrack.digest import hexdigest
from revtrack.errors import NotFoundError
from revtrack.frozen import dataclass

if TYPE_CHECKING:
    from revtrack.fetch import Page
    from revtrack.track import Opener

#: The response headers kept with a capture (lower case): what says what the page is, when it
#: was made and how it may be cached, and what a replay tool needs to show it. Cookies, the
#: server's software, the connection's framing (Content-Length, Transfer-Encoding: the body
#: kept is whole, and its length is written out again with it) are left.
KEPT_HEADERS = frozenset(
    {
        "content-type",
        "content-encoding",
        "content-language",
        "content-location",
        "content-disposition",
        "date",
        "last-modified",
        "etag",
        "expires",
        "cache-control",
        "age",
        "vary",
        "link",
        "x-robots-tag",
    }
)


@dataclass(frozen=True)
class RawCapture:
    """A page as it was received: the evidence behind a version fetched from a URL."""

    url: str  # after redirects
    status: int
    reason: str  # the reason phrase, as sent ("OK"), or empty
    headers: tuple[tuple[str, str], ...]  # the kept headers (KEPT_HEADERS), as sent, in order
    fetched_at: datetime  # when the response came, timezone-aware, UTC
    body: bytes  # as received: encoded as its Content-Encoding header says
    protocol: str = "HTTP/1.1"

    @property
    def hash(self) -> str:
        """``sha256:`` of the body as received: the key the bytes are kept under."""
        return body_hash(self.body)

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), if it was sent."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@dataclass(frozen=True)
class CapturedVersion:
    """One version's raw capture, named by its article and number."""

    article: str
    number: int
    capture: RawCapture


@dataclass(frozen=True)
class WarcExport:
    """What ``export --warc`` wrote."""

    path: str
    records: int  # response records, one per version with a capture
    articles: int  # articles with at least one
    without: int  # versions of those articles with no capture (stored before, or not fetched)


def body_hash(data: bytes) -> str:
    return "sha256:" + hexdigest(data)


def from_page(page: Page | None) -> RawCapture | None:
    """The capture of a fetched page (none for a page not modified, or one with no time)."""
    if page is None or page.not_modified or page.fetched_at is None:
        return None
    return RawCapture(
        url=page.url,
        status=page.status,
        reason=page.reason,
        headers=page.headers,
        fetched_at=page.fetched_at,
        body=page.data if page.wire is None else page.wire,
        protocol=page.protocol,
    )


# --- the use cases -----------------------------------------------------------------------


def raw_capture(open_store: Opener, ref: str) -> CapturedVersion:
    """The raw capture of the version ``ARTICLE[@REV]`` names (the latest without a
    revision); :class:`NotFoundError` when it has none."""
    article, rev = refs.split_ref(ref)
    with open_store() as store:
        name = refs.lookup(store, article)
        version = store.version(name, -1 if rev is None else rev)
        found = store.capture(name, version.number)
    if found is None:
        why = (
            "it was not fetched from a URL"
            if version.source != "url"
            else "it was stored before revtrack kept raw captures"
        )
        raise NotFoundError(f"{name}@{version.number} has no raw capture: {why}")
    return CapturedVersion(name, version.number, found)


def export_warc(open_store: Opener, path: str, articles: Sequence[str] = ()) -> WarcExport:
    """Write the raw captures of ``articles`` (names or URLs; none: every article) to the WARC
    file ``path``, gzipped record by record when its name ends in ``.gz``; written whole or not
    at all. :class:`NotFoundError` when there is no capture to write."""
    from revtrack.warc import write_warc

    found: list[CapturedVersion] = []
    with_captures, without = 0, 0
    with open_store() as store:
        chosen = [store.article(refs.lookup(store, a)) for a in articles] or store.articles()
        for article in {a.key: a for a in chosen}.values():
            captured = store.captures(article.key)
            found += [CapturedVersion(article.key, number, each) for number, each in captured]
            if captured:
                with_captures += 1
                without += article.version_count - len(captured)
    if not found:
        raise NotFoundError(
            "no raw captures to export: only versions fetched from a URL (since revtrack keeps "
            "them) have one"
        )
    write_warc(Path(path), found)
    return WarcExport(path, len(found), with_captures, without)
