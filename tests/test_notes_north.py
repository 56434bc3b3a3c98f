"""Editorial notes in German, Dutch, Swedish, Danish, Norwegian and Polish: live stories that
say they are being updated, unpublished articles, an hour alone after "godz." or "kl.", and
look-alikes that are not notes (a glossary's entry, another party's apology, a software
update, a market correction)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime(2024, 3, 6, 10, 0, tzinfo=UTC)  # 11:00 in Central Europe
BEFORE = "Die Feuerwehr war mit vier Fahrzeugen im Einsatz.\n\n"
AFTER = "\n\nDie Straße bleibt bis zum Abend gesperrt."


@pytest.mark.parametrize(
    ("note", "kind", "starts", "timestamp"),
    [
        # a live story that says it is being updated
        ("Opdateres.", "update", "Opdateres.", None),
        ("Opdateres …", "update", "Opdateres", None),
        ("Artiklen opdateres løbende.", "update", "Artiklen opdateres", None),
        ("Saken oppdateres.", "update", "Saken oppdateres", None),
        ("Artikkelen blir oppdatert fortløpende.", "update", "Artikkelen blir", None),
        ("Texten har uppdateras.", "update", "Texten har", None),
        # unpublished or withdrawn
        ("Denne saken er avpublisert.", "retraction", "Denne saken", None),
        ("Vi har avpublisert artikkelen etter en klage.", "retraction", "Vi har", None),
        ("Artikeln har avpublicerats av ansvarig utgivare.", "retraction", "Artikeln har", None),
        ("Artiklen er trukket tilbage.", "retraction", "Artiklen er", None),
        ("Wir haben den Beitrag zurückgezogen.", "retraction", "Wir haben", None),
        ("Dieser Artikel wurde depubliziert.", "retraction", "Dieser Artikel", None),
        ("Dit artikel is offline gehaald.", "retraction", "Dit artikel", None),
        ("Artykuł został wycofany przez redakcję.", "retraction", "Artykuł został", None),
        # a note that says what stood here first
        (
            "An dieser Stelle stand zunächst, dass die Brücke gesperrt sei.",
            "correction",
            "An dieser Stelle",
            None,
        ),
        # a corrections column's sentence whose notice says it clarifies
        (
            "I tisdagens tidning skrev vi att bron stängs i maj. Vi vill förtydliga att bara "
            "den norra delen stängs.",
            "clarification",
            "I tisdagens",
            None,
        ),
        (
            "I tisdagens tidning skrev vi att bron stängs i maj. Rätt är juni.",
            "correction",
            "I tisdagens",
            None,
        ),
        # an hour alone after "godz." or "kl."
        ("Aktualizacja, godz. 9", "update", "Aktualizacja", "2024-03-06T09:00:00"),
        ("Opdateret kl. 9: Vejen er åben igen.", "update", "Opdateret", "2024-03-06T09:00:00"),
        (
            "Oppdatert klokken 8: Brannen er slukket.",
            "update",
            "Oppdatert",
            "2024-03-06T08:00:00",
        ),
        ("AKTUALIZACJA\n\nGodz. 9", "update", "AKTUALIZACJA", "2024-03-06T09:00:00"),
        ("Tekst zaktualizowano o godz. 9:40.", "update", "Tekst", "2024-03-06T09:40:00"),
        # a stamp line with the publication's stamp after the update's
        (
            "Aktualizacja: 04.03.2024 08:15 Publikacja: 03.03.2024 19:02",
            "update",
            "Aktualizacja",
            "2024-03-04T08:15:00",
        ),
        (
            "Oppdatert: 04.03.2024 08:15 Publisert: 03.03.2024 19:02",
            "update",
            "Oppdatert",
            "2024-03-04T08:15:00",
        ),
    ],
)
def test_a_note_is_found(note: str, kind: str, starts: str, timestamp: str | None) -> None:
    text = BEFORE + note + AFTER
    notes = find_notes(text, SEEN)
    assert len(notes) == 1, notes
    found = notes[0]
    assert found.kind.value == kind
    assert found.start == text.index(starts)
    assert (found.time.isoformat() if found.time else None) == timestamp


@pytest.mark.parametrize(
    "text",
    [
        # a glossary's or an encyclopedia's entry under a correction's word
        "Gegendarstellung\n\nEine Gegendarstellung ist die Sicht des Betroffenen auf einen "
        "Bericht über ihn, die das Blatt abdrucken muss.",
        "Rättelse\n\nEn rättelse är en notis där tidningen medger ett sakfel i en tidigare "
        "artikel.",
        # another party's apology or withdrawal, reported as news
        "Avisen beklager og har trukket artikkelen, skriver redaktøren i en kommentar.",
        "De politie heeft excuses aangeboden aan het gezin.",
        # a software update, a market correction, a wire credit and a dateline
        "Das Update auf iOS 17 bringt neue Widgets für den Sperrbildschirm.",
        "Die Korrektur am Aktienmarkt setzte sich am Montag fort.",
        "von Anna Berger/dpa\n\n5. März 2024, 14:20 Uhr",
        "BREDA (ANP) - De politie onderzoekt vijf branden in één nacht.",
        # a site that is no longer updated, and a police account that promises updates
        "Diese Seite ist archiviert und wird nicht mehr aktualisiert.",
        "Politiet vil oppdatere når vi har mer informasjon vi kan dele.",
        # an hour in prose
        "Komisja zbierze się o godz. 9 w środę.",
        "Politiet efterforsker fortsat, lyder det klokken 9.30 på Twitter.",
    ],
)
def test_not_a_note(text: str) -> None:
    assert find_notes(text, SEEN) == ()


def test_a_correction_heading_over_its_notice_is_still_a_note() -> None:
    """The glossary rule reads an article and the word as a subject: a heading over a notice
    that starts otherwise, or with the label itself, is kept."""
    for below in (
        "I en artikel i går skrev vi att bron var stängd. Den är öppen.",
        "Rättelse: bron är öppen, inte stängd som vi skrev i går.",
    ):
        notes = find_notes("Rättelse\n\n" + below, SEEN)
        assert notes and notes[0].kind.value == "correction" and notes[0].start == 0
