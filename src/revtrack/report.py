"""Combine stored versions, their diffs and their notes into the models renderers read.

Stealth-edit findings live here: what the editorial notes of an article's history say (or
fail to say) about each change from one version to the next.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType

from revtrack import noise
from revtrack.account import (
    Place,
    iter_changes,
    note_words,
    paragraph_locator,
    undated_text,
    weigh,
    why_not,
)
from revtrack.derived import Compared, Derivation
from revtrack.diff import diff
from revtrack.models import (
    MIN_WORD_SHARE,
    ArticleLog,
    Change,
    ChangeKind,
    ChangeReport,
    Criteria,
    DiffStats,
    Finding,
    FindingKind,
    LogEntry,
    Note,
    NoteKind,
    NotesHistory,
    NoteTime,
    Op,
    Severity,
    TextDiff,
    TrackedNote,
    Transition,
    Version,
    WeighedNote,
    highest,
)
from revtrack.noise import DiffOptions
from revtrack.sequences import common_ends, diff_lines
from revtrack.text import split_lines, tokens

#: A note that disappears while one this similar (Dice coefficient of their words) appears
#: is the same note, edited.
NOTE_SIMILARITY = 0.5


def comparison(criteria: Criteria, options: DiffOptions | None = None) -> DiffOptions:
    """What a comparison leaves out: ``options``, and the matches of the criteria's ignore
    rules."""
    options = options or DiffOptions()
    if not criteria.ignore:
        return options
    rules = tuple(noise.compiled(rule.pattern) for rule in criteria.ignore)
    return replace(options, ignore=options.ignore + rules)


def build_report(
    old: Version,
    new: Version,
    options: DiffOptions | None = None,
    *,
    history: Sequence[Version] = (),
    criteria: Criteria = Criteria(),
    lines: bool = False,
    derive: Derivation | None = None,
) -> ChangeReport:
    """The change between two versions of an article, with the notes that came and went.

    With the article's ``history`` (its versions from the first on, at least up to ``new``),
    the report also holds the stealth-edit findings of each change from ``old`` to ``new``;
    with ``lines``, the alignment of the two texts' lines. What the history derives comes
    from ``derive`` (worked out afresh without one).
    """
    derive = derive or Derivation()
    compared = comparison(criteria, options)
    change = diff(old.text, new.text, compared)
    before, after = derive.notes(old), derive.notes(new)
    findings: tuple[Finding, ...] = ()
    if history and old.number < new.number:
        notes, _ = _history(
            new.article,
            [v for v in history if v.number <= new.number],
            criteria,
            findings_from=old.number + 1,
            options=options,
            known={new.number: change} if new.number == old.number + 1 else {},
            derive=derive,
        )
        findings = notes.findings
    return ChangeReport(
        article=new.article,
        old=old,
        new=new,
        diff=change,
        notes_added=_missing(after, before),
        notes_removed=_missing(before, after),
        findings=findings,
        line_runs=_line_runs(old.text, new.text) if lines else None,
        severity=_most_severe(
            iter_changes(change, paragraph_locator(old.text), paragraph_locator(new.text))
        ),
        ignored_by=noise.applied(
            criteria.ignore,
            _criteria_hits(change.ignored[0] | change.ignored[1], criteria, compared),
        ),
    )


def _criteria_hits(hits: int, criteria: Criteria, compared: DiffOptions) -> int:
    """Which of the criteria's rules matched, of the ``hits`` of a comparison made with
    ``compared`` (the options' own patterns come first, then the criteria's rules)."""
    return hits >> (len(compared.ignore) - len(criteria.ignore))


def _most_severe(found: Iterable[Change]) -> Severity | None:
    """The highest severity of some changes, read no further than the first substantive one
    (the others are then never worked out)."""
    most: Severity | None = None
    for change in found:
        if most is None or change.severity.rank > most.rank:
            most = change.severity
        if most is Severity.SUBSTANTIVE:
            break
    return most


def _line_runs(old: str, new: str) -> tuple[tuple[Op, int], ...]:
    return tuple(diff_lines(split_lines(old), split_lines(new)))


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


def word_changes(
    previous: Version | None, version: Version, options: DiffOptions | None = None
) -> tuple[int, int]:
    """Words added and removed since the previous version (all added for the first), as
    far as the comparison ``options`` look."""
    if previous is None:
        return version.word_count, 0
    stats = diff(previous.text, version.text, options).stats
    return stats.words_added, stats.words_deleted


def build_log(
    article: str,
    versions: Sequence[Version],
    criteria: Criteria = Criteria(),
    *,
    derive: Derivation | None = None,
) -> ArticleLog:
    """One entry per version: words added and removed since the one before, the notes that
    first appeared in it, and the stealth-edit findings of the change that made it."""
    history, compared = _history(article, versions, criteria, derive=derive)
    by_version = {t.to_version: t for t in history.transitions}
    first_notes: dict[int, list[Note]] = {}
    for tracked in history.notes:
        first_notes.setdefault(tracked.first_version, []).append(tracked.note)
    entries = []
    for previous, version in zip([None, *versions], versions, strict=False):
        stats = compared.get(version.number)
        added, removed = (
            (stats.words_added, stats.words_deleted)
            if stats
            else word_changes(previous, version, comparison(criteria))
        )
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
    return ArticleLog(article=article, entries=tuple(entries), ignored_by=history.ignored_by)


# --- notes through the history -----------------------------------------------------------


@dataclass
class _Track:
    """A note being followed through the versions."""

    note: Note  # as it first appeared
    first_version: int
    current: Note  # as it is in the latest version that has it
    last_version: int
    changed_in: list[int] = field(default_factory=list)
    restored_in: list[int] = field(default_factory=list)
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
            restored_in=tuple(self.restored_in),
        )


@dataclass
class _Change:
    """What happened to the notes from one version to the next."""

    appeared: list[Note] = field(default_factory=list)  # new notes, re-dated ones included
    edited: list[tuple[int, Note, Note]] = field(default_factory=list)  # first @, before, after
    removed: list[_Track] = field(default_factory=list)
    restored: list[Note] = field(default_factory=list)  # notes back after a removal


class _Follower:
    """Follows the notes of an article from one version to the next."""

    def __init__(self) -> None:
        self.tracks: list[_Track] = []
        self.active: list[_Track] = []

    def step(self, number: int, notes: Sequence[Note]) -> _Change:
        """Take the notes of version ``number``; say what changed since the one before."""
        change = _Change()
        waiting = self._match_same(notes)
        matched = {id(t) for t in waiting.values()}  # (by identity: a page has many notes)
        unmatched = [t for t in self.active if id(t) not in matched]
        fresh = [n for n in notes if id(n) not in waiting]
        removed: dict[str, list[_Track]] = {}
        for gone in self.tracks:
            if gone.removed_in:
                removed.setdefault(gone.current.key, []).append(gone)
        for note in list(fresh):  # a removed note back again (a revert, a restored box)
            track = removed[note.key].pop(0) if removed.get(note.key) else None
            if track is not None:
                track.removed_in, track.replaced = None, False
                track.restored_in.append(number)
                waiting[id(note)] = track
                fresh.remove(note)
                change.restored.append(note)
        for track, note in _pair(unmatched, fresh):
            unmatched.remove(track)
            fresh.remove(note)
            if _supersedes(note, track.current):
                track.removed_in, track.replaced = number, True
                change.appeared.append(note)
            else:
                change.edited.append((track.first_version, track.current, note))
                track.changed_in.append(number)
                waiting[id(note)] = track
        by_id = {id(n): n for n in notes}
        for note_id, track in waiting.items():
            track.current = by_id[note_id]
            track.last_version = number
        still = {t.current.key for t in waiting.values()}
        for track in unmatched:
            track.removed_in = number
            if track.current.key not in still:
                change.removed.append(track)  # (not a repeated copy of a note still there)
        change.appeared.extend(fresh)
        change.appeared.sort(key=lambda n: n.start)
        born = [_Track(n, number, n, number) for n in change.appeared]
        self.tracks.extend(born)
        self.active = [t for t in waiting.values()] + born
        self.active.sort(key=lambda t: t.current.start)
        return change

    def _match_same(self, notes: Sequence[Note]) -> dict[int, _Track]:
        """The notes that repeat an active note's text, by ``id``, with its track."""
        by_key: dict[str, list[_Track]] = {}
        for track in self.active:
            by_key.setdefault(track.current.key, []).append(track)
        matched = {}
        for note in notes:
            same = by_key.get(note.key)
            if same:
                matched[id(note)] = same.pop(0)
        return matched

    def history(self) -> tuple[TrackedNote, ...]:
        ordered = sorted(self.tracks, key=lambda t: (t.first_version, t.note.start))
        return tuple(t.frozen() for t in ordered)


