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
   text is the paragraph after it.

A note runs to the end of its paragraph, or of its brackets, or to the next note. Words alone
never make a note: "Apple will update its software", "a market correction of 10%" and "the
editor of the magazine said" are prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache, lru_cache
from typing import NamedTuple

from revtrack.announcements import AGENT, ANNOUNCEMENTS, ATTRIBUTED, PASSIVE, SELF
from revtrack.catalogue import catalogue
from revtrack.models import Note, NoteKind
from revtrack.stamps import alternatives, grammar, parse_time, stamp_after
from revtrack.text import iter_sentences

_KIND_LABELS = {
    NoteKind.EDITORS_NOTE: r"(?:editor|editors|ed)(?:['’]s|s['’]|['’])?\.?\s+note"
    r"|editorial\s+note|notes?\s+(?:to|for)\s+(?:our\s+)?readers|note\s+from\s+the\s+editors?"
    r"|publisher['’]?s\s+note",
    NoteKind.UPDATE: r"(?:last\s+|story\s+|article\s+|post\s+)?(?:update[ds]?)",
    NoteKind.CORRECTION: r"corrections?\s*(?:&|and)\s*(?:amplifications?|clarifications?)"
    r"|clarifications?\s*(?:&|and)\s*corrections?|corrections?(?:\s+(?:note|notice))?|corrected",
    NoteKind.CLARIFICATION: r"clarifications?(?:\s+(?:note|notice))?|clarified",
    NoteKind.RETRACTION: r"retraction(?:\s+notice)?|retracted|notice\s+of\s+retraction",
}
#: A word that makes a label only with a stamp: ``Note (Aug. 19):``, not ``Note:``.
_STAMPED_LABEL = r"notes?"
_CAPITALS = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŒŘŚŠŤŮŰŸŹŻŽ"
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"


class _Patterns(NamedTuple):
    """The patterns that depend on the catalogue of formats, built when notes are first
    looked for."""

    label_word: re.Pattern[str]  # a label's word, in a group named by its kind
    label_number: re.Pattern[str]  # a label's number: ``Update 2``
    bracket_label: re.Pattern[str]  # a label that needs a paragraph wholly in brackets
    slug: re.Pattern[str]  # a wire service's tag before a headline
    sentences: tuple[tuple[NoteKind | None, re.Pattern[str]], ...]
    kinds: tuple[tuple[NoteKind, re.Pattern[str]], ...]  # what a note's words say it is
    triggers: tuple[re.Pattern[str], ...]  # cheap tests that a paragraph may hold a note
    line_only: frozenset[str]  # labels only at the start of a paragraph: "Stand:"
    day_first: frozenset[str]  # labels of languages that write numeric dates day first
    byline: re.Pattern[str]  # an update label inside a byline line


def _written_label(label: str) -> str:
    """A label as a pattern: any case, any run of spaces, either apostrophe."""
    pattern = re.escape(label.strip()).replace("\\ ", r"\s+")
    return re.sub(r"['’]", "['’]", pattern)


def _kind_groups(labels: dict[NoteKind, tuple[str, ...]], builtin: dict[NoteKind, str]) -> str:
    groups = []
    for kind in NoteKind:
        written = sorted({_written_label(w) for w in labels.get(kind, ())}, key=len, reverse=True)
        options = "|".join(p for p in (builtin.get(kind), *written) if p)
        if options:
            groups.append(f"(?P<{kind.name}>{options})")
    return "(?:" + "|".join(groups) + ")"


