"""Article names and revisions as users write them: ``talks``, ``talks@3``, ``@-1``."""

from __future__ import annotations

import re
import unicodedata

from revtrack.errors import NotFoundError, UsageError

_REV = re.compile(r"-?\d+")
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


def parse_rev(text: str) -> int:
    """Parse a revision as written after ``@``: ``3`` (version 3) or ``-1`` (the latest)."""
    if not _REV.fullmatch(text) or int(text) == 0:
        raise UsageError(
            f"malformed revision {text!r}: use a version number like @3, or @-1 for the "
            "latest and @-2 for the one before"
        )
    return int(text)


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