def build_notes(
    article: str,
    versions: Sequence[Version],
    criteria: Criteria = Criteria(),
    *,
    findings_from: int = 2,
    options: DiffOptions | None = None,
    derive: Derivation | None = None,
) -> NotesHistory:
    """Every note through an article's history, and the findings about each change.

    A note is followed by its text. When one disappears as another appears, the new one is
    the old one re-dated (same words, another stamp) or, for updates, a later update in its
    place: the old one is *replaced*; or the old one edited (content words this similar:
    :data:`NOTE_SIMILARITY`). A note that disappears and comes back is *restored*, not new.
    Transitions (which need a diff) are built for the versions from ``findings_from`` on;
    their changes are compared as ``options`` and the criteria's ignore rules say, form
    (whitespace, punctuation, typography) and the notes themselves aside.
    """
    return _history(
        article, versions, criteria, findings_from=findings_from, options=options, derive=derive
    )[0]


def _history(
    article: str,
    versions: Sequence[Version],
    criteria: Criteria,
    *,
    findings_from: int = 2,
    options: DiffOptions | None = None,
    known: Mapping[int, TextDiff] = MappingProxyType({}),
    derive: Derivation | None = None,
) -> tuple[NotesHistory, dict[int, DiffStats]]:
    """:func:`build_notes`, and the statistics of the comparison that made each transition
    (by the number of its new version). The comparisons already made are ``known`` (by the
    number of their new version): each pair of versions is compared once."""
    derive = derive or Derivation()
    compared = comparison(criteria, options)
    follower = _Follower()
    transitions: list[Transition] = []
    stats: dict[int, DiffStats] = {}
    previous: Version | None = None
    previous_notes: tuple[Note, ...] = ()
    hits: dict[str, int] = {}  # which of the criteria's rules matched in a text, when known
    for version in versions:
        notes = derive.notes(version)
        change = follower.step(version.number, notes)
        if previous is not None and version.number >= findings_from:
            both = (previous_notes, notes)
            made = derive.compared(previous, version, both, compared, known.get(version.number))
            stats[version.number] = made.stats
            transitions.append(_transition(previous, version, both, change, criteria, made))
            if made.ignored is not None:
                for text, side in zip((previous, version), made.ignored, strict=True):
                    hits[text.hash] = _criteria_hits(side, criteria, compared)
        previous, previous_notes = version, notes
    history = NotesHistory(
        article=article,
        notes=follower.history(),
        transitions=tuple(transitions),
        ignored_by=derive.matching(criteria.ignore, versions, hits),
    )
    return history, stats


