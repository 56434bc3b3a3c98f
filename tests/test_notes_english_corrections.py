"""English corrections written as sentences, found by what they are made of, not by one
paper's wording: the paper points at its own earlier text (a story, a caption, an edition, by
its day, date or page) and says it was wrong; and the look-alikes that are not notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime(2023, 6, 14, 9, 30, tzinfo=UTC)
LEAD = "Crews worked through the night to reopen the bridge.\n\n"


@pytest.mark.parametrize(
    ("text", "kind", "starts"),
    [
        # the error first, the paper's own text and its day or page after it
        (
            "The mayor's surname was misspelled in a photo caption on Page B2 Friday.",
            "correction",
            "The mayor's surname",
        ),
        (
            "It was wrongly reported in Monday's edition that the pool will close in July.",
            "correction",
            "It was wrongly",
        ),
        (
            "The start time was incorrect in a story on the library fair on Sunday.",
            "correction",
            "The start time",
        ),
        # the paper's text first, by its day, then the error
        (
            "In Thursday's Weekend section, the gallery's hours were given incorrectly.",
            "correction",
            "In Thursday's",
        ),
        (
            'In yesterday\'s "Around Town" column, the coach was misquoted about the draft.',
            "correction",
            "In yesterday",
        ),
        (
            "A brief on Page A6 Tuesday contained an error about the polling places.",
            "correction",
            "A brief on Page",
        ),
        (
            "A story Saturday about the marathon said 400 runners took part. In fact, 4,000 did.",
            "correction",
            "A story Saturday",
        ),
        # the paper by its name, with the day of its error
        (
            "The Courier incorrectly reported Wednesday that the plant would lay off 80 workers.",
            "correction",
            "The Courier",
        ),
        (
            "Last Friday, The Ledger mistakenly reported that the dam had been sold.",
            "correction",
            "Last Friday",
        ),
        ("We erred in a caption on Monday by naming the wrong keeper.", "correction", "We erred"),
        # the cause of the error, then what it did to the paper's text
        (
            "Due to an error, a story on Tuesday listed the wrong date for the blood drive.",
            "correction",
            "Due to an error",
        ),
        (
            "Because of a reporter's error, the name of the new principal was misspelled.",
            "correction",
            "Because of",
        ),
        # the fact as it is, then what was printed
        (
            "The ferry leaves at 7 a.m., not 7 p.m. as incorrectly stated in the Travel pages on"
            " 3 May.",
            "correction",
            "The ferry leaves",
        ),
        # a press regulator's apology: the story by its date, then what the paper accepts
        (
            "On 4 March we published an article saying that Ms Grey had been sacked. We accept"
            " that this was untrue and apologise to her.",
            "correction",
            "On 4 March",
        ),
        (
            "In our article on the festival (12 July) we mistakenly used a photograph of"
            " another band.",
            "correction",
            "In our article",
        ),
        # a correction that apologises for its error stays one, whatever else it clarifies
        (
            "In an article on 2 May we stated that the club had closed. We are happy to clarify"
            " that it has not and apologise for the error.",
            "correction",
            "In an article",
        ),
    ],
)
def test_a_correction_of_the_papers_own_text(text: str, kind: str, starts: str) -> None:
    notes = find_notes(LEAD + text + "\n", SEEN)
    assert [(n.kind.value, n.text[: len(starts)]) for n in notes] == [(kind, starts)]
    assert notes[0].time is None


@pytest.mark.parametrize(
    "text",
    [
        # another's error, in a report, a release or by another outlet, is news
        "The name of the driver was misspelled in a police report released on Monday.",
        "The agency wrongly stated in a press release on Tuesday that the dam was safe.",
        "A story in The Sentinel on Monday said the club had closed. In fact, it is open.",
        "The Gazette incorrectly reported Monday that the mayor resigned, her office said.",
        "A story in the Times on Monday contained an error about the senator, the campaign said.",
        "Earlier today, several outlets reported incorrectly that the singer had died.",
        "On June 3, CNN reported that the bridge had collapsed. That was wrong, officials said.",
        # errors that are no text of the paper's
        "The referee erred in Sunday's final by waving play on.",
        "Due to a clerical error, the name of a candidate was left off the ballot.",
        "Due to an error, the bank charged some customers twice on Monday.",
        "Her name was misspelled on the ballot in Tuesday's election.",
        "He is 45, not 54 as wrongly stated in court documents filed on Monday.",
        "The tower was finished in 1889, not 1890 as is often wrongly said.",
        "In Tuesday's debate, the senator incorrectly stated the jobless rate.",
        "In 2019 we reported that the mill would close. It closed in March.",
        # a policy page's list of the labels it uses, each defined
        "Our policy\n\n- Correction: a factual error in a name, date or number.\n"
        "- Clarification: the facts were right but could mislead.\n"
        "- Retraction: a story that was wrong in a fundamental way.",
    ],
)
def test_prose_about_errors_is_not_a_note(text: str) -> None:
    assert find_notes(LEAD + text + "\n", SEEN) == ()


def test_two_labels_in_a_list_are_still_notes() -> None:
    text = "- Correction: The fair opens on Friday.\n- Update: The mayor will attend.\n"
    assert [n.kind.value for n in find_notes(LEAD + text, SEEN)] == ["correction", "update"]


def test_an_apology_closes_the_notice_that_names_the_papers_story_above_it() -> None:
    text = (
        "On 2 April we reported that Mr Lane had been arrested.\n\n"
        "We wish to make clear that he was a witness and was never arrested.\n\n"
        "We apologise to Mr Lane for the distress caused.\n"
    )
    notes = find_notes(LEAD + text, SEEN)
    assert [(n.kind.value, n.text[:12]) for n in notes] == [("correction", "On 2 April w")]
    assert notes[0].text.endswith("distress caused.")


def test_an_apology_under_news_starts_at_its_own_paragraph() -> None:
    text = (
        "On 2 April the Council said the pool would close.\n\n"
        "We apologise to readers for the error in yesterday's listings.\n"
    )
    notes = find_notes(LEAD + text, SEEN)
    assert [n.text[:14] for n in notes] == ["We apologise t"]
