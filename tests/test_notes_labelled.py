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


PARIS = datetime.fromisoformat("2024-05-05T20:00:00+02:00")
SEOUL = datetime.fromisoformat("2024-05-05T20:00:00+09:00")
SAO_PAULO = datetime.fromisoformat("2024-05-05T20:00:00-03:00")


@pytest.mark.parametrize(
    ("text", "observed", "kind", "starts", "stamp"),
    [
        # a stamp before the label or the sentence, then a colon or a dash
        (
            "May 3, 2024: This story has been updated with the mayor's reply.",
            EDT,
            "update",
            "May 3, 2024:",
            "2024-05-03",
        ),
        (
            "18h30 – Mise à jour : la route a rouvert.",
            PARIS,
            "update",
            "18h30 –",
            "2024-05-05T18:30:00",
        ),
        (
            "3 mai 2024, 18h30 — Rectificatif : l'adjointe s'appelle Anne Roux.",
            PARIS,
            "correction",
            "3 mai 2024, 18h30",
            "2024-05-03T18:30:00",
        ),
        # "this article was updated" and the stamp that follows it
        (
            "Cet article a été mis à jour le 3 mai 2024 à 18h30.",
            PARIS,
            "update",
            "Cet article",
            "2024-05-03T18:30:00",
        ),
        (
            "Este artigo foi atualizado em 3 de maio de 2024, às 18h30.",
            PARIS,
            "update",
            "Este artigo",
            "2024-05-03T18:30:00",
        ),
        (
            "Dit artikel is bijgewerkt op 3 mei 2024 om 18.30 uur.",
            PARIS,
            "update",
            "Dit artikel",
            "2024-05-03T18:30:00",
        ),
        (
            "Artikkelen ble oppdatert 3. mai 2024 kl. 18.30.",
            PARIS,
            "update",
            "Artikkelen",
            "2024-05-03T18:30:00",
        ),
        (
            "Dieser Artikel wurde am 3. Mai 2024 um 18.30 Uhr aktualisiert.",
            PARIS,
            "update",
            "Dieser Artikel",
            "2024-05-03T18:30:00",
        ),
        (
            "Este artículo fue actualizado el 3 de mayo de 2024 a las 18.30.",
            PARIS,
            "update",
            "Este artículo",
            "2024-05-03T18:30:00",
        ),
        (
            "Questo articolo è stato aggiornato il 3 maggio 2024 alle 18.30.",
            PARIS,
            "update",
            "Questo articolo",
            "2024-05-03T18:30:00",
        ),
        # Chinese "updated on", full-width brackets, a Japanese date written 5/3 (May 3)
        ("更新于 2024年5月3日 18:30", SEOUL, "update", "更新于", "2024-05-03T18:30:00"),
        ("最后更新于 2024-05-03 18:30", SEOUL, "update", "最后更新于", "2024-05-03T18:30:00"),
        ("（本文已于5月3日更新）", SEOUL, "update", "本文已于", "2024-05-03"),
        ("（5/3追記）", SEOUL, "update", "5/3追記", "2024-05-03"),
        # the ※ mark before a label
        ("※追記：市は夕方に避難指示を解除した。", SEOUL, "update", "追記", None),
        ("※ 정정: 사고 시각을 바로잡았습니다.", SEOUL, "correction", "정정", None),
        ("※訂正 記事中の日付に誤りがありました。", SEOUL, "correction", "訂正", None),
        # a heading label over the line of its stamp
        (
            "<바로잡습니다>\n2023. 2. 2. 10:39\n기사 중 날짜를 바로잡습니다.",
            KST,
            "correction",
            "바로잡습니다",
            "2023-02-02T10:39:00",
        ),
        (
            "Correction\nMay 3, 2024\nAn earlier version of this story gave the wrong date.",
            EDT,
            "correction",
            "Correction\nMay 3, 2024\nAn earlier",
            "2024-05-03",
        ),
        (
            "<정정보도>\n2023. 2. 2.\n본지는 지난 1월 5일자 기사에서 발언을 잘못 보도했습니다.",
            KST,
            "correction",
            "정정보도>\n2023. 2. 2.\n본지는",
            "2023-02-02",
        ),
        # a byline's fields split by a slash
        (
            "Posted: May 3, 2024 / Updated: May 4, 2024 10:15 a.m.",
            EDT,
            "update",
            "Updated:",
            "2024-05-04T10:15:00",
        ),
        ("By Ann Lee / Updated May 4, 2024", EDT, "update", "Updated", "2024-05-04"),
        # zones, clocks and years as written in a stamp
        (
            "Mise à jour le 3 mai 2024 à 18h30 (heure de Paris)",
            PARIS,
            "update",
            "Mise à jour",
            "2024-05-03T18:30:00+02:00",
        ),
        (
            "Atualizado em 3 de maio de 2024, às 18h30 (hora de Lisboa)",
            PARIS,
            "update",
            "Atualizado",
            "2024-05-03T18:30:00+01:00",
        ),
        (
            "Atualizado em 3/5/2024 às 15h10min",
            SAO_PAULO,
            "update",
            "Atualizado",
            "2024-05-03T15:10:00",
        ),
        (
            "Aktualizacja: 3 maja 2024 r., godz. 18:30",
            PARIS,
            "update",
            "Aktualizacja",
            "2024-05-03T18:30:00",
        ),
        # labels
        ("Naschrift: de gemeente heeft inmiddels gereageerd.", PARIS, "update", "Naschrift", None),
        (
            "Dopisek redakcji: rzecznik urzędu przesłał stanowisko.",
            PARIS,
            "editors_note",
            "Dopisek redakcji",
            None,
        ),
        (
            "Nota de esclarecimento: o valor citado era anual, não mensal.",
            SAO_PAULO,
            "clarification",
            "Nota de esclarecimento",
            None,
        ),
        (
            "Nota de esclarecimiento: la cifra era anual, no mensual.",
            PARIS,
            "clarification",
            "Nota de esclarecimiento",
            None,
        ),
    ],
)
def test_stamped_and_marked_note(
    text: str, observed: datetime, kind: str, starts: str, stamp: str | None
) -> None:
    test_labelled_note(text, observed, kind, starts, stamp)


