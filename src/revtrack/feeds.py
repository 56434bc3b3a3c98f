"""RSS and Atom feeds: the article links they list."""

from __future__ import annotations

from urllib.parse import urljoin

from revtrack.errors import InputError, UsageError
from revtrack.urls import normalize_url


def entry_urls(data: bytes, base: str) -> list[str]:
    """The normalised URLs of a feed's entries, in the feed's order; :class:`InputError` if
    the document is not a feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        raise InputError(f"{base}: not an RSS or Atom feed{detail}")
    found: list[str] = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (item.get("href") for item in entry.get("links", []) if item.get("href")), None
        )
        if not link:
            continue
        try:
            url = normalize_url(urljoin(base, str(link)))
        except UsageError:
            continue  # a mailto: or a broken link in the feed
        if url not in found:
            found.append(url)
    return found
