"""``revtrack export`` and ``revtrack import``: a whole store as JSON Lines and back, on both
backends, byte for byte; resumed after an interruption; clashes named, never merged; bad lines
stopped with their number before any of their article is stored."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import Run, Stores
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_copy import T0, arg, contents, fill, outputs, source_store
from test_fetching import one_error
from test_schemas import valid as checked
from webserver import Site

from revtrack.archives import import_store
from revtrack.cli import cli
from revtrack.dump import write_items
from revtrack.errors import ExitStatus
from revtrack.models import Snapshot
from revtrack.paths import Location, store_location
from revtrack.raw import RawCapture
from revtrack.store import open_store
from revtrack.transfer import read_store

RunFn = Callable[..., Run]


def exported(location: Location, *args: str) -> bytes:
    """What ``export`` writes of the store at ``location``, byte for byte."""
    result = CliRunner().invoke(cli, ["--store", arg(location), "export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def imported(run: RunFn, location: Location, *args: str, input: bytes | None = None) -> Run:
    return run("--store", arg(location), "import", *args, input=input)


def valid(result: Run) -> dict[str, Any]:
    """The summary ``import --json`` printed, checked against its schema."""
    data: dict[str, Any] = checked(result, "import")
    return data


# --- lossless, both ways ----------------------------------------------------------------------


def test_an_export_imported_and_exported_again_is_the_same_bytes(
    run: RunFn, site: Site, stores: Stores, tmp_path: Path
) -> None:
    source = fill(run, site)
    original, shown = contents(source), outputs(source)
    first = exported(source)
    lines = [json.loads(line) for line in first.splitlines()]
    assert lines[0] == {"type": "header", "format": "revtrack.export", "version": 1, "articles": 5}
    kinds = [line["type"] for line in lines]
    assert kinds.count("version") == 13 and kinds.count("article") == 5
    assert {"feed", "unfollowed_feed", "ignore_rule", "alert_target", "settings"} <= set(kinds)
    assert kinds.count("alert_target") == 3
    assert [line["tracking"]["paused"] for line in lines if line.get("tracking")] == [
        False,
        True,
        True,
    ]
    assert any(line.get("capture") for line in lines), "the fetched page's raw capture"
    assert first.isascii() and first.endswith(b"\n")

    path = tmp_path / "store.jsonl"
    path.write_bytes(first)
    target = stores.new()
    result = imported(run, target, str(path))
    assert result.code == 0 and result.stdout == "", result
    assert result.stderr == (
        f"imported from {path}: 5 articles, 13 versions imported, 0 already there, 2 feeds,"
        " 4 rules\n"
    )
    assert exported(target) == first
    assert contents(target) == original
    assert outputs(target) == shown
    show = ["show", "council-approves-budget@1", "--raw", "--json"]
    there = run("--store", arg(target), *show)
    assert there.code == 0 and there.stdout == run(*show).stdout

    again = valid(imported(run, target, "-", "--json", input=first))
    assert again == {
        "schema": "revtrack.import/1",
        "source": "jsonl",
        "articles": 5,
        "versions_imported": 0,
        "versions_present": 13,
        "feeds": 2,
        "rules": 4,
        "skipped": {},
        "clashes": [],
        "warnings": [],
        "failure": None,
    }
    assert exported(target) == first  # nothing twice


def test_the_chosen_articles_alone(run: RunFn, site: Site, tmp_path: Path) -> None:
    source = fill(run, site)
    chosen = exported(source, "talks", "https://news.example/old/story", "-o", "-")
    records = [json.loads(line) for line in chosen.splitlines()]
    assert records[0]["articles"] == 2
    assert [r["name"] for r in records if r["type"] == "article"] == ["old-story", "talks"]
    assert [r["type"] for r in records if r["type"] not in ("article", "version")] == [
        "header",
        "unfollowed_feed",  # the feed that brought old-story
        "ignore_rule",  # the rule of talks
        "alert_target",  # the target of talks
    ]
    target = tmp_path / "two.db"
    assert imported(run, target, "-", input=chosen).code == 0
    assert exported(target, "talks", "old-story") == chosen
    one_error(run("export", "nowhere"), ExitStatus.NOT_FOUND, "nowhere")


def test_export_writes_a_file_whole(run: RunFn, tmp_path: Path) -> None:
    run("add", "x", "-", input=b"One sentence of the story.\n")
    target = tmp_path / "out.jsonl"
    result = run("export", "-o", str(target))
    assert result.code == 0 and result.stdout == "", result
    assert result.stderr == f"exported 1 article, 1 version (0 with a raw capture) to {target}\n"
    assert target.read_bytes() == exported(store_location())
    one_error(run("export", "-o", str(tmp_path / "no" / "x.jsonl")), ExitStatus.INPUT_ERROR)
    assert not (tmp_path / "no").exists()
    result = run("export", "-o", str(target), "--warc", str(tmp_path / "x.warc"))
    one_error(result, ExitStatus.USAGE, "two outputs")


# --- a generated store, round and round ----------------------------------------------------------

_names = st.sampled_from(["a", "b-2", "Ünïcode", "talks"])
_texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=60)
_steps = st.lists(
    st.tuples(_texts, st.integers(0, 10**12), st.sampled_from(["file", "stdin", "url"])),
    min_size=1,
    max_size=5,
)
_starts = st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(_names, _steps, min_size=1, max_size=3), _starts, st.data())
def test_generated_stores_round_trip(
    stores: Stores,
    tmp_path_factory: pytest.TempPathFactory,
    articles: dict[str, Any],
    start: datetime,
    data: st.DataObject,
) -> None:
    """Stores of generated texts, times (to the microsecond), titles, metadata, URLs and raw
    captures: exported, imported into each backend and exported again, the same bytes."""
    source = tmp_path_factory.mktemp("generated") / "source.db"
    with open_store(source, write=True) as store:
        for n, (name, steps) in enumerate(articles.items()):
            at, url = start, f"https://news.example/{n}" if data.draw(st.booleans()) else None
            for text, microseconds, kind in steps:
                at += timedelta(microseconds=microseconds)
                title = data.draw(st.none() | _texts)
                metadata = data.draw(st.dictionaries(_texts, _texts, max_size=2))
                body = data.draw(st.none() | st.binary(max_size=100)) if url else None
                head = (("Content-Type", "text/html"),)
                capture = None if body is None else RawCapture(url or "", 200, "OK", head, at, body)
                snapshot = Snapshot(text, kind, title, metadata)
                store.add(name, snapshot, at, url=url, capture=capture)
    first = exported(source)
    target = stores.new()
    result = CliRunner().invoke(cli, ["--store", arg(target), "import", "-"], input=first)
    assert result.exit_code == 0, result.output
    assert exported(target) == first
    assert contents(target) == contents(source)


# --- resumed, and clashes -------------------------------------------------------------------------


def test_an_interrupted_import_resumes(run: RunFn, stores: Stores, tmp_path: Path) -> None:
    source = source_store(tmp_path)
    path = tmp_path / "source.jsonl"
    path.write_bytes(exported(source))
    target = stores.new()

    class Stop:
        def total(self, count: int) -> None:
            pass

        def copied(self, article: str, versions: int) -> None:
            if article == "short":
                raise KeyboardInterrupt

    opener = lambda: open_store(target, write=True)  # noqa: E731
    with path.open("rb") as stream, pytest.raises(KeyboardInterrupt):
        import_store(opener, stream, str(path), Stop())
    report = valid(imported(run, target, str(path), "--json"))
    assert (report["versions_imported"], report["versions_present"]) == (3, 6)
    assert exported(target) == path.read_bytes()
    assert contents(target) == contents(source)


def test_a_clash_is_named_and_left_as_it_was(run: RunFn, stores: Stores, tmp_path: Path) -> None:
    source = source_store(tmp_path)
    target = stores.new()
    with open_store(target, write=True) as store:
        store.add("long", Snapshot("Version 0 of the long story.", "file"), T0)
        store.add("long", Snapshot("Another text altogether.", "file"), T0 + timedelta(1))
        store.add("short", Snapshot("Short.", "file"), T0 + timedelta(seconds=1))
    before = contents(target)["versions"]
    result = imported(run, target, "-", input=exported(source))
    assert result.code == ExitStatus.STORE_ERROR and result.stdout == "", result
    assert result.stderr.splitlines() == [
        "imported from standard input: 1 article, 3 versions imported, 0 already there,"
        " 1 feed, 0 rules",
        "Error: 2 articles not imported, the store holds them otherwise: long@2: the target's"
        " version differs from the source's; short@1: the target's version differs from the"
        " source's",
    ]
    after = contents(target)
    assert after["versions"]["long"] == before["long"]
    assert after["versions"]["short"] == before["short"]
    assert after["rules"] == []  # the rule of long is not put on the store's long
    assert [v.text for v in after["versions"]["tracked"]] == [f"Tracked {n}." for n in range(3)]


# --- bad input --------------------------------------------------------------------------------


def _lines(location: Location) -> list[dict[str, Any]]:
    return [json.loads(line) for line in exported(location).splitlines()]


def _broken(
    records: list[dict[str, Any]], n: int, change: Callable[[dict[str, Any]], Any]
) -> bytes:
    changed = [dict(r) for r in records]
    result = change(changed[n])
    if result is not None:
        changed[n] = result
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in changed
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: b"{not json", "not a JSON record"),
        (lambda r: b"[" * 100_000 + b"]" * 100_000, "not a JSON record (nested too deeply)"),
        (lambda r: b'{"number": 1' + b"0" * 5000 + b"}", "not a JSON record (Exceeds the limit"),
        (lambda r: r.update(text="Tampered."), "the text does not match its hash"),
        (lambda r: r.update(number=7), "version 7 where 2 should come"),
        (
            lambda r: r.update(observed_at="2020-01-01T00:00:00+00:00"),
            "version 2 is observed before the version before it",
        ),
        (
            lambda r: r.update(observed_at="2025-01-02T14:00:00"),
            "version: observed_at has no time zone",
        ),
        (lambda r: r.update(number="2"), "version: number must be a whole number"),
        (lambda r: {k: v for k, v in r.items() if k != "source"}, "version: source is missing"),
        (lambda r: r.update(revert_of=1), "version 2's revert_of should be None"),
        (lambda r: r.update(type="alert"), "unknown record type 'alert'"),
        (lambda r: ["a list"], "a line must be a JSON object"),
        (
            lambda r: r.update(capture={"body_base64": "!!", "hash": "x"}),
            "the capture's body_base64 is not base64",
        ),
    ],
)
def test_a_bad_line_stops_the_import_before_its_article(
    run: RunFn, tmp_path: Path, change: Callable[[dict[str, Any]], Any], message: str
) -> None:
    source = source_store(tmp_path)
    records = _lines(source)
    n = next(i for i, r in enumerate(records) if r.get("article") == "long" and r["number"] == 2)
    target = tmp_path / "target.db"
    result = imported(run, target, "-", input=_broken(records, n, change))
    one_error(result, ExitStatus.INPUT_ERROR, f"standard input:{n + 1}: {message}")
    with open_store(target, write=False) as store:
        assert [a.key for a in store.articles()] == []  # long is the first article


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "standard input:1: empty: not a revtrack export"),
        (b'{"type": "article"}\n', "standard input:1: not a revtrack export"),
        (
            b'{"type": "header", "format": "revtrack.export", "version": 2, "articles": 0}\n',
            "standard input:1: format version 2: this revtrack reads 1",
        ),
        (
            b'{"type":"header","format":"revtrack.export","version":1,"articles":1}\n'
            b'{"type":"article","name":"x","url":null,"versions":0,"tracking":null}\n',
            "standard input:3: the article 'x' of line 2 has 0 of its 0 versions",
        ),
        (
            b'{"type":"header","format":"revtrack.export","version":1,"articles":0}\n'
            b'{"type":"version","article":"x"}\n',
            "standard input:2: a version record before any article record",
        ),
        (
            b'{"type":"header","format":"revtrack.export","version":1,"articles":0}\n'
            b'{"type":"alert_target","url":"json://h/","min_severity":"loud"}\n',
            "standard input:2: alert_target: 'loud' is no severity (typo, minor, substantive)",
        ),
    ],
)
def test_what_is_no_export_is_refused(
    run: RunFn, tmp_path: Path, text: bytes, message: str
) -> None:
    target = tmp_path / "target.db"
    one_error(imported(run, target, "-", input=text), ExitStatus.INPUT_ERROR, message)
    assert not target.exists() or not contents(target)["articles"]


def test_the_command_line_is_checked(run: RunFn, tmp_path: Path) -> None:
    one_error(run("import"), ExitStatus.USAGE, "give a FILE")
    one_error(run("import", "a", "b"), ExitStatus.USAGE, "one export at a time")
    one_error(run("import", "--warc", "-"), ExitStatus.USAGE, "not standard input")
    one_error(run("import", "x", "--wayback", "https://e.example/"), ExitStatus.USAGE, "no FILE")
    missing = tmp_path / "missing.jsonl"
    one_error(run("import", str(missing)), ExitStatus.INPUT_ERROR, f"cannot read {missing}")
    for command in ("import", "export"):
        assert "Examples:" in run(command, "--help").stdout


def test_times_keep_their_microseconds(run: RunFn, tmp_path: Path) -> None:
    moment = datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=UTC)
    with open_store(store_location(), write=True) as store:
        store.add("leap", Snapshot("Leap day.", "file"), moment)
    records = _lines(store_location())
    assert records[2]["observed_at"] == "2024-02-29T23:59:59.999999+00:00"


def test_an_export_cut_short_stores_whole_articles_only(run: RunFn, tmp_path: Path) -> None:
    lines = exported(source_store(tmp_path)).splitlines(keepends=True)
    kinds = [json.loads(line)["type"] for line in lines]
    assert kinds[:9] == ["header", "feed", "article", *["version"] * 5, "article"]
    target = tmp_path / "target.db"
    result = imported(run, target, "-", input=b"".join(lines[:5]))  # long@1 and @2
    one_error(result, ExitStatus.INPUT_ERROR, "standard input:6: the article 'long' of line 3")
    assert "has 2 of its 5 versions" in result.stderr
    assert contents(target)["articles"] == []
    result = imported(run, target, "-", input=b"".join(lines[:8]))  # long whole
    one_error(result, ExitStatus.INPUT_ERROR, "standard input:9: the export ends after 1 of its 3")
    assert [a.key for a in contents(target)["articles"]] == ["long"]
    assert imported(run, target, "-", input=b"".join(lines)).code == 0  # and goes on
    assert exported(target) == b"".join(lines)


def test_on_a_terminal_the_import_draws_its_progress_bar(run: RunFn, tmp_path: Path) -> None:
    run("add", "x", "-", input=b"One sentence of the story.\n")
    run("add", "y", "-", input=b"Another sentence of the story.\n")
    path = tmp_path / "two.jsonl"
    assert run("export", "-o", str(path)).code == 0
    target = ["--store", str(tmp_path / "target.db"), "import", str(path)]
    result = run(*target, env={"FORCE_COLOR": "1"})  # stderr: a terminal
    assert result.code == 0 and "2/2" in result.stderr, result
    assert result.stderr.endswith(
        f"imported from {path}: 2 articles, 2 versions imported, 0 already there, 0 feeds,"
        " 0 rules\n"
    )
    assert "2/2" not in run(*target).stderr


def test_export_holds_one_article_at_a_time(tmp_path: Path) -> None:
    """Each article's versions are read when its turn comes, and written before the next
    article is read: the memory an export takes is that of its largest article."""
    events: list[tuple[str, str]] = []

    class Watched:
        def __init__(self, store: Any) -> None:
            self.store = store

        def __getattr__(self, name: str) -> Any:
            return getattr(self.store, name)

        def history(self, article: str) -> Any:
            events.append(("read", article))
            return self.store.history(article)

    class Output(io.StringIO):
        def write(self, text: str) -> int:
            record = json.loads(text)
            if record["type"] == "version":
                events.append(("wrote", record["article"]))
            return super().write(text)

    with open_store(source_store(tmp_path), write=False) as store:
        count, items = read_store(Watched(store))
        assert count == 3 and events == []
        assert write_items(Output(), count, items) == (9, 0)
    assert events == [
        ("read", "long"),
        *[("wrote", "long")] * 5,
        ("read", "short"),
        ("wrote", "short"),
        ("read", "tracked"),
        *[("wrote", "tracked")] * 3,
    ]
