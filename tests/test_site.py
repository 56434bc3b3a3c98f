"""``revtrack site``: a static archive built from the fixture histories, its links walked, its
feeds parsed as Atom, its pages opened in a real browser at a phone's and a laptop's width,
rebuilt incrementally, and hostile text kept inert."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from conftest import Run, StoreHome, Stores
from test_cli import add_all
from webserver import Site

from revtrack.errors import ExitStatus
from revtrack.site import MANIFEST, slug

RunFn = Callable[..., Run]
ATOM = "{http://www.w3.org/2005/Atom}"
ARTICLES = ("talks", "storm", "recall", "hostile")
#: An article name, and a text, that would be markup or script if they were not escaped.
HOSTILE_NAME = '"><img src=x onerror="window.__pwned=7">'
HOSTILE_TEXT = (
    "Headline <script>window.__pwned = 8</script>\n\n"
    'A paragraph with "><img src=x onerror="window.__pwned=9"> and '
    '<a href="javascript:window.__pwned=10">a link</a>, \u202eright to left\u202c, '
    "and javascript:window.__pwned=11 as text.\n"
)


class Links(HTMLParser):
    """The links, ids and elements of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.tags: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name == "href" and value is not None:
                self.hrefs.append(value)
            elif name == "id" and value is not None:
                self.ids.add(value)
            elif name in ("src", "srcset", "action", "formaction") or name.startswith("on"):
                self.sources.append(f"{tag} {name}={value}")


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def build(run: RunFn, directory: Path, *args: str) -> Run:
    result = run("site", str(directory), *args, "-v")
    assert result.code == 0, result
    return result


@pytest.fixture
def archive(run: RunFn, tmp_path: Path) -> Path:
    for name in ARTICLES:
        add_all(run, name)
    directory = tmp_path / "archive"
    build(run, directory)
    return directory


def pages(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.html"))


def test_site_has_every_page_of_every_article(archive: Path) -> None:
    expected = {"index.html", "changes.atom", "findings.atom", MANIFEST}
    for name, count in (("talks", 4), ("storm", 3), ("recall", 3), ("hostile", 2)):
        folder = f"articles/{slug(name)}"
        expected |= {f"{folder}/index.html", f"{folder}/changes.atom", f"{folder}/findings.atom"}
        expected |= {f"{folder}/v/{n}.html" for n in range(1, count + 1)}
        expected |= {f"{folder}/c/{n}.html" for n in range(2, count + 1)}
    found = {str(p.relative_to(archive)) for p in archive.rglob("*") if p.is_file()}
    assert found == expected
    index = (archive / "index.html").read_text(encoding="utf-8")
    assert index.index("talks") < index.index("storm")  # the last changed first
    timeline = (archive / "articles/talks/index.html").read_text(encoding="utf-8")
    assert 'href="c/4.html#f1"' in timeline  # a finding, linked to its change
    assert "changed without a note" in timeline


def test_every_internal_link_resolves(archive: Path) -> None:
    checked = 0
    for page in pages(archive):
        links = parsed(page)
        assert links.sources == [], page  # nothing loaded, no handlers
        assert not links.tags & {"script", "img", "iframe", "object", "svg", "link"}, page
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # an article's own address
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), href
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page}: {href}"
            assert archive.resolve() in target.parents, href
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parsed(target).ids, f"{page}: {href}"
            checked += 1
    assert checked > 100


def test_change_page_links_findings_to_the_changed_text(archive: Path) -> None:
    page = parsed(archive / "articles/talks/c/4.html")
    assert {"f1", "p1"} <= page.ids
    assert any(re.fullmatch(r"#[po]\d+", href) for href in page.hrefs)
    assert "../v/3.html" in page.hrefs and "../v/4.html" in page.hrefs


