"""Notes of families the other rules did not know: a journal's correction, retraction and
expression of concern about an article it published, a company's correction of a release or a
filing it made, a revision log's entry, a newsletter's numbered correction item; and the
look-alikes of the same families, which stay no notes: studies and policies about corrections,
a glossary, another's correction reported, a news story about a company's error."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime.fromisoformat("2024-06-01T12:00:00+00:00")


@pytest.mark.parametrize(
    ("text", "kind", "starts"),
    [
        (
            "After publication of the original article [1], the authors found an error in the"
            " legend of Figure 3. The correct legend is given below.",
            "correction",
            "After publication",
        ),
        (
            "Following publication of this article, it came to our attention that the name of"
            " the second author was misspelled.",
            "correction",
            "Following publication",
        ),
        (
            "The original version of this article unfortunately contained a mistake in Table 1.",
            "correction",
            "The original version",
        ),
        (
            "When this paper was published in the Journal of Soils it contained an error in"
            " Equation 4. The paper has now been corrected.",
            "correction",
            "When this paper",
        ),
        (
            "The authors regret that the units of the second column of Table 2 were printed"
            " wrongly.",
            "correction",
            "The authors regret",
        ),
        (
            "Correction to: Soil moisture in dry summers\n\nIn the table of results the units of"
            " the third column were wrong.",
            "correction",
            "Correction to:",
        ),
        (
            "The editors have retracted this article after the institution found that two"
            " figures had been duplicated.",
            "retraction",
            "The editors have retracted",
        ),
        (
            "Retraction Note to: J Soils (2019) 12:101–110 https://doi.org/10.1000/js.2019.101"
            "\n\nThe editors have retracted this article.",
            "retraction",
            "Retraction Note to:",
        ),
        (
            "Die Herausgeber ziehen diesen Beitrag zurück, da zwei Abbildungen doppelt verwendet"
            " wurden.",
            "retraction",
            "Die Herausgeber",
        ),
        (
            "The journal is issuing this expression of concern while the university looks into"
            " the data of the study.",
            "editors_note",
            "The journal is issuing",
        ),
        (
            "This press release replaces the version issued earlier today, which gave the wrong"
            " date for the meeting.",
            "correction",
            "This press release",
        ),
        (
            "CORRECTING and REPLACING Acme Tools Reports Second-Quarter Sales\n\nAcme Tools"
            " said on Monday its sales rose.",
            "correction",
            "CORRECTING and REPLACING",
        ),
        (
            "2024年4月10日に発表いたしました「2024年3月期 決算短信」"
            "の記載内容の一部に誤りがありましたので、下記のとおり訂正いたします。",
            "correction",
            "2024年4月10日に発表",
        ),
        (
            "2024年5月1日付で提出した臨時報告書について、記載事項が確定しましたので、訂正報告書を"
            "提出いたします。",
            "correction",
            "2024年5月1日付",
        ),
        (
            "本公司于2024年4月20日在上海证券交易所网站披露了《2023年年度报告》,经事后核查,"
            "部分内容有误,现对相关内容进行更正,具体如下:",
            "correction",
            "本公司于2024年4月20日",
        ),
        (
            "7. 前号記事訂正\n\n本誌前号12ページの記事に誤りがありましたので、下記のとおり訂正し、"
            "お詫びいたします。",
            "correction",
            "7. 前号記事訂正",
        ),
        (
            "정정신고(보고)\n| 2024년 5월 2일 |\n"
            "1. 정정대상 공시서류 : 주요사항보고서(유상증자결정)\n"
            "2. 정정대상 공시서류의 최초제출일 : 2024년 4월 20일",
            "correction",
            "정정신고(보고)",
        ),
        (
            "1. 정정대상 공시서류 : 주요사항보고서(자기주식취득결정)\n2. 정정사항",
            "correction",
            "1. 정정대상",
        ),
        (
            "Revised Amendments from Version 1\n\nThis version answers the reviewers: the methods"
            " section is longer and Figure 2 is new.",
            "update",
            "Revised Amendments",
        ),
        (
            "Hoppla, da hat sich der Fehlerteufel eingeschlichen: Das Konzert ist am Samstag,"
            " nicht am Sonntag.",
            "correction",
            "Hoppla",
        ),
    ],
)
def test_a_notice_of_these_families_is_a_note(text: str, kind: str, starts: str) -> None:
    notes = find_notes(text, SEEN)
    assert len(notes) == 1, notes
    assert notes[0].kind.value == kind
    assert text[notes[0].start :].startswith(starts)


def test_a_revision_log_entry_has_its_date() -> None:
    text = "Major revision published on 4 March 2021\n\nNew sections on the latest surveys."
    notes = find_notes(text, SEEN)
    assert len(notes) == 1
    assert notes[0].kind.value == "update"
    assert notes[0].time is not None and notes[0].time.isoformat() == "2021-03-04"


@pytest.mark.parametrize(
    "text",
    [
        # a study of errata in other journals
        "We counted the errata published by twenty journals; most corrected the author list.",
        # another's paper, named by its authors
        "After publication of the paper by Smith et al., critics questioned its sample.",
        # a journal's policy on what it will do
        "Retractions will be issued when the findings are unreliable; an expression of concern"
        " may be published while an investigation goes on.",
        # a news story about a company's correction (not its own voice)
        "トヨタは5日に発表した決算短信の一部に誤りがあったと明らかにした。",
        # a notice that names another correction notice, not a correction itself
        "经自查,除同日披露的《关于2023年年度报告的更正公告》外,公司前期所披露的信息不存在需要"
        "更正之处。",
        # a journal's retraction reported in the past tense by someone else
        "Wie die Universität mitteilte, hat die Zeitschrift den Artikel inzwischen zurückgezogen.",
        # a column on typos in general
        "Der Fehlerteufel ist ein hinterlistiger Fiesling, der jedes Jahr zuschlägt.",
        # a news story about correction filings, their titles quoted
        "이처럼 중요한 내용이 담긴 공시였지만, "
        "제목은 ‘[기재정정]단일판매·공급계약체결’로 간단했다.",
        # a help page on how to correct a release
        "To correct a release, submit a replacement announcement with the same headline.",
    ],
)
def test_look_alikes_of_these_families_are_no_notes(text: str) -> None:
    assert find_notes(text, SEEN) == ()
