"""Text normalisation and segmentation: the units that hashing and diffing work on."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from revtrack.digest import hexdigest
from revtrack.lazy import compiled

if TYPE_CHECKING:
    import regex

# Spaces are taken from where their run starts only: a long run inside a line is then read
# once, not once for each of its spaces.
_TRAILING_SPACE = compiled(r"(?<![ \t\f\v\u00a0\u3000])[ \t\f\v\u00a0\u3000]+$", re.MULTILINE)
_BLANK_RUNS = compiled(r"\n{3,}")

# A word is a grapheme of a script written without spaces (Chinese, Japanese, Thai, ...),
# a number with its separators (212,000  1.2  10:15  8/18/21), a dotted abbreviation
# (U.S.  p.m.), or a run of letters, marks and digits with inner apostrophes (don't, हिन्दी).
# Every other grapheme is a token of its own and whitespace runs are tokens too, so the tokens
# of a text always rebuild it exactly.
#: Scripts written without spaces between words: each character is a word of its own.
SOLO = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_LETTER = rf"[[\w\p{{M}}\u200c\u200d]--[{SOLO}_]]"
_WORD_PATTERN = (
    rf"(?=[{SOLO}])\X"
    r"|\d+(?:[.,:/]\d+)+"
    r"|(?:\p{L}\p{M}*\.){2,}"
    rf"|{_LETTER}+(?:['\u2019]{_LETTER}+)*"
)


@cache
def _unicode() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The patterns of tokens and words in any script (the regex module, loaded when first
    needed)."""
    import regex

    return regex.compile(rf"{_WORD_PATTERN}|\s+|\X", regex.V1), regex.compile(
        _WORD_PATTERN, regex.V1
    )


# The same patterns for ASCII text, several times faster with the standard engine (a test
# holds the two to the same results). Their alternatives are grouped by the character they
# start with (a letter: a dotted abbreviation or a word; a digit: a number with separators
# or a word), and a space alone is taken first: the same tokens, found with fewer tries at
# each character (some 30 % faster).
_ASCII_WORD_PATTERN = (
    r"[A-Za-z](?:\.(?:[A-Za-z]\.)+|[A-Za-z0-9]*(?:'[A-Za-z0-9]+)*)"
    r"|\d(?:\d*(?:[.,:/]\d+)+|[A-Za-z0-9]*(?:'[A-Za-z0-9]+)*)"
)
_ASCII_TOKEN = compiled(rf" (?!\s)|{_ASCII_WORD_PATTERN}|\s+|\r\n|.", re.DOTALL | re.ASCII)
_ASCII_WORD = compiled(_ASCII_WORD_PATTERN, re.ASCII)

# And for text in the Latin scripts with the punctuation and currency signs of prose (curly
# quotes, dashes, ellipses): no character of it is a mark, a joiner, a space-less script's or
# a digit that is no decimal one (², ½), so that a grapheme is a character (or CR LF) and the
# standard engine's classes are the general pattern's (a test holds them to it, character by
# character). Most articles in European languages are such text (Vietnamese too: its letters
# with two accents are letters of their own, U+1E00-U+1EFF): they need no regex module.
_PLAIN = compiled(
    "[\x00-\xb1\xb4-\xb8\xba\xbb\xbf-\u024f\u1e00-\u1eff\u2010-\u2027\u2030-\u203e"
    "\u2041-\u2053\u2055-\u205e\u20a0-\u20c0]*"
)
_PLAIN_SPACE = "[\t\n\x0b\x0c\r \x85\xa0\u2000-\u200a\u205f]"
_PLAIN_WORD_PATTERN = (  # (grouped as the ASCII one: none of its letters or digits is neither)
    r"[^\W\d_](?:\.(?:[^\W\d_]\.)+|[^\W_]*(?:['\u2019][^\W_]+)*)"
    r"|\d(?:\d*(?:[.,:/]\d+)+|[^\W_]*(?:['\u2019][^\W_]+)*)"
)
_PLAIN_TOKEN = compiled(
    rf" (?!{_PLAIN_SPACE})|{_PLAIN_WORD_PATTERN}|{_PLAIN_SPACE}+|\r\n|.", re.DOTALL
)
_PLAIN_WORD = compiled(_PLAIN_WORD_PATTERN)


