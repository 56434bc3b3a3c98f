"""Japanese, Chinese and Korean corrections by family: a notice that names the paper's own
issue, date or page and says it was wrong (본지 ... 일자 ... 바로잡습니다, 本报…一文…应为,
…と書きましたが), and the news that cites the paper's reports or another's correction without
being one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from revtrack.catalogue import catalogue
from revtrack.errors import ConfigError
from revtrack.notes import find_notes

SEEN = datetime.fromisoformat("2024-03-06T09:00:00+09:00")


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # Korean: this paper, its dated story, with the digits spaced as some sites print them
        (
            "본보는 지난 9 월 6 일자 경제면 '항만 확장' 제하의 기사에서 공사비를 보도했습니다.",
            "본보는",
        ),
        # an internet paper names itself so
        (
            "본 인터넷신문은 2020년 4월 2일자 '새 청사' 제목의 기사에서 개청일을 보도했습니다.",
            "본 인터넷신문은",
        ),
        # "this paper" written with a space
        (
            "본 지는 지난 8월 1일자 오피니언면 '목재 수입' 제목의 사설에서 보도한 바 있습니다.",
            "본 지는",
        ),
        # a paper naming itself, in a notice's formal style
        (
            "한빛일보는 지난 3월 2일자 '시장 개편' 기사에서 개편 시기를 보도한 바 있습니다.",
            "한빛일보는",
        ),
        # a weekly's item: the issue and page, then "not A but B"
        ("512호 4면 도서관 개관 기사에서 관장은 '김민수'가 아니라 '김민호'가 맞습니다.", "512호"),
        (
            "또한, 7면에 보도 된 '체육대회' 기사에서 우승팀은 3반이 아닌 것으로 바로잡습니다.",
            "또한",
        ),
        # Chinese: our dated report, its page and title, and what it should have said
        ("本报3月5日第4版《城东新桥通车》一文中,桥长“800米”应为“80米”。", "本报3月5日"),
        ("本報四月六日A3版「港口擴建」一文中,工程費用有誤,特予訂正。", "本報四月六日"),
        ("本刊第12期《山村教师》一文中,作者姓名误为“李华”,应为“李桦”。", "本刊第12期"),
        ("二、第十五号《春耕见闻》一文中,地名应为“清河”。", "二、第十五号"),
        # "this article has been corrected", "this report was corrected on ..."
        ("本文已更正,事故发生地应为东城区。", "本文已更正"),
        ("本报道于3月5日更正,伤亡人数应为3人。", "本报道于"),
        ("此前报道中的伤亡人数有误,现已更正。", "此前报道"),
        ("我们在上期编辑中因疏忽出现错误,兹更正如下。", "我们在上期"),
        # Japanese: what the dated story said, quoted, and that it was wrong
        ("3月2日の記事で、「会場は東京」と書きましたが、正しくは大阪でした。", "3月2日の記事で"),
        ("10日付の「駅前再開発」で「地上30階」は「地上13階」の誤りでした。", "10日付の"),
        ("【おわび】5日の番組表で「ニュース」は「天気」の誤りでした。", "おわび"),
    ],
)
def test_a_notice_on_the_papers_own_text_is_a_correction(text: str, starts: str) -> None:
    notes = find_notes(text, SEEN)
    assert [n.kind.value for n in notes] == ["correction"]
    assert notes[0].text.startswith(starts)


def test_the_mediation_closing_belongs_to_the_notice_above() -> None:
    text = (
        "본지는 5월 3일자 '시청 이전' 기사에서 이전 비용을 100억 원으로 보도했습니다.\n\n"
        "그러나 확인 결과 이전 비용은 10억 원으로 밝혀졌습니다. "
        "이 보도는 언론중재위원회의 조정에 따른 것입니다."
    )
    notes = find_notes(text, SEEN)
    assert len(notes) == 1
    assert notes[0].text.endswith("조정에 따른 것입니다.")


@pytest.mark.parametrize(
    "text",
    [
        # a story about another paper's dated story, in the plain style of news
        "한빛일보는 지난 5일자 1면 기사에서 예산이 삭감됐다고 보도했다. 정부는 이를 부인했다.",
        # "본 지역" (this region) is no "본 지" (this paper)
        "본 지역은 지난 3월 2일자로 특구로 지정돼 기사 작성 시 유의해야 한다.",
        # a follow-up story citing the paper's own report
        "본지<1월 4일자> 보도 이후 시 관계부서가 현수막을 즉각 철거했다.",
        # the name of a corrections column, quoted in a media story
        "5일자 조선일보 2면 하단엔 조그맣게 ‘바로잡습니다’가 실렸다.",
        # a reporter's byline or a dateline before another body's error
        "本报记者3月5日从市统计局获悉,有关数据有误的传闻不实。",
        "本报北京3月5日电 国家统计局今日发布更正,称此前数据有误。",
        # another paper's correction, reported
        "甘肃日报社当晚在网络上发布更正,称该内容失实。",
        # "this paper" in a scholarly abstract, which revises a model, not itself
        "本文提出了一种修正的灰色预测模型,并用实例验证了其有效性。",
        "本文在前人研究基础上更正了若干史实错误。",
        # "the original text" in prose about a claim
        "原文中的数据有误的说法不成立,专家表示。",
        # a follow-up story citing the paper's dated front page
        "5日付朝刊1面で報じた通り、市は新庁舎の建設を決めた。",
        # an official's corrected remark, and a minister's own words quoted
        "首相官邸は「秋のどこかでは」を「秋までのどこかでは」に訂正した。",
        "「それは私の認識の誤りでした」と大臣は述べた。",
        # a usage column on a misused phrase
        "「汚名挽回」は「汚名返上」の誤りです。",
        # an apology in the prose of a story
        "会社は記者会見で「ご迷惑をおかけし、おわび申し上げます」と述べた。",
    ],
)
def test_news_about_reports_and_corrections_is_not_a_note(text: str) -> None:
    assert find_notes(text, SEEN) == ()


def test_a_notice_starts_at_its_title_over_its_issue_line_and_its_closing_is_part_of_it() -> None:
    text = (
        "更正\n\n期次:第88期\n\n"
        "本报第86期第三版《校园新馆落成》一文中,新馆面积“5000平方米”有误。\n"
        "由于本报工作疏忽,特此更正并致歉。"
    )
    notes = find_notes(text, SEEN)
    assert [(n.kind.value, n.text[:2]) for n in notes] == [("correction", "更正")]
    assert notes[0].text.endswith("特此更正并致歉。")


def test_a_headline_two_lines_up_over_prose_is_no_title() -> None:
    text = "市图书馆今日开馆\n\n记者 王明\n\n本报3月5日第2版《新馆开放》一文中,开馆时间有误。"
    notes = find_notes(text, SEEN)
    assert [n.text[:5] for n in notes] == ["本报3月5"]


def test_our_editing_slip_and_an_apology_to_readers_is_a_correction() -> None:
    text = "谢谢您的来信!文中的“东湖”应为“西湖”,是我们编辑的失误,在此向读者朋友致歉。"
    notes = find_notes(text, SEEN)
    assert [(n.kind.value, n.start) for n in notes] == [("correction", 0)]


def test_a_notice_titled_as_an_apology_starts_at_its_title() -> None:
    text = (
        "就刊发《夜市搬迁》一文向读者致歉\n"
        "本报5月2日刊发的《夜市搬迁》一文中,搬迁日期有误。由于我们的工作失误,"
        "给读者带来不便,我们诚恳地向读者致歉。"
    )
    notes = find_notes(text, SEEN)
    assert [n.text[:3] for n in notes] == ["就刊发"]


def test_a_notice_signed_and_dated_on_one_line_takes_that_date() -> None:
    text = (
        "本报2023年6月1日第12版刊登的《河道整治》一文,经核实内容有误。\n\n"
        "我们将认真吸取教训。\n\n"
        "城南晚报社 2023年6月3日"
    )
    notes = find_notes(text, SEEN)
    assert len(notes) == 1 and notes[0].time is not None
    assert notes[0].time.isoformat() == "2023-06-03"


@pytest.mark.parametrize(
    "text",
    [
        # a publisher's apology for a book, with no slip of its own named
        "对此,我们深感愧疚,并向广大读者表示诚挚的歉意。",
        # a coach's apology to the fans for the team's errors
        "“我们的失误太多了,向球迷们道歉。”主教练赛后说。",
    ],
)
def test_an_apology_without_the_papers_own_error_to_its_readers_is_no_note(text: str) -> None:
    assert find_notes(text, SEEN) == ()


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # after a Chinese label, CST is China Standard Time
        ("更新时间: 2024-03-05 14:20 CST", "2024-03-05T14:20:00+08:00"),
        ("最後更新時間:2024/03/05 14:20 CST", "2024-03-05T14:20:00+08:00"),
        # after an English label, US Central
        ("Updated: March 5, 2024, 2:20 p.m. CST", "2024-03-05T14:20:00-06:00"),
        # a label Japanese shares ("更新") says nothing of which CST it is
        ("更新 2024-03-05 14:20 CST", "2024-03-05T14:20:00-06:00"),
    ],
)
def test_a_zone_abbreviation_is_read_in_the_language_of_its_label(text: str, iso: str) -> None:
    notes = find_notes(text + "\n\n正文。", SEEN)
    assert notes[0].time is not None and notes[0].time.isoformat() == iso


def test_a_languages_zone_that_is_no_offset_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.toml"
    path.write_text('[languages.zh]\nzones = { CST = "China" }\n', encoding="utf-8")
    monkeypatch.setenv("REVTRACK_NOTES", str(path))
    catalogue.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"zones\.CST must be an offset"):
            catalogue()
    finally:
        monkeypatch.undo()
        catalogue.cache_clear()


def test_a_heading_that_corrects_then_apologises_heads_its_item() -> None:
    text = (
        "訂正して、おわびします\n\n"
        "▶15日付1面のコラムで、活動が「2年足らず」とあるのは、「2年あまり」の誤りでした。"
    )
    notes = find_notes(text, SEEN)
    assert [(n.kind.value, n.start) for n in notes] == [("correction", 0)]
