"""Another publisher's note that a page quotes or reports is no note of the page; the page's own
notes stay found (revtrack.quoting)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from revtrack.catalogue import _check
from revtrack.notes import find_notes

SEEN = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


# A note alone is the page's note; the same note under a lead-in that introduces it as someone
# else's is not. (lead-in, note)
QUOTED = [
    (  # a colon after a lead-in that names the note as a thing
        "The Ledger's correction of May 3 reads:\n\n",
        "An earlier version of this article misstated the age of the mayor. He is 54, not 45.",
    ),
    (  # a numbered list of other outlets' corrections
        "Some of the year's best blunders.\n\n3) On the harbour budget:\n\n",
        "An earlier version of this article gave the wrong total for the harbour works.",
    ),
    (  # an outlet's name alone on its line, as a list of other outlets' notes names each
        "Corrections we enjoyed this year.\n\nFrom the Harbour Gazette:\n\n",
        "An earlier version of this article misstated the age of the mayor. He is 54, not 45.",
    ),
    (  # the outlet's name and a date before the note, on its line
        "Corrections we enjoyed this year.\n\nValley Times, May 3: ",
        "An earlier version of this article misstated the age of the mayor. He is 54, not 45.",
    ),
    (  # a quotation mark after the lead-in's colon
        "The Post's editor's note:\n\n“",
        "Editor's note: This story has been updated to correct the name of the fire chief.”",
    ),
    (  # Swedish: "the correction said the following"
        "I rättelsen stod följande:\n\n”",
        "I tisdagens tidning skrev vi felaktigt att bron stängs i maj. Rätt är att den stängs i "
        "juni.”",
    ),
    (  # Norwegian: "updated with the message"
        "Avisen la samme kveld ut meldingen:\n\n«",
        "Rettelse: I en tidligere versjon av denne saken sto det feil navn på ordføreren.»",
    ),
    (  # Chinese: "the statement's original text is as follows"
        "该报编辑部随后发表声明,原文如下:\n\n",
        "本报5月2日第三版刊发的《新桥下月通车》一文有误,通车时间应为7月。特此更正。",
    ),
    (  # Japanese: a sentence ending in 。 above a note in angle brackets
        "各紙の訂正記事は次のようなものだ。\n〈",
        "3日付の記事で「市長」とあるのは「副市長」の誤りでした。訂正します。〉",
    ),
    (  # Polish: a town hall asks for a correction "of the following wording"
        "Wnosimy o zamieszczenie sprostowania następującej treści:\n\n„",
        "Sprostowanie: W artykule z 3 maja błędnie podaliśmy, że szkoła zostanie zamknięta.”",
    ),
]


@pytest.mark.parametrize(("lead", "note"), QUOTED)
def test_a_note_is_found_alone_and_not_under_a_lead_in(lead: str, note: str) -> None:
    assert len(find_notes(note, SEEN)) == 1
    assert find_notes(lead + note, SEEN) == ()


@pytest.mark.parametrize(
    "text",
    [
        # the publisher's own corrections page, with a lead-in of its own
        "Corrections and clarifications\n\nHere are today's corrections:\n\n"
        "A story on Monday about the harbour budget misstated its total. It is $4 million.",
        # a section's name before an entry of the publisher's own corrections page
        "Corrections\n\nMetro: A story on Monday about the harbour budget misstated its total. "
        "It is $4 million.",
        # a lead-in whose last sentence speaks as the publisher
        "The harbour board met again on Friday. Here is the correction we printed on Saturday:\n\n"
        "An earlier version of this article misstated the age of the mayor. He is 54.",
        # the paper's own lead-in, in Chinese ("we publish the correction as follows")
        "本报现将更正内容刊登如下:\n\n"
        "本报5月2日第三版刊发的《新桥下月通车》一文有误,通车时间应为7月。特此更正。",
        # a label that opens the note has no lead-in of this kind
        "The council met on Tuesday.\n\nCorrection: An earlier version of this article gave the "
        "wrong date for the vote.",
        # the paper names itself in its own note
        "The council met on Tuesday.\n\nA story in Monday's Ledger misidentified the fire chief. "
        "He is Tom Hale. The Ledger regrets the error.",
    ],
)
def test_the_page_s_own_notes_stay(text: str) -> None:
    assert len(find_notes(text, SEEN)) == 1


def test_a_lead_in_without_a_note_s_word_leaves_an_update_ticker_alone() -> None:
    text = (
        "The latest on the storm in our live ticker:\n\n"
        "Update, 22.16 - Power is back in the north of the city. Crews are still at work."
    )
    assert [n.kind.value for n in find_notes(text, SEEN)] == ["update"]


def test_a_quoting_table_takes_only_its_parts() -> None:
    _check({"quoting": {"en": {"lead": ["\\bcorrection\\b"], "own": ["\\bwe\\b"]}}})
    with pytest.raises(ValueError, match=r"quoting\.en"):
        _check({"quoting": {"en": {"leads": ["\\bcorrection\\b"]}}})
    with pytest.raises(re.error):
        _check({"quoting": {"en": {"lead": ["(unclosed"]}}})
