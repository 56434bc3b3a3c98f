"""The layout every human-readable format shares: a change report's blocks as paragraphs of
marked pieces, with runs of unchanged paragraphs set apart, and the wording of its summary.

A piece is ``(kind, text)``: ``equal``, ``delete``, ``insert``, ``moved`` (text that arrived
from elsewhere), or ``note`` (a remark of revtrack's own, such as ``moved from ¶12``). The
text of a piece is the article's, raw; each format escapes it in its own way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(kind != "equal" for kind, _ in self.pieces)

    @property
    def text(self) -> str:
        """The paragraph as it reads now (deletions and remarks left out)."""
        return "".join(t for kind, t in self.pieces if kind in ("equal", "insert", "moved"))


@dataclass(frozen=True)
class Gap:
    """Unchanged paragraphs left out around the changes."""

    paragraphs: tuple[Paragraph, ...]

    @property
    def label(self) -> str:
        return f"⋯ {plural(len(self.paragraphs), 'unchanged paragraph')} ⋯"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def whitespace(raw: str) -> str:
    """A change of whitespace alone, made visible: ¶ for a line break, · for a space."""
    return "".join("¶" if c == "\n" else "→" if c == "\t" else "·" for c in raw)


def _snippet(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# --- from blocks to pieces ---------------------------------------------------------------


def _span_pieces(block: Block, *, moved: bool = False) -> Iterator[Piece]:
    """A block's spans as pieces; ignored differences show as the new text, unmarked."""
    for span in block.spans:
        if span.ignored:
            if span.op is Op.INSERT:
                yield "equal", span.text
        elif span.op is Op.EQUAL:
            yield ("moved" if moved else "equal"), span.text
        else:
            yield _OP_KIND[span.op], span.text


def _whole(block: Block) -> Iterator[Piece]:
    """An edited block as its whole old text deleted and whole new text inserted."""
    old, new = block.old_text, block.new_text
    lead = len(old) - len(old.lstrip())
    yield "equal", new[: len(new) - len(new.lstrip())]
    yield "delete", old[lead:]
    yield "insert", new.lstrip()


def _block_pieces(block: Block, by: str) -> Iterator[Piece]:
    move = block.move
    if move is not None and move.side is Side.FROM:
        text = block.old_text
        yield "equal", text[: len(text) - len(text.lstrip())]
        yield "note", f"moved to ¶{move.new_paragraph}: “{_snippet(text)}”"
    elif move is not None:
        yield from _span_pieces(block, moved=True)
        yield "note", f"moved from ¶{move.old_paragraph}"
    elif block.action in (Action.EDITED, Action.REPLACED) and by != "word":
        yield from _whole(block)
    else:
        yield from _span_pieces(block)


# --- from pieces to paragraphs -----------------------------------------------------------


def paragraphs(blocks: Sequence[Block], by: str = "word") -> list[Paragraph]:
    """The blocks laid out in paragraphs (line breaks in the text start new ones), changes
    shown by ``word``, ``sentence`` or ``paragraph``."""
    laid: list[list[Piece]] = [[]]
    for block in blocks:
        for kind, text in _block_pieces(block, by):
            if kind in ("insert", "delete") and text.isspace():
                laid[-1].append((kind, whitespace(text)))  # a layout change
                continue
            for part in _LINE_BREAKS.split(text):
                if part.startswith("\n"):
                    laid.append([])
                elif part:
                    laid[-1].append((kind, part))
    found = [Paragraph(tuple(p)) for p in laid if any(t.strip() for _, t in p)]
    return [_by_paragraph(p) for p in found] if by == "paragraph" else found


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
    return Paragraph(tuple(shown))


def collapse(laid: Sequence[Paragraph], context: int | None) -> list[Paragraph | Gap]:
    """The changed paragraphs with ``context`` unchanged ones around each change; the other
    unchanged paragraphs gathered in gaps (none with ``context=None``: everything shown)."""
    if context is None:
        return list(laid)
    near = [False] * len(laid)
    for index, paragraph in enumerate(laid):
        if paragraph.changed:
            for other in range(max(0, index - context), min(len(laid), index + context + 1)):
                near[other] = True
    shown: list[Paragraph | Gap] = []
    hidden: list[Paragraph] = []
    for paragraph, keep in zip(laid, near, strict=True):
        if keep:
            if hidden:
                shown.append(Gap(tuple(hidden)))
                hidden = []
            shown.append(paragraph)
        else:
            hidden.append(paragraph)
    if hidden:
        shown.append(Gap(tuple(hidden)))
    return shown


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
