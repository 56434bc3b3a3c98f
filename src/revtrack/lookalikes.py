"""Text that looks like an editorial note and is not one, whatever its language: a note that
:mod:`revtrack.notes` found is dropped when what surrounds it says it is such a look-alike.

- Another party's correction of another outlet's article: a town hall's, a ministry's or a
  police press office's "Sprostowanie do artykułu Tygodnika X", "Rättelse av artikel i
  Mälaröarnas Nyheter", "Leiðrétting á frétt" over "Í frétt Morgunblaðsins ...". Its heading
  names the outlet whose article it corrects; a paper's own correction names its own article
  ("Sprostowanie radnego X do artykułu „...”", "Correction: A story Monday ...").
- A text about a label itself: an encyclopedia's, a dictionary's or an essay's headings
  ("Fe de erratas: origen, usos y ejemplos", "Gegendarstellung von Heide Simonis in Bild",
  "Droit de réponse" over a paragraph on the law) in a text that uses the label's word as a
  common noun, the subject of a sentence ("Una fe de erratas es ...", "Le droit de réponse
  est ...", "Eine Gegendarstellung ist ...") or a word in quotes ("la ‘fe de erratas’").
- A byline template's empty field: "Erstellt: Aktualisiert:" over "Von: …", an update's label
  and its separator with no stamp and no text (the page's template printed no time).
- A label quoted inside a running sentence, as a corrections policy writes of it ("we state in
  bold “[Correction: new Info…]” and explain the correction made"): the note sits in quotation
  marks that open after a word of a sentence and close before it goes on in small letters. A
  quoted note that a sentence ends with, or that opens its paragraph ("“Correction: ...,” the
  paper wrote"), and a sample set apart under its own line ("EXAMPLE: Earlier versions of this
  graphic ..."), are left to the other rules.
- A notice about the site itself under an editor's-note label: its comment section turned off,
  its partner links and their commission, its ads ("Note to readers: The Globe and Mail will be
  turning off comments ...", "【おことわり】当ブログはAmazonアソシエイト・プログラムに参加して
  います", "Hinweis der Redaktion: Dieser Artikel enthält Affiliate-Links"): what it says is the
  catalogue's ``[site]``; an update, a dated note or one that says it elsewhere stays.
- A titled heading's own text taken for a second note: "Correction: Storm-Flooding story" or
  "Berichtigung: Wahl in Hessen" over a byline or a stamp line, then the prose that corrects
  ("In a story May 1 ...", "In einer früheren Version ..."). The prose is the heading's text: one
  note from the heading to the prose's end, not two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from revtrack.catalogue import Catalogue, catalogue
from revtrack.labels import defines, patterns, without_glossary
from revtrack.lazy import compiled
from revtrack.models import Note, NoteKind
from revtrack.text import iter_sentences

_CORRECTING = (NoteKind.CORRECTION, NoteKind.CLARIFICATION, NoteKind.RETRACTION)
_UPPER = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŒŘŚŠŤŮŰŸŹŻŽ"
#: A word for an article, a report or a news item, in the catalogue's languages.
_ARTICLE = (
    r"(?:articles?|stor(?:y|ies)|reports?|artikel\w*|beitrag\w*|bericht\w*|artyku\w+|materia\w+"
    r"|frétt\w*|articol\w+|notizi\w+|art[ií]cul\w+|noticia\w*|not[ií]cia\w*|artig\w+|matéria\w*"
    r"|nota)"
)
#: An article placed in a named outlet: "artykułu opublikowanego w Dzienniku Gazecie Prawnej",
#: "artikel i Mälaröarnas Nyheter", "article paru dans Le Monde"; or named by the outlet's
#: name in the genitive, as Polish and Icelandic write it ("artykułu Tygodnika Krapkowickiego",
#: "frétt Morgunblaðsins").
_IN_OUTLET = compiled(
    rf"(?i:\b{_ARTICLE}\s+(?:\w+\s+)?(?:(?:opublikowan\w+|publicad\w+|publié\w*|pubblicat\w+"
    r"|published|erschienen\w*|publicerad\w*|paru|apparu)\s+)?(?:in(?:\s+(?:der|dem|the))?|i|í|w"
    r"|we|en|dans|su|sul|sulla|nel|nella|em|no|na|im)\s+(?:(?:gazecie|tygodniku|dzienniku"
    r"|tidningen|avisen|blaðinu|newspaper|magazine|zeitung|diario|periódico|giornale|quotidiano"
    rf"|jornal|journal)\s+)?)[„“\"«]?[{_UPPER}]"
    rf"|\b(?i:artykułu|frétt\w*)\s+[{_UPPER}]"
)
#: A heading that is a correction's word over an article and nothing more ("Leiðrétting á
#: frétt", "Sprostowanie artykułu"): whose article, its text says.
_BARE = compiled(rf"\w+(?:\s+\w+){{0,3}}\s+(?i:{_ARTICLE})\s*")
#: A line short enough to be a heading, with no sentence's end.
_HEADING_LENGTH = 200
_HEADING = compiled(rf"[^.!?。\n]{{1,{_HEADING_LENGTH}}}\??")


def genuine(text: str, notes: Sequence[Note]) -> tuple[Note, ...]:
    """The notes of a text less the look-alikes among them (and less a glossary's list of
    labels, see :func:`~revtrack.labels.without_glossary`)."""
    kept = tuple(
        n for n in without_glossary(text, notes) if not _empty_field(text, n) and not _site(n)
    )
    kept = unnamed(text, kept)  # not a label named in a sentence: "we state “Correction: ...” and"
    kept = headed(text, kept)  # "Correction: Storm story" over its byline and its prose: one note
    correcting = [i for i, n in enumerate(kept) if n.kind in _CORRECTING]
    if not correcting:
        return kept
    dropped = _others_corrections(text, kept, correcting)
    headings = {i for i in correcting if i not in dropped and _heads(text, kept[i])}
    if headings and _about_labels(text):
        dropped |= headings
    return tuple(n for i, n in enumerate(kept) if i not in dropped)


#: How much of an editor's note says what it is about: its opening.
_OPENING = 300
#: The catalogue's ``[site]`` patterns as one, and the catalogue they were made from.
_SITE: list[tuple[Catalogue, re.Pattern[str]]] = []


def _site(note: Note) -> bool:
    """Whether an editor's note with no stamp says in its opening that it is about the site
    itself (its comments, its partner links, its ads), not about the article."""
    if note.kind is not NoteKind.EDITORS_NOTE or note.stamp is not None:
        return False
    found = catalogue()
    if not _SITE or _SITE[0][0] is not found:
        joined = "|".join(f"(?:{p})" for p in found.site) or "(?!)"
        _SITE[:] = [(found, re.compile(joined, re.IGNORECASE))]
    return _SITE[0][1].search(note.text, 0, _OPENING) is not None


def _empty_field(text: str, note: Note) -> bool:
    """Whether an update is only its label and separator ("Aktualisiert:"), with no stamp, on
    a line of a byline's length (not a line of thousands of labels)."""
    if note.kind is not NoteKind.UPDATE or note.stamp is not None:
        return False
    word = patterns().label_word.match(note.text)
    if word is None or _SEPARATOR.fullmatch(note.text, word.end()) is None:
        return False
    floor = max(note.start - _FIELD_LINE, 0)
    opened = text.rfind("\n", floor, note.start) >= 0 or floor == 0
    closed = text.find("\n", note.end, note.end + _FIELD_LINE)
    return opened and (closed >= 0 or note.end + _FIELD_LINE >= len(text))


