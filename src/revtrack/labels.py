"""Labels that head editorial notes, in every language of the catalogue: ``Update (8/18/21,
10:15 p.m. ET):``, ``Korrektur:``, ``【訂正】``, ``1ª CORREÇÃO``, ``Nachtrag`` alone over its
paragraph; their stamps, and the patterns built from the catalogue that :mod:`revtrack.notes`
searches with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import tzinfo
from functools import cache
from typing import NamedTuple

from revtrack.catalogue import Catalogue, catalogue
from revtrack.lazy import compiled
from revtrack.models import Note, NoteKind
from revtrack.sieve import Sieve
from revtrack.stamps import alternatives, grammar, label_zones, stamp_after

_KIND_LABELS = {
    NoteKind.EDITORS_NOTE: r"(?:editor|editors|ed)(?:['’]s|s['’]|['’])?\.?\s+note"
    r"|editorial\s+note|notes?\s+(?:to|for)\s+(?:our\s+)?readers|note\s+from\s+the\s+editors?"
    r"|publisher['’]?s\s+note",
    NoteKind.UPDATE: r"(?:last\s+|story\s+|article\s+|post\s+)?(?:update[ds]?)",
    NoteKind.CORRECTION: r"corrections?\s*(?:&|and)\s*(?:amplifications?|clarifications?)"
    r"|clarifications?\s*(?:&|and)\s*corrections?|corrections?(?:\s+(?:note|notice))?(?:\s+to)?"
    r"|corrected",
    NoteKind.CLARIFICATION: r"clarifications?(?:\s+(?:note|notice))?|clarified",
    NoteKind.RETRACTION: r"retraction(?:\s+(?:notice|note))?(?:\s+to)?|retracted"
    r"|notice\s+of\s+retraction(?:\s+to)?",
}
#: The kinds whose label may end a notice's title ("... 관련 반론보도"); "... live updates" is
#: a story's.
_TITLE_KINDS = (NoteKind.CORRECTION, NoteKind.CLARIFICATION, NoteKind.RETRACTION)
_TITLE_NAMES = frozenset(k.name for k in _TITLE_KINDS)
#: A word that makes a label only with a stamp: ``Note (Aug. 19):``, not ``Note:``.
_STAMPED_LABEL = r"notes?"
_CAPITALS = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŒŘŚŠŤŮŰŸŹŻŽ"
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"


#: The start of a sentence pattern that may find its words anywhere in the first characters of
#: a sentence (``[^\n]{0,200}?\bhar det smugit sig in ett fel``): the characters it never
#: reads past, and how far it reads.
_FLOATING = re.compile(r"\[\^((?:[^\]\\]|\\n)+)\]\{0,(\d+)\}\?")


class Floating(NamedTuple):
    """A sentence pattern that starts with :data:`_FLOATING`: tried at a sentence's start by
    finding its words once from there (``rest``), not by reading ahead at every start."""

    place: int  # its place among the catalogue's sentences
    kind: NoteKind | None
    stop: str  # the characters it does not read past
    reach: int  # how many characters it reads before its words
    rest: re.Pattern[str]  # its words
    whole: re.Pattern[str]


#: Where a floating sentence's words were last found in a text: (searched from, found at, or
#: -1 for nowhere after it), by the pattern of its words.
Seen = dict[re.Pattern[str], tuple[int, int]]


class Sentences(NamedTuple):
    """The catalogue's sentence notes as one pattern, each in a group of its own with its kind
    (``None``: the kind its words say), tried in order as one loop over them would be; those
    that find their words anywhere in a sentence's first characters apart (:class:`Floating`),
    in their places of that order."""

    pattern: re.Pattern[str]
    kinds: tuple[tuple[int, int, NoteKind | None], ...]  # each one's group, place and kind
    floating: tuple[Floating, ...]

    @classmethod
    def of(cls, entries: Sequence[tuple[NoteKind | None, str]]) -> Sentences:
        parts, kinds, floating, group = [], [], [], 1
        for index, (kind, pattern) in enumerate(entries):
            opening = _FLOATING.match(pattern)
            if opening is not None:
                stop = opening[1].replace("\\n", "\n")
                rest = re.compile(pattern[opening.end() :], re.IGNORECASE)
                whole = re.compile(pattern, re.IGNORECASE)
                floating.append(Floating(index, kind, stop, int(opening[2]), rest, whole))
                continue
            parts.append(f"({pattern})")
            kinds.append((group, index, kind))
            group += 1 + re.compile(pattern, re.IGNORECASE).groups
        joined = re.compile("|".join(parts) or "(?!)", re.IGNORECASE)
        return cls(joined, tuple(kinds), tuple(floating))

    def match(
        self, text: str, position: int, seen: Seen | None = None
    ) -> tuple[NoteKind | None, re.Match[str]] | None:
        """The first sentence that matches at ``position``: its kind and its match. (``seen``:
        where each floating sentence's words were found in ``text`` before.)"""
        found = self.pattern.match(text, position)
        place, kind = len(self.kinds) + len(self.floating), None
        if found is not None:
            place, kind = next((i, k) for g, i, k in self.kinds if found.group(g) is not None)
        seen = {} if seen is None else seen
        for sentence in self.floating:
            if sentence.place > place:
                break
            if _reaches(sentence, text, position, seen):
                whole = sentence.whole.match(text, position)
                if whole is not None:
                    return sentence.kind, whole
        return None if found is None else (kind, found)


def _reaches(sentence: Floating, text: str, position: int, seen: Seen) -> bool:
    """Whether a floating sentence's words start within its reach of ``position``, with none of
    the characters it does not read past between. They are searched for from ``position``
    only when no search from before it found them at or after it: sentence starts come in
    order, and a paragraph is read once for each floating sentence, not once for each start."""
    known = seen.get(sentence.rest)
    if known is not None and known[0] <= position and (known[1] < 0 or position <= known[1]):
        at = known[1]
    else:
        found = sentence.rest.search(text, position)
        at = -1 if found is None else found.start()
        seen[sentence.rest] = (position, at)
    if at < 0 or at - position > sentence.reach:
        return False
    return all(text.find(stop, position, at) < 0 for stop in sentence.stop)


class Patterns(NamedTuple):
    """The patterns that depend on the catalogue of formats, built when notes are first
    looked for."""

    label_word: re.Pattern[str]  # a label's word, in a group named by its kind
    label_number: re.Pattern[str]  # a label's number: ``Update 2``
    bracket_label: re.Pattern[str]  # a label that needs a paragraph wholly in brackets
    slug: re.Pattern[str]  # a wire service's tag before a headline
    sentences: Sentences
    closing: re.Pattern[str]  # a sentence that closes a notice: an apology for the error
    title_label: re.Pattern[str]  # a correction's label that ends a title: "... 관련 정정보도"
    kinds: tuple[tuple[NoteKind, re.Pattern[str]], ...]  # what a note's words say it is
    triggers: tuple[re.Pattern[str], ...]  # cheap tests that a paragraph may hold a note
    ascii_triggers: tuple[re.Pattern[str], ...]  # the same, for ASCII text
    sieve: Sieve  # a quicker test before those: whether a paragraph may hold a trigger's word
    line_only: frozenset[str]  # labels only at the start of a paragraph: "Stand:"
    headings: frozenset[str]  # labels that head a heading line: "Sprostowanie Komitetu ..."
    day_first: frozenset[str]  # labels of languages that write numeric dates day first
    byline: re.Pattern[str]  # an update label inside a byline line


def _written_label(label: str) -> str:
    """A label as a pattern: any case, any run of spaces, either apostrophe."""
    pattern = re.escape(label.strip()).replace("\\ ", r"\s+")
    return re.sub(r"['’]", "['’]", pattern)


def _kind_groups(labels: dict[NoteKind, tuple[str, ...]], builtin: dict[NoteKind, str]) -> str:
    groups = []
    for kind in NoteKind:
        written = sorted({_written_label(w) for w in labels.get(kind, ())}, key=len, reverse=True)
        options = "|".join(p for p in (builtin.get(kind), *written) if p)
        if options:
            groups.append(f"(?P<{kind.name}>{options})")
    return "(?:" + "|".join(groups) + ")"


@cache
def patterns() -> Patterns:
    found = catalogue()
    labels = dict(found.labels)
    word = _kind_groups(labels, _KIND_LABELS)[:-1] + f"|(?P<STAMPED>{_STAMPED_LABEL}))"
    word += rf"(?:\b|(?<=[{_CJK}.]))"
    slugs = (
        "(?:"
        + "|".join(
            f"(?P<{kind.name}>{'|'.join(patterns)})" for kind, patterns in found.slugs.items()
        )
        + ")"
    )
    triggers, ascii_triggers, sieve = _triggers(found)
    return Patterns(
        label_word=re.compile(word, re.IGNORECASE),
        label_number=re.compile(
            r"\s*(?:no\.\s*|\#\s*)?\d{1,2}\b"
            rf"(?![:./]\d|\s?(?:a\.?m|p\.?m)|\.?\s+(?:of\s+|de\s+)?{grammar().any_month})",
            re.IGNORECASE,
        ),
        bracket_label=re.compile(
            r"[(\[]\s*" + _kind_groups(found.bracket_labels, {}) + r"\b\s*[:,]?", re.IGNORECASE
        ),
        slug=re.compile(rf"{slugs}[-–](?=\S)"),
        sentences=Sentences.of(found.sentences),
        closing=re.compile("|".join(f"(?:{c})" for c in found.closings) or "(?!)", re.I),
        title_label=re.compile(
            rf"(?:(?<!\w)|(?<=[{_CJK}]))"
            + _kind_groups({k: labels.get(k, ()) for k in _TITLE_KINDS}, {})
            + r"\s*[\]】>〉》）)]?\s*$",
            re.IGNORECASE,
        ),
        kinds=tuple(
            (kind, re.compile("|".join(found.kinds[kind]), re.IGNORECASE))
            for kind in (NoteKind.RETRACTION, NoteKind.CLARIFICATION, NoteKind.CORRECTION)
            if kind in found.kinds
        ),
        triggers=triggers,
        ascii_triggers=ascii_triggers,
        sieve=sieve,
        line_only=frozenset(w.casefold() for w in found.line_labels),
        headings=frozenset(" ".join(w.casefold().split()) for w in found.heading_labels),
        day_first=found.day_first,
        byline=re.compile(
            _BYLINE_BEFORE
            + "(?P<label>"
            + _kind_groups({NoteKind.UPDATE: found.labels.get(NoteKind.UPDATE, ())}, {})
            + r"(?:\b|(?<=[{_CJK}])))".replace("{_CJK}", _CJK),
            re.IGNORECASE,
        ),
    )


def _triggers(
    found: Catalogue,
) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], Sieve]:
    """Quick tests that a paragraph may hold a note: any text, and ASCII text (the words that
    are ASCII alone: the same tests, quicker), and a sieve of all their words."""
    every = (*found.labels.values(), *found.bracket_labels.values())
    words = [w.lower() for ws in every for w in ws]
    latin = {" ".join(w.split()) for w in words if w[:1].isascii()}
    others = {w for w in words if not w[:1].isascii()} | {w.lower() for w in found.triggers}
    triggers = (
        re.compile(alternatives(_TRIGGER_WORDS.split("|"))),  # a trie: read faster
        re.compile(rf"\b(?:{alternatives(latin)})(?![^\W\d_])"),
        re.compile(alternatives(others)),
    )
    ascii_words = alternatives(w for w in others if w.isascii()) or "(?!)"
    sieve = Sieve((*_TRIGGER_WORDS.split("|"), *latin, *others))
    return triggers, (*triggers[:2], re.compile(ascii_words)), sieve