def _patterns(
    text: str,
) -> tuple[re.Pattern[str], re.Pattern[str]] | tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The patterns of tokens and of words for ``text``: the standard engine's for ASCII and
    for plain Latin text (see :data:`_PLAIN`), the regex module's for any other."""
    if text.isascii():
        return _ASCII_TOKEN, _ASCII_WORD
    if _PLAIN.fullmatch(text):
        return _PLAIN_TOKEN, _PLAIN_WORD
    return _unicode()


# Characters that must never reach a terminal raw: C0 and C1 controls except tab and newline,
# DEL, and the bidirectional overrides that can reorder what a reader sees.
_UNSAFE = compiled(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def normalize(text: str) -> str:
    """Return the canonical form of an article text, the form that is hashed and stored.

    Unicode NFC; CRLF and CR line endings become LF; trailing spaces are removed from every
    line; runs of blank lines become one blank line; leading and trailing blank lines go, and
    a non-empty text ends with exactly one newline.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text).strip("\n")
    return text + "\n" if text else ""


def content_hash(text: str | bytes) -> str:
    """The ``sha256:`` identity of a (normalised) text, given as str or UTF-8 bytes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return "sha256:" + hexdigest(data)


def tokens(text: str) -> list[str]:
    """Split text into word, whitespace and punctuation tokens that rebuild it exactly."""
    return _patterns(text)[0].findall(text)


def words(text: str) -> list[str]:
    """The words of a text, in order; each CJK character is one."""
    return _patterns(text)[1].findall(text)


def has_words(text: str) -> bool:
    """Whether a text holds a word (found without listing them all)."""
    return _patterns(text)[1].search(text) is not None


#: A text this long has its words counted by its runs between spaces (see :func:`count_words`).
_LONG = 1 << 16


def count_words(text: str) -> int:
    """Words in a text; each CJK character counts as one. (Counted as they are taken out:
    the list of a long text's words would take several times its size.)

    No word holds a space, so a long text's words are those of its runs between spaces, and
    a text repeats its runs: each distinct run is read once, a part of the text at a time
    (some 40 % quicker than reading the whole text)."""
    found = _patterns(text)[1]
    if len(text) < _LONG:
        return found.subn("", text)[1]
    counts: dict[str, int] = {}
    total = 0
    for part in parts_at_spaces(text, _LONG):
        runs = part.split()
        counts.update((run, len(found.findall(run))) for run in set(runs) if run not in counts)
        total += sum(map(counts.__getitem__, runs))
        if len(counts) > _LONG:  # (a text of codes: its runs are not kept)
            counts.clear()
    return total


def parts_at_spaces(text: str, size: int) -> Iterator[str]:
    """``text`` in parts of about ``size`` characters, cut at spaces."""
    start = 0
    while start < len(text):
        end = text.find(" ", start + size)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end


def visible(text: str) -> str:
    """Replace control and bidi-override characters by visible escapes like ``\\u001b``."""
    if text.isprintable():  # (none of them: each is a control or a format character)
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LINE_BREAKS = compiled("[\n\u2028\u2029]")


def one_line(text: str) -> str:
    """:func:`visible`, with line breaks made visible too: a message of one line, whatever
    the input it quotes (a file name, a pattern, an option's value)."""
    return _LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(text))


# --- sentences ---------------------------------------------------------------------------

