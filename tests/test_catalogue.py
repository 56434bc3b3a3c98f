"""Notes in the languages and styles real publishers use: the catalogue of formats, the month
and weekday names from CLDR, labels, wire services' tags and lines, sentence notes and stamps
in every language of the catalogue, hard negatives, and a user's own formats.

The notes below are made up for these tests, each in the shape of a real publisher's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from calendar_table import TABLE, render

from revtrack import labels, notes, stamps
from revtrack.catalogue import catalogue
from revtrack.notes import find_notes
from revtrack.stamps import parse_time

SEEN = datetime(2024, 3, 6, 9, 0, tzinfo=UTC)
BODY = "Der Stadtrat stimmte am Dienstag mit knapper Mehrheit für den Haushalt.\n\n"


def found(text: str, observed: datetime = SEEN) -> list[tuple[str, str | None]]:
    """Each note of an article holding ``text``: its kind and ISO time stamp."""
    return [
        (n.kind.value, n.time.isoformat() if n.time else None)
        for n in find_notes(BODY + text + "\n", observed)
    ]


def reload() -> None:
    """Read the catalogue again (after the user's file changed)."""
    catalogue.cache_clear()
    labels.patterns.cache_clear()
    notes.forget()
    notes._FOUND.clear()
    stamps.grammar.cache_clear()


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "notes.toml"
    monkeypatch.setenv("REVTRACK_NOTES", str(path))
    reload()
    yield path
    monkeypatch.undo()
    reload()


# --- the catalogue ------------------------------------------------------------------------


def test_the_month_and_weekday_names_are_cldrs() -> None:
    assert TABLE.read_text(encoding="utf-8") == render(), "run python tests/calendar_table.py"


def test_every_language_asked_for_has_labels_of_each_common_kind() -> None:
    languages = catalogue().languages
    wanted = "en de fr es it pt nl sv da no pl ja zh ko".split()
    assert set(wanted) <= set(languages)
    for code in wanted[1:]:
        assert {"update", "correction"} <= set(languages[code]), code


def test_nothing_is_read_or_compiled_at_import() -> None:
    code = (
        "import revtrack.notes, revtrack.labels, revtrack.stamps, revtrack.report,"
        " revtrack.catalogue as c;"
        "print(c.catalogue.cache_info().currsize, revtrack.labels.patterns.cache_info().currsize,"
        " revtrack.stamps.grammar.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0", "0"]


# --- labels in every language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "stamp"),
    [
        ("Korrektur: In einer früheren Version hieß es, die Brücke sei 340 Meter lang.",
         "correction", None),
        ("Aktualisiert am 05.03.2024, 14:20 Uhr: Die Stadt hat sich geäußert.", "update",
         "2024-03-05T14:20:00"),
        ("Anmerkung der Redaktion: Der Name wurde auf Wunsch geändert.", "editors_note", None),
        ("Rectificatif : une première version indiquait 42 étals, et non 24.", "correction",
         None),
        ("Mis à jour le 5 mars 2024 à 14h20", "update", "2024-03-05T14:20:00"),
        ("Note de la rédaction : cet article a été complété.", "editors_note", None),
        ("Fe de errores: el concejal no es del partido que se indicaba.", "correction", None),
        ("Actualizado: 5 de marzo de 2024 - 14:20 CET", "update", "2024-03-05T14:20:00+01:00"),
        ("Rettifica: il ponte è lungo 430 metri, non 340.", "correction", None),
        ("Aggiornato il 5 marzo 2024 alle 14:20", "update", "2024-03-05T14:20:00"),
        ("Correção: a ponte tem 430 metros, e não 340.", "correction", None),
        ("Atualizado em 05/03/2024 às 14h20", "update", "2024-03-05T14:20:00"),
        ("Correctie: de brug is 430 meter lang, niet 340.", "correction", None),
        ("Bijgewerkt op 5 maart 2024 om 14:20", "update", "2024-03-05T14:20:00"),
        ("Rättelse: Bron är 430 meter lång, inte 340.", "correction", None),
        ("Uppdaterad 5 mars 2024 kl. 14.20", "update", "2024-03-05T14:20:00"),
        ("Rettelse: Broen er 430 meter lang, ikke 340.", "correction", None),
        ("Opdateret 5. marts 2024 kl. 14.20", "update", "2024-03-05T14:20:00"),
        ("Oppdatert 5. mars 2024 kl. 14.20", "update", "2024-03-05T14:20:00"),
        ("Sprostowanie: most ma 430 metrów, a nie 340.", "correction", None),
        ("Aktualizacja: 5 marca 2024, godz. 14:20", "update", "2024-03-05T14:20:00"),
        ("【訂正】橋の長さを340メートルとしていましたが、430メートルの誤りでした。",
         "correction", None),
        ("最終更新：2024年3月5日 14時20分", "update", "2024-03-05T14:20:00"),
        ("更正：本文原称大桥长340米，应为430米。", "correction", None),
        ("更新时间：2024年3月5日 下午2点20分", "update", "2024-03-05T14:20:00"),
        ("[바로잡습니다] 다리 길이는 340m가 아니라 430m입니다.", "correction", None),
        ("수정 2024.03.05 오후 2:20 KST", "update", "2024-03-05T14:20:00+09:00"),
        # a byline's stamps: the second is the note's, after a bar or before the label
        ("입력 | 2024-03-05 20:53   수정 | 2024-03-05 20:57", "update", "2024-03-05T20:57:00"),
        ("公開日：2024/03/04 更新日：2024/03/05", "update", "2024-03-05"),
        ("(共同通信) - 3月5日22時34分更新", "update", "2024-03-05T22:34:00"),
        ("[반론보도] 시위자 측은 확성기 음량이 허용 기준 안에 있다고 밝혀왔습니다.",
         "clarification", None),
        ("Setting it straight: The bridge is 430 metres long, not 340.", "correction", None),
        # an update label over a correction or a clarification is one
        ("Update: An earlier version of this article incorrectly gave the bridge's length.",
         "correction", None),
        ("Aktualisierung: In der ersten Fassung hieß es fälschlich, die Brücke sei 340 Meter lang.",
         "correction", None),
        ("Update: This article was changed to clarify the council's role.", "clarification",
         None),
        # the words before a stamp that say "at" or "on" in each language, and labels that say
        # when a page was last changed
        ("Actualizado a las 08:56h", "update", "2024-03-06T08:56:00"),  # the date: when seen
        ("Actualizado al 03/02/2024", "update", "2024-02-03"),
        ("Aggiornato alle ore 14:20 del 5 marzo 2024", "update", "2024-03-05T14:20:00"),
        ("Ultima modifica: 5 marzo 2024, 14:20", "update", "2024-03-05T14:20:00"),
        ("Letztes Update: 05.03.2024", "update", "2024-03-05"),
        ("Senast ändrad 5 mars 2024 kl. 14.20", "update", "2024-03-05T14:20:00"),
        ("Artikkelen er oppdatert: 5. mars 2024 kl. 14.06", "update", "2024-03-05T14:06:00"),
        ("Update von 08.42 Uhr: Die Straße ist wieder frei.", "update", "2024-03-06T08:42:00"),
        ("AGGIORNAMENTO DELLE 08:41 - La strada è riaperta.", "update", "2024-03-06T08:41:00"),
        ("Aggiornamento ore 8.37: La strada è riaperta.", "update", "2024-03-06T08:37:00"),
        ("Author correction: The second figure's legend should read as follows.", "correction",
         None),
        ("Corrective: The bridge is 430 metres long, not 340.", "correction", None),
        ("This page was last modified on 5 March 2024, at 14:20.", "update",
         "2024-03-05T14:20:00"),
        ("Update 14:20 pm, 5 March 2024: The council replied.", "update", "2024-03-05T14:20:00"),
        # labels in angle brackets
        ("<바로잡습니다> 다리 길이는 340m가 아니라 430m입니다.", "correction", None),
        ("〈訂正〉橋の長さを340メートルとしていましたが、430メートルの誤りでした。", "correction",
         None),
        ("《更正》本报5日刊发的报道中大桥长度有误。", "correction", None),
    ],
)  # fmt: skip
def test_labels_and_stamps_in_every_language(text: str, kind: str, stamp: str | None) -> None:
    assert found(text) == [(kind, stamp)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("In einer früheren Version dieses Artikels hieß es, der Bau koste 40 Millionen Euro.",
         "correction"),
        ("Une précédente version de cet article indiquait que le pont mesurait 340 mètres.",
         "correction"),
        ("Una versión anterior de este artículo atribuía por error las palabras al concejal.",
         "correction"),
        ("Questo articolo è stato aggiornato con la replica del sindaco.", "update"),
        ("Uma versão anterior deste texto informava incorretamente a data da obra.",
         "correction"),
        ("In een eerdere versie van dit artikel stond dat de brug 340 meter lang is.",
         "correction"),
        ("Artikeln har uppdaterats med kommentarer från kommunen.", "update"),
        ("W poprzedniej wersji tego artykułu błędnie podaliśmy długość mostu.", "correction"),
        ("この記事は、市の説明を追記して更新しました。", "update"),
        ("本文已更新，补充了市政府的回应。", "update"),
        ("이 기사는 시청의 입장을 반영해 수정됐습니다.", "update"),
        ("This article was amended to clarify the mayor's role in the decision.",
         "clarification"),
        ("Este artículo ha sido corregido: el puente mide 430 metros.", "correction"),
        # "an error crept in", "we regret the error", "as was published in error"
        ("I artiklen om hallen, bragt den 4. marts, havde der desværre indsneget sig en fejl.",
         "correction"),
        ("Redaktionen beklager fejlen.", "correction"),
        ("In der Grafik hat sich leider ein Fehler eingeschlichen: Es sind 430 Meter.",
         "correction"),
        ("El puente no mide 340 metros, como se publicó por error, sino 430.", "correction"),
        ("In our reporting of the council's budget we published inaccurate figures for bus"
         " routes.", "correction"),
        ("▲ 본보 22일자 4면 기사의 제목이 잘못 게재됐기에 바로잡습니다.", "correction"),
        ("[Texto corregido. No había encontrado la rectificación, que sí se produjo]",
         "correction"),
        ("In last Saturday's Review, a caption gave the wrong name for the painter.",
         "correction"),
        ("In an article Wednesday, Nov. 4 about the vote, we inadvertently named the wrong"
         " precinct.", "correction"),
        ("News Online: on May 28 in the headline of a story about the visa, the victim was"
         " incorrectly identified as female.", "correction"),
        # the formulas of corrections columns in Japanese and Chinese, and a paper's own name
        ("5日付社会面「新しい橋」の記事で、「全長340メートル」とあるのは「430メートル」の誤り"
         "でした。", "correction"),
        ("3月4日，本报刊发了《大桥通车》一文。文中大桥长度与事实不符，特此更正并致歉。",
         "correction"),
        ("本报3月4日关于大桥的报道引起读者关注，现特此说明如下。", "clarification"),
        ("《港城晚报》3月4日5版刊发的《大桥通车》一文,经核实,报道有误,我们诚恳道歉。",
         "correction"),
        ("On page 12 of the 4 March issue we stated that the bridge is 340 metres long. It is"
         " 430.", "correction"),
        ("I fredagens tidning skrev Kuriren att bron är 340 meter lång. Den är 430 meter.",
         "correction"),
        ("I en sak om brua fra i høst ble det rettet kritikk mot kommunen uten at den fikk svare."
         " Avisen beklager dette og har besluttet å avpublisere saken.", "retraction"),
    ],
)  # fmt: skip
def test_notes_written_as_sentences(text: str, kind: str) -> None:
    assert [k for k, _ in found(text)] == [kind]