_LABEL_OPEN = compiled(r"[\[(【〔［（<〈《＜]\s*")
#: What may come before a label's word: a number or a word that says which of several notes
#: it is (``1ª CORREÇÃO``, ``2. Nachtrag``, ``Late update:``, ``INSTANT UPDATE:``).
_LABEL_PREFIX = compiled(
    r"\d{1,2}(?:ª|º|st|nd|rd|th|\.)\s*(?=\w)|(?:late|later|latest|final|new|newer|further"
    r"|another|additional|breaking|instant|quick|major|important|second|third|fourth|fifth"
    r"|sixth|seventh)\s+(?=\w)",
    re.IGNORECASE,
)
#: What comes between a stamp and the update label after it: ``10:15 p.m. Update``,
#: ``8月8日22時34分更新``, ``3月5日 14時20分 更新``, ``3月5日午後2時追記``, ``4月15日 22:32現在``
#: alone on its line (not ``2024/1/5 更新日:2024/1/6``, a stamp and the next label); a dash
#: or a colon between a live story's stamp and any label (``18h30 – Mise à jour :``).
_BEFORE_UPDATE = compiled(
    r"\s+(?=update\b)|[ \t]?(?=更新(?![日时時])|追記)|\s*(?=現在[)）】]?[ \t]*(?:\n|$))"
    r"|[ \t]*[—–][ \t]*|[ \t]+-[ \t]+|[ \t]*:[ \t]+",
    re.IGNORECASE,
)
#: Labels that make a note only after their stamp: ``4月15日 22:32現在`` ("as of").
_STAMP_FIRST = frozenset(["現在"])
#: A time of day alone in the brackets that close a paragraph, after a label that is one only
#: at the start of a paragraph: the text's own state, "... wird umgeleitet. (Stand: 13.30 Uhr)"
#: (a date in them says how old a figure is: "(Stand: 31.12.2022)").
_TIME_OF_TEXT = compiled(r"\s*:?\s*(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s*Uhr\s*[)\]][ \t]*(?:\n|\Z)")
_STAMP_BRACKET = compiled(r"\s*[(\[（]\s*")
_STAMP_CLOSE = compiled(r"\s*[)\]）]")
_STAMP_SPACE = compiled(r"\s*\|\s*|(?:\s*,)?\s+")
_LABEL_END = compiled(
    r"(?P<colon>\s*[:：])|(?P<dash>\s*(?:[—–]|-{1,2})(?=\s))|(?P<dot>\s*\.(?=\s|$))"
    r"|(?P<close>\s*[)\]】〕］）>〉》＞])|(?P<pipe>(?=\s*[|·•](?:\s|$)|\s+(?:조회|댓글)))"
    rf"|(?P<capital>(?=\s+(?-i:[{_CAPITALS}{_CJK}\"“‘«„(\[])))"
    r"|(?P<participle>(?=\s+(?:with|to)\s))|(?P<end>\s*$)"
    r"|(?P<words>(?=\s+\S))",
    re.IGNORECASE,
)
#: A heading: up to 25 words, none with a sentence's end (a period, ! or ?).
_HEADING = compiled(r"(?:[^\s.!?]+\s+){0,24}[^\s.!?]*")
#: What makes a heading a lexicon's or a page's title, not a notice: a qualifier in brackets
#: after the label's word and nothing else ("Rectificatie (journalistiek)").
_QUALIFIER = compiled(r"\s*\([^\d()]{2,40}\)\s*$")
#: A pattern that matches anywhere, reading nothing: a stamp with nothing before it.
_NOTHING = compiled("")
_SPACES = compiled(r"\s*")


