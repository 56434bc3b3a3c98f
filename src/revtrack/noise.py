"""Ignore rules: the noise of news pages that is not a change.

A rule is a regular expression (the ``regex`` module's syntax, version 0) whose matches the
comparison leaves out. It is matched against one sentence at a time, with ``MULTILINE`` (``^``
and ``$`` are the ends of the sentence's line). The built-in rules below know the leftovers
every news page has; saved rules apply to one article, one site or the whole store
(:func:`applicable`). Every match runs under a time limit (:func:`scrub`), so a pattern that
backtracks without end fails in a second instead of hanging the command.

Editorial notes are never hidden by a rule: they are found in the whole text before anything
is ignored, and the built-ins match only whole lines of noise, or a relative time standing on
its own, never a note such as ``Updated 3 hours ago: ...``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, cast
from urllib.parse import urlsplit

from revtrack import urls
from revtrack.errors import IgnoreTimeout, UsageError
from revtrack.frozen import dataclass
from revtrack.models import IgnoreRule

if TYPE_CHECKING:
    import regex

#: Seconds one pattern may take on one sentence.
MATCH_TIMEOUT = 1.0


def __getattr__(name: str) -> Any:
    """``FLAGS``, the flags of a rule's pattern (see :func:`_flags`)."""
    if name == "FLAGS":
        return _flags()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _flags() -> int:
    """``regex.MULTILINE | regex.VERSION0``: read when a rule is compiled, as the regex module
    is loaded only by the commands that compile one (not by ``log`` on a kept history)."""
    import regex

    return int(regex.MULTILINE | regex.VERSION0)


_SPACE = r"[^\S\n]*"  # spacing within the line
_SEPARATOR = r"[·•|—–]"  # what sets a time or a count apart on a byline or a toolbar line


def _whole_line(body: str) -> str:
    return rf"(?i)^{_SPACE}(?:{body}){_SPACE}$"


_UNITS_EN = (
    r"s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mos?|months?"
    r"|y|yrs?|years?"
)
_RELATIVE_EN = (
    rf"(?:\d+|an?|one|a\s+few|several)\s*(?:{_UNITS_EN})\s+ago"
    r"|just\s+now|(?:a\s+)?moments?\s+ago"
)
_RELATIVE_DE = (
    r"vor\s+(?:\d+|einer|einem|wenigen)\s+(?:sek(?:unden?)?|min(?:uten?)?|std|stunden?"
    r"|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)\.?|gerade\s+eben"
)
_RELATIVE_FR = (
    r"il\s+y\s+a\s+(?:\d+|une?|quelques)\s+(?:s|sec(?:ondes?)?|min(?:utes?)?|h|heures?"
    r"|jours?|semaines?|mois|ans?)|à\s+l['’]instant"
)
_RELATIVE_ES = (
    r"hace\s+(?:\d+|una?|unos|unas|pocos|pocas)\s+(?:s|seg(?:undos?)?|min(?:utos?)?|h|horas?"
    r"|d[ií]as?|semanas?|mes(?:es)?|años?)|ahora\s+mismo"
)
#: A relative time alone on its line, or set apart by a separator (``By A. Writer · 3 hours
#: ago``), after an optional "Published"; never one in a sentence or after "Updated". The
#: spaces before a separator are taken from where they start only, so that a long run of
#: spaces is read once, not once for each of its spaces; a word must follow.
RELATIVE_TIME = (
    rf"(?i)(?:^|(?<![^\S\n]){_SPACE}{_SEPARATOR}|(?<![^\S\n])[^\S\n]+-(?=\s)){_SPACE}"
    r"(?=\w)(?:(?:published|posted|veröffentlicht|publié|publicado)\s+)?"
    rf"(?:{_RELATIVE_EN}|{_RELATIVE_DE}|{_RELATIVE_FR}|{_RELATIVE_ES})"
    rf"{_SPACE}(?=$|{_SEPARATOR}|-\s)"
)