# --- wire services ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("UPDATE 2-Port strike ends after pay deal, ships start to move", "update"),
        ("CORRECTED-Port strike ends after pay deal", "correction"),
        ("REFILE-Port strike ends after pay deal", "update"),
        ("WRAPUP 1-Ports reopen as strike ends", "update"),
        ("WITHDRAWN-Port strike ends after pay deal", "retraction"),
        ("(Adds comment from ministry in paragraph 4)", "update"),
        ("(Corrects spelling of minister's name in paragraph 2)", "correction"),
        ("(neu: Stellungnahme der Reederei)", "update"),
        ("(Berichtigung: Im dritten Absatz muss es 430 statt 340 heißen)", "correction"),
    ],
)
def test_wire_tags_and_advisory_lines(text: str, kind: str) -> None:
    assert [k for k, _ in found(text)] == [kind]


# --- stamps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "day_first", "iso"),
    [
        ("Tue 5 Mar 2024 14.20 GMT", False, "2024-03-05T14:20:00+00:00"),
        ("2024-03-05 14:20:30 UTC", False, "2024-03-05T14:20:30+00:00"),
        ("GMT 2024-03-05 14:20", False, "2024-03-05T14:20:00+00:00"),
        ("19-Aug-2021 10:15:30 GMT", False, "2021-08-19T10:15:30+00:00"),
        ("5 MARS 2024", False, "2024-03-05"),
        ("5. März 2024, 14:20 Uhr MESZ", False, "2024-03-05T14:20:00+02:00"),
        ("July 4, 2024, 9 a.m. PST", False, "2024-07-04T09:00:00-08:00"),
        ("July 4, 2024, 9 a.m. PT", False, "2024-07-04T09:00:00-07:00"),
        ("02/03/2024", False, "2024-02-03"),
        ("02/03/2024", True, "2024-03-02"),
        ("05/03/2024", False, "2024-03-05"),  # May 3 is after the version was seen
        ("03/05/2024", True, "2024-03-05"),  # and so is 3 May
        ("18/08/2024", False, "2024-08-18"),
        ("2024년 3월 5일 오후 2시 20분", False, "2024-03-05T14:20:00"),
        ("2024年3月5日(火) 午前9時05分", False, "2024-03-05T09:05:00"),
        ("北京时间2024年3月5日14时20分", False, "2024-03-05T14:20:00+08:00"),
    ],
)
def test_stamp_styles(stamp: str, day_first: bool, iso: str) -> None:
    parsed = parse_time(stamp, SEEN, day_first=day_first)
    assert parsed is not None and parsed.isoformat() == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Correction (5/1/24): An earlier version of this story misstated the date.", "2024-05-01"),
        ("[Correction 3/4/24: A quote was attributed to the wrong official.]", "2024-03-04"),
        (
            "Clarification (3/4/24): This article was changed to say which council voted.",
            "2024-03-04",
        ),
        ("Correction (5/1/24) : une version précédente indiquait une date erronée.", "2024-01-05"),
        ("Clarification (3/4/24) : nous avons précisé le nom du conseil.", "2024-04-03"),
        ("Rectificatif (5/1/24) : le nom du maire était mal orthographié.", "2024-01-05"),
    ],
)
def test_a_label_english_shares_reads_dates_as_the_note_s_language_writes_them(
    text: str, iso: str
) -> None:
    (note,) = find_notes(text, datetime(2024, 11, 30, tzinfo=UTC))
    assert note.time is not None and str(note.time.date) == iso


