"""How exactly the diff names what happened to each sentence: added, deleted, edited, moved.

Pairs of versions are generated with known sentence actions, deterministic for a seed. The old
version is a news story from ``articles.py`` (3 to 100 paragraphs of 12- to 35-word sentences,
some of them attributed: "Maria Varga said on Tuesday that ..."); the new one applies a known
set of changes, each recorded with the sentences it concerns:

- **attribution replaced**: a sentence replaced by a different one under the same attribution
  ("X said on Tuesday that A." -> "X said on Tuesday that B."): a deletion and an addition;
- **words edited**: one to three words of a sentence changed (a word, a number, a typo): an edit;
- **span reworded**: a run of three to six words rewritten, most of the sentence kept: an edit;
- **moved** (to another paragraph, at least four sentences away, unchanged) and **moved and
  edited** (one to three words changed on the way): a move, and a move that changed;
- **sentence added / deleted**, **paragraph added / deleted**: one addition or deletion per
  sentence;
- **paragraphs joined / split**: a change of layout, no action at all.

Changes are kept apart (an unchanged sentence on each side of every one), so each has one right
reading. Pairs come in six case types in fixed proportions: the three hard ones (attribution,
small edit, moved and edited, 20 % each, each with up to two easy changes beside), easy changes
only (15 %), layout changes with at most one easy change (10 %), and many changes of every kind
(15 %).

The engine runs in-process (``revtrack.diff.diff``) and its blocks are read as sentence
actions: an ADDED or DELETED block gives one addition or deletion per sentence; an EDITED block
one sentence edited; a REPLACED block (sentences deleted and others added in their place, the
words they share marked) its sentences deleted and added; a MOVED block gives one move per
sentence, read on its TO side, changed or not as its spans say. A pair is exact when the
multiset of (action, sentences) equals the known one. Target: at least 95 % of pairs exact.

    python bench/actions_bench.py                  # 1,000 pairs, seed 1
    python bench/actions_bench.py --pairs 5000 --seed 7 --show 5
    python bench/actions_bench.py --dump 17        # write pair 17's two texts, to run revtrack on

Prints the share of exact pairs overall and per case type, how often each kind of change is
read right, the commonest mismatches with examples, and PASS or FAIL; the exit status is 1 on
FAIL. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from articles import (  # the script's directory is on sys.path
    CONJUNCTIONS,
    DETERMINERS,
    PREPOSITIONS,
    Writer,
    _capital,
    _renumber,
)

from revtrack.diff import diff
from revtrack.models import Action, Op, Side, Span, TextDiff
from revtrack.text import normalize, sentences, words

TARGET = 0.95
MIN_WORDS, MAX_WORDS = 12, 35  # a news sentence

#: One sentence action: ("added", new), ("deleted", old), ("edited", old, new),
#: ("moved", old) or ("moved+edited", old, new); sentences without the space before them.
Act = tuple[str, ...]

#: Case types, in proportion: one pair in twenty of each entry.
CASES = (
    ["attribution"] * 4
    + ["small edit"] * 4
    + ["moved+edited"] * 4
    + ["easy"] * 3
    + ["layout"] * 2
    + ["many"] * 3
)
EASY = (
    "sentence added",
    "sentence deleted",
    "paragraph added",
    "paragraph deleted",
    "moved",
    "span reworded",
)
HARD = ("attribution replaced", "words edited", "moved+edited")

_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
#: Attribution frames: {s} the speaker, {d} the day, {c} the clause (and {C} capitalised).
_FRAMES = (
    "{s} said on {d} that {c}.",
    "{s} told reporters on {d} that {c}.",
    "{s} said in a statement on {d} that {c}.",
    "In an interview on {d}, {s} said that {c}.",
    "{C}, {s} said on {d}.",
)
#: Words a small edit leaves alone: changing them would make no realistic correction.
_KEEP = frozenset(
    [*DETERMINERS, *PREPOSITIONS, *CONJUNCTIONS]
    + "said told that was were has have had will would could said the and an".split()
    + [d.lower() for d in _DAYS]
)
_EDITABLE = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z][a-z]{2,}(?:-[a-z]+)?")


@dataclass
class Change:
    """One change made to the new version, and the sentence actions it should be read as."""

    label: str
    acts: tuple[Act, ...]


@dataclass
class Pair:
    index: int
    case: str
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class _Sentence:
    text: str
    frame: Callable[[str], str] | None = None  # for an attributed sentence: its frame
    clause: str = ""


# --- the generator -----------------------------------------------------------------------


def _dice(a: str, b: str) -> float:
    x, y = set(words(a)), set(words(b))
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0


def _fits(text: str) -> bool:
    return MIN_WORDS <= len(words(text)) <= MAX_WORDS and len(sentences(text)) == 1


class _Maker:
    """Writes one pair: an old story, and a new version with known changes."""

    def __init__(self, index: int, seed: int) -> None:
        self.rng = Random(f"actions:{seed}:{index}")
        self.writer = Writer(self.rng)
        self.index = index
        self.case = CASES[index % len(CASES)]
        self.seen: set[str] = set()  # every sentence of both versions: all distinct
        paragraphs = round(math.exp(self.rng.uniform(math.log(3), math.log(100))))
        self.old = [
            [self.sentence() for _ in range(self.rng.randint(2, 6))] for _ in range(paragraphs)
        ]
        self.flat = [(p, k) for p, para in enumerate(self.old) for k in range(len(para))]
        self.start = [0]
        for para in self.old:
            self.start.append(self.start[-1] + len(para))
        self.touched: set[int] = set()
        self.anchors: set[int] = set()  # unchanged sentences that keep changes apart
        self.slots_used: set[int] = set()  # insertions, by the flat index they come before
        self.replaced: dict[int, str | None] = {}  # flat index -> new text (None: gone)
        self.inserted: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.new_paragraphs: dict[int, list[list[str]]] = defaultdict(list)
        self.changes: list[Change] = []

    # sentences

    def fresh(self, text: str) -> bool:
        if text in self.seen or not _fits(text):
            return False
        self.seen.add(text)
        return True

    def sentence(self) -> _Sentence:
        if self.rng.random() < 0.12:
            return self.attributed()
        while True:
            text = self.writer.sentence()
            if self.fresh(text):
                return _Sentence(text)

    def attributed(self) -> _Sentence:
        rng, writer = self.rng, self.writer
        while True:
            who = writer.person()
            template = rng.choice(_FRAMES)
            if rng.random() < 0.35:
                speaker = writer.organisations(rng)  # "the city council"
                speaker = _capital(speaker) if template.startswith("{s}") else speaker
            elif rng.random() < 0.5 and template.startswith("{s}"):
                speaker = f"{who.first} {who.last}, {who.title} {who.organisation},"
            else:
                speaker = f"{who.first} {who.last}"
            day = rng.choice(_DAYS)

            def frame(clause: str, template: str = template, s: str = speaker, d: str = day) -> str:
                return template.format(s=s, d=d, c=clause, C=_capital(clause))

            clause = self.clause()
            text = frame(clause)
            if self.fresh(text):
                return _Sentence(text, frame, clause)

    def clause(self) -> str:
        clause = self.writer.clause()
        if self.rng.random() < 0.5:
            clause += f" {self.writer.prepositions(self.rng)} {self.writer.noun_phrase(1)}"
        return clause

    def new_sentence(self) -> str:
        return self.sentence().text

    def edit_words(self, text: str, count: int) -> tuple[str, str] | None:
        """``count`` words (or numbers) of ``text`` changed: the old text and the new one. A
        typo fixed is one of them: the old text then has the typo, the new one the word."""
        rng, writer = self.rng, self.writer
        spots = [m for m in _EDITABLE.finditer(text) if m.group().lower() not in _KEEP]
        if len(spots) < count:
            return None
        for _ in range(20):
            old = new = text
            for m in sorted(rng.sample(spots, count), key=lambda m: m.start(), reverse=True):
                word, before, after = m.group(), old[: m.start()], old[m.end() :]
                if word[0].isdigit():
                    new = new[: m.start()] + _renumber(rng, word) + new[m.end() :]
                elif len(word) >= 6 and "-" not in word and rng.random() < 0.25:
                    j = rng.randrange(1, len(word) - 2)
                    old = before + word[:j] + word[j + 1] + word[j] + word[j + 2 :] + after
                else:
                    draw = writer.nouns if rng.random() < 0.6 else writer.adjectives
                    other = draw(rng)
                    other = _capital(other) if word[0].isupper() else other
                    if other.lower() == word.lower():
                        break
                    new = new[: m.start()] + other + new[m.end() :]
            else:
                if old != text and (old in self.seen or not self.length_ok(old)):
                    continue
                if new not in self.seen and old != new and self.length_ok(new):
                    self.seen.update((old, new))
                    return old, new
        return None

    def length_ok(self, text: str) -> bool:
        return len(sentences(text)) == 1 and len(words(text)) >= 6

    def reword_span(self, text: str) -> str | None:
        """``text`` with a run of 3-6 words rewritten, at least 70 % of its words kept."""
        rng, writer = self.rng, self.writer
        tokens = text.split(" ")
        for _ in range(20):
            size = rng.randint(3, 6)
            if size > 0.3 * len(tokens) or len(tokens) < size + 3:
                continue
            start = rng.randrange(1, len(tokens) - size - 1)
            phrase = (
                f"{writer.prepositions(rng)} {writer.noun_phrase(1)}"
                if rng.random() < 0.5
                else writer.noun_phrase(1)
            ).split(" ")
            if len(phrase) > size + 2 or set(phrase) & set(tokens[start : start + size]):
                continue
            edited = " ".join(tokens[:start] + phrase + tokens[start + size :])
            if edited not in self.seen and self.length_ok(edited):
                self.seen.add(edited)
                return edited
        return None

    # where changes go

    def touchable(self, i: int) -> bool:
        return (
            0 <= i < len(self.flat)
            and i not in self.touched
            and i not in self.anchors
            and i - 1 not in self.touched
            and i + 1 not in self.touched
        )

    def touch(self, i: int) -> None:
        self.touched.add(i)
        self.anchors.update((i - 1, i + 1))

    def slot_free(self, i: int) -> bool:
        """Whether something may be inserted before flat sentence ``i`` (``len``: at the end)."""
        return i - 1 not in self.touched and i not in self.touched and i not in self.slots_used

    def insert_at(self, i: int) -> None:
        self.slots_used.add(i)
        self.anchors.update((i - 1, i))

    def pick(self, test: Callable[[int], bool] = lambda i: True) -> int | None:
        free = [i for i in range(len(self.flat)) if self.touchable(i) and test(i)]
        return self.rng.choice(free) if free else None

    # changes

    def add_change(self, label: str, *acts: Act) -> None:
        self.changes.append(Change(label, acts))

    def apply(self, kind: str) -> bool:
        """Make one change of ``kind``; False when the story has no room left for it."""
        rng, old, flat = self.rng, self.old, self.flat
        if kind in ("words edited", "span reworded", "sentence deleted", "attribution replaced"):
            i = self.pick()
            if i is None:
                return False
            p, k = flat[i]
            sentence = old[p][k]
            if kind == "sentence deleted":
                self.replaced[i] = None
                self.add_change(kind, ("deleted", sentence.text))
            elif kind == "attribution replaced":
                if sentence.frame is None:
                    sentence = old[p][k] = self.attributed()
                new = self.replacement(sentence)
                if new is None:
                    return False
                self.replaced[i] = new
                self.add_change(kind, ("deleted", sentence.text), ("added", new))
            else:
                count = rng.choice((1, 1, 2, 3))
                if kind == "words edited":
                    edit = self.edit_words(sentence.text, count)
                else:
                    reworded = self.reword_span(sentence.text)
                    edit = reworded and (sentence.text, reworded)
                if not edit:
                    return False
                sentence.text, new = edit
                self.replaced[i] = new
                label = f"words edited ({count})" if kind == "words edited" else kind
                self.add_change(label, ("edited", sentence.text, new))
            self.touch(i)
            return True
        if kind == "sentence added":
            slots = [(p, k) for p, k in self.slots() if self.slot_free(self.start[p] + k)]
            if not slots:
                return False
            p, k = rng.choice(slots)
            text = self.new_sentence()
            self.inserted[p, k].append(text)
            self.insert_at(self.start[p] + k)
            self.add_change(kind, ("added", text))
            return True
        if kind == "paragraph added":
            free = [p for p in range(len(old) + 1) if self.slot_free(self.start[p])]
            if not free:
                return False
            p = rng.choice(free)
            texts = [self.new_sentence() for _ in range(rng.randint(2, 4))]
            self.new_paragraphs[p].append(texts)
            self.insert_at(self.start[p])
            self.add_change(kind, *(("added", t) for t in texts))
            return True
        if kind == "paragraph deleted":
            if len(old) < 3:
                return False
            free = [
                p
                for p in range(len(old))
                if all(self.touchable(i) for i in range(self.start[p], self.start[p + 1]))
            ]
            if not free:
                return False
            p = rng.choice(free)
            for i in range(self.start[p], self.start[p + 1]):
                self.replaced[i] = None
                self.touch(i)
            self.add_change(kind, *(("deleted", s.text) for s in old[p]))
            return True
        if kind in ("moved", "moved+edited"):
            return self.move(edited=kind == "moved+edited")
        raise ValueError(kind)

    def replacement(self, sentence: _Sentence) -> str | None:
        """Another sentence under the same attribution: a new clause sharing little."""
        assert sentence.frame is not None
        for _ in range(50):
            clause = self.clause()
            if _dice(clause, sentence.clause) < 0.2:
                text = sentence.frame(clause)
                if self.fresh(text):
                    return text
        return None

    def slots(self) -> list[tuple[int, int]]:
        return [(p, k) for p, para in enumerate(self.old) for k in range(len(para) + 1)]

    def move(self, *, edited: bool) -> bool:
        rng = self.rng
        for _ in range(10):
            i = self.pick()
            if i is None:
                return False
            source_paragraph = self.flat[i][0]
            slots = [
                (p, k)
                for p, k in self.slots()
                if p != source_paragraph
                and abs(self.start[p] + k - i) >= 4
                and self.slot_free(self.start[p] + k)
                and not {i - 1, i, i + 1} & {self.start[p] + k - 1, self.start[p] + k}
            ]
            if not slots:
                continue
            p, k = rng.choice(slots)
            sentence = self.old[self.flat[i][0]][self.flat[i][1]]
            count = rng.choice((1, 1, 2, 3))
            edit = self.edit_words(sentence.text, count) if edited else None
            if edited and edit is None:
                continue
            text, new = edit or (sentence.text, sentence.text)
            sentence.text = text
            self.replaced[i] = None
            self.touch(i)
            self.inserted[p, k].append(new)
            self.insert_at(self.start[p] + k)
            if edited:
                label = f"moved+edited ({count})"
                self.add_change(label, ("moved+edited", text, new))
            else:
                self.add_change("moved", ("moved", text))
            return True
        return False

    def plan(self) -> tuple[list[str], int]:
        """The changes this pair's case type makes, and how many layout changes."""
        rng = self.rng
        extra = [rng.choice(EASY) for _ in range(rng.randint(0, 2))]
        layout = rng.randint(1, 2) if rng.random() < 0.2 else 0
        if self.case == "attribution":
            return ["attribution replaced"] * rng.randint(1, 2) + extra, layout
        if self.case == "small edit":
            return ["words edited"] * rng.randint(1, 3) + extra, layout
        if self.case == "moved+edited":
            return ["moved+edited"] * rng.randint(1, 2) + extra, layout
        if self.case == "easy":
            return [rng.choice(EASY) for _ in range(rng.randint(1, 3))], layout
        if self.case == "layout":
            return [rng.choice(EASY) for _ in range(rng.choice((0, 0, 1)))], rng.randint(1, 3)
        kinds = EASY + HARD
        return [rng.choice(kinds) for _ in range(rng.randint(4, 8))], rng.randint(0, 2)

    def make(self) -> Pair:
        kinds, layout = self.plan()
        for kind in kinds:
            self.apply(kind)
        headline = self.writer.headline()
        old_text = normalize(
            "\n\n".join([headline] + [" ".join(s.text for s in para) for para in self.old])
        )
        paragraphs = self.new_version()
        for _ in range(layout):
            self.relayout(paragraphs)
        new_text = normalize("\n\n".join([headline] + [" ".join(p) for p in paragraphs]))
        return Pair(self.index, self.case, old_text, new_text, self.changes)

    def new_version(self) -> list[list[str]]:
        out: list[list[str]] = []
        for p, para in enumerate(self.old):
            out.extend(self.new_paragraphs.get(p, []))
            sentences: list[str] = []
            for k in range(len(para) + 1):
                sentences.extend(self.inserted.get((p, k), []))
                if k < len(para):
                    text = self.replaced.get(self.start[p] + k, para[k].text)
                    if text is not None:
                        sentences.append(text)
            if sentences:
                out.append(sentences)
        out.extend(self.new_paragraphs.get(len(self.old), []))
        return out

    def relayout(self, paragraphs: list[list[str]]) -> None:
        """Two neighbouring paragraphs joined, or one split in two: no sentence changes."""
        rng = self.rng
        long = [p for p, para in enumerate(paragraphs) if len(para) >= 2]
        if long and (rng.random() < 0.5 or len(paragraphs) < 2):
            p = rng.choice(long)
            k = rng.randrange(1, len(paragraphs[p]))
            paragraphs[p : p + 1] = [paragraphs[p][:k], paragraphs[p][k:]]
        elif len(paragraphs) >= 2:
            p = rng.randrange(len(paragraphs) - 1)
            paragraphs[p : p + 2] = [paragraphs[p] + paragraphs[p + 1]]


