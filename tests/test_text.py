"""Normalisation, hashing and segmentation."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.digest import LONG, hexdigest
from revtrack.text import (
    _line_cuts,
    content_hash,
    count_words,
    iter_sentences,
    normalize,
    sentences,
    tokens,
    visible,
    words,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Title\r\n\r\nBody.\r\n", "Title\n\nBody.\n"),
        ("Old Mac\rline", "Old Mac\nline\n"),
        ("trailing   \nspaces\t \n", "trailing\nspaces\n"),
        ("a\n\n\n\n\nb", "a\n\nb\n"),
        ("\n\n  \n\nbody\n\n\n", "body\n"),
        ("no newline at end", "no newline at end\n"),
        ("   \n\t\n", ""),
        ("", ""),
        ("  indented first line\n", "  indented first line\n"),
        ("1 of 2\nsame paragraph", "1 of 2\nsame paragraph\n"),
        ("non-breaking\u00a0\u00a0\n", "non-breaking\n"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_composes_unicode() -> None:
    decomposed = "Jose\u0301 Mu\u0308ller"
    assert normalize(decomposed) == "José Müller\n"
    assert unicodedata.is_normalized("NFC", normalize(decomposed))


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "\r" not in once
    assert "\n\n\n" not in once


def test_content_hash_names_its_algorithm() -> None:
    text = "Body.\n"
    assert content_hash(text) == "sha256:" + hashlib.sha256(b"Body.\n").hexdigest()
    assert content_hash(text) != content_hash("Body!\n")


@given(st.text())
def test_tokens_rebuild_text(text: str) -> None:
    assert "".join(tokens(text)) == text


def test_tokens_keep_words_whole() -> None:
    assert tokens("Don’t stop, U.S. 10:15 p.m. $1.2 billion, 212,000 on 8/18/21.") == [
        "Don’t", " ", "stop", ",", " ", "U.S.", " ", "10:15", " ", "p.m.", " ", "$", "1.2",
        " ", "billion", ",", " ", "212,000", " ", "on", " ", "8/18/21", ".",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("One two three.", 3),
        ("It's a $1.2 billion deal — really.", 6),
        ("東京で会議", 5),
        ("Kyoto 京都 talks", 4),
        ("1 of 2", 3),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@given(
    st.text(
        st.sampled_from("aZé1_ -.,:/'’\u0301\u200c\u3000\t\n東京ไทย٣²") | st.characters(),
        max_size=80,
    )
)
def test_a_long_text_counts_the_words_of_reading_it_whole(text: str) -> None:
    """A long text's words are counted by its runs between spaces, a part at a time: as
    many as reading it whole finds (here with parts of a few characters)."""
    from revtrack import text as module

    with pytest.MonkeyPatch.context() as short:
        short.setattr(module, "_LONG", 4)
        assert count_words(text) == len(words(text))
    assert count_words(f"{text} " * 3000) == 3000 * len(words(text))


def test_visible_escapes_controls_but_keeps_layout() -> None:
    text = "red \x1b[31m bell\x07 rtl\u202e tab\tnewline\n"
    shown = visible(text)
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "\\u001b[31m" in shown and "\\u0007" in shown and "\\u202e" in shown
    assert "\t" in shown and shown.endswith("\n")
    assert visible("plain [bold] text") == "plain [bold] text"


@given(st.text(st.characters(max_codepoint=0x2070)))
def test_visible_of_printable_ascii_is_what_the_pattern_gives(text: str) -> None:
    from revtrack.text import _UNSAFE

    assert visible(text) == _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Update (8/18/21, 10:15 p.m. ET): The article was updated. More follows.",
            ["Update (8/18/21, 10:15 p.m. ET): The article was updated.", " More follows."],
        ),
        (
            "The talks ended at 10 p.m. The next day, both sides claimed victory.",
            ["The talks ended at 10 p.m.", " The next day, both sides claimed victory."],
        ),
        (
            "It closed at 9 p.m. Thursday, police said.",
            ["It closed at 9 p.m. Thursday, police said."],
        ),
        (
            "The U.S. Navy sent a ship. Trade with the U.S. The figures fell.",
            ["The U.S. Navy sent a ship.", " Trade with the U.S.", " The figures fell."],
        ),
        (
            "Dr. Rook and Gov. Ames met on Jan. 5 in St. Louis. They agreed.",
            ["Dr. Rook and Gov. Ames met on Jan. 5 in St. Louis.", " They agreed."],
        ),
        (
            "The deal is worth $1.2 billion. Or more.",
            ["The deal is worth $1.2 billion.", " Or more."],
        ),
        (
            "John F. Kennedy and J.R.R. Tolkien agreed.",
            ["John F. Kennedy and J.R.R. Tolkien agreed."],
        ),
        (
            '"We will not give up," she said. "Never." He left.',
            ['"We will not give up," she said.', ' "Never."', " He left."],
        ),
        (
            '"Is it over?" he asked. "Yes!" She nodded.',
            ['"Is it over?" he asked.', ' "Yes!"', " She nodded."],
        ),
        (
            "He paused... then went on. Wait… What?",
            ["He paused... then went on.", " Wait…", " What?"],
        ),
        (
            "Item No. 5 sold out. He said no. She agreed.",
            ["Item No. 5 sold out.", " He said no.", " She agreed."],
        ),
        ("東京で会議。明日も続く！本当？", ["東京で会議。", "明日も続く！", "本当？"]),
        ("Title\n\nOne. Two.\n1 of 2\n", ["Title", "\n\nOne.", " Two.", "\n1 of 2", "\n"]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@given(st.text())
def test_sentences_rebuild_text(text: str) -> None:
    assert "".join(sentences(text)) == text


@given(
    st.lists(st.sampled_from(["Dr. Rook left.", "At 10 p.m. ET it ended.", " ", "\n", "Why? No."]))
)
def test_lines_split_before_split_the_same(parts: list[str]) -> None:
    text = "".join(parts)
    other = "".join(reversed(parts))
    first = list(iter_sentences(text)), list(iter_sentences(other))
    _line_cuts.cache_clear()
    assert (list(iter_sentences(other)), list(iter_sentences(text))) == first[::-1]
    assert "".join(first[0]) == text


_ASCII = st.text(alphabet=st.characters(max_codepoint=127)) | st.sampled_from(
    ["\x1c\x1d\x1e\x1f \x0b\x0c\r\n\t", "a_b don't U.S. 1,000.5 x.y.", "\r\n\r\n"]
)


@settings(max_examples=1000)
@given(_ASCII)
def test_ascii_fast_path_tokenises_as_the_general_one(text: str) -> None:
    from revtrack import text as module

    token, word = module._unicode()
    assert module._ASCII_TOKEN.findall(text) == token.findall(text)
    assert module._ASCII_WORD.findall(text) == word.findall(text)


def _plain_characters() -> list[str]:
    from revtrack import text as module

    return [c for c in map(chr, range(0x2100)) if module._PLAIN.fullmatch(c)]


def test_plain_text_fast_path_reads_each_character_as_the_general_one() -> None:
    from revtrack import text as module

    token, word = module._unicode()
    plain = _plain_characters()
    assert "é" in plain and "ễ" in plain and "’" in plain and "́" not in plain and "²" not in plain
    for c in plain:
        for text in (c, f"a{c}b", f"1{c}2", f"a.{c}.b.", f"{c}{c} x", f"don{c}t", f"\r\n{c}\r"):
            assert module._PLAIN_TOKEN.findall(text) == token.findall(text), repr(text)
            assert module._PLAIN_WORD.findall(text) == word.findall(text), repr(text)


@settings(max_examples=1000)
@given(st.data())
def test_plain_text_fast_path_tokenises_as_the_general_one(data: st.DataObject) -> None:
    from revtrack import text as module

    alphabet = st.sampled_from(_plain_characters()) | st.sampled_from(list("aé1.,'\u2019 \r\n"))
    text = "".join(data.draw(st.lists(alphabet, max_size=40)))
    token, word = module._unicode()
    assert module._PLAIN_TOKEN.findall(text) == token.findall(text)
    assert module._PLAIN_WORD.findall(text) == word.findall(text)
    assert (module.words(text), module.tokens(text)) == (word.findall(text), token.findall(text))


@given(st.text(alphabet=" \t\r\n\u2028\u00a0\x1c\x0bab.é", max_size=40))
def test_lines_are_read_as_a_pattern_would_read_them_but_in_linear_time(text: str) -> None:
    """Each line's text without its outer whitespace, whitespace-only lines skipped: what
    ``[^\\n]*\\S[^\\n]*`` finds (which reads a long line of spaces once for each space)."""
    import re

    from revtrack.text import _line_bodies, paragraphs

    expected = [m.span(2) for m in re.finditer(r"(\s*)([^\n]*\S)", text)]
    assert list(_line_bodies(text)) == expected
    assert list(paragraphs(text)) == [(start, text[start:end]) for start, end in expected]


def test_a_long_line_of_whitespace_is_read_once() -> None:
    """A line of 200,000 spaces and a line separator (no visible character: a pattern that
    looked for one read the line once for each of its spaces, for minutes) is skipped."""
    from revtrack.text import paragraphs

    text = "Port talks resumed.\n" + " " * 200_000 + "\u2028\nThey ended.\n"
    assert [p for _, p in paragraphs(text)] == ["Port talks resumed.", "They ended."]
    assert [s.strip() for s in iter_sentences(text) if s.strip()] == [
        "Port talks resumed.",
        "They ended.",
    ]


def _cuts_read_at_every_mark(body: str) -> list[int]:
    """Sentence starts found as they were, each mark of a run tried on its own."""
    from revtrack import text

    found, checked = [], 0
    for candidate in text._TERMINAL.finditer(body):
        if candidate.start() < checked:
            continue
        match = text._SENTENCE_END.match(body, candidate.start())
        if match is None:
            continue
        checked = match.end()
        if match.end() < len(body) and text._ends_sentence(body, match.end(), match.group()):
            following = text._NEXT_SPACE.match(body, match.end())
            found.append(following.start() if following else match.end())
    return found


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=list('.!?…。！？"”)」 aAxZ(1'), min_size=1, max_size=40))
def test_a_run_of_marks_is_read_once_with_the_same_sentences(body: str) -> None:
    """A run of sentence marks that ends no sentence where it starts ends none anywhere in it:
    it is read once (a line of 100,000 dots before a letter was read 100,000 times: hours),
    and the sentences are those that trying every mark gives."""
    from revtrack.text import _cuts

    body = body.strip()
    assert list(_cuts(body)) == _cuts_read_at_every_mark(body)


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_the_builtin_sha256_is_hashlibs(data: bytes) -> None:
    """The SHA-256 that hashes texts and keys without OpenSSL gives hashlib's digests."""
    from revtrack.digest import sha256

    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("size", [0, 1, LONG - 1, LONG, 3 * LONG + 5])
def test_hexdigest_is_hashlibs_short_and_long(size: int) -> None:
    """Short data is hashed by the built-in module, long data by OpenSSL: the same digests,
    on both sides of the length that chooses between them."""
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    assert hexdigest(data) == hashlib.sha256(data).hexdigest()
    assert content_hash(data) == "sha256:" + hashlib.sha256(data).hexdigest()


def test_long_data_is_hashed_by_openssl(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long text's hash does not go through the slower built-in module."""
    import revtrack.digest as digest

    def refused(data: bytes = b"") -> object:
        raise AssertionError("the built-in module hashed long data")

    monkeypatch.setattr(digest, "sha256", refused)
    data = b"x" * LONG
    assert hexdigest(data) == hashlib.sha256(data).hexdigest()
    with pytest.raises(AssertionError):
        hexdigest(b"short")
