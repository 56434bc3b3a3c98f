"""Copying a whole store to another (SQLite to PostgreSQL and back): every article's versions
with their texts, observed times and sources, and their raw captures, tracking, feeds, ignore
rules and alert targets.

A store is read as a stream of items (:func:`read_store`): the followed feeds, the feeds
unfollowed that an article's tracking still names, each article with its versions, captures
and tracking (one article held at a time), the saved ignore rules, the alert targets and the
built-in rules turned off. The same stream is what ``export`` writes as JSON Lines and
``import`` reads back (:mod:`revtrack.dump`), and :func:`write_items` writes it into a store,
for ``copy`` and ``import`` alike.

Versions go through the target's own ``add``, so the target numbers, hashes and marks reverts
as it always does; each is checked against the source (number, time, hash, source, title,
metadata), so a copy is either exact or stops with an error that names the article and
version. A copy that was interrupted is resumed by running it again: an article already in the
target goes on after its last version, once the versions there are checked to be the
source's; feeds, tracking, rules and settings are written again, never twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from revtrack.alerts import AlertTarget
from revtrack.errors import MissingStoreError, NotFoundError, StoreError, UsageError
from revtrack.models import (
    AddStatus,
    Article,
    CopyReport,
    Feed,
    IgnoreRule,
    Snapshot,
    Tracking,
    Version,
)
from revtrack.paths import Location, same_store
from revtrack.raw import RawCapture
from revtrack.store import Store, open_store
from revtrack.times import now


@dataclass(frozen=True)
class Unfollowed:
    """A feed no longer followed that brought an article (its tracking names it)."""

    url: str


@dataclass(frozen=True)
class ArticleItem:
    """One article as a store holds it: its versions, their raw captures by number, and its
    tracking (an article tracked by URL)."""

    article: Article
    versions: Sequence[Version]
    captures: Mapping[int, RawCapture]
    tracking: Tracking | None = None


@dataclass(frozen=True)
class Settings:
    """The store's settings: the built-in ignore rules turned off."""

    disabled_builtins: frozenset[str]


#: What a whole store is read as, in this order: feeds (followed, then unfollowed), articles,
#: saved ignore rules, settings.
Item = Feed | Unfollowed | ArticleItem | IgnoreRule | AlertTarget | Settings


class CopyProgress(Protocol):
    """What a copy tells as it goes: how many articles, then each article copied."""

    def total(self, count: int) -> None: ...

    def copied(self, article: str, versions: int) -> None: ...


class _Silent:
    def total(self, count: int) -> None:
        pass

    def copied(self, article: str, versions: int) -> None:
        pass


def copy(source: Location, target: Location, progress: CopyProgress | None = None) -> CopyReport:
    """Copy the store at ``source``, only read, into the one at ``target`` (created when it
    does not exist)."""
    if same_store(source, target):
        raise UsageError(f"cannot copy store {source} onto itself: --to must name another store")
    nothing = StoreError(f"store {source} does not exist or is empty: nothing to copy")
    try:
        original = open_store(source, write=False)
    except MissingStoreError:
        raise nothing from None
    with original:
        if _empty(original):
            raise nothing
        with open_store(target, write=True) as copied:
            return copy_store(original, copied, progress)


def _empty(store: Store) -> bool:
    return not (
        store.articles() or store.feeds() or store.ignore_rules() or store.disabled_builtins()
    )


def copy_store(source: Store, target: Store, progress: CopyProgress | None = None) -> CopyReport:
    """Copy every article, feed and rule of ``source`` into ``target``."""
    count, items = read_store(source)
    (progress or _Silent()).total(count)
    return write_items(target, items, progress)


def read_store(source: Store, chosen: Sequence[str] | None = None) -> tuple[int, Iterator[Item]]:
    """How many articles ``source`` holds, and the items it holds, read as they are taken: an
    article's versions only when its turn comes. With ``chosen`` (names), those articles
    alone, with what they need: the feeds their tracking names and their own rules."""
    articles = source.articles()
    if chosen is not None:
        wanted = set(chosen)
        articles = [a for a in articles if a.key in wanted]
    tracking = {t.article: t for t in source.tracked() if chosen is None or t.article in wanted}
    return len(articles), _items(source, articles, tracking, whole=chosen is None)