def build_transition(
    versions: Sequence[Version], criteria: Criteria = Criteria()
) -> Transition | None:
    """What the notes say about the change to the last of ``versions`` (a whole history, so
    that its notes are known from where they first appeared); ``None`` for a first version."""
    judged = last_change(versions, criteria)
    return judged[0] if judged else None


def last_change(
    versions: Sequence[Version],
    criteria: Criteria = Criteria(),
    *,
    derive: Derivation | None = None,
) -> tuple[Transition, DiffStats] | None:
    """:func:`build_transition`, and the statistics of the comparison it made."""
    if len(versions) < 2:
        return None
    last = versions[-1]
    history, stats = _history(
        last.article, versions, criteria, findings_from=last.number, derive=derive
    )
    return history.transitions[-1], stats[last.number]


def _pair(tracks: list[_Track], notes: list[Note]) -> list[tuple[_Track, Note]]:
    """The most similar disappeared and appeared notes, paired best first."""
    scored = []
    new_words = [note_words(note) for note in notes]
    for i, track in enumerate(tracks):
        old_words = note_words(track.current)
        for j, content in enumerate(new_words):
            total = len(old_words) + len(content)
            score = 2 * len(old_words & content) / total if total else 1.0
            restamped = _supersedes(notes[j], track.current)
            if score >= NOTE_SIMILARITY or restamped or _same_stamp(notes[j], track.current):
                scored.append((-score, i, j))
    scored.sort()
    pairs, used_tracks, used_notes = [], set(), set()
    for _, i, j in scored:
        if i not in used_tracks and j not in used_notes:
            used_tracks.add(i)
            used_notes.add(j)
            pairs.append((tracks[i], notes[j]))
    return pairs


def _bare_stamp(note: Note) -> bool:
    """An update note that is a time stamp and nothing else: ``Updated 9:55 a.m. ET``."""
    return note.kind is NoteKind.UPDATE and note.stamp is not None and not note_words(note)


def _same_stamp(new: Note, old: Note) -> bool:
    """A note of the same kind under the same written stamp: the old one, reworded."""
    return new.kind is old.kind and new.stamp is not None and new.stamp == old.stamp


