"""``revtrack search``: words and phrases across every stored version, when they first appeared
and when they were removed; the same results on both backends, exactly those a scan of every
text finds, whatever the query holds; the index kept up to date by every write, filled for
stores made before it, and right when writers add at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path

import pytest
from conftest import Run, StoreHome, Stores, as_earlier_rows
from hypothesis import given
from hypothesis import strategies as st
from test_schemas import valid

from revtrack import search, track
from revtrack.errors import ExitStatus, UsageError
from revtrack.models import Snapshot
from revtrack.paths import DatabaseURL, Location
from revtrack.search import Query, index_words, parse_query
from revtrack.store import Store, index, open_store, postgres, sqlite
from revtrack.text import normalize

RunFn = Callable[..., Run]
T0 = datetime(2021, 8, 18, 13, tzinfo=UTC)

#: Two articles: the port talks come in @2, stay, go in @4 and come back in @5; the budget's
#: "tax rise" is in its first version and gone from its second.
TALKS = [
    "Negotiators met on Monday.\n",
    "Negotiators met on Monday. The port talks resumed in Brellin.\n",
    "Negotiators met on Monday.\n\nThe Port\ntalks resumed in Brellin, officials said.\n",
    "Negotiators met on Monday. Nothing was agreed.\n",
    "Negotiators met on Monday. The port talks resumed; 東京 sent observers.\n",
]
BUDGET = [
    "The council approved a tax rise of 2.5% on Tuesday (NEAR the deadline).\n",
    "The council approved the budget on Tuesday.\n",
]
#: Queries with what FTS5 and tsquery would read as syntax, and what a scan must agree with.
HOSTILE = [
    ['"'],
    ['""'],
    ["*"],
    ["port*"],
    ["-port"],
    ["NEAR"],
    ["NEAR(port talks)"],
    ["port OR budget"],
    ["port", "OR", "budget"],
    ["NOT", "port"],
    ["talks:"],
    ["words:port"],
    ["^port"],
    ["(port"],
    ['port"talks'],
    ['"port talks'],
    ["'port'"],
    ["port & talks | budget"],
    ["port <-> talks"],
    ["'); DROP TABLE versions; --"],
    ["\\"],
    ["§"],
    ["2.5%"],
    ["(NEAR"],
    ["東京"],
    ["京"],
]


def add(store: Store, article: str, texts: list[str], start: int = 0) -> None:
    for n, text in enumerate(texts):
        store.add(article, Snapshot(normalize(text), "file"), T0 + timedelta(hours=start + n))


@pytest.fixture
def filled(location: Location) -> Location:
    with open_store(location, write=True) as store:
        add(store, "talks", TALKS)
        add(store, "budget", BUDGET, start=10)
    return location


def opener(location: Location) -> Callable[[], Store]:
    return lambda: open_store(location, write=False)


def scan(location: Location, query: Query) -> dict[str, list[int]]:
    """What a search must find: every version whose text holds the query, read one by one."""
    found: dict[str, list[int]] = {}
    with open_store(location, write=False) as store:
        for article in store.articles():
            for version in store.history(article.key):
                if query.first_match(version.text):
                    found.setdefault(article.key, []).append(version.number)
    return found


def searched(location: Location, *query: str) -> dict[str, list[int]]:
    result = track.search(opener(location), query)
    return {found.article: list(found.versions) for found in result.found}


# --- on both backends ------------------------------------------------------------------------


def test_a_word_and_a_phrase_their_first_and_last_versions(filled: Location) -> None:
    result = track.search(opener(filled), ["port talks"])
    assert result.terms == ("port talks",)
    (talks,) = result.found
    assert talks.versions == (2, 3, 5)  # @3 has "Port\ntalks": whitespace is whitespace
    assert [(s.first.number, s.last.number) for s in talks.stretches] == [(2, 3), (5, 5)]
    assert talks.stretches[0].removed is not None and talks.stretches[0].removed.number == 4
    assert talks.first.observed_at == T0 + timedelta(hours=1)
    assert talks.in_latest and talks.removed is None and talks.latest.number == 5
    assert (
        talks.excerpt == "Negotiators met on Monday. The port talks resumed; 東京 sent observers."
    )
    rise = track.search(opener(filled), ['"tax rise"'])
    (budget,) = rise.found
    assert budget.versions == (1,) and not budget.in_latest
    assert budget.removed is not None and budget.removed.number == 2
    assert budget.removed.observed_at == T0 + timedelta(hours=11)


def test_words_are_whole_words_case_aside(filled: Location) -> None:
    assert searched(filled, "PORT") == {"talks": [2, 3, 5]}
    assert searched(filled, "por") == {}  # not part of a word
    assert searched(filled, "talks", "officials") == {"talks": [3]}  # every term
    assert searched(filled, "talks resumed") == {"talks": [2, 3, 5]}  # one argument: a phrase
    assert searched(filled, "resumed talks") == {}  # the words, in another order
    assert searched(filled, "resumed", "talks") == {"talks": [2, 3, 5]}  # two words
    assert searched(filled, "Brellin,") == {"talks": [3]}  # punctuation counts
    assert searched(filled, "東京") == {"talks": [5]}  # a word inside a run of CJK
    assert searched(filled, "2.5%") == {"budget": [1]}
    assert searched(filled, "5%") == {"budget": [1]}  # after a point, a number starts
    assert searched(filled, "council", "budget") == {"budget": [2]}


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: " ".join(q))
def test_hostile_queries_find_what_a_scan_finds(filled: Location, query: list[str]) -> None:
    """Nothing in a query is syntax to either database: the results are those of reading
    every text (or a one-line usage error, for a query with nothing to look for)."""
    try:
        parsed = parse_query(query)
    except UsageError:
        with pytest.raises(UsageError, match="no word to search for"):
            track.search(opener(filled), query)
        return
    assert searched(filled, *query) == scan(filled, parsed)
    with open_store(filled, write=False) as store:
        assert [a.key for a in store.articles()] == ["budget", "talks"]  # (nothing dropped)


@given(
    st.text(
        st.sampled_from("aZé1_ -\u0301\u200c\u3000\t\n東京カタ한국ไทยß.٣") | st.characters(),
        max_size=60,
    )
)
def test_the_index_reads_a_text_as_one_whole_read_would(text: str) -> None:
    """The index reads each run between spaces once; the words are those of reading the
    text whole: letters, marks and joiners across a run, each character of the scripts
    without spaces alone, case folded and cut to MAX_WORD."""
    whole = search._patterns()[0].findall(search._fold(text))
    expected = tuple(sorted({word[: search.MAX_WORD] for word in whole}))
    assert index_words(text) == expected


def test_an_index_of_nothing_but_a_long_text_is_still_searched(location: Location) -> None:
    """A text with too many distinct words for the index is checked on every search."""
    huge = " ".join(f"w{n:06d}" for n in range(search.MAX_WORDS_BYTES // 7 + 10)) + "\n"
    assert index_words(huge) == (search.UNINDEXED,)
    with open_store(location, write=True) as store:
        add(store, "huge", [huge, huge + "Then the port talks.\n"])
        add(store, "small", ["The port talks.\n"])
    assert searched(location, "port talks") == {"huge": [2], "small": [1]}
    assert searched(location, "w000007") == {"huge": [1, 2]}


def test_the_migration_indexes_the_versions_stored_before(
    stores: Stores, location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store of the schema before the index (SQLite 7, PostgreSQL 3) has it filled when it
    is opened, with every version, rebuilt from its compressed row."""
    module = postgres if isinstance(location, DatabaseURL) else sqlite
    before = next(n for n, step in enumerate(module.MIGRATIONS) if index.fill in step)
    with monkeypatch.context() as old:
        old.setattr(module, "MIGRATIONS", module.MIGRATIONS[:before])
        old.setattr(module, "SCHEMA_VERSION", before)
        as_earlier_rows(old)
        made = postgres.PostgresStore if module is postgres else sqlite.SqliteStore
        old.setattr(made, "_index", lambda *_: None)  # as revtrack wrote before the index
        with open_store(location, write=True) as store:
            add(store, "talks", TALKS)
            add(store, "budget", BUDGET, start=10)
    assert "version_words" not in stores.tables(location)
    assert searched(location, "port talks") == {"talks": [2, 3, 5]}  # (a reader migrates)
    assert searched(location, "tax rise") == {"budget": [1]}
    with open_store(location, write=True) as store:
        add(store, "talks", [TALKS[-1] + "The tax rise.\n"], start=6)
    assert searched(location, "tax rise") == {"budget": [1], "talks": [6]}


