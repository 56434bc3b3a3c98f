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

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

import regex

from revtrack.models import Action, Block, DiffStats, Move, Op, Side, Span, TextDiff
from revtrack.noise import Rule, scrubber
from revtrack.sequences import TooManyUnits, diff_sequences
from revtrack.text import count_words, iter_sentences, words
from revtrack.worddiff import merge, word_spans
from revtrack.wording import claim

#: Sentences this similar (Dice coefficient of their words) are one sentence edited.
EDIT_SIMILARITY = 0.4
#: A sentence deleted in one place and inserted this similar elsewhere has moved ...
MOVE_SIMILARITY = 0.7
#: ... if it has at least this many distinct words (``1 of 2`` and ``2 of 2`` are not a move).
MIN_NEAR_MOVE_WORDS = 4
#: Regions larger than this (deleted x inserted sentences) are not searched for edits pair
#: by pair, nor regions past twice this in all: the work would grow with their square.
MAX_PAIRING_CELLS = 250_000
#: The same bound for the search of sentences that moved and changed on the way.
MAX_MOVE_CELLS = 40_000
#: A passage rewritten in place is compared word by word up to this size, and passages up to
#: three times it in all; a longer one is deleted plus added (a word diff grows as a square).
MAX_REWRITE_CHARACTERS = 30_000

_PUNCTUATION = regex.compile(r"\p{P}+")
#: The ASCII characters of \p{P}, for a fast path of the same removal.
_ASCII_PUNCTUATION = str.maketrans("", "", "!\"#%&'()*,-./:;?@[\\]_{}")


@dataclass(frozen=True)
class DiffOptions:
    """What the comparison leaves out (the texts themselves are always kept whole)."""

    ignore: tuple[Rule, ...] = ()
    ignore_case: bool = False
    ignore_whitespace: bool = False
    ignore_punctuation: bool = False

    @functools.cached_property
    def _scrub(self) -> Callable[[str], str]:
        return scrubber(self.ignore)

    def key(self, sentence: str) -> str:
        """What a sentence is compared by; empty when the whole sentence is ignored."""
        if self.ignore:
            sentence = self._scrub(sentence)
        if self.ignore_case:
            sentence = sentence.casefold()
        if self.ignore_punctuation:
            if sentence.isascii():
                sentence = sentence.translate(_ASCII_PUNCTUATION)
            else:
                sentence = _PUNCTUATION.sub("", sentence)
        if self.ignore_whitespace or self.ignore_punctuation or self.ignore:
            key = " ".join(sentence.split())
            return sentence if key == sentence else key  # (one string, not two alike)
        return sentence.strip()


def diff(old: str, new: str, options: DiffOptions | None = None) -> TextDiff:
    """Compare two texts: sentences aligned, moves found, words marked inside edits."""
    options = options or DiffOptions()
    keys: dict[str, str] = {}  # each distinct sentence of both texts is keyed once
    a, b = _units(old, options, keys), _units(new, options, keys)  # 1. sentences
    steps = _align(a, b)  # 2. identical sentences matched; 3. the others paired into edits
    moved = _moves(steps, a, b)  # 3. and what is left unpaired checked for moves
    build = _Builder(options, old, a, b, steps, moved)  # 4. word diffs, in blocks
    blocks = build.blocks()
    return TextDiff(blocks=blocks, stats=_stats(blocks, build.counts, old, new))


# --- sentences ---------------------------------------------------------------------------


class _Unit:
    """A sentence of one text: the text before it (whitespace, ignored sentences) and itself.

    One is made per sentence of both texts, so it is kept small (slots, words on demand).
    """

    __slots__ = ("_claim", "_words", "core", "key", "paragraph", "prefix", "start")

    def __init__(self, prefix: str, core: str, key: str, paragraph: int, start: int) -> None:
        self.prefix = prefix
        self.core = core
        self.key = key
        self.paragraph = paragraph  # 1-based
        self.start = start  # where the unit (its prefix) starts in the text
        self._words: frozenset[str] | None = None
        self._claim: frozenset[str] | None = None

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

    @property
    def claim(self) -> frozenset[str]:
        """The distinct words of what the sentence says, its attribution left out."""
        if self._claim is None:
            self._claim = frozenset(words(claim(self.core)))
        return self._claim

    def forget_words(self) -> None:
        self._words = self._claim = None


