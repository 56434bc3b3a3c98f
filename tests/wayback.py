"""A web archive on 127.0.0.1 for the tests, that speaks the Wayback Machine's two formats:
the CDX API's listing of a URL's captures (``/cdx/search/cdx?url=...&output=json``, with
``collapse=digest`` and ``fl``) and the captures themselves as they were received
(``/web/<timestamp>id_/<url>``)."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Capture:
    timestamp: str  # 14 digits, UTC
    original: str
    body: bytes = b""
    mimetype: str = "text/html"
    status: str = "200"

    @property
    def digest(self) -> str:
        return hashlib.sha1(self.body).hexdigest().upper()


@dataclass
class Archive:
    """Captures by URL; each request it got (path and User-Agent); the captures it answers
    with 404 (``gone``, by time stamp)."""

    captures: list[Capture] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=lambda: self.server.serve_forever(poll_interval=0.02), daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Archive:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def listing(self, query: dict[str, list[str]]) -> list[list[str]]:
        """The CDX rows for ``url``: field names, then a row a capture, oldest first, runs of
        the same digest collapsed to their first."""
        fields = (query.get("fl") or ["urlkey,timestamp,original,mimetype,statuscode,digest"])[0]
        names = fields.split(",")
        wanted = query["url"][0]
        found = sorted(
            (c for c in self.captures if c.original == wanted), key=lambda c: c.timestamp
        )
        rows: list[list[str]] = []
        last = None
        for capture in found:
            if "digest" in query.get("collapse", []) and capture.digest == last:
                continue
            last = capture.digest
            values = {
                "urlkey": capture.original,
                "timestamp": capture.timestamp,
                "original": capture.original,
                "mimetype": capture.mimetype,
                "statuscode": capture.status,
                "digest": capture.digest,
            }
            rows.append([values[name] for name in names])
        return [names, *rows] if rows else []


def _handler(archive: Archive) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            archive.requests.append((self.path, self.headers.get("User-Agent", "")))
            parts = urlsplit(self.path)
            if parts.path == "/cdx/search/cdx":
                body = json.dumps(archive.listing(parse_qs(parts.query))).encode()
                return self._send(200, "application/json", body)
            if parts.path.startswith("/web/"):
                stamp, _, original = self.path.removeprefix("/web/").partition("id_/")
                for capture in archive.captures:
                    if (capture.timestamp, capture.original) == (stamp, original):
                        if stamp in archive.gone:
                            break
                        kind = f"{capture.mimetype}; charset=utf-8"
                        return self._send(int(capture.status), kind, capture.body)
            self._send(404, "text/plain", b"not in the archive")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