class Label(NamedTuple):
    """A label at the start of a note, ``[Update (8/18/21, 10:15 p.m. ET):``."""

    start: int
    end: int  # after its separator
    opened: int | None  # after the bracket that opens it (and spaces), if there is one
    kind: NoteKind
    word: str  # as written: "Update", "Corrections", "Editor's note"
    stamp: str | None  # as written, before or after the word
    separator: str  # colon, dash, dot, close, capital, participle, pipe or end
    separated: int  # where the separator starts

    @property
    def participle(self) -> bool:
        """``Updated``, ``Corrected``, not ``Update``."""
        return self.word.lower().endswith("ed")

    def is_prose(self, text: str) -> bool:
        """Whether the label's word is prose, not a label: a word that needs a stamp to be a
        label and has none; one before "with" or "to" that is not a participle ("Updated Aug.
        19 with comment" is a label, "Update Aug. 19 to" is not); one before a closing bracket
        with no opening bracket before it; one before other words, unless it is an update's
        stamp line at the start of its paragraph ("Oppdatert sist onsdag 4. mars klokken 18.10
        basert på ...")."""
        if self.stamp is None and self.needs_stamp(text):
            return True
        if self.separator == "colon" and _DEFINITION.match(text, self.end):
            return True  # a corrections policy's glossary: "Fe de erratas: corrige errores ..."
        if self.separator == "words":
            return self.kind is not NoteKind.UPDATE or self.start != 0 or self.opened is not None
        if self.separator == "participle" and not self.participle:
            return True
        return self.separator == "close" and self.opened is None

    def heads_next(self) -> bool:
        """A label's word alone on its paragraph, as a heading over the paragraph that is
        its note (``Nachtrag``, ``Correction``): a singular noun, not a participle
        ("Updated" alone is a stamp line without its stamp) nor a word of a page's controls."""
        word = " ".join(self.word.casefold().split())
        return (
            self.start == 0
            and self.separator == "end"
            and self.opened is None
            and self.stamp is None
            and not self.participle
            and word not in _NOT_HEADINGS
            and not _PLURAL_LABEL.search(word)
            and word not in patterns().line_only
        )

    def needs_stamp(self, text: str) -> bool:
        """Whether the label is one only with a stamp: before a period, a capital, "with",
        "to" or a bar ("Updated." is a word); alone at the end of its paragraph, unless in
        brackets or an editor's note; a plural, which heads a list ("Updates:",
        "Corrections:"); a participle after a bullet ("- Updated: dark mode"). Not one after
        the ※ mark before a space and its text (``※訂正 記事中の ...``)."""
        if self.separator == "dot" and self.opened is not None:
            return False  # "[Texto corregido. No había encontrado ...]"
        if self.separator == "capital" and _marked(text, self.start):
            return False
        if self.separator in ("dot", "capital", "participle", "pipe", "words"):
            return True
        alone = self.separator == "end" and self.opened is None
        if alone and self.kind is not NoteKind.EDITORS_NOTE:
            return True
        if self.word.lower() in ("updates", "corrections", "clarifications"):
            return True
        return self.participle and _BULLET.search(text, 0, self.start) is not None