_END = "\x00end"  # the key of the sentinel unit that closes every text


def _units(text: str, options: DiffOptions, keys: dict[str, str]) -> list[_Unit]:
    units: list[_Unit] = []
    add, known, spaces = units.append, keys.get, {" ": " ", "\n\n": "\n\n", "\n": "\n"}
    pending = ""  # whitespace and ignored sentences, carried to the next sentence
    paragraph = 1
    start = position = 0
    for piece in iter_sentences(text):
        if not pending:
            start = position
        position += len(piece)
        core = piece.lstrip()
        prefix = pending + piece[: len(piece) - len(core)]
        prefix = spaces.get(prefix, prefix)  # the usual spacing, one string for all
        if "\n" in prefix and units:
            paragraph += 1
        key = known(core)
        if key is None:
            key = keys[core] = options.key(core) if core else ""
        elif key == core:  # a sentence of the other text too: one string for both
            core = key
        if not key:
            pending = prefix + core
            continue
        add(_Unit(prefix, core, key, paragraph, start))
        pending = ""
    units.append(_Unit(pending, "", _END, paragraph, start if pending else position))
    return units


# --- alignment ---------------------------------------------------------------------------


class _Kind(Enum):
    """What a step of the alignment is."""

    EQUAL = "equal"  # a sentence matched in both texts (as far as the comparison looks)
    PAIR = "pair"  # a sentence edited: a deleted and an inserted one paired
    DELETE = "delete"  # a sentence only in the old text (it may have moved)
    INSERT = "insert"  # a sentence only in the new text (it may have moved)


#: One step through both texts: its kind, the old sentence's index and the new one's (-1 for
#: none). One is made per sentence, so it is a plain tuple.
_Step = tuple[_Kind, int, int]


def _align(a: list[_Unit], b: list[_Unit]) -> list[_Step]:
    """Both texts' sentences in order, as steps: identical sentences matched, and between
    them the deleted and inserted ones, paired into edits where they are alike."""
    equal = _Kind.EQUAL  # looked up once: one equal step is made per matched sentence
    steps: list[_Step] = []
    cells = [2 * MAX_PAIRING_CELLS]  # what pairing may still cost
    region_old: list[int] = []
    region_new: list[int] = []
    i = j = 0
    for op, count in _sentence_runs(a, b):
        if op is Op.EQUAL:
            steps += _region(region_old, region_new, a, b, cells)
            region_old, region_new = [], []
            steps.extend((equal, i + k, j + k) for k in range(count))
            i, j = i + count, j + count
        elif op is Op.DELETE:
            region_old.extend(range(i, i + count))
            i += count
        else:
            region_new.extend(range(j, j + count))
            j += count
    steps += _region(region_old, region_new, a, b, cells)
    return steps


def _sentence_runs(a: list[_Unit], b: list[_Unit]) -> list[tuple[Op, int]]:
    """Identical sentences matched: (op, how many sentences) runs over both texts."""
    try:
        return diff_sequences([u.key for u in a], [u.key for u in b])
    except TooManyUnits:  # nothing can be matched: compare as one region
        return [(Op.DELETE, len(a) - 1), (Op.INSERT, len(b) - 1), (Op.EQUAL, 1)]


def _region(
    old: list[int], new: list[int], a: list[_Unit], b: list[_Unit], cells: list[int]
) -> list[_Step]:
    """The steps of a region of deleted and inserted sentences between matched ones: the
    pairs as edits, and the rest in order around them, deleted before inserted."""
    steps: list[_Step] = []
    x = y = 0
    for paired_old, paired_new in _pair(old, new, a, b, cells):
        a[paired_old].forget_words()  # never compared again: free their words
        b[paired_new].forget_words()
        while old[x] < paired_old:
            steps.append((_Kind.DELETE, old[x], -1))
            x += 1
        while new[y] < paired_new:
            steps.append((_Kind.INSERT, -1, new[y]))
            y += 1
        steps.append((_Kind.PAIR, paired_old, paired_new))
        x, y = x + 1, y + 1
    steps.extend((_Kind.DELETE, i, -1) for i in old[x:])
    steps.extend((_Kind.INSERT, -1, j) for j in new[y:])
    return steps


