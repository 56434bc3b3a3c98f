"""``import --warc`` and ``import --wayback``: the pages of WARC files (written here by
warcio's writer, gzipped and plain) and the captures of an archive that speaks the Wayback
Machine's CDX API (one on 127.0.0.1) become versions of their URL articles at the times they
were captured, extracted and kept as ``add URL`` keeps a page, on both backends; what is no
page of an article is skipped and counted, and nothing is stored twice."""

from __future__ import annotations

import base64
import gzip
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Run, StoreHome
from test_captures import page
from test_fetching import one_error
from test_schemas import valid
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from wayback import Archive, Capture
from webserver import Site

from revtrack.archives import _listing, import_wayback
from revtrack.errors import ExitStatus, InputError
from revtrack.fetch import FetchOptions
from revtrack.store import open_store
from revtrack.warc import read_page, scan

RunFn = Callable[..., Run]
TALKS = "https://news.example/2024/talks-resume"
STORM = "https://news.example/2024/storm-hits-the-coast"
FIRST, SECOND = page("Talks resume"), page("Talks resume", "Both sides agreed to meet again.")


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    date: str,
    status: str = "200 OK",
    kind: str = "text/html; charset=utf-8",
    headers: tuple[tuple[str, str], ...] = (),
) -> object:
    http = StatusAndHeaders(status, [("Content-Type", kind), *headers], protocol="HTTP/1.1")
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def _chunked(data: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (data[:40], data[40:])) + b"0\r\n\r\n"


def warcs(directory: Path) -> tuple[Path, Path]:
    """A gzipped WARC of the talks' two versions (the second sent gzip-encoded and chunked,
    as Heritrix keeps it) and their request records; a plain one of the storm, and of what is
    no page of an article: an image, a 404, a revisit."""
    crawl, plain = directory / "crawl.warc.gz", directory / "other.warc"
    with crawl.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(
                TALKS, "request", payload=io.BytesIO(b""), length=0, http_headers=request
            )
        )
        writer.write_record(_response(writer, TALKS, FIRST, "2024-03-05T14:20:00Z"))
        encoded = gzip.compress(SECOND)
        coded = (
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
            ("Set-Cookie", "a=b"),
        )
        writer.write_record(
            _response(
                writer,
                TALKS + "?utm_source=rss",
                _chunked(encoded),
                "2024-03-06T09:00:00Z",
                headers=coded,
            )
        )
    with plain.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        writer.write_record(
            _response(writer, STORM, page("Storm hits the coast"), "2024-03-05T10:00:00Z")
        )
        writer.write_record(
            _response(writer, STORM + ".png", b"\x89PNG", "2024-03-05T10:00:01Z", kind="image/png")
        )
        writer.write_record(
            _response(writer, STORM + "/x", b"gone", "2024-03-05T10:00:02Z", "404 Not Found")
        )
        writer.write_record(
            writer.create_revisit_record(
                TALKS,
                "sha1:AAAA",
                TALKS,
                "2024-03-05T14:20:00Z",
                http_headers=StatusAndHeaders("200 OK", [], protocol="HTTP/1.1"),
            )
        )
    return crawl, plain


