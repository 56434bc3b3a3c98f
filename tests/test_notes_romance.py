"""Editorial notes in French, Spanish, Italian and Portuguese: labels with stamps, corrections
written as prose, retractions, zones, and text that only looks like a note."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime(2024, 3, 6, 12, 0, tzinfo=UTC)
BODY = "Le conseil municipal a voté le budget mardi soir.\n\n"


@pytest.mark.parametrize(
    ("text", "kind", "start", "stamp"),
    [
        # labels with stamps, 24-hour clocks with "h", zones
        ("Mis à jour le 4 mars 2024 à 9h05", "update", "Mis à jour", "2024-03-04T09:05:00"),
        ("Actualizado: 04/03/2024 18:40h", "update", "Actualizado", "2024-03-04T18:40:00"),
        ("Aggiornato alle 9:05 del 4 marzo", "update", "Aggiornato", "2024-03-04T09:05:00"),
        ("Atualizado em 04/03/2024 às 9h05", "update", "Atualizado", "2024-03-04T09:05:00"),
        (
            "Atualizado em 04/03/2024 às 9:05 BRT",
            "update",
            "Atualizado",
            "2024-03-04T09:05:00-03:00",
        ),
        (
            "Actualizado 04/03/2024 9:05 hora peninsular",
            "update",
            "Actualizado",
            "2024-03-04T09:05:00+01:00",
        ),
        (
            "Actualizado el 4 de marzo de 2024 a las 9:05 ART",
            "update",
            "Actualizado",
            "2024-03-04T09:05:00-03:00",
        ),
        (
            "Atualizado em 04/03/2024 às 9h05 (horário de Brasília)",
            "update",
            "Atualizado",
            "2024-03-04T09:05:00-03:00",
        ),
        (
            "Mis à jour le 4 mars 2024 à 9:05 (CET)",
            "update",
            "Mis à jour",
            "2024-03-04T09:05:00+01:00",
        ),
        (
            "Atualizado 2024-03-04T12:05:07.250Z",
            "update",
            "Atualizado",
            "2024-03-04T12:05:07.250+00:00",
        ),
        ("Nota actualizada a las 9.05 horas.", "update", "Nota", "2024-03-06T09:05:00"),
        ("(Actualizada a las 9.05 horas)", "update", "Actualizada", "2024-03-06T09:05:00"),
        ("(Ampliación)", "update", "Ampliación", None),
        # corrections written as prose
        (
            "Contrairement à ce que nous avions écrit, la séance n'a pas été reportée.",
            "correction",
            "Contrairement",
            None,
        ),
        (
            "Une regrettable erreur s'est glissée dans notre édition de lundi.",
            "correction",
            "Une regrettable",
            None,
        ),
        (
            "Dans un article paru hier, nous avons par erreur indiqué que le maire démissionnait.",
            "correction",
            "Dans un article",
            None,
        ),
        (
            "Dans sa première version, nous indiquions à tort que la ligne fermait.",
            "correction",
            "Dans sa première",
            None,
        ),
        (
            "Por un error de edición, se publicó que la obra costó el doble.",
            "correction",
            "Por",
            None,
        ),
        ("Nos equivocamos: el acto es el jueves, no el martes.", "correction", "Nos", None),
        (
            "Ao contrário do que foi informado, a votação ocorre na quarta-feira.",
            "correction",
            "Ao contrário",
            None,
        ),
        (
            "Diferentemente do que foi publicado, o prefeito não renunciou.",
            "correction",
            "Diferentemente",
            None,
        ),
        (
            "Nel pezzo di ieri sul bilancio abbiamo erroneamente scritto che la giunta era caduta.",
            "correction",
            "Nel pezzo",
            None,
        ),
        (
            "In merito all'articolo sul bando, la redazione rettifica la cifra indicata.",
            "correction",
            "In merito",
            None,
        ),
        (
            "Fe de errores: en la edición de ayer se publicó mal el apellido del concejal.",
            "correction",
            "Fe de errores",
            None,
        ),
        (
            "Une coquille s'est malencontreusement glissée dans notre numéro de mars.",
            "correction",
            "Une coquille",
            None,
        ),
        (
            "Le maire n'a pas démissionné, comme nous l'avons écrit par erreur hier.",
            "correction",
            "Le maire",
            None,
        ),
        # a note that the newsroom's apology closes
        (
            "En la reseña del domingo el título del libro salió cambiado. Nos disculpamos con"
            " la autora y con los lectores.",
            "correction",
            "En la reseña",
            None,
        ),
        # retractions
        (
            "Retiramos esta noticia porque se basaba en un documento falso.",
            "retraction",
            "Retiramos",
            None,
        ),
        (
            "Cet article a été retiré : il reposait sur un faux document.",
            "retraction",
            "Cet article",
            None,
        ),
        (
            "Removemos a reportagem porque a fonte não foi confirmada.",
            "retraction",
            "Removemos",
            None,
        ),
        (
            "Abbiamo ritirato l'articolo dopo le verifiche della redazione.",
            "retraction",
            "Abbiamo",
            None,
        ),
    ],
)
def test_romance_note(text: str, kind: str, start: str, stamp: str | None) -> None:
    notes = find_notes(BODY + text, SEEN)
    assert len(notes) == 1, notes
    note = notes[0]
    assert note.kind.value == kind
    assert note.text.startswith(start)
    assert (note.time.isoformat() if note.time else None) == stamp


@pytest.mark.parametrize(
    "text",
    [
        "Mise à jour logicielle : la version 3.2 corrige deux failles.",
        "La corrección bursátil del martes borró un 3% del índice.",
        "El portal se actualiza diariamente con las cifras oficiales.",
        "PARIS, 4 mars (AFP) - Le gouvernement a présenté son plan.",
        "Roma, 4 mar. (ANSA) - Il governo ha approvato il decreto.",
        "Lisboa, 04 mar 2024 (Lusa) - O Governo aprovou o orçamento.",
        "La reunión será a las 10h (horario de Brasília), según el ministerio.",
        "El diario rival publicó ayer una fe de errores sobre la cifra de parados.",
        "Nuestra política de correcciones: cuando cometemos un error, lo corregimos.",
        "O jornal concorrente admitiu que errou ao noticiar a morte do cantor.",
        "Il quotidiano ha corretto l'articolo nella versione online, ha detto il direttore.",
        "Le Figaro a modifié le titre de l'article dans la journée.",
        "La ley obliga a publicar la rectificación sin comentarios ni apostillas.",
        "Le ministre a admis qu'une erreur s'était glissée dans le décret publié lundi.",
        # someone else's words, quoted: news, not the newsroom's note
        "«Chiediamo scusa ai tifosi per la prestazione», ha detto l'allenatore.",
        '"Nos equivocamos con la reforma", admitió el ministro en rueda de prensa.',
        "«Nous avons par erreur indiqué un mauvais chiffre», a reconnu le porte-parole.",
        "Il sindaco ha spiegato che «abbiamo erroneamente indicato la data» nel bando.",
        # a corrections policy's glossary defines the labels it uses
        "Actualización: se usa cuando añadimos datos que no teníamos al publicar.",
        "- Fe de errores: corrige información equivocada que ya se publicó.",
        "Rectificatif : dans le cadre d'une erreur signalée par un lecteur.",
        "Atualização: é usada quando a reportagem ganha informações novas.",
    ],
)
def test_romance_negative(text: str) -> None:
    assert find_notes(BODY + text, SEEN) == ()