def make_pair(index: int, seed: int) -> Pair:
    """Pair ``index`` of the run with ``seed``: the same for the same two numbers."""
    return _Maker(index, seed).make()


# --- the engine's reading ----------------------------------------------------------------


def _cores(text: str) -> list[str]:
    return [s.strip() for s in sentences(text) if s.strip()]


def _both_sides(spans: tuple[Span, ...]) -> tuple[str, str]:
    old = "".join(s.text for s in spans if s.op is not Op.INSERT)
    new = "".join(s.text for s in spans if s.op is not Op.DELETE)
    return old, new


@dataclass
class Reading:
    acts: list[Act]
    rewrites: int = 0  # passages replaced in place (REPLACED blocks): deleted + added
    rewritten: set[str] = field(default_factory=set)  # the sentences of those passages
    disagrees: bool = False  # the reading's counts differ from the engine's own statistics


def read(result: TextDiff) -> Reading:
    """The sentence actions of a diff's blocks."""
    reading = Reading([])
    acts = reading.acts
    edited = moved = 0
    for block in result.blocks:
        if block.action is Action.ADDED:
            acts.extend(("added", s) for s in _cores(block.new_text))
        elif block.action is Action.DELETED:
            acts.extend(("deleted", s) for s in _cores(block.old_text))
        elif block.action is Action.EDITED:
            olds, news = _cores(block.old_text), _cores(block.new_text)
            if len(olds) != 1 or len(news) != 1:
                reading.disagrees = True
            acts.extend(("edited", o, n) for o, n in zip(olds, news, strict=False))
            edited += 1
        elif block.action is Action.REPLACED:  # deleted and added in place, words marked
            olds, news = _cores(block.old_text), _cores(block.new_text)
            reading.rewrites += 1
            reading.rewritten.update(olds + news)
            acts.extend(("deleted", s) for s in olds)
            acts.extend(("added", s) for s in news)
        elif block.action is Action.MOVED and block.move and block.move.side is Side.TO:
            olds, news = (_cores(side) for side in _both_sides(block.spans))
            if len(olds) != len(news):
                reading.disagrees = True
            for o, n in zip(olds, news, strict=False):
                acts.append(("moved", o) if o == n else ("moved+edited", o, n))
                moved += 1
    stats = result.stats
    if (edited, moved) != (stats.sentences_edited, stats.sentences_moved):
        reading.disagrees = True
    return reading


