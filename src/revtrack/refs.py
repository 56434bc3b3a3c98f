"""Article names and revisions as users write them: ``talks``, ``talks@3``, ``@-1``, and the
article a name or a URL stands for in a store."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from revtrack.errors import NotFoundError, UsageError
from revtrack.lazy import compiled

if TYPE_CHECKING:
    from revtrack.models import Version
    from revtrack.store import Store

_REV = compiled(r"-?[0-9]+")  # ASCII digits: @٣ is no revision
MAX_NAME_LENGTH = 200
#: Unicode categories that cannot be part of a name: controls, invisible format characters
#: (bidi overrides, zero-width spaces), line and paragraph separators, unassigned code points.
_FORBIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def check_name(name: str) -> str:
    """Return the canonical (NFC) form of an article name, or raise :class:`UsageError`."""
    name = unicodedata.normalize("NFC", name)
    if not name:
        raise UsageError("article name is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise UsageError(f"article name is longer than {MAX_NAME_LENGTH} characters")
    invisible = any(unicodedata.category(c) in _FORBIDDEN for c in name)
    if invisible or "@" in name or name != name.strip() or name.startswith("-"):
        raise UsageError(
            f"invalid article name {name!r}: use letters, digits, spaces and punctuation "
            "other than '@', not starting with '-' or a space"
        )
    return name


#: The most digits a revision has: more name no version any store can hold (and Python
#: refuses to read a number of over 4,300 digits).
MAX_REV_DIGITS = 18


def parse_rev(text: str) -> int:
    """Parse a revision as written after ``@``: ``3`` (version 3) or ``-1`` (the latest)."""
    if _REV.fullmatch(text) and len(text.lstrip("-").lstrip("0")) > MAX_REV_DIGITS:
        raise UsageError(
            f"revision @{text[:20]}... ({len(text):,} characters) is out of range: versions "
            "are numbered from 1, and counted back from the latest as @-1, @-2 ..."
        )
    number = 0
    if _REV.fullmatch(text):  # leading zeros aside: Python reads no more than 4,300 digits
        number = int(text.lstrip("-").lstrip("0") or "0") * (-1 if text[0] == "-" else 1)
    if number == 0:
        raise UsageError(
            f"malformed revision {_shown(text)}: use a version number like @3, or @-1 for "
            "the latest and @-2 for the one before"
        )
    return number


def _shown(text: str, limit: int = 40) -> str:
    """A revision as written, shortened if it is long, for a one-line message."""
    return repr(text) if len(text) <= limit else f"{text[:20]!r}... ({len(text):,} characters)"


def split_ref(ref: str) -> tuple[str, int | None]:
    """Split ``ARTICLE[@REV]`` into the article (a name, or a URL as written) and the revision,
    if any."""
    if re.match(r"https?://", ref, re.IGNORECASE):
        url, at, rev = ref.rpartition("@")
        if at and _REV.fullmatch(rev):
            return url, parse_rev(rev)
        return ref, None  # an "@" that is part of the URL (medium.com/@name/...)
    name, at, rev = ref.rpartition("@")
    if not at:
        return check_name(ref), None
    return check_name(name), parse_rev(rev)


def parse_rev_arg(text: str) -> int:
    """Parse a revision argument written as ``@REV`` (the ``@`` may be left out)."""
    return parse_rev(text.removeprefix("@"))


def resolve(article: str, rev: int, count: int) -> int:
    """The version number that ``rev`` names in an article of ``count`` versions."""
    number = rev if rev > 0 else count + 1 + rev
    if not 1 <= number <= count:
        have = f"{count} version" + ("" if count == 1 else "s")
        raise NotFoundError(f"{article}@{rev} does not exist: {article} has {have}")
    return number


#: The revisions ``diff`` compares when none is given: the previous version and the latest.
DEFAULT_PAIR = (-2, -1)


def revision_pair(first: int | None, revs: Sequence[str]) -> tuple[int, int] | None:
    """The two revisions to compare, from the one written after the article (``talks@2``)
    and the arguments that follow; one revision is compared with the latest. ``None`` when
    none is given (:data:`DEFAULT_PAIR` then)."""
    if len(revs) > 2 or (first is not None and len(revs) > 1):
        raise UsageError("give at most two revisions: revtrack diff ARTICLE [REV_A [REV_B]]")
    chosen = ([] if first is None else [first]) + [parse_rev_arg(r) for r in revs]
    if not chosen:
        return None
    old, new = [*chosen, -1][:2]
    return old, new


def pick(article: str, history: Sequence[Version], rev: int) -> Version:
    """The version ``rev`` names in an article's ``history``."""
    return history[resolve(article, rev, len(history)) - 1]


def lookup(store: Store, text: str) -> str:
    """The name of the article that ``text`` names: a name, or the URL it was added by."""
    from revtrack import urls

    if not urls.is_url(text):
        return check_name(text)
    name = store.find_url(urls.normalize_url(text))
    if name is None:
        raise NotFoundError(f"no article has the URL {text} (add it with revtrack add URL)")
    return name
