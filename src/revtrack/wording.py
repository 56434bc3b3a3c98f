"""The words revtrack reads notes and changes by, in several languages: what a note
announces (additions, removals, corrections, a general update), the words too common to say
what a note is about, the words that turn a statement around or name a date or an amount, and
how a note points to paragraphs. Data only; :mod:`revtrack.account` applies it."""

from __future__ import annotations

import re
from functools import lru_cache

from revtrack.lazy import compiled

#: Words whose change turns a statement around.
NEGATIONS = frozenset(
    """not no never none nobody nothing neither nor without cannot cant nowhere
    nicht kein keine keinen keiner keinem nie niemals nichts niemand weder
    ne pas jamais rien personne aucun aucune ni sans
    nunca nada nadie ningún ninguno ninguna sin tampoco
    non mai nessuno nessuna niente nulla senza né
    não nem nenhum nenhuma jamais
    niet geen nooit niets niemand zonder
    inte ingen inget aldrig ikke ingen aldri ei""".split()
)
#: Words that name a date or a time.
DATE_WORDS = frozenset(
    """january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
    friday saturday sunday yesterday today tomorrow tonight
    januar februar märz juni juli oktober dezember montag dienstag mittwoch donnerstag
    freitag samstag sonntag gestern heute morgen
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche hier demain aujourd'hui
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
    diciembre lunes martes miércoles jueves viernes sábado domingo ayer hoy mañana""".split()
)
#: Words that name an amount.
NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve twenty thirty
    forty fifty hundred hundreds thousand thousands million millions billion billions
    trillion dozen dozens half percent first second third fourth fifth tenth
    million millionen milliarde milliarden tausend hundert prozent
    millier milliers milliard milliards cent pour
    millón millones mil cien ciento por""".split()
)


def _vocabulary(*stems: str) -> re.Pattern[str]:
    return compiled(r"\b(?:" + "|".join(stems) + r")", re.IGNORECASE)


#: Announcements of additions: "updated with comment", "adds reaction", "to include",
#: "omitted" (an omission made good).
ADDS = _vocabulary(
    r"add(?:s|ed|ing|ition)",
    r"includ",
    r"(?:with|to\s+include)\s+(?:[\w'’]+\s+){0,3}?"
    r"(?:comments?|reactions?|responses?|statements?|details?|information|quotes?|videos?|"
    r"photos?|background|context|analysis|figures|results|interviews?|remarks)",
    r"omit",
    r"expand",
    r"ergänz",
    r"hinzugefügt",
    r"ajout",
    r"complét",
    r"añad",
    r"agreg",
    r"incorpor",
    r"aggiunt",
    r"acrescent",
    r"toegevoegd",
    r"aangevuld",
    r"aanvulling",
    r"complément",
    r"uppdaterad\s+med",
    r"oppdatert\s+med",
    r"opdateret\s+med",
    r"tilføj",
    r"lagt\s+til",
)
#: Announcements of removals: "amended to remove", "a quote has been deleted".
REMOVES = _vocabulary(
    r"remov",
    r"delet",
    r"taken\s+out",
    r"took\s+out",
    r"withdr[ae]w",
    r"cut\b",
    r"entfernt",
    r"gestrichen",
    r"gelöscht",
    r"supprim",
    r"retiré",
    r"elimin",
    r"retirad",
    r"borrad",
    r"rimoss",
    r"eliminat",
    r"removid",
    r"verwijderd",
    r"zurückgezogen",
    r"annul",
    r"trukket",
    r"fjernet",
    r"borttag",
)
#: Announcements of corrections: "misstated", "incorrectly", "gave the wrong".
CORRECTS = _vocabulary(
    r"correct",
    r"clarif",
    r"mis(?:stat|identif|spel|quot|attribut|characteri|report|named|describ|labell?ed)",
    r"incorrect",
    r"wrong",
    r"erroneous",
    r"in\s+error",
    r"inaccura",
    r"mistaken",
    r"fix(?:ed|es)\b",
    r"berichtig",
    r"korrigier",
    r"fälschlich",
    r"irrtümlich",
    r"rectifi",
    r"par\s+erreur",
    r"erron",
    r"corrig",
    r"errónea",
    r"por\s+error",
    r"rettific",
    r"erroneamente",
    r"gecorrigeerd",
    r"abusievelijk",
    r"versehentlich",
    r"richtigstell",
    r"mistakenly",
    r"rectificatif",
    r"il\s+fallait\s+lire",
    r"erramos",
    r"leia-se",
    r"errata",
    r"fe\s+de\s+errores",
    r"contrariamente",
    r"rättelse",
    r"rettelse",
    r"korrig",
    r"präzisier",
    r"précis",
)
#: A general update: "this article has been updated", "amended", "edited".
GENERAL = _vocabulary(
    r"updat",
    r"amend",
    r"edit(?:ed|s)\b",
    r"chang",
    r"revis",
    r"aktualisiert",
    r"geändert",
    r"mis\s+à\s+jour",
    r"modifi",
    r"actualiz",
    r"aggiornat",
    r"atualiz",
    r"bijgewerkt",
    r"uppdater",
    r"oppdater",
    r"opdater",
    r"überarbeitet",
)


#: Words every note may use, left out when telling what a note is about.
BOILERPLATE = frozenset(
    """a an the this that these those of to in on at for with from by and or but as is was were
    are has have had been be it its article story post report piece version earlier previous
    original update updated updates correction corrected corrects clarification clarified
    editor editors note s misstated incorrectly said stated reported not our we last""".split()
)
#: Words too common to tell what a note or a sentence is about.
COMMON = BOILERPLATE | frozenset(
    """he she they his her their them him i you it's who which what when where how also than
    then there here about after before into over under more most some any all one new
    would could should will can may might did do does said says say according
    der die das den dem des ein eine und oder ist war wurde hat mit von zu im für auf nicht
    le la les un une des du de et ou est était été avec pour par dans sur
    el los las unos unas y o es fue ha con por para en del al que se
    il lo gli una e è stato con per nel della di che
    number numbers name names spelling spelled title age date time figure figures amount
    location quote quotes quotation attribution description headline caption photo day year
    percentage""".split()
)


#: Words of a note that speak of a figure: "misstated the number", "the wrong date".
FIGURES = _vocabulary(
    r"numbers?\b",
    r"figures?\b",
    r"amounts?\b",
    r"totals?\b",
    r"counts?\b",
    r"how\s+(?:many|much|long|old|far)",
    r"per\s?cent",
    r"rates?\b",
    r"prices?\b",
    r"costs?\b",
    r"sums?\b",
    r"tolls?\b",
    r"size",
    r"ages?\b",
    r"dates?\b",
    r"days?\b",
    r"years?\b",
    r"times?\b",
    r"hours?\b",
    r"height",
    r"length",
    r"distance",
    r"weight",
    r"population",
    r"(?:an)?zahl(?:en)?\b",
    r"betr[aä]g",
    r"summe",
    r"preis",
    r"datum",
    r"alter\b",
    r"chiffre",
    r"nombre\b",
    r"montant",
    r"somme",
    r"âge",
    r"prix",
    r"combien",
    r"número",
    r"numero",
    r"cifra",
    r"cantidad",
    r"importe",
    r"importo",
    r"fecha",
    r"edad",
    r"cuánt",
    r"quant[oia]",
    r"precio",
    r"data\b",
    r"età",
    r"valor",
    r"idade",
    r"aantal",
    r"bedrag",
    r"leeftijd",
    r"antal",
    r"belopp",
    r"beløb",
    r"beløp",
    r"ålder",
    r"alder\b",
)

#: A note's pointer to paragraphs: "in paragraph 4", "paras 3 and 5", "second graf".
_PARAGRAPH_WORD = (
    r"(?:paragraphs?|paras?\b\.?|grafs?\b|pars?\.|abs[aä]tz(?:e[sn]?)?|paragraphes?|"
    r"p[aá]rrafos?|paragrafo|par[aá]grafos?|alinea(?:'s)?|stycket?|avsnitt(?:et)?|afsnit(?:tet)?)"
)
NUMBERED_PARAGRAPHS = compiled(
    rf"\b{_PARAGRAPH_WORD}\s*(\d{{1,3}}(?:\s*(?:,|&|-|–|and|to|und|bis|et|à|y|a|e|en|och|og)"
    r"\s*\d{1,3})*)",
    re.IGNORECASE,
)
ORDINAL_PARAGRAPH = compiled(rf"([\w.]+)\s+{_PARAGRAPH_WORD}", re.IGNORECASE)
PARAGRAPH_RANGE = compiled(r"^(\d+)\s*(?:-|–|to|bis|à|a)\s*(\d+)$")
#: Ordinal words by their stems, in the languages of the vocabularies above.
_ORDINALS = {
    1: "first erst premi prim eerst först først top lead opening",
    2: "second zweit deuxi segund tweede andra andre",
    3: "third dritt troisi tercer terz derde tredje",
    4: "fourth viert quatri cuart quart vierde fjärde fjerde",
    5: "fifth fünft cinqui quint vijfde femte",
    6: "sixth sechst sixi sext sest zesde sjätte sjette",
    7: "seventh siebt septi séptim settim sétim zevende sjunde syvende",
    8: "eighth acht huiti octav ottav oitav åttonde ottende",
    9: "ninth neunt neuvi noven non negende nionde niende",
    10: "tenth zehnt dixi décim decim tiende tionde",
}
ORDINAL_STEMS = sorted(
    ((stem, n) for n, stems in _ORDINALS.items() for stem in stems.split()),
    key=lambda item: -len(item[0]),
)


# --- what a sentence claims --------------------------------------------------------------

#: Verbs that attribute a statement to someone.
_SAYING = [
    *"""said says say told tells stated states announced announces added adds wrote writes
    argued argues warned warns confirmed confirms insisted insists noted notes explained sagte
    sagt erklärte betonte affirme dijo afirmó declaró señaló disse afirmou zei verklaarde sa
    sade siger sagde""".split(),
    *["teilte mit", "a déclaré", "a dit", "ha detto"],
]
#: What names a source before a statement: "According to the ministry, ...".
_ACCORDING = ["according to", *"laut selon según secondo segundo volgens enligt ifølge".split()]


def _either(phrases: list[str]) -> str:
    return "|".join(phrase.replace(" ", r"\s+") for phrase in phrases)


#: An attribution before the statement: "Maria Varga said on Tuesday that", "In an interview
#: on Sunday, the minister told reporters that".
_SAID = compiled(
    rf"^(?:(?:in|during|at)\s+[^,.;:]{{1,60}},\s*)?[^.;:]{{1,120}}?\s+(?:{_either(_SAYING)})\b"
    r"[^.;:]{0,80}?\s+(?:that|dass|que|che|dat|att|at)\s+",
    re.IGNORECASE,
)
#: What :data:`_SAID` cannot match without: the quick test before it.
_THAT = compiled(r"\s(?:that|dass|que|che|dat|att|at)\s", re.IGNORECASE)
#: A source named first: "According to the ministry,".
_NAMED = compiled(rf"^(?:{_either(_ACCORDING)})\s+[^,]{{1,80}},\s*", re.IGNORECASE)
#: An attribution after the statement (", the ministry said on Tuesday."): from a sentence's
#: last comma (none may follow it) to its end.
_TAIL = compiled(rf",\s*[^,]{{1,80}}?\s+(?:{_either(_SAYING)})\b[^,]{{0,60}}$", re.IGNORECASE)
#: Words without one of which a sentence names no source: the quick test before the pattern.
_SOURCE_WORDS = frozenset(phrase.split()[-1] for phrase in _SAYING) | frozenset(
    phrase.split()[0] for phrase in _ACCORDING
)


def _tree(words: list[str]) -> str:
    """Words as one alternation that branches where they part (``s(?:aid|ays?)``): a word
    start is tried against each first letter once, not against every word (twice as fast)."""
    heads: dict[str, list[str]] = {}
    for word in sorted(filter(None, words)):
        heads.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(head) + _tree(rests) for head, rests in heads.items()]
    optional = "" in words
    if len(branches) == 1 and not optional:
        return branches[0]
    return f"(?:{'|'.join(branches)})" + ("?" if optional else "") if branches else ""


#: One of those words, whole (``\b`` on both sides of a word's letters: no letter, digit or
#: ``_`` next to it), as a run of ``\w`` of the sentence in lower case would be: one pass in
#: the engine rather than the list of a long sentence's words.
_SOURCE_WORD = compiled(rf"\b{_tree(list(_SOURCE_WORDS))}\b")


@lru_cache(maxsize=1 << 14)
def claim(sentence: str) -> str:
    """What a sentence says, its attribution left out: two statements of one speaker are
    told apart by what each says, not by who said it and when.

    The attribution is at most one at the start (:data:`_SAID`, else :data:`_NAMED`) and one
    from the last comma on (:data:`_TAIL`), each tried only where it can be."""
    if len(sentence) > 1000 or not _SOURCE_WORD.search(sentence.lower()):
        return sentence  # (no sentence that long is one statement: a passage is left whole)
    text = sentence.rstrip(".!?\"'”’ ")
    lead = (_THAT.search(text) and _SAID.match(text)) or _NAMED.match(text)
    start = lead.end() if lead else 0
    comma = text.rfind(",")
    tail = _TAIL.match(text, comma) if comma >= start else None
    kept = text[start : tail.start()] + text[tail.end() :] if tail else text[start:]
    return kept or sentence
