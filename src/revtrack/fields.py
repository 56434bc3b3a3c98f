"""A page's dated update field inside a line: ``Madrid / París Actualizado: 15/04/2019 21:45h``,
``ページID1025395  更新日 令和6年3月8日``, ``Contenu mis à jour le 19 mai 2025``.

A byline or a page's footer writes when the page was last changed as a field: an update
label, then a full date (a year written out) that ends the line. What comes before it on the
line is not a separator the byline rule knows (a place, a section, a page number, a noun), so
the field is found by its own shape: the label is written as one (a capital, a colon, a
script without case) or follows at most two words, and the line is no sentence.
"""

from __future__ import annotations

from revtrack.labels import Label, patterns, read_label, stamp_after_separator
from revtrack.lazy import compiled
from revtrack.models import NoteKind
from revtrack.stamps import parse_time

#: At most this many words before the label on its line when the label is not written as one
#: (``Contenu mis à jour le ...``, ``Page modifiée ...``).
_FEW_WORDS = 2
#: What may end the line after the field's stamp: spaces, a bar or a dot of a list.
_LINE_END = compiled(r"[ \t|·•]*(?:\n|$)")
_SENTENCE_END = compiled(r"[.!?。！？]\s*$")


def dated_fields(text: str) -> dict[int, bool]:
    """Where each dated update field of a short paragraph starts, as a byline's stamp after
    a bar (a note up to its stamp, nothing after it on the line)."""
    if not any(c.isdigit() for c in text):
        return {}
    found: dict[int, bool] = {}
    for word in patterns().label_word.finditer(text):
        start = word.start()
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        if not before.strip() or (before[-1:].isalnum() and word.group()[:1].isalnum()):
            continue  # at its line's start (the label rule's) or inside a word
        label = read_label(text, start)
        if label is None or label.kind is not NoteKind.UPDATE or label.opened is not None:
            continue
        stamp, body = stamp_after_separator(text, label)
        if stamp is None or not _LINE_END.match(text, body) or not _written_as_label(label, before):
            continue
        when = parse_time(stamp)
        if when is not None and when.date is not None and not when.inferred:
            found[start] = True
    return found


def _written_as_label(label: Label, before: str) -> bool:
    """Whether an update word inside a line is a field's label, not a verb of a sentence:
    after no sentence's end, with a colon, a capital or in a script without case, or after
    a few words only."""
    first = label.word[:1]
    if _SENTENCE_END.search(before):
        return False
    return (
        label.separator == "colon"
        or first != first.lower()
        or first.lower() == first.upper()
        or len(before.split()) <= _FEW_WORDS
    )