def _marked(text: str, start: int) -> bool:
    """Whether the line before ``start`` is only the ※ mark (and spaces)."""
    newline = text.rfind("\n", max(0, start - 12), start)
    if newline < 0 and start > 12:
        return False
    return text[newline + 1 : start].strip(" \t") == "※"


def read_label(text: str, start: int = 0) -> Label | None:
    """The label at ``start``: a bracket, a stamp before an update, the word, a stamp after
    it, a separator; each part that may be missing is tried with, then without."""
    bracket = _LABEL_OPEN.match(text, start)
    for opened in ([bracket.end()] if bracket else []) + [start]:
        before = stamp_after(text, opened, _NOTHING, _BEFORE_UPDATE)
        for stamp, at in ([(text[opened : before[1]], before[2])] if before else []) + [
            (None, opened)
        ]:
            prefix = _LABEL_PREFIX.match(text, at) if stamp is None else None
            word = (prefix and patterns().label_word.match(text, prefix.end())) or (
                patterns().label_word.match(text, at)
            )
            if word is None or (stamp is None and word.group() in _STAMP_FIRST):
                continue  # "現在も" is a word: "as of" heads a note only after its stamp
            number = patterns().label_number.match(text, word.end())
            for word_end in ([number.end()] if number else []) + [word.end()]:
                label = _label_end(text, start, opened, word, word_end, stamp)
                if label is not None:
                    return label
    return None


def _label_end(
    text: str, start: int, opened: int, word: re.Match[str], word_end: int, stamp: str | None
) -> Label | None:
    """The label whose word (and number) ends at ``word_end``: with a stamp after it, or
    without, then a separator."""
    if start == opened == 0 and _heading_line(text, word, word_end):
        kind = _word_kind(word)
        return Label(start, word_end, None, kind, word.group(), stamp, "heading", word_end)
    after = _stamp_after_label(text, word_end)
    for stamp_text, position in ([after] if after else []) + [(stamp, word_end)]:
        end = _LABEL_END.match(text, position)
        if end is None or not _fits(word, end, stamp_text, position == word_end):
            continue
        stamped = word.group("STAMPED")
        if _out_of_line(text, start, opened, word, word_end):
            return None  # "(Stand: 5. Februar 2020)" says how old data is
        kind = _word_kind(word)
        return Label(
            start=start,
            end=end.end(),
            opened=opened if opened != start else None,
            kind=kind,
            word=stamped or word.group(kind.name),
            stamp=stamp_text.strip(" ,()[]|") if stamp_text else None,
            separator=end.lastgroup or "",
            separated=end.start(),
        )
    return None


