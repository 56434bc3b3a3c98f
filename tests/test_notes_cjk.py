"""Editorial notes in Japanese, Chinese and Korean: labels over their notes, stamps before a
label ("3月5日午後2時追記", "4月15日 22:32現在"), stamps after a bracketed label, and the prose,
datelines and headers that look like notes but are not."""

from __future__ import annotations

from datetime import datetime

import pytest

from revtrack.notes import find_notes

JST = datetime.fromisoformat("2024-03-06T09:00:00+09:00")
CST = datetime.fromisoformat("2024-03-06T09:00:00+08:00")


@pytest.mark.parametrize(
    ("text", "observed", "kind", "starts", "stamp", "tz"),
    [
        # a label alone over the paragraph it heads
        (
            "おわびと訂正\n\n5日付の記事で、市長の名前に誤りがありました。正しくは山田一郎です。",
            JST,
            "correction",
            "おわびと訂正",
            None,
            None,
        ),
        (
            "바로잡습니다\n\n본지는 지난 4일자 기사에서 의원 수를 잘못 적었기에 이를 고칩니다.",
            JST,
            "correction",
            "바로잡습니다",
            None,
            None,
        ),
        (
            "更正\n\n本报昨日刊发的消息中，会议地点应为市政府礼堂，特向读者致歉。",
            CST,
            "correction",
            "更正",
            None,
            None,
        ),
        # a stamp after a bracketed label
        ("【追記】2024年3月5日 14時20分", JST, "update", "追記", "2024-03-05T14:20:00", None),
        ("【訂正】（2024年3月5日 10:00）", JST, "correction", "訂正", "2024-03-05T10:00:00", None),
        (
            "[更新] 2024年3月5日 14:20 消息補充：警方稍後證實起火原因。",
            CST,
            "update",
            "更新",
            "2024-03-05T14:20:00",
            None,
        ),
        ("2024年3月5日 14時20分 更新", JST, "update", "2024年", "2024-03-05T14:20:00", None),
        # a stamp before the label: "added at 2 p.m. on March 5", "as of"
        ("(3月5日午後2時追記)", JST, "update", "3月5日", "2024-03-05T14:00:00", None),
        ("3月5日 22:32現在", JST, "update", "3月5日", "2024-03-05T22:32:00", None),
        (
            "—————\n3月5日 日本時間22:32現在\n—————\n火事はまだ続いており、消防が消火に当たる。",
            JST,
            "update",
            "3月5日",
            "2024-03-05T22:32:00+09:00",
            "日本時間",
        ),
        # a page's update date with the page's own words after it
        (
            "更新日:2024年3月5日 印刷用ページを表示",
            JST,
            "update",
            "更新日",
            "2024-03-05",
            None,
        ),
        ("最終編集日:2024/3/5", JST, "update", "最終編集日", "2024-03-05", None),
        # a byline's "modified" stamp before the page's counters
        (
            "입력 2024.03.05 10:00 수정 2024.03.05 14:20 조회 1,204",
            JST,
            "update",
            "수정",
            "2024-03-05T14:20:00",
            None,
        ),
        # a Korean notice that names "this paper" and the edition it corrects
        (
            "본 신문은 지난해 11월 1일자 3면 기사에서 구청장의 발언을 잘못 옮겨 바로잡습니다.",
            JST,
            "correction",
            "본 신문은",
            None,
            None,
        ),
        # a notice that opens with the date of the report it corrects: no stamp of its own
        (
            "3月2日，本报报道的市区公交调整一文中，线路编号有误，特此致歉。",
            CST,
            "correction",
            "3月2日",
            None,
            None,
        ),
        (
            "3月1日,本报报道我市新建学校一事,引起读者关注,现特此说明如下:",
            CST,
            "clarification",
            "3月1日",
            None,
            None,
        ),
        # a news agency's notice to change a story it sent
        (
            "3月4日播發的《市政府工作報告摘要》稿,第二段『十萬人』請改為『一萬人』。",
            CST,
            "correction",
            "3月4日",
            None,
            None,
        ),
        # a quoted Japanese correction, with the date and edition it was printed in
        (
            "〈2日付社会面の記事で、「東町」とあるのは「西町」の誤りでした〉(3月4日付朝刊)",
            JST,
            "correction",
            "〈2日付",
            "2024-03-04",
            None,
        ),
        (
            "（更新：北京时间3月5日 14:20）",
            CST,
            "update",
            "更新",
            "2024-03-05T14:20:00+08:00",
            "北京时间",
        ),
    ],
)
def test_cjk_note(
    text: str, observed: datetime, kind: str, starts: str, stamp: str | None, tz: str | None
) -> None:
    notes = find_notes(text, observed)
    assert len(notes) == 1, notes
    note = notes[0]
    assert note.kind.value == kind
    assert text[note.start :].startswith(starts)
    assert (note.time.isoformat() if note.time else None) == stamp
    assert (note.time.tz if note.time else None) == tz


@pytest.mark.parametrize(
    ("text", "observed"),
    [
        # "now" in a sentence, not a stamp line
        ("現在も火は燃え続けており、原因はこれから調べるという。", JST),
        ("5日午前9時現在、船は島の北東およそ30キロを航行している。", JST),
        ("現在(19:39)も煙が上がり続けています。", JST),
        # a dateline or a list of datelines
        ("東京 2024.03.05 16:00", JST),
        ("- 有線新聞\n- 2024年03月05日\n市政府在社交平台澄清，避寒中心会一直开放。", CST),
        # a publication stamp alone
        ("입력 2024.03.05 10:00", JST),
        ("입력 2024.03.05 10:00 댓글 3", JST),
        ("發布時間:2024-03-05 03:31:23  來源:本報", CST),
        # "this paper" in the news, not in a notice
        ("본지는 지난 3월 5일 창간 20주년을 맞아 독자 행사를 열었다.", JST),
        # a section's header that says it is updated as news comes in
        ("最新の社会ニュース【随時更新】 強い風が続いています。", JST),
        # an essay about update dates
        ("〜 更新日時が書かれていない情報は信用できない 〜", JST),
    ],
)
def test_cjk_not_a_note(text: str, observed: datetime) -> None:
    assert find_notes(text, observed) == ()
