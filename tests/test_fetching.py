"""Honest fetching: a body cut short or that cannot be decoded is an error, a page whose
declared charset is wrong is read as what it is (with a warning), ``--timeout`` bounds the
whole fetch, and a first fetch of an error, login or paywall page is refused unless
``--force``. Every page comes from a real HTTP server on 127.0.0.1 (``site``)."""

from __future__ import annotations

import gzip
import json
import os
import time
import zlib
from collections.abc import Callable, Iterator

import pytest
from conftest import Run
from webserver import Response, Site

from revtrack.errors import ExitStatus
from revtrack.extract import read_html

RunFn = Callable[..., Run]

PARAGRAPHS = [
    "Negotiators from Ostravia and Sallenmark will return to the table next week in a renewed"
    " bid to settle the dispute over the port city of Kesterhaven, officials said on Thursday.",
    "The talks are scheduled to open on Jan. 7 in the neutral city of Brellin and could run for"
    " as long as two weeks, according to a joint statement released late on Wednesday.",
    "At stake is a deep-water harbor that handles roughly a third of the region's container"
    " traffic, and a proposed expansion of its northern terminal that both sides want to fund.",
]


def article(title: str = "Talks resume", paragraphs: list[str] = PARAGRAPHS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    )


def stored(run: RunFn) -> list[str]:
    return [a["article"] for a in json.loads(run("list", "--json").stdout)["articles"]]


def one_error(result: Run, status: ExitStatus, *fragments: str) -> str:
    assert result.code == status, result
    assert result.stdout == "" and "Traceback" not in result.stderr, result
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: "), result
    for fragment in fragments:
        assert fragment in line, result
    return line


# --- bodies cut short, or that cannot be decoded -----------------------------------------


def test_a_gzip_body_cut_short_is_an_error_and_nothing_is_stored(run: RunFn, site: Site) -> None:
    whole = gzip.compress(article().encode())
    url = site.page("/talks", whole[: len(whole) // 2], headers={"Content-Encoding": "gzip"})
    one_error(run("add", url), ExitStatus.FETCH_ERROR, url, "cut short", "gzip")
    assert stored(run) == []


def test_a_deflate_body_cut_short_is_an_error(run: RunFn, site: Site) -> None:
    whole = zlib.compress(article().encode())
    url = site.page("/talks", whole[: len(whole) - 10], headers={"Content-Encoding": "deflate"})
    one_error(run("add", url), ExitStatus.FETCH_ERROR, "cut short")


@pytest.mark.parametrize(
    ("coding", "words"),
    [("gzip", "cannot be decoded"), ("br", "encoded as br"), ("zstd", "encoded as zstd")],
)
def test_a_body_that_cannot_be_decoded_is_an_error(
    run: RunFn, site: Site, coding: str, words: str
) -> None:
    url = site.page(
        "/talks", b"these bytes are not compressed", headers={"Content-Encoding": coding}
    )
    one_error(run("add", url), ExitStatus.FETCH_ERROR, words)
    assert stored(run) == []


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # with zlib's header, as the standard says
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw, as some servers send it
        ("gzip", lambda data: gzip.compress(data[:200]) + gzip.compress(data[200:])),  # members
    ],
)
def test_compressed_bodies_are_read_whole(
    run: RunFn, site: Site, coding: str, encode: Callable[[bytes], bytes]
) -> None:
    url = site.page("/talks", encode(article().encode()), headers={"Content-Encoding": coding})
    assert run("add", url).code == 0
    assert PARAGRAPHS[2] in run("show", "talks").stdout
    assert site.log[0][1]["Accept-Encoding"] == "gzip, deflate"


def test_a_compressed_body_is_held_to_the_size_limit_as_it_is_decompressed(
    run: RunFn, site: Site
) -> None:
    bomb = gzip.compress(b"<p>" + b"word " * 2_000_000 + b"</p>")  # 10 MB from 10 kB
    url = site.page("/talks", bomb, headers={"Content-Encoding": "gzip"})
    one_error(run("add", url, "--max-size", "1MB"), ExitStatus.FETCH_ERROR, "larger than")