def test_a_stamp_without_a_year_is_completed_from_when_it_was_seen_not_from_the_clock() -> None:
    seen = datetime(2019, 3, 6, 12, tzinfo=UTC)
    parsed = parse_time("5. März, 14:20 Uhr", seen)
    assert parsed is not None and parsed.isoformat() == "2019-03-05T14:20:00"
    assert parsed.inferred == ("year",)
    assert parse_time("5. März, 14:20 Uhr") is not None
    assert parse_time("5. März, 14:20 Uhr").date is None  # type: ignore[union-attr]


def test_a_time_without_a_zone_is_the_reading_nearest_the_moment_seen() -> None:
    seen = datetime(2021, 8, 17, 21, tzinfo=UTC)  # 23:00 in Berlin
    parsed = parse_time("22.16 Uhr", seen)
    assert parsed is not None and parsed.isoformat() == "2021-08-17T22:16:00"
    assert parsed.inferred == ("date",)


# --- notes laid out over several lines --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "stamp"),
    [
        # a label's word alone over the paragraph it heads
        ("Nachtrag\n\nWie am Freitag bekannt wurde, hat der Rat die Vereinbarung kritisiert.",
         "update", None),
        ("Correction\n\nThe council voted 7-2, not 9-0, as first reported here.", "correction",
         None),
        # a press-law correction's heading, and a reply from the editors alone over its text
        ("Sprostowanie Komitetu Budowy Pomnika\nW dniu 29 października opublikowano tekst.",
         "correction", None),
        ("Odpowiedź od redakcji\n\nRzeczywiście, skrót użyty w artykule był zbyt daleki.",
         "editors_note", None),
        # numbered and qualified labels
        ("1ª CORREÇÃO\n\nData da publicação original: 27/12/2024, às 22h30", "correction", None),
        ("INSTANT UPDATE: De omroep heeft de tweet inmiddels verwijderd.", "update", None),
        ("Late update: The ministry has now replied.", "update", None),
        # a note quoted as a blockquote
        ("«DN BEKLAGER: I denne lederartikkelen vises det til en uttalelse som ikke var korrekt.",
         "correction", None),
        ("“This article was amended on 11 March 2024. The caption mistakenly said Hanoi.",
         "correction", "2024-03-11"),
        ("“EDITOR’S NOTE: This story has been updated to describe the reporters’ questions.",
         "editors_note", None),
        # a dated heading above the headline of the story a log's note is about
        ("March 4\n\nCouncil approves budget\n\nThis article has been updated to include the"
         " mayor's response.", "update", "2024-03-04"),
        # a date with its time of day on the next line
        ("Actualizado el 05/03/2024\n21:57 h", "update", "2024-03-05T21:57:00"),
        # a label alone over its stamp
        ("Uppdaterad\n\n5.3.2024 kl. 14.20", "update", "2024-03-05T14:20:00"),
        ("Aktualizacja:\n05.03.2024 14:20", "update", "2024-03-05T14:20:00"),
        # a correction's heading in a language whose word means nothing else
        ("Rättelse angående ordförandens citat\n\nI artikeln stod att ordföranden sagt nej.",
         "correction", None),
        ("Erramos\n\nDiferentemente do publicado, a ponte tem 430 metros.", "correction", None),
        # a corrections column's opening; a text that says it is being or was updated
        ("In unserer Ausgabe vom 4. März haben wir die Länge der Brücke falsch angegeben.",
         "correction", None),
        ("Dans notre édition du 4 mars, nous avons mal indiqué la longueur du pont.",
         "correction", None),
        ("Texten uppdateras.", "update", None),
        ("Dit artikel is op 05-03-2024 bijgewerkt met de reactie van de gemeente.", "update",
         "2024-03-05"),
        # an update's stamp line that runs on into words
        ("Oppdatert sist tirsdag 5. mars klokken 18.10 basert på tall fra FHI.", "update",
         "2024-03-05T18:10:00"),
        # stamps after "as of", after a label in brackets, in a byline after a relative time
        ("(Update: still unchanged as of 7:30 a.m. ET Tuesday)", "update",
         "2024-03-05T07:30:00-05:00"),
        ("(最終更新:2024年03月05日(火)13時59分)", "update", "2024-03-05T13:59:00"),
        ("Publié il y a 3 heures, mis à jour à 09h42", "update", "2024-03-06T09:42:00"),
        # announcements: a removal in the active voice, an on-air clarification
        ("The Courier removed this article (published on March 1) from its website.",
         "retraction", None),
        ("An on-air clarification was broadcast on Sunday regarding a story about police"
         " recruitment.", "clarification", None),
        ("The Metro column in the March 1 section included an outdated item about the mayor.",
         "correction", None),
    ],
)  # fmt: skip
def test_notes_laid_out_over_lines_headings_and_quotes(
    text: str, kind: str, stamp: str | None
) -> None:
    assert found(text) == [(kind, stamp)]


