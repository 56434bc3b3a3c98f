"""A word diff of two short texts (a sentence, a passage): whole words, whitespace and
punctuation marked, minimal in words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate, compress
from operator import not_

from revtrack.models import Op, Span
from revtrack.sequences import TooManyUnits, diff_sequences
from revtrack.text import tokens

_HAS_WORD = re.compile(r"\w").search  # a quick test; words proper are counted by count_words


#: A piece of a word diff: its op, its text, and whether the comparison leaves it out (a
#: :class:`~revtrack.models.Span`'s fields; the engine joins pieces before it makes spans).
Piece = tuple[Op, str, bool]


def word_spans(old: str, new: str, *, ignored: bool = False) -> list[Span]:
    """A word diff of two short texts: whole words, whitespace and punctuation marked.

    Words and punctuation are matched, whitespace is carried along, so the diff is minimal
    in words. Then a change broken only by spaces or punctuation is joined into one
    ("[-was more guarded-]", not "[-was-] [-more-] [-guarded-]"), which reads as whole words
    replaced and changes no word count.
    """
    return [Span(*piece) for piece in word_pieces(old, new, ignored=ignored)]


def word_pieces(old: str, new: str, *, ignored: bool = False) -> list[Piece]:
    """:func:`word_spans` as pieces, no span made."""
    if old == new:
        return [(Op.EQUAL, old, False)] if old else []
    pieces: list[Piece] = []
    kind: Op | None = None  # neighbouring pieces of one kind are joined before a span is made
    texts: list[str] = []
    for op, text in _join_changes(_word_pieces(_Units(old), _Units(new))):
        if op is not kind:
            if kind is not None:
                pieces.append((kind, "".join(texts), ignored and kind is not Op.EQUAL))
            kind, texts = op, []
        texts.append(text)
    if kind is not None:
        pieces.append((kind, "".join(texts), ignored and kind is not Op.EQUAL))
    return pieces


class _Units:
    """A text's words and punctuation tokens (its units), each with the whitespace before
    it; whitespace at the end is a unit with an empty key. Unit ``k`` is the text from
    ``ends[k - 1]`` to ``ends[k]``, compared by ``keys[k]``: its token. Found by the C-level
    builtins over the list of tokens, no loop in Python."""

    __slots__ = ("ends", "keys", "text")

    def __init__(self, text: str) -> None:
        found = tokens(text)
        wordy = list(map(not_, map(str.isspace, found)))
        self.text = text
        self.keys = list(compress(found, wordy))
        self.ends = list(compress(accumulate(map(len, found)), wordy))
        if found and not wordy[-1]:
            self.keys.append("")
            self.ends.append(len(text))

    def start(self, k: int) -> int:
        return self.ends[k - 1] if k else 0

    def span(self, k: int, count: int) -> str:
        """The text of ``count`` units from unit ``k``."""
        return self.text[self.start(k) : self.ends[k + count - 1]]


def _word_pieces(old: _Units, new: _Units) -> list[tuple[Op, str]]:
    """The tokens of two texts matched by their keys: (op, text) pieces, in order."""
    try:
        runs = diff_sequences(old.keys, new.keys)
    except TooManyUnits:
        runs = [(Op.DELETE, len(old.keys)), (Op.INSERT, len(new.keys))]
    pieces: list[tuple[Op, str]] = []
    i = j = 0
    for op, count in runs:
        if op is Op.INSERT:
            pieces.append((op, new.span(j, count)))
            j += count
        elif op is Op.DELETE:
            pieces.append((op, old.span(i, count)))
            i += count
        else:
            pieces.extend(_equal_pieces(old, i, new, j, count))
            i, j = i + count, j + count
    return pieces


def _equal_pieces(old: _Units, i: int, new: _Units, j: int, count: int) -> Iterator[tuple[Op, str]]:
    """``count`` tokens matched in both texts, from unit ``i`` of the old and ``j`` of the
    new; the whitespace before them may differ."""
    same = old.span(i, count)
    if same == new.span(j, count):
        # Spacing alike too (the same tokens and the same text: each unit's whitespace is
        # what is before its token): the first token apart (it may be folded into a
        # change), then the rest.
        first = old.ends[i] - old.start(i)
        yield Op.EQUAL, same[:first]
        if count > 1:
            yield Op.EQUAL, same[first:]
        return
    for k in range(count):
        yield from _same_token(old.span(i + k, 1), new.span(j + k, 1))


def _same_token(before: str, after: str) -> Iterator[tuple[Op, str]]:
    """One token in both texts, with the whitespace before it in each."""
    if before == after:
        yield Op.EQUAL, before
        return
    token = before.lstrip()
    if before != token:
        yield Op.DELETE, before[: len(before) - len(token)]
    if after != token:
        yield Op.INSERT, after[: len(after) - len(token)]
    if token:
        yield Op.EQUAL, token


def _join_changes(pieces: list[tuple[Op, str]]) -> Iterator[tuple[Op, str]]:
    """Fold wordless equal pieces (spaces, punctuation) between replacements into them."""
    deleted: list[str] = []
    inserted: list[str] = []
    held = ""  # a wordless equal piece waiting to see whether a change follows it
    for op, text in pieces:
        if op is Op.EQUAL and deleted and inserted and not held and not _HAS_WORD(text):
            held = text
            continue
        if op is Op.EQUAL:
            if deleted or inserted:
                yield from _flush(deleted, inserted)
            if held:
                yield Op.EQUAL, held
                held = ""
            yield op, text
            continue
        if held:  # a change follows: the spaces between become part of both sides
            deleted.append(held)
            inserted.append(held)
            held = ""
        (deleted if op is Op.DELETE else inserted).append(text)
    yield from _flush(deleted, inserted)
    if held:
        yield Op.EQUAL, held


def _flush(deleted: list[str], inserted: list[str]) -> Iterator[tuple[Op, str]]:
    """The pending change; whitespace that starts or ends both of its sides is left out."""
    old, new = "".join(deleted), "".join(inserted)
    deleted.clear()
    inserted.clear()
    head = len(old) - len(old.lstrip()) if old and new else 0
    head = min(head, len(new) - len(new.lstrip()))
    while head and old[:head] != new[:head]:
        head -= 1
    if head:
        yield Op.EQUAL, old[:head]
        old, new = old[head:], new[head:]
    tail = len(old) - len(old.rstrip()) if old and new else 0
    tail = min(tail, len(new) - len(new.rstrip()))
    while tail and old[-tail:] != new[-tail:]:
        tail -= 1
    if old[: len(old) - tail]:
        yield Op.DELETE, old[: len(old) - tail]
    if new[: len(new) - tail]:
        yield Op.INSERT, new[: len(new) - tail]
    if tail:
        yield Op.EQUAL, old[-tail:]


def merge(spans: Iterable[Span]) -> Iterator[Span]:
    """Join neighbouring spans of the same kind."""
    kind: tuple[Op, bool] | None = None
    texts: list[str] = []
    for span in spans:
        if (span.op, span.ignored) != kind:
            if kind is not None:
                yield Span(kind[0], "".join(texts), kind[1])
            kind, texts = (span.op, span.ignored), []
        texts.append(span.text)
    if kind is not None:
        yield Span(kind[0], "".join(texts), kind[1])


class Joining:
    """Pieces joined into spans as they come, as :func:`merge` joins spans: a run of 100,000 deleted
    sentences is one span, not 200,000."""

    __slots__ = ("chunks", "kind", "spans", "texts")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.kind: tuple[Op, bool] | None = None  # of the span being joined
        self.texts: list[str] = []  # its texts, the last ones
        self.chunks: list[str] = []  # and the ones before them, joined a thousand at a time

    def extend(self, pieces: Iterable[Piece]) -> None:
        for op, text, ignored in pieces:
            if (op, ignored) != self.kind:
                self.close()
                self.kind = (op, ignored)
            self.texts.append(text)
            if len(self.texts) >= _CHUNK:
                self.chunks.append("".join(self.texts))
                self.texts.clear()

    def close(self) -> None:
        if self.kind is not None:
            self.spans.append(Span(self.kind[0], "".join(self.chunks + self.texts), self.kind[1]))
            self.chunks.clear()
            self.texts.clear()
            self.kind = None

    def finished(self) -> list[Span]:
        """The spans, joined."""
        self.close()
        return self.spans


_CHUNK = 1024
