"""The use cases: add a snapshot, record a fetched page, follow or unfollow a feed, compare two
revisions, read an article's versions, log, notes and blame, and search every version.

Each is the one home of its job, called by the commands and by the cron job alike: it opens
the store once, reads what it needs once, and returns one frozen result, which the caller
renders. A snapshot goes
through the pipeline here: taken from its source (a file, stdin, a URL, a saved page) and
extracted, checked against the rule for plausible text, stored, and judged by its notes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from revtrack import refs, urls
from revtrack.errors import (
    ConfigError,
    ExtractionError,
    FetchError,
    IgnoreTimeout,
    InputError,
    MissingStoreError,
    NotFoundError,
    RevtrackError,
    StoreError,
    UsageError,
)
from revtrack.models import (
    MIN_WORD_SHARE,
    AddResult,
    AddStatus,
    Article,
    ArticleLog,
    ChangeReport,
    Criteria,
    DiffStats,
    Feed,
    FeedResult,
    Followed,
    History,
    IgnoreRule,
    NotesHistory,
    Outcome,
    Recorded,
    RefreshResult,
    Snapshot,
    Tracking,
    Transition,
    Version,
)
from revtrack.text import content_hash

if TYPE_CHECKING:
    from revtrack.capture import Reading, Taken
    from revtrack.evidence import Blame, SearchResult
    from revtrack.fetch import FetchOptions, Page
    from revtrack.noise import DiffOptions
    from revtrack.schedule import Schedule
    from revtrack.store import Store

#: Opens the store; each use case opens it once, when it is needed.
Opener = Callable[[], "Store"]


# --- recording it: the one write path ----------------------------------------------------


def add(
    open_store: Opener,
    article: str,
    source: str | None = None,
    *,
    at: datetime | None = None,
    name: str | None = None,
    reading: Reading | None = None,
    fetching: FetchOptions | None = None,
    criteria: Criteria = Criteria(),
    force: bool = False,
) -> Recorded:
    """Add a snapshot of ``article`` (a name, or a URL) from ``source`` (a path, ``-``), or
    fetched from the URL; a new URL article is named ``name`` or after its address, and
    starts being tracked. See :func:`record`."""
    from revtrack.capture import Reading, take
    from revtrack.fetch import FetchOptions

    url = urls.normalize_url(article) if urls.is_url(article) else None
    if url is None:
        article = refs.check_name(article)
        if source is None:
            raise UsageError(
                "give a SOURCE to read (a file, or - for stdin), or a URL to fetch: "
                "revtrack add https://..."
            )
        if name is not None:
            raise UsageError("--name names an article added by URL; here ARTICLE is the name")
    else:
        article = refs.check_name(name) if name is not None else urls.short_name(url)
    taken = take(url, source, reading or Reading(), fetching or FetchOptions())
    with open_store() as store:
        return record(store, article, taken, at, url=url, criteria=criteria, force=force)


def record(
    store: Store,
    article: str,
    taken: Taken,
    at: datetime | None = None,
    *,
    url: str | None = None,
    check: Tracking | None = None,
    schedule: Schedule | None = None,
    criteria: Criteria = Criteria(),
    force: bool = False,
) -> Recorded:
    """Store a snapshot as the next version of ``article`` (of the article with ``url``, when
    given; ``article`` names it if it is new): the one write path, for ``add`` and
    ``refresh`` alike.

    A text far shorter than the latest version is refused (:func:`check_plausible`) when it
    was extracted from a web page, or fetched by a refresh (``check``: nobody is watching),
    unless ``force``d (the change then has a finding of its own, an article cut). A
    new URL article starts being tracked, with the validators of the page it was fetched
    from; ``check``, the tracking state of a refresh, is moved on by ``schedule`` (the default
    one if not given) in the same transaction; an article added by hand keeps its schedule.

    The store is read once to decide (the latest version), and once more only when a new
    version follows another: its history, for the words changed and the transition (notes
    and findings).
    """
    from revtrack.schedule import Schedule
    from revtrack.times import now

    known, latest = _latest(store, article, url)
    changed = latest is None or latest.hash != content_hash(taken.snapshot.text)
    if changed and not force and (taken.extracted or check is not None):
        check_plausible(taken.snapshot, latest, url or article)
    if latest is None and taken.page is not None and not force:  # a first fetch
        from revtrack.extract import refuse_error_page

        refuse_error_page(taken.snapshot, url or article)
    del latest  # (the store reads it again in its transaction: one text held, not two)
    tracking = None
    if url is not None and (known is None or check is not None):
        tracking = _tracking(
            article,
            url,
            taken,
            at or now(),
            check=check,
            new=known is None,
            changed=changed,
            schedule=schedule or Schedule(),
        )
    from revtrack.raw import from_page

    capture = from_page(taken.page)  # the page as received, kept with a new version
    result = store.add(
        known or article, taken.snapshot, at, url=url, tracking=tracking, capture=capture
    )
    recorded = _judged(store, result, criteria)
    warnings = taken.snapshot.warnings
    return replace(recorded, warnings=warnings) if warnings else recorded


def _tracking(
    article: str,
    url: str,
    taken: Taken,
    at: datetime,
    *,
    check: Tracking | None,
    new: bool,
    changed: bool,
    schedule: Schedule,
) -> Tracking:
    """The tracking saved with a snapshot of a URL article: started for a ``new`` article
    (from the feed of its ``check``, if any), else ``check`` moved on by ``schedule``; with
    the validators of the page it was fetched from."""
    etag, modified = (taken.page.etag, taken.page.last_modified) if taken.page else (None, None)
    if new:
        start = schedule.start(article, url, at, check.feed if check is not None else None)
        return replace(start, etag=etag, last_modified=modified)
    assert check is not None
    return schedule.after(check, at, changed=changed, etag=etag, last_modified=modified)


def _latest(store: Store, article: str, url: str | None) -> tuple[str | None, Version | None]:
    """The name of the article a snapshot goes to, if it exists, and its latest version."""
    known = store.find_url(url) if url is not None else article
    if known is None:
        return None, None
    try:
        return known, store.version(known, -1)
    except NotFoundError:
        return None, None


def _judged(store: Store, result: AddResult, criteria: Criteria) -> Recorded:
    """What a write did, with the words and the transition of a new version after another
    (the notes of the versions before read from the store's cache when it has them; what the
    write works out is kept there, so that the next ``diff``, ``log`` or write does not work
    it out again; see :mod:`revtrack.cache`)."""
    from revtrack.cache import cached
    from revtrack.report import comparison, last_change, word_changes

    version, previous = result.version, result.previous
    if result.status is AddStatus.UNCHANGED:
        return Recorded(result.status, version)
    if previous is None:
        _keep_notes(store, version)
        return Recorded(result.status, version)
    history = store.read_history(version.article).up_to(version.number)  # append-only
    known = {previous.number: previous, version.number: version}
    same = tuple(  # the texts in hand, not their copies read again (a long text costs much)
        known[v.number] if v.number in known and known[v.number].hash == v.hash else v
        for v in history.versions
    )
    history = replace(history, versions=same)
    criteria = _judging(store, history, criteria)
    try:
        with cached(store, history.versions) as derive:
            judged = last_change(history.versions, criteria, derive=derive)
        if judged is None:  # the versions before are damaged: their history is this one
            added, deleted = word_changes(previous, version, comparison(criteria))
            return Recorded(result.status, version, added, deleted, damaged=history.damaged)
    except (IgnoreTimeout, ConfigError) as exc:  # the version is stored: say so
        raise type(exc)(f"{version.article}@{version.number} was stored, but {exc}") from None
    transition, stats = judged
    added, deleted = stats.words_added, stats.words_deleted
    return Recorded(result.status, version, added, deleted, transition, history.damaged)


def _keep_notes(store: Store, version: Version) -> None:
    """Work out the notes of a first version as it is stored, and keep them in the store's
    cache: the write of the next version compares the two and reads them from there, rather
    than finding the notes of both texts (each write finds those of its own version once)."""
    from revtrack.cache import keep_notes

    with contextlib.suppress(ConfigError):  # (the user's note formats: what needs them says)
        keep_notes(store, version)


def _judging(store: Store, history: History, criteria: Criteria) -> Criteria:
    """The criteria with the ignore rules that apply to the article of ``history``: the
    built-ins not turned off, and the saved rules of the store, of its site and of itself."""
    from revtrack import noise

    article, url = history.article, history.url
    rules = noise.applicable(store.ignore_rules(), article, url, store.disabled_builtins())
    return replace(criteria, ignore=rules)


def judge(
    store: Store, article: str, number: int, criteria: Criteria
) -> tuple[Transition, DiffStats] | None:
    """The change that made version ``number`` of ``article``, judged under ``criteria`` (and
    the ignore rules of the article), with its statistics; None for a first version, or one
    whose versions before are damaged."""
    from revtrack.cache import cached
    from revtrack.report import last_change

    history = store.read_history(article).up_to(number)
    if history.damaged or not history.versions or history.versions[-1].number != number:
        return None
    criteria = _judging(store, history, criteria)
    with cached(store, history.versions, keep=False) as derive:
        return last_change(history.versions, criteria, derive=derive)


def check_plausible(snapshot: Snapshot, previous: Version | None, source: str) -> None:
    """Refuse a text far shorter than the version before it: a paywall or an error page
    more likely than an article cut to a third."""
    from revtrack.text import count_words

    if previous is None or previous.word_count < 50:
        return
    words = count_words(snapshot.text)
    if words < MIN_WORD_SHARE * previous.word_count:
        raise ExtractionError(
            f"{source}: the extracted text has {words:,} words, under {MIN_WORD_SHARE:.0%} of "
            f"the {previous.word_count:,} of @{previous.number}: not stored (an error page or "
            "a paywall?)"
        )


# --- what a refresh found ----------------------------------------------------------------


def record_check(
    store: Store,
    tracking: Tracking,
    at: datetime,
    *,
    page: Page | None = None,
    taken: Taken | None = None,
    error: str | None = None,
    schedule: Schedule | None = None,
    criteria: Criteria = Criteria(),
    force: bool = False,
) -> RefreshResult:
    """Record one refresh check of a tracked URL: the snapshot ``taken`` of its page (a new
    version or the same text, through :func:`record`), the ``page`` alone when it was not
    modified, or the ``error`` it failed with; the tracking moves on by ``schedule`` in each
    case (the default schedule if none is given)."""
    from revtrack.schedule import Schedule

    schedule = schedule or Schedule()
    if error is None and taken is None and (page is None or not page.not_modified):
        raise ValueError("a check records a snapshot taken, a page not modified or an error")
    url = tracking.url
    try:
        if error is not None:
            raise FetchError(error)
        if taken is None:
            store.update_tracking(_not_modified(tracking, page, at, schedule))
            return RefreshResult(tracking.article, url, Outcome.NOT_MODIFIED)
        recorded = record(
            store,
            tracking.article,
            taken,
            at,
            url=url,
            check=tracking,
            schedule=schedule,
            criteria=criteria,
            force=force,
        )
    except RevtrackError as exc:
        known = store.find_url(url)
        if known is not None:
            store.update_tracking(schedule.after(tracking, at, changed=False, error=exc.message))
        fault = exc.message if isinstance(exc, StoreError) else None
        article = known or tracking.article
        return RefreshResult(article, url, Outcome.FAILED, error=exc.message, store_error=fault)
    fault = recorded.damaged[0].message if recorded.damaged else None
    return RefreshResult(
        recorded.version.article, url, _outcome(recorded), recorded, store_error=fault
    )


def record_not_modified(
    store: Store, checks: Sequence[tuple[Tracking, Page, datetime]], schedule: Schedule
) -> list[RefreshResult]:
    """Record checks of tracked URLs whose pages were not modified (each with its page and
    time, as :func:`record_check` takes them), in one transaction; if it fails, each is
    recorded alone, and fails alone as :func:`record_check` says."""
    try:
        store.update_tracking(*(_not_modified(t, page, at, schedule) for t, page, at in checks))
    except RevtrackError:
        return [record_check(store, t, at, page=page, schedule=schedule) for t, page, at in checks]
    return [RefreshResult(t.article, t.url, Outcome.NOT_MODIFIED) for t, _, _ in checks]


def _not_modified(
    tracking: Tracking, page: Page | None, at: datetime, schedule: Schedule
) -> Tracking:
    """The tracking state after a check whose page was not modified."""
    etag, modified = (page.etag, page.last_modified) if page else (None, None)
    return schedule.after(
        tracking,
        at,
        changed=False,
        etag=tracking.etag or etag,
        last_modified=tracking.last_modified or modified,
    )


def _outcome(recorded: Recorded) -> Outcome:
    if recorded.status is AddStatus.UNCHANGED:
        return Outcome.UNCHANGED
    return Outcome.NEW if recorded.version.number == 1 else Outcome.CHANGED


# --- feeds -------------------------------------------------------------------------------


def follow(
    open_store: Opener, feed: str, fetching: FetchOptions | None = None
) -> tuple[Followed, ...]:
    """Follow a feed: fetched once now, to check that it is one; each refresh then adds the
    articles it lists. A web page that is no feed is looked into for the feeds it names
    (``<link rel="alternate">``), and they are followed: those that are feeds, or else an
    error."""
    from revtrack.fetch import FetchOptions, client
    from revtrack.times import now

    url = urls.normalize_url(feed)
    options = replace(fetching or FetchOptions(), feed=True)
    with client(options) as http:
        found = _feeds_at(http, url, options)
    with open_store() as store:
        at = now()
        return tuple(Followed(each, store.follow(each, at), entries) for each, entries in found)


def _feeds_at(http: Any, url: str, options: FetchOptions) -> list[tuple[str, int]]:
    """The feed at ``url``, or those its page names, each with the number of its entries."""
    from revtrack.extract import decode_html
    from revtrack.feeds import entry_urls, linked_feeds
    from revtrack.fetch import fetch

    page = fetch(http, url, options=options)
    try:
        return [(url, len(entry_urls(page.data, page.url)))]
    except InputError:
        if page.content_type not in ("text/html", "application/xhtml+xml"):
            raise
    named = linked_feeds(decode_html(page.data, page.charset), page.url)
    if not named:
        raise InputError(
            f"{url}: not an RSS or Atom feed, and the page names none (no "
            '<link rel="alternate"> to one): give the feed\'s URL'
        )
    found: list[tuple[str, int]] = []
    errors: list[str] = []
    for each in named:
        try:
            feed = fetch(http, each, options=options)
            found.append((each, len(entry_urls(feed.data, feed.url))))
        except RevtrackError as exc:
            errors.append(exc.message)
    if not found:
        raise FetchError(f"{url} names {len(named)} feed{'s' * (len(named) > 1)}: {errors[0]}")
    return found


def unfollow(open_store: Opener, feed: str) -> str:
    """Stop following a feed (the articles it brought stay tracked); its normal URL."""
    from revtrack.times import now

    url = urls.normalize_url(feed)
    try:
        with open_store() as store:
            followed = store.unfollow(url, now())
    except MissingStoreError:  # no store: nothing followed (and nothing created)
        followed = False
    if not followed:
        raise NotFoundError(f"not following {url}")
    return url


def read_feed(
    store: Store,
    feed: Feed,
    page: Page | None,
    error: str | None,
    at: datetime,
    most: int | None = None,
) -> tuple[FeedResult, list[str], Feed]:
    """What checking a followed feed found: the URLs it lists that are not tracked yet (the
    first ``most``), and the feed's state after the check (saved once those articles have been
    tried; with some held back, its old validators are kept, so that it is read whole again)."""
    from revtrack.feeds import NEW_PER_FEED, entry_urls

    if page is None:
        state = replace(feed, last_checked=at, last_error=error)
        return FeedResult(feed.url, error=error), [], state
    new: list[str] = []
    if not page.not_modified:
        try:
            for url in entry_urls(page.data, page.url):
                if store.find_url(url) is None:
                    new.append(url)  # (entry_urls gives each URL once)
        except RevtrackError as exc:
            error = exc.message
    held = max(0, len(new) - (NEW_PER_FEED if most is None else most))
    state = replace(
        feed,
        last_checked=at,
        etag=feed.etag if held else page.etag or feed.etag,
        last_modified=feed.last_modified if held else page.last_modified or feed.last_modified,
        last_error=error,
    )
    new = new[: len(new) - held]
    return FeedResult(feed.url, new_articles=len(new), error=error, held_back=held), new, state


def record_feeds(
    store: Store,
    feeds: Sequence[Feed],
    states: Sequence[Feed],
    found: dict[str, str],
    results: Sequence[RefreshResult],
) -> None:
    """Save the state of the feeds a refresh checked (``feeds`` as they were, ``states`` after
    :func:`read_feed`), once the articles new from them (``found``: URL and feed) have been
    checked; a feed that listed one whose first fetch failed keeps its old validators, so
    that it is read whole again next time and the article tried again."""
    failed = {r.url for r in results if r.outcome is Outcome.FAILED}
    for state in states:
        if any(found.get(url) == state.url for url in failed):
            original = next(f for f in feeds if f.url == state.url)
            state = replace(state, etag=original.etag, last_modified=original.last_modified)
        store.update_feed(state)


# --- reading -----------------------------------------------------------------------------


def compare(
    open_store: Opener,
    ref: str,
    revs: Sequence[str] = (),
    *,
    options: DiffOptions | None = None,
    criteria: Criteria = Criteria(),
    lines: bool = False,
) -> ChangeReport:
    """The change between two revisions of an article (``ARTICLE[@REV]`` and up to two
    revisions; see :func:`revtrack.refs.revision_pair`), with the findings of the changes in
    between; with ``lines``, the line diff the patch format needs."""
    from revtrack.cache import cached
    from revtrack.report import build_report

    article, first = refs.split_ref(ref)
    chosen = refs.revision_pair(first, revs)
    with open_store() as store:
        article, history, criteria = _read_history(store, article, criteria)
        if chosen is None and history.latest < 2:
            raise NotFoundError(f"{article} has only one version: nothing to compare yet")
        old, new = (_pick(history, rev) for rev in chosen or refs.DEFAULT_PAIR)
        versions = [v for v in history.versions if v.number <= new.number]
        with cached(store, versions) as derive:
            report = build_report(
                old, new, options, history=versions, criteria=criteria, lines=lines, derive=derive
            )
    between = [p for p in history.damaged if old.number < (p.version or 0) < new.number]
    return replace(report, damaged=tuple(between))


def _pick(history: History, rev: int) -> Version:
    """The version ``rev`` names in an article's history; :class:`StoreError`, naming it, if
    it is damaged."""
    number = refs.resolve(history.article, rev, history.latest)
    for version in history.versions:
        if version.number == number:
            return version
    damage = [p.message for p in history.damaged if p.version == number]
    raise StoreError(damage[0] if damage else f"{history.article}@{number} cannot be read")


def _readable(history: History) -> History:
    """A history with a version to show; :class:`StoreError` if none can be read."""
    if history.damaged and not history.versions:
        from revtrack.check import damage_error

        raise damage_error(history.damaged)
    if not history.versions:
        raise StoreError(f"{history.article} is damaged: it has no versions")
    return history


def article_log(open_store: Opener, article: str, criteria: Criteria = Criteria()) -> ArticleLog:
    """An article's log: one entry per version (see :func:`revtrack.report.build_log`)."""
    from revtrack.cache import cached

    with open_store() as store:
        article, history, criteria = _read_history(store, article, criteria)
        versions = _readable(history).versions
        with cached(store, versions) as derive:
            log = derive.log(article, versions, criteria)
    return replace(log, damaged=history.damaged)