def test_warc_files_become_versions_at_their_capture_times(
    run: RunFn, site: Site, store_home: StoreHome, tmp_path: Path
) -> None:
    crawl, plain = warcs(tmp_path)
    result = run("import", "--warc", str(crawl), str(plain))
    assert result.code == 0 and result.stdout == "", result
    assert result.stderr == (
        "imported from 2 files: 3 versions of 2 articles; 3 skipped (1 not HTML,"
        " 1 not status 200, 1 revisits)\n"
    )
    listed = {a["article"]: a for a in json.loads(run("list", "--json").stdout)["articles"]}
    assert set(listed) == {"talks-resume", "storm-hits-the-coast"}
    log = json.loads(run("log", "talks-resume", "--json").stdout)["versions"]
    assert [v["observed_at"] for v in log] == [
        "2024-03-05T14:20:00+00:00",
        "2024-03-06T09:00:00+00:00",
    ]

    raw = json.loads(run("show", "talks-resume@2", "--raw", "--json").stdout)
    assert (
        raw["url"] == TALKS + "?utm_source=rss" and raw["fetched_at"] == "2024-03-06T09:00:00+00:00"
    )
    assert gzip.decompress(base64.b64decode(raw["body_base64"])) == SECOND  # kept encoded
    assert raw["headers"] == [
        ["Content-Type", "text/html; charset=utf-8"],
        ["Content-Encoding", "gzip"],
    ]

    # the same extraction as add URL: the page served and added gives the same text and title
    served = site.page("/2024/talks-resume", SECOND)
    other = str(tmp_path / "added")
    assert run("--store", other, "add", served).code == 0
    mine = json.loads(run("show", "talks-resume", "--json").stdout)
    theirs = json.loads(run("--store", other, "show", "talks-resume", "--json").stdout)
    for key in ("text", "hash", "title", "source"):
        assert mine[key] == theirs[key], key
    assert mine["metadata"] == theirs["metadata"] | {"url": raw["url"], "site": "news.example"}

    again = valid(run("import", "--warc", str(crawl), str(plain), "--json"), "import")
    assert (again["versions_imported"], again["skipped"]) == (
        0,
        {"not HTML": 1, "not status 200": 1, "revisits": 1, "at or before the latest version": 3},
    )


