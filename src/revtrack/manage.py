"""The use cases of managing what a store tracks: list the articles with their tracking state
(filtered), remove articles, rename one, pause and resume their tracking, list the followed
feeds. Each opens the store once; articles are named by their names or their URLs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from revtrack import refs
from revtrack.errors import MissingStoreError, UsageError
from revtrack.inventory import Listed, Removal, Switched

if TYPE_CHECKING:
    from revtrack.models import Feed
    from revtrack.store import Store

Opener = Callable[[], "Store"]


@dataclass(frozen=True)
class Filters:
    """Which articles ``list`` shows: all, or those that pass every filter given."""

    due: bool = False  # refresh would check it now
    failing: bool = False  # its last check failed
    site: str | None = None  # its URL's host is this one or a subdomain of it

    def keep(self, listed: Listed, at: datetime) -> bool:
        if self.due and not listed.due(at):
            return False
        if self.failing and not listed.failing:
            return False
        if self.site is None:
            return True
        from revtrack.noise import within

        url = listed.article.url
        return url is not None and within(urlsplit(url).hostname or "", self.site)


def listing(open_store: Opener, filters: Filters, at: datetime) -> list[Listed]:
    """Every article, by name, with its tracking state, that passes ``filters``."""
    with open_store() as store:
        found = store.articles()
        tracking = {t.article: t for t in store.tracked()}
    listed = (Listed(article, tracking.get(article.key)) for article in found)
    return [entry for entry in listed if filters.keep(entry, at)]


def remove(
    open_store: Opener, names: Sequence[str], confirm: Callable[[Sequence[Removal]], bool]
) -> Sequence[Removal]:
    """Remove articles and all they have, once ``confirm`` agrees to what would be removed
    (nothing is removed, and nothing returned, if it does not)."""
    with open_store() as store:
        articles = [refs.lookup(store, name) for name in names]
        if not confirm(store.removal(articles)):
            return ()
        return store.remove(articles)


def rename(open_store: Opener, old: str, new: str) -> tuple[str, str]:
    """Give an article a new name; its name before and after."""
    name = refs.check_name(new)
    with open_store() as store:
        article = refs.lookup(store, old)
        store.rename(article, name)
    return article, name


def switch(
    open_store: Opener, names: Sequence[str], *, every: bool, pause: bool, at: datetime
) -> Sequence[Switched]:
    """Pause (``pause``) or resume the tracking of articles, or of ``every`` one."""
    if every == bool(names):
        raise UsageError("name the articles, or give --all (not both)")
    with open_store() as store:
        articles = None if every else [refs.lookup(store, name) for name in names]
        return store.pause(articles, at) if pause else store.resume(articles, at)


def feeds(open_store: Opener) -> Sequence[Feed]:
    """The followed feeds, by URL (none when there is no store yet)."""
    try:
        with open_store() as store:
            return store.feeds()
    except MissingStoreError:
        return ()
