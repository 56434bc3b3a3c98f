"""A page's dated update field inside a line (a byline's or a footer's "Updated: <date>" after a
place, a section, a page number or a noun), and the look-alikes of the same shape that stay no
notes: a verb of a sentence, a stamp with no year, a relative age, a publication stamp."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.fields import dated_fields
from revtrack.notes import find_notes

SEEN = datetime.fromisoformat("2024-06-01T12:00:00+02:00")


@pytest.mark.parametrize(
    ("text", "starts", "stamp"),
    [
        ("Lisboa / Porto Atualizado: 14/05/2024 18:05", "Atualizado", "2024-05-14T18:05:00"),
        ("Politics Updated: May 14, 2024 18:05 IST", "Updated", "2024-05-14T18:05:00+05:30"),
        ("Bilbao Actualizado: 14/05/2024 18:05h", "Actualizado", "2024-05-14T18:05:00"),
        ("Seite 4711  更新日 令和6年5月14日", "更新日", "2024-05-14"),
        ("Page mise en ligne\n\nContenu mis à jour le 14 mai 2024", "mis à jour", "2024-05-14"),
        ("Modulistica\n\nPAGINA AGGIORNATA AL 14-05-2024", "AGGIORNATA", "2024-05-14"),
    ],
)
def test_a_dated_field_inside_a_line_is_an_update(text: str, starts: str, stamp: str) -> None:
    notes = find_notes(text, SEEN)
    assert len(notes) == 1
    note = notes[0]
    assert note.kind.value == "update"
    assert text[note.start :].startswith(starts)
    assert note.time is not None and note.time.isoformat() == stamp


@pytest.mark.parametrize(
    "text",
    [
        # a verb in a sentence that ends with its period
        "The council said the plan was updated on 14 May 2024.",
        # no year written: a field's date is written out in full
        "Lisboa / Porto Atualizado: 14/05 18:05",
        # a time of day only, as in a site's header clock
        "Madrid Actualizado a 01:29 AM",
        # an age, which changes on every visit
        "Politics Updated 3 hours ago",
        # many words before a lower-case verb, with no colon: prose
        "list of the members of the board updated 14 May 2024",
        # a publication stamp, not an update
        "Rome Pubblicato: 14/05/2024 18:05",
    ],
)
def test_look_alikes_of_a_dated_field_are_no_notes(text: str) -> None:
    assert find_notes(text, SEEN) == ()


def test_only_fields_that_end_their_line_count() -> None:
    text = "Oslo Oppdatert: 14.05.2024 18:05 basert på nye tall fra politiet"
    assert dated_fields(text) == {}
    assert dated_fields("Oslo Oppdatert: 14.05.2024 18:05") == {5: True}
