"""A note that a page quotes under a lead-in stays another publisher's note when a headline, a
subhead or an addressee line stands between the lead-in and the note (revtrack.quoting); the
page's own notes under a title of their own stay found."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.models import NoteKind
from revtrack.notes import find_notes

SEEN = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)

# (lead-in, the line between, the quoted note): the note alone is a note; quoted, it is none.
QUOTED = [
    (  # English: the quoted apology's own headline under the lead-in
        "The Harbour Gazette finally ran its apology today. Here is the correction as printed:",
        "Mayor's age misreported",
        "An earlier version of this article misstated the age of the mayor. He is 54, not 45.",
    ),
    (  # German: a blog shows a paper's correction hidden among readers' letters
        "Die Berichtigung stand im Leserbriefteil, so sieht sie aus:",
        "Brücke erst im Juni gesperrt",
        "In unserer gestrigen Ausgabe haben wir irrtümlich berichtet, dass die Brücke im Mai "
        "gesperrt wird. Richtig ist: Sie wird im Juni gesperrt.",
    ),
    (  # Chinese: a letter of correction quoted whole, its addressee on its own line
        "市长随后致信该报更正,全文如下:",
        "晚报编辑部",
        "贵报昨天刊发的《新桥下月通车》一文有误,通车时间应为七月。特此更正,并向读者致歉。",
    ),
    (  # Swedish: the paper's correction, under its own headline, quoted by a column
        "Några dagar senare publicerades följande rättelse:",
        "Fel om bron",
        "I tisdagens tidning skrev vi felaktigt att bron stängs i maj. Rätt är att den stängs "
        "i juni.",
    ),
]


@pytest.mark.parametrize(("lead", "between", "note"), QUOTED)
def test_a_note_quoted_under_a_lead_in_and_a_headline_is_no_note(
    lead: str, between: str, note: str
) -> None:
    assert find_notes(f"Opening story text.\n\n{note}\n", SEEN), "the note alone is a note"
    assert find_notes(f"Opening story text.\n\n{lead}\n{between}\n{note}\n", SEEN) == ()
    assert find_notes(f"Opening story text.\n\n{lead}\n\n{between}\n\n{note}\n", SEEN) == ()


# The page's own notes of the same shape: a title line over the note, with no lead-in that
# introduces it as someone else's (text, kind, where the note starts).
OWN = [
    (  # a lead-in in the publisher's own voice ("we") over the headline and the note
        "Opening story text.\n\nHere is the correction we printed:\nMayor's age misreported\n"
        "An earlier version of this article misstated the age of the mayor. He is 54, not 45.\n",
        NoteKind.CORRECTION,
        "An earlier version",
    ),
    (  # a story's title over its correction, a line that ends with no colon above it
        "Opening story text.\n\nThe council met on Monday.\nMayor's age misreported\n"
        "An earlier version of this article misstated the age of the mayor. He is 54, not 45.\n",
        NoteKind.CORRECTION,
        "An earlier version",
    ),
    (  # a colon above a line that is a sentence, not a headline
        "Opening story text.\n\nThe figures are these:\nThe bridge closes in June.\n"
        "Update: The council has moved the closing to July.\n",
        NoteKind.UPDATE,
        "Update: The council",
    ),
    (  # Chinese: a paper's own correction, its original title in brackets above it
        "(原标题:晚报:新桥通车一文有误)\n\n"
        "本报5月2日刊发的《新桥下月通车》一文有误,通车时间应为七月。我们诚恳道歉。\n",
        NoteKind.CORRECTION,
        "本报5月2日刊发",
    ),
]


@pytest.mark.parametrize(("text", "kind", "starts"), OWN)
def test_the_pages_own_note_under_a_title_stays(text: str, kind: NoteKind, starts: str) -> None:
    found = find_notes(text, SEEN)
    assert [(n.kind, n.text[: len(starts)]) for n in found] == [(kind, starts)]
