"""What a sentence claims (``revtrack.wording.claim``): its attribution left out, the same as
one pattern of every attribution removes it, though each part is tried only where it can be."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack import wording

#: Every attribution in one pattern, tried at every character (what ``claim`` must equal).
WHOLE = re.compile(
    "|".join(p.pattern for p in (wording._SAID, wording._NAMED, wording._TAIL)), re.IGNORECASE
)


def by_one_pattern(sentence: str) -> str:
    said = re.findall(r"\w+", sentence.lower())
    if len(sentence) > 1000 or wording._SOURCE_WORDS.isdisjoint(said):
        return sentence
    return WHOLE.sub("", sentence.rstrip(".!?\"'”’ "), count=2) or sentence


@pytest.mark.parametrize(
    ("sentence", "claimed"),
    [
        ("Maria Varga said on Tuesday that the port would reopen.", "the port would reopen"),
        ("The port will reopen, the ministry said on Tuesday.", "The port will reopen"),
        ("According to the ministry, the port reopened.", "the port reopened"),
        (
            "In an interview on Sunday, the minister told reporters that the port, which"
            " closed in May, would reopen, she said.",
            "the port, which closed in May, would reopen",
        ),
        ("The port reopened on Tuesday.", "The port reopened on Tuesday."),
        (", she said.", ", she said."),
    ],
)
def test_the_attribution_is_left_out(sentence: str, claimed: str) -> None:
    assert wording.claim(sentence) == claimed == by_one_pattern(sentence)


_PIECES = [
    "Maria Varga",
    "the ministry",
    " said",
    " told reporters",
    " sagte",
    " that ",
    " dass ",
    " at ",
    "THAT",
    "According to",
    "Laut",
    "In an interview on Sunday",
    "during the talks",
    ",",
    ", ",
    " ",
    "\n",
    ".",
    ";",
    " the port reopened",
    " on Tuesday",
    "”",
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(_PIECES) | st.text(alphabet="ab ,.:;\n\t", max_size=6), max_size=14
    ).map("".join)
)
def test_claim_is_what_one_pattern_of_every_attribution_leaves(sentence: str) -> None:
    assert wording.claim.__wrapped__(sentence) == by_one_pattern(sentence)


def _near_source_words() -> list[str]:
    """Each source word, its starts and ends, and the word with a letter, a digit, an
    ``_`` or punctuation next to it."""
    near = []
    for word in sorted(wording._SOURCE_WORDS):
        near += [word[:cut] for cut in range(1, len(word))] + [word[cut:] for cut in range(1, 4)]
        near += [word, f"{word}s", f"x{word}", f"{word}1", f"_{word}", f"{word}’s", f"«{word},"]
    return near


def _found(text: str) -> bool:
    return not wording._SOURCE_WORDS.isdisjoint(re.findall(r"\w+", text))


def test_a_source_word_is_found_only_whole() -> None:
    for word in _near_source_words():
        assert (wording._SOURCE_WORD.search(word) is not None) == _found(word), word


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_near_source_words()) | st.sampled_from([" ", "-", "é"]), max_size=6)
)
def test_a_source_word_is_found_as_a_whole_run_of_word_characters(parts: list[str]) -> None:
    text = "".join(parts).lower()
    assert (wording._SOURCE_WORD.search(text) is not None) == _found(text)