def _others_corrections(text: str, notes: Sequence[Note], correcting: list[int]) -> set[int]:
    """Which corrections of a text (by their place among its notes) are another party's: all
    of them under a title that names another outlet's article, else those whose own heading
    does."""
    title = _first_line(text)
    if title is not None and _names_outlet(title):
        return set(correcting)
    return {i for i in correcting if _others(text, notes[i])}


def _first_line(text: str) -> str | None:
    stripped = text.lstrip()
    line = stripped[: stripped.find("\n")] if "\n" in stripped else stripped
    return line if _HEADING.fullmatch(line) else None


def _names_outlet(heading: str) -> bool:
    """Whether a heading with a correction's word names the outlet whose article it corrects."""
    return _IN_OUTLET.search(heading) is not None and _correcting_word(heading)


def _correcting_word(line: str) -> bool:
    return any(
        m.lastgroup in ("CORRECTION", "CLARIFICATION", "RETRACTION")
        for m in patterns().label_word.finditer(line)
    )


def _others(text: str, note: Note) -> bool:
    """Whether a correction is another party's: its heading line names another outlet's
    article, or is a correction's word over an article that the text below places in a
    named outlet."""
    line = _line_at(text, note.start, len(text))
    if line is None or not _HEADING.fullmatch(line.strip()):
        return False
    if _names_outlet(line):
        return True
    if _BARE.fullmatch(line) and _correcting_word(line):
        below = text[note.end : note.end + 300]
        return _IN_OUTLET.search(below) is not None
    return False