def _out_of_line(text: str, start: int, opened: int, word: re.Match[str], word_end: int) -> bool:
    """Whether a label that is one only at the start of a paragraph ("Stand:") is elsewhere:
    not at its start, unless in the brackets that close it with a time of day alone
    ("... wird umgeleitet. (Stand: 13.30 Uhr)")."""
    if word.group().casefold() not in patterns().line_only or not (start or opened != start):
        return False
    return opened == start or _TIME_OF_TEXT.match(text, word_end) is None


def _fits(word: re.Match[str], end: re.Match[str], stamp: str | None, unstamped: bool) -> bool:
    """Whether a separator may end a label: words only after a stamp after the label's word
    (``Oppdatert 4. mars kl. 18.10 basert på ...``); a word that needs a stamp only with one
    ("Note:" alone is prose; "Note (Aug. 19):" a label)."""
    if end.lastgroup == "words" and unstamped:
        return False
    return word.group("STAMPED") is None or bool(stamp)


def _heading_line(text: str, word: re.Match[str], word_end: int) -> bool:
    """A heading line that a label's word heads: ``Sprostowanie Komitetu ...``, not a title
    with a qualifier in brackets (``Rectificatie (journalistiek)``)."""
    heading = _heading_word(word) and _HEADING.fullmatch(text) is not None
    return heading and not _QUALIFIER.match(text, word_end)


def _heading_word(word: re.Match[str]) -> bool:
    """A label that heads a heading line: ``Sprostowanie Komitetu ...``."""
    return " ".join(word.group().casefold().split()) in patterns().headings


def _word_kind(word: re.Match[str]) -> NoteKind:
    return next((k for k in NoteKind if word.group(k.name) is not None), NoteKind.UPDATE)


def _stamp_after_label(text: str, position: int) -> tuple[str, int] | None:
    """A stamp after a label's word, in brackets or after a space (or a comma), as written."""
    found = stamp_after(text, position, _STAMP_BRACKET, _STAMP_CLOSE) or stamp_after(
        text, position, _STAMP_SPACE
    )
    return (text[position : found[2]], found[2]) if found else None


#: What ends a stamp right after a label's separator: ``Correction: Aug. 5, 2021:``; the
#: next field of a stamp line (``Aktualizacja: 28.12.2020 06:07 Publikacja: ...``); a page's
#: words after a CJK stamp (``更新日:2023年4月6日 印刷ページ表示``); the end of the stamp's line,
#: under a heading (``<바로잡습니다>``, then ``2023. 2. 2. 10:39``). Not a dotted date's own
#: period (``05.03`` of ``05.03.2024`` is no time).
_AFTER_STAMP_END = compiled(
    r"\s*(?:[:：]|\.(?!\d)|[—–]|-{1,2}(?=\s))|(?=\s*$)|(?=\s*[|·•](?:\s|$))|(?=[ \t]*\n)"
    r"|(?=\s*[)\]）】〕］])|(?=\s+[^\W\d_]+\s*:\s)"
    rf"|(?<=[日일\d])(?=\s+[{_CJK}])"
)
_BULLET = compiled(r"(?:^|\s)[-*•]\s+$")
#: What a byline holds after its update stamp, after a dash or a bar: the reading time or a
#: video's length (``23 févr. 2022 à 14:25 | mis à jour le 23 févr. 2022 à 19:17 - Temps de
#: lecture : 2 min``, ``Mis à jour le 01/04/2021 15:52 Temps de lecture : < 1 min``,
#: ``Actualizado: 15/04/2019 21:45h | Tiempo de lectura: 3 min``). The stamp ends the note there.
BYLINE_FURNITURE = compiled(
    r"\s*(?:[-–—|·•]\s*)?(?:temps\s+de\s+lecture|durée\s+de\s+(?:la\s+)?(?:vidéo|lecture)"
    r"|tiempo\s+(?:estimado\s+)?de\s+lectura|tempo\s+(?:estimado\s+)?de\s+leitura"
    r"|tempo\s+(?:di\s+)?lettura|lecture\s*:\s*\d|lectura\s*:\s*\d|leitura\s*:\s*\d"
    r"|lettura\s*:\s*\d)\b[^\n]{0,40}$",
    re.IGNORECASE,
)

