"""A synthetic English news article and a newsroom that revises it, for benchmarks.

The text is deterministic for a seed: sentences from a small news grammar whose words follow a
Zipf-Mandelbrot law (function words common, a long tail of rare derived words), with a recurring
cast of named people, organisations and places, numbers and quotes, so it compresses like prose.
Each revision applies a few newsroom edits: word, number and typo fixes, a reworded sentence,
sometimes a paragraph inserted, deleted or moved, a new headline or an update note.
Consecutive versions from :func:`make_versions` are realistic before/after pairs.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

from revtrack.text import count_words, normalize

__all__ = ["Editor", "make_versions"]

T = TypeVar("T")


def _words(text: str, separator: str | None = None) -> list[str]:
    """The distinct words of ``text``, in order."""
    return list(dict.fromkeys(text.split(separator)))


# Every list runs roughly from most to least frequent, the order Zipf draws follow.

DETERMINERS = _words("the a its their this his her some another that every each no")
PREPOSITIONS = _words(
    "of in to for on with at by from after over about during under against before since "
    "between into across through near amid without toward despite"
)
CONJUNCTIONS = _words("and but while because although as after before since until though")
PRONOUNS = _words(
    "it|they|officials|residents|critics|analysts|many|others|both sides|he|she|the group|"
    "the company|the government",
    "|",
)
NOUNS = _words(
    "government official minister year week company police report plan city time people "
    "country state council deal agreement talks month day group member leader party vote "
    "election authority committee statement decision family worker union contract project "
    "program policy budget cost price rate bank court case law market economy industry "
    "business service system area region village road bridge river coast harbor port airport "
    "station hospital doctor patient student teacher child parent resident community crowd "
    "protest meeting session investigation inquiry evidence witness lawyer judge trial charge "
    "prison attack fire storm flood damage power outage water supply food fuel energy oil gas "
    "emission climate weather forecast season crop farmer land property housing rent home "
    "building street neighborhood district province capital border army soldier weapon "
    "ceasefire conflict war peace negotiation proposal demand offer response question answer "
    "concern risk threat warning measure rule regulation standard license permit fee fine "
    "penalty loss profit revenue share investor stock bond debt loan payment salary job "
    "employee employer strike dispute interview survey poll analysis study figure number "
    "record level increase decline growth recovery crisis problem issue challenge effort "
    "strategy goal reform change move step process period history tradition culture festival "
    "museum library church team player coach match game fan stadium club title victory defeat "
    "injury spokesperson spokeswoman spokesman director executive chairman lawmaker senator "
    "mayor governor president diplomat negotiator delegation ministry agency department office "
    "headquarters source document letter email message account network platform website app "
    "software device battery vehicle car truck train bus ship container cargo terminal route "
    "schedule delay cancellation passenger customer consumer product recall defect switch "
    "kettle appliance retailer manufacturer supplier factory plant facility site operation "
    "shift crew engineer inspector regulator watchdog auditor audit review finding conclusion "
    "recommendation condition term clause draft text framework commission panel board seat "
    "majority minority coalition opposition campaign candidate voter ballot turnout result "
    "margin count recount appeal ruling verdict settlement compensation claim complaint lawsuit "
    "plaintiff defendant prosecutor sentence arrest suspect victim incident accident collision "
    "explosion blaze smoke evacuation shelter aid donation volunteer charity grant subsidy "
    "tariff export import trade partner ally neighbor rival summit forum conference speech "
    "remark comment criticism praise support opposition pressure tension crackdown sanction "
    "ambulance paramedic firefighter officer detective sergeant commander general admiral "
    "pilot sailor captain dockworker miner nurse surgeon pharmacist scientist economist "
    "historian journalist editor reporter photographer author artist musician actor athlete "
    "referee priest bishop imam rabbi activist campaigner organizer protester demonstrator "
    "landlord tenant homeowner shopkeeper merchant trader broker banker accountant consultant "
    "contractor developer architect planner surveyor landowner fisherman shepherd grower "
    "harvest drought heatwave wildfire earthquake landslide avalanche blizzard hurricane "
    "tornado typhoon cyclone tide wave wind rain snow ice frost fog temperature degree inch "
    "mile kilometer acre hectare ton barrel gallon liter dollar euro pound cent currency "
    "inflation deficit surplus pension welfare benefit allowance insurance premium mortgage "
    "deposit savings asset liability merger acquisition takeover bid auction stake dividend "
    "quarter forecast outlook estimate target threshold ceiling cap limit quota allocation "
    "shortage surplus backlog queue waiting list shelter tent camp refugee migrant asylum visa "
    "passport citizenship border checkpoint crossing tunnel highway motorway railway tram "
    "pipeline grid substation turbine reactor dam reservoir canal dock pier quay warehouse "
    "depot yard mill refinery mine quarry farm orchard vineyard forest park garden square "
    "market hall theater cinema gallery hotel restaurant cafe bakery pharmacy clinic ward "
    "laboratory classroom campus dormitory prison cell courtroom chamber parliament senate "
    "cabinet administration bureaucracy ministry embassy consulate mission envoy ambassador "
    "treaty accord pact memorandum protocol charter constitution amendment bill act statute "
    "decree ordinance motion resolution referendum petition hearing testimony affidavit "
    "subpoena warrant indictment conviction acquittal fine bail parole custody detention "
    "raid search seizure shipment consignment smuggling fraud bribery corruption scandal leak "
    "whistleblower memo spreadsheet database server hack breach outage upgrade patch update "
    "version release launch rollout pilot trial experiment vaccine dose outbreak infection "
    "virus disease symptom treatment therapy diagnosis surgery transplant donor blood organ"
)
ADJECTIVES = _words(
    "new former local national public federal regional international economic political "
    "financial military foreign domestic senior chief major key final early late recent "
    "previous current next first second third small large big high low long short strong weak "
    "significant possible likely serious severe heavy minor official independent private safe "
    "dangerous critical central northern southern eastern western rural urban annual daily "
    "weekly monthly full partial temporary permanent initial formal joint legal illegal "
    "criminal environmental social medical commercial industrial historic special general "
    "common clear difficult important additional similar unusual sharp steep modest broad "
    "narrow sweeping limited direct indirect renewed fresh unprecedented controversial "
    "disputed proposed planned expected unexpected growing rising falling widespread "
    "emergency preliminary detailed anonymous senior-level cross-border long-term short-term "
    "coastal inland mountainous remote crowded empty quiet busy fragile stable volatile "
    "uncertain confident cautious optimistic pessimistic skeptical angry frustrated worried "
    "relieved grateful furious bitter tense calm peaceful violent deadly fatal injured "
    "missing displaced homeless unemployed elderly young wealthy poor affordable expensive "
    "cheap costly profitable bankrupt insolvent liquid solvent digital electric nuclear "
    "renewable fossil green clean dirty toxic hazardous contaminated polluted flooded "
    "damaged destroyed abandoned vacant overcrowded underfunded overdue outstanding pending "
    "ongoing upcoming forthcoming scheduled unscheduled voluntary mandatory compulsory "
    "optional binding nonbinding bilateral multilateral unilateral transparent secretive "
    "confidential classified leaked alleged suspected convicted acquitted elected appointed "
    "acting interim outgoing incoming veteran prominent influential powerful vocal outspoken"
)
ADVERBS = _words(
    "also now still already only again later quickly publicly privately sharply largely "
    "initially eventually roughly nearly formally quietly repeatedly briefly"
)
_IRREGULAR_PAST = dict(
    pair.split(":")
    for pair in _words(
        "say:said tell:told make:made take:took give:gave find:found see:saw know:knew "
        "become:became begin:began leave:left bring:brought keep:kept spend:spent win:won "
        "lose:lost send:sent set:set put:put speak:spoke write:wrote rise:rose fall:fell "
        "grow:grew seek:sought run:ran hit:hit cut:cut pay:paid sell:sold buy:bought build:built "
        "lead:led meet:met hold:held plan:planned ban:banned stop:stopped drop:dropped "
        "commit:committed"
    )
)
VERBS = _words(
    "say announce expect make take approve reject confirm deny plan warn urge propose report "
    "hold meet give find tell accuse launch open close increase reduce raise cut support oppose "
    "block delay extend suspend release arrest charge investigate review discuss sign complete "
    "receive require allow ask call need describe estimate include remain continue return agree "
    "decide argue claim declare demand insist promise push face affect damage destroy restore "
    "repair evacuate rescue injure defend protect cover fund invest borrow pay sell buy build "
    "lead see know become begin leave bring keep spend win lose send set put speak write seek "
    "run hit ban stop drop commit criticize welcome question challenge dismiss acknowledge "
    "outline unveil postpone cancel resume overturn uphold appoint replace fire hire "
    "attend host visit tour inspect monitor track measure test examine assess evaluate "
    "calculate predict project forecast publish print broadcast air post share leak reveal "
    "disclose conceal hide cover expose uncover detect discover identify name rename label "
    "classify rank rate score grade mark note record register enroll recruit train employ "
    "dismiss lay retire resign quit step negotiate mediate broker settle resolve ease worsen "
    "escalate spread contain limit curb tighten loosen lift impose enforce violate breach "
    "comply pledge vow threaten vote elect nominate endorse back fund finance subsidize tax "
    "import export ship deliver transport carry load unload store stock supply provide offer "
    "donate collect gather distribute allocate divide share split merge acquire purchase"
)
MODALS = _words(
    "will|would|could|should|cannot|must|might|need to|want to|have to|plan to|hope to|"
    "intend to|may",
    "|",
)
SPEECH_VERBS = _words(
    "said|told reporters|said in a statement|added|said on Thursday|wrote in an email|"
    "said in an interview|told lawmakers|said on social media|said at a news conference",
    "|",
)
TIMES = _words(
    "on Tuesday|on Wednesday|on Thursday|last week|on Monday|on Friday|this week|earlier "
    "this month|last month|on Sunday|late on Wednesday|early on Thursday|in March|last year|"
    "on Saturday|in recent days|over the weekend|since January|in the spring|next week",
    "|",
)
FIRST_NAMES = _words(
    "Maria:f John:m Anna:f David:m Sarah:f Michael:m Elena:f James:m Laura:f Thomas:m "
    "Ilse:f Anselm:m Petra:f José:m Marisa:f Kaito:m Fatima:f Daniel:m Grace:f Omar:m "
    "Sofia:f Peter:m Nadia:f Lucas:m Hannah:f Ahmed:m Chloé:f Erik:m Mei:f Samuel:m Zoë:f "
    "Rafael:m Ingrid:f Viktor:m Amara:f Tomás:m Leila:f Henrik:m Priya:f Mateo:m"
)
LAST_NAMES = _words(
    "Varga Rook Lund Müller Tallow Ishiguro Whitlock Castañeda Fenwick Brandt Okafor Novak "
    "Lindqvist Moreau Haddad Kowalski Petrov Schultz Ramírez Nakamura Osei Dubois Jensen "
    "Marchetti Horvath Sato Kuznetsov Andersen Delgado Brennan Achterberg Nilsson Ferreira "
    "Yilmaz Costa Weber Kaplan Søndergaard O'Neill Dvořák"
)
TITLES = _words(
    "a spokeswoman for|a spokesman for|the chief executive of|the director of|an analyst at|"
    "a senior official at|the chairman of|a lawyer for|a researcher at|the head of|"
    "a former adviser to|a board member of|the general secretary of|a lecturer at",
    "|",
)
ORGANISATIONS = _words(
    "the Ministry of Finance|the Port Authority|the National Transport Agency|the city council|"
    "the Civic Renewal Party|Homeland Bloc|the Harbor Workers' Alliance|the regional "
    "government|the Foreign Ministry|the Supreme Court|the central bank|Shiranami Lines|"
    "the University of Vantry|the Consumer Safety Commission|Fenwick Home|Kettleby|the "
    "Interior Ministry|the Electricity Board|the Chamber of Commerce|the Red Cross|the "
    "Meteorological Office|the Audit Office|the Federation of Employers|the teachers' union|"
    "Northline Energy|Brellin Capital|the Ombudsman's Office|the Coast Guard",
    "|",
)
PLACES = _words(
    "Kesterhaven Brellin Vantry Ostravia Sallenmark Tillman Dornbury Halvik Marrow Estuary "
    "Quellport Ardenne Lowmarsh Castelnau Pemberly Ravensholm Sorrento Tarvik Ulmenfeld "
    "Wexcombe Yarrowdale Zellingen"
)
# Affixes that derive the long tail of rarer words from the common ones.
_NOUN_PREFIXES = _words("re sub co counter over under non pre post anti mini multi inter")
_NOUN_SUFFIXES = _words("ment er al ance ship hood ist ism")
_ADJECTIVE_SUFFIXES = _words("-related -based -wide -led -backed -owned -free -style")
_VERB_PREFIXES = _words("re over under out co pre mis")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _past(verb: str) -> str:
    for prefix in ("", *_VERB_PREFIXES):
        if verb.startswith(prefix) and verb[len(prefix) :] in _IRREGULAR_PAST:
            return prefix + _IRREGULAR_PAST[verb[len(prefix) :]]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _gerund(verb: str) -> str:
    if verb in {"plan", "ban", "stop", "drop", "commit", "run", "hit", "cut", "set", "put", "win"}:
        return verb + verb[-1] + "ing"
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return verb + "ing"


def _plural(noun: str) -> str:
    if noun in {"police", "evidence", "talks", "headquarters", "software", "cargo", "fuel"}:
        return noun
    if noun == "child":
        return "children"
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _with_article(det: str, word: str) -> str:
    return f"an {word}" if det == "a" and word[0] in "aeiou" else f"{det} {word}"


class Zipf(Generic[T]):
    """Draws from ``items`` with weight ``1 / (rank + 2.7) ** s`` (Zipf-Mandelbrot)."""

    def __init__(self, items: Sequence[T], s: float = 1.05) -> None:
        self.items = list(items)
        ranks = range(1, len(self.items) + 1)
        self.cumulative = list(accumulate(1.0 / (rank + 2.7) ** s for rank in ranks))

    def __call__(self, rng: Random) -> T:
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]


def _rare_words(rng: Random) -> tuple[list[str], list[str], list[str]]:
    """Rarer nouns, adjectives and verbs derived with English affixes, in random order.

    Real prose has thousands of word types, most seen once or twice; deriving them
    (``counterproposal``, ``union-backed``, ``reapprove``) needs no dictionary.
    """
    verbs = [v for v in VERBS if len(v) > 3]
    nouns = {
        *(_gerund(v) for v in verbs),
        *(v.removesuffix("e") + rng.choice(_NOUN_SUFFIXES) for v in verbs),
        *(rng.choice(_NOUN_PREFIXES) + n for n in NOUNS for _ in range(2)),
        *(a.removesuffix("e") + rng.choice(("ness", "ity")) for a in ADJECTIVES if "-" not in a),
    }
    adjectives = {
        *(n + rng.choice(_ADJECTIVE_SUFFIXES) for n in NOUNS for _ in range(2)),
        *("un" + a for a in ADJECTIVES if "-" not in a),
        *(rng.choice(("pro-", "anti-", "non-", "post-", "pre-")) + n for n in NOUNS),
    }
    rare_verbs = {rng.choice(_VERB_PREFIXES) + v for v in verbs for _ in range(2)}

    def ordered(words: set[str], common: Sequence[str]) -> list[str]:
        fresh = sorted(words.difference(common))
        rng.shuffle(fresh)
        return fresh

    return ordered(nouns, NOUNS), ordered(adjectives, ADJECTIVES), ordered(rare_verbs, VERBS)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    title: str
    organisation: str


class Writer:
    """Writes headlines, sentences, paragraphs and notes in the style of a news story."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        rare_nouns, rare_adjectives, rare_verbs = _rare_words(rng)
        self.nouns = Zipf(NOUNS + rare_nouns, s=0.9)
        self.adjectives = Zipf(ADJECTIVES + rare_adjectives, s=0.9)
        self.verbs = Zipf(VERBS + rare_verbs, s=0.9)
        self.determiners = Zipf(DETERMINERS, s=1.6)
        self.prepositions = Zipf(PREPOSITIONS, s=1.2)
        self.conjunctions = Zipf(CONJUNCTIONS)
        self.pronouns = Zipf(PRONOUNS)
        self.adverbs = Zipf(ADVERBS)
        self.modals = Zipf(MODALS)
        self.speech = Zipf(SPEECH_VERBS, s=1.8)
        self.times = Zipf(TIMES)
        titles = Zipf(TITLES)
        # The story's recurring cast, the first ones named most often.
        organisations = rng.sample(ORGANISATIONS, 12)
        self.organisations = Zipf(organisations)
        self.places = Zipf(rng.sample(PLACES, 10))
        people = [
            Person(name, last, gender == "f", titles(rng), rng.choice(organisations))
            for (name, gender), last in zip(
                (first.split(":") for first in rng.sample(FIRST_NAMES, 24)),
                rng.sample(LAST_NAMES, 24),
                strict=True,
            )
        ]
        self._people = Zipf(people, s=1.0)
        self._named: set[str] = set()

    def person(self) -> Person:
        return self._people(self.rng)

    def number(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.35:
            return str(rng.choice((2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30, 40, 50, 100)))
        if kind < 0.55:
            return f"{rng.randrange(11, 999) * 100:,}"
        if kind < 0.7:
            return f"${rng.randrange(12, 990) / 10:.1f} {rng.choice(('million', 'billion'))}"
        if kind < 0.85:
            return f"{rng.randrange(2, 80)} percent"
        return str(rng.randrange(1950, 2025))

    def name(self, who: Person, *, appositive: bool = False) -> str:
        """A person's full name (with their title, if asked) the first time, then the surname."""
        if who.last in self._named:
            return who.last
        self._named.add(who.last)
        full = f"{who.first} {who.last}"
        return f"{full}, {who.title} {who.organisation}," if appositive else full

    def noun_phrase(self, depth: int = 0) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.64:
            noun = self.nouns(rng)
            if rng.random() < 0.25:
                noun = _plural(noun)
            if rng.random() < 0.4:
                noun = f"{self.adjectives(rng)} {noun}"
            phrase = _with_article(self.determiners(rng), noun)
            if depth == 0 and rng.random() < 0.2:
                phrase += f" of {self.noun_phrase(depth + 1)}"
            return phrase
        if kind < 0.74:
            return self.name(self.person())
        if kind < 0.8:
            return self.organisations(rng)
        if kind < 0.85:
            return self.places(rng)
        if kind < 0.92:
            return f"{self.number()} {_plural(self.nouns(rng))}"
        return self.pronouns(rng)

    def clause(self, depth: int = 0, *, present: bool = False) -> str:
        rng = self.rng
        if present:
            subject = rng.choice(("we", "they", "I", "you", "our members", "people here"))
            verb = f"{self.modals(rng)} {self.verbs(rng)}"
        else:
            subject = self.noun_phrase()
            verb = _past(self.verbs(rng))
            if rng.random() < 0.15:
                verb = f"{self.adverbs(rng)} {verb}"
        parts = [subject, verb, self.noun_phrase()]
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2))):
            parts.append(f"{self.prepositions(rng)} {self.noun_phrase(1)}")
        if not present and rng.random() < 0.3:
            parts.append(self.times(rng))
        if depth == 0 and rng.random() < 0.2:
            parts.append(f"{self.conjunctions(rng)} {self.clause(depth + 1, present=present)}")
        return " ".join(parts)

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.42:
            text = self.clause()
        elif kind < 0.52:
            text = f"{self.name(self.person(), appositive=True)} said {self.clause()}"
        elif kind < 0.64:
            quote = _capital(self.clause(present=True))
            text = f'"{quote}," {self.name(self.person())} {self.speech(rng)}'
        elif kind < 0.7:
            quote = _capital(self.clause(present=True))
            speaker = self.name(self.person(), appositive=True).removesuffix(",")
            text = f'"{quote}," said {speaker}'
        elif kind < 0.76:
            pronoun = "she" if self.person().female else "he"
            first, second = self.clause(present=True), self.clause(present=True)
            return f'"{_capital(first)}," {pronoun} said. "{_capital(second)}."'
        elif kind < 0.86:
            intro = rng.choice(
                (
                    f"In {self.places(rng)}",
                    f"According to {self.organisations(rng)}",
                    _capital(self.times(rng)),
                    f"Since {rng.randrange(1980, 2024)}",
                    f"{_capital(self.prepositions(rng))} {self.noun_phrase(1)}",
                    "At the same time",
                    "However",
                )
            )
            text = f"{intro}, {self.clause()}"
        elif kind < 0.91:
            direction = rng.choice(("up from", "down from", "compared with"))
            text = (
                f"About {self.number()} {_plural(self.nouns(rng))} were "
                f"{_past(self.verbs(rng))} in {self.places(rng)} {self.times(rng)}, "
                f"{direction} {self.number()} {self.times(rng)}"
            )
        elif kind < 0.95:
            text = f"{self.organisations(rng)} said {self.times(rng)} that {self.clause()}"
        else:
            text = f"{self.noun_phrase()} {_past(self.verbs(rng))} {self.adverbs(rng)}"
        return _capital(text) + "."

    def paragraph(self) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(2, 6))]

    def headline(self) -> str:
        words = self.clause().split()[:12]
        while len(words) > 4 and (words[-1] in DETERMINERS or words[-1] in PREPOSITIONS):
            words.pop()  # end on a word that can end a phrase
        return " ".join(w if w[0].isupper() else w.capitalize() for w in words)

    def note(self, when: datetime) -> str:
        rng = self.rng
        stamp = f"{when:%B} {when.day}, {when:%Y}, {when:%H:%M} UTC"
        who = self.person()
        return rng.choice(
            (
                f"Update ({stamp}): This article has been updated with comment from "
                f"{who.first} {who.last}.",
                f"Update ({stamp}): This article has been updated with new figures from "
                f"{self.organisations(rng)}.",
                f"Correction ({stamp}): An earlier version of this article misstated the "
                f"{self.nouns(rng)} of the {self.nouns(rng)}.",
                f"Editor's note ({stamp}): This story has been updated throughout.",
            )
        )