_NUMBER = r"\d[\d.,]*(?:\s?[kmb])?"
_COUNTED = (
    r"views?|shares?|comments?|reads|likes?|reactions?|replies|retweets?|reposts?"
    r"|kommentare?|aufrufe|commentaires?|partages?|vues|comentarios?|compartidos"
)
_COUNT = rf"(?:{_NUMBER}\s*(?:{_COUNTED})|(?:{_COUNTED})\s*(?:\(\s*{_NUMBER}\s*\)|:?\s*{_NUMBER}))"
#: A line that is only counts: ``1.2K shares``, ``Comments (12)``, ``12 comments · 3 shares``.
COUNTS = _whole_line(rf"{_COUNT}(?:{_SPACE}[·•|,]{_SPACE}{_COUNT})*")

#: An advertisement's label or the line around it.
ADVERTISEMENT = _whole_line(
    r"(?:advertisement|advertising|ad|sponsored(?:\s+content)?|paid\s+(?:content|post)"
    r"|(?:story|article)\s+continues\s+below(?:\s+(?:this\s+)?(?:advertisement|ad))?"
    r"|continue\s+reading\s+(?:below|the\s+main\s+story)"
    r"|scroll\s+to\s+continue\s+with\s+content"
    r"|anzeige|werbung|publicit[ée]|publicidad)"
    rf"{_SPACE}[-–—:]?"
)

#: Page numbers and the links between pages.
PAGINATION = _whole_line(
    r"[«‹<←]?\s*"
    r"(?:(?:(?:page|seite|p[áa]gina)\s+)?\d+\s+(?:of|von|sur|de)\s+\d+"
    r"|(?:page|seite|p[áa]gina)\s+\d+|\d{1,3}\s*/\s*\d{1,3}"
    r"|(?:next|previous|prev\.?)\s+page|(?:nächste|vorherige)\s+seite"
    r"|page\s+(?:suivante|précédente)|p[áa]gina\s+(?:siguiente|anterior))"
    r"\s*[»›>→]?"
)

_MINUTES = r"(?:min(?:ute)?s?\.?|minuten?|minutos?)"
_ABOUT = r"(?:less\s+than\s+|<\s*|about\s+|ca\.\s*|~\s*)?"
_DURATION = rf"{_ABOUT}\d+(?:\s*[-–]\s*\d+)?\s*{_MINUTES}"
#: How long the article takes to read.
READING_TIME = _whole_line(
    rf"{_DURATION}\s+(?:read|reading(?:\s+time)?|lesezeit|lesedauer|de\s+lecture|de\s+lectura)"
    r"|(?:(?:estimated\s+)?reading\s+time|lesezeit|lesedauer|temps\s+de\s+lecture"
    rf"|tiempo\s+de\s+lectura|lectura)\s*:?\s*{_DURATION}"
)

#: The rules every store has, unless turned off (``revtrack ignore off NAME``).
BUILTIN: tuple[IgnoreRule, ...] = (
    IgnoreRule(
        RELATIVE_TIME,
        name="relative-time",
        description='a time relative to now, alone on its line or after a separator: "3 hours '
        'ago", "just now", "vor 3 Stunden", "il y a 2 heures", "hace 3 horas"',
    ),
    IgnoreRule(
        COUNTS,
        name="counts",
        description="a line that is only a count of views, shares, comments, reads, likes or "
        'reactions: "1.2K shares", "Comments (12)"',
    ),
    IgnoreRule(
        ADVERTISEMENT,
        name="advertisement",
        description='an advertisement\'s line: "Advertisement", "Sponsored", "Story continues '
        'below advertisement", "Anzeige", "Publicité", "Publicidad"',
    ),
    IgnoreRule(
        PAGINATION,
        name="pagination",
        description='a page number or page link on its own line: "1 of 2", "Page 2 of 5", '
        '"2/5", "Next page"',
    ),
    IgnoreRule(
        READING_TIME,
        name="reading-time",
        description='a reading time on its own line: "4 min read", "Reading time: 3 minutes"',
    ),
)
BUILTIN_NAMES = tuple(str(rule.name) for rule in BUILTIN)
#: Words a text must hold, case folded, for a built-in to match in it: a quick test that
#: spares most sentences the whole pattern.
_NEEDS = {RELATIVE_TIME: r"ago|now|vor|eben|il\s+y|instant|hace|mismo"}
#: For a built-in that matches after a line break or a separator as well as at the start of a
#: text, those characters: in a text without any of them, it can match only at its start.
_AFTER = {RELATIVE_TIME: r"[\n·•|—–-]"}