def test_one_notes_sentences_and_heading_make_one_note() -> None:
    retracted = (
        "The Courier removed this article from its website. By republishing it, we gave"
        " coverage to a false claim. We have retracted this story and apologise for the error."
    )
    assert found(retracted) == [("retraction", None)]
    headed = (
        "[정정보도] ‘시의회, 예산안 통과’ 관련\n"
        "본지는 지난 3월 4일 ‘시의회, 예산안 통과’ 제목의 기사에서"
        " 찬성 7표로 보도하였으나 사실과 달라 바로잡습니다."
    )
    (note,) = find_notes(BODY + headed + "\n", SEEN)
    assert note.kind.value == "correction" and note.text.endswith("바로잡습니다.")


def test_a_correction_in_a_columns_item_is_the_item() -> None:
    text = BODY + "• Jane Doe directs the court. A March 1 column misspelled her surname.\n"
    (note,) = find_notes(text, SEEN)
    assert (note.kind.value, note.text) == ("correction", text[len(BODY) + 2 :].strip())


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("'항구 새 부두' 관련 반론보도", "clarification"),
        ("港湾記事についての訂正", "correction"),
        ("Storting: sprostowanie", "correction"),
    ],
)
def test_a_title_that_ends_with_a_label_heads_its_notice(title: str, kind: str) -> None:
    body = "본보는 지난 5월 3일자 2면에 '항구 새 부두' 제목의 기사를 보도한 바 있습니다."
    if kind == "correction":
        body = "5日付の記事で、「全長340メートル」とあるのは「430メートル」の誤りでした。"
    (note,) = find_notes(BODY + title + "\n\n" + body, SEEN)
    assert (note.kind.value, note.text) == (kind, title + "\n\n" + body)