# --- comparison --------------------------------------------------------------------------


def _describe(acts: list[Act]) -> str:
    if not acts:
        return "nothing"
    counts = Counter(a[0] for a in acts)
    return " + ".join(k if n == 1 else f"{n} {k}" for k, n in sorted(counts.items()))


@dataclass
class Outcome:
    pair: Pair
    exact: bool
    #: Each mismatch: its kind, and what was made and what the engine read.
    mismatches: list[tuple[str, list[Act], list[Act]]]
    #: Each change's label, whether it was read right, and whether its sentences were in a
    #: passage rewritten in place (one EDITED block on screen).
    right: list[tuple[str, bool, bool]]
    reading: Reading


def compare(pair: Pair, reading: Reading) -> Outcome:
    got = Counter(reading.acts)
    expected = Counter(a for c in pair.changes for a in c.acts)
    left = got.copy()
    right: list[tuple[str, bool, bool]] = []
    failed: list[Change] = []
    for change in pair.changes:
        need = Counter(change.acts)
        ok = all(left[a] >= n for a, n in need.items())
        if ok:
            left.subtract(need)
        else:
            failed.append(change)
        rewritten = any(t in reading.rewritten for a in change.acts for t in a[1:])
        right.append((change.label, ok, rewritten))
    mismatches = []
    for change in failed:
        texts = {t for a in change.acts for t in a[1:]}
        seen = [a for a in left.elements() if texts & set(a[1:])]
        left.subtract(Counter(seen))
        kind = f"{change.label} -> read as {_describe(seen)}"
        mismatches.append((kind, list(change.acts), seen))
    for act in left.elements():
        mismatches.append((f"unmade change read: {act[0]}", [], [act]))
    return Outcome(pair, got == expected, mismatches, right, reading)


