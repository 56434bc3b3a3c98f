"""Another publisher's note that a text quotes, reports or reviews: a look-alike, whatever its
language, however much it reads like a note.

A media column, a blog or a news story that shows someone else's correction introduces it.
Its lead-in is the paragraph (or the clause) right above the note, and it ends where the note
begins: with a colon ("The Guardian's April 26 correction reads:", "I rättelsen stod
följande:", "该说明原文如下:"), or with a sentence's end when the note opens with a quotation
mark (「...」, “...”, «...»). That lead-in names the note as a thing ("correction", "apology",
"editor's note", "rättelsen", "meldingen", "訂正", "致歉声明"), says it is quoted ("原文",
"全文如下", "via Romenesko"), or is an item of a numbered list ("2) On slavery:"). The
catalogue's ``[quoting.<language>]`` tables hold each language's ``lead`` words. A short line
may stand between the lead-in and the note: the quoted note's own headline or subhead, or the
addressee of a letter of correction ("全文如下:" over "新華社總編室" over the letter).

A publisher's own note stays: under a lead-in whose last sentence speaks as the publisher
("we", "our": "Here is the correction we published:"), and on a page whose title is a
corrections heading (the publisher's own corrections page: "Corrections & Clarifications").
A note that its label opens ("Correction: ...") has no lead-in of this kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import cache

from revtrack.catalogue import catalogue
from revtrack.labels import patterns
from revtrack.lazy import compiled
from revtrack.models import Note

#: What may stand between a lead-in and the note: spaces, quotation marks, bullets, asterisks.
_BETWEEN = " \t\r\n\u3000“”\"«»„‘’'「『〈《•*·–—-"
#: Quotation marks that open a quoted note.
_OPENING = '“”"«»„「『〈'
#: How much of a line may stand before a note and still be read as its opening ("“News: ").
_PREFIX = 16
#: How far back a lead-in is read (its paragraph, no further).
_REACH = 320
#: Where a lead-in's last sentence starts.
_SENTENCE_END = compiled(r"[.!?。！？]\s|\n")
#: A text's first line, as long as a title may be (and one character more).
_TITLE_LENGTH = 80
_TITLE_WORDS = 4
_TITLE = compiled(rf"\s*([^\n]{{0,{_TITLE_LENGTH + 1}}})")
#: An outlet's name as a list writes it over each note: capitalized words, a date, a country
#: in brackets, small words between them ("of", "the", "de"), six words at the most.
_NAME_LENGTH = 60
_INLINE_NAME = 2
_NAME = compiled(
    r"(?:[A-Z][\w.&’'-]*|\([^()\n]{1,20}\))"
    r"(?:,?\s+(?:[A-Z][\w.&’'-]*|\d{1,4}|[a-z]{1,3}|\([^()\n]{1,20}\))){0,5}"
)
#: A headline between a lead-in and the note it quotes: a short line, no sentence's end, no
#: colon (not a lead-in itself), no quotation mark.
_HEADLINE_LENGTH = 80
_HEADLINE = compiled(r"[^\n.!?。！？:：“”\"«»„「」]{1,80}")
#: A numbered list's item: "1) On state politics:", "3. Avengers: Endgame ...".
_NUMBERED = compiled(r"\s*\d{1,2}\s*[.)]\s")


def _patterns() -> dict[str, re.Pattern[str]]:
    """The lead-in's patterns, made again when the catalogue's tables change."""
    return _compiled(tuple((part, tuple(words)) for part, words in catalogue().quoting.items()))


@cache
def _compiled(parts: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, re.Pattern[str]]:
    words = dict(parts)
    return {
        part: re.compile("|".join(f"(?:{w})" for w in words.get(part, ())) or "(?!)", re.I)
        for part in ("lead", "own")
    }


def unquoted(text: str, notes: Sequence[Note]) -> tuple[Note, ...]:
    """``notes`` less those that the text quotes from another publisher (a lead-in is no note
    itself: "Editor's note: Editor's note: ..." is a line of labels, each a note)."""
    if not notes or _corrections_page(text):
        return tuple(notes)
    ordered = sorted(notes, key=lambda n: n.start)
    starts = [note.start for note in ordered]

    def in_note(at: int) -> bool:
        index = bisect_right(starts, at) - 1
        return index >= 0 and ordered[index].start <= at < ordered[index].end

    return tuple(note for note in notes if not _quoted(text, note, in_note))


def _corrections_page(text: str) -> bool:
    """Whether the text's title is a corrections heading: a correction's word and a few more
    ("Corrections & Clarifications"), not a sentence ("Corrections we enjoyed this year.")."""
    title = _TITLE.match(text)
    line = title.group(1) if title is not None else ""
    heading = len(line) <= _TITLE_LENGTH and len(line.split()) <= _TITLE_WORDS
    word = patterns().label_word.match(line) if heading and not line.endswith(".") else None
    return word is not None and word.lastgroup in ("CORRECTION", "CLARIFICATION", "RETRACTION")


def _quoted(text: str, note: Note, in_note: Callable[[int], bool]) -> bool:
    """Whether a lead-in introduces the note as another's: the clause on the note's line before
    it ("Valley Times, May 3: ..."), or the paragraph above the line's opening ("“News: ")."""
    return any(
        _introduces(text, note.start, bounds, in_note) for bounds in _leads_in(text, note.start)
    )


