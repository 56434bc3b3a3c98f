"""Notes written as prose with no label, found by a score over parts that hold across
publishers rather than by a list of their phrases.

A newsroom that corrects, clarifies or retracts in its own words ("A story in Wednesday's paper
misstated ...", "Dans notre édition d'hier, nous avons écrit à tort ...", "本紙5日付の記事で
...") does three things whatever its language: it points to its own text (``self``: we, our,
this article, an earlier version, yesterday's edition), it says that text was wrong or has been
changed (``error``), and it often sets the wrong fact against the right one (``contrast``:
"not X", "rather than", 「A」は「B」の誤り). And it puts the note where notes sit: at the top or
the bottom of the text, or set apart by a rule line or an italic marker (``position``). The
words of each part are data, per language, in the catalogue's ``[prose.<language>]`` tables;
their ``guard`` words (a rule or a promise: "if we make an error, we correct it") take a
paragraph out.

A paragraph is a note when ``2·self + 2·error + contrast + position`` reaches
:data:`THRESHOLD` (so both self-reference and an error's word are needed, and one of the other
two), with no guard word, no quotation mark at its start and no attribution to a speaker in its
first sentence. Its kind is the one its words say, a correction when they say none.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from revtrack.announcements import ATTRIBUTED
from revtrack.catalogue import Catalogue, catalogue
from revtrack.labels import kind_by_words
from revtrack.lazy import compiled
from revtrack.models import Note, NoteKind
from revtrack.sieve import Sieve
from revtrack.stamps import alternatives

#: The weights of the parts, and the score a note reaches (chosen on the tuning half of
#: bench/notes_real: 5 needs self-reference and an error's word, and a contrast or a place).
WEIGHTS = {"self": 2, "error": 2, "contrast": 1, "position": 1}
THRESHOLD = 5
#: The parts read in a paragraph's first characters (a note says what it is about at once).
_REACH = 700
_PARTS = ("self", "error", "contrast", "guard", "continues", "signature")
#: A quotation's dash at a paragraph's start: "– Vi skrev ...", someone else's words.
_DASH = compiled(r"[\s*_]*[-–—]\s")
#: A pattern that opens with a CJK character (or a class of them): tried only at one.
_CJK_START = compiled(r"\[?[\u3040-\u9fff\uac00-\ud7af]")
#: Where a paragraph's first sentence ends.
_FIRST = compiled(r"(?<=[.!?])\s|(?<=[。！？])")
#: A rule line that sets a note apart: ``---``, ``* * *``, ``___``.
_RULE = compiled(r"\s*(?:[-–—_*=~·•]\s*){3,}")
#: A paragraph set in italics or apart by a marker: ``*Correction: ...*``, ``_...._``.
_MARKED = compiled(r"\s*(?:[*_]\S|\(\s*\*)")
#: A title: a short line with no sentence's end.
_TITLE = compiled(r"[^.!?。！？\n]{1,150}")
#: A CJK character: a paragraph of prose in a CJK language has forty of them or more.
_CJK = compiled(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


#: The score's patterns, and the catalogue they were made from (made again when it changes).
#: (And a sieve of the words of an error, tried before their pattern.)
_COMPILED: list[tuple[Catalogue, dict[str, re.Pattern[str]], Sieve]] = []


def _patterns() -> dict[str, re.Pattern[str]]:
    return _compiled()[1]


def _compiled() -> tuple[Catalogue, dict[str, re.Pattern[str]], Sieve]:
    found = catalogue()
    if not _COMPILED or _COMPILED[0][0] is not found:
        parts = found.prose
        made = {part: re.compile(_joined(parts.get(part, ())), re.I) for part in _PARTS}
        lowered = [w.lower() for w in parts.get("words", ())]
        words = re.compile(alternatives(lowered) or "(?!)")
        _COMPILED[:] = [(found, made | {"words": words}, Sieve(lowered))]
    return _COMPILED[0]


def _joined(words: tuple[str, ...]) -> str:
    """Patterns as one, tried where they may start (not at every character): those that open
    with a word's boundary at a word's start, those that open with a CJK character at one."""
    at_word = [w[2:] for w in words if w.startswith("\\b")]
    cjk = [w for w in words if _CJK_START.match(w)]
    other = [w for w in words if not w.startswith("\\b") and not _CJK_START.match(w)]
    parts = [rf"\b(?=\w)(?:{'|'.join(at_word)})"] if at_word else []
    parts += [rf"(?=[\u3040-\u9fff\uac00-\ud7af])(?:{'|'.join(cjk)})"] if cjk else []
    return "|".join(parts + other) or "(?!)"


class Parts(NamedTuple):
    """What a paragraph says, for its score: whether it points to the newsroom's own text in
    its first sentence (``own``), has an error's word in its opening (``wrong``), sets a wrong
    fact against a right one (``contrast``). (The kind its words say is read only of a note.)"""

    own: bool
    wrong: bool
    contrast: bool


@lru_cache(maxsize=1 << 12)
def worded(paragraph: str) -> bool:
    """Whether a paragraph's opening holds one of the words of an error (most do not)."""
    opening, (_, found, sieve) = paragraph[:_REACH].lower(), _compiled()
    return sieve.may_hold(opening) and found["words"].search(opening) is not None