def _similarity(a: _Unit, b: _Unit, *, at_least: float = 0.0, said: bool = False) -> float:
    """Dice coefficient of the sets of the two sentences' words, or (``said``) of what they
    say (0 when it cannot reach ``at_least``)."""
    x, y = (a.claim, b.claim) if said else (a.words, b.words)
    small, large = sorted((len(x), len(y)))
    if not large:
        return 1.0 if a.key == b.key else 0.0
    if 2 * small < at_least * (small + large):
        return 0.0  # the sizes alone keep it below the bar
    return 2 * len(x & y) / (small + large)


def _pair(
    old: Sequence[int], new: Sequence[int], a: list[_Unit], b: list[_Unit], cells: list[int]
) -> list[tuple[int, int]]:
    """Pair deleted and inserted sentences of one region into edits, keeping their order.

    Dynamic programming over the region maximises the summed similarity of the pairs, each
    at least ``EDIT_SIMILARITY``; pairs never cross, so both texts' order is kept.
    """
    if not old or not new or len(old) * len(new) > min(MAX_PAIRING_CELLS, cells[0]):
        return []
    cells[0] -= len(old) * len(new)
    if len(old) == len(new) == 1:  # the usual case: one sentence edited in place
        fits = _similarity(a[old[0]], b[new[0]], at_least=EDIT_SIMILARITY, said=True)
        fits = fits >= EDIT_SIMILARITY
        return [(old[0], new[0])] if fits else []
    similar = [
        [_similarity(a[i], b[j], at_least=EDIT_SIMILARITY, said=True) for j in new] for i in old
    ]
    score = _pairing_scores(similar)
    return [(old[x], new[y]) for x, y in _best_pairs(similar, score)]


def _pairing_scores(similar: list[list[float]]) -> list[list[float]]:
    """``score[x][y]``: the best summed similarity of pairs among the sentences from ``x`` on
    in the old text and from ``y`` on in the new one."""
    rows, columns = len(similar), len(similar[0])
    score = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for x in range(rows - 1, -1, -1):
        for y in range(columns - 1, -1, -1):
            best = max(score[x + 1][y], score[x][y + 1])
            if similar[x][y] >= EDIT_SIMILARITY:
                best = max(best, similar[x][y] + score[x + 1][y + 1])
            score[x][y] = best
    return score


def _best_pairs(similar: list[list[float]], score: list[list[float]]) -> list[tuple[int, int]]:
    """The pairs (positions in the region) that make up the best score, in order."""
    rows, columns = len(similar), len(similar[0])
    pairs = []
    x = y = 0
    while x < rows and y < columns:
        if similar[x][y] >= EDIT_SIMILARITY and score[x][y] == similar[x][y] + score[x + 1][y + 1]:
            pairs.append((x, y))
            x, y = x + 1, y + 1
        elif score[x][y] == score[x + 1][y]:
            x += 1
        else:
            y += 1
    return pairs


def _moves(steps: Sequence[_Step], a: list[_Unit], b: list[_Unit]) -> dict[int, int]:
    """Deleted sentences that arrive elsewhere, unchanged or nearly: old index -> new index."""
    delete, insert = _Kind.DELETE, _Kind.INSERT  # looked up once: the steps are many
    deleted = [x for kind, x, _ in steps if kind is delete]
    inserted = [y for kind, _, y in steps if kind is insert]
    moved, left = _unchanged_moves(deleted, inserted, a, b)
    remaining = [i for i in deleted if i not in moved]
    if remaining and left and len(remaining) * len(left) <= MAX_MOVE_CELLS:
        moved.update(_near_moves(remaining, left, a, b))
    return moved


def _unchanged_moves(
    deleted: list[int], inserted: list[int], a: list[_Unit], b: list[_Unit]
) -> tuple[dict[int, int], list[int]]:
    """Deleted sentences inserted unchanged elsewhere (old index -> new index), first come
    first matched; and the inserted sentences left over."""
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
    return moved, left


def _near_moves(
    deleted: list[int], inserted: list[int], a: list[_Unit], b: list[_Unit]
) -> dict[int, int]:
    """Deleted sentences inserted elsewhere nearly unchanged: old index -> new index, the most
    similar matched first."""
    candidates = sorted(
        (-similar, i, j)
        for i in deleted
        if len(a[i].words) >= MIN_NEAR_MOVE_WORDS
        for j in inserted
        if len(b[j].words) >= MIN_NEAR_MOVE_WORDS
        and (similar := _similarity(a[i], b[j], at_least=MOVE_SIMILARITY)) >= MOVE_SIMILARITY
    )
    moved: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in candidates:
        if i not in moved and j not in taken:
            moved[i] = j
            taken.add(j)
    return moved