def article_notes(
    open_store: Opener, article: str, criteria: Criteria = Criteria()
) -> NotesHistory:
    """An article's notes through its history, and the findings about each change."""
    from revtrack.cache import cached
    from revtrack.report import build_notes

    with open_store() as store:
        article, history, criteria = _read_history(store, article, criteria)
        versions = _readable(history).versions
        with cached(store, versions) as derive:
            notes = build_notes(article, versions, criteria, derive=derive)
    return replace(notes, damaged=history.damaged)


def article_changes(
    store: Store,
    article: str,
    choose: Callable[[Sequence[Version]], Collection[int]],
    criteria: Criteria = Criteria(),
) -> tuple[ArticleLog, tuple[ChangeReport, ...]]:
    """An article's log, and the reports of the changes that ``choose`` picks from its
    versions (by the number of the version each change made: 3 for @2 → @3), its history read
    once and derived once, for the pages of a static archive (:mod:`revtrack.site`)."""
    from revtrack.cache import cached
    from revtrack.report import build_log, build_report

    article, history, criteria = _read_history(store, article, criteria)
    versions = _readable(history).versions
    by_number = {v.number: v for v in versions}
    wanted = [n for n in sorted(choose(versions)) if n in by_number and n - 1 in by_number]
    with cached(store, versions) as derive:
        log = build_log(article, versions, criteria, derive=derive)
        reports = tuple(
            build_report(
                by_number[n - 1],
                by_number[n],
                history=[v for v in versions if v.number <= n],
                criteria=criteria,
                derive=derive,
            )
            for n in wanted
        )
    return replace(log, damaged=history.damaged), reports


