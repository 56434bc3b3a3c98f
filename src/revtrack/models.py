"""The frozen values that pass between the stages of the pipeline.

source -> extract gives a :class:`Snapshot`; the store keeps :class:`Version` objects;
``diff`` gives a :class:`TextDiff`; ``report`` combines them into a :class:`ChangeReport` or an
:class:`ArticleLog`, which the renderers read. No stage mutates another stage's object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from types import MappingProxyType

from revtrack.frozen import dataclass  # (methods made on first use: see the module)

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Snapshot:
    """One observation of an article, normalised and ready to store."""

    text: str
    source: str  # how it was obtained: "file", "stdin"
    title: str | None = None
    metadata: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    warnings: tuple[str, ...] = ()  # what was doubtful in reading it: a wrong charset


@dataclass(frozen=True)
class Version:
    """A stored version of an article. Numbers start at 1 and never change."""

    article: str
    number: int
    observed_at: datetime  # timezone-aware, UTC
    hash: str  # "sha256:<hex>" of the normalised text
    source: str
    byte_count: int
    word_count: int
    text: str
    revert_of: int | None = None  # the earlier version whose text this one repeats
    title: str | None = None
    metadata: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True)
class Article:
    """A tracked article and a summary of its history."""

    key: str
    version_count: int
    first_observed: datetime
    last_observed: datetime
    title: str | None = None
    url: str | None = None  # for an article tracked by URL


class ProblemKind(StrEnum):
    """What is wrong in a store (see ``revtrack check``)."""

    DATABASE = "database"  # the database's own check: its pages, indexes and tables
    TEXT = "text"  # a version's text cannot be decompressed or decoded
    HASH = "hash"  # a version's text does not match its hash
    CHAIN = "chain"  # a version stored against one that is missing or damaged
    NUMBERING = "numbering"  # a version missing from the numbering, or an article without any
    ROW = "row"  # a version's other columns: time, metadata, counts, revert
    TRACKING = "tracking"  # a tracking row without its article or feed, or unreadable
    FEED = "feed"  # a feed's row, unreadable
    RULE = "rule"  # an ignore rule without its article, or the saved settings


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a store, with the article and version it concerns (if any)."""

    kind: ProblemKind
    detail: str  # what is wrong, for people: "its text does not match its hash"
    article: str | None = None
    version: int | None = None

    @property
    def message(self) -> str:
        """``talks@3 is damaged: its text does not match its hash``."""
        if self.article is None:
            return self.detail
        if self.version is None:
            return f"{self.article}: {self.detail}"
        return f"{self.article}@{self.version} is damaged: {self.detail}"


@dataclass(frozen=True)
class History:
    """An article's readable versions, oldest first, and what is wrong with the others."""

    article: str
    versions: tuple[Version, ...]
    damaged: tuple[Problem, ...] = ()
    #: The number of the latest version (how many there are, when none is missing).
    latest: int = 0
    url: str | None = None  # the article's, for one tracked by URL

    def up_to(self, number: int) -> History:
        """The history as it was when version ``number`` was the latest."""
        return History(
            self.article,
            tuple(v for v in self.versions if v.number <= number),
            tuple(p for p in self.damaged if (p.version or 0) <= number),
            min(self.latest, number),
            self.url,
        )


@dataclass(frozen=True)
class CheckStep:
    """One step of a store's check (:meth:`revtrack.store.Store.check`) and what it found."""

    article: str | None = None  # the article checked (none: the database, or its rows)
    versions: int = 0  # the versions rebuilt and checked against their hash
    problems: tuple[Problem, ...] = ()
    #: The first step's only: how the database checked itself, and how many versions the
    #: steps after it rebuild (for a progress bar).
    method: str | None = None
    planned: int = 0


@dataclass(frozen=True)
class CheckReport:
    """What ``revtrack check`` found in a store."""

    store: str  # as messages show it (a path, or a URL with its password masked)
    method: str  # how the database checked itself
    articles: int
    versions: int  # versions rebuilt and checked
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0

    @property
    def damaged_versions(self) -> tuple[tuple[str, int], ...]:
        """Every version that is damaged (or missing), once, by article and number."""
        found = {(p.article, p.version) for p in self.problems}
        return tuple(sorted((a, v) for a, v in found if a is not None and v is not None))