#: Words that a period follows without ending the sentence: titles, months, and the like.
_NEVER_FINAL = frozenset(
    """mr mrs ms mx dr prof rev fr sr jr st mt ft gov sen rep gen lt col maj capt cmdr adm sgt
    cpl pvt supt insp det atty pres vs v etc al approx dept est inc corp co ltd bros jan feb mar
    apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun""".split()
)
#: Abbreviations that end no sentence when a number follows them (No. 5, Vol. 2, godz. 14:20,
#: kl. 9.30).
_BEFORE_NUMBER = frozenset({"no", "nos", "vol", "ch", "pp", "fig", "art", "para", "godz", "kl"})
#: After a.m. and p.m., a capitalised word starts a sentence unless it is one of these
#: (``10:15 p.m. ET``, ``9 p.m. Thursday``, but ``at 10 p.m. The next day``).
_NOT_A_START = frozenset(
    """et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet cest jst kst hkt aest aedt
    ist monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
#: After a dotted acronym (U.S., D.C.), only these words start a new sentence: ``the U.S. Navy``
#: goes on, ``in the U.S. The talks`` does not.
_STARTERS = frozenset(
    """the a an he she it they we i you this that these those there his her its their our
    but and so yet in on at for of to by after before when while if as with from officials
    mr mrs ms dr""".split()
)
#: How far back the word before a period is looked for.
_LONGEST_WORD = 256
_TERMINAL = compiled(r"[.!?…。！？]")  # where a sentence end may be: found fast, checked after
_SENTENCE_END = compiled(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？]+[」』”’)]*")
_NEXT_WORD = compiled(r"\s*([\"'“‘(\[]*)(\w+)")
#: A run of one kind of sentence-ending marks: a sentence's end fails at each of its marks alike.
_MARKS = compiled(r"[.!?…]+|[。！？]+")


def _ends_sentence(line: str, end: int, terminal: str) -> bool:
    """Whether the terminal punctuation ``line[...:end]`` ends a sentence."""
    following = _NEXT_WORD.match(line, end)
    if following is None:
        return True  # end of the line, or punctuation follows
    word = following.group(2)
    if word[0].islower():
        return False  # "Is it?" he asked.  /  10 p.m. today
    if terminal.rstrip("\"'”’»)]") != ".":
        return True
    stop = end - len(terminal)
    reach = max(0, stop - _LONGEST_WORD)  # (a word that long is no abbreviation)
    space = line.rfind(" ", reach, stop)
    before = line[space + 1 if space >= 0 else reach : stop].lstrip("\"'“‘([").lower()
    if before in _NEVER_FINAL or (len(before) == 1 and before.isalpha()):
        return False  # Dr. Rook, Aug. 19, John F. Kennedy
    if before in _BEFORE_NUMBER:
        return not word[0].isdigit()
    if before in ("a.m", "p.m"):
        return word.lower() not in _NOT_A_START and not word[0].isdigit()
    if "." in before:
        return word.lower() in _STARTERS
    return True


def sentences(text: str) -> list[str]:
    """Split text into sentences, each with the whitespace before it; the parts rebuild it.

    Line breaks always end a sentence. Knows news prose: ``10:15 p.m. ET``, ``U.S.``,
    ``Dr.``, ``Jan. 5``, ``$1.2 billion``, initials, ``," she said.``, ellipses; Chinese and
    Japanese sentences end at 。！？ without a space.
    """
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[str]:
    """:func:`sentences`, one at a time. Each distinct line is split once and remembered, so
    the many lines that versions of an article share are split once for all their diffs."""
    start = 0
    for body_start, body_end in _line_bodies(text):
        cut = start
        body = text[body_start:body_end]
        for offset in _line_cuts(body) if len(body) <= _KEPT_LINE else _cuts(body):
            yield text[cut : body_start + offset]
            cut = body_start + offset
        yield text[cut:body_end]
        start = body_end
    if start < len(text):
        yield text[start:]


#: Lines up to this long are remembered once split (a longer one is a paragraph seldom seen
#: again, and the memory would hold the line).
_KEPT_LINE = 5_000


@lru_cache(maxsize=1 << 12)
def _line_cuts(body: str) -> tuple[int, ...]:
    """:func:`_cuts`, remembered."""
    return tuple(_cuts(body))


def _cuts(body: str) -> Iterator[int]:
    """Where the sentences of one line (no line break, no outer whitespace) start, after the
    first."""
    checked = 0
    for candidate in _TERMINAL.finditer(body):
        if candidate.start() < checked:
            continue  # inside a run of terminal punctuation already checked
        match = _SENTENCE_END.match(body, candidate.start())
        if match is None:  # nor anywhere else in its run of the same marks: read it once
            run = _MARKS.match(body, candidate.start())
            checked = run.end() if run else checked
            continue
        checked = match.end()
        if match.end() < len(body) and _ends_sentence(body, match.end(), match.group()):
            following = _NEXT_SPACE.match(body, match.end())
            yield following.start() if following else match.end()


def _line_bodies(text: str) -> Iterator[tuple[int, int]]:
    """Where each line's text is, its outer whitespace left out (lines of whitespace alone
    skipped). Found with ``find``, not a pattern: a pattern that looks for a line's last
    visible character reads a long line of spaces once for each of its spaces."""
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end < 0 else end
        line = text[start:end]
        body = line.strip()
        if body:
            lead = start + len(line) - len(line.lstrip())
            yield lead, lead + len(body)
        start = end + 1


_NEXT_SPACE = compiled(r"\s")


def split_lines(text: str) -> list[str]:
    """A text's lines, each with the ``\\n`` that ends it; the last may have none.

    Only ``\\n`` ends a line, as for ``diff`` and ``patch``: a ``\\r``, a form feed or a
    Unicode line separator is part of its line.
    """
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each non-blank line with its offset, outer whitespace removed (the paragraphs notes are
    looked for in); a line longer than :data:`LONGEST_PARAGRAPH` in pieces."""
    for offset, end in _line_bodies(text):
        paragraph = text[offset:end]
        if len(paragraph) <= LONGEST_PARAGRAPH:
            yield offset, paragraph
        else:
            yield from _pieces(offset, paragraph)