def _read_history(store: Store, article: str, criteria: Criteria) -> tuple[str, History, Criteria]:
    """The name of the article that ``article`` (a name or a URL) names, its versions as far
    as they can be read, and the criteria with its ignore rules. What the commands that read
    a history derive from it is kept in the store (:mod:`revtrack.cache`)."""
    history = store.read_history(refs.lookup(store, article))
    return history.article, history, _judging(store, history, criteria)


def blame(open_store: Opener, ref: str) -> Blame:
    """Each sentence of the version ``ARTICLE[@REV]`` names (the latest without a revision)
    with the version that gave it its wording (see :mod:`revtrack.blame`)."""
    from revtrack.blame import build_blame
    from revtrack.cache import cached

    article, rev = refs.split_ref(ref)
    with open_store() as store:
        history = _readable(store.read_history(refs.lookup(store, article)))
        last = _pick(history, -1 if rev is None else rev)
        versions = [v for v in history.versions if v.number <= last.number]
        with cached(store, versions) as derive:
            found = build_blame(history.article, versions, derive=derive)
    return replace(found, damaged=history.up_to(last.number).damaged)


def search(open_store: Opener, query: Sequence[str]) -> SearchResult:
    """The articles with versions that hold every word and phrase of ``query`` (see
    :func:`revtrack.search.parse_query`), by name: the store's index gives the versions that
    may, and each one's text says whether it does."""
    from itertools import groupby

    from revtrack.evidence import Found, SearchResult
    from revtrack.models import Problem
    from revtrack.search import found_in, parse_query

    parsed = parse_query(query)
    found: list[Found] = []
    damaged: list[Problem] = []
    try:
        with open_store() as store:
            candidates = store.search(parsed.words)
            for article, rows in groupby(candidates, key=lambda row: row[0]):
                history = store.read_history(article)
                hit = found_in(history, parsed, {number for _, number in rows})
                found += [hit] if hit is not None else []
                damaged += history.damaged
    except MissingStoreError:  # no store yet: nothing found (and nothing created)
        pass
    return SearchResult(parsed.text, parsed.terms, tuple(found), tuple(damaged))