def test_every_feed_is_valid_atom(archive: Path) -> None:
    feeds = sorted(archive.rglob("*.atom"))
    assert len(feeds) == 2 + 2 * len(ARTICLES)
    for path in feeds:
        data = path.read_bytes()
        parsed_feed = feedparser.parse(data)
        assert not parsed_feed.bozo, (path, parsed_feed.get("bozo_exception"))
        assert parsed_feed.version == "atom10"
        root = ET.fromstring(data)
        assert root.tag == f"{ATOM}feed"
        for child in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{child}") is not None, (path, child)
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert (path.parent / str(links["self"])).resolve() == path.resolve()
        assert (path.parent / str(links["alternate"])).is_file()
        ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
        assert len(ids) == len(set(ids)) and all(i and i.startswith("urn:") for i in ids)
        for entry in root.findall(f"{ATOM}entry"):
            datetime.fromisoformat(str(entry.findtext(f"{ATOM}updated")))
            assert entry.findtext(f"{ATOM}title") and entry.find(f"{ATOM}summary") is not None
            href = str(entry.find(f"{ATOM}link").get("href"))  # type: ignore[union-attr]
            assert (path.parent / href.split("#")[0]).is_file(), href
    store = feedparser.parse((archive / "changes.atom").read_bytes())
    assert len(store.entries) == 3 + 2 + 2 + 1  # every change of every article
    findings = feedparser.parse((archive / "articles/talks/findings.atom").read_bytes())
    assert any("changed without a note" in e.title for e in findings.entries)