def _supersedes(new: Note, old: Note) -> bool:
    """Whether ``new`` is a later note in the place of ``old``, not ``old`` edited: the same
    words with another stamp (``Updated at 3:45 p.m.`` then ``Updated at 5:10 p.m.``), or an
    update with a later stamp (a rolling ``Update (date): ...`` line rewritten each time).
    Corrections and the other kinds add up: one never replaces another."""
    if new.stamp is None or old.stamp is None or new.stamp == old.stamp:
        return False
    if undated_text(new.text) == undated_text(old.text):
        return True
    if new.kind is not NoteKind.UPDATE or old.kind is not NoteKind.UPDATE:
        return False
    new_bounds = new.time.bounds() if new.time else None
    old_bounds = old.time.bounds() if old.time else None
    return bool(new_bounds and old_bounds and new_bounds[0] > old_bounds[1])


def _transition(
    old: Version,
    new: Version,
    notes: tuple[Sequence[Note], Sequence[Note]],
    change: _Change,
    criteria: Criteria,
    compared: Compared,
) -> Transition:
    """The findings about one change (the notes of both versions given, and their
    comparison): see :class:`~revtrack.models.FindingKind`."""
    appeared = change.appeared
    found, place, stats = compared.changes, compared.place, compared.weighed
    findings: list[Finding] = []

    def finding(kind: FindingKind, message: str, note: Note | None = None) -> None:
        findings.append(Finding(kind, old.number, new.number, message, note))

    weighed = [*appeared, *(after for _, _, after in change.edited)]
    findings += _accounted(old, new, (found, place), weighed, stats, criteria.min_severity)
    cut = _cut(old, new)
    if cut:
        findings.append(cut)
    if appeared and not found:
        for note in appeared:
            finding(
                FindingKind.NOTE_WITHOUT_CHANGE,
                f"a new {note.kind.label} appeared and nothing else changed",
                note,
            )
    for note in appeared:
        message = _outside_window(note, old, new, criteria.tolerance)
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
    reported = tuple(f for f in findings if criteria.reports(f))
    level = highest(c.severity for c in found)
    notes_changed = bool(appeared or change.edited or change.removed)
    return Transition(
        from_version=old.number,
        to_version=new.number,
        new_notes=tuple(appeared),
        words_added=stats.words_added,
        words_deleted=stats.words_deleted,
        substantive=bool(found),
        findings=reported,
        severity=level,
        hidden=len(findings) - len(reported),
        notable=bool(
            notes_changed
            or reported
            or (level is not None and level.at_least(criteria.min_severity))
        ),
    )


def _accounted(
    old: Version,
    new: Version,
    located: tuple[Sequence[Change], Place],
    weighed: Sequence[Note],
    stats: DiffStats,
    least: Severity,
) -> list[Finding]:
    """The finding about the changes no note of the version accounts for, if any: no note
    appeared or changed (*unnoted*), only bare time stamps did (*undescribed*), or the notes
    that did account for some changes and not others (*beyond the notes*). It lists the
    changes at least as severe as ``least`` (all of them if none is: it is then not
    reported)."""
    found, place = located
    if not found:
        return []
    words = f"+{stats.words_added:,} -{stats.words_deleted:,} words"
    if not weighed:
        message = f"the text changed ({words}) and no note appeared"
        return [_about(FindingKind.UNNOTED_CHANGE, old, new, message, found, (), least)]
    weighings = [weigh(note, found, place) for note in weighed]
    reasons = tuple(WeighedNote(w.note, why_not(w)) for w in weighings)
    if all(_bare_stamp(note) for note in weighed):
        message = (
            f"the text changed ({words}) and only a time stamp"
            f" (“{_excerpt(weighed[0].text)}”) says so, not what changed"
        )
        return [_about(FindingKind.UNDESCRIBED_CHANGE, old, new, message, found, reasons, least)]
    covered = frozenset().union(*(w.accounted for w in weighings))
    left = _at_least([c for i, c in enumerate(found) if i not in covered], least)
    if not left:
        return []
    what = "the new note does" if len(weighed) == 1 else f"the {len(weighed)} new notes do"
    message = f"{what} not account for {_tally(left)}"
    return [_about(FindingKind.CHANGE_BEYOND_NOTE, old, new, message, left, reasons, least)]


def _about(
    kind: FindingKind,
    old: Version,
    new: Version,
    message: str,
    found: Sequence[Change],
    weighed: tuple[WeighedNote, ...],
    least: Severity,
) -> Finding:
    shown = _at_least(found, least)
    return Finding(
        kind,
        old.number,
        new.number,
        message,
        severity=highest(c.severity for c in shown),
        changes=tuple(shown),
        weighed=weighed,
    )


