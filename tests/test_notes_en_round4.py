"""English apologies in a newsroom's notes: "The Gazette regrets the error." closes the
correction above it (one note, not two), and "our apologies" says an error as "we apologise"
does; company apologies, headlines and someone else's apologies are no note."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime(2024, 3, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kind", "start", "stamp"),
    [
        (
            "A story on Tuesday gave the wrong opening hours for the library.\n\n"
            "The Courier regrets the error.",
            "correction",
            "A story on Tuesday gave",
            None,
        ),
        (
            "Because of an editing error, the story gave the wrong date for the county fair. It"
            " opens on Saturday.\n\nThe Examiner regrets the error.",
            "correction",
            "Because of an editing error",
            None,
        ),
        (
            "A photo caption on page 4 named the goalkeeper as Tom Rees. He is Tim Rees. The"
            " Leader regrets the error and apologizes to his family.",
            "correction",
            "A photo caption on page 4",
            None,
        ),
        (
            "Thursday's front page said the bridge would close for a month; it closes for a"
            " week. We regret the error.",
            "correction",
            "Thursday's front page said",
            None,
        ),
        ("The Ledger regrets the error.", "correction", "The Ledger regrets", None),
        (
            "In Monday's edition we ran the wrong photo with the council story. Our apologies to"
            " Ms Kay and her family.",
            "correction",
            "In Monday's edition we ran",
            None,
        ),
        (
            "On Monday, at about 7 p.m., we broadcast a photograph of a man who has no connection"
            " with the case. We apologise to him and his family.",
            "correction",
            "On Monday, at about 7 p.m., we broadcast",
            None,
        ),
        (
            "Last week we aired an interview in which a caller's claim about the council went"
            " unchallenged. We apologise to the council.",
            "correction",
            "Last week we aired an interview",
            None,
        ),
        (
            "In the March 3 issue, we ran an article on the fair that gave the wrong date. That's"
            " incorrect: it opens on Saturday.",
            "correction",
            "In the March 3 issue, we ran an article",
            None,
        ),
        (
            "In Friday's paper we printed the result of the school vote before it was counted."
            " Our sincerest of apologies to the pupils.",
            "correction",
            "In Friday's paper we printed",
            None,
        ),
    ],
)
def test_a_regret_closes_the_correction_above(
    text: str, kind: str, start: str, stamp: str | None
) -> None:
    notes = find_notes(text, SEEN)
    assert len(notes) == 1, notes
    note = notes[0]
    assert note.kind.value == kind
    assert note.text.startswith(start)
    assert (note.time.isoformat() if note.time else None) == stamp


@pytest.mark.parametrize(
    "text",
    [
        "News Corrections: We Deeply Regret the Error\n\nEvery paper strives to get it right.",
        "The utility apologised to customers for the billing error, a spokesman said.",
        '"We apologize for any confusion this may have caused," the retailer said.',
        "It is regrettable that this technical error occurred, the airline said.",
        "We regret the error...\nHow often have you read that phrase on page 7 of a paper?",
        "In yesterday's paper we printed the apologies of the council leader for the late vote.",
        "The airline offered its apologies to passengers for the delays on Monday.",
        "The sheriff said the county regrets the error.",
        "We ran the numbers again and the county's total was wrong.",
        "Letters with the wrong polling place went out on Monday.\n\nThe county regrets the error.",
        "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.",
    ],
)
def test_apologies_that_are_no_note(text: str) -> None:
    assert find_notes(text, SEEN) == ()


@pytest.mark.parametrize(
    ("text", "kind", "stamp", "inferred"),
    [
        (
            "Editor's note: This story was updated at 12:16 p.m. with the council's vote.",
            "editors_note",
            "2024-03-14T12:16:00",
            ("date",),
        ),
        (
            "EDITOR'S NOTE: This article was updated on March 3, 2024, to correct a street name.",
            "editors_note",
            "2024-03-03",
            (),
        ),
        (
            "Correction: This story was updated Feb. 27 at 4 p.m. to fix the date of the hearing.",
            "correction",
            "2024-02-27T16:00:00",
            ("year",),
        ),
    ],
)
def test_a_label_takes_the_stamp_of_the_sentence_it_heads(
    text: str, kind: str, stamp: str, inferred: tuple[str, ...]
) -> None:
    notes = find_notes(text, SEEN)
    assert len(notes) == 1, notes
    note = notes[0]
    assert note.kind.value == kind
    assert note.time is not None
    assert note.time.isoformat() == stamp
    assert note.time.inferred == inferred


def test_a_label_over_a_sentence_with_no_stamp_has_none() -> None:
    (note,) = find_notes("Editor's note: This story was originally published in 2016.", SEEN)
    assert note.time is None


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            "A humble apology to the Smith family\n\nIn Monday's edition we wrongly reported that"
            " Mr Smith had been charged. He was not.",
            "A humble apology to the Smith family",
        ),
        (
            "Our apology for a headline error\n\nIn Thursday's paper we misspelled the name of"
            " the winning team, not the losing one.",
            "Our apology for a headline error",
        ),
        (
            "Council votes on the budget\n\nIn Monday's edition we wrongly reported that the"
            " vote was unanimous. It was 5-2.",
            "In Monday's edition",
        ),
        (
            "Correctional officers hold a rally\n\nIn Monday's edition we wrongly reported that"
            " the rally was on Friday. It was on Saturday.",
            "In Monday's edition",
        ),
    ],
)
def test_a_title_that_names_an_apology_heads_the_notice_below(text: str, start: str) -> None:
    (note,) = find_notes(text, SEEN)
    assert note.kind.value == "correction"
    assert note.text.startswith(start)


@pytest.mark.parametrize(
    "text",
    [
        "At the top of the page we state in bold “[Correction: new details]” and explain what"
        " changed.",
        'Stories that change are marked "Update: new figures" and keep their first date.',
    ],
)
def test_a_label_quoted_inside_a_sentence_is_no_note(text: str) -> None:
    assert find_notes(text, SEEN) == ()