def test_a_page_that_no_charset_reads_is_an_error(run: RunFn, site: Site) -> None:
    noise = bytes(range(256)) * 40  # every byte, controls and all
    url = site.page("/talks", noise, content_type="text/html")
    assert read_html(noise) == (None, None)
    one_error(run("add", url), ExitStatus.FETCH_ERROR, "no charset")


@pytest.mark.parametrize("status", [300, 302, 307])
def test_a_redirect_with_no_address_to_follow_is_an_error_not_a_page(
    run: RunFn, site: Site, status: int
) -> None:
    url = site.page("/talks", article(), status=status)
    one_error(run("add", url), ExitStatus.FETCH_ERROR, url, f"{status} ", "no address to follow")
    assert stored(run) == []


# --- charsets ------------------------------------------------------------------------------

CAFE = [
    "“We will not reopen the café until the inspectors return,” said Renée Lefèvre, who has"
    " run the shop on the harbour front for twenty years.",
    "The council’s decision – taken late on Tuesday – leaves more than forty businesses along"
    " the quay without a date for reopening.",
]


@pytest.mark.parametrize("charset", ["iso-8859-2", "windows-1251", "koi8-r", "shift_jis"])
def test_a_page_in_utf8_that_declares_another_charset_is_read_as_utf8_with_a_warning(
    run: RunFn, site: Site, charset: str
) -> None:
    data = article("Café owners wait", CAFE).encode()
    url = site.page("/cafe", data, content_type=f"text/html; charset={charset}")
    result = run("add", url)
    assert result.code == 0, result
    assert result.stderr == (
        f"warning: {url}: the page says its charset is {charset} but it is UTF-8: read as UTF-8\n"
    )
    shown = run("show", "cafe").stdout
    assert all(paragraph in shown for paragraph in CAFE), shown


def test_a_page_in_utf8_labelled_latin1_is_read_as_utf8_without_a_word(
    run: RunFn, site: Site
) -> None:
    data = article("Café owners wait", CAFE).encode()
    url = site.page("/cafe", data, content_type="text/html; charset=ISO-8859-1")
    result = run("add", url)
    assert (result.code, result.stderr) == (0, "")
    assert CAFE[0] in run("show", "cafe").stdout


def test_a_page_in_its_declared_charset_raises_no_warning(run: RunFn, site: Site) -> None:
    data = article("Café owners wait", CAFE).encode("cp1252")
    url = site.page("/cafe", data, content_type="text/html; charset=windows-1252")
    result = run("add", url)
    assert (result.code, result.stderr) == (0, "")
    assert CAFE[1] in run("show", "cafe").stdout


def test_the_warning_is_quiet_with_q_when_nothing_changed(run: RunFn, site: Site) -> None:
    data = article("Café owners wait", CAFE).encode()
    url = site.page("/cafe", data, content_type="text/html; charset=iso-8859-2")
    assert "warning:" in run("add", url).stderr
    again = run("add", url, "-q")
    assert (again.code, again.stdout, again.stderr) == (0, "", "")


# --- --timeout bounds the whole fetch ------------------------------------------------------


def dripping(seconds: float, pieces: int) -> Iterator[bytes]:
    """A body that comes a piece at a time, each well within any read time-out."""
    yield b"<html><body><article>"
    for _ in range(pieces):
        time.sleep(seconds)
        yield b"<p>" + b"word " * 20 + b"</p>"
    yield b"</article></body></html>"


def test_timeout_bounds_a_body_that_drips_in(run: RunFn, site: Site) -> None:
    site.routes["/drip"] = lambda n: Response(chunks=dripping(0.1, 40))  # 4 s in all
    url = site.url("/drip")
    started = time.monotonic()
    result = run("add", url, "--timeout", "0.6", "--retries", "0")
    one_error(result, ExitStatus.FETCH_ERROR, "timed out (the whole fetch took over 0.6 s)")
    assert time.monotonic() - started < 3.5  # cut off, not read to its end
    assert stored(run) == []


def test_timeout_bounds_a_chain_of_slow_redirects(run: RunFn, site: Site) -> None:
    for hop in range(4):
        site.routes[f"/r{hop}"] = lambda n, hop=hop: Response(  # type: ignore[misc]
            302, headers={"Location": f"/r{hop + 1}"}, delay=0.2
        )
    site.page("/r4", article())
    result = run("add", site.url("/r0"), "--timeout", "0.5", "--retries", "0")
    one_error(result, ExitStatus.FETCH_ERROR, "timed out")
    assert run("add", site.url("/r0"), "--timeout", "5").code == 0  # time enough: it arrives