# --- blocks ------------------------------------------------------------------------------


class _Builder:
    """Turns the steps of an alignment into blocks, counting sentences as it goes."""

    def __init__(
        self,
        options: DiffOptions,
        text: str,
        a: list[_Unit],
        b: list[_Unit],
        steps: list[_Step],
        moved: dict[int, int],
    ) -> None:
        self.options = options
        self.text = text  # the old text: a stretch of unchanged sentences is one slice of it
        self.a, self.b = a, b
        self.steps = steps
        self.moved = moved
        self.arrived = {new_index: old_index for old_index, new_index in moved.items()}
        self.move_ids = _move_ids(moved)
        self.move_spans: dict[int, list[Span]] = {}  # both sides of a move share its word diff
        self.rewrites = _rewrites(steps, moved, self.arrived, a, b)
        self.shared_old, self.shared_new = _replaced(steps, moved, self.arrived, a, b)
        self.runs: list[tuple[Action, list[Span], Move | None]] = []
        self.counts: Counter[str] = Counter()

    def blocks(self) -> tuple[Block, ...]:
        """The blocks of the diff, made step by step."""
        a, b, equal = self.a, self.b, _Kind.EQUAL
        previous = equal
        skip_to = 0
        # A stretch of the old text whose sentences are all in the new one as well, unchanged.
        same_start = same_end = 0
        for k, (kind, x, y) in enumerate(self.steps):
            if k < skip_to:
                continue
            if kind is equal and a[x].prefix == b[y].prefix and a[x].core == b[y].core:
                if same_end != a[x].start or same_end == same_start:
                    self.add_same(same_start, same_end)
                    same_start = a[x].start
                same_end = a[x].end  # one slice of the old text, not a span per sentence
                previous = kind
                continue
            self.add_same(same_start, same_end)
            same_start = same_end = 0
            if k in self.rewrites:
                skip_to = self.add_rewrite(k)
                previous = _Kind.INSERT
                continue
            self.add_step(kind, x, y, layout=previous is equal)
            previous = kind
        self.add_same(same_start, same_end)
        return self.joined_blocks()

    def add_same(self, start: int, end: int) -> None:
        """Unchanged sentences: ``text[start:end]``, if not empty."""
        if end > start:
            self.add(Action.EQUAL, [Span(Op.EQUAL, self.text[start:end])])

    def add_rewrite(self, k: int) -> int:
        """The passage rewritten in place that starts at step ``k``; the step after it."""
        spans, deleted, added, end = self.rewrites[k]
        self.counts["deleted"] += deleted
        self.counts["added"] += added
        self.add(Action.REPLACED, spans)
        return end

    def add_step(self, kind: _Kind, x: int, y: int, *, layout: bool) -> None:
        """A step that is not an unchanged sentence; ``layout`` when it follows a matched one."""
        if kind is _Kind.EQUAL:
            self.add(Action.EQUAL, self.pair_spans(self.a[x], self.b[y], layout=layout))
        elif kind is _Kind.PAIR:
            self.counts["edited"] += 1
            spans = self.pair_spans(self.a[x], self.b[y], layout=layout)
            self.add(Action.EDITED, list(merge(spans)))
        elif kind is _Kind.DELETE:
            self.add_deleted(x)
        else:
            self.add_inserted(y)

    def add_deleted(self, x: int) -> None:
        """Sentence ``x`` of the old text, deleted or moved away."""
        if x in self.moved:
            self.add_moved_from(x, self.moved[x])
            return
        self.counts["deleted"] += 1
        spans = self.one_side(self.a[x], Op.DELETE, shared_prefix=x in self.shared_old)
        self.add(Action.DELETED, spans)

    def add_inserted(self, y: int) -> None:
        """Sentence ``y`` of the new text, added or moved here."""
        if y in self.arrived:
            self.add_moved_to(self.arrived[y], y)
            return
        self.counts["added"] += 1
        # The whitespace before a replacing sentence went out with the one it replaces.
        spans = self.one_side(self.b[y], Op.INSERT)
        self.add(Action.ADDED, spans[1:] if y in self.shared_new and self.b[y].prefix else spans)

    def add_moved_from(self, x: int, y: int) -> None:
        old, new = self.a[x], self.b[y]
        move = Move(self.move_ids[x], Side.FROM, old.paragraph, new.paragraph)
        spans = self.move_spans[x] = self.pair_spans(old, new, layout=False)
        self.add(Action.MOVED, spans, move)

    def add_moved_to(self, x: int, y: int) -> None:
        old, new = self.a[x], self.b[y]
        self.counts["moved"] += 1
        move = Move(self.move_ids[x], Side.TO, old.paragraph, new.paragraph)
        spans = self.move_spans.get(x) or self.pair_spans(old, new, layout=False)
        self.add(Action.MOVED, list(spans), move)

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

    def joined_blocks(self) -> tuple[Block, ...]:
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
        return tuple(Block(action, tuple(merge(spans)), move) for action, spans, move in out)


