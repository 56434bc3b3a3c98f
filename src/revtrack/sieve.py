"""A quick test that a text may hold one of many words, before the patterns that look for them.

Searching a text for one of a few hundred words with one alternation reads every character
against the pattern (about 30 ns each: a second for a text of a million words). A text's words
repeat, though: a :class:`Sieve` reads each distinct whitespace-separated chunk of a text once
for the longest piece of each word (its longest run of characters between spaces) and remembers
what it found. A word can occur in a text only if its longest piece is inside one of the text's
chunks, so a text with no such chunk holds none of the words; one that has one is searched as
before. What is found never changes, only how many texts are searched.
"""

from __future__ import annotations

from collections.abc import Iterable

from revtrack.lazy import compiled
from revtrack.stamps import alternatives

#: The most chunks remembered, either way (a text of a million words has some tens of
#: thousands of distinct ones): past it, they are forgotten and read again.
_KEPT = 1 << 18


class Sieve:
    """Whether a (lower-case) text may hold one of ``words`` (lower case, written as they
    are: each a plain string, not a pattern)."""

    def __init__(self, words: Iterable[str]) -> None:
        single = {word for word in words if len(word.split()) == 1}
        self._spaced: dict[str, list[str]] = {}  # a longest piece: the words of several
        for word in {word for word in words if len(word.split()) > 1}:
            self._spaced.setdefault(max(word.split(), key=len), []).append(word)
        pieces = {word.strip() for word in single} | self._spaced.keys()
        self._piece = compiled(alternatives(pieces) or "(?!)")  # (when first read)
        self._single = compiled(alternatives({word.strip() for word in single}) or "(?!)")
        self._holding: dict[str, tuple[str, ...] | None] = {}  # None: a word is inside
        self._clean: set[str] = set()

    def may_hold(self, text: str) -> bool:
        """False when ``text`` surely holds none of the words; True when it may."""
        chunks = set(text.split())
        if self._clean.issuperset(chunks):
            return False
        if len(self._clean) + len(self._holding) > _KEPT:
            self._holding.clear()
            self._clean.clear()
        for chunk in chunks.difference(self._clean):
            if chunk not in self._holding:
                if not self._piece.search(chunk):
                    self._clean.add(chunk)
                    continue
                self._holding[chunk] = self._inside(chunk)
            spaced = self._holding[chunk]
            if spaced is None or any(word in text for word in spaced):
                return True
        return False

    def _inside(self, chunk: str) -> tuple[str, ...] | None:
        """None when a chunk may hold a word of one piece, else the words of several pieces
        whose longest piece it holds (the text is searched for them)."""
        if self._single.search(chunk):
            return None
        return tuple(word for piece, of in self._spaced.items() if piece in chunk for word in of)
