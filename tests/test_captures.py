"""Raw captures kept as evidence: the page of each version fetched from a URL, as received
(redirects followed, gzip kept as it came), shown by ``show --raw``, written by ``export
--warc`` as records that warcio reads back byte for byte, kept once per hash, copied between
backends and checked by ``check``."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pgserver
import pytest
from click.testing import CliRunner
from conftest import Run, StoreHome, Stores, as_earlier_rows
from jsonschema import Draft202012Validator
from test_fetching import one_error
from warcio.archiveiterator import ArchiveIterator
from webserver import Response, Site

from revtrack import schemas
from revtrack.cli import captures, cli
from revtrack.errors import ExitStatus
from revtrack.paths import DatabaseURL
from revtrack.store import codec

RunFn = Callable[..., Run]

SENTENCES = [
    "Negotiators from Ostravia and Sallenmark will return to the table next week in a renewed"
    " bid to settle the dispute over the port city of Kesterhaven, officials said on Thursday.",
    "The talks are scheduled to open on Jan. 7 in the neutral city of Brellin and could run for"
    " as long as two weeks, according to a joint statement released late on Wednesday.",
    "At stake is a deep-water harbor that handles roughly a third of the region's container"
    " traffic, and a proposed expansion of its northern terminal that both sides want to fund.",
]


def page(title: str, extra: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in [*SENTENCES, extra] if p)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def raw(*args: str) -> tuple[int, bytes, str]:
    """``revtrack ARGS``: exit code, stdout's bytes, stderr."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


def redirected(site: Site, old: str, new: str) -> str:
    site.routes[old] = lambda n: Response(301, b"", "", {"Location": site.url(new)}, etag=False)
    return site.url(old)


# --- add and refresh keep the page as received -------------------------------------------


def test_add_keeps_the_page_as_received_after_redirects_gzip_encoded(
    run: RunFn, site: Site, store_home: StoreHome
) -> None:
    html = page("Talks resume")
    site.page("/story", html, gzip=True, headers={"Last-Modified": "Mon, 05 Jan 2026 10:00:00 GMT"})
    url = redirected(site, "/old", "/story")
    assert run("add", url, "--name", "talks").code == 0

    code, body, header = raw("show", "talks@1", "--raw")
    assert code == 0, header
    assert body[:2] == b"\x1f\x8b" and gzip.decompress(body) == html  # as received: gzip
    lines = header.splitlines()
    assert lines[0].startswith("# talks@1: fetched ") and lines[0].endswith(site.url("/story"))
    assert lines[1] == "HTTP/1.1 200 OK"
    assert "Content-Encoding: gzip" in lines and "Content-Type: text/html; charset=utf-8" in lines
    assert "Last-Modified: Mon, 05 Jan 2026 10:00:00 GMT" in lines
    assert any(line.startswith("ETag: ") for line in lines)
    assert not any(line.lower().startswith(("server:", "content-length:")) for line in lines)
    assert lines[-1].startswith("# sha256:") and "gzip-encoded as received" in lines[-1]

    data = json.loads(run("show", "talks", "--raw", "--json").stdout)
    assert data["schema"] == "revtrack.capture/1"
    checker = Draft202012Validator.FORMAT_CHECKER
    Draft202012Validator(schemas.load("capture"), format_checker=checker).validate(data)
    assert (data["article"], data["number"], data["status"]) == ("talks", 1, 200)
    assert data["url"] == site.url("/story")
    assert base64.b64decode(data["body_base64"]) == body and data["bytes"] == len(body)
    assert ["Content-Encoding", "gzip"] in data["headers"]
    assert datetime.fromisoformat(data["fetched_at"]).utcoffset() is not None


def test_refresh_keeps_one_capture_per_stored_version_and_each_bytes_once(
    run: RunFn, site: Site, store_home: StoreHome, stores: Stores
) -> None:
    first, second = page("Talks resume"), page("Talks resume", "The talks were delayed.")
    url = site.page("/talks", first, second, first, first, etag=False)
    assert run("add", url, "--name", "talks").code == 0
    for _ in range(3):  # a change, a revert, then the same page: no version, no capture
        assert run("refresh", "--all", "--delay", "0").code == 0
    log = json.loads(run("log", "talks", "--json").stdout)
    assert len(log["versions"]) == 3

    bodies = [raw("show", f"talks@{n}", "--raw")[1] for n in (1, 2, 3)]
    assert bodies == [first, second, first]
    location = store_home.location
    assert stores.sql(location, "SELECT count(*) FROM captures")[0][0] == 2
    assert stores.sql(location, "SELECT count(*) FROM version_captures")[0][0] == 3


def test_two_articles_with_the_same_bytes_share_one_capture(
    run: RunFn, site: Site, store_home: StoreHome, stores: Stores
) -> None:
    same = page("Talks resume")
    for path in ("/a", "/b"):
        assert run("add", site.page(path, same)).code == 0
    assert stores.sql(store_home.location, "SELECT count(*) FROM captures")[0][0] == 1
    assert stores.sql(store_home.location, "SELECT count(*) FROM version_captures")[0][0] == 2


