"""Align two versions of a text and diff them into a :class:`~revtrack.models.TextDiff`.

The way prose differs work, in four steps:

1. Both texts are split into sentences (each with the whitespace before it).
2. Identical sentences are matched first: a minimal diff of the two sequences of sentences
   (:mod:`revtrack.sequences`). Whitespace before a sentence is not part of the match, so
   joining or splitting paragraphs is a layout change, not a rewrite.
3. Between two matched sentences, the deleted and inserted ones are paired by similarity into
   edited sentences, in order. What is left unpaired anywhere is checked for moves: a sentence
   that left one place and arrived in another, unchanged or nearly, is one move.
4. Inside an edited or moved sentence, a word diff with semantic cleanup marks whole words.

No step has a time-out: the same two texts give the same diff on any machine.
"""

from __future__ import annotations

import gc
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

from revtrack.models import Action, Block, DiffStats, Move, Op, Side, Span, TextDiff
from revtrack.noise import DiffOptions
from revtrack.sentences import Keys, Sentences, split
from revtrack.sequences import TooManyUnits, alike_sets, diff_encoded, ordered_pairs
from revtrack.text import count_words, words
from revtrack.worddiff import Joining, Piece, merge, word_pieces
from revtrack.worddiff import word_spans as word_spans  # (the engine's word diff, for its users)

#: Sentences this similar (Dice coefficient of their words) are one sentence edited.
EDIT_SIMILARITY = 0.4
#: A sentence deleted in one place and inserted this similar elsewhere has moved ...
MOVE_SIMILARITY = 0.7
#: ... if it has at least this many distinct words (``1 of 2`` and ``2 of 2`` are not a move).
MIN_NEAR_MOVE_WORDS = 4
#: Regions larger than this (deleted x inserted sentences) are not searched for edits pair
#: by pair, nor regions past twice this in all: the work would grow with their square.
MAX_PAIRING_CELLS = 250_000
#: The most pairs of deleted and inserted sentences compared in the search of sentences
#: that moved and changed on the way (only pairs that share rare words are).
MAX_MOVE_PAIRS = 200_000
#: A passage rewritten in place is compared word by word up to this size; a longer one is
#: deleted plus added (a word diff's work grows as the square of its size) ...
MAX_REWRITE_CHARACTERS = 30_000
#: ... and passages as long as their squared sizes (in characters) add up to this: three of
#: the longest, or a long revision's many short ones.
MAX_REWRITE_WORK = 3 * MAX_REWRITE_CHARACTERS**2

_PLAIN = DiffOptions()


def diff(old: str, new: str, options: DiffOptions | None = None) -> TextDiff:
    """Compare two texts: sentences aligned, moves found, words marked inside edits."""
    if not gc.isenabled():
        return _diff(old, new, options or DiffOptions())
    # The engine makes many objects and no reference cycles: the collector's passes over
    # every object found nothing to free and took a fifth of a 1M-word diff (some 0.8 s).
    gc.disable()
    try:
        return _diff(old, new, options or DiffOptions())
    finally:
        gc.enable()


def _diff(old: str, new: str, options: DiffOptions) -> TextDiff:
    keys = Keys(options)
    a, b = split(old, keys), split(new, keys)  # 1. sentences
    hits = keys.hits
    del keys  # (the codes stand for the keys from here on)
    steps = _align(a, b)  # 2. identical sentences matched; 3. the others paired into edits
    moved = _moves(steps, a, b)  # 3. and what is left unpaired checked for moves
    build = _Builder(options, a, b, steps, moved)  # 4. word diffs, in blocks
    blocks = build.blocks()
    return TextDiff(blocks, _stats(blocks, build.counts, old, new), (hits[0], hits[1]))


# --- alignment ---------------------------------------------------------------------------

# What a step of the alignment is:
_EQUAL = 0  # a sentence matched in both texts (as far as the comparison looks)
_PAIR = 1  # a sentence edited: a deleted and an inserted one paired
_DELETE = 2  # a sentence only in the old text (it may have moved)
_INSERT = 3  # a sentence only in the new text (it may have moved)


