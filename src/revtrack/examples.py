"""Notes that a text names rather than carries: a label quoted inside a running sentence, as a
corrections policy writes of it ("we state in bold “[Correction: new Info…]” and explain the
correction made"). Such a note is no note of the article.

The note sits in quotation marks that open after a word of a sentence and close before the
sentence goes on in small letters. A quoted note that a sentence ends with, or that opens its
paragraph ("“Correction: ...,” the paper wrote"), and a sample set apart under its own line
("EXAMPLE: Earlier versions of this graphic ...", a paper's own style guide showing its notes),
are left to the other rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from revtrack.lazy import compiled
from revtrack.models import Note

#: How far before a note the quotation mark that opens it is looked for.
_REACH = 8
#: A word, then a quotation mark that opens (the note follows it, maybe after a bracket).
_OPENED = compiled(r"(?<=[a-z,])\s+[“\"‘]\s*[(\[]?\s*\Z")
#: A quotation mark that closes after the note, then the sentence going on in small letters.
_CLOSED = compiled(r"\s*[)\]]?\s*[”\"’]\s+[a-z]")


def unnamed(text: str, notes: Sequence[Note]) -> tuple[Note, ...]:
    """``notes`` less those that the text names inside a running sentence."""
    return tuple(note for note in notes if not _mentioned(text, note))


def _mentioned(text: str, note: Note) -> bool:
    opened = _OPENED.search(text, max(note.start - _REACH, 0), note.start)
    return opened is not None and _CLOSED.match(text, note.end) is not None
