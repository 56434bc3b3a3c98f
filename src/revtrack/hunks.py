"""The places in an edited sentence where words changed (hunks), with what the severity of
the edit reads around each: the end of the text before it on each side, the start of the
text after it, and whether a quotation is open there. Each side's text before is kept as it
goes, its end and its quotation marks counted, so that a long passage's many hunks cost what
the passage does, not its square."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from revtrack.frozen import dataclass
from revtrack.lazy import compiled
from revtrack.models import Op, Span

#: Quotation marks that open and close (straight quotes are counted apart).
OPENING = "“«„「『"
CLOSING = "”»」』"


@dataclass(frozen=True)
class Hunk:
    """One place in an edited sentence where words changed, with the end of the text before it
    on each side (within the sentence or passage: its last :data:`_CONTEXT` characters), the
    start of the text after it on the old side, and whether a quotation is open before it."""

    deleted: str
    inserted: str
    old_before: str
    new_before: str
    old_after: str = ""
    in_quotes: bool = False


#: What a hunk keeps of the text around it: enough to read whether a word starts a sentence
#: or repeats the one before (a word after a longer run of spaces and quotation marks alone
#: is read as starting one).
_CONTEXT = 1000


class _Before:
    """One side's text before a place in a passage: its end, and its quotation marks counted
    (a long passage's many hunks each read them in constant time). The pieces added since
    the last hunk are kept as they come and joined when a hunk reads them: a passage's many
    short pieces are counted and cut in one pass a hunk, not one each."""

    __slots__ = ("marks", "pieces", "seen")

    def __init__(self) -> None:
        self.seen = ""
        self.pieces: list[str] = []
        self.marks = dict.fromkeys('"' + OPENING + CLOSING, 0)

    def add(self, text: str) -> None:
        self.pieces.append(text)

    def tail(self) -> str:
        """The end of the text so far: its last :data:`_CONTEXT` characters."""
        if self.pieces:
            added = "".join(self.pieces)
            self.pieces.clear()
            if _MARKS.search(added):
                for mark in self.marks:
                    self.marks[mark] += added.count(mark)
            self.seen = (self.seen + added)[-_CONTEXT:]
        return self.seen

    def quoted(self) -> bool:
        """Whether a quotation is open: an odd number of straight quotes, or more opening
        marks than closing ones („German quotes“ close with the English opening mark)."""
        self.tail()  # (the pieces not yet counted)
        count = self.marks
        if count['"'] % 2:
            return True
        if count["„"]:
            return count["„"] - count["“"] + count["«"] - count["»"] > 0
        return sum(count[c] for c in OPENING) - sum(count[c] for c in CLOSING) > 0


#: Any quotation mark :class:`_Before` counts.
_MARKS = compiled("[" + re.escape('"' + OPENING + CLOSING) + "]")


def edited_places(spans: Sequence[Span]) -> Iterator[Hunk]:
    """The hunks of an edited sentence or passage (its word diff's ``spans``), in order."""
    old, new = _Before(), _Before()
    old_text: list[str] = []  # (joined once, at the end, for what follows each hunk)
    deleted: list[str] = []
    inserted: list[str] = []
    # Each hunk as it is held (its fields but what follows it), and where the old text after
    # it starts: made once that is known.
    pending: list[tuple[str, str, str, str, bool, int]] = []
    at = 0

    def held() -> None:
        nonlocal at
        gone, added = "".join(deleted), "".join(inserted)
        quoted = old.quoted() or new.quoted()
        pending.append((gone, added, old.tail(), new.tail(), quoted, at + len(gone)))
        old.add(gone)
        new.add(added)
        old_text.append(gone)
        at += len(gone)
        deleted.clear()
        inserted.clear()

    for span in spans:
        if span.op is not Op.EQUAL and not span.ignored:
            (deleted if span.op is Op.DELETE else inserted).append(span.text)
            continue
        if deleted or inserted:
            held()
        if span.op is not Op.INSERT:
            old.add(span.text)
            old_text.append(span.text)
            at += len(span.text)
        if span.op is not Op.DELETE:
            new.add(span.text)
    if deleted or inserted:
        held()
    whole = "".join(old_text)
    for gone, added, old_before, new_before, quoted, after in pending:  # with what follows
        yield Hunk(gone, added, old_before, new_before, whole[after : after + _CONTEXT], quoted)
