"""Labels and stamps of live and updated stories: a label with its language's clock word
("Uppdatering klockan 14:12:", "Aktualizacja, godz. 11.20 -", "15.10 uur"), a label alone on
its line over its text, a bracketed label with a clock and a weekday, a Korean page's dates
written "2023. 2. 2."; and the look-alikes that are not notes: promises of more, prose
clocks of a live story, archive banners, publication stamps, headings marked with ※."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.notes import find_notes

CET = datetime.fromisoformat("2023-02-02T18:00:00+01:00")
BRT = datetime.fromisoformat("2023-02-02T18:00:00-03:00")
EDT = datetime.fromisoformat("2023-08-18T12:00:00-04:00")
KST = datetime.fromisoformat("2023-02-02T18:00:00+09:00")


@pytest.mark.parametrize(
    ("text", "observed", "kind", "starts", "stamp"),
    [
        # a label with the clock word of its language, then a colon or a dash
        (
            "Vägen var avstängd hela förmiddagen.\n"
            "Uppdatering klockan 14:12: Trafiken flyter som vanligt igen.",
            CET,
            "update",
            "Uppdatering klockan",
            "2023-02-02T14:12:00",
        ),
        (
            "Aktualizacja, godz. 11.20 - droga jest już przejezdna.",
            CET,
            "update",
            "Aktualizacja",
            "2023-02-02T11:20:00",
        ),
        # a label and its clock alone on a line, over the text it heads
        (
            "Mise à jour à 15h55\nLe tunnel est de nouveau ouvert dans les deux sens.",
            CET,
            "update",
            "Mise à jour",
            "2023-02-02T15:55:00",
        ),
        ("Atualizada às 17h20", BRT, "update", "Atualizada", "2023-02-02T17:20:00"),
        # a bracketed label with a clock, a weekday and a date without its year
        (
            "(UPDATE: 1:37 p.m., Friday, Aug. 18): Crews have reopened the northbound lanes.",
            EDT,
            "update",
            "UPDATE",
            "2023-08-18T13:37:00",
        ),
        # a bold label between dashes, the clock between them
        (
            "**update – 5:33PM – a second paper has written about the quilts.",
            EDT,
            "update",
            "update",
            "2023-08-18T17:33:00",
        ),
        # Dutch clocks are written with "uur"
        (
            "Bijgewerkt: 2 februari 2023, 15.10 uur",
            CET,
            "update",
            "Bijgewerkt",
            "2023-02-02T15:10:00",
        ),
        (
            "Update 15 uur: De wethouder heeft inmiddels gereageerd.",
            CET,
            "update",
            "Update",
            "2023-02-02T15:00:00",
        ),
        # Korean pages write a date with a space after each period
        ("수정 2023. 2. 2. 10:39", KST, "update", "수정", "2023-02-02T10:39:00"),
        (
            "[업데이트 2023. 2. 2. 오후 3시 10분] 구청이 입장을 내놓았다.",
            KST,
            "update",
            "업데이트",
            "2023-02-02T15:10:00",
        ),
        (
            "입력 2023. 2. 2. 10:39 수정 2023. 2. 2. 11:02",
            KST,
            "update",
            "수정",
            "2023-02-02T11:02:00",
        ),
    ],
)
def test_labelled_note(
    text: str, observed: datetime, kind: str, starts: str, stamp: str | None
) -> None:
    found = [
        (n.kind.value, text[n.start : n.start + len(starts)], n.time and n.time.isoformat())
        for n in find_notes(text, observed)
    ]
    assert found == [(kind, starts, stamp)]


@pytest.mark.parametrize(
    ("text", "observed"),
    [
        # promises of more, not notes of a change
        ("No further details were released.\n\nThis story will be updated.", EDT),
        ("Politiet er fortsatt på stedet.\n\nAvisen kommer tilbake med mer.", CET),
        ("Os feridos foram levados ao hospital.\n\nMais informações em breve", BRT),
        ("Atualizaremos a informação assim que possível.", BRT),
        ("Les pompiers sont toujours sur place.\n\nPlus d'infos à venir", CET),
        # the clocks of a live story, in its sentences
        ("At 5:45 p.m., the county said the road had reopened.", EDT),
        ("Om 19.00 uur begint de persconferentie van de premier.", CET),
        ("De avondklok gaat van 21.00 uur naar 22.00 uur.", CET),
        ("Z komunikatu z godziny 13.15 wynika, że trasa jest przejezdna.", CET),
        # a banner that says the page will not change
        ("Dette innholdet er arkivert og vil ikke bli oppdatert.", CET),
        # a publication stamp alone, in the Korean style
        ("입력 2023. 2. 2. 10:39", KST),
        ("구청, 새 도서관 문 열어\n2023. 02.02(목) 14:16\n구청장 인사말", KST),
        # headings of a list of links, marked with ※
        ("※関連情報\n特集ページ - 毎日新聞", KST),
        ("截至记者发稿时，伤者仍在抢救。", KST),
    ],
)
def test_labelled_look_alike(text: str, observed: datetime) -> None:
    assert find_notes(text, observed) == ()
