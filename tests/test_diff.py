"""The diff engine: sentences aligned, edits paired, moves found, words marked, texts rebuilt."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.diff import diff, word_spans
from revtrack.models import Action, Block, Op, Side, Span, TextDiff
from revtrack.noise import DiffOptions, compile_rule
from revtrack.sequences import TooManyUnits, alike_sets, diff_lines

LEDE = "Negotiators will return to the table next week, officials said on Thursday."
ROOK = (
    "Sallenmark's chief negotiator, Dr. Anselm Rook, was more guarded. "
    '"We have heard promises before," he said.'
)
HISTORY = (
    "The dispute dates to 1987, when a boundary commission left the quays under joint "
    "administration. Since then, the two governments have taken turns appointing the board."
)
MULLER = "José Müller, who chairs the port authority, said the uncertainty had cost the city."
DOMESTIC = "Domestic politics could complicate any compromise, analysts said."
CLOSE = "The previous round of negotiations broke down in April."


def article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


def changes(result: TextDiff) -> list[tuple[Action, list[Span]]]:
    """The blocks that are not equal, with their spans that are not equal."""
    return [
        (b.action, [s for s in b.spans if s.op is not Op.EQUAL])
        for b in result.blocks
        if b.action is not Action.EQUAL
    ]


def moved(result: TextDiff, side: Side) -> list[Block]:
    return [b for b in result.blocks if b.move is not None and b.move.side is side]


def test_equal_texts() -> None:
    text = article(LEDE, ROOK, CLOSE)
    result = diff(text, text)
    assert [b.action for b in result.blocks] == [Action.EQUAL]
    assert not result.changed
    stats = result.stats
    assert (stats.sentences_added, stats.sentences_edited, stats.words_added) == (0, 0, 0)
    assert stats.change_ratio == 0.0


def test_edited_sentence_marks_whole_words() -> None:
    new_rook = ROOK.replace("was more guarded", "struck a more cautious tone")
    result = diff(article(LEDE, ROOK, CLOSE), article(LEDE, new_rook, CLOSE))
    assert changes(result) == [  # minimal in words: "more" stays
        (
            Action.EDITED,
            [
                Span(Op.DELETE, "was"),
                Span(Op.INSERT, "struck a"),
                Span(Op.DELETE, "guarded"),
                Span(Op.INSERT, "cautious tone"),
            ],
        )
    ]
    edited = next(b for b in result.blocks if b.action is Action.EDITED)
    assert (
        edited.old_text == "\n\nSallenmark's chief negotiator, Dr. Anselm Rook, was more guarded."
    )
    stats = result.stats
    assert (stats.sentences_edited, stats.sentences_added, stats.sentences_deleted) == (1, 0, 0)
    assert (stats.words_added, stats.words_deleted) == (4, 2)


def test_corrected_number_is_one_word() -> None:
    old = article(LEDE, "About 14,000 people work at the port, the union said.")
    new = article(LEDE, "About 11,500 people work at the port, the union said.")
    assert changes(diff(old, new)) == [
        (Action.EDITED, [Span(Op.DELETE, "14,000"), Span(Op.INSERT, "11,500")])
    ]


def test_added_sentences_and_paragraph() -> None:
    note = "Update (1/2/25, 9:40 p.m. ET): This article was updated with comment."
    quote = '"We welcome the talks," said Ines Varga. "It is time."'
    old = article(LEDE, ROOK, CLOSE)
    new = article(LEDE, ROOK, quote, CLOSE, note)
    result = diff(old, new)
    assert [(a, [s.text for s in spans]) for a, spans in changes(result)] == [
        (Action.ADDED, ["\n\n" + quote]),
        (Action.ADDED, ["\n\n" + note]),
    ]
    stats = result.stats
    assert (stats.sentences_added, stats.sentences_deleted, stats.sentences_edited) == (3, 0, 0)
    assert stats.words_added == 10 + 11  # 1/2/25, 9:40 and p.m. are a word each


def test_deleted_sentence_inside_a_paragraph() -> None:
    old = article(LEDE, HISTORY, CLOSE)
    new = article(LEDE, HISTORY.split(" Since then")[0], CLOSE)
    assert changes(diff(old, new)) == [
        (
            Action.DELETED,
            [
                Span(
                    Op.DELETE,
                    " Since then, the two governments have taken turns appointing the board.",
                )
            ],
        )
    ]


def test_rewritten_sentence_keeps_only_its_shared_words() -> None:
    old = article(LEDE, "Markets fell sharply as investors fled to safety.", CLOSE)
    new = article(LEDE, "A spokesperson declined to comment on the talks.", CLOSE)
    result = diff(old, new)
    # Replaced, not edited; and minimal: the one shared word is not reported as changed.
    assert changes(result) == [
        (
            Action.REPLACED,
            [
                Span(Op.DELETE, "Markets fell sharply as investors fled"),
                Span(Op.INSERT, "A spokesperson declined"),
                Span(Op.DELETE, "safety"),
                Span(Op.INSERT, "comment on the talks"),
            ],
        )
    ]
    stats = result.stats
    assert (stats.sentences_deleted, stats.sentences_added, stats.sentences_edited) == (1, 1, 0)
    unrelated = diff(article(LEDE, "Markets fell sharply."), article(LEDE, "Nobody came."))
    assert [a for a, _ in changes(unrelated)] == [Action.DELETED, Action.ADDED]


def test_moved_paragraph_is_one_move_shown_once() -> None:
    old = article(LEDE, ROOK, HISTORY, MULLER, DOMESTIC, CLOSE)
    new = article(LEDE, DOMESTIC, ROOK, HISTORY, MULLER, CLOSE)
    result = diff(old, new)
    (left,), (arrived,) = moved(result, Side.FROM), moved(result, Side.TO)
    assert left.move is not None and arrived.move is not None
    assert left.move.id == arrived.move.id
    assert (arrived.move.old_paragraph, arrived.move.new_paragraph) == (5, 2)
    assert arrived.new_text.strip() == left.old_text.strip() == DOMESTIC
    assert all(b.action in (Action.EQUAL, Action.MOVED) for b in result.blocks)
    stats = result.stats
    assert (stats.sentences_moved, stats.sentences_added, stats.sentences_deleted) == (1, 0, 0)
    assert (stats.words_added, stats.words_deleted) == (0, 0)


def test_moved_two_sentence_paragraph_is_one_move() -> None:
    old = article(LEDE, HISTORY, MULLER, DOMESTIC, CLOSE)
    new = article(LEDE, MULLER, DOMESTIC, HISTORY, CLOSE)
    result = diff(old, new)
    arrivals = moved(result, Side.TO)
    assert len(arrivals) == 1 and result.stats.sentences_moved == 2
    assert arrivals[0].new_text.strip() == HISTORY


def test_moved_and_edited_sentence_marks_its_edit() -> None:
    edited = DOMESTIC.replace("analysts", "two analysts")
    old = article(LEDE, ROOK, HISTORY, MULLER, DOMESTIC, CLOSE)
    new = article(LEDE, edited, ROOK, HISTORY, MULLER, CLOSE)
    result = diff(old, new)
    (arrived,) = moved(result, Side.TO)
    assert [s for s in arrived.spans if s.op is not Op.EQUAL] == [Span(Op.INSERT, " two")]
    assert (result.stats.words_added, result.stats.sentences_moved) == (1, 1)


def test_a_moved_and_edited_sentence_is_found_among_many_deleted_and_added() -> None:
    edited = DOMESTIC.replace("analysts", "two analysts")
    gone = [f"Delegation {n} of the harbour board left the quays at dawn." for n in range(300)]
    came = [f"Observer {n} from the river council reached the city by noon." for n in range(300)]
    old = article(LEDE, DOMESTIC, HISTORY, *gone, CLOSE)
    new = article(LEDE, HISTORY, *came, edited, CLOSE)
    result = diff(old, new)
    (arrived,) = moved(result, Side.TO)
    assert arrived.new_text.strip() == edited
    assert [s for s in arrived.spans if s.op is not Op.EQUAL] == [Span(Op.INSERT, " two")]


_WORD_SETS = st.dictionaries(
    st.integers(0, 60), st.frozensets(st.sampled_from("abcdefghijklmnop"), min_size=1), max_size=12
)


@given(_WORD_SETS, _WORD_SETS, st.sampled_from([0.4, 0.5, 0.7, 0.9, 1.0]))
def test_alike_sets_holds_every_pair_that_reaches_the_bar(
    olds: dict[int, frozenset[str]], news: dict[int, frozenset[str]], least: float
) -> None:
    found = alike_sets(olds, news, least, 10_000)
    assert found is not None and len(found) == len(set(found))
    for i, x in olds.items():
        for j, y in news.items():
            if 2 * len(x & y) / (len(x) + len(y)) >= least:
                assert (i, j) in found


def test_alike_sets_gives_up_past_the_most_pairs() -> None:
    same = {n: frozenset("abcd") for n in range(10)}
    assert alike_sets(same, same, 0.7, 99) is None
    assert len(alike_sets(same, same, 0.7, 100) or ()) == 100


def test_a_long_revisions_many_short_rewrites_each_keep_their_shared_words() -> None:
    # 1,000 sentences rewritten in place, over 100,000 characters in all: each is compared
    # word by word, as one alone would be (their squared sizes are far from the bound).
    old = [
        f"Report {n}. The ferry leaves the northern quay at dawn with mail." for n in range(1000)
    ]
    new = [f"Report {n}. A storm damaged the engine and the quay overnight." for n in range(1000)]
    result = diff(article(*old), article(*new))
    assert [action for action, _ in changes(result)] == [Action.REPLACED] * 1000
    assert (result.stats.words_deleted, result.stats.words_added) == (8000, 7000)


def test_joined_and_split_paragraphs_are_layout_not_rewrites() -> None:
    one = "The road closes Monday."
    two = "It reopens in three weeks."
    joined = diff(article(LEDE, one, two, CLOSE), article(LEDE, f"{one} {two}", CLOSE))
    assert changes(joined) == []  # every sentence is equal: only the layout changed
    assert joined.changed
    layout = [s for b in joined.blocks for s in b.spans if s.op is not Op.EQUAL]
    assert layout == [Span(Op.DELETE, "\n\n"), Span(Op.INSERT, " ")]
    stats = joined.stats
    assert (stats.sentences_edited, stats.words_added, stats.words_deleted) == (0, 0, 0)
    split = diff(article(LEDE, f"{one} {two}", CLOSE), article(LEDE, one, two, CLOSE))
    assert changes(split) == [] and split.changed


def test_cjk_text_is_compared_per_character() -> None:
    result = diff("東京で会議が開かれた。\n", "大阪で会議が開かれた。\n")
    assert changes(result) == [(Action.EDITED, [Span(Op.DELETE, "東京"), Span(Op.INSERT, "大阪")])]


def test_ignore_options_leave_differences_out() -> None:
    old = article("The Mayor said taxes would rise.", "1 of 2", "Second  paragraph.")
    new = article("The mayor said, taxes would rise!", "Second paragraph.", "2 of 2")
    assert diff(old, new).changed
    options = DiffOptions(
        ignore=(compile_rule(r"^\d+ of \d+$"),),
        ignore_case=True,
        ignore_whitespace=True,
        ignore_punctuation=True,
    )
    quiet = diff(old, new, options)
    assert not quiet.changed
    assert all(s.ignored for b in quiet.blocks for s in b.spans if s.op is not Op.EQUAL)
    assert (quiet.old_text, quiet.new_text) == (old, new)
    assert quiet.stats.words_added == quiet.stats.words_deleted == 0
    only_case = diff(old, new, DiffOptions(ignore_case=True))
    assert only_case.changed  # punctuation, whitespace and the page counter still differ


def test_diff_is_deterministic_and_symmetric_in_counts() -> None:
    old = article(LEDE, ROOK, HISTORY, CLOSE)
    new = article(CLOSE, "Officials declined to comment.", LEDE, HISTORY)
    first, second = diff(old, new), diff(old, new)
    assert first == second
    back = diff(new, old)
    assert (back.stats.words_added, back.stats.words_deleted) == (
        first.stats.words_deleted,
        first.stats.words_added,
    )


def test_empty_texts() -> None:
    assert not diff("", "").changed
    assert [a for a, _ in changes(diff("", "New.\n"))] == [Action.ADDED]
    assert [a for a, _ in changes(diff("Old.\n", ""))] == [Action.DELETED]


def test_word_spans_join_changes_split_only_by_spaces_and_punctuation() -> None:
    spans = word_spans("a limited deal on the terminal", "a narrow agreement on the terminal")
    assert [s for s in spans if s.op is not Op.EQUAL] == [
        Span(Op.DELETE, "limited deal"),
        Span(Op.INSERT, "narrow agreement"),
    ]
    spans = word_spans("Taxes, fees, rise.", "Levies, charges, rise.")
    assert spans == [
        Span(Op.DELETE, "Taxes, fees"),
        Span(Op.INSERT, "Levies, charges"),
        Span(Op.EQUAL, ", rise."),
    ]


def test_unrelated_long_sentences_skip_the_word_diff() -> None:
    old = " ".join(f"alpha{i}" for i in range(20_000)) + "\n"
    new = " ".join(f"beta{i}" for i in range(20_000)) + "\n"
    assert [a for a, _ in changes(diff(old, new))] == [Action.DELETED, Action.ADDED]


def test_more_distinct_sentences_than_characters_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from revtrack import sequences as engine

    old = "\n".join(map(str, range(5000))) + "\n"
    monkeypatch.setattr(engine, "_LAST_CODE", 1000)  # sys.maxunicode, reached sooner
    with pytest.raises(TooManyUnits):
        engine.diff_sequences(old.splitlines(), ["x"])
    result = diff(old, "x\n")
    assert (result.old_text, result.new_text) == (old, "x\n")
    assert [a for a, _ in changes(result)] == [Action.DELETED, Action.ADDED]


def rebuilt(runs: list[tuple[Op, int]], old: Sequence[str], new: Sequence[str]) -> None:
    """Check that line runs walk both sequences exactly, equal runs over equal lines."""
    i = j = 0
    for op, count in runs:
        assert count > 0
        if op is Op.EQUAL:
            assert old[i : i + count] == new[j : j + count]
        i += count if op is not Op.INSERT else 0
        j += count if op is not Op.DELETE else 0
    assert (i, j) == (len(old), len(new))


def test_diff_lines_is_minimal() -> None:
    old = ["one\n", "two\n", "three\n", "four\n"]
    new = ["one\n", "three\n", "3b\n", "four"]
    assert diff_lines(old, new) == [
        (Op.EQUAL, 1),
        (Op.DELETE, 1),
        (Op.EQUAL, 1),
        (Op.DELETE, 1),
        (Op.INSERT, 2),
    ]
    assert diff_lines(old, old) == [(Op.EQUAL, 4)]
    assert diff_lines([], []) == []
    assert diff_lines([], ["a\n"]) == [(Op.INSERT, 1)]


@pytest.mark.parametrize(
    ("old", "new", "runs"),
    [
        ("abcde", "abXe", [(Op.EQUAL, 2), (Op.DELETE, 2), (Op.INSERT, 1), (Op.EQUAL, 1)]),
        ("ab", "abc", [(Op.EQUAL, 2), (Op.INSERT, 1)]),
        ("abc", "bc", [(Op.DELETE, 1), (Op.EQUAL, 2)]),
        ("abc", "abc", [(Op.EQUAL, 3)]),
        ("abc", "xyz", [(Op.DELETE, 3), (Op.INSERT, 3)]),
        ("aa", "a", [(Op.EQUAL, 1), (Op.DELETE, 1)]),  # the ends never overlap
        ("xax", "x", [(Op.EQUAL, 1), (Op.DELETE, 2)]),
        ("", "ab", [(Op.INSERT, 2)]),
        ("ab", "", [(Op.DELETE, 2)]),
        ("", "", []),
    ],
)
def test_diff_lines_with_more_distinct_lines_than_characters_keeps_the_ends(
    old: str, new: str, runs: list[tuple[Op, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from revtrack import sequences as engine

    monkeypatch.setattr(engine, "_LAST_CODE", 0)  # sys.maxunicode, reached at once
    if old or new:
        with pytest.raises(TooManyUnits):
            engine.diff_sequences(list(old), list(new))
    assert diff_lines(list(old), list(new)) == runs


def test_diff_lines_fallback_replaces_all_between_the_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from revtrack import sequences as engine

    old = [f"{n}\n" for n in range(40)]
    new = [line for line in old if line != "30\n"]
    new[12] = "twelve\n"
    minimal = diff_lines(old, new)
    assert minimal == [
        (Op.EQUAL, 12),
        (Op.DELETE, 1),
        (Op.INSERT, 1),
        (Op.EQUAL, 17),
        (Op.DELETE, 1),
        (Op.EQUAL, 9),
    ]
    monkeypatch.setattr(engine, "_LAST_CODE", 30)
    assert diff_lines(old, new) == [(Op.EQUAL, 12), (Op.DELETE, 19), (Op.INSERT, 18), (Op.EQUAL, 9)]


_lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "\n", "é", "a"]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_lines, _lines, st.sampled_from([0, 2, 1_114_111]))
def test_diff_lines_rebuild_both_sequences(old: list[str], new: list[str], last: int) -> None:
    from revtrack import sequences as engine

    with mock.patch.object(engine, "_LAST_CODE", last):  # 0 and 2: the fallback, mostly
        runs = diff_lines(old, new)
    rebuilt(runs, old, new)
    assert all(op1 is not op2 for (op1, _), (op2, _) in pairwise(runs))


# Article-shaped text: sentences, paragraphs, abbreviations and any Unicode mixed in.
_words = st.sampled_from(
    ["the", "port", "talks", "said", "U.S.", "10:15", "p.m.", "東京。", "é", ",", ".", "Dr."]
)
_sentence = st.lists(st.one_of(_words, st.text(max_size=3)), max_size=10).map(" ".join)
_paragraph = st.lists(_sentence, max_size=4).map(". ".join)
_text = st.lists(_paragraph, max_size=8).map("\n\n".join) | st.text()
_options = st.builds(
    DiffOptions,
    ignore=st.sampled_from([(), (compile_rule(r"^\d+ of \d+$"),)]),
    ignore_case=st.booleans(),
    ignore_whitespace=st.booleans(),
    ignore_punctuation=st.booleans(),
)


@pytest.mark.parametrize("text", ["\x00end", "A first sentence. \x00end", "\x00end\n\nMore."])
def test_no_sentence_is_taken_for_the_end_of_the_text(text: str) -> None:
    for old, new in (("", text), (text, ""), (text, text + "\n\nAdded.")):
        result = diff(old, new)
        assert (result.old_text, result.new_text) == (old, new)


@settings(max_examples=400, deadline=None)
@given(_text, _text, _options)
def test_spans_rebuild_both_texts(old: str, new: str, options: DiffOptions) -> None:
    result = diff(old, new, options)
    assert result.old_text == old
    assert result.new_text == new
    for block in result.blocks:
        assert block.spans, block
        assert all(span.text for span in block.spans), block
    assert result.changed == (old != new) or options != DiffOptions()


@settings(max_examples=100, deadline=None)
@given(_text, st.randoms(use_true_random=False))
def test_shuffled_paragraphs_rebuild(text: str, rng: object) -> None:
    paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)  # type: ignore[attr-defined]
    shuffled = "\n\n".join(paragraphs)
    result = diff(text, shuffled)
    assert (result.old_text, result.new_text) == (text, shuffled)
    ids = [b.move.id for b in result.blocks if b.move is not None]
    assert sorted(ids) == sorted([*set(ids), *set(ids)])  # each move appears on both sides


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1), st.text())
def test_very_long_single_lines_rebuild(seed: str, extra: str) -> None:
    old = seed * 500
    new = seed * 250 + extra + seed * 250
    result = diff(old, new)
    assert (result.old_text, result.new_text) == (old, new)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcdef\U0001f600"), max_size=60).map("".join),
    st.lists(st.sampled_from("abcdef\U0001f600"), max_size=60).map("".join),
)
def test_cpp_and_python_builds_give_the_same_runs(a: str, b: str) -> None:
    from revtrack import sequences as engine

    assert engine.FAST is not None, "fast-diff-match-patch is a dependency"
    fast = engine._runs(a, b)
    saved, engine.FAST = engine.FAST, None
    try:
        assert engine._runs(a, b) == fast
    finally:
        engine.FAST = saved


@settings(max_examples=100, deadline=None)
@given(_text, _text)
def test_diffs_are_the_same_with_either_build(old: str, new: str) -> None:
    from revtrack import sequences as engine

    fast = diff(old, new)
    saved, engine.FAST = engine.FAST, None
    try:
        assert diff(old, new) == fast
    finally:
        engine.FAST = saved


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_punctuation_fast_path_removes_what_the_general_one_does(text: str) -> None:
    from revtrack.noise import _ASCII_PUNCTUATION, _punctuation

    assert text.translate(_ASCII_PUNCTUATION) == _punctuation().sub("", text)


def test_a_statement_replaced_under_the_same_attribution_is_replaced_not_edited() -> None:
    said = "Maria Varga, the port's director, said on Tuesday that"
    old = article(LEDE, f"{said} the terminal would close for repairs in the spring.", CLOSE)
    new = article(LEDE, f"{said} wages of dock workers had risen by a tenth.", CLOSE)
    result = diff(old, new)
    assert [action for action, _ in changes(result)] == [Action.REPLACED]
    assert (result.stats.sentences_deleted, result.stats.sentences_added) == (1, 1)
    assert result.stats.sentences_edited == 0


def test_a_few_words_changed_under_an_attribution_are_an_edit() -> None:
    said = "Maria Varga, the port's director, said on Tuesday that"
    old = article(LEDE, f"{said} the terminal would close for repairs in the spring.", CLOSE)
    new = article(LEDE, f"{said} the terminal would close for repairs in the autumn.", CLOSE)
    result = diff(old, new)
    assert [action for action, _ in changes(result)] == [Action.EDITED]
    assert result.stats.sentences_edited == 1


def test_a_sentence_moved_with_three_words_changed_is_a_move() -> None:
    moving = "The council extended the harbour lease of the ferry company by ten years on Monday."
    edited = "The council extended the harbour lease of the shipping firm by ten years on Friday."
    old = article(moving, LEDE, "Officials met on Tuesday.", CLOSE)
    new = article(LEDE, "Officials met on Tuesday.", CLOSE, edited)
    result = diff(old, new)
    assert result.stats.sentences_moved == 1
    assert (result.stats.sentences_added, result.stats.sentences_deleted) == (0, 0)


_PIECES_OF_WORDS = st.text(
    alphabet=st.sampled_from(list("ab1.,' \t\u3000\u00e9\u0301\u4e2d\u0e01\u200d\x1c-")),
    max_size=12,
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([Op.INSERT, Op.DELETE, Op.EQUAL]), _PIECES_OF_WORDS)))
def test_changed_words_counted_together_are_the_words_of_each_span(
    pieces: list[tuple[Op, str]],
) -> None:
    """The changed spans' texts of a side are counted in one go, a line break between two:
    as many words as each counted apart."""
    from revtrack.diff import changed_words
    from revtrack.text import count_words

    spans = tuple(Span(op, text) for op, text in pieces)
    counted = [
        sum(count_words(s.text) for s in spans if s.op is op) for op in (Op.INSERT, Op.DELETE)
    ]
    changed = sum(len(s.text) for s in spans if s.op is not Op.EQUAL)
    assert changed_words([Block(Action.EDITED, spans)]) == (*counted, changed)


def test_the_engine_leaves_no_cycles_and_the_collector_as_it_was() -> None:
    """The collector is paused while the engine works, which is safe because the engine
    leaves nothing for it: no reference cycles."""
    import gc

    old = "A first line. It moved here.\n\nThe port reopened on Tuesday, officials said.\n"
    new = "The port reopened on Monday, officials said.\n\nA first line. It moved here.\n"
    options = DiffOptions(ignore_case=True, ignore=(compile_rule(r"\d+"),))
    cases = [(old, new, None), (new, old, options), (old, old + "Z.", None)]
    for before, after, how in cases:  # (patterns compiled and caches filled on first use)
        diff(before, after, how)
    gc.collect()
    gc.disable()
    try:
        for before, after, how in cases:
            diff(before, after, how)
        assert not gc.isenabled()
        assert gc.collect() == 0
    finally:
        gc.enable()
    diff(old, new)
    assert gc.isenabled()