# --- report ------------------------------------------------------------------------------


def _quote(act: Act) -> str:
    texts = " -> ".join(f'"{t}"' for t in act[1:])
    return f"{act[0]}: {texts}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="pairs to generate (1000)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (1)")
    parser.add_argument("--show", type=int, default=3, help="examples per mismatch kind (3)")
    parser.add_argument(
        "--dump", type=int, metavar="K", help="write pair K's texts as actions-K.{old,new}.txt"
    )
    args = parser.parse_args()

    if args.dump is not None:
        pair = make_pair(args.dump, args.seed)
        for side, text in (("old", pair.old), ("new", pair.new)):
            Path(f"actions-{args.dump}.{side}.txt").write_text(text, encoding="utf-8")
        print(f"pair {args.dump} ({pair.case}), wrote actions-{args.dump}.old.txt and .new.txt")
        for change in pair.changes:
            for act in change.acts:
                print(f"  [{change.label}] {_quote(act)}")
        reading = read(diff(pair.old, pair.new))
        print("the engine reads:")
        for act in reading.acts:
            print(f"  {_quote(act)}")
        return 0

    began = time.perf_counter()
    outcomes: list[Outcome] = []
    diff_seconds = 0.0
    word_counts: list[int] = []
    for index in range(args.pairs):
        pair = make_pair(index, args.seed)
        word_counts.append(len(words(pair.old)))
        started = time.perf_counter()
        result = diff(pair.old, pair.new)
        diff_seconds += time.perf_counter() - started
        outcomes.append(compare(pair, read(result)))
    elapsed = time.perf_counter() - began

    changes = sum(len(o.pair.changes) for o in outcomes)
    print(
        f"{args.pairs} pairs (seed {args.seed}): {min(word_counts):,}-{max(word_counts):,} "
        f"words (median {sorted(word_counts)[len(word_counts) // 2]:,}), {changes:,} changes; "
        f"{elapsed:.1f} s ({diff_seconds:.1f} s in diff)"
    )
    print()
    print(f"{'case type':<14} {'pairs':>6} {'exact':>6} {'share':>8}")
    by_case: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_case[outcome.pair.case].append(outcome)
    for case in dict.fromkeys(CASES):
        group = by_case.get(case, [])
        exact = sum(o.exact for o in group)
        share = f"{100 * exact / len(group):.1f} %" if group else "-"
        print(f"{case:<14} {len(group):>6} {exact:>6} {share:>8}")
    exact = sum(o.exact for o in outcomes)
    overall = exact / len(outcomes) if outcomes else 0.0
    print(f"{'all':<14} {len(outcomes):>6} {exact:>6} {100 * overall:>6.1f} %")

    print()
    print(f"{'change':<22} {'made':>6} {'read right':>11} {'of which in a rewrite':>22}")
    labels: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for outcome in outcomes:
        for label, ok, rewritten in outcome.right:
            labels[label].append((ok, rewritten))
    for label in sorted(labels):
        marks = labels[label]
        right = sum(ok for ok, _ in marks)
        shown = sum(ok and rewritten for ok, rewritten in marks)
        print(f"{label:<22} {len(marks):>6} {100 * right / len(marks):>9.1f} % {shown:>22}")
    rewrites = sum(o.reading.rewrites for o in outcomes)
    disagree = sum(o.reading.disagrees for o in outcomes)
    print(
        f"\npassages replaced in place (a REPLACED block: deleted + added): {rewrites}; "
        f"pairs whose reading disagrees with the engine's statistics: {disagree}"
    )

    kinds: dict[str, list[tuple[Pair, list[Act], list[Act]]]] = defaultdict(list)
    for outcome in outcomes:
        for kind, made, seen in outcome.mismatches:
            kinds[kind].append((outcome.pair, made, seen))
    if kinds:
        print("\ncommonest mismatches (pair numbers for --dump):")
    for kind, cases in sorted(kinds.items(), key=lambda item: -len(item[1])):
        print(f"\n{len(cases):>5} x {kind}")
        for pair, made, seen in cases[: args.show]:
            print(f"        pair {pair.index} ({pair.case})")
            for act in made:
                print(f"          made {_quote(act)}")
            for act in seen:
                print(f"          read {_quote(act)}")

    verdict = "PASS" if overall >= TARGET else "FAIL"
    print(f"\n{verdict}: {100 * overall:.1f} % of pairs exact (target {100 * TARGET:.0f} %)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