#: A compiled rule: the user's, in the ``regex`` module (run under a time limit), or a
#: built-in, in the standard ``re`` module (several times faster; each is linear in its text).
Rule: TypeAlias = "regex.Pattern[str] | re.Pattern[str]"


#: The longest pattern a rule may have: the regex module prepares a literal for its search in
#: time that grows with the cube of its length, and outside the time limit (half a minute
#: for 5,000 characters, 0.4 s for 1,000).
MAX_PATTERN_LENGTH = 1000


def compile_rule(pattern: str) -> regex.Pattern[str]:
    """Compile a rule's pattern; :class:`UsageError` if it is empty (it would match nothing
    but the empty text between characters), not a regular expression, or longer than
    :data:`MAX_PATTERN_LENGTH`."""
    if not pattern:
        raise UsageError("an ignore pattern cannot be empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise UsageError(
            f"the pattern {pattern[:40]}... ({len(pattern):,} characters) is too long: an "
            f"ignore pattern has at most {MAX_PATTERN_LENGTH:,}"
        )
    if not pattern.isascii():
        try:
            pattern.encode("utf-8")
        except UnicodeEncodeError:  # an argument that was not UTF-8 (surrogate escapes)
            raise UsageError(f"not a regular expression: {pattern!r} is not UTF-8") from None
    import regex

    try:
        return regex.compile(pattern, _flags())
    except (regex.error, ValueError, OverflowError, RecursionError, MemoryError) as exc:
        # flags that exclude each other are a ValueError; a deep nesting a RecursionError
        raise UsageError(f"not a regular expression: {pattern}: {exc}") from None


@functools.lru_cache(maxsize=256)
def compiled(pattern: str) -> Rule:
    """A rule's pattern compiled, once per process: a built-in one in the standard ``re``
    module, with a quick test of what it needs; any other in the ``regex`` module."""
    if pattern in _BUILTIN_PATTERNS:
        return re.compile(pattern, re.MULTILINE)
    return compile_rule(pattern)


_BUILTIN_PATTERNS = frozenset(rule.pattern for rule in BUILTIN)


@functools.lru_cache(maxsize=16)
def _needs(pattern: str) -> re.Pattern[str] | None:
    needed = _NEEDS.get(pattern)
    return None if needed is None else re.compile(needed)


@functools.lru_cache(maxsize=16)
def _after(pattern: str) -> re.Pattern[str] | None:
    after = _AFTER.get(pattern)
    return None if after is None else re.compile(after)


#: The built-ins that match whole lines only: in a text of one line, they are tried at its
#: start alone.
_WHOLE_LINES = frozenset(rule.pattern for rule in BUILTIN if rule.pattern.startswith("(?i)^"))


def _finder(pattern: Rule) -> tuple[Callable[[str], object], Callable[[str], str]]:
    """How a rule looks for its matches in a text, and removes them. A user's pattern runs
    under the time limit. A built-in first looks for the words it needs (case folding finds
    every letter that ``(?i)`` matches, but the Turkish dotted and dotless i), and one of
    whole lines is tried at the start of a text of one line only, as is one that can match
    elsewhere only after some characters (:data:`_AFTER`) at the start of a text without them
    (a sentence: one try, not one at each of its characters, and no quick test needed)."""
    if not isinstance(pattern, re.Pattern):
        return (
            lambda text: pattern.search(text, timeout=MATCH_TIMEOUT),
            lambda text: pattern.sub("", text, timeout=MATCH_TIMEOUT),
        )
    needed, after = _needs(pattern.pattern), _after(pattern.pattern)
    whole = pattern.pattern in _WHOLE_LINES

    def find(text: str) -> object:
        if after is not None and after.search(text) is None:
            return pattern.match(text)
        if needed is not None:
            folded = text.casefold().replace("ı", "i").replace("\u0307", "")  # İ: i and a dot
            if needed.search(folded) is None:
                return None
        return pattern.match(text) if whole and "\n" not in text else pattern.search(text)

    return find, lambda text: pattern.sub("", text)


