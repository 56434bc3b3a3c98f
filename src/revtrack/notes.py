"""Find the editorial notes in an article's text; :mod:`revtrack.stamps` reads their stamps.

A note takes one of these shapes, at the start of a paragraph or of a sentence:

1. a label, maybe numbered or time-stamped, then a separator or the end of its paragraph:
   ``Update (8/18/21, 10:15 p.m. ET):``, ``CORRECTION:``, ``Updated at 3:45 p.m. ET``,
   ``Update 2 —``, ``Editor's note:``, ``Correction 5 June:``, ``Updated: Aug. 19, 2021``;
2. a label in brackets, anywhere: ``[Updated 10:15 a.m.]``, ``(Update: ...)``; a paragraph
   wholly in brackets needs no separator: ``(Updated with comment from the ministry)``, nor do
   wire services' ``(Corrects spelling of name in paragraph 3)``;
3. a sentence that announces a change to the article itself: ``This article has been updated
   to include ...``, ``An earlier version of this story misstated ...``, ``This article was
   amended on 5 June 2020 to ...``, ``This version corrects ...``, ``The Times regrets the
   error.``;
4. a label alone on its paragraph (``Correction: Aug. 5, 2021``, ``Editor's Note``), whose
   text is the paragraph after it;
5. a paragraph in which the newsroom says, in its own words, that its text was wrong, at the
   top or the bottom of the text: found by a score (:mod:`revtrack.prose`), not a phrase.

A note runs to the end of its paragraph, or of its brackets, or to the next note. Words alone
never make a note: "Apple will update its software", "a market correction of 10%" and "the
editor of the magazine said" are prose.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from revtrack.announcements import (
    AGENT,
    ANNOUNCEMENTS,
    ATTRIBUTED,
    PASSIVE,
    SELF,
    announced_kind,
)
from revtrack.fields import dated_fields
from revtrack.labels import (
    BYLINE_FURNITURE,
    Label,
    Seen,
    day_first_label,
    defines,
    in_comment,
    joins_above,
    kind_said,
    note_zones,
    opened_above,
    patterns,
    read_label,
    sentence_kind,
    sentence_stamp,
    stamp_after_separator,
    stamp_lead,
    title_above,
)
from revtrack.lazy import compiled
from revtrack.lookalikes import genuine
from revtrack.models import Note, NoteKind, Version
from revtrack.prose import forget as forget_prose
from revtrack.prose import prose_note
from revtrack.quoting import unquoted
from revtrack.stamps import grammar, parse_time, stamp_after, trailing_stamp
from revtrack.text import closing_brackets, iter_sentences
from revtrack.text import paragraphs as text_paragraphs

#: A stamp inside an update's first sentence: ``Update: still unchanged as of 7:30 a.m. ET``.
_AS_OF = compiled(r"\bas\s+of\s+", re.IGNORECASE)
#: A publication time relative to the visit before a byline's update: ``Publié il y a 3 heures``.
_RELATIVE_BEFORE = compiled(
    r"\b(?:il\s+y\s+a|vor|hace|há|för)\s+\d+\s+\w+|\d+\s+\w+\s+(?:ago|fa|geleden|siden|sedan"
    r"|temu)\b|\d+\s*(?:時間|分|小时|小時|分钟|分鐘|시간|분)\s*(?:前|전)",
    re.IGNORECASE,
)
#: A pattern that matches anywhere, reading nothing: a stamp with nothing before it.
_NOTHING = compiled("")
_SPACES = compiled(r"\s*")
#: A digit within ``_ANNOUNCED`` characters of a label: the sentence it heads may be dated
#: ("This story was updated at 12:16 p.m. ...") and is read for its stamp.
_DIGIT = compiled(r"\d")
_ANNOUNCED = 100
#: A body that is a relative time (``Last updated: 3 hours ago``): it changes on every visit.
_RELATIVE = compiled(
    r"\s*(?:about\s+)?(?:\d+|an?)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)"
    r"\s+ago\b|\s*(?:just\s+now|yesterday|today)\b",
    re.IGNORECASE,
)
#: Wire services' paragraph-long notes: ``(Updates with ...)``, ``(Corrects ...)``,
#: ``(EDS: Updating ...)``, ``(Story corrects ...)``.
_WIRE = compiled(
    r"[(\[](?:(?P<prefix>(?:attn|eds|ed\s+note|lead|note)\s*:\s*)|(?:this\s+)?(?:story|article"
    r"|version|item)\s+)?"
    r"(?P<verb>(?:updates|corrects|recasts|refiles|rewrites|clarifies|fixes|amends|revises"
    r"|withdraws|retracts|reissues|repeats|edits|expands|trims|(?:adds|changes|removes|restores"
    r"|replaces|inserts|deletes|moves)(?!\s+(?:in|of|up|to|from|for|on)\b))"
    r"|(?:updated|corrected)(?=\s+(?:with|to)\b)"
    r"|(?<=:)\s*(?:updat|correct|clarif|recast|refil|rewrit|chang|remov|fix|insert|amend|revis"
    r"|edit|restor|replac|delet|withdr|retract|reissu|add)\w*)"
    r"\b[^)\]]*[)\]]",
    re.IGNORECASE,
)
#: A sentence that goes on with a note: "It is 600, not 6,000.", "An earlier version said ...".
_CONTINUES = compiled(
    r",\s+not\s|^(?:it|he|she|they|that|this|the\s+correct\w*)\s+(?:is|was|are|were|has|have"
    r"|had|should)\b|regrets?\s+the\s+errors?|\b(?:earlier|previous|prior|original)\s+version"
    r"|\bmisstat|\bincorrectly\b|\bmis(?:identif|spel|attribut|quot|nam|label)"
    r"|\b(?:mistakenly|wrongly|erroneously|inaccurately)\b|\bin\s+error\b",
    re.IGNORECASE,
)
#: A label too common to make a note alone, but which may precede an announcement.
_WEAK_LABEL = compiled(r"(?:note|n\.?b\.?|p\.?s\.?|editors?|eds?\.?)\s*[:—–-]\s*", re.IGNORECASE)
#: An editor's note that retracts the article itself.
_RETRACTS = compiled(
    r"(?<!in\s)(?<!of\s)(?<!on\s)(?<!to\s)(?<!from\s)"  # "quoted in this article ..."
    rf"\b(?:this|the)\s+{SELF}\s+(?:has\s+been|was|is\s+being|is|had\s+been)\s+(?:retracted"
    r"|withdrawn|removed|unpublished)|\bwe\s+(?:have\s+|are\s+)?(?:retract|withdr)\w*\s+"
    rf"(?:this|the)\b|\bretract(?:ed|ing)?\s+(?:this|the)\s+{SELF}",
    re.IGNORECASE,
)
#: A list item's bullet: in a corrections column, a correction found in an item is the item
#: ("• Jane Doe is the director ... A Sept. 14 column misspelled her name.").
_ITEM = compiled(r"\s*[•▲■▶◆*]\s*")
_DECORATION = compiled(r"[\s*_>•·#▲■▶◆※]*(?:[-–—]\s+)?[\s*_]*")
#: A paragraph that opens with a quotation mark may be a note quoted as a blockquote (a note
#: quoted inside a sentence, ``The note read: "..."``, is prose about another article).
_OPENING_QUOTE = compiled(r"[“”\"‘«»„「『]\s*")
#: A quotation that closes before words that say who said it: ``"...," the paper wrote``.
_SAID = compiled(r"[,!?]?[”\"»]\s*,?\s+[a-zß-ÿ]")
#: A paragraph that a heading label may head: for an update, a sentence of five words or more
#: ("Update" over a button's text is no note); for another kind, four words (or ten CJK) or more.
_PROSE = {
    True: compiled(
        r"(?>\w+(?:\W+\w+){4,}|(?:.*?[\u3040-\u30ff\u3400-\u9fff]){10}).*[.!?:。！？：”\"»)]$",
        re.DOTALL,
    ),
    False: compiled(r"\w+(?:\W+\w+){3,}|(?:[^\u3040-\ud7af]*[\u3040-\ud7af]){10}"),
}
_TRAILING_DECORATION = compiled(r"[\s*_]+$")
#: A dateline before a dash at a paragraph's start: ``ORANGE COUNTY, Fla. - ``.
_DATELINE = compiled(r"(?-i:[A-Z][A-Z'’.-]+)(?:[ ,]+[\w'’.()-]+){0,4}?\s+[-–]\s+")


class _Hit(NamedTuple):
    """A note found in one paragraph: ``paragraph[start:end]``."""

    kind: NoteKind
    start: int
    end: int
    body: int  # where the text after the label (and its stamp) begins
    stamp: str | None  # the time stamp as written
    labelled: bool  # by a label, not by an announcing sentence or a wire line
    day_first: bool = False  # in a language that writes 5/8 for 5 August
    heading: bool = False  # a label's word alone: a note only over a paragraph of prose
    closes: bool = False  # an apology that closes a notice, which starts above it

    @property
    def attaches(self) -> bool:
        """A label alone that takes the next paragraph as its text; an update label alone
        is a time stamp line (``Updated Aug. 19, 2021``) above the article."""
        return self.heading or (self.labelled and self.kind is not NoteKind.UPDATE)


#: The notes of the versions seen lately, by text and time seen (both decide the notes).
_FOUND: dict[tuple[str, datetime], tuple[Note, ...]] = {}
_FOUND_KEPT = 1024


def notes_of(version: Version) -> tuple[Note, ...]:
    """:func:`find_notes` of a version, found once however many reports and findings ask."""
    key = (version.hash, version.observed_at)
    found = _FOUND.get(key)
    if found is None:
        if len(_FOUND) >= _FOUND_KEPT:
            del _FOUND[next(iter(_FOUND))]  # the oldest
        found = _FOUND[key] = find_notes(version.text, version.observed_at)
    return found


def find_notes(text: str, observed_at: datetime | None = None) -> tuple[Note, ...]:
    """Every editorial note in a text, in order.

    ``observed_at`` (when this version was seen) lets a stamp without a year or date be
    completed; what is inferred is marked in the note's :class:`~revtrack.models.NoteTime`.
    """
    paragraphs = list(text_paragraphs(text))
    notes: list[Note] = []
    skip_next, budget = False, MAX_STARTS
    read: dict[int, tuple[int, int | None]] = {}  # (what prose_note read of the paragraphs)
    for index, (offset, paragraph) in enumerate(paragraphs):
        if skip_next or budget <= 0:
            skip_next = False
            continue
        hits, examined = _analysed(paragraph)
        budget -= examined
        if not hits and (said := prose_note(paragraphs, index, notes, read)) is not None:
            hits = (_Hit(said, 0, len(paragraph), 0, None, False, day_first=True),)
        for number, hit in enumerate(() if hits and in_comment(paragraphs, index) else hits):
            start, end = offset + hit.start, offset + hit.end
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            below = _below(hit, paragraph, following and following[1], number + 1 == len(hits))
            if below is None:
                continue  # a label's word alone over no prose: a heading of something else
            hit, taken = below
            if following is not None and taken is not None:
                end, skip_next = following[0] + len(taken), True
            _place(notes, _Placing(text, paragraphs, index, observed_at), hit, (start, end))
    return unquoted(text, genuine(text, notes))


class _Placing(NamedTuple):
    """Where a note is placed: the text, its paragraphs, its paragraph, when it was seen."""

    text: str
    paragraphs: list[tuple[int, str]]
    number: int  # the note's paragraph
    observed_at: datetime | None


def _place(notes: list[Note], at: _Placing, hit: _Hit, span: tuple[int, int]) -> None:
    """Add the note a hit found at ``span`` to ``notes``, with what is above it: the notice
    above that an apology closes, a title that names its kind, a dated heading."""
    (start, end), text = span, at.text
    if joins_above(notes, at.paragraphs, at.number, (hit.closes, hit.start, hit.labelled)):
        notes[-1] = replace(notes[-1], text=text[notes[-1].start : end], end=end)
        return
    if hit.closes:
        start = _opened(notes, at, hit, start)
    taken = notes[-1].end if notes else -1  # a title is not part of the note before
    title = title_above(at.paragraphs, at.number, taken) if hit.start == 0 else None
    if title is not None and not hit.labelled:  # "... 관련 반론보도" over its notice
        start, hit = title[0], hit._replace(kind=title[1])
    heading = _dated_heading(at.paragraphs, at.number, notes) if hit.start == 0 else None
    note = _note(text, (start, end), hit, heading, at.observed_at)
    if note is not None and note.time is None and hit.kind is not NoteKind.UPDATE:
        footer = _dated_footer(at.paragraphs, end)  # "鲁中晨报社" over "7月22日" below it
        if footer is not None:
            when = parse_time(footer, at.observed_at, day_first=hit.day_first)
            note = replace(note, time=when, stamp=footer if when else None)
    if note is not None:
        notes.append(note)


def _opened(notes: list[Note], at: _Placing, hit: _Hit, start: int) -> int:
    """Where a note that closes a notice starts: at the notice a paragraph or two up that
    it closes ("On 5 May we ..."), when it opens its own paragraph."""
    return opened_above(notes, at.paragraphs, at.number, start) if hit.start == 0 else start


def _dated_footer(paragraphs: list[tuple[int, str]], end: int) -> str | None:
    """The date a notice is signed with at its foot, a few paragraphs below its note's
    ``end``: a paragraph that is only a date, under a signature (a short line) or after one
    on its line ("经济观察报社 2012年6月19日"), with no note between."""
    below = bisect_left(paragraphs, (end, ""))
    for k in range(below, min(below + 4, len(paragraphs))):
        paragraph = paragraphs[k][1]
        if _notes_in(paragraph):
            return None
        signed = k > below and _SIGNATURE.fullmatch(paragraphs[k - 1][1]) is not None
        if not signed and (line := _SIGNED.fullmatch(paragraph)):  # the signature before it
            signed, paragraph = True, line["date"]
        if signed and _only_stamp(paragraph) and _NAMED_DATE.search(paragraph):
            return paragraph
    return None


def _below(
    hit: _Hit, paragraph: str, following: str | None, last: bool
) -> tuple[_Hit, str | None] | None:
    """What a note takes from the paragraph below it, if anything (the hit, and the text
    taken): a label alone, as the paragraph's ``last`` note, takes it whole as its text
    (unless it is labelled too); a date alone, its time of day ("Actualizado el 25/05/2025"
    over "21:57 h"). None for a label's word alone that heads no prose."""
    body = paragraph[hit.body : hit.end].strip(" \t*_:—–-")
    rest = paragraph[hit.body :].strip(" \t*_:—–-[]()【】")
    if rest and last and following is not None and _over_its_text(hit, rest, following):
        return hit, following  # "[정정보도] <the story's title>" over "본지는 지난 ..."
    if body or following is None:
        return None if hit.heading else (hit, None)
    return _alone_over(hit, paragraph, following, last)


