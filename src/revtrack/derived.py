"""What an article's history derives from its stored texts, a version or a pair at a time: the
notes of each version, the comparison of each version with the one before as findings weigh
it, which ignore rules match in each text, and which sentences each version kept unchanged
from the one before (for ``blame``); and, from those, the whole history's log.

:class:`Derivation` works each of them out; :mod:`revtrack.cache` keeps them in the store, so
that ``log``, ``notes`` and the findings of ``diff`` do not work them out again on every call.
Either way the results are the same: a derivation is a function of the texts (and of the time
each version was seen, for its notes' stamps), of the comparison's options and of the code.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING

from revtrack import noise
from revtrack.frozen import dataclass
from revtrack.models import (
    ArticleLog,
    Change,
    Criteria,
    DiffStats,
    IgnoreRule,
    Note,
    TextDiff,
    Version,
)
from revtrack.noise import DiffOptions

if TYPE_CHECKING:  # (the engine is loaded when something is worked out, not to read a row)
    from revtrack.account import Locate, Place

#: Where each change is, by its side (``True`` for the new version) and its paragraph in that
#: version: its paragraph among those outside the notes (see :func:`revtrack.account.places`).
Places = tuple[tuple[bool, int, int], ...]


@dataclass(frozen=True)
class Compared:
    """One version compared with the one before it, as the findings weigh the change."""

    stats: DiffStats  # of the whole comparison: the words added and removed that log shows
    changes: tuple[Change, ...]  # outside the notes, changes of form alone aside
    weighed: DiffStats  # the statistics of those changes
    places: Places = ()
    #: Which of the comparison's ignore rules matched in each text, when it was made here
    #: (not kept in the store: ``None`` when read from it).
    ignored: tuple[int, int] | None = field(default=None, compare=False)
    _where: dict[tuple[bool, int], int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def place(self, change: Change) -> int:
        """Where ``change`` (one of :attr:`changes`) is, in paragraphs without the notes."""
        if not self._where:
            self._where.update(((new, paragraph), at) for new, paragraph, at in self.places)
        return self._where.get(_side(change), 0)


def _side(change: Change) -> tuple[bool, int]:
    new = change.new_paragraph is not None
    return new, (change.new_paragraph if new else change.old_paragraph) or 0


class Derivation:
    """Works out what a history derives, each time it is asked (the notes of a version are
    kept in the process by :func:`revtrack.notes.notes_of`)."""

    def notes(self, version: Version) -> tuple[Note, ...]:
        """The editorial notes of a version."""
        from revtrack.notes import notes_of  # (not imported where every note is in the store)

        return notes_of(version)

    def compared(
        self,
        old: Version,
        new: Version,
        notes: tuple[Sequence[Note], Sequence[Note]],
        options: DiffOptions,
        made: TextDiff | None = None,
    ) -> Compared:
        """``old`` compared with ``new`` as ``options`` say, with their ``notes``; ``made`` is
        that comparison, when it was made already."""
        from revtrack.diff import diff

        return compare(old, new, notes, made or diff(old.text, new.text, options))

    def matching(
        self,
        rules: Sequence[IgnoreRule],
        versions: Sequence[Version],
        known: Mapping[str, int] = MappingProxyType({}),
    ) -> tuple[IgnoreRule, ...]:
        """The ``rules`` that matched in the texts of ``versions`` (see
        :func:`revtrack.noise.matching`); ``known``: which matched in some texts (a bit a
        rule, by the texts' hashes), as their comparisons found."""
        found = 0
        for version in {v.hash: v for v in versions}.values():
            hits = known.get(version.hash)
            found |= noise.hits(rules, version.text) if hits is None else hits
        return noise.applied(rules, found)

    def log(self, article: str, versions: Sequence[Version], criteria: Criteria) -> ArticleLog:
        """The log of the history ``versions`` of ``article`` (see
        :func:`revtrack.report.build_log`), from what this derivation derives."""
        from revtrack.report import build_log  # (not imported where the log is in the store)

        return build_log(article, versions, criteria, derive=self)

    def carried(self, old: Version, new: Version) -> tuple[int, ...]:
        """For each sentence of ``new``, the sentence of ``old`` it is, unchanged, or -1 (see
        :func:`revtrack.blame.carried`)."""
        from revtrack.blame import carried  # (only blame asks)

        return carried(old.text, new.text)


def compare(
    old: Version,
    new: Version,
    notes: tuple[Sequence[Note], Sequence[Note]],
    compared: TextDiff,
) -> Compared:
    """:class:`Compared` from the comparison of ``old`` with ``new``."""
    found, place, weighed = weighed_changes(old, new, notes, compared)
    where = {_side(change): place(change) for change in found}
    return Compared(
        compared.stats,
        found,
        weighed,
        tuple((*side, where[side]) for side in sorted(where)),  # (no list of its items)
        compared.ignored,
    )


def weighed_changes(
    old: Version,
    new: Version,
    notes: tuple[Sequence[Note], Sequence[Note]],
    compared: TextDiff,
) -> tuple[tuple[Change, ...], Place, DiffStats]:
    """The changes of ``compared`` (the comparison of ``old`` with ``new``) that findings
    weigh, those of the versions' notes and of form alone aside (see
    :func:`~revtrack.account.substance`); where each is among the paragraphs outside the
    notes; and the statistics of those changes."""
    from revtrack.account import changes, paragraph_locator, places, substance

    old_ranges, new_ranges = note_ranges(old.text, notes[0]), note_ranges(new.text, notes[1])
    weighed = substance(compared, old_ranges, new_ranges)
    found = changes(weighed, paragraph_locator(old.text), paragraph_locator(new.text))
    place = places(_counter(old.text, old_ranges), _counter(new.text, new_ranges))
    return found, place, weighed.stats


def note_ranges(text: str, notes: Sequence[Note]) -> list[tuple[int, int]]:
    """Where the notes of a text are, with the brackets around them, in order and apart."""
    ranges: list[tuple[int, int]] = []
    for note in sorted(notes, key=lambda n: n.start):
        start, end = note.start, note.end
        if text[start - 1 : start] in ("(", "[") and text[end : end + 1] in (")", "]"):
            start, end = start - 1, end + 1
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((start, end))
    return ranges


def _counter(text: str, ranges: Sequence[tuple[int, int]]) -> Callable[[int], int]:
    """For each paragraph of ``text``, how many paragraphs of the text without the ``ranges``
    of its notes are at or before it (see :func:`~revtrack.account.paragraph_counter`).

    When every note is whole paragraphs, the paragraphs are those of the text between the
    notes, found in place; else in a copy of the text without them (:func:`_without_notes`).
    """
    from revtrack.account import paragraph_counter, paragraph_locator

    if any(_inline(text, start, end) for start, end in ranges):
        return paragraph_counter(*_without_notes(text, ranges))
    ends = [start for start, _ in ranges] + [len(text)]
    between = list(zip([0] + [end for _, end in ranges], ends, strict=True))
    return paragraph_counter(text, paragraph_locator(text), between)


def _inline(text: str, start: int, end: int) -> bool:
    """Whether a note is inside a paragraph (it leaves a space, not a paragraph break)."""
    return text[start - 1 : start] not in ("", "\n") or text[end : end + 1] not in ("", "\n")


def _without_notes(text: str, ranges: Sequence[tuple[int, int]]) -> tuple[str, Locate]:
    """The text with the ``ranges`` of its notes cut out (a note inside a paragraph leaves a
    space, a note that is whole paragraphs leaves a paragraph break), and where a position
    of it is in the text's paragraphs."""
    from revtrack.account import paragraph_locator

    pieces, kept, position, length = [], [], 0, 0
    for start, end in ranges:
        piece = text[position:start]
        kept.append((length, position))
        pieces += [piece, " " if _inline(text, start, end) else "\n\n"]
        length += len(piece) + len(pieces[-1])
        position = end
    kept.append((length, position))
    pieces.append(text[position:])
    in_text = paragraph_locator(text)
    starts = [at for at, _ in kept]

    def locate(offset: int) -> int:
        at, origin = kept[max(0, bisect_right(starts, offset) - 1)]
        return in_text(origin + offset - at)

    return "".join(pieces), locate
