"""Corrections that German, Dutch, Polish, Norwegian, Danish and Swedish newsrooms write in their
own voice ("haben wir fälschlicherweise berichtet", "błędnie podaliśmy", "skrev vi feilaktig"),
a corrections column's items that name the story and its page, "an error crept in", apologies
that close a notice; and what only looks like them: a speaker's quoted "we", another party's
error, a reader's comment, a lexicon's title."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime.fromisoformat("2024-05-02T09:00:00+02:00")


@pytest.mark.parametrize(
    ("text", "kind", "starts"),
    [
        # the newsroom says in its own voice that it published something wrong
        (
            "Im Bericht über den Stadtrat haben wir fälschlicherweise geschrieben, dass die "
            "Sitzung abgesagt wurde. Sie findet statt.",
            "correction",
            "Im Bericht über den Stadtrat",
        ),
        (
            "Gestern berichteten wir irrtümlich, der Bürgermeister trete zurück.",
            "correction",
            "Gestern berichteten wir",
        ),
        (
            "In het stuk over de haven hebben we ten onrechte vermeld dat de kade sluit.",
            "correction",
            "In het stuk over de haven",
        ),
        (
            "Vorige week schreven we abusievelijk dat het museum gesloten is.",
            "correction",
            "Vorige week schreven we",
        ),
        (
            "W tekście o remoncie mostu błędnie podaliśmy datę otwarcia.",
            "correction",
            "W tekście o remoncie",
        ),
        (
            "I saken om budsjettet skrev vi feilaktig at skolen legges ned.",
            "correction",
            "I saken om budsjettet",
        ),
        ("I går skrev vi fejlagtigt, at havnen lukker.", "correction", "I går skrev vi"),
        (
            "I fredags skrev vi felaktigt att badhuset stänger.",
            "correction",
            "I fredags skrev vi",
        ),
        # "an error happened to us", "an error crept in"
        (
            "In unserer Ausgabe von gestern ist uns bei den Wahlergebnissen ein Fehler "
            "unterlaufen.",
            "correction",
            "In unserer Ausgabe von gestern",
        ),
        (
            "Niestety, do artykułu o pożarze wkradł się błąd w nazwisku strażaka.",
            "correction",
            "Niestety, do artykułu",
        ),
        (
            "In het bericht over de verkiezingen zijn enkele fouten geslopen.",
            "correction",
            "In het bericht over de verkiezingen",
        ),
        (
            "Ved en inkurie ble navnet på treneren feil i bildeteksten i går.",
            "correction",
            "Ved en inkurie",
        ),
        # labels: a disclosure, a Danish correction, an Icelandic correction over its notice
        (
            "Transparenzhinweis: Die Autorin hat früher für den Verband gearbeitet.",
            "editors_note",
            "Transparenzhinweis",
        ),
        (
            "Berigtigelse: I artiklen om skolen var antallet af elever forkert.",
            "correction",
            "Berigtigelse",
        ),
        (
            "Leiðrétting\n\nRangt var farið með nafn þjálfarans í frétt í gær.",
            "correction",
            "Leiðrétting",
        ),
        # "in our previous issue ... we wrote", under "we correct"
        (
            "W poprzednim wydaniu napisaliśmy, że koncert odbędzie się w piątek.",
            "correction",
            "W poprzednim wydaniu",
        ),
        (
            "Prostujemy\n\nNazwisko dyrektora szkoły zostało podane z błędem.",
            "correction",
            "Prostujemy",
        ),
        # a title in quotes before "ist uns ein Fehler unterlaufen"; a column's own name
        (
            "In unserer Meldung „Neue Ampel am Markt“ ist uns ein Fehler unterlaufen.",
            "correction",
            "In unserer Meldung",
        ),
        (
            "So ist's richtig\n\nDer Chor singt am Sonntag, nicht am Samstag.",
            "correction",
            "So ist's richtig",
        ),
        (
            "Auf dem Foto am Montag war nicht Köln, sondern Bonn zu sehen. Wir bitten um "
            "Verzeihung.",
            "correction",
            "Auf dem Foto am Montag",
        ),
        # a corrections column's item: the story, then "(in de krant van ..., pagina 3)"
        (
            "In het artikel Minder treinen in de zomer (in de krant van maandag 3 juni, "
            "pagina 5) stond dat de NS tien lijnen schrapt. Het zijn er vier.",
            "correction",
            "In het artikel Minder treinen",
        ),
        # an apology that closes its notice takes the notice from its start
        (
            "Den 3. mai trykket vi et leserbrev som var ment som en kommentar til redaksjonen. "
            "Vi beklager at det kom på trykk.",
            "correction",
            "Den 3. mai trykket vi",
        ),
        (
            "Die Agentur hatte den Ort verwechselt, wir haben die Meldung übernommen. Wir "
            "entschuldigen uns für die falsche Angabe.",
            "correction",
            "Die Agentur hatte den Ort",
        ),
    ],
)
def test_a_newsroom_s_own_correction(text: str, kind: str, starts: str) -> None:
    notes = find_notes(text, SEEN)
    assert len(notes) == 1
    assert notes[0].kind.value == kind
    assert notes[0].text.startswith(starts)


@pytest.mark.parametrize(
    "text",
    [
        # a speaker's "we", in quotation marks, after a dash or a colon
        "„Wir haben fälschlicherweise angegeben, dass das Werk schließt“, sagte der Sprecher.",
        "«Vi beklager at saken ble publisert», sier ansvarlig redaktør.",
        "– Vi skrev feilaktig at kontrakten var signert, sier klubbens leder.",
        "Der Trainer sagte: Wir haben in der zweiten Halbzeit einen Fehler gemacht.",
        "’Ved en fejl blev en forkert tekst publiceret i går’, skriver avisen i sin beklagelse.",
        "„Wir bitten um Entschuldigung“, sagte der Sprecher der Bahn.",
        "Der Sprecher sagte, „wir haben fälschlicherweise angegeben, dass das Werk schließt“.",
        # someone else's error, or an error that is no text's
        "Das Ministerium hat fälschlicherweise berichtet, dass die Schulen öffnen.",
        "In de software is een fout geslopen die de app laat vastlopen.",
        "Do programu wkradł się błąd, który blokuje logowanie.",
        "Wir haben gegen Bayern in der zweiten Halbzeit einen Fehler gemacht.",
        # a reader's comment and the site's reply under it
        "lena sagt:\n12. März 2024 um 9:10\n\nIst das nicht falsch?\n\nadmin sagt:\n12. März "
        "2024 um 11:02\n\nDanke! Wir haben den Fehler korrigiert.",
        "Korrektur\ngeschrieben von leser42 am 3. Feb. 2024, 10:15\n[ antworten ]\n\n"
        "Korrektur: Es muss Netto heißen, nicht Brutto.",
        # a reader's request for a correction, an issue named in news
        "Proszę o sprostowanie informacji zawartej w artykule z ostatniego numeru.",
        "W ostatnim numerze tygodnika minister zapowiedział reformę szkół.",
        # a lexicon's title
        "Rectificatie (journalistiek)\n\nEen rectificatie is een herstel van een fout in de krant.",
    ],
)
def test_what_only_looks_like_one(text: str) -> None:
    assert find_notes(text, SEEN) == ()


def test_an_icelandic_update_line_takes_its_day_from_when_it_was_seen() -> None:
    text = "Lögreglan lokaði veginum í morgun.\nUppfært kl. 9:30\nVegurinn hefur verið opnaður."
    (note,) = find_notes(text, SEEN)
    assert note.kind.value == "update"
    assert note.text.startswith("Uppfært kl. 9:30")
    assert note.time is not None
    assert note.time.isoformat() == "2024-05-02T09:30:00"
    assert note.time.inferred == ("date",)