def test_check_finds_a_version_missing_from_the_index(
    filled: Location, stores: Stores, run: RunFn
) -> None:
    with open_store(filled, write=False) as store:
        second = store.version("talks", 2)
        first = store.version("talks", 1)
    words = " ".join(search.new_words(second.text, first.text))
    (row,) = stores.sql(
        filled,
        "SELECT v.id FROM versions v JOIN articles a ON a.id = v.article_id "
        "WHERE a.key = 'talks' AND v.number = 2",
    )
    if isinstance(filled, DatabaseURL):
        stores.sql(filled, "DELETE FROM version_words WHERE version_id = ?", row[0])
    else:  # (a contentless FTS5 row is deleted with the words it was given)
        stores.sql(
            filled,
            "INSERT INTO version_words (version_words, rowid, words) VALUES ('delete', ?, ?)",
            row[0],
            words,
        )
    with open_store(filled, write=False) as store:
        problems = [p for step in store.check() for p in step.problems]
    assert [(p.article, p.version) for p in problems] == [("talks", 2)], problems
    assert "not in the search index" in problems[0].message


def test_copy_indexes_what_it_writes(run: RunFn, store_home: StoreHome, tmp_path: Path) -> None:
    for text in TALKS:
        assert run("add", "talks", "-", input=text.encode()).code == 0
    target = tmp_path / "copy.db"
    assert run("copy", "--to", str(target)).code == 0
    assert searched(target, "port talks") == {"talks": [2, 3, 5]}


