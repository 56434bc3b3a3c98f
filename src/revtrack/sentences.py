"""The sentences of a text, as the engine (:mod:`revtrack.diff`) aligns them: each with what
is before it, its place and its paragraph, and a code for what it is compared by (its key
under the comparison's options), kept in arrays."""

from __future__ import annotations

import sys
from array import array
from typing import TYPE_CHECKING

from revtrack.sequences import TooManyUnits
from revtrack.text import iter_sentences, words
from revtrack.wording import claim

if TYPE_CHECKING:
    from revtrack.noise import DiffOptions


class Keys:
    """Numbers what sentences are compared by (their keys): one code per distinct key of
    either text, so that two sentences compare equal when their codes do. Codes skip the
    surrogates: each is a character of the strings that the sentences are diffed as.

    A key is found by its hash, which points at a sentence that has it, and checked against
    that sentence: no sentence's text is kept a second time, and hashes alike by chance
    never make two keys one.
    """

    def __init__(self, options: DiffOptions) -> None:
        self.key, self.keyed = options.key, options.keyed
        self.sides: list[Sentences] = []
        self.found: dict[int, int] = {}  # a key's hash -> a sentence with it: 2 * index + side
        self.others: dict[str, int] = {}  # keys whose hash another key has: their codes
        self.count = 0
        self.end = 0  # the code of the unit that closes every text (no sentence has it)
        self.hits = [0, 0]  # which ignore rules matched in each text (a bit each)
        self.hit: dict[int, int] = {}  # those of the sentences in ``found`` that some matched

    def code(self, core: str, side: int) -> int:
        """The code of a sentence, the next of text ``side``; 0 when the comparison ignores
        all of it."""
        digest = hash(core)
        at = self.found.get(digest)
        if at is not None:  # (the usual way: a sentence seen before)
            seen, k = self.sides[at & 1], at >> 1
            if seen.text[seen.cores[k] : seen.ends[k]] == core:
                self.hits[side] |= self.hit.get(at, 0) if self.hit else 0
                return seen.codes[k]
        key, hits = self.keyed(core)
        self.hits[side] |= hits
        if not key:
            return 0
        if key != core:
            digest = hash(key)
            at = self.found.get(digest)
        if at is None:
            at = self.found[digest] = 2 * len(self.sides[side]) + side
            self.hit.update({at: hits} if hits else ())
            return self.new()
        if self.key(self.core(at)) == key:
            return self.sides[at & 1].codes[at >> 1]
        code = self.others.get(key)
        if code is None:
            code = self.others[key] = self.new()
        return code

    def core(self, at: int) -> str:
        return self.sides[at & 1].core(at >> 1)

    def new(self) -> int:
        self.count += 1
        return self.count + _SURROGATE_COUNT if self.count >= _SURROGATES else self.count


_SURROGATES, _SURROGATE_COUNT = 0xD800, 0x800
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


class Sentences:
    """The sentences of one text as arrays, no object made for each (10 MB hold 100,000).

    Unit ``k`` is what is before sentence ``k`` (whitespace, sentences the comparison
    ignores), from the end of unit ``k - 1`` to ``cores[k]``, then the sentence, to ``ends[k]``;
    ``codes[k]`` is what it is compared by (:class:`_Keys`), ``paragraphs[k]`` its paragraph
    (1-based). The last unit closes the text: what follows the last sentence.
    """

    __slots__ = ("_claims", "_words", "codes", "cores", "ends", "paragraphs", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.cores, self.ends, self.paragraphs = array("q"), array("q"), array("q")
        self.codes = array("I")
        self._words: dict[int, frozenset[str]] = {}  # of the sentences being compared
        self._claims: dict[int, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.codes)

    def start(self, k: int) -> int:
        return self.ends[k - 1] if k else 0

    def end(self, k: int) -> int:
        return self.ends[k]

    def length(self, k: int) -> int:
        return self.ends[k] - self.cores[k]  # (of the sentence)

    def prefix(self, k: int) -> str:
        return self.text[self.start(k) : self.cores[k]]

    def core(self, k: int) -> str:
        return self.text[self.cores[k] : self.ends[k]]

    def whole(self, k: int) -> str:
        """The unit's text: what is before the sentence, and the sentence."""
        return self.text[self.start(k) : self.ends[k]]

    def same(self, k: int, other: Sentences, j: int) -> bool:
        """Whether unit ``k`` is unit ``j`` of ``other``, character for character (what is
        before the sentence as well)."""
        start, other_start = self.start(k), other.start(j)
        return (
            self.cores[k] - start == other.cores[j] - other_start
            and self.ends[k] - start == other.ends[j] - other_start
            and self.text[start : self.ends[k]] == other.text[other_start : other.ends[j]]
        )

    def same_before(self, k: int, other: Sentences, j: int) -> bool:
        """Whether what is before unit ``k`` is what is before unit ``j`` of ``other``."""
        start, other_start = self.start(k), other.start(j)
        return self.text[start : self.cores[k]] == other.text[other_start : other.cores[j]]

    def encoded(self) -> str:
        """The codes as a string, one character per unit."""
        try:
            return self.codes.tobytes().decode(_UTF32)
        except UnicodeDecodeError:  # more distinct sentences than there are characters
            raise TooManyUnits from None

    def words(self, k: int) -> frozenset[str]:
        """The distinct words of sentence ``k``, for comparing it with others."""
        found = self._words.get(k)
        if found is None:
            found = self._words[k] = frozenset(words(self.core(k)))
        return found

    def claim(self, k: int) -> frozenset[str]:
        """The distinct words of what sentence ``k`` says, its attribution left out."""
        found = self._claims.get(k)
        if found is None:
            found = self._claims[k] = frozenset(words(claim(self.core(k))))
        return found

    def forget_words(self) -> None:  # (those kept for comparing sentences)
        self._words.clear()
        self._claims.clear()


def split(text: str, keys: Keys) -> Sentences:
    """The units of a text (see :class:`Sentences`)."""
    side = Sentences(text)
    cores, ends, paragraphs, codes = side.cores, side.ends, side.paragraphs, side.codes
    code_of, number = keys.code, len(keys.sides)
    keys.sides.append(side)
    paragraph = 1
    position = 0  # where the next piece starts
    broken = False  # whether a line break is in what the next sentence follows
    for piece in iter_sentences(text):
        core = piece.lstrip()
        lead = len(piece) - len(core)
        broken = broken or (lead > 0 and piece.find("\n", 0, lead) >= 0)
        at, position = position + lead, position + len(piece)
        if broken and codes:
            paragraph += 1
        code = code_of(core, number) if core else 0
        if not code:  # whitespace, or a sentence ignored: carried to the next sentence
            broken = broken or "\n" in core
            continue
        cores.append(at)
        ends.append(position)
        paragraphs.append(paragraph)
        codes.append(code)
        broken = False
    cores.append(position)
    ends.append(position)
    paragraphs.append(paragraph)
    keys.end = keys.end or keys.new()
    codes.append(keys.end)
    return side
