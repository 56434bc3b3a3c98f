"""English notes without the usual labels: corrections columns, blog labels, apologies, and
the prose that only looks like them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime(2021, 6, 10, 12, 0, tzinfo=UTC)


def notes_of(text: str) -> list[tuple[str, str, str | None]]:
    """Each note's kind, text and ISO time stamp."""
    found = []
    for note in find_notes(text, SEEN):
        stamp = note.time.isoformat() if note.time else None
        found.append((note.kind.value, note.text, stamp))
    return found


@pytest.mark.parametrize(
    ("text", "kind", "start", "stamp"),
    [
        # a corrections column's items, with no word of an error
        (
            "We said the new bridge opened in 1990. In fact, it opened in 1992.",
            "correction",
            "We said the new bridge o",
            None,
        ),
        (
            "We said the mayor had approved the plan. To clarify: she approved its first phase"
            " only (“Bridge plan backed”, 3 May, p12).",
            "clarification",
            "We said the mayor had ap",
            None,
        ),
        (
            "The bakery is in Leeds, not Bradford (“A sweet day out”, 12 June, Travel, p8).",
            "correction",
            "The bakery is in Leeds, ",
            None,
        ),
        (
            "An article in Tuesday's Section B about the zoo said it had three elephants."
            " It has two.",
            "correction",
            "An article in Tuesday's ",
            None,
        ),
        (
            "On Monday May 3, we reported that the school would close. That was incorrect.",
            "correction",
            "On Monday May 3, we repo",
            None,
        ),
        (
            "The singer is alive. Incorrect information appeared in Friday's arts column.",
            "correction",
            "The singer is alive. Inc",
            None,
        ),
        (
            "Last week's column mistakenly named the coach. He is Tom Reed.",
            "correction",
            "Last week's column mista",
            None,
        ),
        (
            "In our review of the play (page 9, Arts, May 2), we said it ran for two hours."
            " In fact, it runs for three.",
            "correction",
            "In our review of the play",
            None,
        ),
        # a wire service's kill, after its dateline
        (
            "RENO, Nev. - Please kill the story Casino-Fire, V2201. No one was hurt.",
            "retraction",
            "Please kill the story",
            None,
        ),
        ("A kill is mandatory.", "retraction", "A kill is mandatory.", None),
        # a wire service's corrective, whose title heads the correction below it
        (
            "Corrective to May 3 story on the port strike\n\nIn a May 3 story, The Canadian"
            " Press erroneously reported that the strike had ended.",
            "correction",
            "Corrective to May 3 stor",
            None,
        ),
        # apologies and blog labels
        (
            "An apology\n\nWe wrongly said the shop had closed. It is open.",
            "correction",
            "An apology\n\nWe wrongly ",
            None,
        ),
        (
            "Mea culpa\n\nWe printed the same recipe twice on page 4 last week.",
            "correction",
            "Mea culpa\n\nWe printed t",
            None,
        ),
        ("ETA: the link to the report now works.", "update", "ETA: the link to the rep", None),
        ("Edited to add: the shop is shut on Mondays.", "update", "Edited to add: the shop ", None),
        (
            "The clinic's hours were wrong in an earlier list. The ABC apologises for the error.",
            "correction",
            "The clinic's hours were ",
            None,
        ),
        (
            "It has come to the editor's attention that we left the winners out."
            " We regret the omission.",
            "correction",
            "It has come to the edito",
            None,
        ),
        # stamps in the zones English pages write
        (
            "Updated: Dec 15, 2019 14:20 IST",
            "update",
            "Updated: Dec 15, 2019 14",
            "2019-12-15T14:20:00+05:30",
        ),
        (
            "Updated 3 June 2021, 10:00 AEST",
            "update",
            "Updated 3 June 2021, 10:",
            "2021-06-03T10:00:00+10:00",
        ),
        (
            "Updated: 3 June 2021 10:00 SAST",
            "update",
            "Updated: 3 June 2021 10:",
            "2021-06-03T10:00:00+02:00",
        ),
        (
            "Last updated: June 3, 2021 at 14:20:33 PST",
            "update",
            "Last updated: June 3, 20",
            "2021-06-03T14:20:33-08:00",
        ),
    ],
)
def test_english_notes(text: str, kind: str, start: str, stamp: str | None) -> None:
    [(found_kind, found_text, found_stamp)] = notes_of(text)
    assert (found_kind, found_stamp) == (kind, stamp)
    assert found_text.startswith(start)


@pytest.mark.parametrize(
    "text",
    [
        "We said we would win the cup. In fact, we did.",
        "“We said he would rest at some point,” the coach told reporters.",
        "The firm said incorrect information appeared in its filing.",
        "I read an article in Sunday's travel section about Lisbon and it said the trams"
        " were free.",
        "An apology from the minister came too late\n\nThe minister said on Tuesday that he"
        " was sorry for the delays to the project.",
        "He cited the novel (“Great Expectations”, 1861, p4) in his speech.",
        "The Ministry apologises to residents for the inconvenience.",
        "Stocks slid into a correction on Friday, 10% below their July high.",
        "Correction watch begins for the Nasdaq\n\nThe index is down again on Tuesday and"
        " close to a 10% drop from its high.",
        "We reported strong sales. That is the case again this year.",
        "The agency issued a kill order for the story on Sunday.",
    ],
)
def test_english_prose_is_no_note(text: str) -> None:
    assert notes_of(text) == []