def _at_least(found: Sequence[Change], least: Severity) -> list[Change]:
    """The changes at least as severe as ``least``; all of them when none is."""
    chosen = [c for c in found if c.severity.at_least(least)]
    return chosen or list(found)


def _tally(found: Sequence[Change]) -> str:
    """``1 sentence removed``, ``3 sentences: 1 removed, 2 edited``."""
    counts = Counter(c.kind for c in found)
    parts = [f"{counts[kind]} {kind.value}" for kind in ChangeKind if counts[kind]]
    noun = "sentence" if len(found) == 1 else "sentences"
    if len(parts) == 1:
        return f"{len(found)} {noun} {parts[0].split(' ', 1)[1]}"
    return f"{len(found)} {noun}: {', '.join(parts)}"


def _cut(old: Version, new: Version) -> Finding | None:
    """The finding that most of the article was removed (a page stored by force)."""
    if old.word_count < 50 or new.word_count >= MIN_WORD_SHARE * old.word_count:
        return None
    share = new.word_count / old.word_count
    return Finding(
        FindingKind.ARTICLE_CUT,
        old.number,
        new.number,
        f"most of the article was removed: {old.word_count:,} words, now {new.word_count:,}"
        f" ({share:.0%})",
        severity=Severity.SUBSTANTIVE,
    )


def _outside_window(note: Note, old: Version, new: Version, tolerance: timedelta) -> str | None:
    """Why a new note's stamp is impossible: dated before the version without it was seen,
    or after the version with it was; ``None`` if it fits (or has no date). A stamp whose date
    was inferred is only held to its time of day: some day's must fit."""
    stamp = note.time
    if stamp is None or stamp.date is None:
        return None
    since, until = old.observed_at - tolerance, new.observed_at + tolerance
    name = note.kind.label
    if "date" in stamp.inferred and stamp.time is not None:
        if _some_day_fits(stamp, since, until):
            return None
        return (
            f"the new {name} is stamped {stamp.time:%H:%M}{' ' + stamp.tz if stamp.tz else ''}"
            f" with no date, a time of day that is not between @{old.number} and"
            f" @{new.number} being seen ({old.observed_at:%Y-%m-%d %H:%M} and"
            f" {new.observed_at:%Y-%m-%d %H:%M} UTC)"
        )
    bounds = stamp.bounds()
    if bounds is None:
        return None
    earliest, latest = bounds
    if latest < since:
        early = _duration(old.observed_at - latest)
        return (
            f"the new {name} is dated {stamp.written()}, {early} before @{old.number}"
            " was seen without it"
        )
    if earliest > until:
        late = _duration(earliest - new.observed_at)
        return (
            f"the new {name} is dated {stamp.written()}, {late} after @{new.number}"
            " was seen with it"
        )
    return None


def _some_day_fits(stamp: NoteTime, since: datetime, until: datetime) -> bool:
    """Whether the stamp's time of day, on some day, falls between ``since`` and ``until``."""
    if until - since >= timedelta(days=2) or stamp.time is None:
        return True
    day = since.date() - timedelta(days=1)
    while day <= until.date() + timedelta(days=1):
        bounds = replace(stamp, date=day, inferred=()).bounds()
        if bounds and bounds[0] <= until and bounds[1] >= since:
            return True
        day += timedelta(days=1)
    return False


def _duration(span: timedelta) -> str:
    minutes = math.ceil(span.total_seconds() / 60)
    if minutes < 120:
        return f"{minutes} minute{'s' * (minutes != 1)}"
    if minutes < 48 * 60:
        return f"{math.ceil(minutes / 60)} hours"
    return f"{math.ceil(minutes / (24 * 60))} days"


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _difference(before: str, after: str, context: int = 8) -> str:
    """Where two texts differ: ``“…the mayor's comment{+ and the vote count+}.”``."""
    old, new = tokens(" ".join(before.split())), tokens(" ".join(after.split()))
    prefix, suffix = common_ends(old, new)
    removed = "".join(old[prefix : len(old) - suffix])
    added = "".join(new[prefix : len(new) - suffix])
    start, end = max(0, prefix - context), min(len(old), len(old) - suffix + context)
    change = (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
    lead, trail = ("…" if start else ""), ("…" if end < len(old) else "")
    shown = "".join(old[start:prefix]) + change + "".join(old[len(old) - suffix : end])
    return f"“{lead}{shown.strip()}{trail}”"
