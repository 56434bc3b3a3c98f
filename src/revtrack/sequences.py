"""Minimal diffs of two sequences of strings (sentences, words, lines): diff-match-patch over
the sequences, each distinct item encoded as one character.

No time-out: the same sequences give the same diff on any machine. The C++ build of
diff-match-patch runs them when it is installed, the pure-Python build otherwise; both give
the same runs.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

try:
    import fast_diff_match_patch as FAST
except ImportError:  # pragma: no cover - the pure-Python build gives the same diffs, slower
    FAST = None

from revtrack.models import Op

if TYPE_CHECKING:  # (the pure-Python build, loaded when the C++ one is missing)
    from diff_match_patch import diff_match_patch

_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}
_FAST_OPS = {"=": Op.EQUAL, "-": Op.DELETE, "+": Op.INSERT}
_SURROGATES = range(0xD800, 0xE000)
_LAST_CODE = sys.maxunicode  # the most distinct units a diff can tell apart


class TooManyUnits(Exception):
    """More distinct units than there are characters to stand for them."""


def _engine() -> diff_match_patch:
    from diff_match_patch import diff_match_patch

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
    """Diff two sequences of strings: (op, how many items) runs, in order; a minimal diff
    unless they are long (:data:`MINIMAL_ITEMS`) and share little."""
    firsts = dict.fromkeys(old)  # each distinct item, in the order first met
    firsts.update(dict.fromkeys(new))
    if len(firsts) >= min(_SURROGATES.start, _LAST_CODE + 1):  # codes past the surrogates
        table: dict[str, str] = {}
        return diff_encoded(_encode(old, table), _encode(new, table))
    # The codes :func:`_encode` gives, by the builtins: no loop in Python.
    chars = dict(zip(firsts, map(chr, range(1, len(firsts) + 1)), strict=True))
    code = chars.__getitem__
    return diff_encoded("".join(map(code, old)), "".join(map(code, new)))


def diff_encoded(old: str, new: str) -> list[tuple[Op, int]]:
    """:func:`diff_sequences` of two sequences already encoded, one character per item."""
    return _bounded(old, new)


#: Up to this many items in all, two sequences are diffed minimally, by diff-match-patch,
#: whose work grows with their length times the number of their differences: two long texts
#: that share little would take minutes. Longer ones are diffed minimally too when the items
#: that each holds once (the anchors of patience diffing) show that they differ little
#: (:data:`MINIMAL_WORK`); else they are cut at those anchors, and the stretches between them
#: diffed the same way (minimally up to :data:`STRETCH_ITEMS` items), a stretch that nothing
#: anchors being replaced whole. The diff is then near-minimal, and the work bounded and the
#: same on every machine.
MINIMAL_ITEMS = 20_000
STRETCH_ITEMS = 2_000
#: The most work (items times the most differences they can have) a minimal diff may take.
MINIMAL_WORK = 200_000_000
_CUTS = 3  # how many times a stretch is cut at anchors at most


def _bounded(a: str, b: str) -> list[tuple[Op, int]]:
    if len(a) + len(b) <= MINIMAL_ITEMS:
        return _runs(a, b)
    runs: list[tuple[Op, int]] = []
    _stretch(a, b, runs, _CUTS)
    joined: list[tuple[Op, int]] = []
    for op, count in runs:
        if count and joined and joined[-1][0] is op:
            joined[-1] = (op, joined[-1][1] + count)
        elif count:
            joined.append((op, count))
    return joined


def _stretch(a: str, b: str, runs: list[tuple[Op, int]], cuts: int) -> None:
    """The runs of one stretch of both sequences, added to ``runs``."""
    head = _common_prefix(a, b)
    tail = _common_prefix(a[head:][::-1], b[head:][::-1])
    runs.append((Op.EQUAL, head))
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    if not a or not b:
        runs += [(Op.DELETE, len(a)), (Op.INSERT, len(b))]
    elif len(a) + len(b) <= STRETCH_ITEMS or _differ_little(a, b, _most_differences(a, b)):
        runs += _sparse_runs(a, b, shared) if _few(a, b, shared := set(a) & set(b)) else _runs(a, b)
    else:
        anchors = _anchors(a, b) if cuts else []
        if anchors:
            x = y = 0
            for i, j in anchors:
                if (i, j) != (x, y):
                    _stretch(a[x:i], b[y:j], runs, cuts - 1)
                runs.append((Op.EQUAL, 1))
                x, y = i + 1, j + 1
            _stretch(a[x:], b[y:], runs, cuts - 1)
        else:  # nothing to hold on to: the stretch is replaced
            runs += [(Op.DELETE, len(a)), (Op.INSERT, len(b))]
    runs.append((Op.EQUAL, tail))


def _few(a: str, b: str, shared: set[str]) -> bool:
    """Whether two strings share few distinct items for their length (text replaced by
    another: sentences alike by chance)."""
    return _SPARSE * len(shared) <= min(len(a), len(b))


#: Two stretches are diffed as the items they share alone when they share at most one
#: distinct item in this many of the shorter one.
_SPARSE = 8


def _sparse_runs(a: str, b: str, shared: set[str]) -> list[tuple[Op, int]]:
    """The runs of a minimal diff of two strings that share few items: the items the other
    holds too, diffed alone (no other item can be matched, so the diff of those is as
    minimal), then put back where they are, what is between them deleted and inserted."""
    at_a = [i for i, item in enumerate(a) if item in shared]
    at_b = [j for j, item in enumerate(b) if item in shared]
    runs: list[tuple[Op, int]] = []
    x = y = k = m = 0  # where the next run starts in a and b; in the items shared of each
    for op, count in _runs("".join(a[i] for i in at_a), "".join(b[j] for j in at_b)):
        if op is Op.EQUAL:
            for i, j in zip(at_a[k : k + count], at_b[m : m + count], strict=True):
                runs += [(Op.DELETE, i - x), (Op.INSERT, j - y), (Op.EQUAL, 1)]
                x, y = i + 1, j + 1
        k += count if op is not Op.INSERT else 0
        m += count if op is not Op.DELETE else 0
    return [*runs, (Op.DELETE, len(a) - x), (Op.INSERT, len(b) - y)]


def _differ_little(a: str, b: str, most: int) -> bool:
    """Whether two strings differ by at most ``most`` insertions and deletions, as far as a
    quick alignment shows: equal stretches are skipped whole, and past a difference the two
    are brought back in step where a few characters of one are found again in the other
    nearby. Its differences are never fewer than the fewest, so a ``True`` is sure."""
    i = j = differences = 0
    while i < len(a) and j < len(b) and differences <= most:
        same = _common_prefix(a[i : i + most + 64], b[j : j + most + 64])
        if same:
            i, j = i + same, j + same
            continue
        reach = most - differences + _RESYNC
        found_b = b.find(a[i : i + _RESYNC], j, j + reach)
        found_a = a.find(b[j : j + _RESYNC], i, i + reach)
        skip_b = found_b - j if found_b >= 0 else reach
        skip_a = found_a - i if found_a >= 0 else reach
        if min(skip_a, skip_b) >= reach:
            i, j, differences = i + 1, j + 1, differences + 2
        elif skip_b <= skip_a:
            j, differences = found_b, differences + skip_b
        else:
            i, differences = found_a, differences + skip_a
    return differences + (len(a) - i) + (len(b) - j) <= most


#: How many characters bring two strings back in step in :func:`_differ_little`.
_RESYNC = 4


def _most_differences(a: str, b: str) -> int:
    """How many differences two strings may have for a minimal diff of them to stay within
    :data:`MINIMAL_WORK`."""
    return MINIMAL_WORK // (len(a) + len(b))


def _common_prefix(a: str, b: str) -> int:
    """How many characters two strings share at their start (compared by halves)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _anchors(a: str, b: str) -> list[tuple[int, int]]:
    """The items each sequence holds once, as (position in ``a``, position in ``b``): the
    longest run of them that is in the same order in both."""
    where_a = {item: i for i, item in enumerate(a)}
    counts_a, counts_b = Counter(a), Counter(b)
    pairs = [
        (where_a[item], j)
        for j, item in enumerate(b)
        if counts_b[item] == 1 and counts_a.get(item) == 1
    ]
    pairs.sort()
    # The longest increasing run of positions in b (patience sorting), from the last pile.
    piles: list[int] = []  # the smallest last position in b of a run of each length
    ends: list[int] = []  # the index in pairs of that run's last pair
    before = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        at = bisect_left(piles, j)
        if at == len(piles):
            piles.append(j)
            ends.append(k)
        else:
            piles[at] = j
            ends[at] = k
        before[k] = ends[at - 1] if at else -1
    chosen = []
    k = ends[-1] if ends else -1
    while k >= 0:
        chosen.append(pairs[k])
        k = before[k]
    return chosen[::-1]