@pytest.mark.parametrize(
    "text",
    [
        # a stamp and a colon or a dash before news, not before a label
        "May 3, 2024: The council voted to close the pool for the summer.",
        "19h33. Reconfinement : chez les coiffeurs, les rendez-vous sont pris.",
        "18h30 – Le préfet a annoncé la mise à jour du plan canicule.",
        "3 mai 2024 — Correction du bac : les copies seront notées dès lundi.",
        "10:15 - Update your browser to see the live map.",
        "2024-05-03: Updated the installer to fix a crash on start.",
        # an update of something else than the article
        "Le site de la mairie a été mis à jour le 3 mai 2024.",
        "O aplicativo foi atualizado em 3 de maio de 2024 com novas funções.",
        "Die App wurde am 3. Mai 2024 aktualisiert.",
        "数据库更新于2020年，共收录三千条记录。",
        "本系统最后更新于 2024-05-03 18:30，请以官网为准。",
        # brackets and ※ marks that hold no note
        "（本报记者 张三 5月3日电）",
        "（5/3）市役所前で撮影",
        "※写真はイメージです",
        "※訂正箇所は赤字で示しています。",
        "※訂正\n特集ページ - 毎日新聞",
        "※ 이 기사는 2024년 5월 3일 지면에 실렸습니다.",
        # a paper's corrections column named in a sentence; a heading over a stamp that is no label
        "5일자 조선일보 2면 하단엔 조그맣게 '바로잡습니다'가 실렸다.",
        "<사설>\n2023. 2. 2. 10:39\n정부는 예산을 다시 짜야 한다.",
        # slashes that split no byline's update
        "Posted: May 3, 2024 / By Jane Doe",
        "Prices rose 3% / updated figures show more.",
        # clocks, years and zones in prose
        "O encontro começa às 15h10min na praça central.",
        "W 2023 r. urząd wydał nowe przepisy.",
        "Der Termin ist am 3. Mai um 18.30 Uhr (heure de Paris).",
    ],
)
def test_stamped_and_marked_look_alike(text: str) -> None:
    assert find_notes(text, PARIS) == ()