class _Steps:
    """Both texts' sentences in order, as steps: each its kind, the old sentence's index and
    the new one's (-1 for none). One is made per sentence, so they are kept as arrays."""

    __slots__ = ("kinds", "news", "olds")

    def __init__(self) -> None:
        self.kinds, self.olds, self.news = bytearray(), array("q"), array("q")

    def __len__(self) -> int:
        return len(self.kinds)

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return zip(self.kinds, self.olds, self.news, strict=True)

    def add(self, kind: int, x: int, y: int) -> None:
        self.kinds.append(kind)
        self.olds.append(x)
        self.news.append(y)

    def equal(self, i: int, j: int, count: int) -> None:
        """``count`` sentences matched, from ``i`` in the old text and ``j`` in the new."""
        self.kinds += bytes(count)  # (_EQUAL is 0)
        self.olds.extend(range(i, i + count))
        self.news.extend(range(j, j + count))

    def between(self, start: int, end: int) -> tuple[list[int], list[int]]:
        """The sentences deleted, and those inserted, by the steps from ``start`` to ``end``."""
        kinds = self.kinds[start:end]
        olds = [x for x, kind in zip(self.olds[start:end], kinds, strict=True) if kind == _DELETE]
        news = [y for y, kind in zip(self.news[start:end], kinds, strict=True) if kind == _INSERT]
        return olds, news

    def deleted(self, old: range) -> None:
        self.kinds += bytes([_DELETE]) * len(old)
        self.olds.extend(old)
        self.news.extend([-1] * len(old))

    def inserted(self, new: range) -> None:
        self.kinds += bytes([_INSERT]) * len(new)
        self.olds.extend([-1] * len(new))
        self.news.extend(new)


def _align(a: Sentences, b: Sentences) -> _Steps:
    """Both texts' sentences in order, as steps: identical sentences matched, and between
    them the deleted and inserted ones, paired into edits where they are alike."""
    steps = _Steps()
    cells = [2 * MAX_PAIRING_CELLS]  # what pairing may still cost
    i = j = 0
    region_i, region_j = 0, 0  # where the region of deleted and inserted sentences starts
    for op, count in _sentence_runs(a, b):
        if op is Op.EQUAL:
            _region(range(region_i, i), range(region_j, j), a, b, cells, steps)
            steps.equal(i, j, count)
            i, j = i + count, j + count
            region_i, region_j = i, j
        elif op is Op.DELETE:
            i += count
        else:
            j += count
    _region(range(region_i, i), range(region_j, j), a, b, cells, steps)
    return steps


def _sentence_runs(a: Sentences, b: Sentences) -> list[tuple[Op, int]]:
    """Identical sentences matched: (op, how many sentences) runs over both texts."""
    try:
        return diff_encoded(a.encoded(), b.encoded())
    except TooManyUnits:  # nothing can be matched: compare as one region
        return [(Op.DELETE, len(a) - 1), (Op.INSERT, len(b) - 1), (Op.EQUAL, 1)]


def _region(
    old: range, new: range, a: Sentences, b: Sentences, cells: list[int], steps: _Steps
) -> None:
    """The steps of a region of deleted and inserted sentences between matched ones: the
    pairs as edits, and the rest in order around them, deleted before inserted."""
    x, y = old.start, new.start
    for paired_old, paired_new in _pair(old, new, a, b, cells):
        steps.deleted(range(x, paired_old))
        steps.inserted(range(y, paired_new))
        steps.add(_PAIR, paired_old, paired_new)
        x, y = paired_old + 1, paired_new + 1
    a.forget_words()  # never compared again, or seldom: free their words
    b.forget_words()
    steps.deleted(range(x, old.stop))
    steps.inserted(range(y, new.stop))


def _similarity(
    a: Sentences, i: int, b: Sentences, j: int, *, at_least: float = 0.0, said: bool = False
) -> float:
    """Dice coefficient of the sets of the two sentences' words, or (``said``) of what they
    say (0 when it cannot reach ``at_least``)."""
    x, y = (a.claim(i), b.claim(j)) if said else (a.words(i), b.words(j))
    small, large = sorted((len(x), len(y)))
    if not large:
        return 1.0 if a.codes[i] == b.codes[j] else 0.0
    if 2 * small < at_least * (small + large):
        return 0.0  # the sizes alone keep it below the bar
    return 2 * len(x & y) / (small + large)