@pytest.mark.parametrize(
    ("label", "below"),
    [
        ("Update:", "Police reopened the road after two hours on Tuesday."),
        ("(追記)", "市は同日夕方、道路の通行止めを解除したと発表しました。"),
    ],
)
def test_an_update_label_alone_heads_the_prose_below(label: str, below: str) -> None:
    (note,) = find_notes(BODY + label + "\n\n" + below, SEEN)
    assert note.kind.value == "update" and note.text.endswith(label[1:] + "\n\n" + below)


def test_an_update_label_alone_over_no_prose_is_no_note() -> None:
    text = BODY + "By: Jane Doe\n\nUpdated:\n\nORLANDO - 6:35 p.m. Update: Crews left.\n"
    assert [n.text for n in find_notes(text, SEEN)] == ["6:35 p.m. Update: Crews left."]


def test_a_title_that_ends_with_a_label_over_no_notice_is_no_note() -> None:
    assert find_notes(BODY + "Market correction\n\nStocks fell on Tuesday.\n", SEEN) == ()


def test_a_notice_signed_and_dated_at_its_foot_takes_that_date() -> None:
    notice = "《港城晚报》3月4日5版刊发的《大桥通车》一文,经核实,报道有误。特此更正。"
    text = BODY + notice + "\n\n港城晚报社\n\n3月5日\n"
    (note,) = find_notes(text, SEEN)
    assert (note.text, note.time and note.time.isoformat()) == (notice, "2024-03-05")
    assert note.time is not None and note.time.inferred == ("year",)
    # a date under no signature heads what follows (a corrections log), not the note above
    log = "Correction: The bridge is 430 metres long.\n\nMarch 1, 2024\n\nCorrection: 12 lanes."
    assert [n.time is not None for n in find_notes(BODY + log, SEEN)] == [False, True]


