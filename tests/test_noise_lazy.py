"""The built-in ignore rules compiled only for the texts they may match: the test of how a
line starts and ends lets through every line that a built-in matches."""

from __future__ import annotations

import random
import re
from re import _constants as C
from re import _parser

import pytest

from revtrack import noise

#: Characters drawn for a class or a category: spacing, digits (one not ASCII), letters and
#: the punctuation the rules know, the letters that (?i) matches in other cases.
_POOL = " \t\u00a00123456789٣abcxyzABCXYZáäéÁİıſKß.,:;()/-–—·•|«»‹›<>←→~'’\u0307"
_CASES = {"i": "iIİı", "s": "sSſ", "k": "kKK"}
_CATEGORIES = {
    C.CATEGORY_DIGIT: "0123456789٣",
    C.CATEGORY_SPACE: " \t\u00a0\u2003",
    C.CATEGORY_WORD: "aZ9_é",
    C.CATEGORY_NOT_SPACE: "ax9.",
}


def _letter(char: str, rnd: random.Random) -> str:
    lower = char.lower()
    return rnd.choice(_CASES.get(lower, lower + char.upper()))


def _sample(items: _parser.SubPattern | list[tuple[object, object]], rnd: random.Random) -> str:
    """A text that the parsed pattern ``items`` may match (a match is checked after)."""
    out = ""
    for op, av in items:
        if op is C.LITERAL:
            out += _letter(chr(av), rnd)
        elif op is C.IN:
            kind, value = rnd.choice(av)
            if kind is C.LITERAL:
                out += _letter(chr(value), rnd)
            elif kind is C.RANGE:
                out += chr(rnd.randint(*value))
            elif kind is C.CATEGORY:
                out += rnd.choice(_CATEGORIES.get(value, _POOL))
            else:
                out += rnd.choice(_POOL)
        elif op is C.CATEGORY:
            out += rnd.choice(_CATEGORIES.get(av, _POOL))
        elif op is C.BRANCH:
            out += _sample(rnd.choice(av[1]), rnd)
        elif op is C.SUBPATTERN:
            out += _sample(av[3], rnd)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, body = av
            high = low + 3 if high == C.MAXREPEAT else min(high, low + 3)
            out += "".join(_sample(body, rnd) for _ in range(rnd.randint(low, high)))
    return out


@pytest.mark.parametrize("rule", noise.BUILTIN, ids=lambda rule: rule.name)
def test_every_text_a_builtin_matches_is_let_through(rule: object) -> None:
    """Texts drawn from each built-in's pattern (letters in every case (?i) matches, Turkish
    i and long s among them), alone or on a line of a longer text or after a separator:
    whatever the pattern finds, the rule finds, and removes the same."""
    assert isinstance(rule, noise.IgnoreRule)
    rnd = random.Random(rule.name)
    pattern = re.compile(rule.pattern, re.MULTILINE)
    tree = _parser.parse(rule.pattern, re.MULTILINE)
    scrub = noise.scrubbing((noise.compiled(rule.pattern),))
    after = noise._after(rule.pattern)
    found = 0
    for _ in range(6000):
        before = rnd.choice(["", "", "x\n", "By A. Writer · ", "Words here - ", "  "])
        text = before + _sample(tree, rnd) + rnd.choice(["", "", "\ny", " · more", ".", " "])
        if (rule.pattern in noise._WHOLE_LINES and "\n" not in text) or (
            after is not None and after.search(text) is None
        ):
            match = pattern.match(text)
        else:
            match = pattern.search(text)
        if match is not None:
            found += 1
            assert scrub(text) == (pattern.sub("", text), 1), text
    assert found > 100


def test_a_builtin_is_compiled_when_a_text_may_match() -> None:
    """Sentences that cannot be the noise of a page leave the built-ins uncompiled; the
    cache keys name them as compiled patterns (module, pattern, flags)."""
    source = noise.READING_TIME
    lazy = noise._Builtin(source)
    scrub = noise.scrubbing((lazy,))  # type: ignore[arg-type]
    assert scrub("The minister said on Tuesday that talks would resume.") == (
        "The minister said on Tuesday that talks would resume.",
        0,
    )
    assert "match" not in vars(lazy)
    assert scrub("4 min read") == ("", 1)
    assert "match" in vars(lazy)
    for rule in noise.BUILTIN:
        compiled = re.compile(rule.pattern, re.MULTILINE)
        assert noise.rule_key(noise.compiled(rule.pattern)) == ["re", rule.pattern, compiled.flags]
