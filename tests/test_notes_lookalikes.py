"""Text that looks like an editorial note and is not one, in every language: another party's
correction of another outlet's article, a text about a label itself, a byline template's empty
field; and the notes beside them that stay notes."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime.fromisoformat("2024-05-02T09:00:00+02:00")


@pytest.mark.parametrize(
    "text",
    [
        # a town hall, a ministry, a police press office corrects a newspaper's article
        (
            "Sprostowanie do artykułu Gazety Miejskiej\n\n"
            "W artykule o budowie szkoły podano błędną kwotę. Gmina wydała 2 mln zł, nie 20 mln zł."
        ),
        (
            "Mniej wypadków niż podano – sprostowanie do artykułu opublikowanego w Kurierze "
            "Lokalnym\n\nSPROSTOWANIE\nW opublikowanym w gazecie Kurier Lokalny artykule podano "
            "nieprawdziwą liczbę wypadków."
        ),
        (
            "Rättelse av artikel i Norrbygdens Tidning\n\n"
            "Norrbygdens Tidning skriver felaktigt att skolan stänger. Det stämmer inte."
        ),
        (
            "Leiðrétting á frétt\n\n"
            "Í frétt Dagblaðsins í gær segir að ráðherra hafi hætt. Þetta er rangt."
        ),
        (
            "Richtigstellung zum Artikel in der Oberland-Post\n\n"
            "Die Oberland-Post hat berichtet, das Bad schließe. Das ist falsch."
        ),
        (
            "Rectificación a la noticia publicada en El Diario del Valle\n\n"
            "El ayuntamiento aclara que la obra no se ha paralizado."
        ),
    ],
)
def test_another_partys_correction_of_another_outlet_is_no_note(text: str) -> None:
    assert [n for n in find_notes(text, SEEN) if n.kind.value != "update"] == []


@pytest.mark.parametrize(
    ("text", "kind", "starts"),
    [
        # a correction a paper publishes names its own article, by its title or its day
        (
            "Sprostowanie radnej Anny Nowak do artykułu „Radni głosowali przeciw”\n\n"
            "W artykule błędnie podano, że głosowałam przeciw. Głosowałam za.",
            "correction",
            "Sprostowanie radnej",
        ),
        (
            "Correction: An article in Saturday's Review section misstated the year of the prize.",
            "correction",
            "Correction:",
        ),
        (
            "Rättelse angående kommunalrådets citat\n\n"
            "I går skrev vi att kommunalrådet sagt att skolan stänger. Det var fel.",
            "correction",
            "Rättelse angående",
        ),
    ],
)
def test_a_papers_own_correction_stays_a_note(text: str, kind: str, starts: str) -> None:
    notes = find_notes(text, SEEN)
    assert [(n.kind.value, n.text[: len(starts)]) for n in notes][:1] == [(kind, starts)]


@pytest.mark.parametrize(
    "text",
    [
        # a dictionary's, an encyclopedia's or an essay's heading names the label it explains
        (
            "Fe de erratas: historia y ejemplos\n"
            "Una fe de erratas es la lista de errores de un libro ya impreso.\n"
            "Se publica al final de la obra."
        ),
        (
            "Gegendarstellung: was das Presserecht verlangt\n\n"
            "Eine Gegendarstellung ist der Text eines Betroffenen, den eine Zeitung drucken muss."
        ),
        (
            "Rectificatif : ce que dit la loi\n\n"
            "Le rectificatif est publié par un journal qui reconnaît une erreur de fait."
        ),
        (
            "Correction and clarification: what is the difference?\n\n"
            "Newsrooms use the word “correction” for an error of fact."
        ),
    ],
)
def test_a_heading_of_a_text_about_a_label_is_no_note(text: str) -> None:
    assert [n for n in find_notes(text, SEEN) if n.kind.value != "update"] == []


def test_a_label_alone_over_its_correction_stays_a_note_beside_a_policy() -> None:
    text = (
        "A correction is published when we get a fact wrong.\n\n"
        "Correction\n\nAn article on Monday misstated the mayor's age. She is 54."
    )
    notes = find_notes(text, SEEN)
    assert [(n.kind.value, n.text[:10]) for n in notes] == [("correction", "Correction")]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a template printed its fields' names and no times
        ("Erstellt: Aktualisiert:\n\nVon: Anna Beispiel\n\nDer Stadtrat tagt am Montag.", []),
        ("Publicado: Actualizado:\n\nPor Juan Pérez\n\nEl pleno se reúne el lunes.", []),
        # an update's label with a stamp, or over its text, stays a note
        (
            "Erstellt: Aktualisiert: 12.03.2024, 14:02 Uhr\n\nVon: Anna Beispiel",
            ["Aktualisiert: 12.03.2024, 14:02 Uhr"],
        ),
        (
            "Update:\n\nThe council voted on Tuesday to close the library after a long debate.",
            ["Update:"],
        ),
    ],
)
def test_an_empty_field_of_a_byline_is_no_update(text: str, kept: list[str]) -> None:
    notes = find_notes(text, SEEN)
    assert [n.text.split("\n")[0] for n in notes] == kept


@pytest.mark.parametrize(
    "call",
    [
        "Reporta un error en esta noticia",
        "¿Encontraste un error en esta noticia? Escríbenos.",
        "Signaler une erreur dans cet article",
        "Report an error in this article",
        "Fehler gefunden? Schreiben Sie uns, was in diesem Artikel falsch ist.",
        "Segnala un errore in questo articolo",
        "Encontrou algum erro nesta notícia? Avise a nossa redação.",
        "Har du hittat ett fel i artikeln? Mejla redaktionen.",
        "Rapporter feil i denne artikkelen",
        "Zgłoś błąd w tym artykule",
    ],
)
def test_a_call_to_report_an_error_is_no_note(call: str) -> None:
    text = f"Tram line reopens\n\nThe line reopened on Monday after repairs.\n\n{call}\n"
    assert find_notes(text, SEEN) == ()


def test_the_call_is_read_with_the_space_between_its_words() -> None:
    from revtrack.prose import parts_of

    assert parts_of("Rapporter feil i denne artikkelen. Vi skrev feilaktig datoen.") is None
    assert parts_of("Zgłoś błąd w tym artykule. Napisaliśmy błędnie datę.") is None


def test_a_correction_in_prose_above_a_call_to_report_errors_stays_a_note() -> None:
    text = (
        "Tram line reopens\n\nThe line reopened on Monday after repairs.\n\n"
        "In an article on Monday, we incorrectly reported the date of the vote. It was Tuesday.\n\n"
        "Report an error in this article\n"
    )
    (note,) = find_notes(text, SEEN)
    assert note.text.startswith("In an article on Monday, we incorrectly")