def _alone_over(
    hit: _Hit, paragraph: str, following: str, last: bool
) -> tuple[_Hit, str | None] | None:
    """What a label alone at the end of its paragraph takes from the paragraph below: a
    stamp, a time of day, or the paragraph whole as its text."""
    dated = hit.kind is NoteKind.UPDATE or hit.attaches  # "<바로잡습니다>" over its date too
    if hit.stamp is None and dated and _only_stamp(following):
        return hit._replace(stamp=following), following  # "Uppdaterad" over "5.3.2024 14:20"
    if _takes_whole(hit, paragraph, following, last):
        return hit, following
    if hit.heading or defines(following):  # a glossary's heading: "Gegendarstellung" over
        return None  # "Eine Gegendarstellung ist ..."
    alone = not (paragraph[: hit.start] + paragraph[hit.body :]).strip(
        " ()[]【】〔〕［］（）<>〈〉《》＜＞"
    )
    if alone and hit.stamp is None and hit.kind is NoteKind.UPDATE and hit.labelled:
        # "Update:" alone heads the prose below it; "Updated:" over no prose says nothing
        return (hit, following) if _heads_prose(hit.kind, following) else None
    clock = _clock_below(hit.stamp, following) if hit.stamp else None
    return (hit._replace(stamp=f"{hit.stamp} {clock}"), clock) if clock else (hit, None)