def version(open_store: Opener, ref: str) -> Version:
    """The version ``ARTICLE[@REV]`` names (the latest without a revision)."""
    article, rev = refs.split_ref(ref)
    with open_store() as store:
        return store.version(refs.lookup(store, article), -1 if rev is None else rev)


def articles(open_store: Opener) -> Sequence[Article]:
    """Every article, by name."""
    with open_store() as store:
        return store.articles()


# --- ignore rules ------------------------------------------------------------------------


def ignore_rules(
    open_store: Opener,
) -> tuple[tuple[IgnoreRule, ...], tuple[IgnoreRule, ...], frozenset[str]]:
    """The built-in ignore rules, the saved ones (by id), and the names of the built-ins
    turned off (``all`` for every one)."""
    from revtrack import noise

    try:
        with open_store() as store:
            return noise.BUILTIN, tuple(store.ignore_rules()), store.disabled_builtins()
    except MissingStoreError:  # nothing saved yet: the built-in rules, all on
        return noise.BUILTIN, (), frozenset()


def add_ignore_rule(
    open_store: Opener, pattern: str, article: str | None = None, site: str | None = None
) -> IgnoreRule:
    """Save an ignore rule for the whole store, one ``article`` (a name or a URL) or one
    ``site`` (a host, or a URL's host); the pattern must be a regular expression."""
    from revtrack import noise
    from revtrack.times import now

    noise.compile_rule(pattern)
    if article is not None and site is not None:
        raise UsageError("a rule is for one article (--article) or one site (--site), not both")
    host = None if site is None else noise.site_host(site)
    with open_store() as store:
        name = None if article is None else refs.lookup(store, article)
        return store.add_ignore_rule(IgnoreRule(pattern, article=name, site=host), now())