def _pair(
    old: range, new: range, a: Sentences, b: Sentences, cells: list[int]
) -> list[tuple[int, int]]:
    """Pair deleted and inserted sentences of one region into edits, keeping their order.

    Dynamic programming over the region maximises the summed similarity of the pairs, each
    at least ``EDIT_SIMILARITY``; pairs never cross, so both texts' order is kept.
    """
    if not old or not new or len(old) * len(new) > min(MAX_PAIRING_CELLS, cells[0]):
        return []
    cells[0] -= len(old) * len(new)
    if len(old) == len(new) == 1:  # the usual case: one sentence edited in place
        fits = _similarity(a, old[0], b, new[0], at_least=EDIT_SIMILARITY, said=True)
        return [(old[0], new[0])] if fits >= EDIT_SIMILARITY else []
    similar = _similarities(old, new, a, b)
    return [(old[x], new[y]) for x, y in ordered_pairs(similar, EDIT_SIMILARITY)]


def _similarities(old: range, new: range, a: Sentences, b: Sentences) -> list[list[float]]:
    """:func:`_similarity` of what each deleted and each inserted sentence of a region say (0
    below ``EDIT_SIMILARITY``), the words of each sentence taken once."""
    columns = [(b.claim(j), b.codes[j]) for j in new]
    rows = []
    for i in old:
        x, code, size = a.claim(i), a.codes[i], len(a.claim(i))
        row = []
        for y, other in columns:
            total = size + len(y)
            if not total:
                row.append(1.0 if code == other else 0.0)
            elif 2 * min(size, len(y)) < EDIT_SIMILARITY * total:
                row.append(0.0)  # the sizes alone keep it below the bar
            else:
                row.append(2 * len(x & y) / total)
        rows.append(row)
    return rows


def _moves(steps: _Steps, a: Sentences, b: Sentences) -> dict[int, int]:
    """Deleted sentences that arrive elsewhere, unchanged or nearly: old index -> new index."""
    deleted = array("q", (x for kind, x, _ in steps if kind == _DELETE))
    inserted = array("q", (y for kind, _, y in steps if kind == _INSERT))
    moved, left = _unchanged_moves(deleted, inserted, a, b)
    remaining = [i for i in deleted if i not in moved]
    if remaining and left:
        moved.update(_near_moves(remaining, left, a, b))
    return moved


def _unchanged_moves(
    deleted: Sequence[int], inserted: Sequence[int], a: Sentences, b: Sentences
) -> tuple[dict[int, int], list[int]]:
    """Deleted sentences inserted unchanged elsewhere (old index -> new index), first come
    first matched; and the inserted sentences left over."""
    codes_a, codes_b = a.codes, b.codes
    top = max(max(codes_a), max(codes_b))
    arriving = bytearray(top + 1)  # the codes of inserted sentences
    for j in inserted:
        arriving[codes_b[j]] = 1
    waiting: dict[int, list[int]] = defaultdict(list)  # (only those that may have moved)
    for i in reversed(deleted):  # the first one last, to be taken first
        if arriving[codes_a[i]]:
            waiting[codes_a[i]].append(i)
    moved: dict[int, int] = {}
    left: list[int] = []
    for j in inserted:
        same = waiting.get(codes_b[j])
        if same:
            moved[same.pop()] = j
        else:
            left.append(j)
    return moved, left


def _near_moves(
    deleted: list[int], inserted: list[int], a: Sentences, b: Sentences
) -> dict[int, int]:
    """Deleted sentences inserted elsewhere nearly unchanged: old index -> new index, the most
    similar matched first (none when too many pairs would have to be compared)."""
    olds, news = _WordSets(a, deleted), _WordSets(b, inserted)
    pairs = alike_sets(olds, news, MOVE_SIMILARITY, MAX_MOVE_PAIRS) if deleted and inserted else []
    candidates = sorted(_alike(pairs or (), a, b, MOVE_SIMILARITY))
    a.forget_words()  # (those of the pairs compared)
    b.forget_words()
    moved: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in candidates:
        if i not in moved and j not in taken:
            moved[i] = j
            taken.add(j)
    return moved


def _alike(
    pairs: Iterable[tuple[int, int]], a: Sentences, b: Sentences, least: float
) -> Iterator[tuple[float, int, int]]:
    """The pairs of sentences (each with words) whose :func:`_similarity` reaches ``least``,
    as ``(-similarity, i, j)``; the pairs of one old sentence together, as ``alike_sets``
    lists them, so that its words are looked up once (some 90,000 pairs at 1M words)."""
    i, x = -1, frozenset[str]()
    for k, j in pairs:
        if k != i:
            i, x = k, a.words(k)
        y = b.words(j)
        total = len(x) + len(y)
        if 2 * min(len(x), len(y)) >= least * total:  # (else the sizes keep it below)
            similar = 2 * len(x & y) / total
            if similar >= least:
                yield -similar, i, j