def _over_its_text(hit: _Hit, body: str, following: str) -> bool:
    """Whether a labelled note that is only a heading (the label and a story's title) heads
    the paragraph below, which opens with a sentence note of its kind."""
    if not hit.labelled or not _HEADLINE.fullmatch(body):
        return False
    below = _notes_in(following)
    return (
        bool(below) and not below[0].labelled and below[0].start == 0 and below[0].kind is hit.kind
    )


def _takes_whole(hit: _Hit, paragraph: str, following: str, last: bool) -> bool:
    """Whether a label alone at the end of its paragraph takes the paragraph below as its
    text: one that no label heads nor defines, and, below a label's word alone, prose."""
    if not (hit.attaches and hit.end == len(paragraph) and last):
        return False
    if any(h.labelled for h in _notes_in(following)):
        return False
    return not defines(following) and (not hit.heading or _heads(hit.kind, following))


def _heads_prose(kind: NoteKind, following: str) -> bool:
    """Whether a label alone may take ``following`` as its text: prose no label heads."""
    return _heads(kind, following) and not any(h.labelled for h in _notes_in(following))


def _note(
    text: str,
    span: tuple[int, int],
    hit: _Hit,
    heading: tuple[int, str] | None,
    observed_at: datetime | None,
) -> Note | None:
    """The note a hit found at ``span`` of the text, decoration trimmed, with its stamp: its
    own, one in brackets at its end, or a dated heading's above it."""
    start, end = span
    note_text = _TRAILING_DECORATION.sub("", text[start:end])
    lead = len(note_text) - len(note_text.lstrip())
    start, note_text = start + lead, note_text.strip()
    if not note_text:
        return None
    stamp = hit.stamp if hit.stamp is not None else trailing_stamp(note_text)
    zones = note_zones(note_text, stamp) if hit.labelled and stamp else None  # "更新时间: … CST"
    if stamp is None and heading is not None:  # "May 22, 2024" above the note
        end = start + len(note_text)
        stamp, start = heading[1], heading[0]
        note_text = text[start:end]
    return Note(
        kind=hit.kind,
        text=note_text,
        start=start,
        end=start + len(note_text),
        time=parse_time(stamp, observed_at, day_first=hit.day_first, zones=zones)
        if stamp
        else None,
        stamp=stamp,
    )


