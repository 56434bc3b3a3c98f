"""Chinese notices that another outlet reports: a paper named as the one that "published a
correction" or "issued an apology" (《X》發表更正, X刊登致歉声明) is news about that paper's
notice, not a notice of the page's own; the paper's own notice names the story it printed
wrong. Also the Japanese, Korean and Chinese look-alikes of the same family that must stay
quiet (a shop's delay apology, a ministry's explanation of a press report)."""

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
