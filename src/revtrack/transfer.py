"""Copying a whole store to another (SQLite to PostgreSQL and back): every article's versions
with their texts, observed times and sources, and their raw captures, tracking, feeds and
ignore rules.

Versions go through the target's own ``add``, so the target numbers, hashes and marks reverts
as it always does; each is checked against the source (number, time, hash, source, title,
metadata), so a copy is either exact or stops with an error that names the article and
version. A copy that was interrupted is resumed by running it again: an article already in the
target goes on after its last version, once the versions there are checked to be the
source's; feeds, tracking, rules and settings are written again, never twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from revtrack.errors import MissingStoreError, NotFoundError, StoreError, UsageError
from revtrack.models import AddStatus, Article, CopyReport, Feed, Snapshot, Tracking, Version
from revtrack.paths import Location, same_store
from revtrack.store import Store, open_store
from revtrack.times import now


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
    """Copy every article, feed, rule and alert target of ``source`` into ``target``."""
    shown = progress or _Silent()
    articles = source.articles()
    tracking = {t.article: t for t in source.tracked()}
    feeds = source.feeds()
    _copy_feeds(target, feeds, tracking.values())  # first: an article's tracking names its feed
    shown.total(len(articles))
    copied = present = 0
    for article in articles:
        written, there = _copy_article(source, target, article, tracking.get(article.key))
        copied, present = copied + written, present + there
        shown.copied(article.key, written)
    rules = source.ignore_rules()
    for rule in rules:  # (a rule the target has, at the same scope, is not added again)
        target.add_ignore_rule(rule, now())
    target.set_builtins(source.disabled_builtins())
    for alert in source.alert_targets():  # (one the target has, at the same scope, is kept)
        target.add_alert_target(alert, alert.created or now())
    return CopyReport(len(articles), copied, present, len(feeds), len(rules))


def _copy_feeds(target: Store, feeds: Sequence[Feed], tracking: Iterable[Tracking]) -> None:
    """The followed feeds with their state; and the feeds unfollowed since they brought an
    article, recorded as unfollowed, so that the article's tracking still names its feed."""
    for feed in feeds:
        target.follow(feed.url, feed.added)
        target.update_feed(feed)
    followed = {feed.url for feed in feeds}
    for url in sorted({t.feed for t in tracking if t.feed is not None} - followed):
        at = now()
        if target.follow(url, at):  # (one the target follows stays followed)
            target.unfollow(url, at)


def _copy_article(
    source: Store, target: Store, article: Article, tracking: Tracking | None
) -> tuple[int, int]:
    """Copy one article's versions that the target lacks, then its tracking state; how many
    were written and how many were there already."""
    history = source.history(article.key)
    present = _present(target, article, history)
    captured = dict(source.captures(article.key))  # (the raw captures go with their versions)
    for version in history[present:]:
        result = target.add(
            article.key,
            Snapshot(version.text, version.source, version.title, version.metadata),
            version.observed_at,
            url=article.url,
            tracking=tracking if version.number == 1 else None,
            capture=captured.get(version.number),
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
        raise StoreError(
            f"{article.key}: the target has another article by this name or URL"
            f" ({owner or article.key}); copy into an empty store"
        )
    if there is None:
        return 0
    versions = target.history(article.key)
    for copied, original in zip(versions, history, strict=False):
        if not _same(copied, original):
            raise _differs(original)
    if len(versions) > len(history):
        raise StoreError(
            f"{article.key}@{len(history) + 1}: the target has this version, the source has"
            " not; copy into an empty store"
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


def _differs(version: Version) -> StoreError:
    return StoreError(
        f"{version.article}@{version.number}: the target's version differs from the source's;"
        " copy into an empty store"
    )