def matching(rules: Sequence[IgnoreRule], texts: Sequence[str]) -> tuple[IgnoreRule, ...]:
    """The rules that matched somewhere in ``texts``, in one of their sentences as a
    comparison scrubs them (each distinct sentence looked at once): those that applied."""
    if not rules:
        return ()
    patterns = tuple(compiled(rule.pattern) for rule in rules)
    every = (1 << len(rules)) - 1
    hits = 0
    for text in dict.fromkeys(texts):
        hits |= _hits(patterns, text)
        if hits == every:
            break
    return applied(rules, hits)


def applied(rules: Sequence[IgnoreRule], hits: int) -> tuple[IgnoreRule, ...]:
    """The ``rules`` that ``hits`` says matched (a bit a rule, in their order)."""
    return tuple(rule for bit, rule in enumerate(rules) if hits >> bit & 1)


def hits(rules: Sequence[IgnoreRule], text: str) -> int:
    """Which of ``rules`` match in a sentence of ``text``: a bit for each, in order (what
    :func:`matching` finds, one text at a time)."""
    return _hits(tuple(compiled(rule.pattern) for rule in rules), text)


@functools.lru_cache(maxsize=8)  # the texts of a comparison, looked at again for its history
def _hits(patterns: tuple[Rule, ...], text: str) -> int:
    """Which of ``patterns`` match in a sentence of ``text`` (a bit for each)."""
    from revtrack.text import iter_sentences

    scrub = scrubbing(patterns)
    every = (1 << len(patterns)) - 1
    hits = 0
    for line in dict.fromkeys(text.split("\n")):  # a line repeated is looked at once
        for piece in iter_sentences(line):
            sentence = piece.strip()
            hits |= scrub(sentence)[1] if sentence else 0
        if hits == every:
            break
    return hits


def applicable(
    rules: Sequence[IgnoreRule], article: str, url: str | None, disabled: frozenset[str]
) -> tuple[IgnoreRule, ...]:
    """The rules that apply to an article: the built-ins not ``disabled`` (names, or
    ``all``), then the saved rules of the whole store, of its site (the host of ``url`` or a
    parent domain of it), and of the article itself, each in the order given."""
    host = (urlsplit(url).hostname or "").lower() if url else ""
    return (
        *(rule for rule in BUILTIN if rule.enabled(disabled)),
        *(rule for rule in rules if rule.scope == "store"),
        *(rule for rule in rules if rule.site is not None and within(host, rule.site)),
        *(rule for rule in rules if rule.article is not None and rule.article == article),
    )


def within(host: str, site: str) -> bool:
    """Whether ``host`` is ``site`` or one of its subdomains."""
    return bool(host) and (host == site or host.endswith("." + site))


def site_host(text: str) -> str:
    """The host a ``--site`` names: a host name (lower case), or a URL's host."""
    try:
        host = urlsplit(urls.normalize_url(text if urls.is_url(text) else f"https://{text}"))
    except UsageError:
        host = None
    if host is None or not host.hostname or (not urls.is_url(text) and "/" in text.strip()):
        raise UsageError(f"not a site: {text!r}: give a host name such as example.org, or a URL")
    return host.hostname


def scrub(patterns: tuple[Rule, ...], text: str) -> str:
    """``text`` with every match of every pattern removed, in order; :class:`IgnoreTimeout` if
    a user's pattern takes over :data:`MATCH_TIMEOUT` seconds."""
    return scrubber(patterns)(text)


def scrubber(patterns: tuple[Rule, ...]) -> Callable[[str], str]:
    """:func:`scrub` with ``patterns``, for many texts (the patterns are looked up once)."""
    scrub = scrubbing(patterns)
    return lambda text: scrub(text)[0]


@functools.lru_cache(maxsize=4)
def scrubbing(patterns: tuple[Rule, ...]) -> Callable[[str], tuple[str, int]]:
    """A text scrubbed with ``patterns``, and which of them matched in it (a bit for each). A
    history repeats most of its sentences from one version to the next, and the comparisons
    of one command the sentences of their texts: each is scrubbed once."""
    plan = [(1 << bit, pattern, *_finder(pattern)) for bit, pattern in enumerate(patterns)]
    first, gate = _gate(patterns)

    @functools.lru_cache(maxsize=1 << 15)
    def scrubbed(text: str) -> tuple[str, int]:
        hits = 0
        start = first if first and gate(text) else 0
        for bit, pattern, find, remove in plan[start:]:
            try:
                if find(text):
                    text, hits = remove(text), hits | bit
            except TimeoutError:
                raise _timeout(pattern.pattern) from None
            except (MemoryError, RecursionError):  # a pattern that calls itself, (?R)
                raise _timeout(pattern.pattern, "ran out of memory") from None
        return text, hits

    return scrubbed