def test_a_timeout_that_is_not_a_number_of_seconds_is_a_usage_error(run: RunFn) -> None:
    for value in ("nan", "inf", "-1", "0", "99999"):
        result = run("add", "http://127.0.0.1:9/x", "--timeout", value)
        one_error(result, ExitStatus.USAGE, "--timeout")


# --- a first fetch that is an error, login or paywall page ---------------------------------

ERROR_PAGES = {
    "not found (en)": ("Page not found", ["Sorry, the page you were looking for has moved."]),
    "not found (de)": ("Seite nicht gefunden", ["Leider existiert diese Seite nicht mehr."]),
    "not found (fr)": ("Erreur 404", ["La page que vous cherchez est introuvable ou déplacée."]),
    "not found (es)": ("Error", ["Página no encontrada. Vuelva a la portada del diario."]),
    "not found (ja)": ("エラー", ["お探しのページが見つかりませんでした。トップページへ戻る"]),
    "access denied": ("Access Denied", ["You don't have permission to access this server."]),
    "access denied (fr)": ("Accès refusé", ["Vous n'avez pas le droit de voir cette page."]),
    "robot check": ("Just a moment", ["Checking your browser before accessing the site now."]),
    "paywall (en)": ("Talks resume", [PARAGRAPHS[0], "Subscribe to continue reading this story."]),
    "paywall (de)": (
        "Gespräche",
        ["Die Verhandlungen beginnen neu.", "Jetzt abonnieren und weiterlesen."],
    ),
    "paywall (es)": (
        "Negociaciones",
        ["Las negociaciones se reanudan.", "Contenido exclusivo para suscriptores."],
    ),
    "sign in (en)": ("Sign in", ["Please sign in to continue to your account and the story."]),
    "sign in (nl)": ("Inloggen", ["Log in om verder te lezen in dit artikel van vandaag."]),
    "server error": ("Oops", ["Something went wrong on our side. Please try again later today."]),
}


@pytest.mark.parametrize("case", ERROR_PAGES)
def test_a_first_fetch_of_an_error_page_is_refused_with_its_reason(
    run: RunFn, site: Site, case: str
) -> None:
    title, paragraphs = ERROR_PAGES[case]
    url = site.page("/port-talks", article(title, paragraphs))
    line = one_error(run("add", url), ExitStatus.FETCH_ERROR, url, "not an article", "--force")
    assert "it says “" in line
    assert stored(run) == []
    forced = run("add", url, "--force")
    assert forced.code == 0, forced
    assert stored(run) == ["port-talks"]


def test_an_article_that_uses_such_words_is_stored(run: RunFn, site: Site) -> None:
    long = [*PARAGRAPHS, *PARAGRAPHS, *PARAGRAPHS]  # well over the few words of an error page
    url = site.page("/port-talks", article("Talks resume", [*long, "Subscribe to continue."]))
    assert run("add", url).code == 0
    short = site.page("/court", article("Court rules", PARAGRAPHS))
    assert run("add", short).code == 0  # few words, and none of an error page's


def test_a_later_fetch_is_held_to_the_plausible_length_rule_instead(run: RunFn, site: Site) -> None:
    gone = article("Page not found", ["Sorry, the page you were looking for is not here now."])
    url = site.page("/port-talks", article(), gone)
    assert run("add", url).code == 0
    one_error(run("add", url), ExitStatus.FETCH_ERROR, "under 30%")
    assert "not found" not in run("show", "port-talks").stdout


def test_a_saved_copy_of_a_page_is_not_judged_as_a_fetch(
    run: RunFn, tmp_path: os.PathLike[str]
) -> None:
    saved = os.path.join(tmp_path, "saved.html")
    with open(saved, "w", encoding="utf-8") as handle:
        handle.write(article("Subscribe", [PARAGRAPHS[0], "Subscribe to continue reading."]))
    assert run("add", "https://example.org/news/port-talks", saved).code == 0
