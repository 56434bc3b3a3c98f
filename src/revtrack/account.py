"""Account for each change: what changed between two versions, sentence by sentence, how much
it matters (its severity), and which editorial note, if any, accounts for it.

A change is an added, removed or edited sentence (or a passage rewritten in place); a move is
layout, not content. Its severity is read by :mod:`revtrack.severity`. A note accounts for a
change by what it announces (:func:`intents`): additions, removals, corrections of the words it
names, or a general update; see :func:`weigh`. The vocabularies are data, in several
languages, and never name a publisher.
"""

from __future__ import annotations

import operator
import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from enum import Enum
from functools import cache, lru_cache

from revtrack import wording
from revtrack.diff import changed_words
from revtrack.frozen import dataclass
from revtrack.hunks import edited_places
from revtrack.lazy import compiled
from revtrack.models import (
    Action,
    Block,
    Change,
    ChangeKind,
    Note,
    NoteKind,
    Op,
    Severity,
    Side,
    Span,
    TextDiff,
)
from revtrack.noise import DiffOptions
from revtrack.severity import title_case, weighed
from revtrack.text import has_words, iter_sentences, words
from revtrack.wording import claim

# --- what changed ------------------------------------------------------------------------

#: Maps a position in a compared text to its 1-based paragraph.
Locate = Callable[[int], int]


_PARAGRAPH_START = compiled(r"(?m)^[ \t]*\S")


def paragraph_locator(text: str) -> Locate:
    """Where a position of ``text`` is, in paragraphs (lines with text on them), 1-based."""
    starts = _paragraph_starts(text)

    def locate(position: int) -> int:
        return max(1, bisect_right(starts, position))

    return locate


@lru_cache(maxsize=4)  # (the texts of a comparison, located again for its history)
def _paragraph_starts(text: str) -> array[int]:
    return array("q", (m.start() for m in _PARAGRAPH_START.finditer(text)))


def changes(diff: TextDiff, old_at: Locate, new_at: Locate) -> tuple[Change, ...]:
    """The changes of a diff, one per added or removed sentence and per edited sentence or
    rewritten passage; differences the comparison ignored and unchanged moves are none."""
    return tuple(iter_changes(diff, old_at, new_at))


def iter_changes(diff: TextDiff, old_at: Locate, new_at: Locate) -> Iterator[Change]:
    """:func:`changes`, one at a time."""
    old_position = new_position = 0
    for block in diff.blocks:
        old_text, new_text = block.old_text, block.new_text
        if block.action is not Action.EQUAL and _counts(block):
            texts = (old_text, new_text)  # (each joined from its spans once)
            yield from _block_changes(block, (old_position, new_position), old_at, new_at, texts)
        old_position += len(old_text)
        new_position += len(new_text)


#: Ranges of a text, ``(start, end)``, in order and apart.
Ranges = Sequence[tuple[int, int]]

#: What a change of form alone leaves the same.
_FORM = DiffOptions(ignore_whitespace=True, ignore_punctuation=True)


def substance(diff: TextDiff, old_notes: Ranges, new_notes: Ranges) -> TextDiff:
    """The differences of ``diff`` that findings weigh: those inside the notes of either text
    (``old_notes`` and ``new_notes``, ranges of each) and edits of form alone (whitespace and
    punctuation) are marked ignored, the texts kept whole; the words counted again."""
    blocks: list[Block] = []
    old_position = new_position = 0
    same = True  # (every block as it was: the words are those the diff counted)
    for block in diff.blocks:
        old_length, new_length = len(block.old_text), len(block.new_text)
        if block.action is not Action.EQUAL:
            masks = (old_notes, new_notes, old_position, new_position)
            weighed = _of_substance(block, masks)
            same, block = same and weighed.spans == block.spans, weighed
        blocks.append(block)
        old_position += old_length
        new_position += new_length
    if same:
        return diff
    added, deleted, _ = changed_words(blocks)
    stats = replace(diff.stats, words_added=added, words_deleted=deleted)
    return replace(diff, blocks=tuple(blocks), stats=stats)


