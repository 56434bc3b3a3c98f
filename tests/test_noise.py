"""Ignore rules: the built-ins match the noise of news pages and nothing else, rules apply to
their scope, and a pattern that backtracks without end fails in about a second."""

from __future__ import annotations

import time

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack import noise
from revtrack.diff import diff
from revtrack.errors import ExitStatus, IgnoreTimeout, UsageError
from revtrack.models import IgnoreRule
from revtrack.noise import DiffOptions
from revtrack.notes import find_notes

BUILTIN = {str(rule.name): noise.compile_rule(rule.pattern) for rule in noise.BUILTIN}
PATTERNS = tuple(BUILTIN.values())

#: Editorial notes, which no built-in may touch.
NOTES = [
    "Updated 3 hours ago: The mayor resigned after the vote.",
    "Update (8/18/21, 10:15 p.m. ET): This story was updated with comment from the mayor.",
    "Updated at 10:50 a.m. ET",
    "Correction: An earlier version of this article misstated the vote count.",
    "Correction (Aug. 18): An earlier version said the meeting ended 3 hours ago.",
    "Clarification (Aug. 10, 2021): This story was updated to clarify who voted.",
    "Editor's note: This story was first published 2 days ago and has 12 comments.",
    "Retraction: We retract the earlier claim about the mayor.",
]

MATCHES = {
    "relative-time": [
        "3 hours ago",
        "5 mins ago",
        "an hour ago",
        "1h ago",
        "a few minutes ago",
        "just now",
        "Published 2 days ago",
        "Vor 3 Stunden",
        "vor einer Stunde",
        "il y a 2 heures",
        "Il y a une minute",
        "hace 3 horas",
    ],
    "counts": [
        "1.2K shares",
        "Comments (12)",
        "12 comments",
        "1,234 views",
        "Shares: 40",
        "3 reactions",
        "12 comments · 1.2K shares",
        "  48 likes  ",
    ],
    "advertisement": [
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored",
        "Story continues below advertisement",
        "Article continues below",
        "Continue reading the main story",
        "Anzeige",
        "Publicité",
        "Publicidad",
        "Advertisement -",
    ],
    "pagination": [
        "1 of 2",
        "Page 2 of 5",
        "2/5",
        "Next page",
        "Previous page",
        "Seite 2 von 3",
        "Next page »",
    ],
    "reading-time": [
        "4 min read",
        "Reading time: 3 minutes",
        "Estimated reading time 6 min",
        "Less than 1 minute read",
        "Lesezeit: 3 Min.",
        "3 min de lecture",
    ],
}

#: Sentences of articles that carry the same words as the noise, and are not noise.
PROSE = [
    "The video had 3 million views.",
    "He left 3 hours ago and has not returned.",
    "She said just now that she would run again.",
    "The advertisement ran for weeks on local television.",
    "Read the 12 comments below the story.",
    "It takes 4 min to read the full report.",
    "Page 2 of the report lists the donors.",
    "The vote was 1 of 2 held this week.",
    "Sponsored by the council, the fair drew crowds.",
    "Comments (12) were filed with the court.",
    "Die Sitzung endete vor 3 Stunden ohne Ergebnis.",
    "La réunion a fini il y a 2 heures sans accord.",
]


@pytest.mark.parametrize(
    ("name", "line"), [(name, line) for name, lines in MATCHES.items() for line in lines]
)
def test_a_builtin_removes_its_noise(name: str, line: str) -> None:
    assert BUILTIN[name].sub("", line).strip() == ""


def test_every_builtin_is_tested_and_described() -> None:
    assert set(MATCHES) == set(BUILTIN) == set(noise.BUILTIN_NAMES)
    for rule in noise.BUILTIN:
        assert rule.description and rule.scope == "built-in" and rule.id is None
        assert rule.label == f"built-in {rule.name}"