@dataclass(frozen=True)
class Tracking:
    """How an article tracked by URL is refreshed: what the server last said, when to look again."""

    article: str
    url: str
    interval: timedelta
    next_check: datetime
    last_checked: datetime | None = None
    last_changed: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # in a row
    last_error: str | None = None
    stopped: bool = False  # unchanged for so long that it is no longer due
    paused: bool = False  # by the user (`revtrack pause`): never due until resumed
    feed: str | None = None  # the feed it was found in


@dataclass(frozen=True)
class Feed:
    """A followed RSS or Atom feed, and what its server last said."""

    url: str
    added: datetime
    last_checked: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_error: str | None = None


class AddStatus(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class AddResult:
    """What storing a snapshot did: a new version, or nothing because the text is unchanged."""

    status: AddStatus
    version: Version  # the new version, or the latest one when unchanged
    previous: Version | None = None  # the version before a new one


# --- ignore rules ------------------------------------------------------------------------


@dataclass(frozen=True)
class IgnoreRule:
    """A regular expression whose matches are not changes.

    A saved rule has an ``id`` and a scope: one article, one site (a host and its
    subdomains), or the whole store when it names neither; a built-in one has a ``name``.
    """

    pattern: str
    id: int | None = None  # a saved rule's number; None for a built-in one
    name: str | None = None  # a built-in rule's name: "relative-time", ...
    article: str | None = None  # scope: one article (its name) ...
    site: str | None = None  # ... or one site (a host, lower case) ...; neither: the whole store
    description: str = ""  # for built-ins: what it is for

    @property
    def scope(self) -> str:
        """``article NAME``, ``site HOST``, ``store`` or ``built-in``."""
        if self.name is not None:
            return "built-in"
        if self.article is not None:
            return f"article {self.article}"
        if self.site is not None:
            return f"site {self.site}"
        return "store"

    @property
    def label(self) -> str:
        """How reports name it: ``rule 3``, ``built-in relative-time``."""
        if self.name is not None:
            return f"built-in {self.name}"
        return "new rule" if self.id is None else f"rule {self.id}"

    def enabled(self, disabled: frozenset[str]) -> bool:
        """Whether the rule applies when the built-ins named in ``disabled`` (or ``all``) are
        turned off; a saved rule always does."""
        return self.name is None or not ({"all", self.name} & disabled)


# --- diffs -------------------------------------------------------------------------------


class Op(StrEnum):
    """What a span of text is in a diff."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Span:
    """A piece of text, and whether it is in both versions, only the new, or only the old.

    An ``ignored`` insertion or deletion is a real difference that the comparison was told to
    leave out (``--ignore-case``, ``--ignore REGEX``, ...): it rebuilds the texts but is not a
    change.
    """

    op: Op
    text: str
    ignored: bool = False


class Action(StrEnum):
    """What happened to a sentence (or a run of them) between two versions."""

    EQUAL = "equal"
    ADDED = "added"
    DELETED = "deleted"
    EDITED = "edited"
    REPLACED = "replaced"  # sentences deleted and others added in their place, words marked
    MOVED = "moved"


class Side(StrEnum):
    FROM = "from"  # where moved text was: part of the old text only
    TO = "to"  # where moved text is now: part of the new text only


@dataclass(frozen=True)
class Move:
    """One of the two blocks of a move; both carry the same ``id`` and spans."""

    id: int
    side: Side
    old_paragraph: int  # 1-based paragraph where the text was
    new_paragraph: int  # 1-based paragraph where it is now


@dataclass(frozen=True)
class Block:
    """A run of the aligned texts: sentences that are equal, added, deleted, edited or moved.

    The spans of a block rebuild its part of both texts: the old text from equal and deleted
    spans, the new text from equal and inserted spans. A moved block appears twice, once on
    each side: where it was (old text only) and where it is now (new text only); the spans of
    both are the word diff between the text that left and the text that arrived.
    """

    action: Action
    spans: tuple[Span, ...]
    move: Move | None = None

    @property
    def old_text(self) -> str:
        if self.move is not None and self.move.side is Side.TO:
            return ""
        return "".join(s.text for s in self.spans if s.op is not Op.INSERT)

    @property
    def new_text(self) -> str:
        if self.move is not None and self.move.side is Side.FROM:
            return ""
        return "".join(s.text for s in self.spans if s.op is not Op.DELETE)


@dataclass(frozen=True)
class DiffStats:
    """How much two texts differ, in sentences and words."""

    sentences_added: int
    sentences_deleted: int
    sentences_edited: int
    sentences_moved: int
    words_added: int
    words_deleted: int
    #: Share of the text changed: characters inserted and deleted over the characters of
    #: both texts (moved text is not changed text); 0 when equal.
    change_ratio: float


@dataclass(frozen=True)
class TextDiff:
    """The whole comparison of two texts, as consecutive blocks."""

    blocks: tuple[Block, ...]
    stats: DiffStats
    ignored: tuple[int, int] = (0, 0)  # which ignore rules matched in each text (a bit each)

    @property
    def old_text(self) -> str:
        return "".join(b.old_text for b in self.blocks)

    @property
    def new_text(self) -> str:
        return "".join(b.new_text for b in self.blocks)

    @property
    def changed(self) -> bool:
        """Whether the texts differ in any way the comparison was not told to ignore."""
        return any(
            b.move is not None or any(s.op is not Op.EQUAL and not s.ignored for s in b.spans)
            for b in self.blocks
        )


# --- editorial notes ---------------------------------------------------------------------


class NoteKind(StrEnum):
    UPDATE = "update"
    CORRECTION = "correction"
    CLARIFICATION = "clarification"
    EDITORS_NOTE = "editors_note"
    RETRACTION = "retraction"

    @property
    def label(self) -> str:
        """The kind for people: "update", "editor's note"."""
        return "editor's note" if self is NoteKind.EDITORS_NOTE else self.value


@dataclass(frozen=True)
class NoteTime:
    """When a note says it was written, as far as it says.

    A date without a time stays a date; a time without a zone stays local to an unknown zone.
    Parts the note leaves out may be inferred from when the version was observed; they are
    listed in ``inferred`` ("year", "date").
    """

    date: date | None
    time: time | None = None
    tz: str | None = None  # the zone as written: "ET", "BST", "GMT+8"
    zone: tzinfo | None = None  # what it stands for: America/New_York, UTC+08:00
    inferred: tuple[str, ...] = ()

    @property
    def instant(self) -> datetime | None:
        """The aware moment, when the date, time and zone are all known."""
        if self.date is None or self.time is None or self.zone is None:
            return None
        return datetime.combine(self.date, self.time, self.zone)

    def isoformat(self) -> str | None:
        """ISO 8601, with the offset when the zone is known, milliseconds as ``.077``; or None."""
        if self.date is None:
            return None
        if self.time is None:
            return self.date.isoformat()
        moment, part = self.instant or datetime.combine(self.date, self.time), self.time.microsecond
        return moment.isoformat(timespec="milliseconds" if part and not part % 1000 else "auto")

    def written(self) -> str:
        """For people: ``2021-08-18 22:15 ET``, ``2021-08-18``, ``10:15``; inferred parts said."""
        parts = [
            p
            for p in (
                self.date and self.date.isoformat(),
                self.time and self.time.strftime("%H:%M"),
                self.tz,
            )
            if p
        ]
        shown = " ".join(parts)
        return shown + (f" ({', '.join(self.inferred)} inferred)" if self.inferred else "")

    def bounds(self) -> tuple[datetime, datetime] | None:
        """The earliest and latest moments the note can mean; ``None`` without a date. A time
        without a zone may be in any zone (UTC-12 to UTC+14), a date without a time is a day.
        """
        if self.date is None:
            return None
        if self.instant is not None:
            return self.instant, self.instant
        if self.time is None:
            start = datetime.combine(self.date, time())
            end = start + timedelta(days=1)
        else:
            start = end = datetime.combine(self.date, self.time)
        if self.zone is not None:
            return start.replace(tzinfo=self.zone), end.replace(tzinfo=self.zone)
        return _in_utc(start, +14), _in_utc(end, -12)


def _in_utc(local: datetime, offset_hours: int) -> datetime:
    return (local - timedelta(hours=offset_hours)).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Note:
    """An editorial note found in a version's text: ``text[start:end]`` of that version."""

    kind: NoteKind
    text: str
    start: int
    end: int
    time: NoteTime | None = None
    stamp: str | None = None  # the time stamp as written: "8/18/21, 10:15 p.m. ET"

    @property
    def key(self) -> str:
        """What the note is recognised by across versions: its text, spacing aside."""
        return " ".join(self.text.split())


@dataclass(frozen=True)
class TrackedNote:
    """A note through the history: where it appeared, changed and went."""

    note: Note  # as it first appeared
    first_version: int
    last_version: int  # the last version that has it
    changed_in: tuple[int, ...] = ()  # versions where its text was edited
    removed_in: int | None = None  # the version where it disappeared
    replaced: bool = False  # it disappeared because a re-dated copy took its place
    text: str = ""  # its text in the last version that has it
    restored_in: tuple[int, ...] = ()  # versions where it came back after a removal


#: How far outside the time between two observations a new note may be dated before it is a
#: finding: clocks differ and newsrooms round their stamps.
DEFAULT_TOLERANCE = timedelta(hours=1)


#: A new text with fewer words than this share of the previous version's is taken for a failed
#: extraction (a paywall, an error page), not stored unless forced; stored, it is a finding.
MIN_WORD_SHARE = 0.3


class Severity(StrEnum):
    """How much a change matters, from least to most."""

    TYPO = "typo"  # one word's spelling or case fixed, nothing of meaning involved
    MINOR = "minor"  # words changed: rewording
    SUBSTANTIVE = "substantive"  # a number, date, name, quote or negation; a sentence in or out

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_SEVERITY_RANK = {Severity.TYPO: 0, Severity.MINOR: 1, Severity.SUBSTANTIVE: 2}


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    EDITED = "edited"


@dataclass(frozen=True)
class Change:
    """A sentence added, removed or edited (or a passage rewritten): where, and how much."""

    kind: ChangeKind
    old: str  # the old text ("" for an added sentence)
    new: str  # the new text ("" for a removed sentence)
    old_paragraph: int | None  # 1-based, in the old version; None for an added sentence
    new_paragraph: int | None  # 1-based, in the new version; None for a removed sentence
    severity: Severity
    why: str  # what made it that severe: "a number changed: 14,000 → 11,500"
    deleted: tuple[str, ...]  # an edit's words taken out (none kept for a whole sentence)
    inserted: tuple[str, ...]  # an edit's words put in
    __slots__ = tuple(__annotations__)  # (no dictionary each: a replaced text makes 100,000s)

    @property
    def involved(self) -> tuple[str, ...]:
        """The words the change took out or put in: what a note must name to account for it."""
        from revtrack.text import words  # (a whole sentence's, worked out when asked)

        edited = self.kind is ChangeKind.EDITED
        return self.deleted + self.inserted if edited else tuple(words(self.old or self.new))


def highest(severities: Iterable[Severity]) -> Severity | None:
    """The highest of some severities; ``None`` for none."""
    return max(severities, key=lambda s: s.rank, default=None)


#: Findings about less severe changes are not reported unless asked for: cron stays quiet.
DEFAULT_SEVERITY = Severity.MINOR


@dataclass(frozen=True)
class Criteria:
    """What findings are held to: how far a note's stamp may be off, the least severity told."""

    tolerance: timedelta = DEFAULT_TOLERANCE
    min_severity: Severity = DEFAULT_SEVERITY
    #: The ignore rules that apply to the article: their matches are not changes.
    ignore: tuple[IgnoreRule, ...] = ()

    def reports(self, finding: Finding) -> bool:
        """Whether a finding is severe enough to report (those without severity always are)."""
        return finding.severity is None or finding.severity.at_least(self.min_severity)


class FindingKind(StrEnum):
    """Ways a change can have gone unannounced."""

    UNNOTED_CHANGE = "unnoted_change"  # the text changed and no note appeared
    UNDESCRIBED_CHANGE = "undescribed_change"  # ... and only a bare "Updated <time>" line did
    #: a note appeared or changed, and some changes are not accounted for by any note
    CHANGE_BEYOND_NOTE = "change_beyond_note"
    ARTICLE_CUT = "article_cut"  # most of the article was removed
    NOTE_TIME_OUTSIDE_WINDOW = "note_time_outside_window"  # dated outside when it appeared
    NOTE_EDITED = "note_edited"
    NOTE_REMOVED = "note_removed"
    NOTE_WITHOUT_CHANGE = "note_without_change"  # a note appeared and nothing else changed


@dataclass(frozen=True)
class Finding:
    """One stealth-edit finding about the transition between two consecutive versions."""

    kind: FindingKind
    from_version: int
    to_version: int
    message: str
    note: Note | None = None
    #: For a finding about changes: the highest severity of its changes ...
    severity: Severity | None = None
    #: ... the changes themselves, none of them accounted for by a note ...
    changes: tuple[Change, ...] = ()
    #: ... and the notes of the version weighed, each with why it accounts for none of them.
    weighed: tuple[WeighedNote, ...] = ()


@dataclass(frozen=True)
class WeighedNote:
    """A note weighed against changes it does not account for, and why."""

    note: Note
    reason: str


@dataclass(frozen=True)
class Transition:
    """What the notes say about the change from one version to the next."""

    from_version: int
    to_version: int
    new_notes: tuple[Note, ...]
    words_added: int  # outside the notes, whitespace, punctuation and typography aside
    words_deleted: int
    substantive: bool  # the text outside the notes changed more than in form
    findings: tuple[Finding, ...]  # those the criteria report
    #: The highest severity of the changes outside the notes; ``None`` when there are none.
    severity: Severity | None = None
    #: Findings left out as less severe than the criteria ask.
    hidden: int = 0
    #: Whether the change is worth telling: notes came, went or changed, a finding is
    #: reported, or the text changed at least as severely as the criteria ask.
    notable: bool = True


@dataclass(frozen=True)
class NotesHistory:
    """Every note through an article's history, and what they say of each change."""

    article: str
    notes: tuple[TrackedNote, ...]
    transitions: tuple[Transition, ...]
    #: The saved and built-in ignore rules that matched in the versions.
    ignored_by: tuple[IgnoreRule, ...] = ()
    #: The versions that could not be read, left out (the changes are taken across them).
    damaged: tuple[Problem, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for t in self.transitions for f in t.findings)

    @property
    def hidden(self) -> int:
        """Findings left out as less severe than asked."""
        return sum(t.hidden for t in self.transitions)


# --- reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeReport:
    """Everything a renderer needs to show the change between two versions."""

    article: str
    old: Version
    new: Version
    diff: TextDiff
    notes_added: tuple[Note, ...] = ()  # notes in the new version and not in the old
    notes_removed: tuple[Note, ...] = ()  # notes in the old version and not in the new
    #: The stealth-edit findings of every change from the old version up to the new one.
    findings: tuple[Finding, ...] = ()
    #: The two texts' lines aligned, as (op, how many lines) runs: for the formats that show
    #: lines (the patch), computed only when asked for.
    line_runs: tuple[tuple[Op, int], ...] | None = None
    #: The highest severity of the changes between the two texts; ``None`` when equal.
    severity: Severity | None = None
    #: The saved and built-in ignore rules that matched in the texts compared.
    ignored_by: tuple[IgnoreRule, ...] = ()
    #: The versions between the two that could not be read: the findings pass over them.
    damaged: tuple[Problem, ...] = ()

    def differs(self, least: Severity) -> bool:
        """Whether the texts differ (as far as the comparison looks), by a change at least
        this severe or a move."""
        if not self.diff.changed:
            return False
        return self.severity is None or self.severity.at_least(least)


@dataclass(frozen=True)
class LogEntry:
    """One version in an article's log, and what changed to make it."""

    version: Version
    words_added: int
    words_deleted: int
    new_notes: tuple[Note, ...] = ()  # the notes that first appeared in this version
    findings: tuple[Finding, ...] = ()  # about the change from the version before


@dataclass(frozen=True)
class ArticleLog:
    """An article's versions, oldest first, with what changed in each."""

    article: str
    entries: tuple[LogEntry, ...]
    #: The saved and built-in ignore rules that matched in the versions.
    ignored_by: tuple[IgnoreRule, ...] = ()
    #: The versions that could not be read: the entries pass over them.
    damaged: tuple[Problem, ...] = ()


# --- use cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """What adding a snapshot did: the version stored (or the latest, when the text is
    unchanged), the words it changed, and what its notes say about that change."""

    status: AddStatus
    version: Version
    #: Words added and removed since the version before; ``None`` for a first or same text.
    words_added: int | None = None
    words_deleted: int | None = None
    #: The notes the version brought and the findings about its change (as for ``words``).
    transition: Transition | None = None
    #: Earlier versions that could not be read, and that the transition passes over.
    damaged: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()  # what was doubtful in reading it (Snapshot.warnings)

    @property
    def new_notes(self) -> tuple[Note, ...]:
        return self.transition.new_notes if self.transition else ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.transition.findings if self.transition else ()

    @property
    def notable(self) -> bool:
        """Whether the change is worth telling (a first version always is)."""
        return self.transition is None or self.transition.notable


@dataclass(frozen=True)
class Followed:
    """What following a feed did."""

    url: str
    new: bool  # False if it was followed already
    entries: int  # the articles it lists now


class Outcome(StrEnum):
    """What checking one tracked article found."""

    CHANGED = "changed"  # a new version was stored
    NEW = "new"  # a first version, of an article found in a feed
    UNCHANGED = "unchanged"  # fetched, and the text is the same
    NOT_MODIFIED = "not_modified"  # the server said so (304)
    FAILED = "failed"


@dataclass(frozen=True)
class RefreshResult:
    """What refreshing one article did."""

    article: str
    url: str
    outcome: Outcome
    #: The version stored, or the latest when the text is unchanged.
    recorded: Recorded | None = None
    error: str | None = None
    #: Damage (or another fault) of the store met on the way, if any: the failure, or the
    #: earlier versions a new one was judged without.
    store_error: str | None = None


@dataclass(frozen=True)
class FeedResult:
    """What checking one followed feed found."""

    url: str
    new_articles: int = 0
    error: str | None = None
    held_back: int = 0  # new articles past the most one refresh takes from a feed


@dataclass(frozen=True)
class RefreshReport:
    """Everything one refresh did: each article and feed checked, and how long it took."""

    results: tuple[RefreshResult, ...] = ()
    feeds: tuple[FeedResult, ...] = ()
    seconds: float = 0.0

    def count(self, *outcomes: Outcome) -> int:
        return sum(r.outcome in outcomes for r in self.results)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED) + sum(f.error is not None for f in self.feeds)

    @property
    def store_errors(self) -> tuple[str, ...]:
        """What went wrong with the store (not with the pages), article by article."""
        return tuple(r.store_error for r in self.results if r.store_error is not None)

    @property
    def changed(self) -> int:
        """Articles with a new version worth telling (see :attr:`Recorded.notable`)."""
        return sum(
            r.outcome in (Outcome.CHANGED, Outcome.NEW)
            and r.recorded is not None
            and r.recorded.notable
            for r in self.results
        )


@dataclass(frozen=True)
class CopyReport:
    """What copying a whole store into another did (``revtrack copy``)."""

    articles: int = 0  # the source's articles, every one now in the target
    copied: int = 0  # versions written to the target
    present: int = 0  # versions the target had already (a copy resumed)
    feeds: int = 0  # followed feeds
    rules: int = 0  # saved ignore rules
