"""Text normalisation and segmentation: the units that hashing and diffing work on."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_TRAILING_SPACE = re.compile(r"[ \t\f\v\u00a0\u3000]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")

# A word is a CJK ideograph, kana or hangul syllable (one character each), a number with its
# separators (212,000  1.2  10:15  8/18/21), a dotted abbreviation (U.S.  p.m.), or a run of
# letters and digits with inner apostrophes (don't). Every other character is a token of its
# own and whitespace runs are tokens too, so the tokens of a text always rebuild it exactly.
_CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_WORD_PATTERN = (
    rf"[{_CJK}]"
    r"|\d+(?:[.,:/]\d+)+"
    r"|(?:[^\W\d_]\.){2,}"
    rf"|[^\W{_CJK}]+(?:['\u2019][^\W{_CJK}]+)*"
)
_TOKEN = re.compile(rf"{_WORD_PATTERN}|\s+|.", re.DOTALL)
_WORD = re.compile(_WORD_PATTERN)
_PARAGRAPH = re.compile(r"[^\n]+|\n+")

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
    """Split text into lines and the line breaks between them; the parts rebuild the text."""
    return _PARAGRAPH.findall(text)


def visible(text: str) -> str:
    """Replace control and bidi-override characters by visible escapes like ``\\u001b``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