@pytest.mark.parametrize("text", NOTES + PROSE)
def test_no_builtin_touches_notes_or_prose(text: str) -> None:
    for name, pattern in BUILTIN.items():
        assert pattern.search(text) is None, (name, text)


def test_a_relative_time_on_a_byline_goes_and_the_byline_stays() -> None:
    pattern = BUILTIN["relative-time"]
    assert pattern.sub("", "By Jane Doe · 3 hours ago") == "By Jane Doe"
    assert pattern.sub("", "Politics | 10 min ago") == "Politics"
    assert pattern.sub("", "By Jane Doe, Reporter") == "By Jane Doe, Reporter"


def test_whole_line_rules_leave_other_lines_alone() -> None:
    text = "The mayor spoke.\nAdvertisement\nTaxes rise.\n4 min read"
    assert noise.scrub(PATTERNS, text) == "The mayor spoke.\n\nTaxes rise.\n"


def test_the_builtins_leave_a_diff_of_noise_unchanged() -> None:
    old = "The mayor spoke.\n\n3 hours ago\n\n12 comments\n\nTaxes rise.\n\n1 of 2\n"
    new = "The mayor spoke.\n\n5 hours ago\n\n14 comments\n\nTaxes rise.\n\nAdvertisement\n"
    assert diff(old, new).changed
    quiet = diff(old, new, DiffOptions(ignore=PATTERNS))
    assert not quiet.changed and (quiet.old_text, quiet.new_text) == (old, new)
    real = new.replace("Taxes rise.", "Taxes fall.")
    assert diff(old, real, DiffOptions(ignore=PATTERNS)).changed


# --- compiling and matching safely -------------------------------------------------------


def test_a_bad_pattern_is_a_one_line_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        noise.compile_rule("(unclosed")
    message = str(caught.value)
    assert message.startswith("not a regular expression: (unclosed: ") and "\n" not in message
    assert caught.value.exit_status is ExitStatus.USAGE


def test_rules_are_multiline_and_version_0() -> None:
    pattern = noise.compile_rule(r"^\d+ of \d+$")
    assert pattern.flags & regex.MULTILINE and pattern.flags & regex.VERSION0
    assert pattern.sub("", "Top.\n1 of 2\nEnd.") == "Top.\n\nEnd."


@pytest.mark.parametrize(
    ("pattern", "text"),
    [("(a+)+$", "a" * 36 + "!"), ("(a+)+$", "a" * 5000 + "!"), ("(a|aa)+$", "a" * 36 + "!")],
)
def test_a_catastrophic_pattern_fails_in_about_a_second(pattern: str, text: str) -> None:
    """The regex engine itself defuses ``(a+)+$`` on a short sentence; on a long one, and
    for other patterns, the time limit stops it."""
    started = time.monotonic()
    try:
        noise.scrub((noise.compile_rule(pattern),), text)
    except IgnoreTimeout as exc:
        assert exc.exit_status is ExitStatus.USAGE
        assert str(exc) == (
            f"the ignore pattern '{pattern}' took over 1 s on one sentence: simplify it, or "
            "remove it (revtrack ignore list, revtrack ignore rm N)"
        )
    else:
        assert len(text) < 100  # only the short one may finish
    assert time.monotonic() - started < noise.MATCH_TIMEOUT + 30  # (unstopped: hours)


def test_a_timeout_is_raised_as_such() -> None:
    with pytest.raises(IgnoreTimeout, match=r"^the ignore pattern '\(a\|aa\)\+\$' took over 1 s"):
        noise.scrub((noise.compile_rule("(a|aa)+$"),), "a" * 36 + "!")


def test_the_same_time_limit_holds_in_a_diff() -> None:
    slow = DiffOptions(ignore=(noise.compile_rule("(a|aa)+$"),))
    with pytest.raises(IgnoreTimeout):
        diff("Calm.\n", "a" * 36 + "!\n", slow)