#: A line longer than this (no paragraph of prose is) is read for notes in pieces, cut after
#: sentences that their own words choose (so that an edit moves no cut but its own): the
#: work stays in proportion to the line's length, and the pieces that two versions of a long
#: line share are read once.
LONGEST_PARAGRAPH = 20_000


def _pieces(offset: int, line: str) -> Iterator[tuple[int, str]]:
    start = position = 0
    for sentence in _parts(line):
        position += len(sentence)
        size = position - start
        chosen = size >= LONGEST_PARAGRAPH // 8 and zlib.crc32(sentence.encode()) % 8 == 0
        if chosen or size >= LONGEST_PARAGRAPH or position == len(line):
            piece = line[start:position]
            lead = len(piece) - len(piece.lstrip())
            yield offset + start + lead, piece.strip()
            start = position


def _parts(line: str) -> Iterator[str]:
    """A line's sentences, one longer than :data:`LONGEST_PARAGRAPH` cut where a space
    follows that length (or at that length, when there is none)."""
    for sentence in iter_sentences(line):
        while len(sentence) > LONGEST_PARAGRAPH:
            cut = sentence.rfind(" ", 1, LONGEST_PARAGRAPH) + 1 or LONGEST_PARAGRAPH
            yield sentence[:cut]
            sentence = sentence[cut:]
        yield sentence


def closing_brackets(text: str) -> dict[int, int]:
    """Each opening bracket's position, and the position after the bracket closing it."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for match in re.finditer(r"[\[\]()（）]", text):
        bracket = match.group()
        if bracket in "([（":
            stack.append((bracket, match.start()))
        elif stack and stack[-1][0] == {")": "(", "]": "[", "）": "（"}[bracket]:
            pairs[stack.pop()[1]] = match.end()
    return pairs