def ordered_pairs(similar: list[list[float]], least: float) -> list[tuple[int, int]]:
    """Items of two sequences paired, keeping their order: the pairs ``(x, y)`` of
    similarity ``similar[x][y]`` at least ``least`` whose summed similarity is the highest
    (dynamic programming, the first of equal choices taken)."""
    rows, columns = len(similar), len(similar[0])
    # score[x][y]: the best sum of pairs among the items from x on in one and y on in the other
    score = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for x in range(rows - 1, -1, -1):
        for y in range(columns - 1, -1, -1):
            best = max(score[x + 1][y], score[x][y + 1])
            if similar[x][y] >= least:
                best = max(best, similar[x][y] + score[x + 1][y + 1])
            score[x][y] = best
    pairs = []
    x = y = 0
    while x < rows and y < columns:
        if similar[x][y] >= least and score[x][y] == similar[x][y] + score[x + 1][y + 1]:
            pairs.append((x, y))
            x, y = x + 1, y + 1
        elif score[x][y] == score[x + 1][y]:
            x += 1
        else:
            y += 1
    return pairs


class WordSets(Protocol):
    """Sets of words by key, as a dict holds them (or made anew each time they are read)."""

    def items(self) -> Iterable[tuple[int, frozenset[str]]]: ...

    def values(self) -> Iterable[frozenset[str]]: ...


