"""Full-text search over every stored version: what a query means, the words the store's index
keeps of each text, and whether a text holds what was searched for.

A query is words and phrases; a version matches when it holds every one of them. Each is
looked for as written, letter case aside (Unicode case folding) and any run of whitespace
standing for any other: ``port talks`` matches ``Port\\ntalks`` but neither ``port-talks`` nor
``port talks,`` when a letter follows, since a term that starts or ends with a letter or digit
is matched only where a word starts or ends (but in Chinese, Japanese, Thai and the other
scripts written without spaces, where every character is a word of its own).

The store's index (SQLite FTS5, PostgreSQL's ``tsvector``; see :mod:`revtrack.store.index`)
holds the :func:`new_words` of each version, the words it brought to its article, and gives
back the articles that ever held every word of the query's terms: every article that matches,
and perhaps some others (a phrase's words in another order, or in different versions). Each of
their versions is then checked against its text, so that both stores find exactly the same
versions. The words are cut here, not by either
database's tokenizer, so that the two indexes hold the same words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import field
from functools import cache
from typing import TYPE_CHECKING

from revtrack.errors import UsageError
from revtrack.evidence import Found, Seen, Stretch
from revtrack.frozen import dataclass
from revtrack.models import History, Version
from revtrack.text import SOLO, parts_at_spaces

if TYPE_CHECKING:
    import regex

#: What words are made of, in the other scripts: letters, marks, digits and the joiners.
_WORDLY = rf"[[\p{{L}}\p{{N}}\p{{M}}\u200c\u200d]--[{SOLO}]]"
#: The index keeps this many characters of a word (a longer "word" is a code or an address;
#: a query's word is cut the same way, so that it still finds it).
MAX_WORD = 64
#: A text whose distinct words take more than this many bytes is not indexed word by word: it
#: is indexed as :data:`UNINDEXED`, and every search checks its text (PostgreSQL keeps at
#: most 1 MB of words for a text).
MAX_WORDS_BYTES = 256 * 1024
#: Nor is a text with more distinct runs between spaces than this (words with the
#: punctuation around them): far more than the words that fit in :data:`MAX_WORDS_BYTES`.
MAX_RUNS = 64 * 1024
#: The word of a text that is not indexed word by word, which no text's words include (it is
#: not a letter or a digit) and every search asks for as well.
UNINDEXED = "§"
#: Characters of context on each side of a match in an excerpt.
CONTEXT = 40


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The words of a text (each character of the scripts without spaces alone), and the
    characters a word is made of elsewhere."""
    import regex

    return regex.compile(rf"[{SOLO}]|{_WORDLY}+", regex.V1), regex.compile(_WORDLY, regex.V1)


def _fold(text: str) -> str:
    """The form texts and queries are compared in: NFC, case folded."""
    return unicodedata.normalize("NFC", text).casefold()


def index_words(text: str) -> tuple[str, ...]:
    """The distinct words the search index keeps of a text, sorted: case folded, each at most
    :data:`MAX_WORD` characters; ``(UNINDEXED,)`` for a text with too many of them."""
    # No word holds a space: each distinct run between spaces is read once (a text repeats
    # its runs, and reading them alone is several times quicker than reading the text), a
    # part of the text at a time (the runs of a whole huge text would take more memory),
    # and folded once (folding keeps the spaces where they are, and folds no run into two).
    findall = _patterns()[0].findall
    seen: set[str] = set()  # as written
    runs: set[str] = set()  # folded
    for part in parts_at_spaces(text, 1 << 16):
        new = set(part.split()) - seen
        seen |= new
        runs.update(map(_fold, new))
        if len(runs) > MAX_RUNS:
            return (UNINDEXED,)
    found = {word[:MAX_WORD] for run in runs for word in findall(run)}
    if sum(len(word.encode("utf-8")) + 1 for word in found) > MAX_WORDS_BYTES:
        return (UNINDEXED,)
    return tuple(sorted(found))


def new_words(text: str, previous: str | None) -> tuple[str, ...]:
    """The :func:`index_words` of a version's ``text`` that the ``previous`` version's text
    (if any) did not hold: the words it brings to its article, which is what the index keeps.
    A text not indexed word by word brings :data:`UNINDEXED`; after one, every word is new."""
    words = index_words(text)
    if previous is None or words == (UNINDEXED,):
        return words
    before = set(index_words(previous)) - {UNINDEXED}
    return tuple(word for word in words if word not in before)


# --- queries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """Words and phrases to find, all of them, in a version's text."""

    text: str  # as given
    terms: tuple[str, ...]  # each word or phrase, its whitespace made single spaces
    #: The index words of the terms: a version that matches holds every one.
    words: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        words = {word[:MAX_WORD] for term in self.terms for word in _words_of(term)}
        object.__setattr__(self, "words", tuple(sorted(words)))

    def first_match(self, text: str) -> tuple[int, int] | None:
        """Where the first term is first found in ``text`` (folded) if ``text`` holds every
        term, else None."""
        folded = _fold(text)
        where = None
        for term in self.terms:
            match = _found(term, folded)
            if match is None:
                return None
            where = where or match
        return where

    def excerpt(self, text: str) -> str:
        """The first match in ``text`` with some context, on one line ('' without one)."""
        where = self.first_match(text)
        if where is None:
            return ""
        folded = _fold(text)
        source = text if len(folded) == len(text) else folded  # (positions are the folded's)
        start, end = where
        before, after = source[max(0, start - CONTEXT) : start], source[end : end + CONTEXT]
        lead, tail = "", ""
        if start > CONTEXT:  # cut where a word starts, after a space
            before, lead = before[before.find(" ") + 1 :] if " " in before else before, "…"
        if end + CONTEXT < len(source):
            after, tail = after[: after.rfind(" ")] if " " in after else after, "…"
        return " ".join(f"{lead}{before}{source[start:end]}{after}{tail}".split())