def _of_substance(block: Block, masks: tuple[Ranges, Ranges, int, int]) -> Block:
    old_notes, new_notes, old_position, new_position = masks
    moved = block.move.side if block.move is not None else None
    spans: list[Span] = []
    for span in block.spans:
        in_old, in_new = _sides(span, moved)
        if span.op is Op.EQUAL or span.ignored or not (in_old or in_new):
            spans.append(span)
        elif in_old:
            spans += _masked(span, old_position, old_notes)
        else:
            spans += _masked(span, new_position, new_notes)
        old_position += len(span.text) if in_old else 0
        new_position += len(span.text) if in_new else 0
    if block.action in (Action.EDITED, Action.REPLACED, Action.MOVED) and _form_only(spans):
        spans = [Span(s.op, s.text, True) if s.op is not Op.EQUAL else s for s in spans]
    return _with_spans(block, spans)


def _with_spans(block: Block, spans: Sequence[Span]) -> Block:
    """``block`` with ``spans``: itself when they are its own (no span was in a note)."""
    if len(spans) == len(block.spans) and all(map(operator.is_, spans, block.spans)):
        return block
    return replace(block, spans=tuple(spans))


def _sides(span: Span, moved: Side | None) -> tuple[bool, bool]:
    """Whether a span of a block is part of the old text, and of the new (a move's block is
    part of one only)."""
    return (
        span.op is not Op.INSERT and moved is not Side.TO,
        span.op is not Op.DELETE and moved is not Side.FROM,
    )


def _masked(span: Span, position: int, ranges: Ranges) -> Iterator[Span]:
    """A span cut where it enters and leaves ``ranges`` (it starts at ``position`` of its
    text); the pieces inside are ignored."""
    end = position + len(span.text)
    cursor = position
    for start, stop in ranges[bisect_right(ranges, position, key=lambda r: r[1]) :]:
        if start >= end:
            break
        if start > cursor:
            yield Span(span.op, span.text[cursor - position : start - position])
        inside = span.text[max(start, cursor) - position : min(stop, end) - position]
        yield Span(span.op, inside, True)
        cursor = min(stop, end)
    if cursor < end:
        yield Span(span.op, span.text[cursor - position :]) if cursor > position else span


def _form_only(spans: Sequence[Span]) -> bool:
    """Whether an edit changed whitespace and punctuation alone. (Read first from its changed
    pieces alone: what the edit took out and put in must hold as many characters that are
    neither, each piece counted apart, as such a character is one whatever is around it.)"""
    taken = put = 0
    for span in spans:
        if span.op is not Op.EQUAL and not span.ignored:
            key = _FORM.key(span.text)
            if span.op is Op.DELETE:
                taken += len(key) - key.count(" ")
            else:
                put += len(key) - key.count(" ")
    if taken != put:
        return False
    old = "".join(
        s.text for s in spans if s.op is Op.EQUAL or (s.op is Op.DELETE and not s.ignored)
    )
    new = "".join(
        s.text for s in spans if s.op is Op.EQUAL or (s.op is Op.INSERT and not s.ignored)
    )
    return _FORM.key(old) == _FORM.key(new)


def _counts(block: Block) -> bool:
    """Whether a block holds a change that counts: a move counts where it arrived, and only
    for the words it changed on the way."""
    if block.move is not None and block.move.side is Side.FROM:
        return False
    return any(s.op is not Op.EQUAL and not s.ignored and has_words(s.text) for s in block.spans)