class _WordSets:
    """The distinct words of sentences of a text with ``MIN_NEAR_MOVE_WORDS`` or more, by index,
    made anew each time they are read: kept, a replaced text's took 30 times its size."""

    def __init__(self, side: Sentences, units: Sequence[int]) -> None:
        self.side, self.units = side, units

    def items(self) -> Iterator[tuple[int, frozenset[str]]]:
        for k in self.units:
            found = frozenset(words(self.side.core(k)))
            if len(found) >= MIN_NEAR_MOVE_WORDS:
                yield k, found

    def values(self) -> Iterator[frozenset[str]]:
        return (found for _, found in self.items())


# --- blocks ------------------------------------------------------------------------------


class _Run(Joining):
    """A block being made: its action and move, and its spans."""

    __slots__ = ("action", "move")

    def __init__(self, action: Action, move: Move | None) -> None:
        super().__init__()
        self.action, self.move = action, move


class _Builder:
    """Turns the steps of an alignment into blocks, counting sentences as it goes."""

    def __init__(
        self,
        options: DiffOptions,
        a: Sentences,
        b: Sentences,
        steps: _Steps,
        moved: dict[int, int],
    ) -> None:
        self.options = options
        self.a, self.b = a, b
        self.steps = steps
        self.moved = moved
        self.arrived = {new_index: old_index for old_index, new_index in moved.items()}
        self.move_ids = _move_ids(moved)
        self.move_spans: dict[int, list[Piece]] = {}  # both sides of a move share its word diff
        self.rewrites = _rewrites(steps, moved, self.arrived, a, b)
        self.shared_old, self.shared_new = _replaced(steps, moved, self.arrived, a, b)
        self.runs: list[_Run] = []
        self.counts: Counter[str] = Counter()

    def blocks(self) -> tuple[Block, ...]:
        """The blocks of the diff, made step by step."""
        a, b = self.a, self.b
        plain = self.options == _PLAIN  # sentences of one code are then the same sentence
        previous = _EQUAL
        skip_to = 0
        # A stretch of the old text whose sentences are all in the new one as well, unchanged.
        same_start = same_end = 0
        for k, (kind, x, y) in enumerate(self.steps):
            if k < skip_to:
                continue
            if kind == _EQUAL and (a.same_before(x, b, y) if plain else a.same(x, b, y)):
                if same_end != a.start(x) or same_end == same_start:
                    self.add_same(same_start, same_end)
                    same_start = a.start(x)
                same_end = a.end(x)  # one slice of the old text, not a span per sentence
                previous = kind
                continue
            self.add_same(same_start, same_end)
            same_start = same_end = 0
            if k in self.rewrites:
                skip_to = self.add_rewrite(k)
                previous = _INSERT
                continue
            self.add_step(kind, x, y, layout=previous == _EQUAL)
            previous = kind
        self.add_same(same_start, same_end)
        return self.joined_blocks()

    def add_same(self, start: int, end: int) -> None:
        """Unchanged sentences: the old text from ``start`` to ``end``, if not empty."""
        if end > start:
            self.add(Action.EQUAL, [(Op.EQUAL, self.a.text[start:end], False)])

    def add_rewrite(self, k: int) -> int:
        """The passage rewritten in place that starts at step ``k``; the step after it."""
        spans, deleted, added, end = self.rewrites[k]
        self.counts["deleted"] += deleted
        self.counts["added"] += added
        self.add(Action.REPLACED, spans)
        return end

    def add_step(self, kind: int, x: int, y: int, *, layout: bool) -> None:
        """A step that is not an unchanged sentence; ``layout`` when it follows a matched one."""
        if kind == _EQUAL:
            self.add(Action.EQUAL, self.pair_spans(x, y, layout=layout))
        elif kind == _PAIR:
            self.counts["edited"] += 1
            self.add(Action.EDITED, self.pair_spans(x, y, layout=layout))  # (joined by the run)
        elif kind == _DELETE:
            self.add_deleted(x)
        else:
            self.add_inserted(y)

    def add_deleted(self, x: int) -> None:
        """Sentence ``x`` of the old text, deleted or moved away."""
        if x in self.moved:
            self.add_moved_from(x, self.moved[x])
            return
        self.counts["deleted"] += 1
        spans = self.one_side(self.a, x, Op.DELETE, shared_prefix=x in self.shared_old)
        self.add(Action.DELETED, spans)

    def add_inserted(self, y: int) -> None:
        """Sentence ``y`` of the new text, added or moved here."""
        if y in self.arrived:
            self.add_moved_to(self.arrived[y], y)
            return
        self.counts["added"] += 1
        # The whitespace before a replacing sentence went out with the one it replaces.
        spans = self.one_side(self.b, y, Op.INSERT)
        shared = y in self.shared_new and self.b.cores[y] > self.b.start(y)
        self.add(Action.ADDED, spans[1:] if shared else spans)

    def add_moved_from(self, x: int, y: int) -> None:
        move = Move(self.move_ids[x], Side.FROM, self.a.paragraphs[x], self.b.paragraphs[y])
        spans = self.move_spans[x] = self.pair_spans(x, y, layout=False)
        self.add(Action.MOVED, spans, move)

    def add_moved_to(self, x: int, y: int) -> None:
        self.counts["moved"] += 1
        move = Move(self.move_ids[x], Side.TO, self.a.paragraphs[x], self.b.paragraphs[y])
        spans = self.move_spans.get(x) or self.pair_spans(x, y, layout=False)
        self.add(Action.MOVED, list(spans), move)

    def prefix_spans(self, old: str, new: str, *, layout: bool) -> list[Piece]:
        """The text between sentences: layout, and sentences the comparison ignores.

        A change of layout (paragraph breaks) counts only where it is the whole change, as
        when paragraphs are joined or split; next to added, deleted or moved text it is a
        consequence of that change, and left out.
        """
        counts = layout and not self.options.ignore_whitespace
        return [
            (op, text, op is not Op.EQUAL and (not text.isspace() or not counts))
            for op, text, _ in word_pieces(old, new)
        ]

    def pair_spans(self, x: int, y: int, *, layout: bool = True) -> list[Piece]:
        """Sentence ``x`` of the old text against sentence ``y`` of the new."""
        a, b = self.a, self.b
        if a.same(x, b, y):
            return [(Op.EQUAL, a.whole(x), False)] if a.end(x) > a.start(x) else []
        prefix = self.prefix_spans(a.prefix(x), b.prefix(y), layout=layout)
        return prefix + word_pieces(a.core(x), b.core(y), ignored=a.codes[x] == b.codes[y])

    @staticmethod
    def one_side(side: Sentences, k: int, op: Op, *, shared_prefix: bool = False) -> list[Piece]:
        """An added or deleted sentence; a ``shared_prefix`` is in both texts (a sentence
        replaced by another keeps its place in the paragraph)."""
        prefix, core = side.prefix(k), side.core(k)
        if not prefix:
            spans = []
        elif shared_prefix:
            spans = [(Op.EQUAL, prefix, False)]
        else:
            spans = [(op, prefix, not prefix.isspace())]
        return spans + ([(op, core, False)] if core else [])

    def add(self, action: Action, spans: list[Piece], move: Move | None = None) -> None:
        if not spans:
            return
        last = self.runs[-1] if self.runs else None
        joins = action in (Action.EQUAL, Action.ADDED, Action.DELETED) and move is None
        if last is None or last.action is not action or not joins:
            if last is not None:
                last.close()  # (its texts joined now, not all at the end)
            last = _Run(action, move)
            self.runs.append(last)
        last.extend(spans)

    def joined_blocks(self) -> tuple[Block, ...]:
        """The runs as blocks; consecutive sentences of one move and side become one block.

        A run's spans are joined already (:class:`Joining`): only blocks made of several
        runs are joined again."""
        out: list[tuple[Action, list[Span], Move | None, bool]] = []
        for run in self.runs:
            move, spans = run.move, run.finished()
            last = out[-1] if out else None
            if (
                last is not None
                and move is not None
                and last[2] is not None
                and ((last[2].id, last[2].side) == (move.id, move.side))
            ):
                last[1].extend(spans)
                out[-1] = (last[0], last[1], last[2], True)
            else:
                out.append((run.action, spans, move, False))
        return tuple(
            Block(action, tuple(merge(spans) if joined else spans), move)
            for action, spans, move, joined in out
        )