def _words_of(term: str) -> list[str]:
    found: list[str] = _patterns()[0].findall(_fold(term))
    return found


def _found(term: str, text: str) -> tuple[int, int] | None:
    """Where ``term`` is first in a folded ``text``: its pieces as written, any whitespace
    between them, and at its ends, where a letter or digit is, the end of a word.

    In linear time: the places looked at are where the term's first piece is, and when the
    term starts a word, a place inside a word skips to the word's end; the pieces are compared
    as strings (a pattern of 4,000 x's tried on a word of 100,000 took 20 s).
    """
    pieces = _fold(term).split()
    wordly = _patterns()[1]
    starts_word = wordly.match(pieces[0][0]) is not None
    ends_word = wordly.match(pieces[-1][-1]) is not None
    position = 0
    while (at := text.find(pieces[0], position)) >= 0:
        if starts_word and at and wordly.match(text, at - 1):  # inside a word: skip it
            position = _run().match(text, at).end() + 1  # type: ignore[union-attr]
            continue
        end = _pieces_end(pieces, text, at)
        if end is not None and not (ends_word and wordly.match(text, end)):
            return at, end
        position = at + 1
    return None


def _pieces_end(pieces: Sequence[str], text: str, at: int) -> int | None:
    """Where the pieces end when they are at ``at`` of ``text`` with whitespace between
    them (the first one is), or None."""
    end = at + len(pieces[0])
    for piece in pieces[1:]:
        space = _space().match(text, end)
        if space is None or not text.startswith(piece, space.end()):
            return None
        end = space.end() + len(piece)
    return end


@cache
def _run() -> regex.Pattern[str]:
    """A run of the characters words are made of (see :data:`_WORDLY`)."""
    import regex

    return regex.compile(f"{_WORDLY}*", regex.V1)


@cache
def _space() -> regex.Pattern[str]:
    import regex

    return regex.compile(r"\s+", regex.V1)


def parse_query(arguments: Sequence[str]) -> Query:
    """The query that the command's arguments make: each argument a word, or a phrase if it
    holds spaces; "double quotes" inside an argument make a phrase of what they hold (one
    left open runs to the end), and the words outside them are words of their own.

    Nothing in a query is an operator: ``*``, ``-``, ``NEAR``, ``OR`` and the like are looked
    for as written. :class:`UsageError` if the query has no letter or digit to look for.
    """
    given = " ".join(arguments)
    try:
        given.encode("utf-8")
    except UnicodeEncodeError:  # (an argument that was not UTF-8: its bytes as surrogates)
        raise UsageError(f"the query {given!r} is not UTF-8") from None
    terms = tuple(dict.fromkeys(_terms(arguments)))
    query = Query(given, terms)
    if not query.words:
        raise UsageError(
            f"the query {given!r} has no word to search for (letters or digits; a phrase "
            'goes in quotes: revtrack search "port talks")'
        )
    return query


def _terms(arguments: Iterable[str]) -> Iterator[str]:
    for argument in arguments:
        argument = unicodedata.normalize("NFC", argument)
        if '"' not in argument:
            phrase = " ".join(argument.split())
            if phrase:
                yield phrase
            continue
        for n, part in enumerate(argument.split('"')):
            if n % 2:  # inside quotes
                phrase = " ".join(part.split())
                if phrase:
                    yield phrase
            else:
                yield from part.split()


# --- what the versions of an article hold -------------------------------------------------


def found_in(history: History, query: Query, candidates: Collection[int]) -> Found | None:
    """What the versions of ``history`` hold of ``query``, looking only at the
    ``candidates`` (the numbers of those the index gave: the others hold it not); None if
    no version holds it."""
    holding = [v for v in history.versions if v.number in candidates and query.first_match(v.text)]
    if not holding:
        return None
    numbers = {v.number for v in holding}
    return Found(
        article=history.article,
        url=history.url,
        versions=tuple(sorted(numbers)),
        stretches=tuple(_stretches(history.versions, numbers)),
        latest=_seen(history.versions[-1]),
        excerpt=query.excerpt(holding[-1].text),
    )


def _stretches(versions: Sequence[Version], holding: Collection[int]) -> Iterator[Stretch]:
    """The runs of consecutive (readable) versions that hold it, each with the version that
    removed it."""
    first: Version | None = None
    last: Version | None = None
    for version in versions:
        if version.number in holding:
            first, last = first or version, version
        elif first is not None and last is not None:
            yield Stretch(_seen(first), _seen(last), _seen(version))
            first = last = None
    if first is not None and last is not None:
        yield Stretch(_seen(first), _seen(last))


def _seen(version: Version) -> Seen:
    return Seen(version.number, version.observed_at)