def _block_changes(
    block: Block,
    positions: tuple[int, int],
    old_at: Locate,
    new_at: Locate,
    texts: tuple[str, str],
) -> Iterator[Change]:
    """The changes of a block that counts, at ``positions`` of the old and the new text;
    ``texts``: the block's old and new text."""
    old_position, new_position = positions
    if block.action in (Action.ADDED, Action.DELETED):
        added = block.action is Action.ADDED
        op = Op.INSERT if added else Op.DELETE
        position = new_position if added else old_position
        at = new_at if added else old_at
        for offset, sentence in _sentences(block, op):
            paragraph = at(position + offset)
            if added:
                yield _change(ChangeKind.ADDED, "", sentence, None, paragraph)
            else:
                yield _change(ChangeKind.REMOVED, sentence, "", paragraph, None)
        return
    old_text, new_text = texts
    new_words = words(new_text)
    old_words = words(old_text) if block.move is None else []  # (a move's old side: none)
    if block.move is None and _replaced(texts, old_words, new_words):
        for side in (
            Block(Action.DELETED, (Span(Op.DELETE, old_text),)),
            Block(Action.ADDED, (Span(Op.INSERT, new_text),)),
        ):
            yield from _block_changes(side, positions, old_at, new_at, texts)
        return
    old_offset = _first_change(block, Op.DELETE)
    new_offset = _first_change(block, Op.INSERT)
    yield _change(
        ChangeKind.EDITED,
        old_text.strip() if block.move is None else "",
        new_text.strip(),
        old_at(old_position + old_offset) if block.move is None else block.move.old_paragraph,
        new_at(new_position + new_offset),
        block.spans,
        headline=cache(lambda: title_case(old_words) or title_case(new_words)),
    )


def _replaced(texts: tuple[str, str], old_words: list[str], new_words: list[str]) -> bool:
    """Whether an edited block replaced its text with unrelated text: the two sides share no
    word but the commonest (a paragraph swapped for another is a removal and an addition, not
    an edit). ``texts``: the block's old and new text; ``old_words`` and ``new_words``, their
    words."""
    old_text, new_text = texts
    old_claim, new_claim = claim(old_text), claim(new_text)
    old = old_words if old_claim is old_text else words(old_claim)
    new = new_words if new_claim is new_text else words(new_claim)
    if max(len(old), len(new)) < 4:
        return False
    if any(_content_key(word) for word in set(old).intersection(new)):
        return False  # (a word of substance on both sides, the same: found in one pass)
    kept = _keys(old)  # (an edit shares a word early: the new side is read up to it)
    return not any(_content_key(word) in kept for word in new)


def _sentences(block: Block, op: Op) -> Iterator[tuple[int, str]]:
    """The sentences a block added or removed that count, with their offsets in the block's
    side of the text."""
    offset = 0
    for span in block.spans:
        if span.op is not op and span.op is not Op.EQUAL:
            continue
        if span.op is op and not span.ignored:
            position = offset
            for piece in iter_sentences(span.text):
                core = piece.strip()
                if core and has_words(core):
                    yield position + len(piece) - len(piece.lstrip()), core
                position += len(piece)
        offset += len(span.text)


def _first_change(block: Block, op: Op) -> int:
    """The offset, in the block's side of ``op``, of its first changed word."""
    offset = 0
    for span in block.spans:
        if span.op is not Op.EQUAL and span.op is not op:
            continue
        if span.op is op and not span.ignored and has_words(span.text):
            return offset + len(span.text) - len(span.text.lstrip())
        offset += len(span.text)
    return 0


_WHOLE = {kind: f"a sentence was {kind.value}" for kind in ChangeKind}


def _change(
    kind: ChangeKind,
    old: str,
    new: str,
    old_paragraph: int | None,
    new_paragraph: int | None,
    spans: Sequence[Span] = (),
    *,
    headline: Callable[[], bool] = lambda: False,
) -> Change:
    if kind is ChangeKind.EDITED:
        hunks = tuple(edited_places(spans))
        said = [(words(h.deleted), words(h.inserted)) for h in hunks]
        level, why = weighed(hunks, said, headline)
        deleted = tuple(w for gone, _ in said for w in gone)
        inserted = tuple(w for _, added in said for w in added)
    else:  # (a whole sentence's words are its text's, worked out when they are asked for)
        level, why = Severity.SUBSTANTIVE, _WHOLE[kind]  # (one string, not one per sentence)
        deleted, inserted = (), ()
    return Change(
        kind=kind,
        old=old,
        new=new,
        old_paragraph=old_paragraph,
        new_paragraph=new_paragraph,
        severity=level,
        why=why,
        deleted=deleted,
        inserted=inserted,
    )


# --- what notes account for --------------------------------------------------------------


