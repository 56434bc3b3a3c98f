"""Hostile servers, feeds, stores and environments: each refused in one line with its
documented status, in bounded work, and never at the cost of what the store holds.

Inputs whose quadratic handling once took minutes are sized so that it would again; they are
checked for what they give, never timed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from test_copy import source_store
from test_export import _lines
from test_fetching import one_error
from test_web_archives import warcs
from webserver import Site

from revtrack.archives import _listing
from revtrack.errors import ExitStatus
from revtrack.store import open_store

RunFn = Callable[..., Run]
KEEP = b"Talks resumed on Monday.\n\nThe union said so.\n"


@pytest.mark.usefixtures("store_home")
def test_a_feed_of_sixty_thousand_links_is_read_in_linear_time(run: RunFn, site: Site) -> None:
    items = "".join(f"<item><link>/story-{i % 60_000}</link></item>" for i in range(61_000))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    feed = site.page("/rss.xml", body, content_type="application/rss+xml")
    followed = run("follow", feed)
    assert followed.code == 0, followed
    assert f"following {feed}: 60000 articles listed" in followed.stderr, followed


@pytest.mark.parametrize("agent", ["revtrack \u2603", "revtrack\udcff", "a\nb"])
def test_a_user_agent_that_is_no_header_value_is_a_usage_error(run: RunFn, agent: str) -> None:
    for command in ("add", "follow"):
        result = run(command, "--user-agent", agent, "http://127.0.0.1:9/story")
        assert result.code == ExitStatus.USAGE, result
        assert result.stderr.startswith("Error: Invalid value for '--user-agent': "), result
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result


@pytest.mark.parametrize(
    ("name", "url", "message"),
    [
        ("", None, "article name is empty"),
        (" long", None, "invalid article name ' long'"),
        ("long", "javascript:alert(1)", "invalid URL 'javascript:alert(1)'"),
        ("long", "file:///etc/passwd", "invalid URL 'file:///etc/passwd'"),
    ],
)
def test_an_export_with_an_article_add_would_refuse_is_refused_whole(
    run: RunFn, tmp_path: Path, name: str, url: str | None, message: str
) -> None:
    records = _lines(source_store(tmp_path))
    for record in records:
        if record.get("type") == "article" and record["name"] == "long":
            record.update(name=name, url=url)
        if record.get("article") == "long":  # (its versions, and a rule of its own)
            record.update(article=name)
    target = tmp_path / "target.db"
    data = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    result = run("--store", str(target), "import", "-", input=data)
    one_error(result, ExitStatus.INPUT_ERROR, message)
    with open_store(target, write=False) as store:
        assert [a.key for a in store.articles()] == []  # long is the first article


@pytest.mark.parametrize("length", [b"40", b"9" * 40])
def test_a_warc_record_of_a_bogus_length_is_refused_in_one_line(
    run: RunFn, tmp_path: Path, length: bytes
) -> None:
    _, plain = warcs(tmp_path)
    data = plain.read_bytes()
    start = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    plain.write_bytes(data[:start] + length + data[data.index(b"\r\n", start) :])
    store = tmp_path / "store.db"
    assert run("--store", str(store), "add", "keep", "-", input=KEEP).code == 0
    result = run("--store", str(store), "import", "--warc", str(plain))
    one_error(result, ExitStatus.INPUT_ERROR, f"{plain}: not a WARC file (a record's length")
    with open_store(store, write=False) as opened:
        assert [a.key for a in opened.articles()] == ["keep"]


def test_output_in_an_ascii_encoding_escapes_what_it_cannot_hold(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    text = "Z\u00fcrich talks resume, says the caf\u00e9 owner in \u6771\u4eac.\n".encode()

    def revtrack(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "revtrack", "-P", "--store", str(tmp_path), *args]
        return subprocess.run(command, input=input, env=env, capture_output=True, check=False)

    added = revtrack("add", "Z\u00fcrich", "-", input=text)
    assert added.returncode == 0, added
    assert added.stdout.startswith(b"Z\\xfcrich@1  "), added
    shown = revtrack("show", "Z\u00fcrich")
    assert shown.returncode == 0, shown
    assert shown.stdout == text.decode().encode("ascii", "backslashreplace"), shown
    for args in (["list"], ["log", "Z\u00fcrich"], ["ignore", "list"]):
        result = revtrack(*args)
        assert result.returncode == 0 and b"Traceback" not in result.stderr, result


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"type": "ignore_rule", "pattern": "(unclosed"}, "not a regular expression: (unclosed"),
        ({"type": "ignore_rule", "pattern": "x", "site": "a b/c"}, "not a site: 'a b/c'"),
        (
            {"type": "alert_target", "url": "javascript:alert(1)", "min_severity": "minor"},
            "not an alert URL Apprise can use: 'javascript:alert(1)'",
        ),
        (
            {"type": "alert_target", "url": "json://127.0.0.1:9/", "site": "a b/c"},
            "not a site: 'a b/c'",
        ),
    ],
)
def test_an_export_with_a_rule_or_target_the_commands_would_refuse_is_refused(
    run: RunFn, tmp_path: Path, record: dict[str, str], message: str
) -> None:
    """A rule that is no pattern would stop every diff, log and notes of the store after."""
    records = [*_lines(source_store(tmp_path)), {"min_severity": "minor", **record}]
    target = tmp_path / "target.db"
    data = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    result = run("--store", str(target), "import", "-", input=data)
    one_error(result, ExitStatus.INPUT_ERROR, f"standard input:{len(records)}: {message}")
    assert run("--store", str(target), "ignore", "list").code in (0, 5)
    if target.exists():
        with open_store(target, write=False) as store:
            assert not any(r.pattern == "(unclosed" for r in store.ignore_rules())
            assert not store.alert_targets()


def test_a_store_path_too_long_for_the_system_is_a_store_error(run: RunFn, tmp_path: Path) -> None:
    long = str(tmp_path / ("x" * 300) / "store")
    for args in (["list"], ["add", "talks", "-"], ["log", "talks"], ["check"]):
        result = run("--store", long, *args, input=KEEP)
        one_error(result, ExitStatus.STORE_ERROR, "File name too long")
        assert "cannot write" not in result.stderr, result


@pytest.mark.parametrize(
    "listing",
    [
        b"[" * 100_000 + b"]" * 100_000,  # nested too deeply for the parser
        b'[[["timestamp"], "original"], ["20240305142000", "https://a.example/x"]]',
        b'[["timestamp", "original"], ["20240305142000", ["https://a.example/x"]]]',
        b'[["timestamp", "original"], [20240305142000, {"u": 1}]]',
        b'[["timestamp", "original"], ["2024030514200' + b"0" * 5000 + b'", "x"]]',
    ],
)
def test_a_hostile_wayback_listing_is_a_fetch_error(
    run: RunFn, site: Site, tmp_path: Path, listing: bytes
) -> None:
    story = "https://news.example/2024/talks-resume"
    site.page(_listing(site.base, story).removeprefix(site.base), listing)
    options = ("--wayback-server", site.base, "--delay", "0", "--retries", "0")
    result = run("--store", str(tmp_path), "import", "--wayback", story, *options)
    one_error(result, ExitStatus.FETCH_ERROR, "the archive's listing is not CDX JSON")