def test_what_is_no_warc_is_an_error(run: RunFn, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Just some notes.\n")
    one_error(
        run("import", "--warc", str(text)), ExitStatus.INPUT_ERROR, f"{text}: not a WARC file"
    )
    missing = tmp_path / "missing.warc"
    one_error(
        run("import", "--warc", str(missing)), ExitStatus.INPUT_ERROR, f"cannot read {missing}"
    )


def _pages(path: Path) -> list[tuple[str, bytes]]:
    """The captures of a WARC file, each as its URL and body; or the error that refused it."""
    responses, _ = scan([str(path)])
    return [(r.url, read_page(r, 1 << 20).data) for r in responses]


def test_a_warc_file_cut_anywhere_gives_whole_captures_or_one_error(tmp_path: Path) -> None:
    for whole in warcs(tmp_path):
        data, expected = whole.read_bytes(), _pages(whole)
        cut = tmp_path / f"cut-{whole.name}"
        kept = []
        for size in range(1, len(data) + 1):
            cut.write_bytes(data[:size])
            try:
                found = _pages(cut)
            except InputError as exc:
                assert exc.message.startswith(f"{cut}: "), exc.message
                continue
            assert found == expected[: len(found)], size  # whole ones, none cut short
            kept.append(size)
        records = data.count(b"\x1f\x8b\x08") or data.count(b"WARC/1.")
        assert len(kept) <= records and kept[-1] == len(data), kept  # a cut between records


def test_a_cut_warc_file_is_refused_in_one_line_and_nothing_stored(
    run: RunFn, tmp_path: Path
) -> None:
    crawl, plain = warcs(tmp_path)
    for path in (crawl, plain):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
        store = tmp_path / f"{path.name}.db"
        result = run("--store", str(store), "import", "--warc", str(path))
        one_error(result, ExitStatus.INPUT_ERROR, f"{path}: the file ends inside a record")
        assert (
            not store.exists()
            or run("--store", str(store), "list", "--json").stdout.count('"article"') == 0
        )


# --- the Wayback Machine -------------------------------------------------------------------------


@pytest.fixture
def archive() -> Iterator[Archive]:
    server = Archive().start()
    yield server
    server.stop()


def captured(archive: Archive) -> None:
    """Five captures of the talks: the first page twice (one collapsed), then a 404, a
    revisit, the second page; and an image at another URL."""
    archive.captures += [
        Capture("20240305142000", TALKS, FIRST),
        Capture("20240305180000", TALKS, FIRST),
        Capture("20240306070000", TALKS, b"gone", "text/html", "404"),
        Capture("20240306080000", TALKS, b"", "warc/revisit", "-"),
        Capture("20240306090000", TALKS, SECOND),
        Capture("20240306090000", TALKS + ".png", b"\x89PNG", "image/png"),
    ]


def wayback(run: RunFn, archive: Archive, *options: str) -> Run:
    return run(
        "import", "--wayback", TALKS, "--wayback-server", archive.base, "--delay", "0", *options
    )


def test_wayback_captures_become_versions_in_time_order(
    run: RunFn, archive: Archive, store_home: StoreHome
) -> None:
    captured(archive)
    result = wayback(run, archive)
    assert result.code == 0 and result.stdout == "", result
    assert result.stderr == (
        f"imported from {TALKS}: 2 versions of 1 article; 2 skipped (1 not status 200,"
        " 1 revisits)\n"
    )
    log = json.loads(run("log", "talks-resume", "--json").stdout)["versions"]
    assert [v["observed_at"] for v in log] == [
        "2024-03-05T14:20:00+00:00",
        "2024-03-06T09:00:00+00:00",
    ]
    paths = [path for path, _ in archive.requests]
    assert paths[1:] == [f"/web/20240305142000id_/{TALKS}", f"/web/20240306090000id_/{TALKS}"]
    assert "collapse=digest" in paths[0] and "output=json" in paths[0]
    assert all(agent.startswith("revtrack/") for _, agent in archive.requests)
    raw = json.loads(run("show", "talks-resume@1", "--raw", "--json").stdout)
    assert base64.b64decode(raw["body_base64"]) == FIRST
    assert (raw["url"], raw["fetched_at"]) == (TALKS, "2024-03-05T14:20:00+00:00")

    archive.requests.clear()
    again = valid(wayback(run, archive, "--json"), "import")
    assert (
        again["versions_imported"] == 0 and again["skipped"]["at or before the latest version"] == 2
    )
    assert len(archive.requests) == 1  # the listing alone: no capture fetched twice


def test_a_failed_fetch_stops_and_a_rerun_goes_on(
    run: RunFn, archive: Archive, store_home: StoreHome
) -> None:
    captured(archive)
    archive.gone.add("20240306090000")
    result = wayback(run, archive, "--retries", "0")
    assert result.code == ExitStatus.FETCH_ERROR, result
    summary, error = result.stderr.splitlines()
    assert summary.startswith("imported from") and "1 version of 1 article" in summary
    assert error.startswith("Error: ") and "404" in error and "run the import again" in error
    archive.gone.clear()
    assert wayback(run, archive).code == 0
    assert len(json.loads(run("log", "talks-resume", "--json").stdout)["versions"]) == 2


def test_requests_to_the_archive_are_spaced(archive: Archive, tmp_path: Path) -> None:
    captured(archive)
    slept: list[float] = []
    opener = lambda: open_store(tmp_path / "s.db", write=True)  # noqa: E731
    options = FetchOptions(retries=0)
    done = import_wayback(
        opener, TALKS, options, server=archive.base, delay=1.5, sleep=slept.append
    )
    assert done.imported == 2 and slept == [1.5, 1.5]  # before each capture, after the listing
    slept.clear()
    import_wayback(opener, TALKS, options, server=archive.base, delay=1.5, sleep=slept.append)
    assert slept == []


def test_an_archive_that_is_not_one(run: RunFn, site: Site) -> None:
    listing = _listing(site.base, TALKS).removeprefix(site.base)
    site.page(listing, b"<html>no</html>")
    result = run("import", "--wayback", TALKS, "--wayback-server", site.base, "--delay", "0")
    one_error(result, ExitStatus.FETCH_ERROR, "the archive's listing is not CDX JSON")
    one_error(run("import", "--wayback", "talks"), ExitStatus.USAGE, "the URL of an article")


def test_a_record_refused_is_said_and_the_others_imported(run: RunFn, tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        writer.write_record(_response(writer, "http://[bad/x", FIRST, "2024-03-05T10:00:00Z"))
        writer.write_record(
            _response(writer, STORM, b"<html><p>Not found</p></html>", "2024-03-05T10:00:00Z")
        )
        writer.write_record(_response(writer, TALKS, FIRST, "2024-03-05T11:00:00Z"))
    result = run("import", "--warc", str(path))
    assert result.code == 0, result
    warnings, summary = result.stderr.splitlines()[:-1], result.stderr.splitlines()[-1]
    assert len(warnings) == 2 and all(w.startswith("warning: ") for w in warnings)
    assert "invalid URL" in warnings[0]
    assert warnings[1] == (
        f"warning: {STORM}: the page holds no article text (captured 2024-03-05 10:00:00 UTC)"
    )
    assert summary == f"imported from {path}: 1 version of 1 article; 2 skipped (2 refused)"
