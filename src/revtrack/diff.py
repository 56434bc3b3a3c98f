"""Align two versions of a text and diff them into a :class:`~revtrack.models.TextDiff`.

Paragraphs are aligned first (diff-match-patch over the sequence of paragraphs), so that an
unchanged paragraph is never split by a word-level match; the paragraphs that differ are then
compared word by word, with a semantic cleanup so that changes read as whole words replaced.
Both steps run without a time-out: the same two texts give the same diff on any machine.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from diff_match_patch import diff_match_patch

from revtrack.models import Action, Block, DiffStats, Op, Span, TextDiff
from revtrack.text import count_words, paragraphs, tokens

#: Below this share of common words, a changed region is shown as deleted plus added text
#: rather than as one edit: rewriting a paragraph from scratch is not an edit of it.
MIN_EDIT_SIMILARITY = 0.3

_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}
_SURROGATES = range(0xD800, 0xE000)


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never cut short: determinism over speed-dependent approximations
    return dmp


class TooManyUnits(Exception):
    """More distinct units than there are characters to stand for them."""


def _encode(units: Sequence[str], table: dict[str, str]) -> str:
    """Map each distinct unit to one character, so the diff runs over units."""
    out = []
    for unit in units:
        char = table.get(unit)
        if char is None:
            code = len(table) + 1
            if code >= _SURROGATES.start:
                code += len(_SURROGATES)
            if code > sys.maxunicode:
                raise TooManyUnits
            char = table[unit] = chr(code)
        out.append(char)
    return "".join(out)


def diff_units(old: Sequence[str], new: Sequence[str], *, semantic: bool = False) -> list[Span]:
    """Diff two sequences of text units; each returned span joins whole units.

    Raises :class:`TooManyUnits` past about 1.1 million distinct units.
    """
    table: dict[str, str] = {}
    a, b = _encode(old, table), _encode(new, table)
    dmp = _engine()
    raw = dmp.diff_main(a, b, False)
    if semantic:
        dmp.diff_cleanupSemantic(raw)
    decode = {char: unit for unit, char in table.items()}
    return [Span(_OPS[op], "".join(decode[c] for c in chars)) for op, chars in raw if chars]


def _word_total(spans: Iterable[Span], op: Op) -> int:
    return sum(count_words(s.text) for s in spans if s.op is op)


def _changed_region(old: str, new: str) -> Iterator[Block]:
    """The blocks for a run of paragraphs that differ between the two texts."""
    if not new:
        yield Block(Action.DELETED, (Span(Op.DELETE, old),))
        return
    if not old:
        yield Block(Action.ADDED, (Span(Op.INSERT, new),))
        return
    old_tokens, new_tokens = tokens(old), tokens(new)
    needed = MIN_EDIT_SIMILARITY * min(count_words(old), count_words(new))
    spans: list[Span] = []
    # The words both sides have in common bound what a diff can match: when even that is too
    # little, the (costly) word diff would be thrown away, so it is not run.
    if _shared_words(old_tokens, new_tokens) >= needed:
        try:
            spans = diff_units(old_tokens, new_tokens, semantic=True)
        except TooManyUnits:
            spans = []
    if spans and sum(count_words(s.text) for s in spans if s.op is Op.EQUAL) >= needed:
        yield Block(Action.EDITED, tuple(_merge(spans)))
    else:
        yield Block(Action.DELETED, (Span(Op.DELETE, old),))
        yield Block(Action.ADDED, (Span(Op.INSERT, new),))


def _shared_words(old: Sequence[str], new: Sequence[str]) -> int:
    """How many words the two token lists have in common, counted with repetition."""
    common = Counter(old) & Counter(new)
    return sum(count for token, count in common.items() if count_words(token))


def _merge(spans: Iterable[Span]) -> Iterator[Span]:
    """Join neighbouring spans of the same kind."""
    pending: Span | None = None
    for span in spans:
        if pending is not None and pending.op is span.op:
            pending = Span(span.op, pending.text + span.text)
            continue
        if pending is not None:
            yield pending
        pending = span
    if pending is not None:
        yield pending


def diff(old: str, new: str) -> TextDiff:
    """Compare two texts: paragraphs aligned, words marked inside changed paragraphs."""
    blocks: list[Block] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted or inserted:
            blocks.extend(_changed_region("".join(deleted), "".join(inserted)))
            deleted.clear()
            inserted.clear()

    try:
        aligned = diff_units(paragraphs(old), paragraphs(new))
    except TooManyUnits:  # no paragraph in common is findable: compare as one region
        aligned = [Span(Op.DELETE, old), Span(Op.INSERT, new)]
    for span in aligned:
        if span.op is Op.EQUAL:
            flush()
            blocks.append(Block(Action.EQUAL, (span,)))
        else:
            (deleted if span.op is Op.DELETE else inserted).append(span.text)
    flush()

    spans = [s for b in blocks for s in b.spans]
    added, removed = _word_total(spans, Op.INSERT), _word_total(spans, Op.DELETE)
    total = count_words(old) + count_words(new)
    stats = DiffStats(
        words_added=added,
        words_deleted=removed,
        change_ratio=round((added + removed) / total, 4) if total else 0.0,
    )
    return TextDiff(blocks=tuple(blocks), stats=stats)