def test_scrub_without_patterns_is_the_text() -> None:
    text = "Anything at all.\n"
    assert noise.scrub((), text) is text


# --- which rules apply -------------------------------------------------------------------

STORE = IgnoreRule("everywhere", id=1)
SITE = IgnoreRule("on the site", id=2, site="example.org")
ARTICLE = IgnoreRule("on talks", id=3, article="talks")
OTHER_SITE = IgnoreRule("elsewhere", id=4, site="badexample.org")
OTHER_ARTICLE = IgnoreRule("on storm", id=5, article="storm")
SAVED = (ARTICLE, OTHER_ARTICLE, SITE, OTHER_SITE, STORE)


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a", "https://www.example.org/a", "http://news.example.org:8080/b"],
)
def test_a_site_rule_applies_to_its_host_and_subdomains(url: str) -> None:
    found = noise.applicable(SAVED, "talks", url, frozenset())
    assert found == (*noise.BUILTIN, STORE, SITE, ARTICLE)


@pytest.mark.parametrize(
    "url", ["https://badexample.com/a", "https://example.org.evil.test/", None]
)
def test_a_site_rule_applies_to_no_other_host(url: str | None) -> None:
    found = noise.applicable(SAVED, "storm", url, frozenset())
    assert SITE not in found and STORE in found and OTHER_ARTICLE in found
    assert ARTICLE not in found


def test_builtins_can_be_turned_off() -> None:
    some = noise.applicable((), "talks", None, frozenset({"counts", "pagination"}))
    assert [r.name for r in some] == ["relative-time", "advertisement", "reading-time"]
    assert noise.applicable(SAVED, "talks", None, frozenset({"all"})) == (STORE, ARTICLE)


def test_scopes_and_labels() -> None:
    assert [r.scope for r in (STORE, SITE, ARTICLE)] == [
        "store",
        "site example.org",
        "article talks",
    ]
    assert (STORE.label, IgnoreRule("x").label) == ("rule 1", "new rule")


@pytest.mark.parametrize(
    ("given_", "host"),
    [
        ("Example.ORG", "example.org"),
        ("https://www.Example.org/news/a?utm_source=x", "www.example.org"),
        ("news.example.org.", "news.example.org"),
    ],
)
def test_a_site_is_a_host(given_: str, host: str) -> None:
    assert noise.site_host(given_) == host


@pytest.mark.parametrize("given_", ["", "not a host", "example.org/news", "ftp://example.org"])
def test_a_site_that_is_no_host_is_refused(given_: str) -> None:
    with pytest.raises(UsageError, match="not a site"):
        noise.site_host(given_)


# --- properties --------------------------------------------------------------------------

_noise = st.sampled_from([line for lines in MATCHES.values() for line in lines])
_prose = st.sampled_from(PROSE) | st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_noise | _prose, max_size=12).map("\n".join))
def test_the_builtins_never_fail_on_any_text(text: str) -> None:
    assert len(noise.scrub(PATTERNS, text)) <= len(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(NOTES) | _noise | st.sampled_from(PROSE), min_size=1, max_size=10))
def test_the_builtins_never_remove_a_note(paragraphs: list[str]) -> None:
    """Notes are found in the whole text; a text with its noise scrubbed has the same ones."""
    text = "\n\n".join(paragraphs) + "\n"
    scrubbed = "\n\n".join(noise.scrub(PATTERNS, p) for p in paragraphs) + "\n"
    assert [n.key for n in find_notes(scrubbed)] == [n.key for n in find_notes(text)]


def _scrubbed_rule_by_rule(patterns: tuple[noise.Rule, ...], text: str) -> tuple[str, int]:
    hits = 0
    for bit, pattern in enumerate(patterns):
        if pattern.search(text):
            text, hits = pattern.sub("", text), hits | 1 << bit
    return text, hits


_line = st.lists(
    _noise | _prose | st.sampled_from([" · ", " | ", " - ", " — ", "\n", "By Jane Doe", "now"]),
    max_size=5,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_line)