_END = compiled(r"\s*$")
#: A dated heading names its month or its year: "2/5" alone is a gallery's counter as often.
_NAMED_DATE = compiled(r"[^\W\d_]|\d{4}")
#: A notice's signature: a short line with no sentence's end ("La Redazione", "鲁中晨报社").
_SIGNATURE = compiled(r"[^.!?。\n]{1,40}(?<![.!?:。])")
_SIGNED = compiled(r"[^\W\d_][^.!?。:：\n\d]{0,29}?\s+(?P<date>\d[^\n]{5,30})")
#: A headline between a dated heading and its note: a short line with no sentence's end.
_HEADLINE = compiled(r"(?:[^.!?。\n]|\.(?=[^\s.])){1,150}(?<![.!?:。])")


def _only_stamp(paragraph: str) -> bool:
    found = stamp_after(paragraph, 0, _SPACES, _END)
    return found is not None and found[0] == 0


def _clock_below(stamp: str, paragraph: str) -> str | None:
    """A paragraph that is only the time of day of a stamp written without one above it."""
    if not _only_stamp(paragraph):
        return None
    above, clock = parse_time(stamp), parse_time(paragraph)
    dated = above is not None and above.date is not None and above.time is None
    timed = clock is not None and clock.date is None and clock.time is not None
    return paragraph if dated and timed else None