def _rewrites(
    steps: _Steps, moved: dict[int, int], arrived: dict[int, int], a: Sentences, b: Sentences
) -> dict[int, tuple[list[Piece], int, int, int]]:
    """Passages rewritten in place: deleted sentences replaced by added ones, unpaired.

    When the deleted and the added text still share words, the passage is compared word by
    word as one edit, so that no shared word is reported as changed (the diff stays
    minimal); when they share none, it stays deleted plus added. Keyed by the first step;
    each value is the spans, the sentences deleted and added, and the step after the run.
    """
    found: dict[int, tuple[list[Piece], int, int, int]] = {}
    k, left = 0, MAX_REWRITE_WORK
    while k < len(steps):
        end = _in_place_end(steps, k, moved, arrived)
        if left <= 0:
            break  # (no more passages are compared word by word)
        if end > k:
            olds, news = steps.between(k, end)
            size = sum(map(a.length, olds)) + sum(map(b.length, news))
            spans = _rewrite(olds, news, a, b, size) if left > 0 else None
            left -= size * size if size <= MAX_REWRITE_CHARACTERS else 0  # (what it costs)
            if spans is not None:
                found[k] = (spans, len(olds), len(news), end)
        k = max(end, k + 1)
    return found


def _in_place_end(steps: _Steps, k: int, moved: dict[int, int], arrived: dict[int, int]) -> int:
    """The end of the run of steps from ``k`` that delete or add a sentence in place (not
    moved); ``k`` itself when there is none."""
    kinds, olds, news = steps.kinds, steps.olds, steps.news
    end = k
    while end < len(kinds):
        kind = kinds[end]
        if not (
            (kind == _DELETE and olds[end] not in moved)
            or (kind == _INSERT and news[end] not in arrived)
        ):
            break
        end += 1
    return end