def test_an_apology_closes_the_notice_it_ends() -> None:
    notice = (
        "I artiklen om hallen, bragt den 4. marts, havde der desværre indsneget sig en fejl.\n\n"
        "I faktaboksen står en café. Den er ikke på ønskesedlen.\n\n"
        "– Gruppen ønsker ikke en café, siger formanden.\n\n"
        "Redaktionen beklager fejlen."
    )
    (note,) = find_notes(BODY + notice, SEEN)
    assert (note.kind.value, note.text) == ("correction", notice)
    alone = "NRK hadde i saken om brua et bilde av en annen bru. NRK beklager feilen."
    assert [(n.kind.value, n.text) for n in find_notes(BODY + alone, SEEN)] == [
        ("correction", alone)
    ]
    retracted = "Tirsdag publiserte vi en sak om brua. Den er nå avpublisert. Vi beklager dette."
    assert [n.kind.value for n in find_notes(BODY + retracted, SEEN)] == ["retraction"]
    # far below a correction, an apology is a note of its own
    far = notice.replace("Redaktionen", "Text.\n\nMore text.\n\nRedaktionen")
    assert [n.text[:22] for n in find_notes(BODY + far, SEEN)] == [
        "I artiklen om hallen, ",
        "Redaktionen beklager f",
    ]