def _heads(kind: NoteKind, paragraph: str) -> bool:
    """Whether a label's word alone may head ``paragraph``: prose that starts as a sentence
    does (not "geschrieben von ..." under a reader's comment titled "Korrektur")."""
    prose = _PROSE[kind is NoteKind.UPDATE].match(paragraph) is not None
    return prose and not paragraph[:1].islower()


def _dated_heading(
    paragraphs: list[tuple[int, str]], index: int, notes: list[Note]
) -> tuple[int, str] | None:
    """A paragraph that is only a time stamp, right above a note's paragraph or above the
    headline of the story it is about, and not part of another note: the note's date, as
    corrections pages write it (where it starts, the stamp)."""
    for above in (index - 1, index - 2):
        if above < 0:
            return None
        offset, paragraph = paragraphs[above]
        if notes and notes[-1].end > offset:
            return None
        found = stamp_after(paragraph, 0, _SPACES, _END)
        if found is not None and found[0] == 0 and _NAMED_DATE.search(paragraph):
            return offset, paragraph
        if not _HEADLINE.fullmatch(paragraph):
            return None
    return None


#: The most places where a note may start (sentences, brackets, colons of the paragraphs that
#: hold a note's words) that one text is searched at: far more than any page has, so that a
#: text made of labels, say, is read in a bounded time.
MAX_STARTS = 10_000


def _notes_in(paragraph: str) -> tuple[_Hit, ...]:
    """The notes in one paragraph."""
    return _analysed(paragraph)[0]


def _analysed(paragraph: str) -> tuple[tuple[_Hit, ...], int]:
    """The notes in one paragraph, and at how many places they were looked for (cached)."""
    return (_kept_long if len(paragraph) > 4096 else _kept)(paragraph)


def _analyse(paragraph: str) -> tuple[tuple[_Hit, ...], int]:
    found = patterns()
    lowered = paragraph.lower()
    triggers = found.ascii_triggers if lowered.isascii() else found.triggers
    if (
        paragraph[:1] in "([【〔［（"
        or (found.sieve.may_hold(lowered) and any(t.search(lowered) for t in triggers))
        or found.slug.match(paragraph)
    ):
        analysed = _Paragraph(paragraph)
        return analysed.notes(), analysed.examined
    return (), 0


_kept, _kept_long = lru_cache(maxsize=1 << 14)(_analyse), lru_cache(maxsize=64)(_analyse)


def forget() -> None:
    """Empty the caches of paragraphs read (after the catalogue changed, or to time them)."""
    _kept.cache_clear()
    _kept_long.cache_clear()
    forget_prose()