_WORD = compiled(r"\w")
#: How far from an empty field its line may start or end: a byline's fields, not a run of them.
_FIELD_LINE = 80
#: What may follow a label's word in an empty field: its separator.
_SEPARATOR = compiled(r"\s*[:：]\s*")
#: A label's word in quotes inside a sentence: "la ‘fe de erratas’", "the word “correction”".
_QUOTED = compiled(r"(?<=\w)\s+[‘“\"«„'](?=\w)")


def _line_at(text: str, start: int, end: int) -> str | None:
    """The line that starts at ``start`` (up to ``end``), if it is short enough to be a heading
    (the search for its end reads no further than a heading's length)."""
    reach = min(end, start + _HEADING_LENGTH + 2)
    stop = text.find("\n", start, reach)
    if stop < 0:
        stop = reach
        if reach < end:
            return None
    return text[start:stop]


def _heads(text: str, note: Note) -> bool:
    """Whether a note opens with a titled heading: a label's word and more words on a line
    with no sentence's end ("Fe de erratas: origen y usos", not "Correction" alone over the
    paragraph it heads)."""
    line = _line_at(text, note.start, note.end)
    if line is None:
        return False
    end = note.start + len(line)
    word = patterns().label_word.match(text, note.start, end)
    titled = word is not None and _WORD.search(text, word.end(), end) is not None
    return titled and _HEADING.fullmatch(text, note.start, end) is not None


def _about_labels(text: str) -> bool:
    """Whether a text is about a label itself: a sentence of it has a label's word as its
    subject after an article, or a label's word in quotes."""
    for sentence in iter_sentences(text):
        if defines(sentence.lstrip(" \t\n¿¡-–—•*")):
            return True
    for quote in _QUOTED.finditer(text):
        word = patterns().label_word.match(text, quote.end())
        if word is not None and word.lastgroup not in ("UPDATE", "STAMPED"):
            return True
    return False


#: How far before a note the quotation mark that opens it is looked for.
_QUOTE_REACH = 8
#: A word, then a quotation mark that opens (the note follows it, maybe after a bracket).
_OPENED = compiled(r"(?<=[a-z,])\s+[“\"‘]\s*[(\[]?\s*\Z")
#: A quotation mark that closes after the note, then the sentence going on in small letters.
_CLOSED = compiled(r"\s*[)\]]?\s*[”\"’]\s+[a-z]")


def unnamed(text: str, notes: Sequence[Note]) -> tuple[Note, ...]:
    """``notes`` less those that the text names inside a running sentence."""
    return tuple(note for note in notes if not _mentioned(text, note))


def _mentioned(text: str, note: Note) -> bool:
    opened = _OPENED.search(text, max(note.start - _QUOTE_REACH, 0), note.start)
    return opened is not None and _CLOSED.match(text, note.end) is not None


#: How many short lines (a byline, a stamp, a dateline) may stand between a heading and its
#: text, and how long each may be: no line of prose.
_BETWEEN_LINES = 4
_SHORT_WORDS = 12
_SHORT_CHARACTERS = 80


def headed(text: str, notes: Sequence[Note]) -> tuple[Note, ...]:
    """``notes`` with a titled correction's heading and the unlabelled correction below it
    (past a byline's short lines) as one note."""
    kept: list[Note] = []
    for note in notes:
        above = kept[-1] if kept else None
        if above is not None and _text_of(text, above, note):
            time = above.time if above.time is not None else note.time
            stamp = above.stamp if above.time is not None else note.stamp
            kept[-1] = replace(
                above, text=text[above.start : note.end], end=note.end, time=time, stamp=stamp
            )
        else:
            kept.append(note)
    return tuple(kept)


def _text_of(text: str, heading: Note, note: Note) -> bool:
    """Whether ``note`` is the text of ``heading``: a correction with no label of its own below
    a correction's titled heading, with only short lines between them."""
    if heading.kind not in _CORRECTING or note.kind not in _CORRECTING:
        return False
    if "\n" in heading.text or patterns().label_word.match(note.text) is not None:
        return False
    closed = text.find("\n", heading.end)
    line_end = closed if closed >= 0 else len(text)
    line = text[text.rfind("\n", 0, heading.start) + 1 : line_end]
    word = patterns().label_word.match(text, heading.start, line_end)
    if word is None or not _HEADING.fullmatch(line.strip()):
        return False  # not a heading: a line with a sentence's end, or too long
    if _WORD.search(text, word.end(), line_end) is None:
        return False  # a label's word alone ("Correction") takes its text by the other rules
    between = text[heading.end : note.start].split("\n")[1:]
    lines = [line for line in between if line.strip()]
    return bool(between) and len(lines) <= _BETWEEN_LINES and all(_short(x) for x in lines)


def _short(line: str) -> bool:
    return len(line) <= _SHORT_CHARACTERS and len(line.split(None, _SHORT_WORDS)) <= _SHORT_WORDS