# --- export --warc -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["news.warc.gz", "news.warc"])
def test_export_warc_reads_back_with_warcio_byte_for_byte(
    run: RunFn, site: Site, tmp_path: Path, name: str
) -> None:
    html, other = page("Talks resume"), page("Storm hits the coast")
    site.page("/story", html, gzip=True)
    assert run("add", redirected(site, "/old", "/story"), "--name", "talks").code == 0
    assert run("add", site.page("/storm", other), "--name", "storm").code == 0
    assert run("add", "notes", "-", input=b"A text read from stdin.\n").code == 0
    facts = {a: json.loads(run("show", a, "--raw", "--json").stdout) for a in ("talks", "storm")}

    target = tmp_path / name
    result = run("export", "--warc", str(target))
    assert result.code == 0 and result.stdout == "", result
    assert result.stderr == f"wrote 2 captures of 2 article(s) to {target}\n"
    with target.open("rb") as stream:
        records = _records(stream, decode=False)
    with target.open("rb") as stream:
        decoded = _records(stream, decode=True)  # (as a replay tool reads it)
    assert [r["type"] for r in records] == ["warcinfo", "response", "response"]
    assert b"software: revtrack/" in records[0]["block"]
    by_uri = {r["uri"]: (r, d) for r, d in zip(records[1:], decoded[1:], strict=True)}
    assert set(by_uri) == {site.url("/story"), site.url("/storm")}  # the final URLs
    for article, page_html in (("talks", html), ("storm", other)):
        record, replayed = by_uri[facts[article]["url"]]
        assert record["block"] == base64.b64decode(facts[article]["body_base64"])
        assert replayed["block"] == page_html
        assert record["status"] == "200"
        assert _same_moment(record["date"], facts[article]["fetched_at"])
    talks, _ = by_uri[site.url("/story")]
    assert talks["encoding"] == "gzip" and gzip.decompress(talks["block"]) == html
    checked = subprocess.run(  # every record's block and payload digests
        [str(Path(sys.executable).parent / "warcio"), "check", "-v", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0 and checked.stdout.count("digest pass") == 3, checked


def _records(stream: object, *, decode: bool) -> list[dict[str, object]]:
    """The records of a WARC file: their type, URI, date, status, content coding and block
    (for a response, its body: as stored, or decoded)."""
    found: list[dict[str, object]] = []
    for record in ArchiveIterator(stream):
        entry: dict[str, object] = {
            "type": record.rec_type,
            "uri": record.rec_headers.get_header("WARC-Target-URI"),
            "date": record.rec_headers.get_header("WARC-Date"),
        }
        if record.http_headers is not None:
            entry["status"] = record.http_headers.get_statuscode()
            entry["encoding"] = record.http_headers.get_header("Content-Encoding")
        stream_of = record.content_stream if decode else record.raw_stream.read
        entry["block"] = stream_of().read() if decode else stream_of()
        found.append(entry)
    return found


def _same_moment(warc_date: object, iso: str) -> bool:
    return datetime.fromisoformat(str(warc_date).replace("Z", "+00:00")) == (
        datetime.fromisoformat(iso)
    )


# --- copy, check, and versions without a capture -----------------------------------------


def test_copy_carries_the_captures_to_postgresql_and_back(
    run: RunFn, site: Site, postgres: pgserver.Server, tmp_path: Path
) -> None:
    first, second = page("Talks resume"), page("Talks resume", "The talks were delayed.")
    url = site.page("/talks", first, second, gzip=True, etag=False)
    assert run("add", url, "--name", "talks").code == 0
    assert run("refresh", "--all", "--delay", "0").code == 0
    assert run("add", "notes", "-", input=b"A text read from stdin.\n").code == 0
    before = [raw("show", f"talks@{n}", "--raw") for n in (1, 2)]
    server = DatabaseURL(postgres.writer_url(schema=postgres.new_schema()))
    back = tmp_path / "back" / "revtrack.db"
    assert run("copy", "--to", server.secret).code == 0
    assert run("--store", server.secret, "copy", "--to", str(back)).code == 0
    for store in (server.secret, str(back)):
        after = [raw("--store", store, "show", f"talks@{n}", "--raw") for n in (1, 2)]
        assert [a[:2] for a in after] == [b[:2] for b in before]  # the same bytes
        assert [a[2] for a in after] == [b[2] for b in before]  # the same facts
        one_error(run("--store", store, "show", "notes", "--raw"), ExitStatus.NOT_FOUND)
    assert run("--store", str(back), "check").code == 0


def test_check_finds_a_damaged_capture(
    run: RunFn, site: Site, store_home: StoreHome, stores: Stores
) -> None:
    assert run("add", site.page("/talks", page("Talks resume")), "--name", "talks").code == 0
    assert run("check", "-q").code == 0
    stores.sql(
        store_home.location,
        "UPDATE captures SET codec = ?, body = ?",
        codec.WHOLE,
        codec.compress(b"<html>another page</html>"),
    )
    result = run("check")
    assert result.code == ExitStatus.STORE_ERROR, result
    assert "talks@1 is damaged: its raw capture does not match its hash" in result.stdout, result
    one_error(
        run("show", "talks", "--raw"),
        ExitStatus.STORE_ERROR,
        "talks@1 is damaged: its raw capture does not match its hash",
    )
    assert run("show", "talks").code == 0  # the text is sound

    stores.sql(store_home.location, "UPDATE captures SET body = ?", b"not zstd")
    result = run("check")
    assert result.code == ExitStatus.STORE_ERROR, result
    assert "talks@1 is damaged: its raw capture cannot be decompressed" in result.stdout, result

    stores.sql(store_home.location, "UPDATE version_captures SET version_id = 999")
    result = run("check")
    assert result.code == ExitStatus.STORE_ERROR, result
    assert "are of a version that does not exist" in result.stdout, result


def test_versions_without_a_capture_say_so(
    run: RunFn, site: Site, store_home: StoreHome, stores: Stores, tmp_path: Path
) -> None:
    assert run("add", "notes", "-", input=b"A text read from stdin.\n").code == 0
    one_error(
        run("show", "notes@1", "--raw"),
        ExitStatus.NOT_FOUND,
        "notes@1 has no raw capture: it was not fetched from a URL",
    )
    one_error(run("export", "--warc", str(tmp_path / "x.warc")), ExitStatus.NOT_FOUND, "no raw")
    assert not (tmp_path / "x.warc").exists()
    one_error(run("show", "nothing@1", "--raw"), ExitStatus.NOT_FOUND, "unknown article")
    one_error(run("show", "notes@7", "--raw"), ExitStatus.NOT_FOUND)

    url = site.page("/talks", page("Talks resume"), page("Talks resume", "A second text."))
    assert run("add", url, "--name", "talks").code == 0
    assert run("refresh", "--all", "--delay", "0").code == 0
    # as a version stored before captures were kept
    stores.sql(
        store_home.location,
        "DELETE FROM version_captures WHERE version_id = "
        "(SELECT v.id FROM versions v JOIN articles a ON a.id = v.article_id "
        "WHERE a.key = 'talks' AND v.number = 1)",
    )
    one_error(
        run("show", "talks@1", "--raw"),
        ExitStatus.NOT_FOUND,
        "talks@1 has no raw capture: it was stored before revtrack kept raw captures",
    )
    assert run("show", "talks@2", "--raw").code == 0
    target = tmp_path / "talks.warc"
    result = run("export", "--warc", str(target), "talks", "notes")
    assert result.code == 0, result
    assert result.stderr == (
        f"wrote 1 capture of 1 article(s) to {target}; 1 version(s) without one left out\n"
    )
    one_error(
        run("export", "--warc", str(tmp_path / "missing" / "x.warc"), "talks"),
        ExitStatus.INPUT_ERROR,
        "cannot write",
    )


def test_raw_bytes_are_not_written_to_a_terminal(
    run: RunFn, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add", site.page("/talks", page("Talks resume")), "--name", "talks").code == 0
    monkeypatch.setattr(captures, "on_terminal", lambda: True)
    result = run("show", "talks", "--raw")
    assert result.code == 0 and result.stdout == "", result
    assert "bytes not written to a terminal" in result.stderr.splitlines()[-1]


def test_export_help_has_an_example(run: RunFn) -> None:
    for command in (("export",), ("show",)):
        shown = run(*command, "--help").stdout
        assert "Examples:" in shown and ("--warc" in shown or "--raw" in shown)


def test_a_store_of_schema_8_is_migrated_and_its_versions_have_no_capture(
    run: RunFn, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from revtrack.models import Snapshot
    from revtrack.store import open_store
    from revtrack.store import sqlite as backend

    db = tmp_path / "old" / "revtrack.db"
    with monkeypatch.context() as old:
        old.setattr(backend, "MIGRATIONS", backend.MIGRATIONS[:8])
        old.setattr(backend, "SCHEMA_VERSION", 8)
        as_earlier_rows(old)
        with open_store(db, write=True) as store:
            store.add("x", Snapshot("Text of the page.\n", "url"), url="https://example.com/x")
    with open_store(db, write=True) as store:
        assert store.capture("x", 1) is None and store.captures("x") == []
        assert not [step.problems for step in store.check() if step.problems]
    one_error(
        run("--store", str(db), "show", "x", "--raw"),
        ExitStatus.NOT_FOUND,
        "x@1 has no raw capture: it was stored before revtrack kept raw captures",
    )