def _rewrites(
    steps: Sequence[_Step],
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
    k, left = 0, 3 * MAX_REWRITE_CHARACTERS
    while k < len(steps):
        end = _in_place_end(steps, k, moved, arrived)
        if end > k:
            run = steps[k:end]
            olds = [a[x] for kind, x, _ in run if kind is _Kind.DELETE]
            news = [b[y] for kind, _, y in run if kind is _Kind.INSERT]
            spans = _rewrite(olds, news) if left > 0 else None
            size = sum(len(u.core) for u in olds + news)
            left -= size if size <= MAX_REWRITE_CHARACTERS else 0  # (what a word diff costs)
            if spans is not None:
                found[k] = (spans, len(olds), len(news), end)
        k = max(end, k + 1)
    return found


def _in_place_end(
    steps: Sequence[_Step], k: int, moved: dict[int, int], arrived: dict[int, int]
) -> int:
    """The end of the run of steps from ``k`` that delete or add a sentence in place (not
    moved); ``k`` itself when there is none."""
    delete, insert = _Kind.DELETE, _Kind.INSERT  # looked up once: called once per step
    end = k
    while end < len(steps):
        kind, x, y = steps[end]
        if not ((kind is delete and x not in moved) or (kind is insert and y not in arrived)):
            break
        end += 1
    return end


def _rewrite(olds: list[_Unit], news: list[_Unit]) -> list[Span] | None:
    """Deleted sentences and the added ones that replace them, compared word by word as one
    passage; None when the two share no word, the passage is too long to compare, or
    something other than whitespace stands between its sentences."""
    if not olds or not news or _words_of(olds).isdisjoint(_words_of(news)):
        return None
    units = olds + news
    if sum(len(u.core) for u in units) > MAX_REWRITE_CHARACTERS:
        return None
    if not all(u.prefix.isspace() or not u.prefix for u in units):
        return None
    spans = word_spans("".join(u.text for u in olds), "".join(u.text for u in news))
    if any(s.op is Op.EQUAL and count_words(s.text) for s in spans):
        return spans
    return None


def _words_of(units: Sequence[_Unit]) -> frozenset[str]:
    return frozenset().union(*(unit.words for unit in units))


def _replaced(
    steps: Sequence[_Step],
    moved: dict[int, int],
    arrived: dict[int, int],
    a: list[_Unit],
    b: list[_Unit],
) -> tuple[set[int], set[int]]:
    """Sentences replaced by others in the same place: a deleted sentence right before an
    added one with the same whitespace before both. The old sentences, and the new ones."""
    delete, insert = _Kind.DELETE, _Kind.INSERT  # looked up once: the steps are many
    old: set[int] = set()
    new: set[int] = set()
    for (kind, x, _), (next_kind, _, y) in pairwise(steps):
        if (
            kind is delete
            and next_kind is insert
            and x not in moved
            and y not in arrived
            and a[x].prefix == b[y].prefix
            and a[x].prefix.isspace()
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
    left out aside; a move's changes count once, where it arrived."""
    added = deleted = changed = 0
    for block in blocks:
        if block.move is not None and block.move.side is Side.FROM:
            continue
        for span in block.spans:
            if span.op is not Op.EQUAL and not span.ignored:
                words = count_words(span.text)
                added += words if span.op is Op.INSERT else 0
                deleted += words if span.op is Op.DELETE else 0
                changed += len(span.text)
    return added, deleted, changed
