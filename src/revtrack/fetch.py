"""Fetch web pages politely and robustly: the only module that speaks HTTP (httpx is imported
only when a page is fetched, so a refresh with nothing due never loads it).

Time-outs for connecting and reading, and one for the whole of each attempt (connection,
redirects and body: a server that sends a byte now and then is cut off all the same), a
limit on redirects and on the body (read as a stream, so a huge body is never held, and
decompressed here, so that a compressed body cut short is an error, not a page), a
User-Agent that names revtrack, conditional requests (a ``304 Not Modified`` costs no
download), and retries with back-off for what may pass (time-outs, refused connections,
5xx), never for a 4xx.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from revtrack.config import Sites
from revtrack.errors import FetchError
from revtrack.sources import DEFAULT_MAX_BYTES, too_large
from revtrack.times import now

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
    read_timeout: float = 30.0  # each read, and each attempt as a whole (``--timeout``)
    max_redirects: int = 5
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = 2  # further attempts after the first, for faults that may pass
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    user_agent: str | None = None  # default: user_agent()
    feed: bool = False  # a feed is fetched: feed content types accepted too
    sites: Sites = Sites()  # each site's headers and cookies, sent to its host alone
    render: bool = False  # fetched through a headless browser (:mod:`revtrack.browser`)
    also: tuple[str, ...] = ()  # other content types accepted (a web archive's JSON listing)


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
    #: The raw capture's facts (:mod:`revtrack.raw`): the body as received when a content
    #: coding was undone (None: ``data`` is as received), the headers kept, the reason
    #: phrase and protocol of the status line, and when the response came.
    wire: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    reason: str = ""
    protocol: str = "HTTP/1.1"
    fetched_at: datetime | None = None


def client(options: FetchOptions = FetchOptions()) -> httpx.Client:
    """An HTTP client with revtrack's time-outs, redirect limit and User-Agent, that sends
    each configured site's headers and cookies to that site's host alone."""
    import httpx

    headers = {
        "User-Agent": options.user_agent or user_agent(),
        "Accept": "text/html,*/*;q=0.5",
        "Accept-Encoding": ", ".join(_CODINGS),  # what _Body decodes
    }
    hooks: dict[str, list[Callable[..., Any]]] = {}
    if options.sites.entries:
        hooks["request"] = [_SiteHeaders(options.sites, headers)]
    return httpx.Client(
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.read_timeout, connect=options.connect_timeout),
        headers=headers,
        http2=False,
        event_hooks=hooks,
    )


class _SiteHeaders:
    """Puts a site's headers and cookies on each request to its host, redirects included: a
    request to another host (a redirect carries the headers of the one before) gets the
    client's own headers back instead, and no cookie but the cookie jar's."""

    def __init__(self, sites: Sites, defaults: dict[str, str]) -> None:
        self.sites = sites
        self.defaults = {name.lower(): (name, value) for name, value in defaults.items()}
        self.names = sites.header_names()

    def __call__(self, request: httpx.Request) -> None:
        for name in self.names:
            request.headers.pop(name, None)
            if name in self.defaults:
                request.headers[self.defaults[name][0]] = self.defaults[name][1]
        site = self.sites.for_host(request.url.host)
        if site is None:
            return
        for name, value in site.headers:
            request.headers[name] = value
        if site.cookies:
            jar = request.headers.get("cookie")
            request.headers["Cookie"] = "; ".join(filter(None, (jar, site.cookie_header())))


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
    headers: dict[bytes, bytes] = {}
    if etag:
        headers[b"If-None-Match"] = _sent_back(etag)
    if last_modified:
        headers[b"If-Modified-Since"] = _sent_back(last_modified)
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


def _get(http: httpx.Client, url: str, headers: dict[bytes, bytes], options: FetchOptions) -> Page:
    with _Deadline(options.read_timeout) as deadline:
        try:
            return _request(http, url, headers, options, deadline)
        except (_Transient, FetchError):
            if deadline.passed:  # (whatever the cut-off read made of it)
                raise _Transient(
                    f"timed out (the whole fetch took over {options.read_timeout:g} s)"
                ) from None
            raise


def _request(
    http: httpx.Client,
    url: str,
    headers: dict[bytes, bytes],
    options: FetchOptions,
    deadline: _Deadline,
) -> Page:
    import httpx

    try:
        with http.stream("GET", url, headers=headers, extensions=deadline.extensions) as response:
            deadline.watch(response.extensions.get("network_stream"))
            received = now()  # when the response came: the raw capture's time
            if response.status_code == 304:
                return _page(response, b"", received, not_modified=True)
            if 300 <= response.status_code < 400:  # (one with a Location was followed)
                raise FetchError(
                    f"{url}: {response.status_code} {response.reason_phrase}".rstrip()
                    + ": a redirect with no address to follow"
                )
            if response.status_code >= 500:
                raise _Transient(f"server error {response.status_code} {response.reason_phrase}")
            if response.status_code >= 400:
                raise FetchError(f"{url}: {response.status_code} {response.reason_phrase}".rstrip())
            content_type = response.headers.get("content-type", "")
            kind = content_type.split(";")[0].strip().lower()
            accepted = ACCEPTED_TYPES + (FEED_TYPES if options.feed else ()) + options.also
            if kind and kind not in accepted:
                raise FetchError(f"{url}: not a web page but {kind}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(too_large(f"{url}: the page", options.max_bytes))
            body = _Body(url, response.headers.get("content-encoding", ""), options.max_bytes)
            for chunk in response.iter_raw():
                if deadline.passed:
                    raise _Transient("timed out")
                body.add(chunk)
            return _page(response, body.end(), received, wire=body.wire())
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


def received(
    url: str,
    status: tuple[int, str, str],
    headers: list[tuple[str, str]],
    body: bytes,
    at: datetime,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Page:
    """A response received elsewhere, as a web archive's record keeps it (``status``: the
    code, its reason phrase and the protocol; ``body`` as sent, without its transfer coding),
    made the page a fetch of it would have given: its content coding undone (the bytes as
    received kept as its capture's), the same headers kept."""
    import httpx

    code, reason, protocol = status
    response = httpx.Response(
        code,
        headers=headers,
        request=httpx.Request("GET", url),
        extensions={
            "reason_phrase": reason.encode("latin-1", "replace"),
            "http_version": protocol.encode("ascii", "replace"),
        },
    )
    decoded = _Body(url, response.headers.get("content-encoding", ""), max_bytes)
    decoded.add(body)
    return _page(response, decoded.end(), at, wire=decoded.wire())


def _page(
    response: httpx.Response,
    data: bytes,
    received: datetime,
    *,
    not_modified: bool = False,
    wire: bytes | None = None,
) -> Page:
    from revtrack.raw import KEPT_HEADERS

    content_type = response.headers.get("content-type", "")
    charset = response.charset_encoding if content_type else None
    kept = tuple(
        (key.decode("latin-1"), value.decode("latin-1"))
        for key, value in response.headers.raw
        if key.decode("latin-1").lower() in KEPT_HEADERS
    )
    return Page(
        url=str(response.url),
        status=response.status_code,
        data=data,
        content_type=content_type.split(";")[0].strip().lower(),
        charset=charset,
        etag=_validator(response, b"etag"),
        last_modified=_validator(response, b"last-modified"),
        not_modified=not_modified,
        wire=wire,
        headers=kept,
        reason=response.reason_phrase,
        protocol=response.http_version,
        fetched_at=received,
    )


def _validator(response: httpx.Response, name: bytes) -> str | None:
    """A validator (ETag, Last-Modified) as the server sent it, each byte one character (as
    Latin-1 reads them: an entity tag may hold any byte from 0x80 up), so that it goes back
    to the server as it came."""
    for key, value in response.headers.raw:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _sent_back(value: str) -> bytes:
    """A validator's bytes, as :func:`_validator` read them (or, saved by an earlier revtrack,
    read as UTF-8)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


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


class _Deadline:
    """The end of one attempt: when it passes, the sockets the attempt reads from are shut
    down, which ends a read in progress at once (a read's own time-out would let a server
    that sends a byte now and then go on for ever). Each connection's socket is watched
    from when it is made (httpcore's trace), and a kept-alive one from its response."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.passed = False
        self.ended = False  # the attempt is over: nothing to cut short
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.extensions = {"trace": self.trace}

    def __enter__(self) -> _Deadline:
        _WATCH.add(time.monotonic() + self.seconds, self)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.ended = True

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            self.watch(info.get("return_value"))

    def watch(self, stream: Any) -> None:
        found = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(found, socket.socket):
            with self.lock:
                self.sockets.append(found)
                if self.passed:
                    _shut(found)

    def expire(self) -> None:
        with self.lock:
            self.passed = True
            for each in self.sockets:
                _shut(each)


class _Watch:
    """The thread that ends the attempts whose deadline passes: one for all of them (a timer
    thread started for each request took a third of the time of a check answered 304)."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.due: list[tuple[float, int, _Deadline]] = []  # a heap, by time
        self.order = itertools.count()  # (deadlines of one moment never compared)
        self.thread: threading.Thread | None = None

    def add(self, at: float, deadline: _Deadline) -> None:
        with self.changed:
            while self.due and self.due[0][2].ended:  # (the oldest: most often over)
                heapq.heappop(self.due)
            heapq.heappush(self.due, (at, next(self.order), deadline))
            if self.thread is None or not self.thread.is_alive():  # (first, or after a fork)
                self.thread = threading.Thread(
                    target=self._run, name="revtrack-deadlines", daemon=True
                )
                self.thread.start()
            elif self.due[0][2] is deadline:
                self.changed.notify()

    def _run(self) -> None:
        while True:
            with self.changed:
                while self.due and self.due[0][2].ended:
                    heapq.heappop(self.due)
                wait = self.due[0][0] - time.monotonic() if self.due else None
                if wait is None or wait > 0:
                    self.changed.wait(wait)
                    continue
                _, _, deadline = heapq.heappop(self.due)
            if not deadline.ended:
                deadline.expire()


_WATCH = _Watch()


def _shut(each: socket.socket) -> None:
    with contextlib.suppress(OSError):  # closed already
        each.shutdown(socket.SHUT_RDWR)


#: The content codings revtrack asks for and decodes itself, so that a compressed body cut
#: short is seen: zlib tells a stream that ended from one that stopped.
_CODINGS = ("gzip", "deflate")


class _Body:
    """A page's body as it streams in, decompressed and held to the size limit."""

    def __init__(self, url: str, coding: str, limit: int) -> None:
        self.url, self.limit = url, limit
        self.data = bytearray()
        self.received = bytearray()  # as it came, when a coding is undone
        self.codings = [c.strip().lower() for c in coding.split(",") if c.strip()]
        self.codings = [c for c in self.codings if c != "identity"]
        for each in self.codings:
            if each not in (*_CODINGS, "x-gzip"):
                raise FetchError(
                    f"{url}: the body is encoded as {each}, which revtrack does not read"
                )
        self.stages = [_Inflater(each) for each in reversed(self.codings)]

    def add(self, chunk: bytes) -> None:
        if self.stages:
            self.received += chunk
        try:
            for stage in self.stages:
                chunk = stage.feed(chunk, self.limit + 1 - len(self.data))
        except zlib.error as exc:
            raise FetchError(f"{self.url}: the body cannot be decoded: {exc}") from None
        self.data += chunk
        if len(self.data) > self.limit:
            raise FetchError(too_large(f"{self.url}: the page", self.limit))

    def end(self) -> bytes:
        self.add(b"")
        if any(not stage.ended for stage in self.stages):
            raise FetchError(
                f"{self.url}: the body is cut short: its {'+'.join(self.codings)} stream "
                "stops before its end"
            )
        return bytes(self.data)

    def wire(self) -> bytes | None:
        """The body as received, when a content coding was undone (else it is the data)."""
        return bytes(self.received) if self.stages else None


class _Inflater:
    """One content coding undone: gzip (its members one after another), or deflate (with or
    without zlib's header, as servers send it)."""

    def __init__(self, coding: str) -> None:
        self.gzip = coding != "deflate"
        self.started = self.ended = False
        self.engine = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        if data and not self.started:
            self.started = True
            if not self.gzip and not _zlib_header(data):
                self.engine = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
        out = self.engine.decompress(data, max(room, 1))  # (0 would mean no limit)
        while self.gzip and self.engine.eof and self.engine.unused_data:  # another member
            rest = self.engine.unused_data
            self.engine = zlib.decompressobj(zlib.MAX_WBITS | 16)
            out += self.engine.decompress(rest, max(room - len(out), 1))
        self.ended = self.engine.eof or not self.started
        return out


def _zlib_header(data: bytes) -> bool:
    """Whether ``data`` starts with zlib's header (RFC 1950): deflate, and a check sum."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
