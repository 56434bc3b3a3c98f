"""Articles tracked by URL: addresses, fetching, extraction, and the faults of the web.

Every page comes from a real HTTP server on 127.0.0.1 started by the test (``site``)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, Run
from golden import check_golden
from webserver import Response, Site

from revtrack.errors import ExitStatus, FetchError, UsageError
from revtrack.extract import decode_html, extract_html, looks_like_html
from revtrack.fetch import FetchOptions, Page, client, fetch
from revtrack.sources import RawSource
from revtrack.urls import normalize_url, short_name

RunFn = Callable[..., Run]
HTML = FIXTURES / "html"


def page(name: str) -> bytes:
    return (HTML / f"{name}.html").read_bytes()


# --- addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://Example.ORG/News/Story?utm_source=x&id=7&fbclid=abc#top",
            "https://example.org/News/Story?id=7",
        ),
        ("HTTP://example.org:80", "http://example.org/"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org/a?gclid=1&utm_medium=email&mc_cid=2", "https://example.org/a"),
        ("https://example.org/caf%c3%a9?q=a%20b", "https://example.org/caf%C3%A9?q=a%20b"),
        ("https://example.org/café?q=é", "https://example.org/caf%C3%A9?q=%C3%A9"),
        ("https://example.org/a%2Fb/100%25-sure", "https://example.org/a%2Fb/100%25-sure"),
        ("https://example.org/a?amp&utm_source=rss", "https://example.org/a?amp"),
        ("https://example.org/a?at_home=1&at_medium=email", "https://example.org/a?at_home=1"),
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?b=2&a=1"),  # order kept
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected
    assert normalize_url(expected) == expected


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/a",
        "https://",
        "example.org/a",
        "https://exa mple.org/",
        "https://user:pw@example.org/",
    ],
)
def test_normalize_url_refuses_what_is_not_a_web_address(url: str) -> None:
    with pytest.raises(UsageError, match="invalid URL"):
        normalize_url(url)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://ledger.example/2021/08/18/council-approves-budget", "council-approves-budget"),
        ("https://ledger.example/news/story.html", "story"),
        ("https://ledger.example/news/port-talks/index.html", "port-talks"),
        ("https://www.ledger.example/", "ledger-example"),
        ("https://ledger.example/2021/08/18/12345", "ledger-example"),
    ],
)
def test_short_name(url: str, name: str) -> None:
    assert short_name(url) == name


# --- recognising and decoding HTML --------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "html"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "<stdin>", True),
        (b"\xef\xbb\xbf  <!-- saved -->\n<html lang=en>", "<stdin>", True),
        (b"<HTML><BODY>", "page", True),
        (b"Plain text that mentions <b>a tag</b> and <html> later.", "<stdin>", False),
        (b"Plain text", "saved.HTML", True),
        (b"Plain text", "notes.txt", False),
    ],
)
def test_html_is_recognised_by_its_start_or_its_name(data: bytes, name: str, html: bool) -> None:
    assert looks_like_html(RawSource(data, "file", name)) is html


def test_charset_from_header_meta_or_detection() -> None:
    text = "Kettleby’s café – “quoted”"
    cp1252 = f"<html><head><meta charset=windows-1252></head><body>{text}</body></html>"
    assert text in decode_html(cp1252.encode("cp1252"))  # the meta tag
    assert text in decode_html(cp1252.encode("cp1252"), "windows-1252")  # the header
    utf8 = f"<html><body>{text}</body></html>".encode()
    assert text in decode_html(utf8, "iso-8859-1")  # mislabelled UTF-8 is read as UTF-8
    assert text in decode_html(utf8)  # no charset at all
    assert text in decode_html(cp1252.encode("cp1252").replace(b"windows-1252", b"utf-8"))


@pytest.mark.parametrize("name", ["ledger-budget", "wire-storm", "magazine-recall"])
def test_extraction_keeps_the_article_and_its_notes(
    request: pytest.FixtureRequest, name: str
) -> None:
    snapshot = extract_html(RawSource(page(name), "file", f"{name}.html"))
    check_golden(request, f"html/{name}.txt", snapshot.text)
    for noise in (
        "Advertisement",
        "Sign up",
        "Share on",
        "Comments",
        "reader123",
        "Most read",
        "member4471",
        "All rights reserved",
        "Markets",
        "Support independent",
    ):
        assert noise not in snapshot.text, noise
    from revtrack.notes import find_notes

    assert find_notes(snapshot.text), "the page's editorial note survives extraction"


def test_extraction_metadata() -> None:
    snapshot = extract_html(RawSource(page("ledger-budget"), "file", "ledger-budget.html"))
    assert snapshot.title == "Council approves $1.2 billion budget after six-hour debate"
    assert snapshot.metadata["author"] == "Ana Ruiz"
    assert snapshot.metadata["published"] == "2021-08-18"
    notes = [
        line
        for line in snapshot.text.strip().split("\n\n")
        if line.startswith(("Correction", "Update"))
    ]
    assert notes == [
        "Correction: An earlier version of this article misstated the vote. It was 7-2, not 6-3.",
        "Update (8/18/21, 10:15 p.m. ET): This article was updated with comment from the"
        " mayor's office.",
    ]


# --- add URL -------------------------------------------------------------------------------


def test_add_url_fetches_extracts_and_names_the_article(run: RunFn, site: Site) -> None:
    url = site.page("/2021/08/18/council-approves-budget", page("ledger-budget"))
    result = run("add", url + "?utm_source=newsletter")
    assert result.code == 0, result
    assert result.stdout.startswith("council-approves-budget@1  ")
    again = run("add", url + "#comments")  # the same article: normalised URL
    assert again.code == 0 and "unchanged since @1" in again.stderr, again
    listed = json.loads(run("list", "--json").stdout)["articles"]
    assert [(a["article"], a["url"]) for a in listed] == [("council-approves-budget", url)]
    shown = run("show", url)  # a URL names its article everywhere
    assert "Correction: An earlier version" in shown.stdout
    assert run("log", url).code == 0 and run("notes", "council-approves-budget").code == 0
    agent = site.log[0][1]
    assert agent["User-Agent"].startswith("revtrack/")


def test_add_url_with_a_saved_copy_and_a_name(run: RunFn, site: Site, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_bytes(page("magazine-recall"))
    result = run("add", "https://longread.example/kettles", str(saved), "--name", "kettles")
    assert result.code == 0, result
    assert result.stdout.startswith("kettles@1  ")
    assert "This article was amended on 13 March 2024" in run("show", "kettles").stdout
    assert site.requests == {}  # nothing fetched


def test_html_and_text_can_be_forced(run: RunFn) -> None:
    tagged = b"The <b>council</b> voted 7-2.\n"
    assert run("add", "plain", "-", input=tagged).code == 0
    assert run("show", "plain").stdout == tagged.decode()  # text that merely has a tag
    html = page("ledger-budget")
    assert run("add", "forced", "-", "--text", input=html).code == 0
    assert "<article" in run("show", "forced").stdout
    assert (
        run(
            "add",
            "extracted",
            "-",
            "--html",
            input=b"<p>The council voted 7-2 on Tuesday "
            b"to approve the budget after a long debate that went past midnight.</p>",
        ).code
        == 0
    )
    assert run("show", "extracted").stdout.startswith("The council voted 7-2")


def test_add_refuses_a_text_far_shorter_than_the_latest(run: RunFn, site: Site) -> None:
    url = site.page("/story", page("ledger-budget"))
    assert run("add", url).code == 0
    site.set_body(
        "/story",
        "<html><body><article><p>Subscribe to read the rest of this "
        "story and everything else we publish.</p></article></body></html>",
    )
    result = run("add", url)
    assert result.code == ExitStatus.FETCH_ERROR, result
    assert "not stored (an error page or a paywall?)" in result.stderr
    assert json.loads(run("list", "--json").stdout)["articles"][0]["versions"] == 1


# --- the faults of the web -----------------------------------------------------------------


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def faulty(site: Site, fault: str) -> tuple[str, list[str], str]:
    """A URL showing ``fault``, extra arguments, and the words the error must contain."""
    if fault == "dns":
        return "http://no-such-host.invalid/story", [], "does not resolve"
    if fault == "refused":
        return f"http://127.0.0.1:{_refused_port()}/story", ["--retries", "0"], "refused"
    if fault == "timeout":
        site.routes["/slow"] = lambda n: Response(body=page("ledger-budget"), delay=3)
        return site.url("/slow"), ["--timeout", "0.3", "--retries", "0"], "timed out"
    if fault in ("404", "410", "500"):
        site.routes["/x"] = lambda n: Response(int(fault), b"<html>gone</html>")
        return site.url("/x"), ["--retries", "0"], fault
    if fault == "redirect-loop":
        site.routes["/loop"] = lambda n: Response(302, headers={"Location": "/loop"})
        return site.url("/loop"), [], "redirects"
    if fault == "too-large":
        site.page("/big", b"<html><body>" + b"<p>word</p>" * 2000 + b"</body></html>")
        return site.url("/big"), ["--max-size", "5kB"], "larger than the 5,000 byte limit"
    if fault == "too-large-stream":
        site.routes["/stream"] = lambda n: Response(
            chunks=(b"<p>" + b"word " * 500 + b"</p>" for _ in range(100))
        )
        return site.url("/stream"), ["--max-size", "20kB"], "larger than the 20,000 byte limit"
    if fault in ("pdf", "image"):
        kind = "application/pdf" if fault == "pdf" else "image/png"
        site.routes["/file"] = lambda n: Response(body=b"%PDF-1.7", content_type=kind)
        return site.url("/file"), [], f"not a web page but {kind}"
    if fault == "empty-page":
        site.page("/blank", b"")
        return site.url("/blank"), [], "holds no article text"
    if fault == "bad-host":  # a host name that IDNA refuses
        return "http://xn--a.example/story", [], "invalid URL"
    if fault == "no-text":
        site.page("/empty", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
        return site.url("/empty"), [], "holds no article text"
    raise AssertionError(fault)


FAULTS = [
    "dns",
    "refused",
    "timeout",
    "404",
    "410",
    "500",
    "redirect-loop",
    "too-large",
    "too-large-stream",
    "pdf",
    "image",
    "no-text",
    "empty-page",
    "bad-host",
]


@pytest.mark.parametrize("fault", FAULTS)
def test_add_url_fault(run: RunFn, site: Site, fault: str) -> None:
    url, extra, words = faulty(site, fault)
    result = run("add", url, *extra)
    assert result.code == ExitStatus.FETCH_ERROR, result
    assert result.stdout == "" and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ") and words in line, result
    assert json.loads(run("list", "--json").stdout)["articles"] == []


@pytest.mark.parametrize("fault", FAULTS)
def test_refresh_fault_leaves_the_other_articles_alone(
    run: RunFn, site: Site, fault: str, tmp_path: Path
) -> None:
    good = site.page("/2021/08/18/council-approves-budget", page("ledger-budget"))
    assert run("add", good).code == 0
    url, extra, words = faulty(site, fault)
    saved = tmp_path / "saved.html"
    saved.write_bytes(page("magazine-recall"))
    assert run("add", url, str(saved), "--name", "broken").code == 0
    changed = page("ledger-budget").replace(b"40 bus drivers", b"45 bus drivers")
    site.set_body("/2021/08/18/council-approves-budget", changed)
    result = run("refresh", "--all", "--delay", "0", *extra)
    assert result.code == ExitStatus.FETCH_ERROR, result
    assert result.stdout.startswith("council-approves-budget@2  +1 -1 words"), result
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: broken: ") and words in line, result
    listed = json.loads(run("list", "--json").stdout)["articles"]
    assert {a["article"]: a["versions"] for a in listed} == {
        "broken": 1,
        "council-approves-budget": 2,
    }


# --- retries -------------------------------------------------------------------------------


def fetch_with(url: str, retries: int = 2) -> tuple[Page | FetchError, list[float]]:
    """Fetch ``url`` with revtrack's client; what came back, and the pauses between tries."""
    delays: list[float] = []
    options = FetchOptions(retries=retries, connect_timeout=2, read_timeout=5)
    with client(options) as http:
        try:
            return fetch(http, url, options=options, sleep=delays.append), delays
        except FetchError as exc:
            return exc, delays


