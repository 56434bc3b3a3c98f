"""Text normalisation and segmentation: the units that hashing and diffing work on."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import regex

_TRAILING_SPACE = re.compile(r"[ \t\f\v\u00a0\u3000]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")

# A word is a grapheme of a script written without spaces (Chinese, Japanese, Thai, ...),
# a number with its separators (212,000  1.2  10:15  8/18/21), a dotted abbreviation
# (U.S.  p.m.), or a run of letters, marks and digits with inner apostrophes (don't, हिन्दी).
# Every other grapheme is a token of its own and whitespace runs are tokens too, so the tokens
# of a text always rebuild it exactly.
_SOLO = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_LETTER = rf"[[\w\p{{M}}\u200c\u200d]--[{_SOLO}_]]"
_WORD_PATTERN = (
    rf"(?=[{_SOLO}])\X"
    r"|\d+(?:[.,:/]\d+)+"
    r"|(?:\p{L}\p{M}*\.){2,}"
    rf"|{_LETTER}+(?:['\u2019]{_LETTER}+)*"
)
_TOKEN = regex.compile(rf"{_WORD_PATTERN}|\s+|\X", regex.V1)
_WORD = regex.compile(_WORD_PATTERN, regex.V1)
# A paragraph unit is a line with the line breaks before it, so that a paragraph break belongs
# to the paragraph it starts: joining or splitting paragraphs edits one unit, not a separator.
_PARAGRAPH = re.compile(r"\n*[^\n]+|\n+")

# Characters that must never reach a terminal raw: C0 and C1 controls except tab and newline,
# DEL, and the bidirectional overrides that can reorder what a reader sees.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
    return "sha256:" + hashlib.sha256(data).hexdigest()


def tokens(text: str) -> list[str]:
    """Split text into word, whitespace and punctuation tokens that rebuild it exactly."""
    return _TOKEN.findall(text)


def count_words(text: str) -> int:
    """Words in a text; each CJK character counts as one."""
    return sum(1 for _ in _WORD.finditer(text))


def paragraphs(text: str) -> list[str]:
    """Split text into lines, each with the line breaks before it; the parts rebuild the text."""
    return _PARAGRAPH.findall(text)


def visible(text: str) -> str:
    """Replace control and bidi-override characters by visible escapes like ``\\u001b``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