#: How many texts the gate tries the built-ins on one at a time before it compiles them
#: into one pattern: some 4 ms to compile, 1.4 µs saved a text.
_TRIED_APART = 3000


def _gate(patterns: tuple[Rule, ...]) -> tuple[int, Callable[[str], bool]]:
    """How many of the first ``patterns`` a text of one line can be let past at once, and the
    test that lets it: the built-ins that such a text (without the characters of
    :data:`_AFTER`) meets at its start only, tried one at a time and, past
    :data:`_TRIED_APART` texts, together in one pattern. A text none of them matches is left
    as it is by each; one that some match is scrubbed by each in turn."""
    lead: list[str] = []
    for pattern in patterns:
        source = pattern.pattern
        startable = source in _WHOLE_LINES or source in _AFTER
        if not (isinstance(pattern, re.Pattern) and startable and source.startswith("(?i)")):
            break
        lead.append(source)
    if not lead:
        return 0, lambda text: False
    leading = cast("tuple[re.Pattern[str], ...]", patterns[: len(lead)])
    after = re.compile("|".join(_AFTER.get(source, "\n") for source in lead))
    together: list[re.Pattern[str]] = []
    tried = iter(range(_TRIED_APART))

    def passes(text: str) -> bool:
        if after.search(text) is not None:
            return False
        if together:
            return together[0].match(text) is None
        if next(tried, None) is None:  # (enough texts to pay for compiling them together)
            sources = "|".join(f"(?:{source[4:]})" for source in lead)
            together.append(re.compile(sources, re.I | re.M))
        return all(pattern.match(text) is None for pattern in leading)

    return len(lead), passes


def _timeout(pattern: str, what: str = f"took over {MATCH_TIMEOUT:g} s") -> IgnoreTimeout:
    return IgnoreTimeout(
        f"the ignore pattern '{pattern}' {what} on one sentence: simplify it, or remove it "
        "(revtrack ignore list, revtrack ignore rm N)"
    )


# --- what a comparison leaves out -------------------------------------------------------


@functools.cache
def _punctuation() -> regex.Pattern[str]:
    """Every punctuation mark (``\\p{P}``)."""
    import regex

    return regex.compile(r"\p{P}+")


#: The ASCII characters of \p{P}, for a fast path of the same removal.
_ASCII_PUNCTUATION = str.maketrans("", "", "!\"#%&'()*,-./:;?@[\\]_{}")


@dataclass(frozen=True)
class DiffOptions:
    """What the comparison leaves out (the texts themselves are always kept whole)."""

    ignore: tuple[Rule, ...] = ()
    ignore_case: bool = False
    ignore_whitespace: bool = False
    ignore_punctuation: bool = False

    @functools.cached_property
    def _scrub(self) -> Callable[[str], tuple[str, int]]:
        return scrubbing(self.ignore)

    def key(self, sentence: str) -> str:
        """What a sentence is compared by; empty when the whole sentence is ignored."""
        return self.keyed(sentence)[0]

    def keyed(self, sentence: str) -> tuple[str, int]:
        """:meth:`key`, and which of the ignore rules matched in the sentence (a bit each)."""
        hits = 0
        if self.ignore:
            sentence, hits = self._scrub(sentence)
        if self.ignore_case:
            sentence = sentence.casefold()
        if self.ignore_punctuation:
            if sentence.isascii():
                sentence = sentence.translate(_ASCII_PUNCTUATION)
            else:
                sentence = _punctuation().sub("", sentence)
        if self.ignore_whitespace or self.ignore_punctuation or self.ignore:
            if sentence.isprintable() and "  " not in sentence and sentence.strip(" ") == sentence:
                return sentence, hits  # (single spaces alone, none at its ends: as it is)
            key = " ".join(sentence.split())
            return (sentence if key == sentence else key), hits  # (one string, not two alike)
        return sentence.strip(), hits