def remove_ignore_rule(open_store: Opener, id: int) -> IgnoreRule:
    """Remove saved rule ``id``; :class:`NotFoundError` if there is none."""
    try:
        with open_store() as store:
            removed = store.remove_ignore_rule(id)
    except MissingStoreError:  # no store: no rule (and nothing created)
        removed = None
    if removed is None:
        raise NotFoundError(f"no ignore rule {id} (revtrack ignore list shows the rules)")
    return removed


def set_builtin(open_store: Opener, name: str, enabled: bool) -> frozenset[str]:
    """Turn the built-in rule ``name`` (or ``all``) on or off; the names turned off now."""
    from revtrack import noise

    if name != "all" and name not in noise.BUILTIN_NAMES:
        raise UsageError(
            f"no built-in rule {name!r}: one of {', '.join(noise.BUILTIN_NAMES)}, or all"
        )
    with open_store() as store:
        disabled = store.disabled_builtins()
        if name == "all":
            disabled = frozenset() if enabled else frozenset({"all"})
        elif enabled:  # every built-in but this one, when all were off
            every = frozenset(noise.BUILTIN_NAMES) if "all" in disabled else disabled
            disabled = every - {name}
        else:
            disabled = disabled | {name}
        store.set_builtins(disabled)
        return disabled