@lru_cache(maxsize=1 << 12)
def parts_of(paragraph: str) -> Parts | None:
    """The parts of ``paragraph``'s score that its own words give; None when a guard holds:
    someone else's words quoted or attributed, a rule or a promise, a paragraph that goes on
    with the one above."""
    head = paragraph[:_REACH]
    found = _patterns()
    first = _first(paragraph)
    own = found["self"].search(first)
    if own is not None and (_quoted(first[: own.start()]) or ATTRIBUTED.search(first)):
        return None  # 'The notice read: "An earlier version ..."'
    if found["guard"].search(head) or found["continues"].match(head, _opening(head)):
        return None  # "If we make an error ...", "Also, ..."
    wrong = worded(paragraph) and found["error"].search(head) is not None
    return Parts(own is not None, wrong, found["contrast"].search(head) is not None)


def _first(paragraph: str) -> str:
    """The first sentence of a paragraph's opening."""
    return _FIRST.split(paragraph[:_REACH], maxsplit=1)[0]


def _opening(text: str) -> int:
    return len(text) - len(text.lstrip(" *_"))


def _quoted(before: str) -> bool:
    """Whether a quotation is open at the end of ``before`` (a quoted title or term closed
    before the newsroom's words is not), or a quotation's dash opens it."""
    if _DASH.match(before) or before.count('"') % 2:
        return True
    at, mark = max((before.rfind(m), m) for m in "“”«»„「」『』")
    if at < 0 or mark in "”»」』":
        return False
    return mark != "“" or "„" not in before[:at]  # “ closes a German „…“, else it opens


def prose_note(
    paragraphs: list[tuple[int, str]],
    index: int,
    notes: Sequence[Note],
    read: dict[int, tuple[int, int | None]] | None = None,
) -> NoteKind | None:
    """The kind of the prose note that the paragraph at ``index`` is, if it is one. A note
    may say what was wrong in the paragraph below the one that names the story ("In articles
    we wrote ... we stated that ..." over "We acknowledge this statement is untrue"), and the
    newsroom may name itself by signing below ("La redazione"). Not a paragraph that goes on
    with the note above it (the last of ``notes``). ``read`` keeps, for the paragraphs of one
    text asked in order, what :func:`_goes_on` read of them."""
    if notes and _goes_on(paragraphs, index, notes[-1].end, {} if read is None else read):
        return None
    text = paragraphs[index][1]
    below = paragraphs[index + 1][1] if index + 1 < len(paragraphs) else ""
    if below and _TITLE.fullmatch(text) and not _prose(text):
        return None  # a title ("An apology for our headline error"): the note is below it
    if not (worded(text) or worded(below)):
        return None
    if not (_signature(below) or _patterns()["self"].search(_first(text))):
        return None  # (what makes it the newsroom's, looked for before the rest)
    parts = parts_of(text)
    if parts is None or not (parts.own or _signature(below)):
        return None
    following = parts_of(below) if not parts.wrong and worded(below) else None
    wrong = parts.wrong or (following is not None and following.wrong)
    score = WEIGHTS["self"] + (WEIGHTS["error"] if wrong else 0)
    score += WEIGHTS["contrast"] if parts.contrast else 0
    score += WEIGHTS["position"] if _placed(paragraphs, index) else 0
    if score < THRESHOLD:
        return None
    said = kind_by_words(text[:_REACH])  # (the words of a kind, in every language: slow)
    return NoteKind.CORRECTION if said is NoteKind.UPDATE else said


def _goes_on(
    paragraphs: list[tuple[int, str]], index: int, end: int, read: dict[int, tuple[int, int | None]]
) -> bool:
    """Whether the paragraph at ``index`` goes on with a note that ends at ``end``: it is one
    of the two paragraphs below it, or only short lines (a byline, a stamp) are between them
    ("<바로잡습니다>" over "• 승인 2012.01.02 20:41" over the notice's prose). ``read`` holds,
    by the first paragraph below a note, how far none is prose and the first that is: each
    paragraph is read once, not once for each below it (a long run of short lines)."""
    if end >= paragraphs[max(index - 2, 0)][0]:
        return True
    first = bisect_left(paragraphs, (end, ""))
    plain, found = read.get(first, (first, None))
    if found is None:
        found = next((k for k in range(plain, index) if _prose(paragraphs[k][1])), None)
        read[first] = max(plain, index), found
    return found is None or found >= index


def _signature(line: str) -> bool:
    """Whether a line is the newsroom's signature: "La redazione", "/Redaktionen", "本刊编辑部"."""
    return len(line) <= 40 and _patterns()["signature"].search(line) is not None


def _placed(paragraphs: list[tuple[int, str]], index: int) -> bool:
    """Whether a paragraph sits where notes do: no paragraph of prose above it or none below
    it, or set apart (after a rule line or a line that ends with a colon, in italics)."""
    text, above = paragraphs[index][1], paragraphs[index - 1][1] if index else ""
    if _MARKED.match(text) or _RULE.fullmatch(above) or above.rstrip().endswith(":"):
        return True  # set apart: in italics, under a rule, a block after "... wrote:"
    first = not any(_prose(p) for _, p in paragraphs[:index])
    return first or not any(_prose(p) for _, p in paragraphs[index + 1 :])


@lru_cache(maxsize=1 << 12)
def _prose(paragraph: str) -> bool:
    """A paragraph of prose, not a headline, a byline, a signature or a caption's line: fifteen
    words or more, or forty CJK characters."""
    return len(paragraph.split(None, 15)) > 15 or len(_CJK.findall(paragraph, 0, 400)) >= 40


def forget() -> None:
    """Empty the caches of the paragraphs read (after the catalogue changed)."""
    for cached in (parts_of, worded, _prose):
        cached.cache_clear()