@pytest.mark.parametrize("failures", [1, 2])
def test_a_server_error_is_retried_with_a_doubling_pause(site: Site, failures: int) -> None:
    site.routes["/story"] = lambda n: (
        Response(503, b"busy") if n <= failures else Response(body=b"<p>back</p>")
    )
    page, delays = fetch_with(site.url("/story"))
    assert isinstance(page, Page) and page.data == b"<p>back</p>"
    assert delays == [1.0, 2.0][:failures]
    assert site.requests["/story"] == failures + 1


def test_a_client_error_is_not_retried(site: Site) -> None:
    site.routes["/gone"] = lambda n: Response(404, b"not here")
    error, delays = fetch_with(site.url("/gone"))
    assert isinstance(error, FetchError) and error.message.endswith(": 404 Not Found")
    assert (delays, site.requests["/gone"]) == ([], 1)


def test_a_refused_connection_is_retried() -> None:
    url = f"http://127.0.0.1:{_refused_port()}/story"
    error, delays = fetch_with(url, retries=3)
    assert isinstance(error, FetchError)
    assert error.message == f"{url}: the connection was refused"
    assert delays == [1.0, 2.0, 4.0]


def test_retries_exhausted_give_a_one_line_error(site: Site) -> None:
    site.routes["/story"] = lambda n: Response(503, b"busy\nbusy")
    url = site.url("/story")
    error, delays = fetch_with(url)
    assert isinstance(error, FetchError)
    assert error.message == f"{url}: server error 503 Service Unavailable"
    assert (delays, site.requests["/story"]) == ([1.0, 2.0], 3)