@dataclass
class Article:
    """A story as headline, paragraphs of sentences and update notes."""

    headline: str
    paragraphs: list[list[str]]
    notes: list[str] = field(default_factory=list)

    @classmethod
    def write(cls, writer: Writer, words: int) -> Article:
        """A new story of at least ``words`` words."""
        article = cls(writer.headline(), [])
        total = count_words(article.headline)
        while total < words:
            paragraph = writer.paragraph()
            article.paragraphs.append(paragraph)
            total += sum(count_words(s) for s in paragraph)
        return article

    def text(self) -> str:
        parts = [self.headline, *(" ".join(p) for p in self.paragraphs), *self.notes]
        return normalize("\n\n".join(parts))


_WORD_OR_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+")


def _renumber(rng: Random, token: str) -> str:
    if "." in token:
        return f"{max(0.1, float(token.replace(',', '')) * rng.uniform(0.8, 1.25)):.1f}"
    value = int(token.replace(",", ""))
    if len(token) == 4 and 1900 <= value <= 2030:
        return str(value + rng.choice((-2, -1, 1, 2)))
    changed = max(1, round(value * rng.uniform(0.8, 1.25)))
    if changed == value:
        changed += 1
    return f"{changed:,}" if "," in token else str(changed)


class Editor:
    """Revises an article the way a newsroom does between two observed versions."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.rng = writer.rng
        self.counts: Counter[str] = Counter()  # edits made, by kind

    def revise(self, article: Article, when: datetime) -> None:
        rng = self.rng
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            self._substitute(article)
        if rng.random() < 0.35:
            self._reword(article)
        if rng.random() < 0.15:
            # Updates tend to land near the top of a developing story.
            n = len(article.paragraphs)
            limit = n // 3 if rng.random() < 0.5 else n
            article.paragraphs.insert(rng.randint(1, max(1, limit)), self.writer.paragraph())
            self.counts["paragraph inserted"] += 1
        if rng.random() < 0.07 and len(article.paragraphs) > 3:
            del article.paragraphs[self._index(article)]
            self.counts["paragraph deleted"] += 1
        if rng.random() < 0.07 and len(article.paragraphs) > 3:
            moved = article.paragraphs.pop(self._index(article))
            article.paragraphs.insert(self._index(article), moved)
            self.counts["paragraph moved"] += 1
        if rng.random() < 0.08:
            article.headline = self.writer.headline()
            self.counts["headline changed"] += 1
        if rng.random() < 0.12:
            note = self.writer.note(when)
            if article.notes and rng.random() < 0.5:
                article.notes[-1] = note
            else:
                article.notes.append(note)
            self.counts["update note"] += 1

    def _index(self, article: Article) -> int:
        return self.rng.randrange(len(article.paragraphs))

    def _sentence(self, article: Article) -> tuple[list[str], int]:
        paragraph = article.paragraphs[self._index(article)]
        return paragraph, self.rng.randrange(len(paragraph))

    def _substitute(self, article: Article) -> None:
        rng = self.rng
        paragraph, i = self._sentence(article)
        match = rng.choice(list(_WORD_OR_NUMBER.finditer(paragraph[i])))
        word = match.group()
        if word[0].isdigit():
            replacement = _renumber(rng, word)
            kind = "number changed"
        elif len(word) >= 5 and rng.random() < 0.25:
            j = rng.randrange(1, len(word) - 2)
            replacement = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
            kind = "typo fix"
        else:
            replacement = (
                self.writer.nouns(rng) if rng.random() < 0.6 else self.writer.adjectives(rng)
            )
            if word[0].isupper():
                replacement = _capital(replacement)
            kind = "word substituted"
        paragraph[i] = paragraph[i][: match.start()] + replacement + paragraph[i][match.end() :]
        self.counts[kind] += 1

    def _reword(self, article: Article) -> None:
        paragraph, i = self._sentence(article)
        words = paragraph[i].split()
        if len(words) > 6 and self.rng.random() < 0.5:
            keep = self.rng.randrange(3, len(words) - 2)
            paragraph[i] = " ".join(words[:keep]) + f" {self.writer.clause(1)}."
        else:
            paragraph[i] = self.writer.sentence()
        self.counts["sentence reworded"] += 1


def make_versions(words: int, versions: int, seed: int) -> tuple[list[str], list[datetime], Editor]:
    """The texts of ``versions`` distinct versions of a ~``words``-word article, the times
    they were observed (oldest first), and the editor, whose ``counts`` tally the edits."""
    writer = Writer(Random(seed))
    editor = Editor(writer)
    article = Article.write(writer, words)
    when = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
    texts, times = [article.text()], [when]
    while len(texts) < versions:
        when += timedelta(minutes=writer.rng.randint(5, 240))
        editor.revise(article, when)
        text = article.text()
        if text != texts[-1]:
            texts.append(text)
            times.append(when)
    return texts, times, editor
