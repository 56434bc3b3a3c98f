"""Pages that need more than a plain request: a site's headers and cookies (from the
configuration)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Run
from test_config import ARTICLE, store_file
from webserver import Response, Site

from revtrack.errors import ExitStatus

RunFn = Callable[..., Run]
REFUSED = b"<html><body><p>Subscribe to continue reading this story.</p></body></html>"


def gated(site: Site, path: str, body: str, allowed: Callable[[dict[str, str]], bool]) -> str:
    """A page served only to the requests that ``allowed`` lets through (by their headers);
    the others get a 403 with a paywall's words."""

    def route(_n: int) -> Response:
        headers = next(h for p, h in reversed(site.log) if p == path)
        lowered = {name.lower(): value for name, value in headers.items()}
        if allowed(lowered):
            return Response(body=body.encode())
        return Response(403, REFUSED)

    site.routes[path] = route
    return site.url(path)


def with_cookie(headers: dict[str, str]) -> bool:
    return "session=s3cret" in headers.get("cookie", "").split("; ")


def test_a_sites_cookies_and_headers_are_sent_to_it(run: RunFn, site: Site, isolated: Path) -> None:
    url = gated(
        site,
        "/members/talks",
        ARTICLE,
        lambda h: with_cookie(h) and h.get("x-desk") == "night",
    )
    refused = run("add", url)
    assert refused.code == ExitStatus.FETCH_ERROR and "403" in refused.stderr, refused
    store_file(
        isolated,
        '[sites."127.0.0.1"]\nheaders = { X-Desk = "night" }\ncookies = { session = "s3cret" }\n',
    )
    added = run("add", url)
    assert added.code == 0 and added.stdout.startswith("talks@1"), added
    gated(site, "/members/talks", ARTICLE.replace("hours", "days"), with_cookie)
    refreshed = run("refresh", "--all")
    assert refreshed.code == 0 and refreshed.stdout.startswith("talks@2"), refreshed


def test_a_sites_cookies_and_headers_do_not_follow_a_redirect_to_another_host(
    run: RunFn, site: Site, isolated: Path
) -> None:
    port = site.base.rsplit(":", 1)[1]
    site.routes["/moved"] = lambda _n: Response(
        301, b"", headers={"Location": f"http://localhost:{port}/talks"}
    )
    site.page("/talks", ARTICLE)
    store_file(
        isolated,
        '[sites."127.0.0.1"]\nheaders = { X-Desk = "night", User-Agent = "Desk/1" }\n'
        'cookies = { session = "s3cret" }\n',
    )
    assert run("add", site.url("/moved")).code == 0
    (_, first), (_, second) = site.log[-2:]
    assert first["X-Desk"] == "night" and first["User-Agent"] == "Desk/1" and first["Cookie"]
    assert "X-Desk" not in second and "Cookie" not in second
    assert second["User-Agent"].startswith("revtrack/")