# --- what the server sends: charsets, compression, redirects ------------------------------

PARAGRAPHS = [
    "“We will not reopen the café until the inspectors return,” said Renée Lefèvre, who has"
    " run the shop on the harbour front for twenty years.",
    "The council’s decision – taken late on Tuesday – leaves more than forty businesses along"
    " the quay without a date for reopening.",
    "Officials said the façade of the old market hall would be repaired first, and that the"
    " naïve hope of a summer opening had been “unrealistic from the start.”",
]


def cafe_page(meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html><head>{head}<title>Café owners wait</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Café owners wait</h1>{body}</article>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("case", "data", "content_type"),
    [
        ("utf-8 labelled latin-1", cafe_page().encode(), "text/html; charset=iso-8859-1"),
        ("meta tag", cafe_page("windows-1252").encode("cp1252"), "text/html"),
        ("detected", cafe_page().encode("cp1252"), "text/html"),
        ("wrong header", cafe_page().encode("cp1252"), "text/html; charset=utf-8"),
    ],
)
def test_the_charset_of_a_fetched_page(
    run: RunFn, site: Site, case: str, data: bytes, content_type: str
) -> None:
    url = site.page("/cafe-owners-wait", data, content_type=content_type)
    assert run("add", url).code == 0, case
    shown = run("show", "cafe-owners-wait").stdout
    for paragraph in PARAGRAPHS:
        assert paragraph in shown, (case, shown)


