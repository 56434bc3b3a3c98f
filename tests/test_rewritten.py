"""A text replaced by another that shares nothing with it: the engine's work stays within a
few readings of both, and what it finds is what it found with no bound."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from revtrack import diff as engine
from revtrack import sequences
from revtrack.models import Op
from revtrack.noise import DiffOptions
from revtrack.sentences import Keys, split
from revtrack.sequences import alike_sets

_ITEMS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=80)


def _applies(a: str, b: str, runs: list[tuple[Op, int]]) -> int:
    """Check that ``runs`` turn ``a`` into ``b``; the items they keep."""
    x = y = kept = 0
    for op, count in runs:
        if op is Op.EQUAL:
            assert a[x : x + count] == b[y : y + count]
            x, y, kept = x + count, y + count, kept + count
        elif op is Op.DELETE:
            x += count
        else:
            y += count
    assert (x, y) == (len(a), len(b))
    return kept


@given(_ITEMS, _ITEMS)
def test_the_items_shared_alone_give_a_minimal_diff(a: str, b: str) -> None:
    shared = set(a) & set(b)
    sparse = [(op, n) for op, n in sequences._sparse_runs(a, b, shared) if n]
    # As many items kept as diff-match-patch's minimal diff keeps: the diff is as small.
    assert _applies(a, b, sparse) == _applies(a, b, sequences._runs(a, b))


def test_stretches_that_share_little_are_diffed_by_what_they_share() -> None:
    # Two texts of 30,000 sentences each, all distinct but for 20 that each holds once (the
    # diff cuts both at them) and one that each holds twice: the stretches between are
    # diffed by the sentences they share, not searched whole.
    anchors = [chr(0x3000 + k) for k in range(20)]
    a = b = ""
    for k, anchor in enumerate(anchors):
        a += "".join(chr(0x10000 + 1500 * k + n) for n in range(1500)) + anchor
        b += "".join(chr(0x40000 + 1500 * k + n) for n in range(1500)) + anchor
    twice = chr(0x2000)
    a, b = twice + a[:700] + twice + a[700:], b[:900] + twice + b[900:1300] + twice + b[1300:]
    calls: list[int] = []
    real = sequences._runs

    def counted(x: str, y: str) -> list[tuple[Op, int]]:
        calls.append(len(x) + len(y))
        return real(x, y)

    sequences._runs = counted
    try:
        runs = sequences.diff_encoded(a, b)
    finally:
        sequences._runs = real
    assert _applies(a, b, runs) == 22
    assert calls and max(calls) <= 4  # (the sentences shared, not the stretch)


_SETS = st.dictionaries(
    st.integers(0, 40), st.frozensets(st.sampled_from("abcdefghij"), min_size=1), max_size=10
)


class _Read:
    """Sets read anew each time, as the engine gives them."""

    def __init__(self, sets: dict[int, frozenset[str]]) -> None:
        self.sets = sets

    def items(self) -> list[tuple[int, frozenset[str]]]:
        return [(k, frozenset(v)) for k, v in self.sets.items()]

    def values(self) -> list[frozenset[str]]:
        return [frozenset(v) for v in self.sets.values()]


@given(_SETS, _SETS)
def test_sets_read_anew_pair_as_sets_kept(
    olds: dict[int, frozenset[str]], news: dict[int, frozenset[str]]
) -> None:
    assert alike_sets(_Read(olds), _Read(news), 0.7, 50) == alike_sets(olds, news, 0.7, 50)


def _text(seed: int, count: int) -> str:
    rng = random.Random(seed)
    vocabulary = "port talks minister harbor ships union board city budget week deal".split()
    sentences = [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 14))).capitalize() + "."
        for _ in range(count)
    ]
    return "\n\n".join(" ".join(sentences[k : k + 2]) for k in range(0, count, 2)) + "\n"


def test_a_replaced_text_keeps_no_words_of_its_sentences() -> None:
    old, new = _text(1, 400), _text(2, 400)
    keys = Keys(DiffOptions())
    a, b = split(old, keys), split(new, keys)
    steps = engine._align(a, b)
    engine._moves(steps, a, b)
    assert not a._words and not b._words
    result = engine.diff(old, new)
    assert "".join(block.old_text for block in result.blocks) == old
    assert "".join(block.new_text for block in result.blocks) == new


def test_a_comparison_outside_notes_keeps_the_words_the_diff_counted() -> None:
    from revtrack.account import substance

    old, new = _text(3, 60), _text(4, 60)
    compared = engine.diff(old, new)
    assert substance(compared, [], []) is compared  # (counted once, not again)
    noted = substance(compared, [(0, len(old))], [])
    assert noted.stats.words_deleted < compared.stats.words_deleted  # (counted again)
