"""What a history derives, kept in the store: the notes of each version, each version compared
with the one before as findings weigh it, which ignore rules match in each text, which
sentences each version kept from the one before (see :mod:`revtrack.derived`), and the log
of the whole history, which ``log`` then reads in one row without loading the note detector
or the diff engine.

``log``, ``notes`` and ``diff`` read the history of an article and work out the same things
every time, and a write (``add``, ``refresh``) the notes of the versions before the new one
and the change that made it: a pair of 10,000-word versions takes milliseconds to compare and
weigh, two hundred versions take seconds, and a pair of 1,000,000-word versions some ten.
The results are kept in the store's ``derived`` table, each under a key made of what decides
it: the texts' hashes (and, for notes, the time the version
was seen, which completes their stamps), the comparison's options and the ignore rules, the
notes' places (which the weighing leaves out), and the :func:`engine` that derived it. So a
better detector or engine, or a change to the note formats, derives old history again, and a
result found in the store is the one that would be worked out.

The rows are only a saving, never the record: one that cannot be read is worked out again
(and written over), a store that may not be written is read without keeping anything, two
commands that keep the same row at once keep one, and nothing here ever fails a command.
:func:`cached` reads the rows a history needs in one or two queries and keeps the new ones
when the command's work is done.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import astuple
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from revtrack import noise
from revtrack.derived import Compared, Derivation
from revtrack.digest import sha256
from revtrack.lazy import zstandard_without_platform
from revtrack.models import (
    ArticleLog,
    Change,
    ChangeKind,
    Criteria,
    DiffStats,
    Finding,
    FindingKind,
    IgnoreRule,
    LogEntry,
    Note,
    NoteKind,
    NoteTime,
    Severity,
    TextDiff,
    Version,
    WeighedNote,
)
from revtrack.noise import DiffOptions

if TYPE_CHECKING:
    from revtrack.store import Store

T = TypeVar("T")

#: The shape of the rows' values; raised when it changes (the source is hashed as well, see
#: :func:`engine`, but a value's shape is worth saying on its own).
FORMAT = 2
#: Texts of a pair longer than this together (in characters) are compared afresh each time.
#: A row holds each change's place in the texts, not its words (see :class:`_Finder`): that
#: of a pair of 1,000,000-word versions with a tenth of their sentences changed (12.5 M
#: characters) is some 800 KB and reads in a tenth of the time it takes to work out.
LARGEST_PAIR_KEPT = 16_000_000
#: What the engine key leaves out: the parts of the package that show results or take
#: commands, which never change what is derived.
PRESENTATION = frozenset({"cli", "render", "schemas"})


@functools.cache
def engine() -> str | None:
    """What derives the cached results, as a key: ``None`` (nothing is cached) when it cannot
    be told.

    The version number alone would not do: it changes when revtrack is released, while the
    note detector, its catalogue and the diff engine change in between (an install from a
    checkout, a patched copy), and a key that stayed the same would keep serving what the old
    code derived. So the key is a hash of what the results depend on: revtrack's version and
    the :data:`FORMAT` of the rows, the source of every module of the package and the
    catalogue's data (the note formats, the calendar) beside it, but for the presentation
    (:data:`PRESENTATION`), the user's own file of note formats
    (:func:`revtrack.paths.notes_file`), the Python that runs it (its Unicode tables decide
    what a word is) and the regex module's version (the ignore rules and note patterns run on
    it). Hashing some 800 KB takes about 3 ms: the key is kept, under the status of the files
    it was worked out from, by :func:`revtrack.sourcekey.kept`, and worked out again when one
    of them changes. The diff library is left out: diffs are held identical across its builds.
    """
    import revtrack
    from revtrack.paths import notes_file
    from revtrack.sourcekey import kept

    try:
        package = Path(revtrack.__file__).parent
        names = _sources(str(package))
        user = notes_file()
        regex_source = _regex_source()
    except (OSError, TypeError, ValueError):  # (no files to read: a zipped package)
        return None

    def work_out() -> str | None:
        digest = sha256()
        try:
            for part in (str(FORMAT), revtrack.__version__, sys.version, _regex_version()):
                digest.update(part.encode() + b"\0")
            for name in names:
                digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
            digest.update(user.read_bytes() if user.is_file() else b"no notes file")
        except (OSError, TypeError, ValueError):
            return None
        return digest.hexdigest()[:32]

    parts = (str(FORMAT), revtrack.__version__, sys.version, str(regex_source))
    files = [str(package / name) for name in names]
    return kept(parts, [*files, str(user), *([regex_source] if regex_source else [])], work_out)


def _sources(package: str) -> list[str]:
    """The files of the package that derive results, by their path in it (``a/b.py``), in
    order: those of :data:`PRESENTATION` and the compiled modules left out."""
    found = []
    if not os.path.isdir(package):  # (a zipped package)
        raise ValueError(f"not a directory: {package}")
    for top, folders, files in os.walk(package):
        inside = os.path.relpath(top, package).split(os.sep) if top != package else []
        folders[:] = [
            f for f in folders if f != "__pycache__" and (inside or f not in PRESENTATION)
        ]
        found += ["/".join([*inside, name]) for name in files]
    return sorted(found)


def _regex_source() -> str | None:
    """The file of the regex module that says its version, if it can be found."""
    from importlib.util import find_spec

    spec = find_spec("regex")
    if spec is None or spec.origin is None:
        return None
    return str(Path(spec.origin).with_name("_main.py"))


def _regex_version() -> str:
    """``regex.__version__``, read from the module's source when it is not loaded: a command
    that finds what it derives in the store does not load it (some 10 ms)."""
    source = _regex_source() if "regex" not in sys.modules else None
    if source is not None:
        text = Path(source).read_text(encoding="utf-8")
        found = re.search(r'^__version__ = "([^"\n]+)"$', text, re.MULTILINE)
        if found:
            return found.group(1)
    import regex

    return str(regex.__version__)


@contextlib.contextmanager
def cached(store: Store, versions: Sequence[Version], *, keep: bool = True) -> Iterator[Derivation]:
    """A :class:`Derivation` for the history ``versions`` that reads what the store keeps and
    keeps (unless not to ``keep``), once the block is done without an error, what it worked
    out."""
    key = engine()
    if key is None:
        yield Derivation()
        return
    derivation = StoredDerivation(store, versions, key, keep=keep)
    yield derivation
    if keep:
        derivation.save()


def keep_notes(store: Store, version: Version) -> None:
    """Work out the notes of ``version`` and keep them in the store, unless they are kept
    already or nothing is kept (see :func:`engine`)."""
    key = engine()
    if key is not None:
        derivation = StoredDerivation(store, (version,), key)
        derivation.notes(version)
        derivation.save()


class StoredDerivation(Derivation):
    """A :class:`Derivation` that reads its results from the store first (those of a whole
    history in a query or two), and keeps what it works out to :meth:`save` at the end."""

    def __init__(
        self, store: Store, versions: Sequence[Version], engine: str, *, keep: bool = True
    ) -> None:
        self._store = store
        self._keep = keep  # (what is not kept is not encoded either: a 10 MB text's changes)
        self._versions = versions
        self._engine = engine
        self._rows: dict[bytes, bytes] = {}  # read from the store
        self._asked: set[bytes] = set()  # the keys looked up already
        self._new: dict[bytes, bytes] = {}  # to keep
        self._damaged: set[bytes] = set()  # rows that could not be read: written over
        self._notes: dict[tuple[str, datetime], tuple[Note, ...]] = {}
        self._options: dict[DiffOptions, str] = {}
        self._paired: set[DiffOptions] = set()  # the options whose pairs were read
        self._carried = False  # whether the pairs' sentences carried were read

    def save(self) -> None:
        """Keep what was worked out (see :meth:`revtrack.store.Store.save_derived`)."""
        if self._new:
            self._store.save_derived(self._new, replace=self._damaged & self._new.keys())
            self._new = {}

    # --- the three kinds -----------------------------------------------------------------

    def notes(self, version: Version) -> tuple[Note, ...]:
        memo = (version.hash, version.observed_at)
        found = self._notes.get(memo)
        if found is None:
            key = self._notes_key(version)
            if key not in self._asked:
                self._fetch([key, *map(self._notes_key, self._versions)])
            found = self._get(
                key,
                lambda data: _notes_from(data, version.text),
                lambda: Derivation.notes(self, version),
                lambda notes: _notes_data(notes, version.text),
            )
            self._notes[memo] = found
        return found

    def compared(
        self,
        old: Version,
        new: Version,
        notes: tuple[Sequence[Note], Sequence[Note]],
        options: DiffOptions,
        made: TextDiff | None = None,
    ) -> Compared:
        key = self._pair_key(old, new, notes, options)
        if options not in self._paired:  # the first pair asked: every pair, in one query
            self._paired.add(options)
            self._fetch([key, *self._pair_keys(options)])
        self._fetch([key])
        texts = old.text, new.text
        row = _ComparedRow(texts)
        return self._get(
            key,
            lambda data: _compared_from(data, texts),
            lambda: Derivation.compared(self, old, new, notes, options, made),
            row.data,
            keep=len(texts[0]) + len(texts[1]) <= LARGEST_PAIR_KEPT,
            check=row.check,
        )

    def matching(
        self,
        rules: Sequence[IgnoreRule],
        versions: Sequence[Version],
        known: Mapping[str, int] = MappingProxyType({}),
    ) -> tuple[IgnoreRule, ...]:
        if not rules:
            return ()
        patterns = json.dumps([rule.pattern for rule in rules])
        texts = {v.hash: v for v in versions}  # (a text repeated is looked at once)
        keys = {digest: self._key("hits", digest, patterns) for digest in texts}
        self._fetch(list(keys.values()))
        every, found = (1 << len(rules)) - 1, 0
        for digest, version in texts.items():
            work = functools.partial(noise.hits, rules, version.text)
            if digest in known:  # (found by a comparison made here)
                work = functools.partial(known.__getitem__, digest)
            found |= self._get(keys[digest], _int_from, work, _int_data)
            if found == every:
                break
        return noise.applied(rules, found)

    def log(self, article: str, versions: Sequence[Version], criteria: Criteria) -> ArticleLog:
        seen = [[v.number, v.hash, v.observed_at.isoformat()] for v in versions]
        rules = [rule.pattern for rule in criteria.ignore]
        judged = [criteria.tolerance.total_seconds(), criteria.min_severity.value, rules]
        key = self._key("log", article, json.dumps(judged), json.dumps(seen))
        self._fetch([key])
        return self._get(
            key,
            lambda data: _log_from(data, article, versions, criteria, logged=True),
            lambda: Derivation.log(self, article, versions, criteria),
            lambda log: _log_data(log, criteria),
            check=lambda data: _log_from(data, article, versions, criteria),
        )

    def carried(self, old: Version, new: Version) -> tuple[int, ...]:
        key = self._key("carried", old.hash, new.hash)
        if not self._carried:  # the first pair asked: every pair, in one query
            self._carried = True
            pairs = zip(self._versions, self._versions[1:], strict=False)
            self._fetch([key, *(self._key("carried", a.hash, b.hash) for a, b in pairs)])
        self._fetch([key])
        return self._get(key, _ints_from, lambda: Derivation.carried(self, old, new), _ints_data)

    # --- keys and rows ---------------------------------------------------------------------

    def _key(self, kind: str, *parts: str) -> bytes:
        joined = "\0".join((kind, self._engine, *parts))
        return sha256(joined.encode("utf-8", "surrogatepass")).digest()[:16]

    def _notes_key(self, version: Version) -> bytes:
        return self._key("notes", version.hash, version.observed_at.isoformat())

    def _pair_key(
        self,
        old: Version,
        new: Version,
        notes: tuple[Sequence[Note], Sequence[Note]],
        options: DiffOptions,
    ) -> bytes:
        spans = json.dumps([[[n.start, n.end] for n in side] for side in notes])
        return self._key("compared", old.hash, new.hash, self._options_key(options), spans)

    def _pair_keys(self, options: DiffOptions) -> list[bytes]:
        """The keys of the history's pairs whose notes are known without working them out
        (all of them once the history's notes are kept)."""
        known = [self._known_notes(version) for version in self._versions]
        return [
            self._pair_key(old, new, (old_notes, new_notes), options)
            for (old, old_notes), (new, new_notes) in zip(
                zip(self._versions, known, strict=True),
                zip(self._versions[1:], known[1:], strict=True),
                strict=False,
            )
            if old_notes is not None and new_notes is not None
        ]

    def _known_notes(self, version: Version) -> tuple[Note, ...] | None:
        """A version's notes if they are in hand or in a row read, else ``None``."""
        memo = (version.hash, version.observed_at)
        found = self._notes.get(memo)
        data = self._rows.get(self._notes_key(version))
        if found is None and data is not None:
            with contextlib.suppress(Exception):  # (damaged: worked out when it is needed)
                found = self._notes[memo] = _notes_from(data, version.text)
        return found

    def _options_key(self, options: DiffOptions) -> str:
        key = self._options.get(options)
        if key is None:
            rules = [[type(p).__module__, p.pattern, int(p.flags)] for p in options.ignore]
            flags = [options.ignore_case, options.ignore_whitespace, options.ignore_punctuation]
            key = self._options[options] = json.dumps([rules, flags])
        return key

    def _fetch(self, keys: Sequence[bytes]) -> None:
        """Read the rows of ``keys`` not looked up yet, in one query."""
        wanted = [key for key in dict.fromkeys(keys) if key not in self._asked]
        if wanted:
            self._asked.update(wanted)
            self._rows.update(self._store.derived(wanted))

    def _get(
        self,
        key: bytes,
        decode: Callable[[bytes], T],
        work: Callable[[], T],
        encode: Callable[[T], bytes],
        *,
        keep: bool = True,
        check: Callable[[bytes], T] | None = None,
    ) -> T:
        """The value of row ``key``, or worked out and kept when there is none (or it cannot
        be read: any fault in a row means only that it is worked out again). A value is kept
        if it reads back equal, with ``check`` instead of ``decode`` when given."""
        data = self._rows.pop(key, None)
        if data is not None:
            try:
                return decode(data)
            except Exception:  # (a damaged row: worked out again, and written over)
                self._damaged.add(key)
        value = work()
        if not (self._keep and keep):
            return value
        try:
            data = encode(value)
            kept = (check or decode)(data) == value  # (a value that would not come back is not)
        except (TypeError, ValueError):
            return value
        if kept:
            self._new[key] = data
        return value


# --- the values, as compressed JSON ----------------------------------------------------------


def _pack(value: object) -> bytes:
    return _compress(_json(value))


def _json(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8", "surrogatepass")


def _compress(data: bytes) -> bytes:
    if len(data) < _LONG_ROW:
        return zlib.compress(data)
    zstandard_without_platform()
    import zstandard

    return zstandard.ZstdCompressor(level=_LONG_ROW_LEVEL).compress(data)


def _unpack(data: bytes) -> Any:
    return json.loads(_decompress(data).decode("utf-8", "surrogatepass"))


def _decompress(data: bytes) -> bytes:
    if data[:4] != _ZSTD_FRAME:
        return zlib.decompress(data)
    zstandard_without_platform()
    import zstandard

    return zstandard.ZstdDecompressor().decompress(data)


#: A row of this many bytes of JSON or more (a long text's comparison: megabytes) is
#: compressed with zstd, at a level that makes it as small as zlib's default does, in a
#: tenth of the time (at 1M words, 2.8 MB: 0.03 s rather than 0.12 s); a shorter row with
#: zlib, which is loaded already. A row is read by the first bytes of its frame.
_LONG_ROW = 1 << 16
_LONG_ROW_LEVEL = 6
_ZSTD_FRAME = b"\x28\xb5\x2f\xfd"


def _int_data(value: int) -> bytes:
    return _pack(value)


def _int_from(data: bytes) -> int:
    value = _unpack(data)
    if type(value) is not int:
        raise ValueError("not a number")
    return value


def _ints_data(value: tuple[int, ...]) -> bytes:
    return _pack(list(value))


def _ints_from(data: bytes) -> tuple[int, ...]:
    value = _unpack(data)
    if not isinstance(value, list) or not all(type(n) is int for n in value):
        raise ValueError("not a list of numbers")
    return tuple(value)


def _notes_data(notes: tuple[Note, ...], text: str) -> bytes:
    """A version's notes; each one's text as ``1`` when it is the text of the version where
    the note is (as it is but for a note whose lines are joined)."""
    return _pack([_note(note, text) for note in notes])


def _note(note: Note, text: str) -> list[Any]:
    from revtrack.account import undated_text  # (loaded when notes are worked out anyway)

    written = 1 if note.text == text[note.start : note.end] else note.text
    undated = undated_text(note.text)
    return [note.kind.value, written, note.start, note.end, _time(note.time), note.stamp, undated]


def _time(when: NoteTime | None) -> list[Any] | None:
    if when is None:
        return None
    return [
        None if when.date is None else when.date.isoformat(),
        None if when.time is None else when.time.isoformat(),
        when.tz,
        _zone(when.zone),
        list(when.inferred),
    ]


def _zone(zone: tzinfo | None) -> list[Any] | None:
    from zoneinfo import ZoneInfo  # (loaded by the notes worked out)

    if zone is None:
        return None
    if isinstance(zone, ZoneInfo | LoggedZone) and zone.key:
        return ["iana", zone.key]
    offset = zone.utcoffset(None)
    if isinstance(zone, timezone) and offset is not None:
        return ["fixed", offset.total_seconds(), zone.tzname(None)]
    raise ValueError(f"a time zone that is not kept: {zone!r}")


def _notes_from(data: bytes, text: str) -> tuple[Note, ...]:
    from revtrack.account import remember_undated  # (not loaded to read a log kept whole)

    notes = []
    for value in _unpack(data):
        note = _note_from(value, text)
        remember_undated(note.text, str(value[6]))
        notes.append(note)
    return tuple(notes)


def _note_from(value: list[Any], text: str, *, logged: bool = False) -> Note:
    """A note as :func:`_note` wrote it, of the version whose ``text`` is given (what it says
    without its stamp aside); its zone a :class:`LoggedZone` if it is ``logged``."""
    kind, written, start, end, when, stamp, _ = value
    return Note(
        NoteKind(kind),
        text[start:end] if written == 1 else str(written),
        int(start),
        int(end),
        _time_from(when, logged=logged),
        stamp,
    )


def _time_from(value: list[Any] | None, *, logged: bool = False) -> NoteTime | None:
    if value is None:
        return None
    day, clock, tz, zone, inferred = value
    return NoteTime(
        date=None if day is None else date.fromisoformat(day),
        time=None if clock is None else time.fromisoformat(clock),
        tz=tz,
        zone=_zone_from(zone, logged=logged),
        inferred=tuple(inferred),
    )


def _zone_from(value: list[Any] | None, *, logged: bool = False) -> tzinfo | None:
    if value is None:
        return None
    if value[0] == "iana" and logged:
        return LoggedZone.named(str(value[1]))
    if value[0] == "iana":
        from zoneinfo import ZoneInfo

        return ZoneInfo(value[1])
    _, seconds, name = value
    return timezone(timedelta(seconds=seconds), name)


class LoggedZone(tzinfo):
    """An IANA zone of a note in a log kept whole, which loads the zone's rules (zoneinfo,
    some 3 ms) when it is first asked for an offset: a log shown as text only names its
    notes' zones as they were written. One for each name, as :class:`zoneinfo.ZoneInfo`
    keeps one (so that notes compare as theirs do); it is never compared with those."""

    _named: ClassVar[dict[str, LoggedZone]] = {}

    def __init__(self, key: str) -> None:
        self.key = key

    @classmethod
    def named(cls, key: str) -> LoggedZone:
        return cls._named.setdefault(key, cls(key))

    @functools.cached_property
    def zone(self) -> tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.key)

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return self.zone.utcoffset(dt)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return self.zone.dst(dt)

    def tzname(self, dt: datetime | None) -> str | None:
        return self.zone.tzname(dt)

    def fromutc(self, dt: datetime) -> datetime:
        return self.zone.fromutc(dt.replace(tzinfo=self.zone)).replace(tzinfo=self)

    def __reduce__(self) -> tuple[Any, ...]:
        return LoggedZone.named, (self.key,)

    def __repr__(self) -> str:
        return f"LoggedZone({self.key!r})"

    def __str__(self) -> str:
        return self.key


def _compared_value(compared: Compared, texts: tuple[str, str]) -> list[Any]:
    """A comparison's row, before it is JSON; each change's old and new words as where they
    are in the texts compared (``[start, end]``), when they are there (they are, but for a
    passage rewritten across a paragraph's end), which makes the row a third of its size."""
    old_at, new_at = _Finder(texts[0]), _Finder(texts[1])
    changes = [_change(c, old_at.span(c.old), new_at.span(c.new)) for c in compared.changes]
    stats = [list(astuple(compared.stats)), list(astuple(compared.weighed))]
    return [stats, changes, [list(place) for place in compared.places]]


class _ComparedRow:
    """A comparison's row as it is written, and read back to check it: its JSON must come
    back as it was written. The value is lists, strings, whole numbers, finite floats,
    booleans and ``None``, which JSON gives back as they were (a float that is not finite is
    refused as it is written), and which :func:`_compared_from` makes into the comparison
    again, the same. A long comparison's tens of thousands of changes are then neither made
    again nor read back from their JSON only to be compared."""

    def __init__(self, texts: tuple[str, str]) -> None:
        self.texts = texts
        self.written: tuple[Compared, bytes] | None = None

    def data(self, compared: Compared) -> bytes:
        text = _json(_compared_value(compared, self.texts))
        self.written = compared, text
        return _compress(text)

    def check(self, data: bytes) -> Compared:
        """The comparison written, if ``data`` holds the JSON that was written; else what it
        reads as."""
        if self.written is None:
            raise ValueError("no comparison written")
        compared, text = self.written
        return compared if _decompress(data) == text else _compared_from(data, self.texts)


class _Finder:
    """Where passages are in a text, each looked for from where the one before it was found,
    then before that: changes come in their text's order, so a comparison's row is made in a
    time that grows with the text's length, not with that times the number of changes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def span(self, words: str) -> str | list[int]:
        """``[start, end]`` of ``words`` in the text, or the words themselves (when short, or
        not there)."""
        if len(words) <= 8:
            return words
        start = self.text.find(words, self.at)
        if start < 0:
            start = self.text.find(words, 0, self.at + len(words))
        if start < 0:
            return words
        self.at = start
        return [start, start + len(words)]


def _spanned(value: str | list[int], text: str) -> str:
    if isinstance(value, str):
        return value
    start, end = value
    return text[start:end]


def _compared_from(data: bytes, texts: tuple[str, str]) -> Compared:
    (stats, weighed), changes, places = _unpack(data)
    old_text, new_text = texts
    return Compared(
        stats=DiffStats(*stats),
        changes=tuple(
            _change_from([kind, _spanned(old, old_text), _spanned(new, new_text), *rest])
            for kind, old, new, *rest in changes
        ),
        weighed=DiffStats(*weighed),
        places=tuple((bool(new), int(paragraph), int(at)) for new, paragraph, at in places),
    )


def _log_data(log: ArticleLog, criteria: Criteria) -> bytes:
    """A history's log: each entry's statistics, notes and findings (the notes as in
    :func:`_notes_data`, by the entry's text), and which of the criteria's ignore rules
    matched (a bit each)."""
    entries = [
        [
            entry.words_added,
            entry.words_deleted,
            [_note(note, entry.version.text) for note in entry.new_notes],
            [_finding(finding, entry.version.text) for finding in entry.findings],
        ]
        for entry in log.entries
    ]
    rules = criteria.ignore
    return _pack([entries, sum(1 << i for i, rule in enumerate(rules) if rule in log.ignored_by)])


def _finding(finding: Finding, text: str) -> list[Any]:
    return [
        finding.kind.value,
        finding.from_version,
        finding.to_version,
        finding.message,
        None if finding.note is None else _note(finding.note, text),
        None if finding.severity is None else finding.severity.value,
        [_change(change) for change in finding.changes],
        [[_note(weighed.note, text), weighed.reason] for weighed in finding.weighed],
    ]


def _change(
    change: Change, old: str | list[int] | None = None, new: str | list[int] | None = None
) -> list[Any]:
    """A change; its old and new words as given (where they are in the texts), or as they
    are."""
    return [
        change.kind.value,
        change.old if old is None else old,
        change.new if new is None else new,
        change.old_paragraph,
        change.new_paragraph,
        change.severity.value,
        change.why,
        list(change.deleted),
        list(change.inserted),
    ]


def _change_from(value: list[Any]) -> Change:
    kind, old, new, old_paragraph, new_paragraph, severity, why, deleted, inserted = value
    return Change(
        ChangeKind(kind),
        str(old),
        str(new),
        old_paragraph,
        new_paragraph,
        Severity(severity),
        str(why),
        tuple(deleted),
        tuple(inserted),
    )


def _log_from(
    data: bytes,
    article: str,
    versions: Sequence[Version],
    criteria: Criteria,
    *,
    logged: bool = False,
) -> ArticleLog:
    """A log as :func:`_log_data` wrote it; its notes' zones :class:`LoggedZone` if it is
    ``logged`` (read to be shown), else :class:`zoneinfo.ZoneInfo`."""
    entries, ignored = _unpack(data)
    if len(entries) != len(versions):
        raise ValueError("not the log of these versions")
    return ArticleLog(
        article=article,
        entries=tuple(
            LogEntry(
                version,
                int(added),
                int(deleted),
                tuple(_note_from(note, version.text, logged=logged) for note in notes),
                tuple(_finding_from(finding, version.text, logged) for finding in findings),
            )
            for version, (added, deleted, notes, findings) in zip(versions, entries, strict=True)
        ),
        ignored_by=noise.applied(criteria.ignore, int(ignored)),
    )


def _finding_from(value: list[Any], text: str, logged: bool) -> Finding:
    kind, old, new, message, note, severity, changes, weighed = value
    return Finding(
        FindingKind(kind),
        int(old),
        int(new),
        str(message),
        None if note is None else _note_from(note, text, logged=logged),
        None if severity is None else Severity(severity),
        tuple(_change_from(change) for change in changes),
        tuple(
            WeighedNote(_note_from(note, text, logged=logged), str(reason))
            for note, reason in weighed
        ),
    )