#: What a corrections policy writes after a label it defines: how the label is used, not a note
#: ("Fe de erratas: corrige errores tipográficos", "RECTIFICATIF : Dans le cadre d'une erreur
#: signalée", "Atualização: é usada quando ...").
_DEFINITION = compiled(
    r"\s*(?:se\s+(?:usa|utiliza|emplea|aplica)\b|s[\x27’]utilise\b|est\s+utilisée?\b"
    r"|si\s+(?:usa|utilizza|applica)\b|(?:é|são)\s+(?:usad|utilizad|aplicad)[oa]s?\b"
    r"|(?-i:corrige)\s+(?:errores|erros|erreurs|información|informação|informações|datos|dados)\b"
    r"|dans\s+le\s+cadre\s+d[\x27’]une?\s+(?:précision|erreur|correction|rectification"
    r"|mise\s+à\s+jour|modification|information))",
    re.IGNORECASE,
)
#: Label words that, alone on a line, are more often a page's button or menu than a heading.
_NOT_HEADINGS = frozenset(["edit", "modified", "maj", "更新", "수정", "추가"])
#: A plural label heads a list or a page's section ("Corrections and clarifications").
_PLURAL_LABEL = compiled(r"\b(?:updates|corrections|clarifications)\b")
#: A cheap test that a paragraph might hold a note at all, run on it lowercased (a paragraph in
#: brackets is always looked at: wire services' notes start with many verbs).
_TRIGGER_WORDS = (
    "updat|correct|clarif|retract|editor|note|version|amended|regret|error|withdr|revised"
    "|changed|removed|refiled|rewrit|unpublish|edited|modified|expanded|republish|taken down"
    "|previously|originally|initially|incorrect|wrongly|mistaken|erroneous|inaccurate|misstat"
    "|misspel|misident|misattrib|misquot|misreport|mischaracter|misnam|mislabel|misrepresent"
    "|we are advised|understat|overstat|outdated|omitted|reversed|transposed|wrong|we stated"
    "|we reported|we wrote|we said"
)
#: What comes before an update stamp inside a byline line: a separator or a publication
#: stamp (``By Jane Doe | Updated 9:02 a.m.``, ``Posted Tue 14 Mar 2023, updated ... at
#: 9:02am``, ``Le Monde | 04.05.2015 à 13h36 • Mis à jour le ...``, ``Posted: May 3, 2024 /
#: Updated: ...``).
_BYLINE_BEFORE = (
    r"(?:(?P<bar>[|·•]\s*|(?<=\s)/\s+)|[;,]\s*|(?<=\d)\s+|(?<=[ap]\.m\.)\s+|(?<=[ap]m)\s+|(?<=\dh)\s+"
    r"|(?<=\d)\s+[-–—]\s+)"
)


def stamp_after_separator(text: str, label: Label) -> tuple[str | None, int]:
    """The label's stamp and where its note's words begin: a label without a stamp may have
    one right after its colon or dash (``Correction: Aug. 5, 2021:``)."""
    if label.stamp is None and label.separator in ("colon", "dash", "close"):
        lead = _STAMP_BRACKET if text.startswith(("(", "（"), label.end) else _SPACES
        after = stamp_after(text, label.end, lead, _AFTER_STAMP_END)
        if after is not None:
            return text[after[0] : after[1]], after[2]
    return label.stamp, label.end


def note_zones(note: str, stamp: str) -> dict[str, tzinfo] | None:
    """The zone abbreviations that the language of the label opening ``note`` reads its own
    way ("CST" in ``更新时间: 2024-03-05 14:20 CST`` is China's), if its ``stamp`` names one."""
    if not any(name in stamp for name in _own_zone_names()):
        return None  # the label is read again only for a stamp that names such a zone
    label = read_label(note)
    return label_zones(label.word) if label is not None else None


@cache
def _own_zone_names() -> frozenset[str]:
    """The zone abbreviations some language reads its own way."""
    return frozenset(name for zones in catalogue().label_zones.values() for name in zones)


def day_first_label(label: Label, note: str = "") -> bool:
    """Whether a label's language writes numeric dates day first (``Aktualisiert 05/08``). A
    label English shares with such a language (``Correction``, ``Clarification``) is English's,
    month first, when what follows it (``note``) is written in English: ``Correction (5/1/24):
    The story ...``."""
    word = " ".join(label.word.split()).casefold()
    if word not in patterns().day_first:
        return False
    if _ENGLISH_LABEL.fullmatch(word) is None:
        return True
    return len({w.casefold() for w in _ENGLISH_WORDS.findall(note, 0, 300)}) < 2


#: The labels built in for English, and words that say a note is written in English (none of
#: them a word of the languages that share its labels).
_ENGLISH_LABEL = compiled("|".join(f"(?:{p})" for p in _KIND_LABELS.values()))
_ENGLISH_WORDS = compiled(
    r"\b(?:the|this|that|was|were|has|have|been|which|of|with|and|by|from|story|misstated|"
    r"incorrectly|earlier|said|should|would)\b",
    re.IGNORECASE,
)


#: A notice's title: a short line with no sentence's end.
#: (a newsletter's numbered item may open it: "19. 前号記事訂正", "3) Correction")
_TITLE = compiled(r"(?:\d{1,3}[.)][ \t]+)?[^.!?。\n]{1,150}(?<![.!?:。])")


def title_above(
    paragraphs: Sequence[tuple[int, str]], index: int, taken: int
) -> tuple[int, NoteKind] | None:
    """A notice's title above the note that opens the paragraph at ``index``, which ends with
    a correction's label (``'...' 관련 정정보도``, ``…についての訂正``, ``更正``): right above it,
    or over one short line between (the issue or the date it appeared in, ``期次:第1471期``),
    and not in the note before (which ends at ``taken``): where it starts, and the kind it names.
    """
    for above in range(index - 1, max(index - 3, -1), -1):
        offset, line = paragraphs[above]
        if offset < taken or not _TITLE.fullmatch(line):
            return None
        kind = title_kind(line)
        if kind is not None:
            return offset, kind
    return None


