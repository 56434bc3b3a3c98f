"""Align two versions of a text and diff them into a :class:`~revtrack.models.TextDiff`.

The way prose differs work, in four steps:

1. Both texts are split into sentences (each with the whitespace before it).
2. Identical sentences are matched first: diff-match-patch over the two sequences of
   sentences. Whitespace before a sentence is not part of the match, so joining or splitting
   paragraphs is a layout change, not a rewrite.
3. Between two matched sentences, the deleted and inserted ones are paired by similarity into
   edited sentences, in order. What is left unpaired anywhere is checked for moves: a sentence
   that left one place and arrived in another, unchanged or nearly, is one move.
4. Inside an edited or moved sentence, a word diff with semantic cleanup marks whole words.

No step has a time-out: the same two texts give the same diff on any machine.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import regex
from diff_match_patch import diff_match_patch

try:
    import fast_diff_match_patch as FAST
except ImportError:  # pragma: no cover - the pure-Python build gives the same diffs, slower
    FAST = None

from revtrack.models import Action, Block, DiffStats, Move, Op, Side, Span, TextDiff
from revtrack.text import count_words, iter_sentences, tokens, words

#: Sentences this similar (Dice coefficient of their words) are one sentence edited.
EDIT_SIMILARITY = 0.4
#: A sentence deleted in one place and inserted this similar elsewhere has moved ...
MOVE_SIMILARITY = 0.8
#: ... if it has at least this many distinct words (``1 of 2`` and ``2 of 2`` are not a move).
MIN_NEAR_MOVE_WORDS = 4
#: Regions larger than this (deleted x inserted sentences) are not searched for edits
#: pair by pair: the work would grow with the square of their size.
MAX_PAIRING_CELLS = 250_000
#: The same bound for the search of sentences that moved and changed on the way.
MAX_MOVE_CELLS = 40_000
#: A passage rewritten in place is compared word by word up to this size; a longer one is
#: shown as deleted plus added (the word diff would grow with the square of its size).
MAX_REWRITE_CHARACTERS = 30_000

_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}
_FAST_OPS = {"=": Op.EQUAL, "-": Op.DELETE, "+": Op.INSERT}
_SURROGATES = range(0xD800, 0xE000)
_LAST_CODE = sys.maxunicode  # the most distinct units a diff can tell apart
_PUNCTUATION = regex.compile(r"\p{P}+")
_HAS_WORD = re.compile(r"\w").search  # a quick test; words proper are counted by count_words
#: The ASCII characters of \p{P}, for a fast path of the same removal.
_ASCII_PUNCTUATION = str.maketrans("", "", "!\"#%&'()*,-./:;?@[\\]_{}")


@dataclass(frozen=True)
class DiffOptions:
    """What the comparison leaves out (the texts themselves are always kept whole)."""

    ignore: tuple[re.Pattern[str], ...] = ()
    ignore_case: bool = False
    ignore_whitespace: bool = False
    ignore_punctuation: bool = False

    def key(self, sentence: str) -> str:
        """What a sentence is compared by; empty when the whole sentence is ignored."""
        for pattern in self.ignore:
            sentence = pattern.sub("", sentence)
        if self.ignore_case:
            sentence = sentence.casefold()
        if self.ignore_punctuation:
            if sentence.isascii():
                sentence = sentence.translate(_ASCII_PUNCTUATION)
            else:
                sentence = _PUNCTUATION.sub("", sentence)
        if self.ignore_whitespace or self.ignore_punctuation or self.ignore:
            return " ".join(sentence.split())
        return sentence.strip()


class _Unit:
    """A sentence of one text: the text before it (whitespace, ignored sentences) and itself.

    One is made per sentence of both texts, so it is kept small (slots, words on demand).
    """

    __slots__ = ("_words", "core", "key", "paragraph", "prefix", "start")

    def __init__(self, prefix: str, core: str, key: str, paragraph: int, start: int) -> None:
        self.prefix = prefix
        self.core = core
        self.key = key
        self.paragraph = paragraph  # 1-based
        self.start = start  # where the unit (its prefix) starts in the text
        self._words: frozenset[str] | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.prefix) + len(self.core)

    @property
    def text(self) -> str:
        return self.prefix + self.core

    @property
    def words(self) -> frozenset[str]:
        """The distinct words of the sentence, for comparing it with others."""
        if self._words is None:
            self._words = frozenset(words(self.core))
        return self._words

    def forget_words(self) -> None:
        self._words = None


_END = "\x00end"  # the key of the sentinel unit that closes every text


def _units(text: str, options: DiffOptions) -> list[_Unit]:
    units: list[_Unit] = []
    pending = ""  # whitespace and ignored sentences, carried to the next sentence
    paragraph = 1
    start = position = 0
    for piece in iter_sentences(text):
        if not pending:
            start = position
        position += len(piece)
        core = piece.lstrip()
        prefix = pending + piece[: len(piece) - len(core)]
        if "\n" in prefix and units:
            paragraph += 1
        key = options.key(core) if core else ""
        if not key:
            pending = prefix + core
            continue
        units.append(_Unit(prefix, core, key, paragraph, start))
        pending = ""
    units.append(_Unit(pending, "", _END, paragraph, start if pending else position))
    return units


# --- diff-match-patch over sequences -----------------------------------------------------


class TooManyUnits(Exception):
    """More distinct units than there are characters to stand for them."""


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never cut short: determinism over speed-dependent approximations
    return dmp


def _encode(units: Sequence[str], table: dict[str, str]) -> str:
    """Map each distinct unit to one character, so the diff runs over units."""
    out = []
    for unit in units:
        char = table.get(unit)
        if char is None:
            code = len(table) + 1
            if code >= _SURROGATES.start:
                code += len(_SURROGATES)
            if code > _LAST_CODE:
                raise TooManyUnits
            char = table[unit] = chr(code)
        out.append(char)
    return "".join(out)


def diff_sequences(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """Diff two sequences of strings: (op, how many items) runs, in order; a minimal diff."""
    table: dict[str, str] = {}
    return _runs(_encode(old, table), _encode(new, table))


def diff_lines(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """A minimal line diff as (op, how many lines) runs, in order."""
    try:
        return diff_sequences(old, new)
    except TooManyUnits:  # more distinct lines than characters: replace all but the ends
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        runs = [
            (Op.EQUAL, head),
            (Op.DELETE, len(old) - head - tail),
            (Op.INSERT, len(new) - head - tail),
            (Op.EQUAL, tail),
        ]
        return [(op, count) for op, count in runs if count]


def _runs(a: str, b: str) -> list[tuple[Op, int]]:
    """diff-match-patch's ``diff_main`` as (op, length) runs, from its C++ build when present.

    Both builds implement the same algorithm; with no time-out and no cleanup they give the
    same runs (a test holds them to it), the C++ one several times faster.
    """
    if FAST is not None:
        counts = FAST.diff(a, b, timelimit=0, checklines=False, cleanup="No", counts_only=True)
        return [(_FAST_OPS[op], length) for op, length in counts if length]
    raw = _engine().diff_main(a, b, False)
    return [(_OPS[op], len(chars)) for op, chars in raw if chars]


def word_spans(old: str, new: str, *, ignored: bool = False) -> list[Span]:
    """A word diff of two short texts: whole words, whitespace and punctuation marked.

    Words and punctuation are matched, whitespace is carried along, so the diff is minimal
    in words. Then a change broken only by spaces or punctuation is joined into one
    ("[-was more guarded-]", not "[-was-] [-more-] [-guarded-]"), which reads as whole words
    replaced and changes no word count.
    """
    if old == new:
        return [Span(Op.EQUAL, old)] if old else []
    old_units, new_units = _word_units(old), _word_units(new)
    try:
        runs = diff_sequences([k for k, _ in old_units], [k for k, _ in new_units])
    except TooManyUnits:
        runs = [(Op.DELETE, len(old_units)), (Op.INSERT, len(new_units))]
    pieces: list[tuple[Op, str]] = []
    i = j = 0
    for op, count in runs:
        if op is Op.INSERT:
            pieces.append((op, "".join(text for _, text in new_units[j : j + count])))
        elif op is Op.DELETE:
            pieces.append((op, "".join(text for _, text in old_units[i : i + count])))
        else:
            same_old, same_new = old_units[i : i + count], new_units[j : j + count]
            if same_old == same_new:  # spacing alike too: the first token apart (it may be
                pieces.append((op, same_old[0][1]))  # folded into a change), then the rest
                if count > 1:
                    pieces.append((op, "".join(text for _, text in same_old[1:])))
            else:
                for (_, before), (_, after) in zip(same_old, same_new, strict=True):
                    pieces.extend(_same_token(before, after))
        i += count if op is not Op.INSERT else 0
        j += count if op is not Op.DELETE else 0
    spans = [Span(op, text, ignored and op is not Op.EQUAL) for op, text in _join_changes(pieces)]
    return list(_merge(spans))


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


def _word_units(text: str) -> list[tuple[str, str]]:
    """(key, text) per word or punctuation token, the text with the whitespace before it;
    whitespace at the end is a unit with an empty key."""
    units: list[tuple[str, str]] = []
    pending = ""
    for token in tokens(text):
        if token.isspace():
            pending += token
        else:
            units.append((token, pending + token))
            pending = ""
    if pending:
        units.append(("", pending))
    return units


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


# --- alignment ---------------------------------------------------------------------------


def _similarity(a: _Unit, b: _Unit, *, at_least: float = 0.0) -> float:
    """Dice coefficient of the sets of the two sentences' words (0 when it cannot reach
    ``at_least``)."""
    small, large = sorted((len(a.words), len(b.words)))
    if not large:
        return 1.0 if a.key == b.key else 0.0
    if 2 * small < at_least * (small + large):
        return 0.0  # the sizes alone keep it below the bar
    return 2 * len(a.words & b.words) / (small + large)


def _pair(
    old: Sequence[int], new: Sequence[int], a: list[_Unit], b: list[_Unit]
) -> list[tuple[int, int]]:
    """Pair deleted and inserted sentences of one region into edits, keeping their order.

    Dynamic programming over the region maximises the summed similarity of the pairs, each
    at least ``EDIT_SIMILARITY``; pairs never cross, so both texts' order is kept.
    """
    if not old or not new or len(old) * len(new) > MAX_PAIRING_CELLS:
        return []
    if len(old) == len(new) == 1:  # the usual case: one sentence edited in place
        fits = _similarity(a[old[0]], b[new[0]], at_least=EDIT_SIMILARITY) >= EDIT_SIMILARITY
        return [(old[0], new[0])] if fits else []
    similar = [[_similarity(a[i], b[j], at_least=EDIT_SIMILARITY) for j in new] for i in old]
    score = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for x in range(len(old) - 1, -1, -1):
        for y in range(len(new) - 1, -1, -1):
            best = max(score[x + 1][y], score[x][y + 1])
            if similar[x][y] >= EDIT_SIMILARITY:
                best = max(best, similar[x][y] + score[x + 1][y + 1])
            score[x][y] = best
    pairs = []
    x = y = 0
    while x < len(old) and y < len(new):
        if similar[x][y] >= EDIT_SIMILARITY and score[x][y] == similar[x][y] + score[x + 1][y + 1]:
            pairs.append((old[x], new[y]))
            x, y = x + 1, y + 1
        elif score[x][y] == score[x + 1][y]:
            x += 1
        else:
            y += 1
    return pairs


def _moves(
    deleted: list[int], inserted: list[int], a: list[_Unit], b: list[_Unit]
) -> dict[int, int]:
    """Unpaired deleted sentences that arrive elsewhere: old index -> new index."""
    moved: dict[int, int] = {}
    waiting: dict[str, list[int]] = defaultdict(list)
    for i in deleted:
        waiting[a[i].key].append(i)
    left: list[int] = []
    for j in inserted:
        same = waiting.get(b[j].key)
        if same:
            moved[same.pop(0)] = j
        else:
            left.append(j)
    remaining = [i for i in deleted if i not in moved]
    if remaining and left and len(remaining) * len(left) <= MAX_MOVE_CELLS:
        candidates = sorted(
            (-similar, i, j)
            for i in remaining
            if len(a[i].words) >= MIN_NEAR_MOVE_WORDS
            for j in left
            if len(b[j].words) >= MIN_NEAR_MOVE_WORDS
            and (similar := _similarity(a[i], b[j], at_least=MOVE_SIMILARITY)) >= MOVE_SIMILARITY
        )
        taken_old: set[int] = set()
        taken_new: set[int] = set()
        for _, i, j in candidates:
            if i not in taken_old and j not in taken_new:
                moved[i] = j
                taken_old.add(i)
                taken_new.add(j)
    return moved


# --- blocks ------------------------------------------------------------------------------


@dataclass
class _Builder:
    """Turns aligned sentences into blocks, counting as it goes."""

    options: DiffOptions
    runs: list[tuple[Action, list[Span], Move | None]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def prefix_spans(self, old: str, new: str, *, layout: bool) -> list[Span]:
        """The text between sentences: layout, and sentences the comparison ignores.

        A change of layout (paragraph breaks) counts only where it is the whole change, as
        when paragraphs are joined or split; next to added, deleted or moved text it is a
        consequence of that change, and left out.
        """
        counts = layout and not self.options.ignore_whitespace
        return [
            Span(s.op, s.text, s.op is not Op.EQUAL and (not s.text.isspace() or not counts))
            for s in word_spans(old, new)
        ]

    def pair_spans(self, old: _Unit, new: _Unit, *, layout: bool = True) -> list[Span]:
        if old.prefix == new.prefix and old.core == new.core:
            return [Span(Op.EQUAL, old.text)] if old.text else []
        prefix = self.prefix_spans(old.prefix, new.prefix, layout=layout)
        return prefix + word_spans(old.core, new.core, ignored=old.key == new.key)

    def one_side(self, unit: _Unit, op: Op, *, shared_prefix: bool = False) -> list[Span]:
        """An added or deleted sentence; a ``shared_prefix`` is in both texts (a sentence
        replaced by another keeps its place in the paragraph)."""
        if not unit.prefix:
            spans = []
        elif shared_prefix:
            spans = [Span(Op.EQUAL, unit.prefix)]
        else:
            spans = [Span(op, unit.prefix, not unit.prefix.isspace())]
        return spans + ([Span(op, unit.core)] if unit.core else [])

    def add(self, action: Action, spans: list[Span], move: Move | None = None) -> None:
        if not spans:
            return
        last = self.runs[-1] if self.runs else None
        joins = action in (Action.EQUAL, Action.ADDED, Action.DELETED) and move is None
        if last is not None and last[0] is action and joins:
            last[1].extend(spans)
        else:
            self.runs.append((action, spans, move))

    def blocks(self) -> tuple[Block, ...]:
        """The runs as blocks; consecutive sentences of one move and side become one block."""
        out: list[tuple[Action, list[Span], Move | None]] = []
        for action, spans, move in self.runs:
            last = out[-1] if out else None
            if (
                last is not None
                and move is not None
                and last[2] is not None
                and ((last[2].id, last[2].side) == (move.id, move.side))
            ):
                last[1].extend(spans)
            else:
                out.append((action, list(spans), move))
        return tuple(Block(action, tuple(_merge(spans)), move) for action, spans, move in out)


def _merge(spans: Iterable[Span]) -> Iterator[Span]:
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


def diff(old: str, new: str, options: DiffOptions | None = None) -> TextDiff:
    """Compare two texts: sentences aligned, moves found, words marked inside edits."""
    options = options or DiffOptions()
    a, b = _units(old, options), _units(new, options)
    try:
        runs = diff_sequences([u.key for u in a], [u.key for u in b])
    except TooManyUnits:  # nothing can be matched: compare as one region
        runs = [(Op.DELETE, len(a) - 1), (Op.INSERT, len(b) - 1), (Op.EQUAL, 1)]

    # Regions of deleted and inserted sentences between matched ones; pairs inside them.
    steps: list[tuple[str, int, int]] = []  # ("equal"|"pair"|"del"|"ins", old index, new index)
    i = j = 0
    region_old: list[int] = []
    region_new: list[int] = []

    def close_region() -> None:
        pairs = _pair(region_old, region_new, a, b)
        for paired_old, paired_new in pairs:  # never compared again: free their words
            a[paired_old].forget_words()
            b[paired_new].forget_words()
        x = y = 0
        for pi, pj in [*pairs, (None, None)]:
            while x < len(region_old) and (pi is None or region_old[x] < pi):
                steps.append(("del", region_old[x], -1))
                x += 1
            while y < len(region_new) and (pj is None or region_new[y] < pj):
                steps.append(("ins", -1, region_new[y]))
                y += 1
            if pi is not None and pj is not None:
                steps.append(("pair", pi, pj))
                x, y = x + 1, y + 1
        region_old.clear()
        region_new.clear()

    for op, count in runs:
        if op is Op.EQUAL:
            close_region()
            steps.extend(("equal", i + k, j + k) for k in range(count))
            i, j = i + count, j + count
        elif op is Op.DELETE:
            region_old.extend(range(i, i + count))
            i += count
        else:
            region_new.extend(range(j, j + count))
            j += count
    close_region()

    moved = _moves(
        [s[1] for s in steps if s[0] == "del"], [s[2] for s in steps if s[0] == "ins"], a, b
    )
    arrived = {new_index: old_index for old_index, new_index in moved.items()}
    move_ids = _move_ids(moved)

    build = _Builder(options)
    rewrites = _rewrites(steps, moved, arrived, a, b)
    replaced = {  # a deleted sentence right before an added one with the same whitespace
        (x, steps[k + 1][2])
        for k, (kind, x, _) in enumerate(steps[:-1])
        if kind == "del"
        and x not in moved
        and steps[k + 1][0] == "ins"
        and steps[k + 1][2] not in arrived
        and a[x].prefix == b[steps[k + 1][2]].prefix
        and a[x].prefix.isspace()
    }
    shared_old = {x for x, _ in replaced}
    shared_new = {y for _, y in replaced}
    previous = "equal"
    skip_to = 0
    move_spans: dict[int, list[Span]] = {}  # both sides of a move share its word diff
    same = [0, 0]  # a stretch of the old text whose sentences are all in the new one as well

    def flush_same() -> None:
        if same[1] > same[0]:
            build.add(Action.EQUAL, [Span(Op.EQUAL, old[same[0] : same[1]])])
        same[0] = same[1] = 0

    for k, (kind, x, y) in enumerate(steps):
        if k < skip_to:
            continue
        if kind == "equal" and a[x].prefix == b[y].prefix and a[x].core == b[y].core:
            if same[1] != a[x].start or same[1] == same[0]:
                flush_same()
                same[0] = a[x].start
            same[1] = a[x].end  # one slice of the old text, not a span per sentence
            previous = kind
            continue
        flush_same()
        if k in rewrites:
            spans, deleted, added, skip_to = rewrites[k]
            build.counts["deleted"] += deleted
            build.counts["added"] += added
            build.add(Action.EDITED, spans)
            previous = "ins"
            continue
        if kind == "equal":
            build.add(Action.EQUAL, build.pair_spans(a[x], b[y], layout=previous == "equal"))
        elif kind == "pair":
            build.counts["edited"] += 1
            spans = build.pair_spans(a[x], b[y], layout=previous == "equal")
            build.add(Action.EDITED, list(_merge(spans)))
        elif kind == "del" and x in moved:
            y = moved[x]
            move = Move(move_ids[x], Side.FROM, a[x].paragraph, b[y].paragraph)
            spans = move_spans[x] = build.pair_spans(a[x], b[y], layout=False)
            build.add(Action.MOVED, spans, move)
        elif kind == "ins" and y in arrived:
            x = arrived[y]
            build.counts["moved"] += 1
            move = Move(move_ids[x], Side.TO, a[x].paragraph, b[y].paragraph)
            spans = move_spans.get(x) or build.pair_spans(a[x], b[y], layout=False)
            build.add(Action.MOVED, list(spans), move)
        elif kind == "del":
            build.counts["deleted"] += 1
            spans = build.one_side(a[x], Op.DELETE, shared_prefix=x in shared_old)
            build.add(Action.DELETED, spans)
        else:
            build.counts["added"] += 1
            # The whitespace before a replacing sentence went out with the one it replaces.
            spans = build.one_side(b[y], Op.INSERT)
            build.add(Action.ADDED, spans[1:] if y in shared_new and b[y].prefix else spans)
        previous = kind
    flush_same()

    blocks = build.blocks()
    return TextDiff(blocks=blocks, stats=_stats(blocks, build.counts, old, new))


def _rewrites(
    steps: Sequence[tuple[str, int, int]],
    moved: dict[int, int],
    arrived: dict[int, int],
    a: list[_Unit],
    b: list[_Unit],
) -> dict[int, tuple[list[Span], int, int, int]]:
    """Passages rewritten in place: deleted sentences replaced by added ones, unpaired.

    When the deleted and the added text still share words, the passage is compared word by
    word as one edit, so that no shared word is reported as changed (the diff stays
    minimal); when they share none, it stays deleted plus added. Keyed by the first step;
    each value is the spans, the sentences deleted and added, and the step after the run.
    """
    found: dict[int, tuple[list[Span], int, int, int]] = {}
    k = 0
    while k < len(steps):
        end = k
        while end < len(steps) and (
            (steps[end][0] == "del" and steps[end][1] not in moved)
            or (steps[end][0] == "ins" and steps[end][2] not in arrived)
        ):
            end += 1
        run = steps[k:end]
        olds = [a[x] for kind, x, _ in run if kind == "del"]
        news = [b[y] for kind, _, y in run if kind == "ins"]
        shared = olds and news and not _words_of(olds).isdisjoint(_words_of(news))
        small = sum(len(u.core) for u in olds + news) <= MAX_REWRITE_CHARACTERS
        if shared and small and all(u.prefix.isspace() or not u.prefix for u in olds + news):
            spans = word_spans("".join(u.text for u in olds), "".join(u.text for u in news))
            if any(s.op is Op.EQUAL and count_words(s.text) for s in spans):
                found[k] = (spans, len(olds), len(news), end)
        k = max(end, k + 1)
    return found


def _words_of(units: Sequence[_Unit]) -> frozenset[str]:
    return frozenset().union(*(unit.words for unit in units))


def _move_ids(moved: dict[int, int]) -> dict[int, int]:
    """Number moves; neighbouring sentences that moved together share one number."""
    ids: dict[int, int] = {}
    current = 0
    previous: tuple[int, int] | None = None
    for old_index, new_index in sorted(moved.items(), key=lambda item: item[1]):
        if previous != (old_index - 1, new_index - 1):
            current += 1
        ids[old_index] = current
        previous = (old_index, new_index)
    return ids


def _stats(blocks: Sequence[Block], counts: Counter[str], old: str, new: str) -> DiffStats:
    added = deleted = changed = 0
    for block in blocks:
        if block.move is not None and block.move.side is Side.FROM:
            continue  # a move's changes are counted once, where it arrived
        for span in block.spans:
            if span.op is not Op.EQUAL and not span.ignored:
                words = count_words(span.text)
                added += words if span.op is Op.INSERT else 0
                deleted += words if span.op is Op.DELETE else 0
                changed += len(span.text)
    total = len(old) + len(new)
    return DiffStats(
        sentences_added=counts["added"],
        sentences_deleted=counts["deleted"],
        sentences_edited=counts["edited"],
        sentences_moved=counts["moved"],
        words_added=added,
        words_deleted=deleted,
        change_ratio=round(changed / total, 4) if total else 0.0,
    )