def alike_sets(
    olds: WordSets, news: WordSets, least: float, most: int
) -> list[tuple[int, int]] | None:
    """The pairs ``(old key, new key)`` of sets whose Dice coefficient may reach ``least``
    (a superset of those that do: each pair is to be checked), or None past ``most`` pairs.

    A pair this alike shares at least ``least / (2 - least)`` of either set's size, so both
    sets' rarest words, all but that many less one, hold a word in common (the rarest of what
    they share): only the sets of each rare word are paired (prefix filtering).
    """
    counts = Counter(word for found in (olds, news) for words in found.values() for word in words)

    def rarest(words: frozenset[str]) -> list[str]:
        shared = max(1, int(least * len(words) / (2 - least)))  # (rounded down: never too few)
        return sorted(words, key=lambda word: (counts[word], word))[: len(words) - shared + 1]

    probes = _probes(olds, rarest)
    probed = 0  # the pairs of the first old sets, a part of all: past ``most``, all are
    holding: dict[str, list[int]] = {}
    for key, words in news.items():
        found = rarest(words)
        for word in found:
            holding.setdefault(word, []).append(key)
        probed += len({index for word in found for index in probes.get(word, ())})
        if probed > most:
            return None
    pairs: list[tuple[int, int]] = []
    for key, words in olds.items():
        alike: set[int] = set()
        for word in rarest(words):
            alike.update(holding.get(word, ()))
        pairs += [(key, other) for other in sorted(alike)]
        if len(pairs) > most:
            return None
    return pairs


def _probes(olds: WordSets, rarest: Callable[[frozenset[str]], list[str]]) -> dict[str, list[int]]:
    """The first ``_PROBES`` old sets' rarest words, and which of those sets (by order) hold
    each: :func:`alike_sets` counts their pairs as it indexes the new sets, to give up
    early."""
    probes: dict[str, list[int]] = {}
    for index, (_, words) in zip(range(_PROBES), olds.items(), strict=False):
        for word in rarest(words):
            probes.setdefault(word, []).append(index)
    return probes


_PROBES = 64


def diff_lines(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """A minimal line diff: (op, how many lines) runs, in order.

    With more distinct lines than there are characters to stand for them, the lines alike at
    the start and at the end are kept and all the lines between them replaced.
    """
    try:
        return diff_sequences(old, new)
    except TooManyUnits:
        return _replaced_between_ends(old, new)


def common_ends(old: Sequence[str], new: Sequence[str]) -> tuple[int, int]:
    """How many items two sequences share at their start, then at their end (the two never
    overlap)."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def _replaced_between_ends(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """Every line replaced but those alike at the start and at the end."""
    head, tail = common_ends(old, new)
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
