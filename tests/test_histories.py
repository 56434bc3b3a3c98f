"""Fixture histories in several publishers' styles, held to the findings their
``expected.toml`` lists; and properties of accounting and severity on random edits.

Each history under ``fixtures/histories`` is a few versions of a short fictional article and
the times they were seen; its ``expected.toml`` lists, per transition, the findings the
README's rules call for at the default criteria (``minor``) and at ``typo``. Where revtrack
does not follow those rules, the transition is an expected failure that says why.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from factories import version
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack import wording
from revtrack.account import changes, paragraph_counter, paragraph_locator, substance, weigh
from revtrack.derived import _counter, _without_notes, weighed_changes
from revtrack.diff import diff
from revtrack.models import Change, Criteria, Finding, FindingKind, Severity, Version, highest
from revtrack.notes import find_notes
from revtrack.report import build_notes
from revtrack.text import normalize

HISTORIES = Path(__file__).resolve().parent.parent / "fixtures" / "histories"

#: Transitions where revtrack's findings differ from what the rules say, and why.
KNOWN: dict[tuple[str, str], str] = {}

#: A finding as compared: kind, severity, and its changes' kinds and paragraphs.
Summary = tuple[str, str | None, tuple[tuple[str, int], ...]]


def versions_of(name: str) -> list[Version]:
    """The versions of a history, from its files and the times in ``seen``."""
    folder = HISTORIES / name
    found = []
    for number, line in enumerate((folder / "seen").read_text().splitlines(), start=1):
        file, at = line.split()
        text = normalize((folder / file).read_text(encoding="utf-8"))
        when = datetime.fromisoformat(at).astimezone(UTC)
        found.append(version(text, number, article=name, at=when))
    return found


def summary(finding: Finding) -> Summary:
    return (
        finding.kind.value,
        None if finding.severity is None else finding.severity.value,
        tuple(
            (c.kind.value, c.new_paragraph if c.new_paragraph is not None else c.old_paragraph)
            for c in finding.changes
        ),
    )


def expected(name: str) -> dict[str, dict[str, list[Summary]]]:
    """Per transition (``"1-2"``), per criteria (``minor``, ``typo``), the findings listed."""
    data = tomllib.loads((HISTORIES / name / "expected.toml").read_text(encoding="utf-8"))
    table: dict[str, dict[str, list[Summary]]] = {}
    for transition in data["transition"]:
        key = f"{transition['from']}-{transition['to']}"
        table[key] = {
            least: [_expected_summary(item) for item in transition[least]]
            for least in ("minor", "typo")
        }
    return table


def _expected_summary(item: dict[str, Any]) -> Summary:
    changes = tuple((c["kind"], c["paragraph"]) for c in item.get("changes", []))
    return item["kind"], item.get("severity"), changes


def actual(name: str, least: str) -> dict[str, list[Summary]]:
    history = build_notes(name, versions_of(name), Criteria(min_severity=Severity(least)))
    return {
        f"{t.from_version}-{t.to_version}": [summary(f) for f in t.findings]
        for t in history.transitions
    }


NAMES = sorted(p.name for p in HISTORIES.iterdir() if (p / "expected.toml").is_file())


def _cases() -> list[Any]:
    """One case per history (its transitions that follow the rules), and one per transition
    known not to, expected to fail."""
    cases: list[Any] = []
    for name in NAMES:
        known = sorted(t for n, t in KNOWN if n == name)
        cases.append(pytest.param(name, None, id=name))
        for transition in known:
            mark = pytest.mark.xfail(strict=True, reason=KNOWN[name, transition])
            cases.append(pytest.param(name, transition, marks=mark, id=f"{name}@{transition}"))
    return cases


def test_every_history_is_complete() -> None:
    assert len(NAMES) >= 8
    for name in NAMES:
        folder = HISTORIES / name
        seen = (folder / "seen").read_text().splitlines()
        times = [datetime.fromisoformat(line.split()[1]) for line in seen]
        assert times == sorted(times) and len(set(times)) == len(times), name
        assert [line.split()[0] for line in seen] == [f"v{n}.txt" for n in range(1, len(seen) + 1)]
        for line in seen:
            text = (folder / line.split()[0]).read_text(encoding="utf-8")
            assert 120 <= len(text.split()) <= 300, (name, line)
            assert text.split("\n")[1] == "", (name, line)  # a headline, then a blank line
        assert sorted(expected(name)) == [f"{n}-{n + 1}" for n in range(1, len(seen))], name


@pytest.mark.parametrize("least", ["minor", "typo"])
@pytest.mark.parametrize(("name", "transition"), _cases())
def test_history_findings_are_as_expected(name: str, transition: str | None, least: str) -> None:
    wanted = expected(name)
    found = actual(name, least)
    assert sorted(found) == sorted(wanted)
    keys = [transition] if transition else [t for t in wanted if (name, t) not in KNOWN]
    for key in keys:
        assert sorted(found[key]) == sorted(wanted[key][least]), key


# --- properties --------------------------------------------------------------------------

START = datetime(2025, 3, 4, 14, tzinfo=UTC)  # 9 a.m. in New York

#: Sentences of a made-up council story, each its own paragraph in a random history.
POOL = [
    "The council voted 7-2 on Tuesday to approve the budget.",
    "Mayor Lena Ortiz said the plan would add 40 bus drivers.",
    "Residents of Hollow Street asked for a new crossing near the school.",
    "The transport office will publish a timetable in the spring.",
    "“We cannot wait another year,” said Ines Carrow, who runs the bakery.",
    "Engineers said the bridge had been inspected last month.",
    "The budget includes money for three new libraries.",
    "Critics said the fares were too high for students.",
    "The opposition leader, Piet Harrow, called the vote rushed.",
    "Construction is expected to begin in September.",
    "Drivers complained about the state of the depot roof.",
    "The city will hold a public meeting about the routes next week.",
]
#: Notes of every kind the rules weigh: additions, corrections, general, removals.
NOTES = [
    "Update (3/4/25, 10:15 a.m. ET): This article was updated with comment from the mayor.",
    "(Adds reaction from residents in paragraph 4)",
    "Correction: An earlier version of this article misstated the number of bus drivers."
    " It is 40, not 14.",
    "Correction: An earlier version of this article misspelled the name of Piet Harrow.",
    "This article has been updated.",
    "This article was amended on 4 March 2025 to remove a paragraph.",
    "(Corrects spelling of name in paragraph 3)",
    "Clarification: An earlier version of this article gave the wrong day of the vote.",
    "Updated 10:42 a.m. ET",
]
WORD = re.compile(r"\b[a-z]{5,}\b")
RESERVED = wording.NEGATIONS | wording.DATE_WORDS | wording.NUMBER_WORDS


def _text(paragraphs: Sequence[str]) -> str:
    return "Council Approves Budget\n\n" + "\n\n".join(paragraphs) + "\n"


def _edit(sentence: str, how: int) -> str:
    """A sentence edited one way or another: a word out, a number changed, "not" put in,
    words reworded."""
    if how == 0:
        first, rest = sentence.split(" ", 1)
        return f"{first} {rest.split(' ', 1)[1]}" if " " in rest else sentence + " Again."
    if how == 1 and re.search(r"\d", sentence):
        return re.sub(r"\d+", lambda m: str(int(m.group()) + 3), sentence, count=1)
    if how == 2:
        return re.sub(r"\b(will|would|had|said|were)\b", r"\1 not", sentence, count=1)
    return sentence.replace("the", "a", 1) if " the " in sentence else sentence + " It did."


@st.composite
def edited_histories(draw: st.DrawFn) -> tuple[list[str], list[str], str]:
    """A first version's paragraphs, the second's (sentences removed, added, edited) and a
    note that came with it."""
    chosen = draw(st.lists(st.sampled_from(POOL), min_size=3, max_size=6, unique=True))
    spare = [s for s in POOL if s not in chosen]
    after = list(chosen)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["remove", "add", "edit"]))
        if action == "remove" and len(after) > 2:
            after.pop(draw(st.integers(0, len(after) - 1)))
        elif action == "add" and spare:
            after.insert(draw(st.integers(0, len(after))), spare.pop(0))
        else:
            at = draw(st.integers(0, len(after) - 1))
            after[at] = _edit(after[at], draw(st.integers(0, 3)))
    note = draw(st.sampled_from(NOTES))
    place = draw(st.sampled_from(["end", "start"]))
    return chosen, ([note, *after] if place == "start" else [*after, note]), note


@settings(max_examples=80, deadline=None)
@given(edited_histories())
def test_no_change_is_both_accounted_for_and_reported(
    case: tuple[list[str], list[str], str],
) -> None:
    before, after, _ = case
    old = version(normalize(_text(before)), 1, article="budget", at=START)
    new = version(normalize(_text(after)), 2, article="budget", at=START + timedelta(hours=3))
    history = build_notes("budget", [old, new], Criteria(min_severity=Severity.TYPO))
    # The same changes, recomputed as the transition computes them, and what each new note
    # accounts for.
    old_notes, new_notes = (
        find_notes(old.text, old.observed_at),
        find_notes(new.text, new.observed_at),
    )
    found, place, _ = weighed_changes(old, new, (old_notes, new_notes), diff(old.text, new.text))
    covered: set[int] = set()
    for note in new_notes:
        covered |= weigh(note, found, place).accounted
    reported: list[Change] = [
        c
        for f in history.findings
        if f.kind in (FindingKind.CHANGE_BEYOND_NOTE, FindingKind.UNDESCRIBED_CHANGE)
        for c in f.changes
    ]
    for change in reported:
        assert change in found
        assert found.index(change) not in covered, change
    # ... and every change is one or the other (under a note that is not a bare stamp).
    if any(f.kind is FindingKind.UNDESCRIBED_CHANGE for f in history.findings):
        return
    for i, change in enumerate(found):
        assert i in covered or change in reported, change


def _most(paragraphs: Sequence[str], edited: Sequence[str]) -> Severity | None:
    old, new = _text(paragraphs), _text(edited)
    weighed = substance(diff(old, new), (), ())
    found = changes(weighed, paragraph_locator(old), paragraph_locator(new))
    return highest(c.severity for c in found)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(POOL), min_size=3, max_size=6, unique=True),
    st.data(),
)
def test_one_more_change_never_lowers_the_severity(
    paragraphs: list[str], data: st.DataObject
) -> None:
    first = data.draw(st.integers(0, len(paragraphs) - 1))
    once = list(paragraphs)
    once[first] = _edit(once[first], data.draw(st.integers(0, 3)))
    if once == paragraphs:
        return
    second = data.draw(st.integers(0, len(paragraphs) - 1).filter(lambda i: i != first))
    twice = list(once)
    if data.draw(st.booleans()):
        twice[second] = _edit(twice[second], data.draw(st.integers(0, 3)))
    else:
        twice.pop(second)
    level, more = _most(paragraphs, once), _most(paragraphs, twice)
    assert level is not None and more is not None
    assert more.rank >= level.rank, (once, twice)


def _typo_candidates(sentence: str) -> list[re.Match[str]]:
    """Lower-case words of five letters or more, outside quotation marks, that name no
    number, date or negation."""
    quoted = [m.span() for m in re.finditer(r"“[^”]*”", sentence)]
    return [
        m
        for m in WORD.finditer(sentence)
        if m.group().lower() not in RESERVED and not any(a <= m.start() < b for a, b in quoted)
    ]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(POOL), st.data())
def test_a_letter_swapped_is_a_typo(sentence: str, data: st.DataObject) -> None:
    candidates = _typo_candidates(sentence)
    word = data.draw(st.sampled_from(candidates))
    text = word.group()
    at = data.draw(st.integers(1, len(text) - 3))
    if data.draw(st.booleans()):  # two letters swapped
        swapped = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    else:  # a letter replaced
        letter = data.draw(
            st.sampled_from("abcdefghijklmnopqrstuvwxyz").filter(lambda c: c != text[at])
        )
        swapped = text[:at] + letter + text[at + 1 :]
    if swapped == text:
        return
    edited = sentence[: word.start()] + swapped + sentence[word.end() :]
    others = [s for s in POOL if s != sentence][:2]
    assert _most([*others, sentence], [*others, edited]) is Severity.TYPO, (sentence, edited)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from([s for s in POOL if re.search(r"\b(will|would|had|said|were)\b", s)]))
def test_not_after_a_verb_is_substantive(sentence: str) -> None:
    edited = _edit(sentence, 2)
    assert " not " in edited
    others = [s for s in POOL if s != sentence][:2]
    assert _most([*others, sentence], [*others, edited]) is Severity.SUBSTANTIVE


_LINE = st.text(alphabet="ab \t\r\u00a0", max_size=8)


@st.composite
def _noted_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text and the ranges of its notes, in order and apart: whole lines, or anywhere."""
    lines = draw(st.lists(_LINE, min_size=1, max_size=8))
    text = "\n".join(lines)
    if draw(st.booleans()):  # whole lines
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        chosen = draw(st.lists(st.integers(0, len(lines) - 1), unique=True, max_size=3))
        ranges = [(starts[k], starts[k] + len(lines[k])) for k in sorted(chosen)]
    else:
        ranges = []
        for start, length in sorted(
            draw(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=4))
        ):
            start = min(start, len(text))
            if not ranges or start > ranges[-1][1]:
                ranges.append((start, min(start + length + 1, len(text))))
    return text, [(start, end) for start, end in ranges if start < end]


@given(_noted_texts())
def test_paragraphs_outside_the_notes_are_counted_alike_in_place_and_in_a_copy(
    noted: tuple[str, list[tuple[int, int]]],
) -> None:
    text, ranges = noted
    counted = _counter(text, ranges)
    copied = paragraph_counter(*_without_notes(text, ranges))
    paragraphs = text.count("\n") + 2
    assert [counted(p) for p in range(paragraphs)] == [copied(p) for p in range(paragraphs)]