class _Paragraph:
    """One paragraph, searched for notes: where its sentences and brackets are."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences: list[tuple[int, int]] = []  # (start, end), outer spaces left out
        position = 0
        for sentence in iter_sentences(text):
            core = sentence.strip()
            start = position + len(sentence) - len(sentence.lstrip())
            self.sentences.append((start, start + len(core)))
            position += len(sentence)
        self.ends = [end for _, end in self.sentences]
        self.found: dict[re.Pattern[str], list[int]] = {}  # where words were found (mentions)
        self.seen: Seen = {}  # where the catalogue's floating sentences' words were found
        self.closing = closing_brackets(text)
        self.short = len(text.split(None, 41)) <= 40  # a line of a byline's length

    def notes(self) -> tuple[_Hit, ...]:
        """The notes in the paragraph, in order."""
        wire = self.wire_note() or self.slug()
        self.examined = 1
        if wire is not None:
            return (wire,)
        hits: list[_Hit] = []
        covered = 0  # the end of the last note found, when it is known
        running = False  # inside a label's note, which runs on: only a label starts another
        bylines = self.bylines()
        starts = sorted(self.starts() | set(bylines))[:MAX_STARTS]
        self.examined = len(starts)
        for start in starts:
            if start < covered:
                continue
            hit = self.note_at(start, bylines, running)
            if hit is None:
                continue
            if running:  # the note before runs up to this one
                hits[-1] = hits[-1]._replace(end=_before_space(self.text, start))
            hits.append(hit)
            running = hit.end < 0
            covered = hit.end if hit.end >= 0 else hit.body
        if running:
            hits[-1] = hits[-1]._replace(end=len(self.text))
        hits = _joined(hits)
        item = _ITEM.match(self.text)
        if item and len(hits) == 1 and not hits[0].labelled and hits[0].start > item.end():
            hits[0] = hits[0]._replace(start=item.end())  # an item of a corrections column
        return tuple(hits)

    def bylines(self) -> dict[int, bool]:
        """Where each "updated" after a byline's separator starts, and whether that separator
        is a bar (``By Jane Doe | Updated ...``)."""
        found = {
            m.start("label"): m.group("bar") is not None
            for m in patterns().byline.finditer(self.text)
        }
        return found | (dated_fields(self.text) if self.short else {})

    def note_at(self, start: int, bylines: dict[int, bool], running: bool) -> _Hit | None:
        """The note that starts at ``start``: one that a label heads (in a byline, only a stamp
        that ends the line); else, when not ``running`` inside a label's note, an announcing
        sentence, alone or in brackets."""
        hit = self.label_note(start)
        furniture = start in bylines and hit and hit.end < 0 and hit.stamp is not None
        if furniture and hit and BYLINE_FURNITURE.match(self.text, hit.body):  # its reading time
            end = len(self.text[: hit.body].rstrip(" \t-–—|·•"))
            hit = hit._replace(end=end) if hit.kind is NoteKind.UPDATE else None
        elif start in bylines and hit is not None and not self.ends_byline(hit, bylines[start]):
            hit = None
        if hit is None and not running:
            hit = self.announcement(start) or self.bracketed_announcement(start)
        return hit

    def starts(self) -> set[int]:
        """Where a note may start: each sentence, each opening bracket, after a colon."""
        positions = {start for start, _ in self.sentences} | {0}
        positions.update(m.end() for m in re.finditer(r"[:—]\s*|[)\]]\s+[-–—]\s+", self.text))
        dateline = _DATELINE.match(self.text)  # "ORLANDO, Fla. - 6:35 p.m. Update: ..."
        if dateline:
            positions.add(dateline.end())
        decorated = (_DECORATION.match(self.text, p) for p in positions)
        starts = {m.end() for m in decorated if m}
        quoted = _OPENING_QUOTE.match(self.text, _DECORATION.match(self.text).end())  # type: ignore[union-attr]
        if quoted and not _SAID.search(self.text, quoted.end()):  # “Correction: ...”
            starts.add(_DECORATION.match(self.text, quoted.end()).end())  # type: ignore[union-attr]
        starts.update(self.closing)
        return {s for s in starts if s < len(self.text)}

    def wire_note(self) -> _Hit | None:
        """A paragraph that is wholly a bracketed label or a wire service's note."""
        text = self.text
        if not text or self.closing.get(0) != len(text):
            return None
        label = read_label(text)
        if label is not None and label.opened is not None and not label.is_prose(text):
            stamp, body = stamp_after_separator(text, label)
            if stamp is None and label.kind is NoteKind.UPDATE:
                stamp = self.stamp_as_of(body)
            kind = _label_kind(label, body, self.mentions)
            hit = _Hit(kind, label.opened, len(text) - 1, body, stamp, True)
            return hit._replace(day_first=day_first_label(label, text[label.end :]))
        match = _WIRE.fullmatch(text)
        if match is None:
            return self.bracket_label()
        verb = match.group("verb").strip().lower()
        kind = next((k for stem, k in _VERB_KINDS if verb.startswith(stem)), NoteKind.UPDATE)
        return _Hit(kind, 1, len(text) - 1, match.start("verb"), None, labelled=False)

    def bracket_label(self) -> _Hit | None:
        """A paragraph in brackets that a wire service's short label heads: ``(neu: mehr
        Details)``, ``(Berichtigung: ...)``."""
        found = patterns().bracket_label.match(self.text)
        if found is None or found.lastgroup is None:
            return None
        kind = NoteKind[found.lastgroup]
        return _Hit(kind, 1, len(self.text) - 1, found.end(), None, labelled=False)

    def slug(self) -> _Hit | None:
        """A wire service's tag before a headline: ``UPDATE 2-``, ``CORRECTED-``."""
        found = patterns().slug.match(self.text)
        if found is None or found.lastgroup is None:
            return None
        kind = NoteKind[found.lastgroup]
        return _Hit(kind, 0, found.end(found.lastgroup), found.end(), None, labelled=False)

    def label_note(self, start: int) -> _Hit | None:
        """The note that a label at ``start`` heads."""
        text = self.text
        label = read_label(text, start)
        if label is not None and label.heads_next():
            return _Hit(label.kind, start, -1, label.end, None, True, heading=True)
        if label is None or label.is_prose(text):
            return None
        stamp, body = stamp_after_separator(text, label)
        if _RELATIVE.match(text, body):
            return None  # "Last updated: 3 hours ago" changes on every visit
        if stamp is None and label.kind is NoteKind.UPDATE:
            stamp = self.stamp_as_of(body)
        if stamp is None and _DIGIT.search(
            text, body, min(self.sentence_end(body), body + _ANNOUNCED)
        ):
            opening = _SPACES.match(text, body)  # "Editor's note: This story was updated at"
            said = self.announcement(opening.end()) if opening else None  # "12:16 p.m. ..."
            stamp = said.stamp if said else None
        kind = _label_kind(label, body, self.mentions)
        note_start, end = self.label_span(label)
        first = day_first_label(label, text[label.end :])
        return _Hit(kind, note_start, end, body, stamp, True, first)

    def stamp_as_of(self, position: int) -> str | None:
        """A stamp after "as of" in the sentence at ``position``."""
        end = min(self.sentence_end(position), position + _AS_OF_REACH)
        found = _AS_OF.search(self.text, position, end)
        stamp = stamp_after(self.text, found.start(), _NOTHING) if found else None
        return self.text[stamp[0] : stamp[1]] if stamp else None

    def label_span(self, label: Label) -> tuple[int, int]:
        """Where a labelled note starts and ends: inside its brackets, or from its label to its
        bar (``By Jane Doe | Updated 9:02 a.m. | Photos``); an end of ``-1`` where the note
        runs on, to the next note or the end of the paragraph."""
        if label.opened is not None:
            close = self.closing.get(label.start)
            return label.opened, (close - 1 if close else -1)
        return label.start, (label.separated if label.separator == "pipe" else -1)

    def ends_byline(self, hit: _Hit, after_bar: bool) -> bool:
        """An "updated" inside a line is a note only as a byline's stamp that ends the line:
        after a bar (``By Jane Doe | Updated ...``) or a publication stamp, not in a sentence
        ("the figures were updated at 3 p.m., she said")."""
        text = self.text
        rest = hit.end < 0 and _MORE.search(text, hit.body) is not None
        if hit.kind is not NoteKind.UPDATE or hit.stamp is None or rest:
            return False
        if after_bar:
            return True
        sentence = text.endswith((".", "!", "?")) and not re.search(r"[ap]\.m\.$", text, re.I)
        if sentence or not self.short:
            return False
        before = grammar().component.search(text, 0, hit.start) or _RELATIVE_BEFORE.search(
            text, 0, hit.start
        )
        return before is not None

    def bracketed_announcement(self, start: int) -> _Hit | None:
        """An announcement that fills the brackets opening at ``start``: ``(This story has been
        corrected to show ...)``."""
        if self.text[start] not in "([（" or self.closing.get(start, 0) <= start + 2:
            return None  # not an opening bracket, or an empty pair: "[]"
        inner = self.announcement(start + 1)
        return None if inner is None else inner._replace(end=self.closing[start] - 1)

    def announcement(self, start: int) -> _Hit | None:
        """A sentence at ``start`` that announces a change to the article; the note ends with
        its sentence and the sentences that go on with it."""
        text = self.text
        lead, position = stamp_lead(text, start)  # "May 3, 2024: This story has been ..."
        weak = _WEAK_LABEL.match(text, position)
        for announcement in ANNOUNCEMENTS:
            found = announcement.match(text, weak.end() if weak else position)
            if found is None:
                continue
            match_end, groups = found
            end = self.sentence_end(match_end)
            agent = announcement in PASSIVE and AGENT.match(text, match_end)
            if agent or ATTRIBUTED.search(text, start, end):  # "..., the agency said"
                return None
            while end < len(text):
                following = self.sentence_end(end + 1)
                if not _CONTINUES.search(text[end:following].strip()):
                    break
                end = following
            noun = groups.get("noun")
            if noun:
                kind = _NOUN_KINDS[noun.lower()[:5]]
            else:
                verb = (groups.get("verb") or groups.get("adjective") or "").lower()
                kind = announced_kind(verb, text[start:end])
            stamp = groups.get("stamp") or lead
            return _Hit(kind, start, end, start, stamp.strip(" ,") if stamp else None, False)
        return self.catalogued_sentence(start, weak.end() if weak else position, lead)

    def catalogued_sentence(self, start: int, position: int, lead: str | None) -> _Hit | None:
        """A sentence of the catalogue (another language's ``In einer früheren Version ...``)
        at ``position``: the note is its sentence, of the kind the catalogue gives or that its
        words say."""
        matched = patterns().sentences.match(self.text, position, self.seen)
        if matched is None:
            return self.apology(start, position)
        kind, found = matched
        end = self.sentence_end(max(found.end() - 1, position))
        if ATTRIBUTED.search(self.text, start, end):  # "..., the campaign said" is news
            return None
        said = sentence_kind(kind, self.text[start:end], lambda w: self.mentions(w, start, _REACH))
        dated = kind in (None, NoteKind.UPDATE)  # not a column's "In our issue of ..."
        stamp, stamped = sentence_stamp(self.text, found.span(), lead, dated)
        return _Hit(said, start, max(end, stamped), start, stamp, False, day_first=True)

    def apology(self, start: int, position: int) -> _Hit | None:
        """An apology that closes a notice (``Vi beklager feilen.``): a note from where the
        note before it in the paragraph ends, or from the paragraph's start."""
        found = patterns().closing.match(self.text, position)
        if found is None:
            return None
        end = self.sentence_end(max(found.end() - 1, position))
        said = kind_said(lambda words: self.mentions(words, 0, end))  # (read once a paragraph)
        kind = NoteKind.CORRECTION if said is NoteKind.UPDATE else said
        return _Hit(kind, start, end, start, None, False, day_first=True, closes=True)

    def mentions(self, words: re.Pattern[str], start: int, reach: int) -> bool:
        """Whether ``words`` are found in the ``reach`` characters from ``start`` (the
        paragraph is searched once for them, however many notes it holds)."""
        found = self.found.get(words)
        if found is None:
            found = self.found[words] = [m.start() for m in words.finditer(self.text)]
        at = bisect_left(found, start)
        return at < len(found) and found[at] < start + reach

    def sentence_end(self, position: int) -> int:
        """The end of the sentence that holds ``position``."""
        at = bisect_left(self.ends, position)
        return self.ends[at] if at < len(self.ends) else len(self.text)