@cache
def _patterns() -> _Patterns:
    found = catalogue()
    labels = dict(found.labels)
    word = _kind_groups(labels, _KIND_LABELS)[:-1] + f"|(?P<STAMPED>{_STAMPED_LABEL}))"
    word += rf"(?:\b|(?<=[{_CJK}.]))"
    slugs = (
        "(?:"
        + "|".join(
            f"(?P<{kind.name}>{'|'.join(patterns)})" for kind, patterns in found.slugs.items()
        )
        + ")"
    )
    every = (*found.labels.values(), *found.bracket_labels.values())
    words = [w.lower() for ws in every for w in ws]
    latin = {" ".join(w.split()) for w in words if w[:1].isascii()}
    others = {w for w in words if not w[:1].isascii()} | {w.lower() for w in found.triggers}
    triggers = (
        re.compile(_TRIGGER_WORDS),
        re.compile(rf"\b(?:{alternatives(latin)})(?![^\W\d_])"),
        re.compile(alternatives(others)),
    )
    return _Patterns(
        label_word=re.compile(word, re.IGNORECASE),
        label_number=re.compile(
            r"\s*(?:no\.\s*|\#\s*)?\d{1,2}\b"
            rf"(?![:./]\d|\s?(?:a\.?m|p\.?m)|\.?\s+(?:of\s+|de\s+)?{grammar().any_month})",
            re.IGNORECASE,
        ),
        bracket_label=re.compile(
            r"[(\[]\s*" + _kind_groups(found.bracket_labels, {}) + r"\b\s*[:,]?", re.IGNORECASE
        ),
        slug=re.compile(rf"{slugs}[-–](?=\S)"),
        sentences=tuple(
            (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in found.sentences
        ),
        kinds=tuple(
            (kind, re.compile("|".join(found.kinds[kind]), re.IGNORECASE))
            for kind in (NoteKind.RETRACTION, NoteKind.CLARIFICATION, NoteKind.CORRECTION)
            if kind in found.kinds
        ),
        triggers=triggers,
        line_only=frozenset(w.casefold() for w in found.line_labels),
        day_first=found.day_first,
        byline=re.compile(
            _BYLINE_BEFORE
            + "(?P<label>"
            + _kind_groups({NoteKind.UPDATE: found.labels.get(NoteKind.UPDATE, ())}, {})
            + r"(?:\b|(?<=[{_CJK}])))".replace("{_CJK}", _CJK),
            re.IGNORECASE,
        ),
    )


_LABEL_OPEN = re.compile(r"[\[(【〔［（]\s*")
_BEFORE_UPDATE = re.compile(r"\s+(?=update\b)", re.IGNORECASE)
_STAMP_BRACKET = re.compile(r"\s*[(\[]\s*")
_STAMP_CLOSE = re.compile(r"\s*[)\]]")
_STAMP_SPACE = re.compile(r"(?:\s*,)?\s+|\s*\|\s*")
_LABEL_END = re.compile(
    r"(?P<colon>\s*[:：])|(?P<dash>\s*(?:[—–]|-{1,2})(?=\s))|(?P<dot>\s*\.(?=\s|$))"
    r"|(?P<close>\s*[)\]】〕］）])"
    rf"|(?P<capital>(?=\s+(?-i:[{_CAPITALS}{_CJK}\"“‘«„(\[])))"
    r"|(?P<participle>(?=\s+(?:with|to)\s))|(?P<pipe>(?=\s*[|·•](?:\s|$)))|(?P<end>\s*$)",
    re.IGNORECASE,
)
#: A pattern that matches anywhere, reading nothing: a stamp with nothing before it.
_NOTHING = re.compile("")
_SPACES = re.compile(r"\s*")


class _Label(NamedTuple):
    """A label at the start of a note, ``[Update (8/18/21, 10:15 p.m. ET):``."""

    start: int
    end: int  # after its separator
    opened: int | None  # after the bracket that opens it (and spaces), if there is one
    kind: NoteKind
    word: str  # as written: "Update", "Corrections", "Editor's note"
    stamp: str | None  # as written, before or after the word
    separator: str  # colon, dash, dot, close, capital, participle, pipe or end
    separated: int  # where the separator starts

    @property
    def participle(self) -> bool:
        """``Updated``, ``Corrected``, not ``Update``."""
        return self.word.lower().endswith("ed")

    def is_prose(self, text: str) -> bool:
        """Whether the label's word is prose, not a label: a word that needs a stamp to be a
        label and has none; one before "with" or "to" that is not a participle ("Updated Aug.
        19 with comment" is a label, "Update Aug. 19 to" is not); one before a closing bracket
        with no opening bracket before it."""
        if self.stamp is None and self.needs_stamp(text):
            return True
        if self.separator == "participle" and not self.participle:
            return True
        return self.separator == "close" and self.opened is None

    def needs_stamp(self, text: str) -> bool:
        """Whether the label is one only with a stamp: before a period, a capital, "with",
        "to" or a bar ("Updated." is a word); alone at the end of its paragraph, unless in
        brackets or an editor's note; a plural, which heads a list ("Updates:",
        "Corrections:"); a participle after a bullet ("- Updated: dark mode")."""
        if self.separator in ("dot", "capital", "participle", "pipe"):
            return True
        alone = self.separator == "end" and self.opened is None
        if alone and self.kind is not NoteKind.EDITORS_NOTE:
            return True
        if self.word.lower() in ("updates", "corrections", "clarifications"):
            return True
        return self.participle and _BULLET.search(text, 0, self.start) is not None


def _label(text: str, start: int = 0) -> _Label | None:
    """The label at ``start``: a bracket, a stamp before an update, the word, a stamp after
    it, a separator; each part that may be missing is tried with, then without."""
    bracket = _LABEL_OPEN.match(text, start)
    for opened in ([bracket.end()] if bracket else []) + [start]:
        before = stamp_after(text, opened, _NOTHING, _BEFORE_UPDATE)
        for stamp, at in ([(text[opened : before[1]], before[2])] if before else []) + [
            (None, opened)
        ]:
            word = _patterns().label_word.match(text, at)
            if word is None:
                continue
            number = _patterns().label_number.match(text, word.end())
            for word_end in ([number.end()] if number else []) + [word.end()]:
                label = _label_end(text, start, opened, word, word_end, stamp)
                if label is not None:
                    return label
    return None


def _label_end(
    text: str, start: int, opened: int, word: re.Match[str], word_end: int, stamp: str | None
) -> _Label | None:
    """The label whose word (and number) ends at ``word_end``: with a stamp after it, or
    without, then a separator."""
    after = _stamp_after_label(text, word_end)
    for stamp_text, position in ([after] if after else []) + [(stamp, word_end)]:
        end = _LABEL_END.match(text, position)
        if end is None:
            continue
        stamped = word.group("STAMPED")
        if stamped is not None and not stamp_text:
            continue  # "Note:" alone is prose; "Note (Aug. 19):" a label
        if word.group().casefold() in _patterns().line_only and (start or opened != start):
            return None  # "(Stand: 5. Februar 2020)" says how old data is
        kind = next((k for k in NoteKind if word.group(k.name) is not None), NoteKind.UPDATE)
        return _Label(
            start=start,
            end=end.end(),
            opened=opened if opened != start else None,
            kind=kind,
            word=stamped or word.group(kind.name),
            stamp=stamp_text.strip(" ,()[]") if stamp_text else None,
            separator=end.lastgroup or "",
            separated=end.start(),
        )
    return None


def _stamp_after_label(text: str, position: int) -> tuple[str, int] | None:
    """A stamp after a label's word, in brackets or after a space (or a comma), as written."""
    found = stamp_after(text, position, _STAMP_BRACKET, _STAMP_CLOSE) or stamp_after(
        text, position, _STAMP_SPACE
    )
    return (text[position : found[2]], found[2]) if found else None


#: What ends a stamp right after a label's separator: ``Correction: Aug. 5, 2021:``.
_AFTER_STAMP_END = re.compile(r"\s*(?:[:：.]|[—–]|-{1,2}(?=\s))|(?=\s*$)|(?=\s*[|·•](?:\s|$))")
#: What ends a stamp in brackets that ends a note: ``... the mayor's age. (Aug. 18, 2021)``.
_TRAILING_STAMP_END = re.compile(r"\s*[)\]]\.?$")
#: A body that is a relative time (``Last updated: 3 hours ago``): it changes on every visit.
_RELATIVE = re.compile(
    r"\s*(?:about\s+)?(?:\d+|an?)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)"
    r"\s+ago\b|\s*(?:just\s+now|yesterday|today)\b",
    re.IGNORECASE,
)
#: Wire services' paragraph-long notes: ``(Updates with ...)``, ``(Corrects ...)``,
#: ``(EDS: Updating ...)``, ``(Story corrects ...)``.
_WIRE = re.compile(
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
_CONTINUES = re.compile(
    r",\s+not\s|^(?:it|he|she|they|that|this|the\s+correct\w*)\s+(?:is|was|are|were|has|have"
    r"|had|should)\b|regrets?\s+the\s+errors?|\b(?:earlier|previous|prior|original)\s+version"
    r"|\bmisstat|\bincorrectly\b|\bmis(?:identif|spel|attribut|quot|nam|label)",
    re.IGNORECASE,
)
#: A label too common to make a note alone, but which may precede an announcement.
_WEAK_LABEL = re.compile(r"(?:note|n\.?b\.?|p\.?s\.?|editors?|eds?\.?)\s*[:—–-]\s*", re.IGNORECASE)
_CORRECTING = re.compile(
    r"\bto\s+correct\b|\bcorrect(?:ed|ion|ions|s)\b|\bmisstat|\bincorrect|\berroneous"
    r"|\bin\s+error\b|\bwrongly\b|\bmisidentif|\bmisspel|\bmisattribut|\binaccura|\bmisquot"
    r"|\bmislabel|\bmisreport"
    r"|\bmischaracteri|\bmistakenly\b|\bmisnam|\bmisrepresent"
    r"|\b(?:earlier|previous|prior|original)\s+version|\boriginally\s+(?:said|stated|reported)",
    re.IGNORECASE,
)
_CLARIFYING = re.compile(r"\bclarif|\bmake\s+clear|\bmade\s+clear", re.IGNORECASE)
#: An editor's note that retracts the article itself.
_RETRACTS = re.compile(
    r"(?<!in\s)(?<!of\s)(?<!on\s)(?<!to\s)(?<!from\s)"  # "quoted in this article ..."
    rf"\b(?:this|the)\s+{SELF}\s+(?:has\s+been|was|is\s+being|is|had\s+been)\s+(?:retracted"
    r"|withdrawn|removed|unpublished)|\bwe\s+(?:have\s+|are\s+)?(?:retract|withdr)\w*\s+"
    rf"(?:this|the)\b|\bretract(?:ed|ing)?\s+(?:this|the)\s+{SELF}",
    re.IGNORECASE,
)
_DECORATION = re.compile(r"[\s*_>•·#]*(?:[-–—]\s+)?[\s*_]*")
#: A paragraph wholly in quotation marks may be a note quoted whole (a blockquote).
_OPENING_QUOTE = re.compile(r"[“”\"‘«»„]\s*")
_BULLET = re.compile(r"(?:^|\s)[-*•]\s+$")
_TRAILING_DECORATION = re.compile(r"[\s*_]+$")
#: A cheap test that a paragraph might hold a note at all, run on it lowercased (a paragraph in
#: brackets is always looked at: wire services' notes start with many verbs).
_TRIGGER_WORDS = (
    "updat|correct|clarif|retract|editor|note|version|amended|regret|error|withdr|revised"
    "|changed|removed|refiled|rewrit|unpublish|edited|modified|expanded|republish|taken down"
    "|previously|originally|initially|incorrect|wrongly|mistaken|erroneous|inaccurate|misstat"
    "|misspel|misident|misattrib|misquot|misreport|mischaracter|misnam|mislabel|misrepresent"
    "|we are advised|understat|overstat"
)
#: What comes before an update stamp inside a byline line: a separator or a publication
#: stamp (``By Jane Doe | Updated 9:02 a.m.``, ``Posted Tue 14 Mar 2023, updated ... at
#: 9:02am``, ``Le Monde | 04.05.2015 à 13h36 • Mis à jour le ...``).
_BYLINE_BEFORE = (
    r"(?:(?P<bar>[|·•]\s*)|[;,]\s*|(?<=\d)\s+|(?<=[ap]\.m\.)\s+|(?<=[ap]m)\s+|(?<=\dh)\s+"
    r"|(?<=\d)\s+[-–—]\s+)"
)


class _Hit(NamedTuple):
    """A note found in one paragraph: ``paragraph[start:end]``."""

    kind: NoteKind
    start: int
    end: int
    body: int  # where the text after the label (and its stamp) begins
    stamp: str | None  # the time stamp as written
    labelled: bool  # by a label, not by an announcing sentence or a wire line
    day_first: bool = False  # in a language that writes 5/8 for 5 August

    @property
    def attaches(self) -> bool:
        """A label alone that takes the next paragraph as its text; an update label alone
        is a time stamp line (``Updated Aug. 19, 2021``) above the article."""
        return self.labelled and self.kind is not NoteKind.UPDATE


def find_notes(text: str, observed_at: datetime | None = None) -> tuple[Note, ...]:
    """Every editorial note in a text, in order.

    ``observed_at`` (when this version was seen) lets a stamp without a year or date be
    completed; what is inferred is marked in the note's :class:`~revtrack.models.NoteTime`.
    """
    paragraphs = list(_paragraphs(text))
    notes: list[Note] = []
    skip_next = False
    for index, (offset, paragraph) in enumerate(paragraphs):
        if skip_next:
            skip_next = False
            continue
        hits = _notes_in(paragraph)
        for number, hit in enumerate(hits):
            start, end = offset + hit.start, offset + hit.end
            body = paragraph[hit.body : hit.end].strip(" \t*_:—–-")
            alone = not body and hit.attaches and hit.end == len(paragraph)
            if alone and number + 1 == len(hits) and index + 1 < len(paragraphs):
                # a label alone: its text is the next paragraph, unless that is labelled too
                next_offset, next_paragraph = paragraphs[index + 1]
                if not any(h.labelled for h in _notes_in(next_paragraph)):
                    end = next_offset + len(next_paragraph)
                    skip_next = True
            heading = _dated_heading(paragraphs, index, notes) if hit.start == 0 else None
            note = _note(text, (start, end), hit, heading, observed_at)
            if note is not None:
                notes.append(note)
    return tuple(notes)


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
    stamp = hit.stamp if hit.stamp is not None else _trailing_stamp(note_text)
    if stamp is None and heading is not None:  # "May 22, 2024" above the note
        end = start + len(note_text)
        stamp, start = heading[1], heading[0]
        note_text = text[start:end]
    return Note(
        kind=hit.kind,
        text=note_text,
        start=start,
        end=start + len(note_text),
        time=parse_time(stamp, observed_at, day_first=hit.day_first) if stamp else None,
        stamp=stamp,
    )


_END = re.compile(r"\s*$")


def _dated_heading(
    paragraphs: list[tuple[int, str]], index: int, notes: list[Note]
) -> tuple[int, str] | None:
    """A paragraph that is only a time stamp, right above a note's paragraph, and not part of
    another note: the note's date, as corrections pages write it (where it starts, the stamp)."""
    if index == 0:
        return None
    offset, paragraph = paragraphs[index - 1]
    if notes and notes[-1].end > offset:
        return None
    found = stamp_after(paragraph, 0, _SPACES, _END)
    if found is None or found[0] != 0:
        return None
    return offset, paragraph


def _trailing_stamp(note: str) -> str | None:
    """A stamp in brackets that ends a note: ``... misstated the mayor's age. (Aug. 18, 2021)``."""
    for bracket in re.finditer(r"[(\[]", note):
        stamp = stamp_after(note, bracket.end(), _SPACES, _TRAILING_STAMP_END)
        if stamp is not None:
            return note[stamp[0] : stamp[1]]
    return None


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each non-blank line with its offset, outer whitespace removed."""
    for line in re.finditer(r"[^\n]*\S[^\n]*", text):
        body = line.group()
        stripped = body.lstrip()
        yield line.start() + len(body) - len(stripped), stripped.rstrip()


@lru_cache(maxsize=16384)
def _notes_in(paragraph: str) -> tuple[_Hit, ...]:
    """The notes in one paragraph (cached: versions share most paragraphs)."""
    found = _patterns()
    lowered = paragraph.lower()
    if paragraph[:1] in "([【〔［（" or any(t.search(lowered) for t in found.triggers):
        return _Paragraph(paragraph).notes()
    if found.slug.match(paragraph):
        return _Paragraph(paragraph).notes()
    return ()


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
        self.closing = _closing_brackets(text)

    def notes(self) -> tuple[_Hit, ...]:
        """The notes in the paragraph, in order."""
        wire = self.wire_note() or self.slug()
        if wire is not None:
            return (wire,)
        hits: list[_Hit] = []
        covered = 0  # the end of the last note found, when it is known
        running = False  # inside a label's note, which runs on: only a label starts another
        bylines = self.bylines()
        for start in sorted(self.starts() | set(bylines)):
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
        return tuple(hits)

    def bylines(self) -> dict[int, bool]:
        """Where each "updated" after a byline's separator starts, and whether that separator
        is a bar (``By Jane Doe | Updated ...``)."""
        return {
            m.start("label"): m.group("bar") is not None
            for m in _patterns().byline.finditer(self.text)
        }

    def note_at(self, start: int, bylines: dict[int, bool], running: bool) -> _Hit | None:
        """The note that starts at ``start``: one that a label heads (in a byline, only a stamp
        that ends the line); else, when not ``running`` inside a label's note, an announcing
        sentence, alone or in brackets."""
        hit = self.label_note(start)
        if start in bylines and hit is not None and not self.ends_byline(hit, bylines[start]):
            hit = None
        if hit is None and not running:
            hit = self.announcement(start) or self.bracketed_announcement(start)
        return hit

    def starts(self) -> set[int]:
        """Where a note may start: each sentence, each opening bracket, after a colon."""
        positions = {start for start, _ in self.sentences} | {0}
        positions.update(m.end() for m in re.finditer(r"[:—]\s*", self.text))
        decorated = (_DECORATION.match(self.text, p) for p in positions)
        starts = {m.end() for m in decorated if m}
        quoted = _OPENING_QUOTE.match(self.text)
        if quoted and re.search(r"[”\"’»«][.]?$", self.text):  # quoted whole
            starts.add(_DECORATION.match(self.text, quoted.end()).end())  # type: ignore[union-attr]
        starts.update(self.closing)
        return {s for s in starts if s < len(self.text)}

    def wire_note(self) -> _Hit | None:
        """A paragraph that is wholly a bracketed label or a wire service's note."""
        text = self.text
        if not text or self.closing.get(0) != len(text):
            return None
        label = _label(text)
        if label is not None and label.opened is not None:
            kind = _label_kind(label, text[label.end :])
            hit = _Hit(kind, label.opened, len(text) - 1, label.end, label.stamp, True)
            return hit._replace(day_first=_day_first(label))
        match = _WIRE.fullmatch(text)
        if match is None:
            return self.bracket_label()
        verb = match.group("verb").strip().lower()
        kind = next((k for stem, k in _VERB_KINDS if verb.startswith(stem)), NoteKind.UPDATE)
        return _Hit(kind, 1, len(text) - 1, match.start("verb"), None, labelled=False)

    def bracket_label(self) -> _Hit | None:
        """A paragraph in brackets that a wire service's short label heads: ``(neu: mehr
        Details)``, ``(Berichtigung: ...)``."""
        found = _patterns().bracket_label.match(self.text)
        if found is None or found.lastgroup is None:
            return None
        kind = NoteKind[found.lastgroup]
        return _Hit(kind, 1, len(self.text) - 1, found.end(), None, labelled=False)

    def slug(self) -> _Hit | None:
        """A wire service's tag before a headline: ``UPDATE 2-``, ``CORRECTED-``."""
        found = _patterns().slug.match(self.text)
        if found is None or found.lastgroup is None:
            return None
        kind = NoteKind[found.lastgroup]
        return _Hit(kind, 0, found.end(found.lastgroup), found.end(), None, labelled=False)

    def label_note(self, start: int) -> _Hit | None:
        """The note that a label at ``start`` heads."""
        text = self.text
        label = _label(text, start)
        if label is None or label.is_prose(text):
            return None
        stamp, body = _stamp_after_separator(text, label)
        if _RELATIVE.match(text, body):
            return None  # "Last updated: 3 hours ago" changes on every visit
        kind = _label_kind(label, text[body:])
        note_start, end = self.label_span(label)
        return _Hit(kind, note_start, end, body, stamp, True, _day_first(label))

    def label_span(self, label: _Label) -> tuple[int, int]:
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
        rest = text[hit.body :].strip(" .|") if hit.end < 0 else ""
        if hit.kind is not NoteKind.UPDATE or hit.stamp is None or rest:
            return False
        if after_bar:
            return True
        sentence = text.endswith((".", "!", "?")) and not re.search(r"[ap]\.m\.$", text, re.I)
        before = grammar().component.search(text, 0, hit.start)
        return not sentence and len(text.split()) <= 40 and before is not None

    def bracketed_announcement(self, start: int) -> _Hit | None:
        """An announcement that fills the brackets opening at ``start``: ``(This story has been
        corrected to show ...)``."""
        if self.text[start] not in "([" or self.closing.get(start, 0) <= start + 2:
            return None  # not an opening bracket, or an empty pair: "[]"
        inner = self.announcement(start + 1)
        return None if inner is None else inner._replace(end=self.closing[start] - 1)

    def announcement(self, start: int) -> _Hit | None:
        """A sentence at ``start`` that announces a change to the article; the note ends with
        its sentence and the sentences that go on with it."""
        text = self.text
        weak = _WEAK_LABEL.match(text, start)
        for announcement in ANNOUNCEMENTS:
            found = announcement.match(text, weak.end() if weak else start)
            if found is None:
                continue
            match_end, groups = found
            end = self.sentence_end(match_end)
            passive = announcement in PASSIVE
            attributed = ATTRIBUTED.search(text[start:end])
            if passive and (AGENT.match(text, match_end) or attributed):
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
                kind = _announced_kind(verb, text[start:end])
            stamp = groups.get("stamp")
            return _Hit(kind, start, end, start, stamp.strip(" ,") if stamp else None, False)
        return self.catalogued_sentence(start, weak.end() if weak else start)

    def catalogued_sentence(self, start: int, position: int) -> _Hit | None:
        """A sentence of the catalogue (another language's ``In einer früheren Version ...``)
        at ``position``: the note is its sentence, of the kind the catalogue gives or that its
        words say."""
        for kind, pattern in _patterns().sentences:
            found = pattern.match(self.text, position)
            if found is not None:
                end = self.sentence_end(max(found.end() - 1, position))
                said = kind or _kind_by_words(self.text[start:end])
                return _Hit(said, start, end, start, None, False, day_first=True)
        return None

    def sentence_end(self, position: int) -> int:
        """The end of the sentence that holds ``position``."""
        return next((end for _, end in self.sentences if position <= end), len(self.text))


def _stamp_after_separator(text: str, label: _Label) -> tuple[str | None, int]:
    """The label's stamp and where its note's words begin: a label without a stamp may have
    one right after its colon or dash (``Correction: Aug. 5, 2021:``)."""
    if label.stamp is None and label.separator in ("colon", "dash"):
        after = stamp_after(text, label.end, _SPACES, _AFTER_STAMP_END)
        if after is not None:
            return text[after[0] : after[1]], after[2]
    return label.stamp, label.end


def _before_space(text: str, position: int) -> int:
    return len(text[:position].rstrip())


def _closing_brackets(text: str) -> dict[int, int]:
    """Each opening bracket's position, and the position after the bracket closing it."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for match in re.finditer(r"[\[\]()]", text):
        bracket = match.group()
        if bracket in "([":
            stack.append((bracket, match.start()))
        elif stack and stack[-1][0] == {")": "(", "]": "["}[bracket]:
            pairs[stack.pop()[1]] = match.end()
    return pairs


def _label_kind(label: _Label, body: str) -> NoteKind:
    if label.kind is NoteKind.EDITORS_NOTE and _RETRACTS.search(body):
        return NoteKind.RETRACTION  # an editor's note that retracts the article
    return label.kind


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
#: Announcing verbs whose kind the verb alone decides.
_ANNOUNCED_KINDS = {
    **dict.fromkeys(
        ["retracted", "withdrawn", "removed", "unpublished", "taken down"], NoteKind.RETRACTION
    ),
    **dict.fromkeys(["clarified", "clarifies"], NoteKind.CLARIFICATION),
    **dict.fromkeys(["corrected", "corrects", "fixes"], NoteKind.CORRECTION),
}


def _day_first(label: _Label) -> bool:
    """Whether a label's language writes numeric dates day first (``Aktualisiert 05/08``)."""
    return " ".join(label.word.split()).casefold() in _patterns().day_first


def _kind_by_words(note: str) -> NoteKind:
    """The kind a note's words say, in any language of the catalogue: a retraction, a
    clarification, a correction, else an update."""
    return next((kind for kind, words in _patterns().kinds if words.search(note)), NoteKind.UPDATE)


def _announced_kind(verb: str, note: str) -> NoteKind:
    """The kind of an announcing note: from its verb, else from what its words say it did
    (an announcement with no verb, "An earlier version ...", is a correction)."""
    verb = " ".join(verb.split())
    if verb in _ANNOUNCED_KINDS:
        return _ANNOUNCED_KINDS[verb]
    if _CLARIFYING.search(note):
        return NoteKind.CLARIFICATION
    if _CORRECTING.search(note) or not verb:
        return NoteKind.CORRECTION
    return NoteKind.UPDATE
