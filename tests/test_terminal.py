"""The terminal report as a pager shows it: paragraphs folded at a width in cells, words whole
(Chinese and Japanese by character), colours carried over to the next line, and each
paragraph headed by the number that moves refer to."""

from __future__ import annotations

import io
import re

import pytest
from factories import text_report
from hypothesis import given
from hypothesis import strategies as st

from revtrack.render import RenderOptions
from revtrack.render.layout import Gap, Paragraph, collapse, paragraphs
from revtrack.render.terminal import write_report
from revtrack.render.wrap import cells, report_width, wrap

ANSI = re.compile(r"\x1b\[[0-9;]*m")

LATIN_OLD = (
    "Negotiators from Ostravia and Sallenmark will return to the table next week in a renewed "
    "bid to settle the decades-old dispute over the port city of Kesterhaven.\n\n"
    "Sallenmark's chief negotiator, Dr. Anselm Rook, was more guarded about the prospects of "
    "an agreement before the winter.\n\n"
    "The dispute dates to 1987, when a boundary commission left the harbor's eastern quays "
    "under joint administration.\n"
)
LATIN_NEW = (
    "Negotiators from Ostravia and Sallenmark will return to the table next week in a renewed "
    "bid to settle the decades-old dispute over the port city of Kesterhaven.\n\n"
    "Sallenmark's chief negotiator, Dr. Anselm Rook, struck a more cautious tone about the "
    "prospects of an agreement before the winter, and said the ministers had agreed on "
    "nothing yet.\n\n"
    "The dispute dates to 1987, when a boundary commission left the harbor's eastern quays "
    "under joint administration.\n"
)
CJK_OLD = (
    "ケスターハーフェン港の将来をめぐる協議が来週再開される。両国政府の当局者が木曜日に明らかにした。\n\n"
    "港湾局長は「不確実性がすでに都市のビジネスに損失を与えている」と述べた。\n"
)
CJK_NEW = (
    "ケスターハーフェン港の将来をめぐる協議が来週ブレリンで再開される。両国政府の当局者が木曜日に明らかにした。\n\n"
    "港湾局長は「不確実性がすでに都市のビジネスに大きな損失を与えている」と述べ、Shiranami "
    "Lines の担当者も同意した。中文的段落也一样，没有空格，按字符换行。\n"
)


def rendered(old: str, new: str, width: int, color: str = "always") -> str:
    out = io.StringIO()
    write_report(text_report(old, new), RenderOptions(color=color, width=width), out)
    return out.getvalue()


@pytest.mark.parametrize("width", [20, 40, 80])
@pytest.mark.parametrize(("old", "new"), [(LATIN_OLD, LATIN_NEW), (CJK_OLD, CJK_NEW)])
def test_paragraphs_fold_at_the_width_in_cells_with_words_whole(
    old: str, new: str, width: int
) -> None:
    whole = ANSI.sub("", rendered(old, new, 0))
    folded = ANSI.sub("", rendered(old, new, width))
    lines = folded.splitlines()
    assert len(lines) > len(whole.splitlines()), folded
    too_wide = [line for line in lines if cells(line) > width]
    assert not too_wide, folded
    # only spaces and line breaks were added or taken: no character of the report is lost
    assert "".join(folded.split()) == "".join(whole.split())
    # words of Latin letters are never cut, even in a line of Japanese
    latin = re.compile(r"[A-Za-z0-9'’,.\-]+")
    assert [w for w in latin.findall(whole)] == [w for w in latin.findall(folded)], folded


def test_japanese_folds_by_character_and_keeps_punctuation_with_its_character() -> None:
    folded = ANSI.sub("", rendered(CJK_OLD, CJK_NEW, 20, color="never")).splitlines()
    body = [line.strip() for line in folded if line.strip() and not line.startswith(("-", "+"))]
    assert any(len(line) >= 7 for line in body)  # lines filled character by character
    assert not [line for line in body if line.startswith(("。", "、", "」", "，"))], folded
    assert not [line for line in body if line.endswith("「")], folded


def test_colours_carry_over_to_each_folded_line() -> None:
    added = "An aide to the delegation said late on Thursday that everyone was tired."
    shown = rendered(LATIN_OLD, LATIN_NEW + "\n" + added + "\n", 20)
    lines = shown.splitlines()
    start = next(i for i, line in enumerate(lines) if "aide" in line)
    end = next(i for i, line in enumerate(lines) if "tired" in line)
    assert end - start >= 3, shown
    for line in lines[start : end + 1]:  # each line opens the insertion's style and closes it
        assert re.fullmatch(r"(¶\d+|\x1b\[2m¶\d+\x1b\[0m)? *\x1b\[1;32m[^\x1b]+\x1b\[0m", line), (
            line
        )
    # the words of a change split over lines: each line that shows some is styled
    holding = [line for line in lines if "cautious" in line or "struck" in line]
    assert all(re.search(r"\x1b\[1;32m[^\x1b]*(struck|cautious)", line) for line in holding)


