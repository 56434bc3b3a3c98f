"""The use cases, called as the commands and the cron job call them, on a real SQLite file and a
real HTTP server on 127.0.0.1: add a snapshot, record a check, follow and unfollow a feed,
compare two revisions, and read logs, notes and versions; each reads the store once."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, Stores, article_versions
from test_refresh import rss
from webserver import Site

from revtrack import capture, track
from revtrack.errors import ExtractionError, FetchError, InputError, NotFoundError, UsageError
from revtrack.fetch import FetchOptions, Page
from revtrack.models import AddStatus, Criteria, FindingKind, Outcome, Snapshot, Tracking, Version
from revtrack.paths import Location
from revtrack.schedule import Schedule
from revtrack.store import Store, open_store

HOUR = timedelta(hours=1)
T0 = datetime(2021, 8, 18, 12, tzinfo=UTC)
LEDGER = (FIXTURES / "html" / "ledger-budget.html").read_bytes()
STORY = "The council voted 7-2 on Tuesday to approve the budget.\n"
LONG = "".join(f"Sentence number {n} of the long story says something new.\n" for n in range(40))


class Counting:
    """A store that counts the reads of versions made through it."""

    READS = (
        "history",
        "read_history",
        "version",
        "versions",
        "article",
        "articles",
        "find_url",
        "tracked",
    )

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        if name in self.READS:
            self.calls[name] += 1
        return getattr(self.store, name)

    def __enter__(self) -> Counting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()


@pytest.fixture
def db(location: Location) -> Location:
    """The store of the use cases, of each backend."""
    return location


@pytest.fixture
def opened(db: Location) -> list[Counting]:
    """Every store the use cases opened, in order."""
    return []


@pytest.fixture
def opener(db: Location, opened: list[Counting]) -> Callable[[], Counting]:
    def opening() -> Counting:
        store = Counting(open_store(db, write=True))
        opened.append(store)
        return store

    return opening


def source(tmp_path: Path, text: str, name: str = "story.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def stored(db: Location, article: str) -> list[Version]:
    with open_store(db, write=True) as store:
        return list(store.history(article))


# --- add ---------------------------------------------------------------------------------


def test_add_a_first_version_then_a_change(
    opener: Any, opened: list[Counting], tmp_path: Path, db: Location
) -> None:
    first = track.add(opener, "talks", source(tmp_path, STORY), at=T0)
    assert (first.status, first.version.number, first.words_added, first.transition) == (
        AddStatus.ADDED,
        1,
        None,
        None,
    )
    changed = STORY.replace("7-2", "8-1") + "Update: This article was updated.\n"
    later = T0 + timedelta(hours=1)
    second = track.add(opener, "talks", source(tmp_path, changed), at=later)
    assert (second.status, second.version.number) == (AddStatus.ADDED, 2)
    assert (second.words_added, second.words_deleted) == (7, 2)  # 8-1 and the note; 7-2
    assert [n.kind.value for n in second.new_notes] == ["update"]
    assert second.transition is not None and second.transition.from_version == 1
    # one open each; the latest version read to decide, the history only for a new version
    # after another (its transition, and the URL whose site's ignore rules apply)
    assert [s.calls for s in opened] == [
        Counter(version=1),
        Counter(version=1, read_history=1),
    ]
    assert [v.text for v in stored(db, "talks")] == [STORY, changed]


def test_add_an_unchanged_text_stores_nothing(
    opener: Any, opened: list[Counting], tmp_path: Path, db: Location
) -> None:
    track.add(opener, "talks", source(tmp_path, STORY), at=T0)
    opened.clear()
    again = track.add(opener, "talks", source(tmp_path, STORY + "\n\n"))
    assert (again.status, again.version.number, again.words_added) == (AddStatus.UNCHANGED, 1, None)
    assert [s.calls for s in opened] == [Counter(version=1)]  # no history read
    assert again.new_notes == () and again.findings == ()
    assert len(stored(db, "talks")) == 1


def test_add_from_standard_input_and_a_revert(opener: Any, tmp_path: Path) -> None:
    track.add(opener, "talks", "-", reading=capture.Reading(stdin=io.BytesIO(STORY.encode())))
    track.add(opener, "talks", source(tmp_path, STORY + "More.\n"))
    back = track.add(
        opener, "talks", "-", reading=capture.Reading(stdin=io.BytesIO(STORY.encode()))
    )
    assert (back.version.number, back.version.revert_of, back.version.source) == (3, 1, "stdin")
    assert back.words_deleted == 1


def test_add_refuses_what_it_cannot_take_before_opening_the_store(
    opener: Any, opened: list[Counting], tmp_path: Path, db: Location, stores: Stores
) -> None:
    with pytest.raises(UsageError, match="give a SOURCE"):
        track.add(opener, "talks")
    with pytest.raises(UsageError, match="--name names an article added by URL"):
        track.add(opener, "talks", source(tmp_path, STORY), name="other")
    with pytest.raises(UsageError, match="invalid article name"):
        track.add(opener, "bad@name", source(tmp_path, STORY))
    with pytest.raises(InputError, match=r"missing\.txt"):
        track.add(opener, "talks", str(tmp_path / "missing.txt"))
    assert opened == [] and stores.tables(db) == set()  # nothing was opened, nothing created


def test_add_by_url_tracks_the_article_with_the_page_validators(
    opener: Any, site: Site, db: Location
) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    added = track.add(opener, url + "?utm_source=x", at=T0)
    assert (added.status, added.version.article) == (AddStatus.ADDED, "council-approves-budget")
    with open_store(db, write=True) as store:
        (tracking,) = store.tracked()
    assert (tracking.url, tracking.last_checked, tracking.feed) == (url, T0, None)
    assert tracking.etag is not None and tracking.next_check == T0 + Schedule().floor
    named = track.add(opener, site.page("/other", LEDGER), name="ledger", at=T0)
    assert named.version.article == "ledger"
    again = track.add(opener, url, name="ignored")  # a known URL keeps its name
    assert (again.status, again.version.article) == (AddStatus.UNCHANGED, added.version.article)


def test_a_saved_page_far_shorter_than_the_latest_is_refused(
    opener: Any, tmp_path: Path, db: Location
) -> None:
    track.add(opener, "ledger", str(FIXTURES / "html" / "ledger-budget.html"), at=T0)
    before = stored(db, "ledger")
    page = "<html><body><article><p>" + "Subscribe to read. " * 3 + "</p></article></body></html>"
    with pytest.raises(ExtractionError, match="not stored"):
        track.add(opener, "ledger", source(tmp_path, page, "short.html"))
    assert stored(db, "ledger") == before
    # a plain text file the user chose is stored as it is, however short
    assert track.add(opener, "ledger", source(tmp_path, "Short.\n")).version.number == 2


def test_a_version_stored_by_another_writer_in_between_is_accounted_for(
    db: Location, tmp_path: Path
) -> None:
    """The transition is that of the version stored, after the one another writer stored."""
    with open_store(db, write=True) as store:
        store.add("talks", Snapshot(STORY, "file"), T0)

    class Racing(Counting):
        def add(self, *args: Any, **kwargs: Any) -> Any:
            with open_store(db, write=True) as other:
                other.add("talks", Snapshot(STORY + "Another writer.\n", "file"), T0)
            return self.store.add(*args, **kwargs)

    racing = Racing(open_store(db, write=True))
    ours = STORY + "Update: This article was updated with comment.\n"
    recorded = track.add(lambda: racing, "talks", source(tmp_path, ours))
    assert recorded.version.number == 3
    assert recorded.transition is not None
    assert (recorded.transition.from_version, recorded.transition.to_version) == (2, 3)
    assert recorded.words_deleted == 2  # "Another writer."
    assert racing.calls["read_history"] == 1


# --- a refresh's check -----------------------------------------------------------------------


def page(
    url: str,
    data: bytes = LEDGER,
    *,
    etag: str | None = '"1"',
    status: int = 200,
    content_type: str = "text/html",
) -> Page:
    return Page(
        url=url,
        status=status,
        data=data,
        content_type=content_type,
        charset="utf-8",
        etag=etag,
        last_modified="Wed, 18 Aug 2021 12:00:00 GMT" if etag else None,
        not_modified=status == 304,
    )


def tracked(db: Location) -> dict[str, Tracking]:
    with open_store(db, write=True) as store:
        return {t.article: t for t in store.tracked()}


def test_a_check_records_a_change_a_same_page_a_304_and_a_failure(
    opener: Any, site: Site, db: Location
) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    track.add(opener, url, at=T0)
    schedule = Schedule(floor=timedelta(minutes=10), ceiling=timedelta(hours=4))
    state = tracked(db)["council-approves-budget"]

    def check(at: datetime, **fetched: Any) -> Any:
        with open_store(db, write=True) as store:
            current = {t.article: t for t in store.tracked()}["council-approves-budget"]
            return track.record_check(store, current, at, schedule=schedule, **fetched)

    same = capture.take_page(page(url, etag='"same"'))
    result = check(T0 + timedelta(hours=1), taken=same)
    assert (result.outcome, result.recorded.version.number) == (Outcome.UNCHANGED, 1)
    grown = tracked(db)["council-approves-budget"]
    assert grown.interval > state.interval and grown.last_changed == T0
    assert (grown.etag, grown.last_checked) == ('"same"', T0 + timedelta(hours=1))
    result = check(T0 + timedelta(hours=2), page=page(url, b"", etag=None, status=304))
    assert (result.outcome, result.recorded) == (Outcome.NOT_MODIFIED, None)
    kept = tracked(db)["council-approves-budget"]  # a 304 without validators keeps the old
    assert (kept.etag, kept.last_modified) == ('"same"', grown.last_modified)
    assert kept.interval > grown.interval and kept.last_checked == T0 + timedelta(hours=2)
    changed = capture.take_page(page(url, LEDGER.replace(b"council", b"Council board")))
    result = check(T0 + timedelta(hours=3), page=page(url), taken=changed)
    assert (result.outcome, result.recorded.version.number) == (Outcome.CHANGED, 2)
    assert result.recorded.words_added is not None and result.recorded.transition is not None
    after = tracked(db)["council-approves-budget"]
    assert (after.interval, after.last_changed) == (schedule.floor, T0 + timedelta(hours=3))
    result = check(T0 + timedelta(hours=4), error=f"{url}: 503 Service Unavailable")
    assert (result.outcome, result.error) == (Outcome.FAILED, f"{url}: 503 Service Unavailable")
    failed = tracked(db)["council-approves-budget"]
    assert (failed.failures, failed.last_error) == (1, f"{url}: 503 Service Unavailable")
    assert len(stored(db, "council-approves-budget")) == 2


def test_pages_not_modified_are_saved_together_or_alone_when_one_cannot_be(
    db: Location,
) -> None:
    """Checks whose pages were not modified are saved in one transaction, each as a check
    alone saves it; when one of them cannot be saved (its article was removed meanwhile), each
    is saved alone, and only that one fails."""
    schedule = Schedule(floor=timedelta(minutes=10))
    urls = [f"https://ledger.example/story-{n}" for n in range(3)]
    with open_store(db, write=True) as store:
        for n, url in enumerate(urls):
            start = Tracking(f"story-{n}", url, timedelta(minutes=15), T0)
            store.add(f"story-{n}", Snapshot(f"Story {n}.\n", "file"), T0, url=url, tracking=start)
        before = {t.article: t for t in store.tracked()}
        checks = [(before[f"story-{n}"], page(urls[n], b"", status=304), T0 + HOUR) for n in (0, 1)]
        results = track.record_not_modified(store, checks, schedule)
        alone = track.record_check(
            store, before["story-2"], T0 + HOUR, page=checks[0][1], schedule=schedule
        )
    assert [r.outcome for r in [*results, alone]] == [Outcome.NOT_MODIFIED] * 3
    after = tracked(db)
    assert after["story-0"] == replace(after["story-2"], article="story-0", url=urls[0])
    assert after["story-1"].last_checked == T0 + HOUR
    assert after["story-1"].interval > before["story-1"].interval
    gone = Tracking("gone", "https://ledger.example/gone", timedelta(minutes=15), T0)
    later = T0 + 2 * HOUR
    with open_store(db, write=True) as store:
        checks = [
            (after["story-0"], page(urls[0], b"", status=304), later),
            (gone, page(gone.url, b"", status=304), later),
            (after["story-1"], page(urls[1], b"", status=304), later),
        ]
        results = track.record_not_modified(store, checks, schedule)
    outcomes = [(r.article, r.outcome) for r in results]
    assert outcomes == [
        ("story-0", Outcome.NOT_MODIFIED),
        ("gone", Outcome.FAILED),
        ("story-1", Outcome.NOT_MODIFIED),
    ]
    final = tracked(db)
    assert final["story-0"].last_checked == final["story-1"].last_checked == later
    assert final["story-2"].last_checked == T0 + HOUR and "gone" not in final


def test_a_check_of_an_article_new_from_a_feed_starts_its_tracking(db: Location) -> None:
    url = "https://ledger.example/council-approves-budget"
    feed = "https://ledger.example/rss.xml"
    start = Tracking("council-approves-budget", url, timedelta(minutes=15), T0, feed=feed)
    with open_store(db, write=True) as store:
        store.follow(feed, T0)
        taken = capture.take_page(page(url))
        schedule = Schedule(floor=timedelta(minutes=20))
        result = track.record_check(store, start, T0, taken=taken, schedule=schedule)
    assert (result.outcome, result.recorded.version.number) == (Outcome.NEW, 1)
    assert (result.recorded.words_added, result.recorded.transition) == (None, None)
    state = tracked(db)["council-approves-budget"]
    assert (state.etag, state.last_checked, state.feed) == ('"1"', T0, feed)
    assert state.next_check == T0 + timedelta(minutes=20)


def test_a_refresh_holds_any_page_to_the_plausible_length_a_hand_added_text_page_not(
    opener: Any, site: Site, db: Location
) -> None:
    """Unattended, a page cut to a few words is taken for an error page, even as plain text;
    a text page added by hand is stored as it is."""
    url = site.page("/notice.txt", LONG, content_type="text/plain; charset=utf-8")
    name = track.add(opener, url, at=T0).version.article
    short = capture.take_page(page(url, b"Service notice.\n", content_type="text/plain"))
    assert not short.extracted
    with open_store(db, write=True) as store:
        (state,) = store.tracked()
        result = track.record_check(store, state, T0 + timedelta(hours=1), taken=short)
    assert result.outcome is Outcome.FAILED and "not stored" in (result.error or "")
    assert tracked(db)[name].failures == 1 and len(stored(db, name)) == 1
    site.set_body("/notice.txt", "Service notice.\n", content_type="text/plain; charset=utf-8")
    by_hand = track.add(opener, url)
    assert (by_hand.status, by_hand.version.number) == (AddStatus.ADDED, 2)


def test_a_check_needs_a_snapshot_a_page_not_modified_or_an_error(db: Location) -> None:
    start = Tracking("kettles", "https://ledger.example/kettles", timedelta(minutes=15), T0)
    with open_store(db, write=True) as store, pytest.raises(ValueError, match="a check records"):
        track.record_check(store, start, T0, page=page(start.url))


def test_a_check_that_fails_for_an_article_not_stored_yet_leaves_no_trace(db: Location) -> None:
    url = "https://ledger.example/kettles"
    start = Tracking("kettles", url, timedelta(minutes=15), T0)
    with open_store(db, write=True) as store:
        result = track.record_check(store, start, T0, error="boom")
        assert (result.article, result.outcome, result.error) == ("kettles", Outcome.FAILED, "boom")
        assert store.tracked() == [] and store.articles() == []


# --- feeds -------------------------------------------------------------------------------


def test_follow_unfollow_and_follow_again(opener: Any, site: Site, db: Location) -> None:
    feed = site.page("/rss.xml", rss(site, "/a", "/b"), content_type="application/rss+xml")
    (followed,) = track.follow(opener, feed + "#top")
    assert (followed.url, followed.new, followed.entries) == (feed, True, 2)
    assert not track.follow(opener, feed)[0].new
    assert track.unfollow(opener, feed) == feed
    with open_store(db, write=True) as store:
        assert store.feeds() == []
    with pytest.raises(NotFoundError, match="not following"):
        track.unfollow(opener, feed)
    assert track.follow(opener, feed)[0].new  # followed again
    with open_store(db, write=True) as store:
        assert [f.url for f in store.feeds()] == [feed]


def test_reading_a_feed_lists_the_articles_not_tracked_yet(
    opener: Any, site: Site, db: Location
) -> None:
    known = site.page("/known", LEDGER)
    track.add(opener, known, at=T0)
    data = rss(site, "/known", "/new", "/new").encode()
    feed_url = site.url("/rss.xml")
    feed_page = Page(feed_url, 200, data, "application/rss+xml", "utf-8", etag='"f"')
    with open_store(db, write=True) as store:
        store.follow(site.url("/rss.xml"), T0)
        (feed,) = store.feeds()
        result, new, state = track.read_feed(store, feed, feed_page, None, T0)
        assert (result.new_articles, result.error, new) == (1, None, [site.url("/new")])
        assert (state.etag, state.last_checked, state.last_error) == ('"f"', T0, None)
        failed, nothing, state = track.read_feed(store, feed, None, "timed out", T0)
        assert (failed.error, nothing, state.last_error, state.etag) == (
            "timed out",
            [],
            "timed out",
            None,
        )


# --- reading -----------------------------------------------------------------------------


@pytest.fixture
def talks(opener: Any, opened: list[Counting]) -> None:
    for n, path in enumerate(article_versions("talks")):
        track.add(opener, "talks", str(path), at=T0 + timedelta(hours=3 * n))
    opened.clear()


@pytest.mark.usefixtures("talks")
def test_compare_defaults_to_the_previous_and_the_latest(
    opener: Any, opened: list[Counting]
) -> None:
    report = track.compare(opener, "talks")
    assert (report.old.number, report.new.number, report.line_runs) == (3, 4, None)
    assert opened[0].calls == Counter(read_history=1)  # the store read once
    assert [
        (r.old.number, r.new.number)
        for r in (
            track.compare(opener, "talks@2"),
            track.compare(opener, "talks", ["@1", "3"]),
            track.compare(opener, "talks@-1", ["@1"]),
        )
    ] == [(2, 4), (1, 3), (4, 1)]
    assert track.compare(opener, "talks", ["1"], lines=True).line_runs


@pytest.mark.usefixtures("talks")
def test_compare_carries_the_findings_in_between(opener: Any) -> None:
    report = track.compare(opener, "talks", ["@1", "@4"])
    assert report.findings
    assert {(f.from_version, f.to_version) for f in report.findings} <= {(1, 2), (2, 3), (3, 4)}
    assert any(f.kind is FindingKind.UNNOTED_CHANGE for f in report.findings)


@pytest.mark.usefixtures("talks")
@pytest.mark.parametrize(
    ("ref", "revs", "error", "message"),
    [
        ("nope", (), NotFoundError, "unknown article"),
        ("talks", ("@9",), NotFoundError, "talks@9 does not exist"),
        ("talks", ("@1", "@2", "@3"), UsageError, "at most two revisions"),
        ("talks@1", ("@2", "@3"), UsageError, "at most two revisions"),
        ("talks", ("x",), UsageError, "malformed revision"),
        ("https://nowhere.example/x", (), NotFoundError, "no article has the URL"),
    ],
)
def test_compare_refuses_what_is_not_there(
    opener: Any, ref: str, revs: Sequence[str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        track.compare(opener, ref, revs)


def test_compare_needs_two_versions_unless_revisions_are_given(opener: Any, tmp_path: Path) -> None:
    track.add(opener, "talks", source(tmp_path, STORY), at=T0)
    with pytest.raises(NotFoundError, match="only one version"):
        track.compare(opener, "talks")
    assert not track.compare(opener, "talks", ["@1", "@1"]).diff.changed


@pytest.mark.usefixtures("talks")
def test_log_notes_versions_and_articles(opener: Any, opened: list[Counting]) -> None:
    log = track.article_log(opener, "talks")
    assert [e.version.number for e in log.entries] == [1, 2, 3, 4]
    notes = track.article_notes(opener, "talks", Criteria(tolerance=timedelta(days=1)))
    assert notes.article == "talks" and notes.notes
    assert track.version(opener, "talks@2").number == 2
    assert track.version(opener, "talks").number == 4
    assert [a.key for a in track.articles(opener)] == ["talks"]
    assert [sum(s.calls.values()) for s in opened] == [1, 1, 1, 1, 1]


def test_the_fetch_options_reach_the_fetch(opener: Any, site: Site) -> None:
    url = site.page("/big", LEDGER)
    with pytest.raises(FetchError, match="larger than"):
        track.add(opener, url, fetching=FetchOptions(max_bytes=1000))