def _joined(hits: list[_Hit]) -> list[_Hit]:
    """Sentences of one paragraph that announce a change of one kind, and what they say between
    them, as one note: "The Mail & Guardian removed this article ... By republishing ..., we
    gave coverage to ... We have retracted this story and apologise for the error."""
    joined: list[_Hit] = []
    for hit in hits:
        before = joined[-1] if joined else None
        same = before is not None and (before.kind is hit.kind or hit.closes)
        if before is not None and same and not (before.labelled or hit.labelled):
            joined[-1] = before._replace(end=hit.end)
        elif hit.closes:  # the notice it closes starts after the note before, if any
            joined.append(hit._replace(start=before.end if before else 0, closes=before is None))
        else:
            joined.append(hit)
    return joined


def _before_space(text: str, position: int) -> int:
    return len(text[:position].rstrip())


def _label_kind(
    label: Label, body: int, mentions: Callable[[re.Pattern[str], int, int], bool]
) -> NoteKind:
    """The kind of the note a label heads, whose text starts at ``body``: the label's, or
    what the words of its opening say it is."""
    if label.kind is NoteKind.EDITORS_NOTE and mentions(_RETRACTS, body, _REACH):
        return NoteKind.RETRACTION  # an editor's note that retracts the article
    if label.kind is NoteKind.UPDATE:  # "Update: An earlier version incorrectly said ..."
        return next((k for k, says in _UPDATE_SAYS if mentions(says, body, _OPENING)), label.kind)
    return label.kind