def _add_when_told(location: Location, go: str, worker: int) -> str:
    while not Path(go).exists():
        pass
    with open_store(location, write=True) as store:
        for n in range(3):
            text = f"Worker {worker} wrote line {n}, word{worker}x{n}.\n"
            store.add("shared", Snapshot(text, "file"))
            store.add(f"own{worker}", Snapshot(text, "file"))
    return "done"


def test_writers_adding_at_once_index_every_version(stores: Stores) -> None:
    workers = 4
    location, go = stores.new(), stores.directory / "go"
    with open_store(location, write=True) as store:
        add(store, "shared", ["A first version.\n"])
    with get_context("spawn").Pool(workers) as pool:
        pending = pool.starmap_async(
            _add_when_told, [(location, str(go), w) for w in range(workers)]
        )
        go.touch()
        assert pending.get(timeout=120) == ["done"] * workers
    with open_store(location, write=False) as store:
        shared = store.history("shared")
    assert len(shared) == 1 + 3 * workers
    for worker in range(workers):
        for n in range(3):
            found = searched(location, f"word{worker}x{n}")
            number = next(v.number for v in shared if f"word{worker}x{n}" in v.text)
            assert found == {"shared": [number], f"own{worker}": [n + 1]}
    assert searched(location, "worker", "wrote")["shared"] == list(range(2, 2 + 3 * workers))


# --- the command ---------------------------------------------------------------------------


def add_by_command(run: RunFn) -> None:
    for article, texts, start in (("talks", TALKS, 0), ("budget", BUDGET, 10)):
        for n, text in enumerate(texts):
            moment = (T0 + timedelta(hours=start + n)).isoformat()
            assert run("add", article, "-", "--at", moment, input=text.encode()).code == 0


def test_words_that_look_like_options_are_words(run: RunFn, store_home: StoreHome) -> None:
    """A word of a query may start with a dash: only the command's own options are options
    ("-dash" is no cluster of -d -a -s -h, which printed the help)."""
    add_by_command(run)
    data = valid(run("search", "-dash", "port", "--json"), "search")
    assert data["terms"] == ["-dash", "port"] and data["articles"] == []
    ordered = valid(run("search", "--json", "--color=never", "--", "--utc"), "search")
    assert ordered["terms"] == ["--utc"]
    found = valid(run("search", "--color", "never", "tax", "--json"), "search")
    assert [a["article"] for a in found["articles"]] == ["budget"]
    assert (
        run("search", "-h").stdout.startswith("Usage: ")
        and "QUERY..." in run("search", "-h").stdout
    )


