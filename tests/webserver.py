"""A real HTTP server on 127.0.0.1 for the tests: pages that change between requests, ETags and
304s, and the faults a news site can show (errors, redirect loops, huge or slow bodies)."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Send an ETag and answer If-None-Match with 304. A string is the tag itself, whatever the
    # body: a server that decides for itself what counts as a change.
    etag: bool | str = True
    delay: float = 0.0  # seconds before answering
    chunks: Iterator[bytes] | None = None  # a body sent in pieces, without a length
    gzip: bool = False


Route = Callable[[int], Response]  # the response to the n-th request (from 1)


class Site:
    """Routes by path; each keeps a count of the requests it got."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: dict[str, int] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.times: list[float] = []  # when each request arrived (time.monotonic)
        self.active = 0
        self.most_active = 0  # the most requests served at once
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(  # (polled often: a test stops it without waiting)
            target=lambda: self.server.serve_forever(poll_interval=0.02), daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, *bodies: bytes | str, **options: object) -> str:
        """Serve ``bodies`` in turn (the last one from then on); returns the page's URL."""
        encoded = [b.encode() if isinstance(b, str) else b for b in bodies]

        def route(n: int) -> Response:
            return Response(body=encoded[min(n, len(encoded)) - 1], **options)  # type: ignore[arg-type]

        self.routes[path] = route
        return self.url(path)

    def set_body(self, path: str, body: bytes | str, **options: object) -> None:
        """Serve ``body`` from now on."""
        self.page(path, body, **options)

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (as revtrack does on a body over the size limit) is no
        error; the traceback would land in the stderr the test is reading."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            path = self.path
            with site.lock:
                count = site.requests[path] = site.requests.get(path, 0) + 1
                site.log.append((path, dict(self.headers)))
                site.times.append(time.monotonic())
                site.active += 1
                site.most_active = max(site.most_active, site.active)
            try:
                self._answer(path, count)
            finally:
                with site.lock:
                    site.active -= 1

        def _answer(self, path: str, count: int) -> None:
            route = site.routes.get(path)
            response = route(count) if route else Response(404, b"not found", "text/plain")
            if response.delay:
                time.sleep(response.delay)
            body = response.body
            tag = (
                response.etag
                if isinstance(response.etag, str)
                else '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            )
            if response.etag and self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if response.gzip:
                body = gzip.compress(body)
            self.send_response(response.status)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            if response.etag and response.status == 200:
                self.send_header("ETag", tag)
            if response.gzip:
                self.send_header("Content-Encoding", "gzip")
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.chunks is not None:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for chunk in response.chunks:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    return Handler
