"""The least number of changed words a diff of two texts can mark when sentences move for free:
the sentences of the old text paired with those of the new at least cost.

    python bench/least.py OLD NEW      # the bounds, and revtrack's count beside them

A diff that keeps each sentence whole and lets sentences move freely marks, for a sentence
paired with another (an edit), the words of either that are not in the longest common
subsequence of their words, and every word of a sentence paired with none. The least total
over all pairings is an assignment problem: identical sentences are paired first (pairing them
is never worse: the cost is a metric), then the rest by a minimum-cost assignment
(``scipy.optimize.linear_sum_assignment``).

Two bounds: ``least_changed(..., EDIT_SIMILARITY)`` pairs only sentences alike enough to be one
sentence edited as revtrack defines it (Dice coefficient of their words at least
``revtrack.diff.EDIT_SIMILARITY``; less alike, a sentence replaced by another is a deletion and
an addition, as the sentence actions require); it finds the candidates by their rarest words
(``revtrack.sequences.alike_sets``) and assigns each connected group of them apart. With no
such bar (``0``), any two sentences may pair, even to share one "the": the least any diff
that keeps sentences whole can reach, assigned over every pair at once (``rapidfuzz``'s longest
common subsequences in C++, sentences' words as characters), so only for texts of up to a few
thousand changed sentences. Needs the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from revtrack.diff import EDIT_SIMILARITY
from revtrack.sequences import alike_sets
from revtrack.text import iter_sentences, words

Sentence = tuple[str, ...]
#: The most cells of a matrix of every changed sentence by every other that the bound with no
#: bar computes (beyond, it is not given).
MAX_CELLS = 8_000_000


def sentence_words(text: str) -> list[Sentence]:
    """Each sentence of a text as its words (sentences without a word left out)."""
    found = (tuple(words(sentence)) for sentence in iter_sentences(text))
    return [sentence for sentence in found if sentence]


def changed_sentences(old: str, new: str) -> tuple[list[Sentence], list[Sentence]]:
    """The sentences of each text left when those of both are paired with each other."""
    before, after = Counter(sentence_words(old)), Counter(sentence_words(new))
    same = before & after
    return list((before - same).elements()), list((after - same).elements())


def least_changed(old: str, new: str, bar: float = EDIT_SIMILARITY) -> int | None:
    """The least changed words of a diff that keeps sentences whole, moves them freely and
    pairs only sentences at least ``bar`` alike (None: too many sentences for ``bar`` 0)."""
    left, right = changed_sentences(old, new)
    unpaired = sum(map(len, left)) + sum(map(len, right))
    if not left or not right:
        return unpaired
    if bar <= 0:
        if len(left) * len(right) > MAX_CELLS:
            return None
        return unpaired - 2 * _assigned(left, right)
    return unpaired - 2 * sum(_assigned(a, b) for a, b in _groups(left, right, bar))


def _groups(
    left: list[Sentence], right: list[Sentence], bar: float
) -> list[tuple[list[Sentence], list[Sentence]]]:
    """The sentences of each side that may pair, in groups no pair crosses."""
    olds = {i: frozenset(s) for i, s in enumerate(left)}
    news = {j: frozenset(s) for j, s in enumerate(right)}
    pairs = [
        (i, j)
        for i, j in alike_sets(olds, news, bar, sys.maxsize) or []
        if 2 * len(olds[i] & news[j]) >= bar * (len(olds[i]) + len(news[j]))
    ]
    parent = list(range(len(left) + len(right)))  # union-find: left i is i, right j len + j

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in pairs:
        parent[root(i)] = root(len(left) + j)
    members: dict[int, tuple[list[Sentence], list[Sentence]]] = {}
    for i, _ in pairs:
        members.setdefault(root(i), ([], []))
    for i, sentence in enumerate(left):
        if root(i) in members:
            members[root(i)][0].append(sentence)
    for j, sentence in enumerate(right):
        if root(len(left) + j) in members:
            members[root(len(left) + j)][1].append(sentence)
    return list(members.values())


def _assigned(left: Sequence[Sentence], right: Sequence[Sentence]) -> int:
    """The most words in common (longest common subsequences) over one-to-one pairings."""
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.process import cdist
    from scipy.optimize import linear_sum_assignment

    codes: dict[str, str] = {}  # each distinct word as one character

    def coded(sentence: Sentence) -> str:
        return "".join(codes.setdefault(w, chr(0x10000 + len(codes))) for w in sentence)

    common = cdist(
        [coded(s) for s in left], [coded(s) for s in right], scorer=LCSseq.similarity, workers=-1
    )
    rows, columns = linear_sum_assignment(common, maximize=True)
    return int(common[rows, columns].sum())


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args()
    from revtrack.diff import diff

    old, new = args.old.read_text("utf-8"), args.new.read_text("utf-8")
    stats = diff(old, new).stats
    ours = stats.words_added + stats.words_deleted
    edits, anything = least_changed(old, new), least_changed(old, new, 0)
    print(f"revtrack {ours:,}")
    for name, least in (("edits as revtrack's", edits), ("any pairing", anything)):
        if least is not None:
            print(f"least, {name}: {least:,} (revtrack +{(ours - least) / max(least, 1):.2%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