class Intent(Enum):
    """What a note announces about the change it came with."""

    ADDS = "additions"
    REMOVES = "removals"
    CORRECTS = "corrections"
    GENERAL = "a general update"
    EVERYTHING = "a retraction"


def intents(note: Note) -> frozenset[Intent]:
    """What a note announces: the specific intents it names (additions, removals,
    corrections), else a general update; a retraction covers everything, and a note that
    says nothing of a change (a bare time stamp, an editor's note on something else) covers
    nothing."""
    if note.kind is NoteKind.RETRACTION:
        return frozenset({Intent.EVERYTHING})
    text = undated_text(note.text)
    found = set()
    if wording.ADDS.search(text):
        found.add(Intent.ADDS)
    if wording.REMOVES.search(text):
        found.add(Intent.REMOVES)
    if note.kind in (NoteKind.CORRECTION, NoteKind.CLARIFICATION) or wording.CORRECTS.search(text):
        found.add(Intent.CORRECTS)
    bare_stamp = note.stamp is not None and not note_words(note)
    if (
        not found
        and not bare_stamp
        and (note.kind is NoteKind.UPDATE or wording.GENERAL.search(text))
    ):
        found.add(Intent.GENERAL)
    return frozenset(found)


def note_words(note: Note) -> frozenset[str]:
    """The words of a note that say what it is about: its stamp and boilerplate left out."""
    return frozenset(words(undated_text(note.text).lower())) - wording.BOILERPLATE


#: The texts of notes without their stamps, and the stamp grammar that took the stamps out.
_undated: tuple[object, dict[str, str]] = (None, {})


#: The same, read from the store with the notes they are of (see :func:`remember_undated`).
_read: dict[str, str] = {}


def remember_undated(text: str, undated: str) -> None:
    """What :func:`undated_text` gives for a note's text, kept with the note in the store:
    a command that weighs notes read from there builds no stamp grammar. (As right as the
    notes it came with: derived by the same engine and catalogue.)"""
    if len(_read) > 4096:
        _read.clear()
    _read[text] = undated


def undated_text(text: str) -> str:
    """:func:`revtrack.stamps.undated`, worked out once a text: a note is weighed again in
    every version that keeps it. (What is kept is for one grammar: the catalogue read again
    starts afresh.)"""
    global _undated
    known = _read.get(text)
    if known is not None:
        return known
    from revtrack import stamps  # (not loaded when the store kept every note's words)

    grammar = stamps.grammar()
    kept_for, kept = _undated  # (one read: another thread may start afresh meanwhile)
    if kept_for is not grammar or len(kept) > 4096:
        kept = {}
        _undated = (grammar, kept)
    found = kept.get(text)
    if found is None:
        found = kept[text] = stamps.undated(text)
    return found


def _key(word: str) -> str:
    """A word as notes and sentences are compared: numbers by their digits, words in lower
    case and by their first five letters (``employed`` and ``employs`` alike)."""
    if word.isalpha() or not any(c.isdigit() for c in word):
        return word.casefold()[:5]
    return "".join(c for c in word if c.isdigit())


@lru_cache(maxsize=1 << 16)
def _content_key(word: str) -> str:
    """:func:`_key` of a word that says what a text is about; empty for the commonest words
    and the short ones (a text's words repeat: each is looked at once)."""
    if word.casefold() in wording.COMMON or (len(word) <= 2 and not word.isdigit()):
        return ""
    return _key(word)


def _keys(items: Sequence[str]) -> set[str]:
    return {key for word in items if (key := _content_key(word))}


@dataclass(frozen=True)
class Weighing:
    """A note weighed against a version's changes: the changes it accounts for, and what it
    announces (for saying why it does not account for the others)."""

    note: Note
    intents: frozenset[Intent]
    named: frozenset[str]  # the keys of the words it names that the changes involve
    accounted: frozenset[int]  # indexes of the changes it accounts for


#: Where a change is, counted in paragraphs of the text without its notes.
Place = Callable[[Change], int]