# --- what is not a note ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Apple veröffentlicht ein Update für iOS, das eine Sicherheitslücke schließt.",
        "An der Börse folgte auf den Rekord eine Korrektur von zehn Prozent.",
        "Quelle: Statistisches Bundesamt (Stand: 5. Februar 2020)",
        "La mise à jour de Windows arrive le mois prochain.",
        "La corrección bursátil borró las ganancias del año.",
        "L'aggiornamento del software è disponibile da oggi.",
        "BERLIN, 5. März (Reuters) - Die Bundesregierung hat ...",
        "Reporting by Jane Doe; Editing by John Roe",
        "Foto: dpa / Text: Redaktion",
        "Note: figures are rounded to the nearest thousand.",
        "Updates to this post will appear below.",
        "EXCLUSIVE-Port operator weighs sale of terminals",
        "Aktualisiert vor 3 Stunden",
        "Die Redaktion hat das Update am Dienstag getestet.",
        "정부는 수정 예산안을 국회에 제출했다.",
        "政府は予算案の修正を発表した。",
        "市政府今天更新了交通规划。",
        # a label's word alone over no prose, or over what is no sentence
        "Update\n\nSign in",
        "Update the app to get the new features.",
        "(Updated daily at 9 a.m.)",
        # a correction's word that starts a sentence is no heading
        "Berichtigung der Grundsteuer ist möglich. Die Stadt prüft jeden Antrag.",
        "Korrektur\n\ngeschrieben von berg2012 am 23. Jan. 2013",
        "Corrections and clarifications\n\nAs part of our commitment we correct errors promptly.",
        # a note quoted inside a sentence, or quoted and attributed, is about another article
        'The note read: "An earlier version of this article misstated the cost."',
        '"This story has been corrected," the paper wrote on its site.',
        # a dated heading above prose is not a note's date
        "March 4\n\nThe council met on Tuesday.",
        # an apology that is news: another's, or quoted
        "Kommunen beklager feilen, og lover å rette den opp innen fredag.",
        '"We apologise for the error," the minister said on Tuesday.',
        "La Regione si scusa per il disagio causato ai pendolari.",
        # another paper's report found untrue, another's statement
        "《港城晚报》3月4日刊发的报道与事实不符，市政府今天回应称。",
        "港城公司就停电一事特此说明如下。",
    ],
)
def test_hard_negatives_are_not_notes(text: str) -> None:
    assert found(text) == []


# --- a user's own formats -------------------------------------------------------------------


def test_a_user_adds_a_publishers_label_and_its_language(user_file: Path) -> None:
    assert found("Nota bene del direttore: il sindaco ha risposto.") == []
    user_file.write_text(
        '[languages.it]\ndates = "day-first"\nlabels.editors_note = ["Nota bene del direttore"]\n'
        '[languages.xx]\nlabels.update = ["Ret"]\n',
        encoding="utf-8",
    )
    reload()
    assert found("Nota bene del direttore: il sindaco ha risposto.") == [("editors_note", None)]
    assert found("Ret 05/03/2024: ...") == [("update", "2024-03-05")]
    assert found("Korrektur: Die Brücke ist 430 Meter lang.") == [("correction", None)]