def test_a_gzip_encoded_page_is_decoded(run: RunFn, site: Site) -> None:
    url = site.page("/cafe-owners-wait", cafe_page(), gzip=True)
    assert run("add", url).code == 0
    assert "gzip" in site.log[0][1]["Accept-Encoding"]
    assert PARAGRAPHS[1] in run("show", "cafe-owners-wait").stdout


def test_a_page_that_moved_is_followed_and_keeps_its_address(run: RunFn, site: Site) -> None:
    old = site.url("/2021/08/18/budget-vote")
    site.routes["/2021/08/18/budget-vote"] = lambda n: Response(
        301, headers={"Location": "/2021/08/18/council-approves-budget"}
    )
    site.page("/2021/08/18/council-approves-budget", page("ledger-budget"))
    result = run("add", old)
    assert result.code == 0, result
    assert result.stdout.startswith("budget-vote@1  ")
    listed = json.loads(run("list", "--json").stdout)["articles"]
    assert [(a["article"], a["url"]) for a in listed] == [("budget-vote", old)]
    assert "Correction: An earlier version" in run("show", old).stdout
    again = run("refresh", "--all", "-v")  # by the old address, conditionally
    assert again.code == 0 and "(1 not modified)" in again.stderr, again
    assert site.requests == {
        "/2021/08/18/budget-vote": 2,
        "/2021/08/18/council-approves-budget": 2,
    }


def test_labels_are_read_as_browsers_read_them() -> None:
    text = "didn’t – “quoted”"
    latin1 = f"<html><head><meta charset=iso-8859-1></head><body>{text}</body></html>"
    assert text in decode_html(latin1.encode("cp1252"))  # "Latin-1" means windows-1252
    assert text in decode_html(latin1.encode("cp1252"), "ISO-8859-1")
    utf16 = f"<html><head><meta charset=utf-16></head><body>{text}</body></html>".encode()
    assert text in decode_html(utf16)  # bytes of UTF-8, whatever the label says
    base64 = f"<html><head><meta charset=base64></head><body>{text}</body></html>"
    assert text in decode_html(base64.encode())  # not a text encoding: the label is ignored