def test_the_builtins_let_past_together_what_each_would(text: str) -> None:
    """A sentence that no built-in meets at its start is let past all of them at once: what
    is left, and which matched, are as each rule in turn leaves it."""
    compiled = tuple(noise.compiled(rule.pattern) for rule in noise.BUILTIN)
    scrub = noise.scrubbing((*compiled, noise.compiled("Doe")))
    expected = _scrubbed_rule_by_rule((*compiled, noise.compiled("Doe")), text)
    assert scrub(text) == expected
    assert noise.scrubbing(compiled[1:])(text) == _scrubbed_rule_by_rule(compiled[1:], text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_line, min_size=1, max_size=6))
def test_the_gate_lets_past_alike_one_rule_at_a_time_and_together(texts: list[str]) -> None:
    """The gate tries the built-ins one at a time until it has seen enough texts to pay for
    compiling them into one pattern: both let past the same texts."""
    compiled = tuple(noise.compiled(rule.pattern) for rule in noise.BUILTIN)
    apart = noise._gate(compiled)[1]
    previous = noise._TRIED_APART
    noise._TRIED_APART = 1
    try:
        first, together = noise._gate(compiled)
    finally:
        noise._TRIED_APART = previous
    assert first == len(compiled)
    assert [together(text) for text in texts] == [apart(text) for text in texts]
    for text in texts:  # (let past: met by none of them)
        assert not apart(text) or not any(pattern.search(text) for pattern in compiled)


#: Pieces of texts in which rules match or not: noise lines, prose, a note, CJK, spacing.
PIECES = [
    *(lines[0] for lines in MATCHES.values()),
    "The council met on Tuesday.",
    "Negotiators said 12 ships were held",
    "Sponsored by the port authority, the fair opened.",
    NOTES[0],
    "港の協議が再開された。",
    "page",
    "",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=8),
    st.lists(st.sampled_from(PIECES), max_size=8),
    st.sampled_from(["\n", "\n\n", " ", ". ", " · "]),
    st.booleans(),
)
def test_a_report_names_the_rules_that_a_scan_of_both_texts_finds(
    old: list[str], new: list[str], joint: str, user: bool
) -> None:
    """The rules a report says applied are read from its comparison's keys, not from a second
    scan of the texts: they are those that :func:`noise.matching` finds, with or without
    patterns of the command's own before them."""
    from factories import version

    from revtrack.models import Criteria
    from revtrack.report import build_report, comparison

    texts = (joint.join(old) + "\n", joint.join(new) + "\n")
    rules = (*noise.BUILTIN, IgnoreRule(r"\d+ ships"), IgnoreRule(r"^page$"))
    options = DiffOptions(ignore=(noise.compiled(r"Tuesday"),) if user else ())
    criteria = Criteria(ignore=rules)
    report = build_report(version(texts[0], 1), version(texts[1], 2), options, criteria=criteria)
    assert report.ignored_by == noise.matching(rules, texts)
    compared = diff(*texts, comparison(criteria, options))  # each text's own, as history keeps
    own = len(options.ignore)
    assert [side >> own for side in compared.ignored] == [noise.hits(rules, t) for t in texts]


_SPACES = [c for c in map(chr, range(0x3001)) if c.isspace()] + ["\x00", "\u200b"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from([*_SPACES, "a", "é", " ", "  ", "Page 2 of 5"]), max_size=8))
def test_a_key_has_its_whitespace_runs_made_single_spaces(parts: list[str]) -> None:
    sentence = "".join(parts)
    for options in (
        DiffOptions(ignore=tuple(noise.compiled(r.pattern) for r in noise.BUILTIN)),
        DiffOptions(ignore_whitespace=True),
    ):
        scrubbed = noise.scrub(options.ignore, sentence) if options.ignore else sentence
        assert options.key(sentence) == " ".join(scrubbed.split())