def _rewrite(
    olds: list[int], news: list[int], a: Sentences, b: Sentences, size: int
) -> list[Piece] | None:
    """Deleted sentences and the added ones that replace them (``size`` characters in all),
    compared word by word as one passage; None when the passage is too long to compare,
    the two share no word, or something other than whitespace stands between its
    sentences."""
    if not olds or not news or size > MAX_REWRITE_CHARACTERS:
        return None
    if _words_of(a, olds).isdisjoint(_words_of(b, news)):
        return None
    prefixes = [a.prefix(x) for x in olds] + [b.prefix(y) for y in news]
    if not all(prefix.isspace() or not prefix for prefix in prefixes):
        return None
    old = "".join(a.whole(x) for x in olds)
    spans = word_pieces(old, "".join(b.whole(y) for y in news))
    if any(op is Op.EQUAL and count_words(text) for op, text, _ in spans):
        return spans
    return None


def _words_of(side: Sentences, units: Sequence[int]) -> frozenset[str]:
    return frozenset().union(*(words(side.core(k)) for k in units))


def _replaced(
    steps: _Steps, moved: dict[int, int], arrived: dict[int, int], a: Sentences, b: Sentences
) -> tuple[set[int], set[int]]:
    """Sentences replaced by others in the same place: a deleted sentence right before an
    added one with the same whitespace before both. The old sentences, and the new ones."""
    old: set[int] = set()
    new: set[int] = set()
    for (kind, x, _), (next_kind, _, y) in pairwise(steps):
        if (
            kind == _DELETE
            and next_kind == _INSERT
            and x not in moved
            and y not in arrived
            and a.prefix(x) == b.prefix(y)
            and a.prefix(x).isspace()
        ):
            old.add(x)
            new.add(y)
    return old, new


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
    added, deleted, changed = changed_words(blocks)
    total = len(old) + len(new)
    added_, deleted_, edited, moved = (counts[k] for k in ("added", "deleted", "edited", "moved"))
    ratio = round(changed / total, 4) if total else 0.0
    return DiffStats(added_, deleted_, edited, moved, added, deleted, ratio)


def changed_words(blocks: Iterable[Block]) -> tuple[int, int, int]:
    """The words added and deleted in ``blocks``, and the characters changed, differences
    left out aside; a move's changes count once, where it arrived. (The texts of each side
    are counted together, a line break between two: no word spans a line break.)"""
    added: list[str] = []
    deleted: list[str] = []
    for block in blocks:
        if block.move is not None and block.move.side is Side.FROM:
            continue
        for span in block.spans:
            if span.op is not Op.EQUAL and not span.ignored:
                (added if span.op is Op.INSERT else deleted).append(span.text)
    changed = sum(map(len, added)) + sum(map(len, deleted))
    return count_words("\n".join(added)), count_words("\n".join(deleted)), changed
