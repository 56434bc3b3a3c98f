"""The diff engine: paragraphs aligned, words marked, both texts rebuilt exactly."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.diff import diff
from revtrack.models import Action, Op, Span

LEDE = "Negotiators will return to the table next week, officials said on Thursday."
QUOTE = '"We have heard promises before," he said. "This time we want it in writing."'
CLOSE = "The previous round broke down in April."


def _article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


def test_equal_texts_have_one_equal_block() -> None:
    text = _article(LEDE, QUOTE)
    result = diff(text, text)
    assert [b.action for b in result.blocks] == [Action.EQUAL]
    assert not result.changed
    assert (result.stats.words_added, result.stats.words_deleted) == (0, 0)
    assert result.stats.change_ratio == 0.0


def test_reworded_sentence_marks_whole_words() -> None:
    old = _article(LEDE, "Dr. Rook was more guarded. He said little.", CLOSE)
    new = _article(LEDE, "Dr. Rook struck a more cautious tone. He said little.", CLOSE)
    result = diff(old, new)
    edited = [b for b in result.blocks if b.action is Action.EDITED]
    assert len(edited) == 1
    assert edited[0].spans == (
        Span(Op.EQUAL, "\n\nDr. Rook "),  # a paragraph unit carries the break before it
        Span(Op.DELETE, "was more guarded"),
        Span(Op.INSERT, "struck a more cautious tone"),
        Span(Op.EQUAL, ". He said little."),
    )
    assert (result.stats.words_added, result.stats.words_deleted) == (5, 3)


def test_corrected_number() -> None:
    old = _article(LEDE, "About 14,000 people work at the port.")
    new = _article(LEDE, "About 11,500 people work at the port.")
    edited = [b for b in diff(old, new).blocks if b.action is Action.EDITED]
    assert [s for s in edited[0].spans if s.op is not Op.EQUAL] == [
        Span(Op.DELETE, "14,000"),
        Span(Op.INSERT, "11,500"),
    ]


def test_added_paragraph_is_one_added_block() -> None:
    note = "Update (1/2/25, 9:40 p.m. ET): This article was updated with comment."
    result = diff(_article(LEDE, QUOTE), _article(LEDE, QUOTE, note))
    assert [b.action for b in result.blocks if b.action is not Action.EQUAL] == [Action.ADDED]
    added = next(b for b in result.blocks if b.action is Action.ADDED)
    assert added.new_text.strip() == note
    assert result.stats.words_added == 11  # "1/2/25", "9:40" and "p.m." are one word each
    assert result.stats.words_deleted == 0


def test_removed_paragraph_is_one_deleted_block() -> None:
    result = diff(_article(LEDE, QUOTE, CLOSE), _article(LEDE, CLOSE))
    deleted = [b for b in result.blocks if b.action is Action.DELETED]
    assert len(deleted) == 1 and QUOTE in deleted[0].old_text
    assert all(b.action in (Action.EQUAL, Action.DELETED) for b in result.blocks)


def test_rewritten_paragraph_is_deleted_and_added_not_scattered() -> None:
    old = _article(LEDE, "Markets fell sharply as investors fled to safety.", CLOSE)
    new = _article(LEDE, "A spokesperson declined to comment on the talks.", CLOSE)
    actions = [b.action for b in diff(old, new).blocks]
    assert actions == [Action.EQUAL, Action.DELETED, Action.ADDED, Action.EQUAL]


def test_unchanged_paragraphs_are_never_split_by_word_matches() -> None:
    old = _article(LEDE, QUOTE, CLOSE)
    new = _article(LEDE, "A new paragraph said the port would stay open.", QUOTE, CLOSE)
    result = diff(old, new)
    assert [b.action for b in result.blocks] == [Action.EQUAL, Action.ADDED, Action.EQUAL]


def test_cjk_text_is_compared_per_character() -> None:
    result = diff("東京で会議\n", "大阪で会議\n")
    edited = [b for b in result.blocks if b.action is Action.EDITED]
    assert [s for s in edited[0].spans if s.op is not Op.EQUAL] == [
        Span(Op.DELETE, "東京"),
        Span(Op.INSERT, "大阪"),
    ]


def test_diff_is_deterministic_and_symmetric_in_counts() -> None:
    old = _article(LEDE, QUOTE, CLOSE)
    new = _article(CLOSE, "Officials declined to comment.", LEDE)
    first, second = diff(old, new), diff(old, new)
    assert first == second
    back = diff(new, old)
    assert (back.stats.words_added, back.stats.words_deleted) == (
        first.stats.words_deleted,
        first.stats.words_added,
    )


def test_empty_texts() -> None:
    assert diff("", "").blocks == ()
    assert [b.action for b in diff("", "New.\n").blocks] == [Action.ADDED]
    assert [b.action for b in diff("Old.\n", "").blocks] == [Action.DELETED]


def test_whitespace_only_change_is_an_edit() -> None:
    result = diff("One two.\n\nThree.\n", "One  two.\n\nThree.\n")
    assert result.changed
    assert (result.stats.words_added, result.stats.words_deleted) == (0, 0)


# Paragraph-shaped text: words, punctuation and line breaks, with any Unicode mixed in.
_words = st.sampled_from(["the", "port", "talks", "said", "U.S.", "10:15", "東京", "é", ","])
_paragraph = st.lists(st.one_of(_words, st.text(max_size=3)), max_size=12).map(" ".join)
_text = st.lists(_paragraph, max_size=8).map("\n\n".join) | st.text()


@settings(max_examples=300, deadline=None)
@given(_text, _text)
def test_spans_rebuild_both_texts(old: str, new: str) -> None:
    result = diff(old, new)
    assert result.old_text == old
    assert result.new_text == new
    for block in result.blocks:
        assert block.spans, block
        assert all(span.text for span in block.spans), block
    assert result.changed == (old != new)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1), st.text())
def test_very_long_single_lines_rebuild(seed: str, extra: str) -> None:
    old = seed * 500
    new = seed * 250 + extra + seed * 250
    result = diff(old, new)
    assert (result.old_text, result.new_text) == (old, new)


def test_joined_paragraphs_are_one_small_edit() -> None:
    old = _article(LEDE, "The road closes Monday.", "It reopens in three weeks.", CLOSE)
    new = _article(LEDE, "The road closes Monday. It reopens in four weeks.", CLOSE)
    result = diff(old, new)
    changes = [s for b in result.blocks for s in b.spans if s.op is not Op.EQUAL]
    assert changes == [
        Span(Op.DELETE, "\n\n"),
        Span(Op.INSERT, " "),
        Span(Op.DELETE, "three"),
        Span(Op.INSERT, "four"),
    ]
    assert (result.stats.words_added, result.stats.words_deleted) == (1, 1)


def test_unrelated_long_paragraphs_skip_the_word_diff() -> None:
    old = " ".join(f"alpha{i}" for i in range(20_000)) + "\n"
    new = " ".join(f"beta{i}" for i in range(20_000)) + "\n"
    actions = [b.action for b in diff(old, new).blocks]  # would take minutes word by word
    assert actions == [Action.DELETED, Action.ADDED, Action.EQUAL]  # the final line break


def test_more_distinct_lines_than_characters_falls_back() -> None:
    from revtrack import diff as engine

    count = 1_200_000
    old = "\n".join(map(str, range(count))) + "\n"
    assert len(set(old.splitlines())) > sys.maxunicode - 2048
    with pytest.raises(engine.TooManyUnits):
        engine.diff_units(old.splitlines(), ["x"])
    result = diff(old, "x\n")
    assert (result.old_text, result.new_text) == (old, "x\n")
