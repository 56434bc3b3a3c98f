"""Pages that need more than a plain request: a site's headers and cookies (from the
configuration), its CSS selector of the article, the feeds a page names, and pages that build
their article with script (``--render``, through headless Chromium)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from test_config import ARTICLE, store_file
from test_refresh import rss
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


LIVE_PAGE = (
    "<html><head><title>Harbour talks: live</title></head><body>"
    "<article><h2>More from the desk</h2>"
    + "".join(
        f"<p>Elsewhere today number {n}: the weather held, the markets closed higher and the "
        "city council met for its weekly session on roads, parks and the library budget.</p>"
        for n in range(1, 9)
    )
    + "</article>"
    '<div class="live-story"><span>Harbour talks resume at dawn.</span>'
    "\n<span>The unions and the port authority met again after a night of calls.</span>"
    "<br>Both sides said a deal was close.<script>var tracker = 1;</script></div>"
    "</body></html>"
)


def test_a_sites_selector_chooses_the_article(run: RunFn, site: Site, isolated: Path) -> None:
    url = site.page("/live/talks", LIVE_PAGE)
    assert run("add", url).code == 0
    generic = run("show", "talks").stdout
    assert "Elsewhere today" in generic and "unions" not in generic
    store_file(isolated, '[sites."127.0.0.1"]\nselector = "div.live-story"\n')
    chosen = run("add", url, "--force")
    assert chosen.code == 0, chosen
    assert run("show", "talks").stdout == (
        "Harbour talks resume at dawn. The unions and the port authority met again after a "
        "night of calls.\n\nBoth sides said a deal was close.\n"
    )
    store_file(isolated, '[sites."127.0.0.1"]\nselector = "div.gone"\n')
    missing = run("add", url)
    assert missing.code == ExitStatus.FETCH_ERROR, missing
    assert "the selector 'div.gone' selects nothing on the page" in missing.stderr
    store_file(isolated, '[sites."127.0.0.1"]\nselector = "div[["\n')
    broken = run("add", url)
    assert broken.code == ExitStatus.USAGE and "is no CSS selector" in broken.stderr, broken


def test_a_saved_page_of_a_site_is_read_with_its_selector(
    run: RunFn, isolated: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(LIVE_PAGE, encoding="utf-8")
    store_file(isolated, '[sites."news.example.org"]\nselector = ".live-story"\n')
    assert run("add", "https://news.example.org/live/talks", str(saved)).code == 0
    assert run("show", "talks").stdout.startswith("Harbour talks resume at dawn.")


def page_naming(*feeds: str) -> str:
    links = "".join(
        f'<link rel="alternate" type="application/{kind}+xml" title="{kind}" href="{href}">'
        for kind, href in feeds
    )
    return f"<html><head><title>Politics</title>{links}</head><body><p>Politics</p></body></html>"


def test_follow_a_page_follows_the_feeds_it_names(run: RunFn, site: Site) -> None:
    site.page("/rss.xml", rss(site, "/a", "/b"), content_type="application/rss+xml")
    site.page("/atom.xml", rss(site, "/c"), content_type="application/atom+xml")
    page = site.page("/politics/", page_naming(("rss", "/rss.xml"), ("atom", "../atom.xml")))
    followed = run("follow", page)
    assert followed.code == 0, followed
    assert followed.stderr.splitlines() == [
        f"following {site.url('/rss.xml')} (named by {page}): 2 articles listed; "
        "`revtrack refresh` tracks the new ones",
        f"following {site.url('/atom.xml')} (named by {page}): 1 article listed; "
        "`revtrack refresh` tracks the new ones",
    ]
    assert run("follow", page).stderr.startswith("already following")
    refreshed = run("refresh", "--json")
    assert sorted(r["url"] for r in json.loads(refreshed.stdout)["feeds"]) == [
        site.url("/atom.xml"),
        site.url("/rss.xml"),
    ]


def test_follow_a_page_that_names_no_feed_or_only_broken_ones(run: RunFn, site: Site) -> None:
    none = run("follow", site.page("/plain/", page_naming()))
    assert none.code == ExitStatus.INPUT_ERROR, none
    assert "not an RSS or Atom feed, and the page names none" in none.stderr
    broken = run("follow", site.page("/broken/", page_naming(("rss", "/gone.xml"))))
    assert broken.code == ExitStatus.FETCH_ERROR, broken
    assert f"names 1 feed: {site.url('/gone.xml')}: 404" in broken.stderr
    assert run("refresh", "--json").stdout == ""  # nothing was followed (no store either)


SCRIPTED = (
    "<!doctype html><html><head><title>Harbour talks resume</title></head><body>"
    '<main id="story"><p>Loading…</p></main><script>'
    "var paragraphs = ["
    + ",".join(
        f'"Paragraph {n} written by the script: the harbour talks resumed at dawn and the '
        'unions said a deal was close."'
        for n in range(1, 6)
    )
    + "];"
    "document.getElementById('story').innerHTML = "
    "paragraphs.map(function (p) { return '<p>' + p + '</p>'; }).join('');"
    "</script></body></html>"
)


@pytest.mark.usefixtures("browser")  # (a Chromium installed, or under CI a failure)
def test_render_runs_a_pages_scripts(run: RunFn, site: Site, isolated: Path) -> None:
    url = site.page("/live/talks", SCRIPTED)
    plain = run("add", url)
    assert plain.code == ExitStatus.FETCH_ERROR, plain
    assert "holds no article text" in plain.stderr
    rendered = run("add", url, "--render")
    assert rendered.code == 0, rendered
    assert run("show", "talks").stdout.startswith("Paragraph 1 written by the script")
    assert site.log[-1][1]["User-Agent"].startswith("revtrack/")
    store_file(isolated, '[sites."127.0.0.1"]\nrender = true\n')
    site.set_body("/live/talks", SCRIPTED.replace("at dawn", "at noon"))
    refreshed = run("refresh", "--all")
    assert refreshed.code == 0 and refreshed.stdout.startswith("talks@2"), refreshed


@pytest.mark.usefixtures("browser")
def test_render_is_of_a_page_that_was_fetched_well(run: RunFn, site: Site, isolated: Path) -> None:
    url = site.page("/live/talks", SCRIPTED)
    site.routes["/gone"] = lambda _n: Response(404, b"<html><body><p>Not here</p></body></html>")
    gone = run("add", site.url("/gone"), "--render")
    assert gone.code == ExitStatus.FETCH_ERROR and "404 Not Found" in gone.stderr, gone
    assert run("add", url, "--render").code == 0
    store_file(isolated, '[sites."127.0.0.1"]\nrender = true\n')  # a 304 is not rendered:
    unchanged = run("refresh", "--all", "--json", env={"REVTRACK_CHROMIUM": "no-such-chromium"})
    assert json.loads(unchanged.stdout)["articles"][0]["status"] == "not_modified", unchanged
    refused = run("add", "http://127.0.0.1:1/talks", "--render", "--retries", "0")
    assert refused.code == ExitStatus.FETCH_ERROR, refused
    assert "the connection was refused" in refused.stderr


def test_render_without_chromium_says_what_to_install(run: RunFn, site: Site) -> None:
    url = site.page("/live/talks", SCRIPTED)
    result = run("add", url, "--render", env={"REVTRACK_CHROMIUM": "no-such-chromium"})
    assert result.code == ExitStatus.FETCH_ERROR, result
    assert result.stderr == (
        "Error: --render needs Chromium, and no-such-chromium is not installed: install it "
        "(Debian and Ubuntu: apt-get install chromium), or name it with REVTRACK_CHROMIUM\n"
    )
    assert run("add", "talks", "-", "--render", input="Text.\n").code == ExitStatus.USAGE
