"""A titled correction heading over a byline and the prose that corrects is one note, in any
language ("Correction: Bridge-Tolls story" over "By The Associated Press" over "In a story
...", "[바로잡습니다] <title>" over "입력 <stamp>" over "본지는 ..."); two items of a corrections
column, a heading over a labelled note of its own, and prose that goes on at length between them
stay apart. An editor's note about the site itself (its comments turned off, its partner links,
its ads) is no note; one about the article that names comments or a commission stays."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from test_catalogue import reload

from revtrack.lookalikes import headed
from revtrack.models import Note, NoteKind
from revtrack.notes import find_notes

SEEN = datetime.fromisoformat("2024-05-02T09:00:00+00:00")


@pytest.mark.parametrize(
    ("text", "starts", "inside"),
    [
        (
            "Correction: Bridge-Tolls story\n\nBy The Associated Press\n| May 1, 2024 10:08 AM\n\n"
            "DENVER (AP) — In a story May 1 about bridge tolls, The Associated Press erroneously"
            " reported the price of a pass. It costs $40, not $14.",
            "Correction: Bridge-Tolls story",
            "erroneously reported",
        ),
        (
            "Clarification: School Board story\nAP\n\nIn a story on April 30, The Associated Press"
            " misstated who chairs the board. She is the vice chair, not the chair.",
            "Clarification: School Board story",
            "misstated who chairs",
        ),
        (
            "Berichtigung: Neue Radwege in Kassel\n\nVon Anna Beispiel | 01.05.2024\n\n"
            "In einer früheren Version dieses Artikels hieß es, die Radwege kosteten zwei Millionen"
            " Euro. Richtig ist: 1,2 Millionen Euro.",
            "Berichtigung: Neue Radwege",
            "hieß es",
        ),
        (
            "Rectificación: el precio del abono de transporte\n\nPor Redacción | 01/05/2024\n\n"
            "En una versión anterior de esta noticia se dijo que el abono costaba 40 euros."
            " Cuesta 14.",
            "Rectificación: el precio",
            "se dijo que",
        ),
        (
            "[바로잡습니다] 시립도서관 개관 기사\n\n입력 2024.05.01 10:08\n\n"
            "본지는 4월 30일자 5면 기사에서 도서관 개관일을 5월 3일로 보도했으나"
            " 5월 13일이기에 바로잡습니다.",
            "바로잡습니다",
            "보도했으나",
        ),
    ],
)
def test_a_titled_heading_and_its_prose_are_one_note(text: str, starts: str, inside: str) -> None:
    notes = find_notes(text, SEEN)
    assert len(notes) == 1
    (note,) = notes
    assert note.start == text.index(starts)
    assert inside in note.text  # the prose below the byline is the heading's text
    assert note.kind in (NoteKind.CORRECTION, NoteKind.CLARIFICATION)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # two items of a corrections column: each names its own story
        (
            "Corrections\n\nIn a story Monday about the parade, the Herald misspelled the name of"
            " the grand marshal. She is Ann Lee.\n\nIn a story Tuesday about the budget, the"
            " Herald misstated the tax rate. It is 2 percent, not 3 percent.",
            2,
        ),
        # a heading over a note with a label of its own
        (
            "Correction: Bridge-Tolls story\n\nBy The Associated Press\n\nUpdate: The toll"
            " authority said on Thursday that prices will not change this year.",
            2,
        ),
    ],
)
def test_notes_that_are_not_one_heading_and_its_text_stay_apart(text: str, count: int) -> None:
    assert len(find_notes(text, SEEN)) == count


def _note(text: str, piece: str, kind: NoteKind = NoteKind.CORRECTION) -> Note:
    start = text.index(piece)
    return Note(kind, piece, start, start + len(piece))


def test_prose_of_a_paragraph_between_keeps_a_heading_apart() -> None:
    text = (
        "Correction: Bridge-Tolls story\n\nThe toll authority met on Wednesday and heard from"
        " residents of both towns about the new prices for a monthly pass.\n\nIn a story May 1,"
        " the paper misstated the price. It is $40."
    )
    heading = _note(text, "Correction: Bridge-Tolls story")
    body = _note(text, "In a story May 1, the paper misstated the price. It is $40.")
    assert headed(text, (heading, body)) == (heading, body)


def test_an_update_heading_does_not_take_a_correction_below() -> None:
    text = "Update: Bridge-Tolls story\n\nAP\n\nIn a story May 1, the paper misstated the price."
    heading = _note(text, "Update: Bridge-Tolls story", NoteKind.UPDATE)
    body = _note(text, "In a story May 1, the paper misstated the price.")
    assert headed(text, (heading, body)) == (heading, body)


def test_a_heading_that_ends_a_sentence_is_no_heading() -> None:
    text = "Correction: the paper misstated the price.\n\nAP\n\nIn a story May 1, it said $14."
    first = _note(text, "Correction: the paper misstated the price.")
    second = _note(text, "In a story May 1, it said $14.")
    assert headed(text, (first, second)) == (first, second)


@pytest.mark.parametrize(
    "text",
    [
        "Note to readers: Comments on this story are closed while we move to a new system.",
        "Editor's note: We have switched off comments on our election coverage until Friday.",
        "Editor's note: This guide contains affiliate links; we may earn a commission on sales.",
        "Hinweis der Redaktion: Dieser Beitrag enthält Affiliate-Links. Kaufen Sie darüber ein,"
        " erhalten wir eine kleine Provision.",
        "Note de la rédaction : cet article contient des liens affiliés vers des boutiques.",
        "Nota della redazione: in questo articolo ci sono link di affiliazione ai negozi.",
        "Nota de la redacción: algunos enlaces de esta guía son de afiliados.",
        "【おことわり】このブログはアフィリエイト広告を掲載しています。",
    ],
)
def test_an_editors_note_about_the_site_itself_is_no_note(text: str) -> None:
    assert find_notes("Best rain jackets of the year\n\n" + text + "\n\nThe first one.", SEEN) == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Editor's note: This story was updated to add comments from the mayor's office.",
            "editors_note",
        ),
        (
            "Editor's note: An earlier version of this story misnamed the European Commission's"
            " president.",
            "editors_note",
        ),
        ("Update: Comments on this post are now closed.", "update"),
        (
            "Editor's note: We have removed comments from the senator that were wrongly"
            " attributed to him.",
            "editors_note",
        ),
        (
            "Editor's note: An earlier version said the mayor's brother did not receive a"
            " commission from the sale.",
            "editors_note",
        ),
        (
            "Nota de la redacción: una versión anterior daba mal el número de afiliados a la"
            " Seguridad Social.",
            "editors_note",
        ),
    ],
)
def test_a_note_that_names_comments_or_a_commission_stays(text: str, kind: str) -> None:
    assert [n.kind.value for n in find_notes(text, SEEN)] == [kind]


def test_a_user_adds_what_a_notice_about_the_site_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Nota della redazione: lo spazio dei lettori riapre lunedì."
    assert len(find_notes(text, SEEN)) == 1
    mine = tmp_path / "notes.toml"
    mine.write_text("[site]\npatterns = ['\\bspazio\\s+dei\\s+lettori\\b']\n", encoding="utf-8")
    monkeypatch.setenv("REVTRACK_NOTES", str(mine))
    reload()
    try:
        assert find_notes(text, SEEN) == ()
    finally:
        monkeypatch.undo()
        reload()
