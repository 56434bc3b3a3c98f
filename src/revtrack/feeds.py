"""RSS and Atom feeds: the article links they list."""

from __future__ import annotations

from urllib.parse import urljoin

from revtrack.errors import InputError, UsageError
from revtrack.urls import normalize_url

#: The most articles new to the store that one refresh starts tracking from one feed (the
#: first it lists): a feed or sitemap of thousands is taken a share at a time.
NEW_PER_FEED = 100


def entry_urls(data: bytes, base: str) -> list[str]:
    """The normalised URLs of a feed's entries, in the feed's order; :class:`InputError` if
    the document is not a feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        raise InputError(f"{base}: not an RSS or Atom feed{detail}")
    found: dict[str, None] = {}  # (a dict: in order, and looked up at once in a long feed)
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
        found.setdefault(url)
    return list(found)


#: The types of the feeds a page names in its ``<link rel="alternate">`` elements.
LINKED_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def linked_feeds(html: str, base: str) -> list[str]:
    """The normalised URLs of the RSS and Atom feeds that a web page names with
    ``<link rel="alternate" type="application/rss+xml" href="...">``, in its order (relative
    to its ``<base href>``, if it has one, or to ``base``)."""
    from html.parser import HTMLParser

    links: list[tuple[str, str]] = []  # (what the href is relative to, href)

    class _Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            nonlocal base
            found = {name: (value or "").strip() for name, value in attrs}
            if tag == "base" and found.get("href"):
                base = urljoin(base, found["href"])
            kind = found.get("type", "").split(";")[0].lower()
            rels = found.get("rel", "").lower().split()
            if tag == "link" and "alternate" in rels and kind in LINKED_FEED_TYPES:
                links.append((base, found.get("href", "")))

    parser = _Links(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    found: list[str] = []
    for start, href in links:
        try:
            url = normalize_url(urljoin(start, href)) if href else None
        except UsageError:
            continue
        if url is not None and url not in found:
            found.append(url)
    return found