def test_json_output(run: RunFn, store_home: StoreHome) -> None:
    add_by_command(run)
    data = valid(run("search", '"port talks" resumed', "--json"), "search")
    assert data["terms"] == ["port talks", "resumed"]
    (talks,) = data["articles"]
    assert talks["versions"] == [2, 3, 5] and talks["in_latest"] is True
    assert talks["first"] == {"number": 2, "observed_at": "2021-08-18T14:00:00+00:00"}
    assert talks["removed"] is None and talks["latest"]["number"] == 5
    assert [s["removed"] for s in talks["stretches"]] == [
        {"number": 4, "observed_at": "2021-08-18T16:00:00+00:00"},
        None,
    ]
    gone = valid(run("search", "tax rise", "--json"), "search")["articles"][0]
    assert (gone["in_latest"], gone["removed"]["number"]) == (False, 2)
    none = valid(run("search", "ceasefire", "--json"), "search")
    assert none["articles"] == []


def test_terminal_output(run: RunFn) -> None:
    add_by_command(run)
    result = run("search", "port talks")
    assert result.code == 0 and not result.stderr, result
    assert result.stdout.splitlines() == [
        "talks  @2–@3, @5  first in @2 2021-08-18 10:00:00 -0400  still in @5, the latest",
        "       Negotiators met on Monday. The port talks resumed; 東京 sent observers.",
    ]
    gone = run("search", "tax", "rise").stdout.splitlines()[0]
    assert gone == (
        "budget  @1  first in @1 2021-08-18 19:00:00 -0400  removed in @2 2021-08-18 20:00:00 -0400"
    )
    assert "\x1b[" in run("search", "port", "--color", "always").stdout


def test_nothing_found_says_so_and_succeeds(run: RunFn) -> None:
    result = run("search", "ceasefire")  # no store yet: nothing found, nothing created
    assert (result.code, result.stdout) == (0, ""), result
    assert result.stderr == "no stored version holds ceasefire\n"
    add_by_command(run)
    assert run("search", "ceasefire").stderr == "no stored version holds ceasefire\n"


@pytest.mark.parametrize("query", [['"'], ["*"], ["-"], ["--", "-"], ['" "'], ["..."]])
def test_a_query_without_words_is_a_usage_error(run: RunFn, query: list[str]) -> None:
    add_by_command(run)
    result = run("search", *query)
    assert result.code == ExitStatus.USAGE, result
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result


@pytest.mark.parametrize("query", [["\udcff"], ["x\udcffy", "port"]])
def test_a_query_that_is_not_utf8_is_a_usage_error(run: RunFn, query: list[str]) -> None:
    """An argument whose bytes were not UTF-8 (surrogate escapes) is refused in one line."""
    add_by_command(run)
    result = run("search", *query, "--json")
    assert result.code == ExitStatus.USAGE and "is not UTF-8" in result.stderr, result
    assert result.stderr.count("\n") == 1, result


def test_option_like_words_are_words(run: RunFn) -> None:
    add_by_command(run)
    result = run("search", "-x", "--json")
    assert result.code == 0 and valid(result, "search")["terms"] == ["-x"], result
    assert run("search").code == ExitStatus.USAGE


def _pattern_of(term: str) -> str:
    """The term as one pattern: its pieces, whitespace between them, a word's ends."""
    import regex

    from revtrack.search import _WORDLY, _fold

    folded = _fold(term)
    body = r"\s+".join(regex.escape(piece) for piece in folded.split())
    start = rf"(?<!{_WORDLY})" if regex.match(_WORDLY, folded[0], regex.V1) else ""
    end = rf"(?!{_WORDLY})" if regex.match(_WORDLY, folded[-1], regex.V1) else ""
    return f"{start}{body}{end}"


_SEARCHED = st.text(alphabet="ab é-.(\n\t\u00a0\x1c", max_size=30)


@given(_SEARCHED, st.text(alphabet="ab é-.(", min_size=1, max_size=6))
def test_a_term_is_found_where_its_pattern_is(text: str, term: str) -> None:
    import regex

    from revtrack.search import _fold, _found

    if not term.split():
        return
    folded = _fold(text)
    expected = regex.search(_pattern_of(term), folded, regex.V1)
    assert _found(term, folded) == (expected.span() if expected else None)


def test_a_long_term_in_a_longer_word_is_looked_for_once_a_word(run: Run) -> None:
    """4,000 x's against a word of 100,000 (a pattern tried each character: 20 s)."""
    run("add", "long", "-", input="Headline\n\nSome words " + "x" * 100_000 + " end.\n")
    result = run("search", "x" * 4000)
    assert result.code == 0 and "no stored version holds" in result.stderr, result
    found = run("search", "x" * 100_000)
    assert found.code == 0 and found.stdout.startswith("long  @1  first in @1"), found
