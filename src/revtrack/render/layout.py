"""The layout every human-readable format shares: a change report's blocks as paragraphs of
marked pieces, with runs of unchanged paragraphs set apart, and the wording of its summary.

A piece is ``(kind, text)``: ``equal``, ``delete``, ``insert``, ``moved`` (text that arrived
from elsewhere), or ``note`` (a remark of revtrack's own, such as ``moved from ¶12``). The
text of a piece is the article's, raw; each format escapes it in its own way.

Each paragraph knows its number in the old version and in the new, counted as the diff counts
them (a line break between sentences starts a paragraph), so that a report can show the
``¶12`` that a move refers to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from revtrack.frozen import dataclass
from revtrack.models import (
    Action,
    Block,
    Change,
    DiffStats,
    Finding,
    FindingKind,
    IgnoreRule,
    Note,
    Op,
    Side,
)
from revtrack.text import visible

Piece = tuple[str, str]  # (kind, text)
Segment = tuple[str, str]  # (text, style): a piece of a line of the summary, with its style
Line = list[Segment]

_LINE_BREAKS = re.compile(r"(\n+)")
_OP_KIND = {Op.EQUAL: "equal", Op.INSERT: "insert", Op.DELETE: "delete"}

#: Short names of the stealth-edit findings, for one-line listings.
FINDING_LABELS = {
    FindingKind.UNNOTED_CHANGE: "changed without a note",
    FindingKind.UNDESCRIBED_CHANGE: "changed with only a time stamp",
    FindingKind.NOTE_TIME_OUTSIDE_WINDOW: "note misdated",
    FindingKind.NOTE_EDITED: "note edited",
    FindingKind.NOTE_REMOVED: "note removed",
    FindingKind.NOTE_WITHOUT_CHANGE: "note without a change",
    FindingKind.CHANGE_BEYOND_NOTE: "changed beyond the note",
    FindingKind.ARTICLE_CUT: "article cut",
}


def where(change: Change) -> str:
    """Where a change is: ``¶5`` (in the old version for a removal, the new otherwise), or
    ``¶5→¶6`` for an edit that moved."""
    old, new = change.old_paragraph, change.new_paragraph
    if old is None or new is None or old == new:
        return f"¶{new if old is None else old}"
    return f"¶{old}→¶{new}"


def ignored_text(rules: Sequence[IgnoreRule]) -> str | None:
    """``ignored: built-in pagination, rule 3 (site example.org)``: the rules that applied."""
    if not rules:
        return None
    named = [
        rule.label if rule.scope in ("built-in", "store") else f"{rule.label} ({rule.scope})"
        for rule in rules
    ]
    return "ignored: " + ", ".join(named)


def finding_label(finding: Finding) -> str:
    """``changed without a note [substantive]``: the kind, and the severity of a change."""
    label = FINDING_LABELS[finding.kind]
    return f"{label} [{finding.severity}]" if finding.severity is not None else label


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a report: its marked pieces, and its numbers in the two versions."""

    pieces: tuple[Piece, ...]
    old: int | None = None  # its number in the old version (1-based); None if not there
    new: int | None = None  # its number in the new version; None if not there

    @property
    def label(self) -> str:
        """``¶5``, or ``¶5→¶6`` for a paragraph in both versions at different places (as
        :func:`where` names a change): the new number, or the old for one only there."""
        old, new = self.old, self.new
        if old is None and new is None:
            return ""
        if old is None or new is None or old == new:
            return f"¶{new if old is None else old}"
        return f"¶{old}→¶{new}"

    @property
    def changed(self) -> bool:
        return any(kind != "equal" for kind, _ in self.pieces)

    @property
    def text(self) -> str:
        """The paragraph as it reads now (deletions and remarks left out)."""
        return "".join(t for kind, t in self.pieces if kind in ("equal", "insert", "moved"))


@dataclass(frozen=True)
class Gap:
    """Unchanged paragraphs left out around the changes: how many, and (if kept) which."""

    count: int
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def label(self) -> str:
        return f"⋯ {plural(self.count, 'unchanged paragraph')} ⋯"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def whitespace(raw: str) -> str:
    """A change of whitespace alone, made visible: ¶ for a line break, · for a space."""
    return "".join("¶" if c == "\n" else "→" if c == "\t" else "·" for c in raw)


