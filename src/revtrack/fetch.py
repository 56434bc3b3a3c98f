"""Fetch web pages politely and robustly: the only module that speaks HTTP (httpx is imported
only when a page is fetched, so a refresh with nothing due never loads it).

Time-outs for connecting and reading, a limit on redirects and on the body (read as a stream,
so a huge body is never held), a User-Agent that names revtrack, conditional requests (a
``304 Not Modified`` costs no download), and retries with back-off for what may pass
(time-outs, refused connections, 5xx), never for a 4xx.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from revtrack.errors import FetchError
from revtrack.sources import DEFAULT_MAX_BYTES, too_large

if TYPE_CHECKING:
    import httpx


def user_agent() -> str:
    """``revtrack/<version> (...)``: who is asking, for the sites' logs."""
    from importlib.metadata import version

    return f"revtrack/{version('revtrack')} (article history; +https://pypi.org/project/revtrack/)"


#: Content types revtrack can take an article from ...
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
#: ... and a feed.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
)


@dataclass(frozen=True)
class FetchOptions:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = 2  # further attempts after the first, for faults that may pass
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    user_agent: str | None = None  # default: user_agent()
    feed: bool = False  # a feed is fetched: feed content types accepted too


@dataclass(frozen=True)
class Page:
    """What a fetch brought back: a page, or ``not_modified`` with no body."""

    url: str  # after redirects
    status: int
    data: bytes = b""
    content_type: str = ""
    charset: str | None = None  # from the Content-Type header
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def client(options: FetchOptions = FetchOptions()) -> httpx.Client:
    """An HTTP client with revtrack's time-outs, redirect limit and User-Agent."""
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.read_timeout, connect=options.connect_timeout),
        headers={
            "User-Agent": options.user_agent or user_agent(),
            "Accept": "text/html,*/*;q=0.5",
        },
        http2=False,
    )


def fetch(
    http: httpx.Client,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    options: FetchOptions = FetchOptions(),
    sleep: Callable[[float], None] = time.sleep,
) -> Page:
    """GET ``url``; with ``etag``/``last_modified``, conditionally. Raises :class:`FetchError`
    with a one-line reason after the retries."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    delay = options.backoff
    for attempt in range(options.retries + 1):
        try:
            return _get(http, url, headers, options)
        except _Transient as exc:
            if attempt == options.retries:
                raise FetchError(f"{url}: {exc}") from None
            sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


class _Transient(Exception):
    """A fault worth trying again."""


def _get(http: httpx.Client, url: str, headers: dict[str, str], options: FetchOptions) -> Page:
    import httpx

    try:
        with http.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return _page(response, b"", not_modified=True)
            if response.status_code >= 500:
                raise _Transient(f"server error {response.status_code} {response.reason_phrase}")
            if response.status_code >= 400:
                raise FetchError(f"{url}: {response.status_code} {response.reason_phrase}".rstrip())
            content_type = response.headers.get("content-type", "")
            kind = content_type.split(";")[0].strip().lower()
            accepted = ACCEPTED_TYPES + (FEED_TYPES if options.feed else ())
            if kind and kind not in accepted:
                raise FetchError(f"{url}: not a web page but {kind}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(too_large(f"{url}: the page", options.max_bytes))
            body = bytearray()
            for chunk in response.iter_bytes():  # gzip and the like undone, as it comes
                body += chunk
                if len(body) > options.max_bytes:
                    raise FetchError(too_large(f"{url}: the page", options.max_bytes))
            return _page(response, bytes(body))
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {options.max_redirects} redirects") from None
    except httpx.TimeoutException as exc:
        stage = type(exc).__name__.removesuffix("Timeout").lower()  # connect, read, pool
        raise _Transient(f"timed out ({stage})") from None
    except httpx.ConnectError as exc:
        raise _Transient(_connect_reason(exc)) from None
    except httpx.DecodingError as exc:
        raise FetchError(f"{url}: the body cannot be decoded: {exc}") from None
    except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise _Transient(f"the connection failed: {exc or type(exc).__name__}") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: invalid URL: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc or type(exc).__name__}") from None
    except (UnicodeError, ValueError) as exc:  # a host name IDNA refuses, and the like
        raise FetchError(f"{url}: invalid URL: {exc}") from None


def _page(response: httpx.Response, data: bytes, *, not_modified: bool = False) -> Page:
    content_type = response.headers.get("content-type", "")
    charset = response.charset_encoding if content_type else None
    return Page(
        url=str(response.url),
        status=response.status_code,
        data=data,
        content_type=content_type.split(";")[0].strip().lower(),
        charset=charset,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        not_modified=not_modified,
    )


def _connect_reason(exc: httpx.ConnectError) -> str:
    text = str(exc)
    lowered = text.lower()
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or ("name resolution" in lowered)
    ):
        return "the host name does not resolve"
    if "refused" in lowered:
        return "the connection was refused"
    return f"cannot connect: {text or type(exc).__name__}"