def _introduces(
    text: str, start: int, bounds: tuple[int, int], in_note: Callable[[int], bool]
) -> bool:
    if in_note(bounds[1] - 1):
        return False
    lead = text[bounds[0] : bounds[1]]
    last = lead[_last_sentence(lead) :]
    if _patterns()["own"].search(last):
        return False
    if _NUMBERED.match(lead) is not None or _patterns()["lead"].search(lead) is not None:
        return True
    return _named(text, bounds[1], start)


def _named(text: str, colon: int, start: int) -> bool:
    """Whether a lead-in is an outlet's name alone on its line, set before its note ("Toronto
    Sun:", "From the Daily Star:", "Washington Post, July 9: The Crime & Justice column ..."),
    as a list of other outlets' notes names each, and no label's word. On the note's own line
    the name has two words or more and the note opens a sentence: "Photo: A caption ..." and
    "News Online: on May 28 ..." are labels of the publisher's own."""
    line = text.rfind("\n", max(colon - _NAME_LENGTH, 0), colon) + 1
    if line == 0 and colon > _NAME_LENGTH:
        return False
    name = text[line : colon - 1].strip(_BETWEEN)
    if "\n" not in text[colon:start] and (
        len(name.split()) < _INLINE_NAME or not (text[start].isupper() or text[start] in _OPENING)
    ):
        return False  # a label of its own: "Photo: A caption ...", "News Online: on May 28 ..."
    return _NAME.fullmatch(name) is not None and patterns().label_word.search(name) is None


def _leads_in(text: str, start: int) -> list[tuple[int, int]]:
    """Where the paragraphs (or clauses) that may introduce the note at ``start`` start and
    end: the text before it, or before its line's short opening, when it ends with a colon, or
    with a sentence's end and the note opens with a quotation mark."""
    window = max(start - 2 * _PREFIX, 0)
    line_start = text.rfind("\n", window, start) + 1
    if line_start == 0 and window > 0:
        line_start = start  # (a line longer than a note's opening)
    opening = text[line_start:start].strip()
    short = len(opening) <= _PREFIX
    anchors = [start] if not short or opening.rstrip(_BETWEEN).endswith((":", "：")) else []
    if short:
        anchors.append(line_start)
        if (above := _headline_above(text, line_start)) is not None:
            anchors.append(above)
    return [bounds for anchor in anchors if (bounds := _lead_in(text, start, anchor))]


def _headline_above(text: str, line_start: int) -> int | None:
    """Where the line right above a note's line starts, when that line is a headline (or an
    addressee) that a quoted note carries under its lead-in: short, with no sentence's end and
    no colon of its own ("So wird es gemacht:" over "Krusche war Bischof in Magdeburg" over the
    correction; "全文如下:" over "新華社總編室" over the letter)."""
    end = line_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return None
    begin = text.rfind("\n", max(end - _HEADLINE_LENGTH - 1, 0), end) + 1
    if begin == 0 and end > _HEADLINE_LENGTH:
        return None
    return begin if _HEADLINE.fullmatch(text, begin, end) is not None else None


def _lead_in(text: str, start: int, anchor: int) -> tuple[int, int] | None:
    at = anchor
    while at > 0 and text[at - 1] in _BETWEEN:
        at -= 1
    if at == 0:
        return None
    opened = any(c in _OPENING for c in text[at : start + 1])
    if text[at - 1] not in ":：" and not (opened and text[at - 1] in ".!?。！？…"):
        return None
    floor = max(text.rfind("\n", max(at - _REACH, 0), at - 1) + 1, at - _REACH, 0)
    return floor, at


def _last_sentence(lead: str) -> int:
    """Where a lead-in's last sentence starts."""
    last = 0
    for end in _SENTENCE_END.finditer(lead, 0, max(len(lead) - 1, 0)):
        last = end.end()
    return last