def _snippet(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# --- from blocks to pieces ---------------------------------------------------------------

#: A piece with the text it stands for in each version: ``(kind, shown, old, new)``; the kind
#: ``hidden`` is text of a version that is not shown (an ignored deletion).
_Part = tuple[str, str, str, str]


def _span_parts(block: Block, *, moved: bool = False) -> Iterator[_Part]:
    """A block's spans as parts; ignored differences show as the new text, unmarked. A moved
    block's text is in the new version only (its old place is the other block of the move)."""
    for span in block.spans:
        text = span.text
        if span.ignored:
            if span.op is Op.INSERT:
                yield "equal", text, "", text
            elif not moved:
                yield "hidden", "", text, ""
        elif span.op is Op.EQUAL:
            yield ("moved", text, "", text) if moved else ("equal", text, text, text)
        elif span.op is Op.INSERT:
            yield "insert", text, "", text
        else:
            yield "delete", text, "" if moved else text, ""


def _whole(block: Block) -> Iterator[_Part]:
    """An edited block as its whole old text deleted and whole new text inserted."""
    old, new = block.old_text, block.new_text
    lead, new_lead = len(old) - len(old.lstrip()), len(new) - len(new.lstrip())
    yield "equal", new[:new_lead], old[:lead], new[:new_lead]
    yield "delete", old[lead:], old[lead:], ""
    yield "insert", new[new_lead:], "", new[new_lead:]


def _block_parts(block: Block, by: str) -> Iterator[_Part]:
    move = block.move
    if move is not None and move.side is Side.FROM:
        text = block.old_text
        lead = text[: len(text) - len(text.lstrip())]
        yield "equal", lead, lead, ""
        note = f"moved to ¶{move.new_paragraph}: “{_snippet(text)}”"
        yield "note", note, text[len(lead) :], ""
    elif move is not None:
        yield from _span_parts(block, moved=True)
        yield "note", f"moved from ¶{move.old_paragraph}", "", ""
    elif block.action in (Action.EDITED, Action.REPLACED) and by != "word":
        yield from _whole(block)
    else:
        yield from _span_parts(block)


# --- from pieces to paragraphs -----------------------------------------------------------


class _Count:
    """The paragraph number of one version as its text goes by: a line break between two
    sentences starts the next paragraph."""

    def __init__(self) -> None:
        self.number = 0
        self.broken = True  # a line break since the last text (the first text starts ¶1)

    def read(self, text: str) -> int | None:
        """Read ``text``; the number of the paragraph its first visible character is in."""
        if "\n" not in text:  # (most texts: a piece of one paragraph)
            if not text or text.isspace():
                return None
            if self.broken:
                self.number, self.broken = self.number + 1, False
            return self.number
        first = None
        for line, part in enumerate(text.split("\n")):
            self.broken = self.broken or line > 0
            if part and not part.isspace():  # (visible text)
                if self.broken:
                    self.number, self.broken = self.number + 1, False
                first = first or self.number
        return first


class _Laying:
    """Paragraphs being laid out, with the numbers of each in the two versions."""

    def __init__(self) -> None:
        self.laid: list[list[Piece]] = [[]]
        self.numbers: list[list[int | None]] = [[None, None]]
        self.counts = (_Count(), _Count())

    def count(self, old: str, new: str) -> None:
        """Text of the old and the new version, in the paragraph being laid."""
        for side, text in enumerate((old, new)):
            if not text:  # (nothing to read: no number, no line break)
                continue
            number = self.counts[side].read(text)
            if self.numbers[-1][side] is None:
                self.numbers[-1][side] = number

    def add(self, kind: str, shown: str, old: str, new: str) -> None:
        """A part: its shown text laid out (a line break starts a paragraph), the text of
        each version counted along with it, or before it where it shows something else (a
        note for the text it stands for, a change of layout made visible)."""
        if kind in ("insert", "delete") and shown.isspace():
            self.laid[-1].append((kind, whitespace(shown)))
            self.count(old, new)
            return
        in_old, in_new = old == shown, new == shown
        self.count("" if in_old else old, "" if in_new else new)
        if "\n" not in shown:  # (most parts: no paragraph starts in them)
            if shown:
                self.laid[-1].append((kind, shown))
                self.count(shown if in_old else "", shown if in_new else "")
            return
        for part in _LINE_BREAKS.split(shown):
            if part.startswith("\n"):
                self.count(part if in_old else "", part if in_new else "")
                self.laid.append([])
                self.numbers.append([None, None])
            elif part:
                self.laid[-1].append((kind, part))
                self.count(part if in_old else "", part if in_new else "")

    def done(self, *, last: bool = False) -> list[Paragraph]:
        """The paragraphs laid out whole (with ``last``, the one being laid too), taken out."""
        end = len(self.laid) if last else len(self.laid) - 1
        if end <= 0:
            return []  # (the usual case: a block within a paragraph)
        found = [
            Paragraph(tuple(pieces), *numbers)
            for pieces, numbers in zip(self.laid[:end], self.numbers[:end], strict=True)
            if any(text.strip() for _, text in pieces)
        ]
        del self.laid[:end], self.numbers[:end]
        return found


def paragraphs(blocks: Iterable[Block], by: str = "word") -> Iterator[Paragraph]:
    """The blocks laid out in paragraphs (line breaks in the text start new ones), changes
    shown by ``word``, ``sentence`` or ``paragraph``, each with its numbers in the versions;
    each paragraph as soon as it is laid out (a long text is never laid out whole)."""
    laying = _Laying()
    for block in blocks:
        for part in _block_parts(block, by):
            laying.add(*part)
        yield from _shown(laying.done(), by)
    yield from _shown(laying.done(last=True), by)


def _shown(laid: Iterable[Paragraph], by: str) -> Iterator[Paragraph]:
    return (_by_paragraph(p) for p in laid) if by == "paragraph" else iter(laid)


def _by_paragraph(paragraph: Paragraph) -> Paragraph:
    """A changed paragraph as its whole old text deleted, then its whole new text."""
    if not paragraph.changed:
        return paragraph
    pieces = paragraph.pieces
    old = "".join(t for kind, t in pieces if kind in ("equal", "delete"))
    new = "".join(t for kind, t in pieces if kind in ("equal", "insert", "moved"))
    shown: list[Piece] = [("delete", old)] if old.strip() else []
    if new.strip():
        shown += [("equal", "\n")] if shown else []
        shown += [("insert", new)]
    shown += [p for p in pieces if p[0] == "note"]
    return Paragraph(tuple(shown), paragraph.old, paragraph.new)


def collapse(
    laid: Iterable[Paragraph], context: int | None, *, keep: bool = True
) -> Iterator[Paragraph | Gap]:
    """The changed paragraphs with ``context`` unchanged ones around each change; the other
    unchanged paragraphs gathered in gaps (none with ``context=None``: everything shown).
    Without ``keep``, a gap holds only how many paragraphs it left out."""
    if context is None:
        yield from laid
        return
    hidden: list[Paragraph] = []  # unchanged, since the last change and its context after
    count = 0  # how many those are (all kept, or the last ``context`` alone)
    after = 0  # unchanged paragraphs still to show after the last change
    for paragraph in laid:
        if not paragraph.changed and after:
            after -= 1
            yield paragraph
        elif not paragraph.changed:
            hidden.append(paragraph)
            count += 1
            if not keep and len(hidden) > context:
                del hidden[0]
        else:
            before = hidden[max(0, len(hidden) - context) :] if context else []
            if count > len(before):
                yield Gap(count - len(before), tuple(hidden[: len(hidden) - len(before)]))
            yield from before
            yield paragraph
            hidden, count, after = [], 0, context
    if count:
        yield Gap(count, tuple(hidden) if keep else ())


# --- the words of the summary --------------------------------------------------------------


def sentence_counts(stats: DiffStats) -> str:
    """``2 added, 1 deleted, 1 moved``: the sentence counts that are not zero."""
    counts = [
        (stats.sentences_added, "added"),
        (stats.sentences_deleted, "deleted"),
        (stats.sentences_edited, "edited"),
        (stats.sentences_moved, "moved"),
    ]
    return ", ".join(f"{count:,} {what}" for count, what in counts if count)


def kind_and_time(note: Note) -> str:
    """``update 2021-08-18 22:15 ET``."""
    name = note.kind.label
    return f"{name} {note.time.written()}" if note.time else name


def flat(text: str) -> str:
    """A text on one line, its runs of whitespace made single spaces."""
    return " ".join(text.split())


def transition(finding: Finding) -> str:
    return f"@{finding.from_version}→@{finding.to_version}"


def summary_line(stats: DiffStats) -> Line:
    """``+12 -3 words; sentences: 2 added, 1 edited; 1.5% changed``, styled."""
    line: Line = [
        (f"+{stats.words_added:,}", "revtrack.insert"),
        (" ", ""),
        (f"-{stats.words_deleted:,}", "revtrack.delete"),
        (" words", ""),
    ]
    sentences = sentence_counts(stats)
    if sentences:
        line.append((f"; sentences: {sentences}", ""))
    line.append((f"; {stats.change_ratio:.1%} changed", ""))
    return line


def note_line(sign: str, note: Note) -> Line:
    """``+ update 2021-08-18 22:15 ET: the note's text`` (``-`` for a note removed)."""
    return [(f"{sign} {kind_and_time(note)}: ", "revtrack.note"), (visible(flat(note.text)), "")]


def finding_line(finding: Finding) -> Line:
    """``! @2→@3  changed without a note: the message``."""
    return [
        (f"! {transition(finding)}", "revtrack.finding"),
        (f"  {finding_label(finding)}", "revtrack.finding"),
        (f": {visible(finding.message)}", ""),
    ]
