"""Chinese notices that another outlet reports: a paper named as the one that "published a
correction" or "issued an apology" (《X》發表更正, X刊登致歉声明) is news about that paper's
notice, not a notice of the page's own; the paper's own notice names the story it printed
wrong. Also the Japanese, Korean and Chinese look-alikes of the same family that must stay
quiet (a shop's delay apology, a ministry's explanation of a press report). A paper's name
for itself (本報, 本紙, 본보) is a word of its own, not the end of another (日本報道, 资本报酬,
日本紙幣, 일본보다); and a Japanese correction's formula that a quoting と follows, or a
quotation closes inside a sentence, is someone's account of a notice. A blog's reading-time line
and its introduction name the text itself without correcting it."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.notes import find_notes

CST = datetime.fromisoformat("2024-05-10T12:00:00+08:00")
JST = datetime.fromisoformat("2024-05-10T12:00:00+09:00")


@pytest.mark.parametrize(
    ("text", "kind", "starts"),
    [
        # a paper's own notice: the story it printed, what was wrong, its apology
        (
            "《南城日報》5月8日刊發的《新橋通車》一文有誤，通車日期應為6月1日，特此更正並致歉。",
            "correction",
            "《南城日報》",
        ),
        (
            "《江北晚报》昨日刊登的报道中有关票价的内容与事实不符，现予更正，并向读者致歉。",
            "correction",
            "《江北晚报》",
        ),
        ("本報昨日報道中，誤將校長姓名寫錯，特此更正，並向當事人致歉。", "correction", "本報"),
        (
            "본 인터넷 신문은 지난 5월 2일자 기사에서 시장이 사과했다고 보도했으나"
            " 사실이 아니어서 바로잡습니다.",
            "correction",
            "본 인터넷 신문은",
        ),
    ],
)
def test_own_notices_are_found(text: str, kind: str, starts: str) -> None:
    notes = find_notes(text, CST)
    assert len(notes) == 1
    assert notes[0].kind.value == kind
    assert text[notes[0].start :].startswith(starts)


@pytest.mark.parametrize(
    ("text", "observed"),
    [
        # another paper's correction or apology, reported
        (
            "《東岸報》今早就此發表更正，指出標題有誤，並就報道惹人誤會深表歉意。",
            CST,
        ),
        ("《西城日报》随后刊登致歉声明，承认报道有误，并向当事人道歉。", CST),
        ("《北港時報》昨日發表聲明，指該報早前報道有誤，已向讀者致歉。", CST),
        ("《河畔晚报》当晚发布更正启事，称前文有误，向读者致歉。", CST),
        # a party's or an office's own slip, reported
        ("該黨青年團昨晚發出更正及澄清啟事，指新聞稿用字有誤，已即時更正。", CST),
        # a shop's apology for a delay, a ministry's explanation of a press report
        (
            "大雪の影響により配送に遅延が生じております。"
            "ご迷惑をおかけし、深くお詫び申し上げます。",
            JST,
        ),
        ("보건복지부는 지난 6일 한 통신사가 보도한 기사는 사실과 다르다고 해명했습니다.", JST),
    ],
)
def test_reported_notices_are_not_notes(text: str, observed: datetime) -> None:
    assert find_notes(text, observed) == ()


@pytest.mark.parametrize(
    ("text", "observed"),
    [
        # the letters of a paper's name for itself at the end of another word
        ("日本報道指出，早前公布的死亡人數有誤，應為12人。", CST),
        ("该公司资本报酬率计算有误，应为5%。", CST),
        ("成本報告中的數字有誤，正確應為300萬元。", CST),
        ("日本網民指出，該節目字幕有誤，電視台其後致歉。", CST),
        ("日本紙幣の肖像を誤って紹介したとして、番組が謝罪した。", JST),
        ("見本誌の価格表示に誤りがあり、出版社がおわびした。", JST),
        ("한국의 출산율이 일본보다 낮다는 통계는 집계 방식에 오류가 있었던 것으로 드러났다.", JST),
        ("일본사람들이 잘못 알고 있는 한국 문화 다섯 가지를 소개한다.", JST),
        ("기본지식이 부족하면 잘못된 판단을 내리기 쉽다는 지적이 나왔다.", JST),
        # a notice's formula quoted inside a sentence or reported with a quoting と
        ("東町新聞は訂正記事を載せ、「市長」とあるのは「副市長」の誤りでしたと説明した。", JST),
        (
            "西浜新聞は、8日付の記事で「5000人」と書きましたが、正しくは「500人」でしたと"
            "おわびした。",
            JST,
        ),
        (
            "訂正記事は「『A』とあるのは『B』の誤りでした」で済むのに、長い説明を付ける"
            "新聞社がある。",
            JST,
        ),
    ],
)
def test_words_within_words_and_quoted_formulas_are_not_notes(
    text: str, observed: datetime
) -> None:
    assert find_notes(text, observed) == ()


@pytest.mark.parametrize(
    ("text", "observed", "starts"),
    [
        # a date's 日 before the paper's name, a Korean name at a word's start
        ("昨日本報報道中的數字有誤，應為300萬元，特此更正。", CST, "昨日本報"),
        ("此前本报报道中的数字有误，应为300万元。", CST, "此前本报"),
        ("5日本紙朝刊の記事で、市長の名前を誤って記載しました。", JST, "5日本紙"),
        ("본보는 지난 5일자 기사에서 수치를 잘못 적었습니다.", JST, "본보는"),
        # the paper's own formula, and a paragraph that quotes it whole
        ("5日付の記事で「市長」とあるのは「副市長」の誤りでした。", JST, "5日付"),
        ("「『放出墓準』とあるのは『放出基準』の誤りでした」", JST, "「『放出墓準』"),
    ],
)
def test_own_names_and_formulas_are_still_notes(text: str, observed: datetime, starts: str) -> None:
    notes = find_notes(text, observed)
    assert [n.kind.value for n in notes] == ["correction"]
    assert text[notes[0].start :].startswith(starts)


@pytest.mark.parametrize(
    "text",
    [
        "この記事を読むのに必要な時間は約 4 分です。\n\n敬語の間違いは意外と多いものです。",
        "この記事は約3分で読めます。\n\n履歴書でよくある間違いを見ていきましょう。",
        "この記事では、英語学習者がよくする間違いを10個ご紹介します。",
        "本記事では、確定申告でよくある誤りとその対処法を解説します。",
    ],
)
def test_a_blogs_reading_time_and_introduction_are_not_notes(text: str) -> None:
    assert find_notes(text, JST) == ()


def test_an_article_that_says_what_it_got_wrong_is_still_a_note() -> None:
    text = "この記事では当初、会長の名前を誤って紹介しました。正しくは山田一郎です。"
    assert [n.kind.value for n in find_notes(text, JST)] == ["correction"]