def places(old_count: Callable[[int], int], new_count: Callable[[int], int]) -> Place:
    """Where changes are, counted in the paragraphs of the compared texts (their notes cut
    out) rather than of the versions: ``old_count`` and ``new_count`` count them up to a
    paragraph of each version (see :func:`paragraph_counter`)."""

    def place(change: Change) -> int:
        if change.new_paragraph is not None:
            return new_count(change.new_paragraph)
        return old_count(change.old_paragraph or 0)

    return place


def paragraph_counter(
    text: str, at: Locate, within: Ranges = ((0, sys.maxsize),)
) -> Callable[[int], int]:
    """How many paragraphs of a compared text (of its ``within`` ranges) are at or before a
    paragraph of its version; ``at`` maps a position of ``text`` to its version's paragraph,
    as for :func:`changes`."""
    starts = (
        m.start() for start, end in within for m in _PARAGRAPH_START.finditer(text, start, end)
    )
    kept = sorted({at(start) for start in starts})
    return lambda paragraph: bisect_right(kept, paragraph)


def _paragraph(change: Change) -> int:
    return change.new_paragraph or change.old_paragraph or 0


def weigh(note: Note, found: Sequence[Change], place: Place = _paragraph) -> Weighing:
    """Which of the changes ``found`` a note accounts for.

    - *additions* (``updated with comment from ...``) account for added sentences and for
      edits that only add words;
    - *removals* account for the removed sentences the note names, or for any removed
      sentence when it names none of them;
    - *corrections* account for the changes whose old or new words the note names (numbers,
      dates, names, quoted words: any word but the commonest; for a whole sentence added or
      removed, a number or two words), and, when the note names none of the edits, for the
      edits in the passage it is about (a word in common, the commonest and words like
      "number" or "name" aside), a changed figure only if the note speaks of one;
    - *a general update* (``This article has been updated``) accounts for additions and
      edits, never for a removed sentence;
    - *a retraction* accounts for everything; a note that announces nothing, for nothing.

    A note that points to paragraphs (``in paragraph 4``, ``second paragraph``) names the
    changes in them, counted with or without the headline, its notes left out (``place``).
    """
    announced = intents(note)
    about = _keys(sorted(note_words(note)))
    pointed = referenced(note.text)
    change_keys, passages = _change_keys(found)
    shared = [about.intersection(keys) if keys else _NOTHING for keys in change_keys]
    named = [
        _names(change, common) or bool(pointed and pointed & {place(change), place(change) - 1})
        for change, common in zip(found, shared, strict=True)
    ]
    # Whether the note names none of the changes of a change's kind (what a correction
    # corrects is among the edits, what a removal removes among the removed sentences).
    names_none = {
        kind: not any(n for n, c in zip(named, found, strict=True) if c.kind is kind)
        for kind in ChangeKind
    }
    passage = _Passage(about, _speaks_of_figures(note), passages)
    accounted = {
        i
        for i, change in enumerate(found)
        if _covers(announced, change, named[i], names_none[change.kind], passage)
    }
    involved = {key for i, common in enumerate(shared) if named[i] for key in common}
    return Weighing(note, announced, frozenset(involved), frozenset(accounted))


@dataclass(frozen=True)
class _Passage:
    """What a note that names no change is about: its words, and whether it speaks of a
    figure (a number, an amount, a date)."""

    about: set[str]
    figures: bool
    keys: dict[int, set[str]]  # the keys of the words of each change (by id), as asked

    def holds(self, change: Change) -> bool:
        keys = self.keys.get(id(change))
        if keys is None:
            keys = self.keys[id(change)] = _keys(words(f"{change.old} {change.new}"))
        if not keys & self.about:
            return False
        return self.figures or not _figure(change)


#: The changes last weighed, with the keys of the words each involves and (filled as asked)
#: of its texts: every note of a version is weighed against the same changes, whose words
#: are then read once, not once a note. (Kept as tuples: a long revision has tens of
#: thousands of changes, and a set takes four times the room of a tuple of a few words.)
_weighed: tuple[Sequence[Change], list[tuple[str, ...]], dict[int, set[str]]] | None = None
_NOTHING: frozenset[str] = frozenset()