def title_kind(line: str) -> NoteKind | None:
    """The kind a correction's label names at the end of a notice's title (``'...' 관련
    정정보도``) or among its first three words (``A humble apology to the DA``, ``An apology
    for our headline error``), if one does."""
    found = patterns().title_label.search(line)
    if found is not None:
        return next((k for k in _TITLE_KINDS if found.group(k.name)), None)
    for word in patterns().label_word.finditer(line, 0, _TITLE_OPENING):
        named = word.lastgroup in _TITLE_NAMES and _LEAD_WORDS.fullmatch(line, 0, word.start())
        if named and word.lastgroup is not None:
            return NoteKind[word.lastgroup]
    return None


#: How far into a title its opening words reach, and the words before a label there.
_TITLE_OPENING = 40
_LEAD_WORDS = compiled(r"(?:[^\W\d_]+\s+){0,2}")


#: A short word before a noun: an article ("Eine", "Die", "En", "The").
_DETERMINER = compiled(r"[^\W\d_]{1,5}\s+")
#: Spaces before a word (a separator is not one).
_BEFORE_WORD = compiled(r"\s+(?=\w)")


def defines(paragraph: str) -> bool:
    """Whether a paragraph opens with an article and a correction's (not an update's) label
    word as the subject of a sentence, as a glossary's or an encyclopedia's entry under that
    word does ("Eine Gegendarstellung ist ...", "En rättelse är ..."): a definition, not a
    note (nor a label: "Die Korrektur: ...")."""
    article = _DETERMINER.match(paragraph)
    word = patterns().label_word.match(paragraph, article.end()) if article else None
    if word is None or word.lastgroup in ("UPDATE", "STAMPED"):
        return False
    spaces = _BEFORE_WORD.match(paragraph, word.end())
    return spaces is not None and paragraph[spaces.end()].islower()  # a verb, an adjective


def kind_by_words(note: str) -> NoteKind:
    """The kind a note's words say, in any language of the catalogue: a retraction, a
    clarification, a correction, else an update."""
    return kind_said(lambda words: words.search(note) is not None)


def kind_said(says: Callable[[re.Pattern[str]], bool]) -> NoteKind:
    """:func:`kind_by_words` of a text that ``says`` (whether it holds a kind's words) asks
    about: a retraction, a clarification, a correction, else an update."""
    return next((kind for kind, words in patterns().kinds if says(words)), NoteKind.UPDATE)


def sentence_kind(
    kind: NoteKind | None, note: str, says: Callable[[re.Pattern[str]], bool]
) -> NoteKind:
    """The kind of a note in a catalogue's sentence: the one the catalogue gives it (or, with
    none, the one its words say), but a correction whose paragraph goes on to say it
    clarifies (``says`` the words of a clarification, and none of a retraction before them in
    the order of the kinds) is a clarification ("I fredagens tidning skrev NSD ... NSD vill
    förtydliga"), unless it apologises for its error ("... clarify the position and
    apologise for the error": a correction)."""
    if kind is None:
        return kind_by_words(note)
    clarifies = kind is NoteKind.CORRECTION and kind_said(says) is NoteKind.CLARIFICATION
    return NoteKind.CLARIFICATION if clarifies and not says(_FOR_THE_ERROR) else kind


#: A notice's apology for its error, which makes it a correction whatever else it says.
_FOR_THE_ERROR = compiled(
    r"\b(?:apologi[sz]e|regret)\w*\s+(?:for\s+)?(?:the|this|our|any|these)\s+(?:errors?|mistakes?)\b",
    re.IGNORECASE,
)


#: What opens a list's item before its label: ``- Correction: ...``, ``• Retraction: ...``.
_ITEM_OPENING = compiled(r"[ \t]*[-–•*·▪][ \t]*")


def without_glossary(text: str, notes: Sequence[Note]) -> tuple[Note, ...]:
    """The notes of a text, less a policy page's or a glossary's list of labels: items that
    each open with a label of another kind, three kinds or more ("- Correction: a factual
    error ...", "- Clarification: ...", "- Retraction: ..."), define them; no article's notes
    are such a list."""
    items = [
        n for n in notes if _ITEM_OPENING.fullmatch(text, text.rfind("\n", 0, n.start) + 1, n.start)
    ]
    if len({n.kind for n in items}) < 3:
        return tuple(notes)
    return tuple(n for n in notes if n not in items)


def closes_above(notes: Sequence[Note], paragraphs: Sequence[tuple[int, str]], index: int) -> bool:
    """Whether an apology that opens the paragraph at ``index`` closes the note above it
    (a correction, not a stamp line), at most three paragraphs up."""
    if not notes or notes[-1].kind is NoteKind.UPDATE or index == 0:
        return False
    return notes[-1].end > paragraphs[max(index - 3, 0)][0]


def joins_above(
    notes: Sequence[Note],
    paragraphs: Sequence[tuple[int, str]],
    index: int,
    hit: tuple[bool, int, bool],
) -> bool:
    """Whether the note found in the paragraph at ``index`` (whether it ``closes`` a notice,
    where it starts, whether a label heads it) is the rest of the note above: an apology that
    closes it, or a sentence that opens the paragraph under a label and its stamp's line."""
    closes, start, labelled = hit
    if closes:
        return closes_above(notes, paragraphs, index)
    return start == 0 and not labelled and _dated_label_above(notes, paragraphs, index)


