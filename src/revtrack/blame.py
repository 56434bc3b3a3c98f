"""Blame: where each sentence of a version got its wording, as ``git blame`` says of lines.

Each version is compared with the one before it by the diff engine (:func:`revtrack.diff.
diff`), and its sentences are followed through those comparisons: a sentence that a
comparison shows unchanged, where it stood or moved elsewhere, keeps the origin it had in the
version before; any other sentence (edited, added, or changed as it moved) has its wording
from the version it appears in. So a sentence restored to a wording it had before is the
restoring version's: its wording came back then, whatever it was earlier. The origin is shown
with the notes that first appeared in that version, those that announced its change.

Sentences are the diff's: :func:`revtrack.text.iter_sentences`, each without the whitespace
before it, and a sentence is unchanged only when it is, character for character.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from revtrack.evidence import Blame, BlamedSentence, Seen
from revtrack.models import Note, Op, Side, TextDiff, Version
from revtrack.text import iter_sentences

if TYPE_CHECKING:
    from revtrack.derived import Derivation

#: A sentence of a text: where it starts and ends (without the whitespace before it), and its
#: paragraph (1-based; a line break starts one).
Unit = tuple[int, int, int]
#: Where a piece of the new text is in the old: its start in the new, its start in the old,
#: and its length.
Segment = tuple[int, int, int]


def sentence_units(text: str) -> list[Unit]:
    """The sentences of ``text``, as the diff engine cuts them."""
    units: list[Unit] = []
    position, paragraph, broken = 0, 1, False
    for piece in iter_sentences(text):
        core = piece.lstrip()
        start = position + len(piece) - len(core)
        broken = broken or "\n" in piece[: len(piece) - len(core)]
        position += len(piece)
        if not core:
            broken = broken or "\n" in piece
            continue
        if broken and units:
            paragraph += 1
        units.append((start, start + len(core.rstrip()), paragraph))
        broken = False
    return units


def carried(old: str, new: str) -> tuple[int, ...]:
    """For each sentence of ``new`` (:func:`sentence_units`), the index of the sentence of
    ``old`` it is, unchanged (where it stood, or moved), as the diff of the two texts shows;
    -1 for a sentence whose wording is new."""
    from revtrack.diff import diff

    return carried_by(diff(old, new), old, new)


def carried_by(change: TextDiff, old: str, new: str) -> tuple[int, ...]:
    """:func:`carried`, from ``change``, the diff of ``old`` and ``new``."""
    segments, cuts = _segments(change)
    starts = [segment[0] for segment in segments]
    old_units = {s: (k, end, s) for k, (s, end, _) in enumerate(sentence_units(old))}
    found = []
    for start, end, _ in sentence_units(new):
        at = _old_start(segments, starts, start, end)
        cut = bisect_right(cuts, start) < bisect_left(cuts, end)  # something deleted inside
        unit = None if at is None or cut else old_units.get(at)
        same = unit is not None and old[unit[2] : unit[1]] == new[start:end]
        found.append(unit[0] if same and unit is not None else -1)
    return tuple(found)


def _segments(change: TextDiff) -> tuple[list[Segment], list[int]]:
    """The pieces of the new text that are in the old text, unchanged, and where they are
    there (sorted); and where in the new text something of the old was deleted (sorted).

    The spans of a block rebuild its part of each text (a moved block is on one side only);
    the equal spans of the two blocks of a move are the same, in the same order.
    """
    segments: list[Segment] = []
    cuts: list[int] = []
    left: dict[int, list[tuple[int, str]]] = defaultdict(list)  # a move's equal old spans
    arrived: list[tuple[int, int, str]] = []  # (move, new start, text) of its new side
    old_at = new_at = 0
    for block in change.blocks:
        side = None if block.move is None else block.move.side
        move = 0 if block.move is None else block.move.id
        for span in block.spans:
            size = len(span.text)
            if side is Side.FROM:
                if span.op is Op.EQUAL:
                    left[move].append((old_at, span.text))
                old_at += 0 if span.op is Op.INSERT else size
                continue
            if span.op is Op.EQUAL and side is Side.TO:
                arrived.append((move, new_at, span.text))
            elif span.op is Op.EQUAL:
                segments.append((new_at, old_at, size))
            elif span.op is Op.DELETE:
                cuts.append(new_at)
            old_at += size if span.op is not Op.INSERT and side is None else 0
            new_at += 0 if span.op is Op.DELETE else size
    segments += _moved(left, arrived)
    return sorted(segments), sorted(cuts)


def _moved(
    left: dict[int, list[tuple[int, str]]], arrived: list[tuple[int, int, str]]
) -> Iterator[Segment]:
    """The equal spans of the moves' new sides, each where the same span of the move's old
    side was."""
    taken: dict[int, int] = defaultdict(int)
    for move, new_start, text in arrived:
        k = taken[move]
        taken[move] += 1
        spans = left.get(move, [])
        if k < len(spans) and spans[k][1] == text:
            yield new_start, spans[k][0], len(text)


def _old_start(segments: list[Segment], starts: list[int], start: int, end: int) -> int | None:
    """Where the piece ``start:end`` of the new text starts in the old, when the whole piece
    is there, in one stretch; None if it is not."""
    k = bisect_right(starts, start) - 1
    if k < 0:
        return None
    new_start, old_start, size = segments[k]
    if new_start + size <= start:
        return None
    at = old_start + start - new_start
    reached, expected = new_start + size, old_start + size
    while reached < end:  # the stretch goes on in the next segment
        k += 1
        if k >= len(segments) or segments[k][0] != reached or segments[k][1] != expected:
            return None
        reached, expected = reached + segments[k][2], expected + segments[k][2]
    return at


def build_blame(
    article: str,
    versions: Sequence[Version],
    *,
    derive: Derivation | None = None,
) -> Blame:
    """The blame of the last of ``versions`` (an article's readable versions, oldest first, up
    to it): each sentence with the version that gave it its wording and the notes that first
    appeared there. What the history derives comes from ``derive``."""
    from revtrack.derived import Derivation
    from revtrack.models import Criteria
    from revtrack.report import build_notes

    derive = derive or Derivation()
    origins: list[Version] = []
    previous: Version | None = None
    for version in versions:
        if previous is None:
            origins = [version] * len(sentence_units(version.text))
        else:
            origins = [origins[k] if k >= 0 else version for k in derive.carried(previous, version)]
        previous = version
    last = versions[-1]
    history = build_notes(
        article, versions, Criteria(), findings_from=last.number + 1, derive=derive
    )
    announced: dict[int, list[Note]] = defaultdict(list)
    for tracked in history.notes:
        announced[tracked.first_version].append(tracked.note)
    sentences = tuple(
        BlamedSentence(
            text=last.text[start:end],
            paragraph=paragraph,
            origin=Seen(origin.number, origin.observed_at),
            notes=tuple(announced.get(origin.number, ())),
        )
        for (start, end, paragraph), origin in zip(sentence_units(last.text), origins, strict=True)
    )
    return Blame(article=article, version=last, sentences=sentences)