def _mtimes(directory: Path) -> dict[str, int]:
    return {
        str(p.relative_to(directory)): p.stat().st_mtime_ns
        for p in directory.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def test_incremental_build_rewrites_only_what_changed(run: RunFn, tmp_path: Path) -> None:
    from conftest import article_versions

    for name in ("storm", "recall"):
        add_all(run, name)
    times = ["2025-01-02T09:00:00-05:00", "2025-01-02T12:00:00-05:00", "2025-01-02T15:00:00-05:00"]
    for path, moment in zip(article_versions("talks")[:3], times, strict=True):
        assert run("add", "talks", str(path), "--at", moment).code == 0
    directory = tmp_path / "archive"
    build(run, directory)
    again = build(run, directory)
    assert "0 files written" in again.stderr and "(0 read)" in again.stderr, again
    for path in directory.rglob("*"):  # an old time, so that a rewrite shows
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = _mtimes(directory)
    fourth = str(article_versions("talks")[3])
    added = run("add", "talks", fourth, "--at", "2025-01-02T18:00:00-05:00")
    assert added.code == 0, added
    result = build(run, directory)
    after = _mtimes(directory)
    changed = {path for path, mtime in after.items() if before.get(path) != mtime}
    assert changed == {
        "index.html",
        "changes.atom",
        "findings.atom",
        "articles/talks/index.html",
        "articles/talks/changes.atom",
        "articles/talks/findings.atom",
        "articles/talks/v/3.html",  # its link on to @4
        "articles/talks/v/4.html",
        "articles/talks/c/4.html",
    }, result.stderr
    assert "(1 read)" in result.stderr
    assert {f"wrote {path}" for path in changed} == set(result.stderr.splitlines()[:-1])


def test_an_article_left_out_has_its_pages_removed(run: RunFn, tmp_path: Path) -> None:
    for name in ("storm", "recall"):
        add_all(run, name)
    directory = tmp_path / "archive"
    build(run, directory)
    result = build(run, directory, "recall")
    assert not (directory / "articles/storm").exists(), result
    assert (directory / "articles/recall/c/3.html").is_file()
    assert "removed articles/storm/index.html" in result.stderr
    index = (directory / "index.html").read_text(encoding="utf-8")
    assert "storm" not in index and "recall" in index
    missing = run("site", str(directory), "nothing-like-it")
    assert missing.code != 0 and "nothing-like-it" in missing.stderr


def test_an_article_with_no_readable_version_is_left_out_and_said(
    run: RunFn, stores: Stores, store_home: StoreHome, tmp_path: Path
) -> None:
    add_all(run, "storm")
    assert run("add", "solo", "-", input="The only version.\n").code == 0
    stores.sql(
        store_home.location,
        "UPDATE versions SET body = ? WHERE article_id = "
        "(SELECT id FROM articles WHERE key = 'solo')",
        b"not a compressed text",
    )
    directory = tmp_path / "archive"
    result = run("site", str(directory))
    assert result.code == ExitStatus.STORE_ERROR, result
    assert "solo: no version of it can be read; it is left out" in result.stderr, result
    assert "Traceback" not in result.stderr
    assert (directory / "articles/storm/index.html").is_file()
    assert not (directory / "articles/solo").exists()
    assert "solo" not in (directory / "index.html").read_text(encoding="utf-8")


def hostile_archive(run: RunFn, tmp_path: Path) -> Path:
    add_all(run, "hostile")
    for extra in ("", "\n\nA new paragraph <b>bold</b>.\n"):
        result = run("add", HOSTILE_NAME, "-", input=HOSTILE_TEXT + extra)
        assert result.code == 0, result
    directory = tmp_path / "archive"
    build(run, directory)
    return directory


def test_hostile_text_stays_text_in_pages_and_feeds(run: RunFn, tmp_path: Path) -> None:
    directory = hostile_archive(run, tmp_path)
    folder = directory / "articles" / slug(HOSTILE_NAME)
    assert folder.is_dir() and re.fullmatch(r"[A-Za-z0-9_-]+", folder.name)
    for page in pages(directory):
        links = parsed(page)
        assert links.sources == [], page
        assert not links.tags & {"script", "img", "svg", "b"}, page
        assert not any(h.lower().startswith("javascript:") for h in links.hrefs), page
        text = page.read_text(encoding="utf-8")
        assert "\u202e" not in text and "\x07" not in text and "\x1b" not in text
    for feed in directory.rglob("*.atom"):
        data = feed.read_bytes()
        assert not feedparser.parse(data).bozo
        assert b"<script" not in data and b"<img" not in data and "\u202e".encode() not in data
    timeline = (folder / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 8&lt;/script&gt;" in timeline or "onerror" in timeline


# --- in a real browser -------------------------------------------------------------------------


def test_pages_read_on_a_phone_and_a_laptop_and_run_nothing(
    run: RunFn, browser: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    for name in ("talks", "storm"):
        add_all(run, name)
    directory = hostile_archive(run, tmp_path)
    hostile = f"articles/{slug(HOSTILE_NAME)}"
    chosen = [
        "index.html",
        "articles/talks/index.html",
        "articles/talks/c/4.html",
        "articles/talks/v/2.html",
        "articles/hostile/c/2.html",
        "articles/hostile/v/2.html",
        f"{hostile}/index.html",
        f"{hostile}/c/2.html",
        f"{hostile}/v/1.html",
    ]
    for width, height in ((375, 812), (1280, 800)):  # a phone, a laptop
        for path in chosen:
            uri = (directory / path).as_uri()
            page = browser.new_page(viewport={"width": width, "height": height})
            requested: list[str] = []
            page.on("request", lambda request, seen=requested: seen.append(request.url))
            page.goto(uri)
            assert requested == [uri], path  # the page itself, nothing else
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            if path == "articles/talks/index.html":
                shot = page.screenshot(path=str(tmp_path / f"timeline-{width}.png"), full_page=True)
                assert len(shot) > 10_000
            page.close()
    page = browser.new_page()
    page.emulate_media(color_scheme="dark")
    page.goto((directory / "index.html").as_uri())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(22, 23, 26)"
    page.goto((directory / "articles/talks/index.html").as_uri())
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.click("text=change from @3")
    assert page.url.endswith("articles/talks/c/4.html")
    page.close()


def test_version_page_shows_the_raw_capture_of_a_fetched_version(
    run: RunFn, site: Site, tmp_path: Path
) -> None:
    sentences = "".join(
        f"<p>Sentence {n} of the article on the port talks, with enough words in it.</p>"
        for n in range(1, 9)
    )
    html = (
        "<!DOCTYPE html><html><head><title>Talks resume</title></head><body><article>"
        f"<h1>Talks resume</h1>{sentences}</article></body></html>"
    ).encode()
    url = site.page("/talks", html)
    assert run("add", url, "--name", "talks").code == 0
    assert run("add", "notes", "-", input=b"A text read from stdin.\n").code == 0
    directory = tmp_path / "archive"
    build(run, directory)
    fetched = (directory / "articles/talks/v/1.html").read_text(encoding="utf-8")
    assert "The page as received" in fetched and url in fetched and "200" in fetched
    read = (directory / "articles/notes/v/1.html").read_text(encoding="utf-8")
    assert "No raw capture is kept for this version" in read


def test_the_summary_counts_one_article_and_one_file_in_the_singular(
    run: RunFn, tmp_path: Path
) -> None:
    from conftest import article_versions

    assert run("add", "talks", str(article_versions("talks")[0])).code == 0
    directory = tmp_path / "archive"
    build(run, directory)
    again = build(run, directory, "talks")
    assert ": 1 article (0 read), 0 files written," in again.stderr, again