def _dated_label_above(
    notes: Sequence[Note], paragraphs: Sequence[tuple[int, str]], index: int
) -> bool:
    """Whether the note above the paragraph at ``index`` is a correction's (or another
    notice's) label and the line of its stamp only, right above it (``Correction`` over
    ``May 3, 2024``): the paragraph is that note's text."""
    if not notes or notes[-1].kind is NoteKind.UPDATE or index == 0:
        return False
    offset, line = paragraphs[index - 1]
    return notes[-1].stamp == line and notes[-1].end == offset + len(line)


#: A paragraph that opens a paper's apology with the story it published, by its date or its
#: title: "On 19 June 2008 we reported that ...", "In articles we wrote and published ... we
#: stated that ...", the lead of a notice whose admission and apology follow below it (not
#: "On 2 April the Council said ...": news).
_OWN_STORY = compiled(
    r"[“\"‘]?(?:on|in)\s+(?:(?:\d{1,2}\s+)?(?:jan|feb|march|april|may|june|july|aug|sept?|oct|nov"
    r"|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?"
    r",?\s+)?(?:(?:in\s+)?(?:(?:an?|our)\s+(?:[\w'’-]+\s+){0,2}?(?:article|story|report|item|column"
    r"|feature|piece|editorial)s?|articles|stories)\b[^\n]{0,200}?)?we\s+(?:\w+ly\s+)?"
    r"(?:reported|published|stated|said|suggested"
    r"|alleged|claimed|wrote|printed|used|ran)\b",
    re.IGNORECASE,
)


def opened_above(
    notes: Sequence[Note], paragraphs: Sequence[tuple[int, str]], index: int, start: int
) -> int:
    """Where the notice starts that an apology opening the paragraph at ``index`` closes, when
    no note above does: the paragraph one or two up that names the paper's own story ("On 19
    June 2008 we reported ..." over "We wish to make clear ..." over "We apologise to Mr X
    ..."); else ``start``."""
    floor = notes[-1].end if notes else 0
    for above in range(index - 1, max(index - 3, -1), -1):
        offset, paragraph = paragraphs[above]
        if offset < floor:
            break
        if _OWN_STORY.match(paragraph):
            return offset
    return start


#: A reader's comment's header: "sarah sagt:" or "admin says:" alone on its line, "geschrieben
#: von berg2012 am 23. Jan. 2015, 08:02", a "[ antworten ]" (reply) link.
_COMMENT_HEADER = compiled(
    r"^(?:[^\s:][^:\n]{0,40}\s(?:sagt|says|skriver|schreef|schrijft|pisze|napisał|napisała|"
    r"svarar|svarer|antwortet|replies|writes)\s*:[ \t]*$|geschrieben\s+von\s+\S[^\n]{0,60}"
    r"\s+am\s+\d|\[\s*(?:antworten|reply|svar|svara|odpowiedz|reageer|beantworten)\s*\])",
    re.IGNORECASE | re.MULTILINE,
)


def in_comment(paragraphs: list[tuple[int, str]], index: int) -> bool:
    """Whether the paragraph at ``index`` is a reader's comment (or a site's reply to one): a
    comment's header is in it or in one of the two paragraphs above it ("Wir haben den Fehler
    korrigiert!" under "admin sagt:" is no editors' note of the story)."""
    above = paragraphs[max(index - 2, 0) : index + 1]
    return any(_COMMENT_HEADER.search(paragraph) for _, paragraph in above)


#: What ends a stamp that leads an announcing sentence: ``May 3, 2024: This story has been
#: updated ...``, ``18h30 – Cet article a été ...``.
_LEAD_END = compiled(r"[ \t]*(?::|[—–]|-(?=\s))[ \t]*(?=\S)")


def stamp_lead(text: str, start: int) -> tuple[str | None, int]:
    """A stamp and a colon or a dash at ``start``, before a sentence: the stamp, and where
    the sentence begins (no stamp, and ``start``, if there is none)."""
    window = text[start : start + 48]  # a stamp is short: look for one only before a separator
    if not (
        window[:1].isalnum() and (":" in window or "—" in window or "–" in window or "-" in window)
    ):
        return None, start
    found = stamp_after(text, start, _NOTHING, _LEAD_END)
    return (text[found[0] : found[1]], found[2]) if found else (None, start)


#: What follows a stamp at a sentence's end: not a period of its own numbers (``18.30.``).
_SENTENCE_STAMP_END = compiled(r"(?<!\d\.)(?=[\s.,;!?)）]|$)")


def sentence_stamp(
    text: str, found: tuple[int, int], lead: str | None, dated: bool
) -> tuple[str | None, int]:
    """The stamp of an announcing sentence whose words are at ``found``, and where it ends
    after them (or 0): the stamp that leads it; if the sentence says the article was updated,
    the first stamp inside its words (``... is op 02-05-2010 bijgewerkt``) or right after them
    (``Cet article a été mis à jour le 3 mai 2024 à 18h30.``)."""
    start, end = found
    if lead is not None or not dated:
        return lead, 0
    for component in grammar().component.finditer(text, start, end):
        within = stamp_after(text, component.start(), _NOTHING)
        if within is not None and within[1] <= end:
            return text[within[0] : within[1]], 0
    after = stamp_after(text, end, _STAMP_SPACE, _SENTENCE_STAMP_END)
    return (text[after[0] : after[1]], after[1]) if after else (None, 0)