def _change_keys(found: Sequence[Change]) -> tuple[list[tuple[str, ...]], dict[int, set[str]]]:
    global _weighed
    cached = _weighed  # (one read: another thread may weigh other changes meanwhile)
    if cached is None or cached[0] is not found:
        cached = (found, [tuple(_keys(change.involved)) for change in found], {})
        _weighed = cached
    return cached[1], cached[2]


def _figure(change: Change) -> bool:
    """Whether a change involves a figure: a number, an amount, a date."""
    involved = change.involved
    return any(c.isdigit() for word in involved for c in word) or bool(
        {word.casefold() for word in involved} & (wording.NUMBER_WORDS | wording.DATE_WORDS)
    )


def _speaks_of_figures(note: Note) -> bool:
    text = undated_text(note.text)
    return any(c.isdigit() for c in text) or bool(wording.FIGURES.search(text))


def _names(change: Change, common: AbstractSet[str]) -> bool:
    """Whether a note that has ``common`` keys with a change names it: any word of an edit,
    a number or two words of a whole sentence."""
    if change.kind is ChangeKind.EDITED:
        return bool(common)
    return len(common) >= 2 or any(key.isdigit() for key in common)


def _covers(
    announced: frozenset[Intent], change: Change, named: bool, names_none: bool, passage: _Passage
) -> bool:
    if Intent.EVERYTHING in announced:
        return True
    corrects = Intent.CORRECTS in announced
    if change.kind is ChangeKind.ADDED:
        return bool(announced & {Intent.ADDS, Intent.GENERAL}) or (corrects and named)
    if change.kind is ChangeKind.REMOVED:
        return (Intent.REMOVES in announced and (named or names_none)) or (corrects and named)
    return _covers_edit(announced, change, named, names_none, passage)


def _covers_edit(
    announced: frozenset[Intent], change: Change, named: bool, names_none: bool, passage: _Passage
) -> bool:
    if Intent.GENERAL in announced or (Intent.ADDS in announced and not change.deleted):
        return True
    corrects = Intent.CORRECTS in announced
    return corrects and (named or (names_none and passage.holds(change)))


def referenced(text: str) -> frozenset[int]:
    """The paragraphs a note points to: ``paragraph 4`` is 4, ``paras 3-5`` are 3, 4 and 5,
    ``the second paragraph``, ``im 2. Absatz`` and ``le deuxième paragraphe`` are 2."""
    found: set[int] = set()
    for match in wording.NUMBERED_PARAGRAPHS.finditer(text):
        numbers = match.group(1)
        span = wording.PARAGRAPH_RANGE.match(numbers)
        if span and int(span.group(1)) <= int(span.group(2)) <= int(span.group(1)) + 20:
            found.update(range(int(span.group(1)), int(span.group(2)) + 1))
        else:
            found.update(int(n) for n in re.findall(r"\d+", numbers))
    for match in wording.ORDINAL_PARAGRAPH.finditer(text):
        word = match.group(1)
        digits = re.match(r"(\d{1,3})(?:\.|st|nd|rd|th|e|er|ème|º|ª|o|a)?$", word, re.I)
        lowered = word.casefold()
        ordinal = (
            int(digits.group(1))
            if digits
            else next((n for stem, n in wording.ORDINAL_STEMS if lowered.startswith(stem)), None)
        )
        if ordinal is not None:
            found.add(ordinal)
    return frozenset(found)


def why_not(weighing: Weighing) -> str:
    """Why a weighed note accounts for none of the changes left."""
    announced = weighing.intents
    if not announced:
        if weighing.note.stamp is not None and not note_words(weighing.note):
            return "a time stamp alone says when, not what changed"
        return "it does not say what changed"
    parts = []
    if Intent.ADDS in announced:
        parts.append("it announces additions, and these are not additions")
    if Intent.REMOVES in announced:
        parts.append("it announces removals, not of these sentences")
    if Intent.CORRECTS in announced:
        parts.append("it corrects something else: it names none of these changes' words")
    if Intent.GENERAL in announced:
        parts.append("a general update accounts for additions and edits, not removed sentences")
    return "; ".join(parts)
