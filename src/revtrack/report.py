"""Combine stored versions, their diffs and their notes into the models renderers read.

Stealth-edit findings live here: what the editorial notes of an article's history say (or
fail to say) about each change from one version to the next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from revtrack.diff import DiffOptions, diff
from revtrack.models import (
    ArticleLog,
    ChangeReport,
    Finding,
    FindingKind,
    LogEntry,
    Note,
    NotesHistory,
    TrackedNote,
    Transition,
    Version,
)
from revtrack.notes import find_notes, undated
from revtrack.text import tokens, words

#: How far outside the time between two observations a new note may be dated before it is a
#: finding: clocks differ and newsrooms round their stamps.
DEFAULT_TOLERANCE = timedelta(hours=1)
#: A note that disappears while one this similar (Dice coefficient of their words) appears
#: is the same note, edited.
NOTE_SIMILARITY = 0.5
#: What a substantive change is: one of more than whitespace, punctuation or typography.
SUBSTANTIVE = DiffOptions(ignore_whitespace=True, ignore_punctuation=True)


def build_report(old: Version, new: Version, options: DiffOptions | None = None) -> ChangeReport:
    """The change between two versions of an article, with the notes that came and went."""
    change = diff(old.text, new.text, options)
    before = find_notes(old.text, old.observed_at)
    after = find_notes(new.text, new.observed_at)
    return ChangeReport(
        article=new.article,
        old=old,
        new=new,
        diff=change,
        notes_added=_missing(after, before),
        notes_removed=_missing(before, after),
    )


def _missing(notes: Sequence[Note], others: Sequence[Note]) -> tuple[Note, ...]:
    """The notes of ``notes`` that ``others`` lacks (as many times as they repeat)."""
    available = Counter(note.key for note in others)
    missing = []
    for note in notes:
        if available[note.key]:
            available[note.key] -= 1
        else:
            missing.append(note)
    return tuple(missing)


def word_changes(previous: Version | None, version: Version) -> tuple[int, int]:
    """Words added and removed since the previous version (all added for the first)."""
    if previous is None:
        return version.word_count, 0
    stats = diff(previous.text, version.text).stats
    return stats.words_added, stats.words_deleted


def build_log(
    article: str, versions: Sequence[Version], tolerance: timedelta = DEFAULT_TOLERANCE
) -> ArticleLog:
    """One entry per version: words added and removed since the one before, the notes that
    first appeared in it, and the stealth-edit findings of the change that made it."""
    history = build_notes(article, versions, tolerance)
    by_version = {t.to_version: t for t in history.transitions}
    first_notes: dict[int, list[Note]] = {}
    for tracked in history.notes:
        first_notes.setdefault(tracked.first_version, []).append(tracked.note)
    entries = []
    for previous, version in zip([None, *versions], versions, strict=False):
        added, removed = word_changes(previous, version)
        transition = by_version.get(version.number)
        entries.append(
            LogEntry(
                version=version,
                words_added=added,
                words_deleted=removed,
                new_notes=tuple(first_notes.get(version.number, ())),
                findings=transition.findings if transition else (),
            )
        )
    return ArticleLog(article=article, entries=tuple(entries))


def build_transition(
    previous: Version, version: Version, tolerance: timedelta = DEFAULT_TOLERANCE
) -> Transition:
    """What the notes say about the change from ``previous`` to ``version``."""
    return build_notes(version.article, [previous, version], tolerance).transitions[0]


# --- notes through the history -----------------------------------------------------------


@dataclass
class _Track:
    """A note being followed through the versions."""

    note: Note
    first_version: int
    current: Note
    last_version: int
    changed_in: list[int] = field(default_factory=list)
    removed_in: int | None = None
    replaced: bool = False

    def frozen(self) -> TrackedNote:
        return TrackedNote(
            note=self.note,
            first_version=self.first_version,
            last_version=self.last_version,
            changed_in=tuple(self.changed_in),
            removed_in=self.removed_in,
            replaced=self.replaced,
            text=self.current.text,
        )


def build_notes(
    article: str, versions: Sequence[Version], tolerance: timedelta = DEFAULT_TOLERANCE
) -> NotesHistory:
    """Every note through an article's history, and the findings about each change.

    A note is followed by its text. When one disappears as another appears, they are one note
    re-dated (same words but for the stamp: a new note, the old one replaced) or edited (words
    this similar: :data:`NOTE_SIMILARITY`).
    """
    tracks: list[_Track] = []
    active: list[_Track] = []
    transitions: list[Transition] = []
    previous: Version | None = None
    previous_notes: tuple[Note, ...] = ()
    for version in versions:
        notes = find_notes(version.text, version.observed_at)
        unmatched_old, unmatched_new = _match_same(active, notes)
        for track in active:
            if track not in unmatched_old:
                track.last_version = version.number
        edits: list[tuple[int, Note, Note]] = []  # first version, the note before, after
        new_notes: list[Note] = []
        for track, note in _pair(unmatched_old, unmatched_new):
            unmatched_old.remove(track)
            unmatched_new.remove(note)
            if _supersedes(note, track.current):
                track.removed_in, track.replaced = version.number, True
                new_notes.append(note)  # a newer note in place of the old
            else:
                edits.append((track.first_version, track.current, note))
                track.changed_in.append(version.number)
                track.current, track.last_version = note, version.number
        for track in unmatched_old:
            track.removed_in = version.number
        new_notes.extend(unmatched_new)
        new_notes.sort(key=lambda n: n.start)
        born = [_Track(n, version.number, n, version.number) for n in new_notes]
        tracks.extend(born)
        active = [t for t in active if t.removed_in is None] + born
        if previous is not None:
            change = _Change(new_notes, edits, unmatched_old)
            transitions.append(
                _transition(previous, version, previous_notes, notes, change, tolerance)
            )
        previous, previous_notes = version, notes
    tracks.sort(key=lambda t: (t.first_version, t.note.start))
    return NotesHistory(
        article=article,
        notes=tuple(t.frozen() for t in tracks),
        transitions=tuple(transitions),
    )


def _match_same(active: list[_Track], notes: Sequence[Note]) -> tuple[list[_Track], list[Note]]:
    """Pair notes with the tracks whose text they repeat; return what is left of each."""
    waiting: dict[str, list[_Track]] = {}
    for track in active:
        waiting.setdefault(track.current.key, []).append(track)
    unmatched_new = []
    for note in notes:
        same = waiting.get(note.key)
        if same:
            same.pop(0).current = note
        else:
            unmatched_new.append(note)
    return [t for ts in waiting.values() for t in ts], unmatched_new


def _pair(tracks: list[_Track], notes: list[Note]) -> list[tuple[_Track, Note]]:
    """The most similar disappeared and appeared notes, paired best first."""
    scored = []
    for i, track in enumerate(tracks):
        old_words = set(words(undated(track.current.text).lower()))
        for j, note in enumerate(notes):
            new_words = set(words(undated(note.text).lower()))
            total = len(old_words) + len(new_words)
            score = 2 * len(old_words & new_words) / total if total else 1.0
            if score >= NOTE_SIMILARITY:
                scored.append((-score, i, j))
    scored.sort()
    pairs, used_tracks, used_notes = [], set(), set()
    for _, i, j in scored:
        if i not in used_tracks and j not in used_notes:
            used_tracks.add(i)
            used_notes.add(j)
            pairs.append((tracks[i], notes[j]))
    return pairs


def _supersedes(new: Note, old: Note) -> bool:
    """Whether ``new`` is a later note in the place of ``old``, not ``old`` edited: the same
    words re-dated (``Updated at 3:45 p.m.`` then ``Updated at 5:10 p.m.``), or a note of the
    same kind dated later (a rolling ``Update (date): ...`` line rewritten for each update)."""
    if undated(new.text) == undated(old.text):
        return new.time != old.time
    if new.kind is not old.kind or new.time is None or old.time is None:
        return False
    new_bounds, old_bounds = new.time.bounds(), old.time.bounds()
    return bool(new_bounds and old_bounds and new_bounds[0] > old_bounds[1])


def _without_notes(text: str, notes: Sequence[Note]) -> str:
    """The text with its notes cut out (each leaves a paragraph break)."""
    pieces, position = [], 0
    for note in sorted(notes, key=lambda n: n.start):
        pieces.append(text[position : note.start])
        position = max(position, note.end)
    pieces.append(text[position:])
    return "\n\n".join(pieces)


@dataclass(frozen=True)
class _Change:
    """What happened to the notes from one version to the next."""

    new: Sequence[Note]
    edited: Sequence[tuple[int, Note, Note]]  # first version, the note before, after
    removed: Sequence[_Track]


def _transition(
    old: Version,
    new: Version,
    old_notes: Sequence[Note],
    new_notes_all: Sequence[Note],
    change: _Change,
    tolerance: timedelta,
) -> Transition:
    """The findings about one change: see :class:`~revtrack.models.FindingKind`."""
    new_notes = change.new
    stats = diff(
        _without_notes(old.text, old_notes), _without_notes(new.text, new_notes_all), SUBSTANTIVE
    ).stats
    substantive = bool(stats.words_added or stats.words_deleted or stats.change_ratio)
    findings: list[Finding] = []

    def finding(kind: FindingKind, message: str, note: Note | None = None) -> None:
        findings.append(Finding(kind, old.number, new.number, message, note))

    if substantive and not new_notes:
        finding(
            FindingKind.UNNOTED_CHANGE,
            f"the text changed (+{stats.words_added:,} -{stats.words_deleted:,} words)"
            " and no note appeared",
        )
    if new_notes and not substantive:
        for note in new_notes:
            finding(
                FindingKind.NOTE_WITHOUT_CHANGE,
                f"a new {note.kind.label} appeared and nothing else changed",
                note,
            )
    for note in new_notes:
        message = _outside_window(note, old, new, tolerance)
        if message:
            finding(FindingKind.NOTE_TIME_OUTSIDE_WINDOW, message, note)
    for first, before, after in change.edited:
        finding(
            FindingKind.NOTE_EDITED,
            f"the {before.kind.label} of @{first} was edited:"
            f" {_difference(before.text, after.text)}",
            after,
        )
    for track in change.removed:
        finding(
            FindingKind.NOTE_REMOVED,
            f"the {track.current.kind.label} of @{track.first_version} was removed:"
            f" “{_excerpt(track.current.text)}”",
            track.current,
        )
    return Transition(
        from_version=old.number,
        to_version=new.number,
        new_notes=tuple(new_notes),
        words_added=stats.words_added,
        words_deleted=stats.words_deleted,
        substantive=substantive,
        findings=tuple(findings),
    )


def _outside_window(note: Note, old: Version, new: Version, tolerance: timedelta) -> str | None:
    """Why a new note's stamp is impossible: dated before the version without it was seen,
    or after the version with it was; ``None`` if it fits (or has no date)."""
    bounds = note.time.bounds() if note.time else None
    if note.time is None or bounds is None:
        return None
    earliest, latest = bounds
    name, stamp = note.kind.label, note.time.written()
    if latest < old.observed_at - tolerance:
        early = _duration(old.observed_at - latest)
        return f"the new {name} is dated {stamp}, {early} before @{old.number} was seen without it"
    if earliest > new.observed_at + tolerance:
        late = _duration(earliest - new.observed_at)
        return f"the new {name} is dated {stamp}, {late} after @{new.number} was seen with it"
    return None


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minute{'s' * (minutes != 1)}"
    if minutes < 48 * 60:
        return f"{minutes // 60} hours"
    return f"{minutes // (24 * 60)} days"


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _difference(before: str, after: str, context: int = 8) -> str:
    """Where two texts differ: ``“…the mayor's comment{+ and the vote count+}.”``."""
    old, new = tokens(" ".join(before.split())), tokens(" ".join(after.split()))
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    removed = "".join(old[prefix : len(old) - suffix])
    added = "".join(new[prefix : len(new) - suffix])
    start, end = max(0, prefix - context), min(len(old), len(old) - suffix + context)
    change = (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
    lead, trail = ("…" if start else ""), ("…" if end < len(old) else "")
    shown = "".join(old[start:prefix]) + change + "".join(old[len(old) - suffix : end])
    return f"“{lead}{shown.strip()}{trail}”"
