"""Editorial notes: finding them, and the corpus they are held to."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.models import NoteKind
from revtrack.notes import find_notes

ROOT = Path(__file__).resolve().parent.parent
CORPUS = tomllib.loads((ROOT / "fixtures" / "notes" / "corpus.toml").read_text(encoding="utf-8"))[
    "case"
]
SEEN = datetime(2021, 8, 19, 12, 0, tzinfo=UTC)  # 8 a.m. in New York


def one_note(text: str, observed: datetime = SEEN) -> tuple[str, str | None, str | None]:
    """The single note in ``text``: its kind, ISO time stamp and zone as written."""
    notes = find_notes(text, observed)
    assert len(notes) == 1, notes
    note = notes[0]
    stamp = note.time
    return note.kind.value, stamp.isoformat() if stamp else None, stamp.tz if stamp else None


# --- every format the detector promises, each alone in an article -------------------------

BODY = "The council voted 7-2 on Tuesday to approve the budget.\n\n"


@pytest.mark.parametrize(
    ("note", "kind", "timestamp", "tz"),
    [
        (
            "Update (8/18/21, 10:15 p.m. ET): This article was updated with additional comment"
            " from the mayor's office.",
            "update",
            "2021-08-18T22:15:00-04:00",
            "ET",
        ),
        ("UPDATE: The mayor's office responded after publication.", "update", None, None),
        ("Updated at 3:45 p.m. ET", "update", "2021-08-18T15:45:00-04:00", "ET"),
        (
            "Updated Aug. 19, 2021, 2:00 a.m. ET: Adds the final vote count.",
            "update",
            "2021-08-19T02:00:00-04:00",
            "ET",
        ),
        ("[Updated 10:15 a.m.]", "update", "2021-08-19T10:15:00", None),
        (
            "Correction (Aug. 5, 2021): An earlier version of this article gave the wrong vote.",
            "correction",
            "2021-08-05",
            None,
        ),
        ("CORRECTION: The vote was 7-2, not 6-3.", "correction", None, None),
        (
            "Correction: An earlier version of this article misstated the size of the budget.",
            "correction",
            None,
            None,
        ),
        (
            "An earlier version of this story misspelled a council member's name.",
            "correction",
            None,
            None,
        ),
        ("This article has been updated to include comment from the mayor.", "update", None, None),
        (
            "This story has been corrected to show that the vote was on Tuesday.",
            "correction",
            None,
            None,
        ),
        (
            "This article was amended on 5 June 2020 to correct the name of the treasurer.",
            "correction",
            "2020-06-05",
            None,
        ),
        (
            "Editor's note: This story is part of a series on city finances.",
            "editors_note",
            None,
            None,
        ),
        ("Editor’s Note — The reporter's spouse works for the city.", "editors_note", None, None),
        ("Clarification: The budget covers two fiscal years.", "clarification", None, None),
        (
            "Retraction: The Ledger has retracted this article because its main source could"
            " not be verified.",
            "retraction",
            None,
            None,
        ),
        ("This article has been retracted.", "retraction", None, None),
        (
            "Editor's note (Aug. 12, 2021): This article has been retracted. It relied on"
            " documents that proved to be forged.",
            "retraction",
            "2021-08-12",
            None,
        ),
        ("(Updates with mayor's comment in paragraph 3)", "update", None, None),
        ("(Corrects spelling of treasurer's name in paragraph 2)", "correction", None, None),
        ("This version corrects the vote count.", "correction", None, None),
        ("The Ledger regrets the error.", "correction", None, None),
        (
            "Update, 2:00pm ET: The mayor signed the budget.",
            "update",
            "2021-08-18T14:00:00-04:00",
            "ET",
        ),
        (
            "Update August 19th, 12:30AM PT: The mayor signed the budget.",
            "update",
            "2021-08-19T00:30:00-07:00",
            "PT",
        ),
        ("*Correction: The meeting was on Tuesday.*", "correction", None, None),
        ("_Update 2: The mayor signed the budget._", "update", None, None),
        ("• This article was amended on 19 August 2021.", "update", "2021-08-19", None),
        (
            "Updated: 2021-08-19T09:30:00Z — adds the signing.",
            "update",
            "2021-08-19T09:30:00+00:00",
            "Z",
        ),
        (
            "Correction 18 August 2021, 10.15am BST: The vote was 7-2.",
            "correction",
            "2021-08-18T10:15:00+01:00",
            "BST",
        ),
        (
            "Updated 2021-08-18 17:40 UTC with the mayor's comment.",
            "update",
            "2021-08-18T17:40:00+00:00",
            "UTC",
        ),
        ("Updated at 2200 GMT", "update", "2021-08-18T22:00:00+00:00", "GMT"),
        ("Updated at 14.20 BST", "update", "2021-08-18T14:20:00+01:00", "BST"),
        (
            "Posted Tue 17 Aug 2021 at 5:30am, updated Wed 18 Aug 2021 at 9:02am",
            "update",
            "2021-08-18T09:02:00",
            None,
        ),
        (
            "Published : Aug 17, 2021 - 15:02 Updated : Aug 18, 2021 - 17:30",
            "update",
            "2021-08-18T17:30:00",
            None,
        ),
        (
            "Posted: Aug 17, 2021 4:03 PM ET | Last Updated: August 18, 2021",
            "update",
            "2021-08-18",
            None,
        ),
        ("(EDS: Updating with the final vote)", "update", None, None),
        ("(ATTN: CORRECTS spelling of treasurer's name)", "correction", None, None),
        ("*This article previously misstated the size of the budget.*", "correction", None, None),
        (
            "(This story has been corrected to show the vote was 7-2, not 6-3.)",
            "correction",
            None,
            None,
        ),
        ("Correction note: An earlier version gave the wrong vote.", "correction", None, None),
        (
            "In the news release, Council Passes Budget, issued earlier today by the city, we"
            " are advised that the vote should read 7-2 rather than 6-3 as originally issued.",
            "correction",
            None,
            None,
        ),
        (
            "Corrections & Amplifications: An earlier version of this article misstated the"
            " vote. (Aug. 18, 2021)",
            "correction",
            "2021-08-18",
            None,
        ),
        (
            "Photo: A caption in an earlier version of this story misidentified the mayor.",
            "correction",
            None,
            None,
        ),
        (
            "By Jane Doe | Updated 10:30 a.m. ET Aug. 18, 2021",
            "update",
            "2021-08-18T10:30:00-04:00",
            "ET",
        ),
        (
            "This article was originally published on Aug. 17, 2021 and has been updated.",
            "update",
            None,
            None,
        ),
        ("(Story corrects the spelling of the treasurer's name)", "correction", None, None),
        ("The headline of this article has been updated.", "update", None, None),
        ("Earlier versions of this story misstated the vote.", "correction", None, None),
        ("10:30 a.m. update: The mayor signed the budget.", "update", "2021-08-19T10:30:00", None),
        (
            "Updated 3:45 p.m. ET (Adds the mayor's comment)",
            "update",
            "2021-08-18T15:45:00-04:00",
            "ET",
        ),
        (
            "UPDATE 3:45 p.m. BST Mayor signs the budget",
            "update",
            "2021-08-18T15:45:00+01:00",
            "BST",
        ),
        ("This article has been removed.", "retraction", None, None),
        (
            "Editor's note: The name of a student quoted in this article has been removed at"
            " their request.",
            "editors_note",
            None,
            None,
        ),
        (
            "This article has been updated to include a statement from the city, which said it"
            " would correct the billing problem.",
            "update",
            None,
            None,
        ),
        (
            "Note: This story has been updated with the final vote.",
            "update",
            None,
            None,
        ),
    ],
)
def test_note_formats(note: str, kind: str, timestamp: str | None, tz: str | None) -> None:
    for text in (BODY + note + "\n", note + "\n\n" + BODY):  # at the bottom, at the top
        assert one_note(text) == (kind, timestamp, tz)


def test_an_announcement_inside_a_sentence_is_only_its_brackets() -> None:
    text = "The mayor, who is 54 (an earlier version of this story misstated her age), ran.\n"
    (note,) = find_notes(text, SEEN)
    assert note.text == "an earlier version of this story misstated her age"
    told = "The council voted. This story has been updated to include the vote. She left.\n"
    (note,) = find_notes(told, SEEN)
    assert note.text == "This story has been updated to include the vote."


def test_a_correction_goes_on_with_the_facts_it_corrects() -> None:
    text = BODY + "An earlier version of this story misstated the vote. It was 7-2, not 6-3.\n"
    (note,) = find_notes(text, SEEN)
    assert note.text.endswith("It was 7-2, not 6-3.")


def test_a_note_inline_in_a_paragraph() -> None:
    text = "The council voted on Tuesday. [Updated 10:15 a.m.] The mayor has since signed it.\n"
    (note,) = find_notes(text, SEEN)
    assert note.text == "Updated 10:15 a.m."
    assert text[note.start : note.end] == note.text


def test_stacked_notes_in_one_paragraph_and_in_several() -> None:
    text = (
        BODY + "Update (8/18/21, 10:15 p.m. ET): Adds comment. Update (8/19/21, 2:00 a.m. ET): Adds"
        " the vote.\n\nCorrection: The vote was 7-2.\n\nClarification: It covers two years.\n"
    )
    notes = find_notes(text, SEEN)
    assert [(n.kind.value, n.time and n.time.isoformat()) for n in notes] == [
        ("update", "2021-08-18T22:15:00-04:00"),
        ("update", "2021-08-19T02:00:00-04:00"),
        ("correction", None),
        ("clarification", None),
    ]
    assert notes[0].text == "Update (8/18/21, 10:15 p.m. ET): Adds comment."
    for note in notes:
        assert text[note.start : note.end] == note.text


def test_a_label_alone_takes_an_announcing_paragraph_too() -> None:
    text = BODY + "Correction Aug. 20, 2021\n\nA previous version of this story gave the vote.\n"
    (note,) = find_notes(text, SEEN)
    assert note.text.endswith("gave the vote.") and note.kind is NoteKind.CORRECTION


def test_a_label_alone_takes_the_next_paragraph_as_its_text() -> None:
    text = BODY + "Correction: Aug. 5, 2021\n\nAn article on Tuesday misstated the vote.\n"
    (note,) = find_notes(text, SEEN)
    assert note.kind is NoteKind.CORRECTION
    assert note.text == "Correction: Aug. 5, 2021\n\nAn article on Tuesday misstated the vote."
    assert note.time is not None and note.time.isoformat() == "2021-08-05"


def test_an_update_stamp_line_does_not_swallow_the_story() -> None:
    text = "Updated Aug. 19, 2021, 2:00 a.m. ET\n\n" + BODY
    (note,) = find_notes(text, SEEN)
    assert note.text == "Updated Aug. 19, 2021, 2:00 a.m. ET"


@pytest.mark.parametrize(
    "text",
    [
        "Apple will update its software next week.",
        "Analysts expect a market correction of 10% before the end of the year.",
        "The editor of the magazine said the cover was chosen in March.",
        "1 of 2",
        "Correction officers at the county jail went on strike.",
        "Update your browser to see this graphic.",
        "Updated guidance from regulators is expected in the spring.",
        "Retraction Watch, which tracks withdrawn papers, first reported the case.",
        "This is a developing story and will be updated.",
        "This article originally appeared in The Harbor Gazette.",
        "(Reporting by Ana Ruiz; Editing by Tom Hale)",
        "An earlier version of the bill passed the House in May.",
        "The report was updated in June with new figures, the agency said.",
        "In an editor's note, the rival paper said it stood by its story.",
        "Corrections Department spokesman Ray Dale declined to comment.",
        "The update (version 2.1) fixes the battery drain.",
        "Update on the vaccine rollout: 40% of adults have had a second dose.",
        "The journal issued a retraction of the study on Monday.",
        "Clarification of the rules is expected at the next meeting.",
        "Page 2 of 3",
        "Note: Figures are in U.S. dollars.",
        "Editor's Picks",
        "Updated figures show inflation slowed in July.",
        "This story will be updated as more information becomes available.",
        "The story has been told many times, but never like this.",
        "The figures were updated at 3 p.m., the agency said.",
        "The app launched on May 3, updated on June 5.",
        "The standings, last updated Aug. 18, 2021, show the team in third",
        "This article originally appeared on the Harbor Gazette website.",
        "(Additional reporting by Ana Ruiz in Lisbon)",
        "Due to a technical error, flights were delayed for three hours.",
        "Because of an editing error in the contract, the company lost millions.",
        "The mayor regrets the error in the budget, her spokesman said.",
        "This report was updated annually until 2015, the agency said.",
        "This video was removed by YouTube for violating its policies.",
        "This piece was updated in 2019 and again in 2020, the museum said.",
        "This story was changed forever when the verdict came in, said the director.",
        "This story was edited by Jane Doe and photographed by John Roe.",
        "An update was issued for Windows on Tuesday to fix the flaw.",
        "A correction was issued by the company on Monday.",
        "A correction was made to the company's earnings filing on Monday.",
        "(Editing by Chris Reese and Richard Chang)",
        "(Fixed-rate mortgages averaged 7.1% last week.)",
        "(Changes in population, 2010-2020)",
        "(Adds up to $3 billion over ten years.)",
        "(Restored in 1990, the building now houses a museum.)",
        "(Updated daily at 9 a.m.)",
        "- Updated: The app now supports dark mode.",
        "Updates: Apple fixes a security flaw in iOS 14.4.",
        "Last updated: 3 hours ago",
        'The note read: "An earlier version of this article misstated the cost."',
        '"We regret the error," the magazine wrote in a note below the piece.',
        '"This story has been corrected," the paper wrote on its site.',
    ],
)
def test_prose_that_only_uses_the_words_is_not_a_note(text: str) -> None:
    assert find_notes(BODY + text + "\n", SEEN) == ()


# --- the corpus --------------------------------------------------------------------------


def test_the_corpus_is_broad() -> None:
    notes = [n for case in CORPUS for n in case.get("notes", [])]
    negatives = [case for case in CORPUS if not case.get("notes")]
    stacked = [case for case in CORPUS if len(case.get("notes", [])) > 1]
    at_top = [
        case
        for case in CORPUS
        if any(
            case["text"].strip().index(n["starts"]) < case["text"].strip().find("\n")
            for n in case.get("notes", [])
        )
    ]
    assert len(CORPUS) >= 80
    assert len({case["style"] for case in CORPUS}) >= 15
    assert len(negatives) >= 25
    assert len(stacked) >= 3 and len(at_top) >= 3
    assert {n["kind"] for n in notes} == {k.value for k in NoteKind}
    assert len({case["id"] for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case["id"] for case in CORPUS])
def test_corpus_case(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_notes(text, datetime.fromisoformat(case["observed"]))
    expected = case.get("notes", [])
    assert [
        (
            n.start,
            n.kind.value,
            n.time.isoformat() if n.time else None,
            n.time.tz if n.time else None,
            list(n.time.inferred) if n.time else [],
        )
        for n in found
    ] == [
        (
            text.index(n["starts"]),
            n["kind"],
            n.get("timestamp"),
            n.get("tz"),
            n.get("inferred", []),
        )
        for n in expected
    ]


# --- any text at all ---------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Update",
        "UPDATE",
        "Updated",
        "Correction",
        "Editor's note",
        "Clarification",
        "Retraction",
        "(",
        ")",
        "[",
        "]",
        ":",
        " — ",
        ". ",
        "\n",
        "\n\n",
        " ",
        "8/18/21",
        "Aug. 19",
        "10:15 p.m.",
        "ET",
        "2021-08-19T02:00Z",
        "This article has been updated",
        "An earlier version of this story",
        "*",
        "Thursday",
        "Feb. 30, 2021",
        "GMT+99",
        "text",
    ]
)


@settings(max_examples=400)
@given(st.lists(_PIECES | st.text(max_size=5), max_size=30).map("".join))
def test_any_text_gives_notes_that_are_slices_of_it(text: str) -> None:
    for note in find_notes(text, SEEN):
        assert 0 <= note.start < note.end <= len(text)
        assert text[note.start : note.end] == note.text
        assert note.text.strip() == note.text
        if note.time is not None:
            note.time.isoformat()
            note.time.bounds()


@pytest.mark.parametrize(
    ("text", "kind", "stamp"),
    [
        (
            "Correction (2021-08-18 10:15 PM EDT): An earlier version misstated the vote.",
            "correction",
            "2021-08-18 10:15 PM EDT",
        ),
        ("Update (2021-08-18 10:15 PM): The council voted.", "update", "2021-08-18 10:15 PM"),
        (
            "Editor's note (2021-08-18 10:15 a.m.): This story has been updated.",
            "editors_note",
            "2021-08-18 10:15 a.m.",
        ),
        (
            "A correction was made on 2021-08-18 10:15 a.m. ET: An earlier version of this article"
            " misstated the number.",
            "correction",
            "on 2021-08-18 10:15 a.m. ET",
        ),
        ("Last updated: 2021-08-18 10:15 PM EDT", "update", "2021-08-18 10:15 PM EDT"),
        (
            "Updated: 2021-08-18 10:15 p.m. ET. The mayor spoke.",
            "update",
            "2021-08-18 10:15 p.m. ET",
        ),
        ("This article was updated Aug. 18, 2021 (10:15 a.m. ET).", "update", "Aug. 18"),
        (
            "This article was updated Aug. 18, 2021 so that it includes the vote.",
            "update",
            "Aug. 18",
        ),
        ("Update 10 a. m.: The council voted.", "update", "10 a. m."),
    ],
)
def test_a_stamp_read_shorter_where_the_longest_reading_does_not_fit(
    text: str, kind: str, stamp: str
) -> None:
    (note,) = find_notes(text, datetime(2021, 8, 19, 3, tzinfo=UTC))
    assert (note.kind.value, note.stamp) == (kind, stamp)


def test_a_line_of_labels_is_read_once_not_once_a_note() -> None:
    """A line of 6,000 ``Editor's note:`` labels (90 KB) is read in pieces of a long line,
    each piece once, not again for each note placed beside it (that took minutes)."""
    found = find_notes("Editor's note: " * 6_000 + "\n")
    assert len(found) == 6_000 and {note.kind for note in found} == {NoteKind.EDITORS_NOTE}