def test_a_user_adds_an_era(user_file: Path) -> None:
    stamp = "大正15年3月8日"
    unknown = parse_time(stamp, SEEN)  # the month and day alone, the year inferred
    assert unknown is not None and unknown.inferred == ("year",)
    assert found("【訂正】令和元年5月7日 本文の数字を直しました。") == [
        ("correction", "2019-05-07")
    ]
    user_file.write_text('[eras]\n"大正" = 1912\n', encoding="utf-8")
    reload()
    parsed = parse_time(stamp, SEEN)
    assert parsed is not None and parsed.isoformat() == "1926-03-08"
    assert found("【訂正】令和元年5月7日 本文の数字を直しました。") == [
        ("correction", "2019-05-07")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[languages.de]\nlabels.fix = ['Fix']\n", "unknown kind 'fix'"),
        ("[sentences]\n", "must be"),
        ("[[sentences]]\npatterns = ['(unclosed']\n", "missing )"),
        ("[closings]\npatterns = ['[unclosed']\n", "unterminated character set"),
        ("[colours]\n", "unknown section 'colours'"),
        ('[eras]\n"大正" = "1912"\n', "[eras] 大正 must be the year"),
        ("labels = [", "cannot read note formats"),
    ],
)
def test_a_bad_user_file_is_a_one_line_error(
    user_file: Path, content: str, message: str, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Bridge plans approved.\n\nThe council voted.\n", encoding="utf-8")
    command = [sys.executable, "-m", "revtrack"]
    subprocess.run([*command, "add", "bridge", str(article)], check=True, capture_output=True)
    user_file.write_text(content, encoding="utf-8")
    env = {**os.environ, "REVTRACK_NOTES": str(user_file)}
    done = subprocess.run([*command, "notes", "bridge"], capture_output=True, text=True, env=env)
    assert done.returncode == 2, done
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert str(user_file) in done.stderr


def test_a_bad_user_file_fails_no_first_add_and_a_later_one_says_what_it_stored(
    user_file: Path, tmp_path: Path
) -> None:
    """A first version's notes are found only to be kept for the next write: a file of note
    formats that cannot be read does not fail its add; the add of a later version, which
    needs them, says that its version was stored."""
    user_file.write_text("labels = [", encoding="utf-8")
    command = [sys.executable, "-m", "revtrack"]
    env = {**os.environ, "REVTRACK_NOTES": str(user_file)}
    for number in (1, 2):
        article = tmp_path / f"{number}.txt"
        article.write_text(f"Bridge plans approved.\n\nThe council voted {number}.\n")
        done = subprocess.run(
            [*command, "add", "bridge", str(article)], capture_output=True, text=True, env=env
        )
        assert done.returncode == (0 if number == 1 else 2), done
    assert done.stderr.count("\n") == 1, done.stderr
    assert "bridge@2 was stored, but cannot read note formats" in done.stderr, done.stderr
    user_file.unlink()
    listed = subprocess.run([*command, "list"], capture_output=True, text=True, check=True)
    assert "2 versions" in listed.stdout


def test_the_readmes_example_file_works(user_file: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("**Your publisher's formats.**", 1)[1].split("```toml\n", 1)[1]
    user_file.write_text(example.split("```", 1)[0], encoding="utf-8")
    reload()
    assert found("Setting the record straight: the bridge is 430 metres long.") == [
        ("correction", None)
    ]
    assert found("In der ursprünglichen Fassung hieß es, die Brücke sei kürzer.") == [
        ("correction", None)
    ]
    parsed = parse_time("5 March 2024 10:00 IRST", SEEN)
    assert parsed is not None and parsed.isoformat() == "2024-03-05T10:00:00+03:30"


# --- the catalogue's sentences as one pattern ---------------------------------------------

#: Pieces of text that the catalogue's sentences (floating ones among them) find, and others.
PIECES = [
    "Der Stadtrat tagte. ",
    "In diesem Artikel hat sich leider ein Fehler eingeschlichen. ",
    "I går har det tyvärr smugit sig in ett fel i texten. ",
    "como se publicó por error ayer, ",
    "I tisdagens tidning skrev vi fel. ",
    "the mayor, not the governor as incorrectly stated, ",
    "「大阪」とあるのは「京都」の誤りでした。",
    "In einer früheren Version dieses Artikels hieß es ",
    "\n",
    "(",
    "abc ",
]


def _first(entries: list[tuple[object, str]], text: str, position: int) -> object:
    """The first of ``entries`` that matches at ``position``, tried one by one."""
    import re

    for kind, pattern in entries:
        found = re.compile(pattern, re.IGNORECASE).match(text, position)
        if found is not None:
            return kind, found.span()
    return None


def test_the_sentences_pattern_finds_what_trying_each_in_turn_finds() -> None:
    """The sentences that may find their words anywhere in a sentence's first characters are
    looked for apart from the others (their words found once a paragraph), and the pattern
    answers as trying every sentence in the catalogue's order would, at any start, in any
    order of starts."""
    import random

    entries = list(catalogue().sentences)
    sentences = labels.patterns().sentences
    assert sentences.floating, "some sentences are floating"
    rng = random.Random(5)
    for _ in range(200):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        seen: labels.Seen = {}
        starts = list(range(len(text)))
        head = starts[: len(starts) // 2]
        rng.shuffle(head)  # some starts out of order, the rest in order
        starts[: len(head)] = head
        for position in starts:
            matched = sentences.match(text, position, seen)
            got = None if matched is None else (matched[0], matched[1].span())
            assert got == _first(entries, text, position), (text, position)
