"""Editorial notes in French, Spanish, Italian and Portuguese: a byline's update stamp that its
reading time or a video's length follows ("mis à jour le 3 mars 2024 à 18:05 - Temps de lecture
:"), and the labels of Portugal's spelling before the 1990 agreement ("Rectificação",
"Actualização"); and the bylines, credits and prose that look like them but are not."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.notes import find_notes

PARIS = datetime.fromisoformat("2024-03-04T09:00:00+01:00")
LISBON = datetime.fromisoformat("2024-03-04T09:00:00+00:00")


@pytest.mark.parametrize(
    ("text", "observed", "kind", "starts", "stamp"),
    [
        # a byline's update stamp, then its reading time after a dash or a bar
        (
            "M.D. - 3 mars 2024 à 11:40 | mis à jour le 3 mars 2024 à 18:05 - Temps de lecture :",
            PARIS,
            "update",
            "mis à jour le 3 mars 2024 à 18:05",
            "2024-03-03T18:05:00",
        ),
        (
            "Publié le 02/03/2024 09:12 Mis à jour le 03/03/2024 17:48 Temps de lecture : 2 min.",
            PARIS,
            "update",
            "Mis à jour le 03/03/2024 17:48",
            "2024-03-03T17:48:00",
        ),
        (
            "Publié le 02/03/2024 09:12 Mis à jour le 02/03/2024 13:30 Durée de la vidéo : 3 min.",
            PARIS,
            "update",
            "Mis à jour le 02/03/2024 13:30",
            "2024-03-02T13:30:00",
        ),
        (
            "Por Ana Ruiz | Actualizado: 03/03/2024 20:15h | Tiempo de lectura: 4 min",
            PARIS,
            "update",
            "Actualizado: 03/03/2024 20:15h",
            "2024-03-03T20:15:00",
        ),
        (
            "Publicado em 02/03/2024 10:00 | Atualizado em 03/03/2024 12:40"
            " | Tempo de leitura: 5 min",
            LISBON,
            "update",
            "Atualizado em 03/03/2024 12:40",
            "2024-03-03T12:40:00",
        ),
        # Portugal's spelling before the 1990 agreement
        (
            "Rectificação\nNa notícia da última edição, trocámos o apelido do presidente da junta.",
            LISBON,
            "correction",
            "Rectificação",
            None,
        ),
        (
            "Actualização: a câmara confirmou entretanto o encerramento da estrada.",
            LISBON,
            "update",
            "Actualização",
            None,
        ),
        # an apology to the newsroom's own readers, with the error it made
        (
            "Il nuovo numero è in edicola da stamattina.\nCi scusiamo con i nostri lettori per un"
            " errore nella pagina degli eventi: il concerto si terrà sabato e non domenica.\n"
            "Buona lettura.",
            PARIS,
            "correction",
            "Ci scusiamo con i nostri lettori",
            None,
        ),
        (
            "Por un descuido en el cierre, el nombre del alcalde se publicó de forma errónea en la"
            " portada, por lo que pedimos disculpas a todos nuestros lectores.",
            PARIS,
            "correction",
            "Por un descuido en el cierre",
            None,
        ),
        (
            "A foto da capa saiu trocada e pedimos desculpa aos nossos leitores pelo erro, que já"
            " foi corrigido na versão digital.",
            LISBON,
            "correction",
            "A foto da capa saiu trocada",
            None,
        ),
    ],
)
def test_romance_round4_note(
    text: str, observed: datetime, kind: str, starts: str, stamp: str | None
) -> None:
    notes = find_notes(text, observed)
    assert len(notes) == 1, notes
    note = notes[0]
    assert note.kind.value == kind
    assert text[note.start :].startswith(starts)
    assert note.text == starts or stamp is None  # the byline's reading time is not the note's
    assert (note.time.isoformat() if note.time else None) == stamp


@pytest.mark.parametrize(
    ("text", "observed"),
    [
        # a byline with a publication stamp only, then its reading time
        ("La Voix - 3 mars 2024 à 12:00 - Temps de lecture :", PARIS),
        ("Publié le 02/03/2024 09:12 Temps de lecture : 2 min.", PARIS),
        # "updated" in a sentence, its reading time a figure of speech
        ("Le tableau a été mis à jour le 3 mars à 14h - Temps de lecture ne change rien.", PARIS),
        # a credit for a dated newspaper article
        ("Article paru dans La Gazette du 6 mars.", PARIS),
        # another paper's note reported in prose, a request for a correction
        (
            "No dia seguinte, o diário publicou uma nota de “Esclarecimento e correcção” e pediu"
            " desculpa aos leitores.",
            LISBON,
        ),
        ("O leitor pediu a rectificação do título ao jornal, sem resposta.", LISBON),
        # an apology to someone else's voters or customers
        ("Il sindaco ha chiesto scusa ai suoi elettori per l'errore nel bando di gara.", PARIS),
        ("El banco pidió disculpas a sus clientes por el error en los cobros de marzo.", PARIS),
    ],
)
def test_romance_round4_not_a_note(text: str, observed: datetime) -> None:
    assert find_notes(text, observed) == ()