#: How far into an update the words that say it is a correction or clarification are looked for.
_OPENING = 240
#: How far into an editor's note the words that retract the article are looked for, and how far
#: into an update's sentence "as of" and its stamp: a paragraph of any length is read in a
#: time that grows with its length, not with its square.
_REACH = 5000
_AS_OF_REACH = 1000
#: Anything after a byline's stamp but spaces, dots and bars.
_MORE = compiled(r"[^ .|]")
#: What an update's opening says it is: a clarification, or a correction of the article.
_UPDATE_SAYS = (
    (
        NoteKind.CLARIFICATION,
        compiled(r"\bclarif|klarstell|präzisier|\bprécis|aclar|verduidelijk|förtydlig", re.I),
    ),
    (
        NoteKind.CORRECTION,
        compiled(
            r"\b(?:incorrectly|erroneously|mistakenly|wrongly|inaccurately)\b|\bmis(?:stated"
            r"|identified|spell?(?:ed|t)|attributed|quoted|named|reported)\b|\bin\s+error\b"
            r"|fälschlich|irrtümlich|par\s+erreur|erróneamente|por\s+error|erroneamente"
            r"|per\s+errore|abusievelijk|felaktigt|fejlagtigt|feilaktig|błędnie|誤って|错误地"
            r"|錯誤地|잘못",
            re.I,
        ),
    ),
)


_NOUN_KINDS = {
    "corre": NoteKind.CORRECTION,
    "clari": NoteKind.CLARIFICATION,
    "updat": NoteKind.UPDATE,
    "edito": NoteKind.EDITORS_NOTE,
}
#: The kind a wire line's verb gives (any other verb: an update).
_VERB_KINDS = (
    ("correct", NoteKind.CORRECTION),
    ("fix", NoteKind.CORRECTION),
    ("clarif", NoteKind.CLARIFICATION),
    ("withdr", NoteKind.RETRACTION),
    ("retract", NoteKind.RETRACTION),
)