def _items(
    source: Store, articles: Sequence[Article], tracking: Mapping[str, Tracking], *, whole: bool
) -> Iterator[Item]:
    named = {t.feed for t in tracking.values() if t.feed is not None}
    feeds = [feed for feed in source.feeds() if whole or feed.url in named]
    yield from feeds  # first: an article's tracking names its feed
    yield from (Unfollowed(url) for url in sorted(named - {feed.url for feed in feeds}))
    for article in articles:
        history = source.history(article.key)
        captured = dict(source.captures(article.key))  # (they go with their versions)
        yield ArticleItem(article, history, captured, tracking.get(article.key))
    keys = {article.key for article in articles}
    yield from (rule for rule in source.ignore_rules() if whole or rule.article in keys)
    yield from (alert for alert in source.alert_targets() if whole or alert.article in keys)
    if whole:
        yield Settings(source.disabled_builtins())


def write_items(
    target: Store,
    items: Iterable[Item],
    progress: CopyProgress | None = None,
    clashes: list[str] | None = None,
) -> CopyReport:
    """Write ``items`` into ``target``. An article the target holds otherwise stops the
    writing with an error naming it, or, given a list of ``clashes``, is left out and named
    there."""
    shown = progress or _Silent()
    articles = copied = present = feeds = rules = 0
    left_out: set[str] = set()  # (the rules of an article left out are not the target's)
    for item in items:
        if isinstance(item, ArticleItem):
            try:
                written, there = _copy_article(target, item)
            except Clash as exc:
                if clashes is None:
                    raise
                clashes.append(exc.clash)
                left_out.add(item.article.key)
                written, there = 0, 0
            else:
                articles += 1
            copied, present = copied + written, present + there
            shown.copied(item.article.key, written)
        elif isinstance(item, Feed):
            target.follow(item.url, item.added)
            target.update_feed(item)
            feeds += 1
        elif isinstance(item, Unfollowed):
            at = now()
            if target.follow(item.url, at):  # (one the target follows stays followed)
                target.unfollow(item.url, at)
        elif isinstance(item, IgnoreRule):  # (one the target has, at that scope, stays one)
            if item.article not in left_out:
                target.add_ignore_rule(item, now())
                rules += 1
        elif isinstance(item, AlertTarget):  # (the same: one the target has stays one)
            if item.article not in left_out:
                target.add_alert_target(item, item.created or now())
        else:
            target.set_builtins(item.disabled_builtins)
    return CopyReport(articles, copied, present, feeds, rules)


def _copy_article(target: Store, item: ArticleItem) -> tuple[int, int]:
    """Copy one article's versions that the target lacks, then its tracking state; how many
    were written and how many were there already."""
    article, history, tracking = item.article, item.versions, item.tracking
    present = _present(target, article, history)
    for version in history[present:]:
        result = target.add(
            article.key,
            Snapshot(version.text, version.source, version.title, version.metadata),
            version.observed_at,
            url=article.url,
            tracking=tracking if version.number == 1 else None,
            capture=item.captures.get(version.number),
        )
        if result.status is not AddStatus.ADDED or not _same(result.version, version):
            raise _differs(version)
    if tracking is not None:
        target.update_tracking(tracking)
    return len(history) - present, present


def _present(target: Store, article: Article, history: Sequence[Version]) -> int:
    """How many of the article's versions the target has, once they are checked to be the
    source's: the target's article must be this one (its name and URL), and its versions the
    first of the source's."""
    try:
        there: Article | None = target.article(article.key)
    except NotFoundError:
        there = None
    owner = None if article.url is None else target.find_url(article.url)
    if owner not in (None, article.key) or (there is not None and there.url != article.url):
        raise Clash(
            f"{article.key}: the target has another article by this name or URL"
            f" ({owner or article.key})"
        )
    if there is None:
        return 0
    versions = target.history(article.key)
    for copied, original in zip(versions, history, strict=False):
        if not _same(copied, original):
            raise _differs(original)
    if len(versions) > len(history):
        raise Clash(
            f"{article.key}@{len(history) + 1}: the target has this version, the source has not"
        )
    return len(versions)


def _same(copied: Version, original: Version) -> bool:
    """Whether two versions are one: the same text (by its hash) seen at the same time, from
    the same source, with the same title and metadata."""
    return _identity(copied) == _identity(original)


def _identity(version: Version) -> tuple[object, ...]:
    return (
        version.article,
        version.number,
        version.observed_at,
        version.hash,
        version.source,
        version.title,
        dict(version.metadata),
        version.revert_of,
    )


def _differs(version: Version) -> Clash:
    return Clash(
        f"{version.article}@{version.number}: the target's version differs from the source's"
    )


class Clash(StoreError):
    """An article the target holds otherwise than the source: another article by its name or
    URL, or other versions. ``clash`` says which, without the advice of the message."""

    def __init__(self, clash: str) -> None:
        super().__init__(f"{clash}; copy into an empty store")
        self.clash = clash