def test_continuation_lines_start_under_the_paragraph_text() -> None:
    lines = rendered(LATIN_OLD, LATIN_NEW, 40, color="never").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("¶2"))
    assert lines[start].startswith("¶2  Sallenmark's")
    following = lines[start + 1 : lines.index("", start)]
    assert following and all(line.startswith("    ") and line[4] != " " for line in following)


def test_a_word_longer_than_the_width_has_a_line_of_its_own() -> None:
    word = "x" * 30
    lines = wrap([("¶1  ", ""), (f"short {word} end", "")], 20, 4)
    assert ["".join(text for text, _ in line) for line in lines] == [
        "¶1  short",
        f"    {word}",
        "    end",
    ]


def test_no_folding_without_a_width() -> None:
    line = [("a " * 100, "")]
    assert wrap(line, None) == [line]
    assert wrap(line, 0) == [line]


def test_a_tab_counts_to_the_next_tab_stop() -> None:
    lines = wrap([("a\tb\tccc dd", "")], 12)
    assert all(len("".join(t for t, _ in line).expandtabs()) <= 12 for line in lines), lines


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_width_is_a_terminals_unless_given() -> None:
    assert report_width(io.StringIO(), None, {"COLUMNS": "50"}) is None  # a pipe, a file
    assert report_width(io.StringIO(), 30, {}) == 30
    assert report_width(Terminal(), 0, {"COLUMNS": "50"}) is None
    assert report_width(Terminal(), None, {"COLUMNS": "50"}) == 50
    assert report_width(Terminal(), None, {"COLUMNS": "wide"}) > 0


MOVED = [f"Paragraph {n} says something different about the port." for n in "ABCDE"]


def test_paragraphs_carry_the_numbers_that_moves_refer_to() -> None:
    old = "\n\n".join(MOVED) + "\n"
    new = "\n\n".join([MOVED[4], *MOVED[:4]]) + "\n"
    shown = rendered(old, new, 0, color="never")
    assert "¶1     {>Paragraph E says something different about the port.<} [moved from ¶5]" in (
        shown
    )
    assert "¶5     [moved to ¶1: “Paragraph E says something different about…”]" in shown
    assert "¶1→¶2  Paragraph A says" in shown


def test_paragraph_numbers_count_as_the_diff_does() -> None:
    old = "One.\n\nTwo. Two more.\nThree.\n\n\nFour.\n"
    new = "Zero.\n\nOne.\n\nTwo. Two more.\nThree.\n\n\nFour, changed.\n"
    laid = list(paragraphs(text_report(old, new).diff.blocks))
    assert [(p.old, p.new) for p in laid] == [(None, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert [p.label for p in laid] == ["¶1", "¶1→¶2", "¶2→¶3", "¶3→¶4", "¶4→¶5"]


@given(st.lists(st.booleans(), max_size=30), st.integers(0, 3), st.booleans())
def test_changes_are_shown_with_their_context_and_the_rest_counted_in_gaps(
    changed: list[bool], context: int, keep: bool
) -> None:
    """A paragraph is shown when it is within ``context`` of a change; each run of the others
    is one gap that counts them (and holds them when kept), in their order."""
    laid = [
        Paragraph(((("insert" if c else "equal"), f"p{n}"),), n, n) for n, c in enumerate(changed)
    ]
    near = [any(changed[max(0, n - context) : n + context + 1]) for n in range(len(changed))]
    expected: list[object] = []
    for paragraph, shown in zip(laid, near, strict=True):
        if shown:
            expected.append(paragraph)
        elif expected and isinstance(expected[-1], list):
            expected[-1].append(paragraph)
        else:
            expected.append([paragraph])
    got = list(collapse(iter(laid), context, keep=keep))
    assert [g.count if isinstance(g, Gap) else g for g in got] == [
        len(e) if isinstance(e, list) else e for e in expected
    ]
    gaps = [g.paragraphs for g in got if isinstance(g, Gap)]
    assert gaps == [tuple(e) if keep else () for e in expected if isinstance(e, list)]
    assert list(collapse(iter(laid), None)) == laid
