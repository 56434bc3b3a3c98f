"""Atom 1.0 feeds (RFC 4287) of a static archive: its changes and its findings.

A feed and its entries have stable ids (URNs, the same in every build), an ``updated`` time
(the latest entry's: a feed built again from the same history is the same file), a title,
an author, and relative links, which readers resolve against the feed's own address. Text is
escaped, and the characters XML 1.0 cannot hold (control characters, lone surrogates) are
shown as their code points, so that hostile article text is never markup in a feed either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from revtrack.render.site import FeedEntry
from revtrack.times import to_iso

#: What XML 1.0 cannot hold: C0 controls but tab, newline and return; surrogates; FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: The bidi controls, shown rather than obeyed in a reader.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: A feed with no entries is dated the Unix epoch (a fixed time, not the build's).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def text(value: str) -> str:
    """Text as XML character data: escaped, what XML cannot hold shown as ``U+XXXX``."""
    shown = _NOT_XML.sub(lambda m: f"U+{ord(m.group()):04X}", value)
    shown = _BIDI.sub(lambda m: f"U+{ord(m.group()):04X}", shown)
    return escape(shown)


def feed(
    title: str,
    feed_id: str,
    self_link: str,
    page_link: str,
    entries: Sequence[FeedEntry],
    root: str,
) -> str:
    """A whole feed: ``self_link`` its own file name, ``page_link`` the page it belongs to
    (both relative to the feed), ``root`` the way from the feed to the archive's root (the
    entries' links are relative to the root)."""
    updated = max((e.updated for e in entries), default=EPOCH)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n',
        f"<id>{text(feed_id)}</id>\n<title>{text(title)}</title>\n",
        f"<updated>{to_iso(updated)}</updated>\n",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(self_link)}/>\n',
        f'<link rel="alternate" type="text/html" href={quoteattr(page_link)}/>\n',
        "<author><name>revtrack</name></author>\n<generator>revtrack</generator>\n",
    ]
    for entry in sorted(entries, key=lambda e: (e.updated, e.id), reverse=True):
        parts.append(
            f"<entry>\n<id>{text(entry.id)}</id>\n<title>{text(entry.title)}</title>\n"
            f"<updated>{to_iso(entry.updated)}</updated>\n"
            f'<link rel="alternate" type="text/html" href={quoteattr(root + entry.link)}/>\n'
            f"<summary>{text(entry.summary)}</summary>\n</entry>\n"
        )
    parts.append("</feed>\n")
    return "".join(parts)
