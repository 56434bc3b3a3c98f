"""How much an edit matters, and why: *substantive* (a number, date, amount, name, quoted
words or a negation changed), *typo* (one word's spelling or case fixed) or *minor*
(rewording). Read from an edit's hunks, in any language the words' tables cover.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from revtrack import wording
from revtrack.hunks import CLOSING, OPENING, Hunk
from revtrack.lazy import compiled
from revtrack.models import Severity
from revtrack.text import words


def severity(hunks: Sequence[Hunk], *, headline: bool = False) -> tuple[Severity, str]:
    """How much an edit matters, and why.

    *substantive* when a number, date, amount, proper name, quoted words or a negation
    changed; *typo* when every hunk fixes one word and keeps it recognisable (spelling, case,
    a repeated word), none of these involved; *minor* otherwise (rewording). In a
    ``headline`` (title case), a capital letter does not make a name.
    """
    said = [(words(h.deleted), words(h.inserted)) for h in hunks]
    return weighed(hunks, said, lambda: headline)


#: The words of each side of a hunk: deleted, inserted.
Said = tuple[list[str], list[str]]


def weighed(
    hunks: Sequence[Hunk], said: Sequence[Said], headline: Callable[[], bool]
) -> tuple[Severity, str]:
    """:func:`severity`, with the words of each hunk (``said``) read once for every test, and
    whether the sentence is a headline read only when a test asks (few edits get that far)."""
    for hunk, words_of in zip(hunks, said, strict=True):
        reason = _substantive(hunk, words_of, headline)
        if reason:
            return Severity.SUBSTANTIVE, reason
    if hunks and all(_typo(h, w) for h, w in zip(hunks, said, strict=True)):
        return Severity.TYPO, "a word's spelling or case was fixed"
    return Severity.MINOR, "words were changed"


def title_case(text_words: Sequence[str]) -> bool:
    """Whether a sentence (its words) is in title case: most of its longer words capitalised."""
    long = [word for word in text_words if len(word) > 3 and word[0].isalpha()]
    return len(long) >= 3 and sum(word[0].isupper() for word in long) >= 0.6 * len(long)


def _substantive(hunk: Hunk, said: Said, headline: Callable[[], bool]) -> str | None:
    """Why a hunk is substantive, if it is."""
    changed = said[0] + said[1]
    if any(any(c.isdigit() for c in word) for word in changed) or _AMOUNT.search(
        hunk.deleted + hunk.inserted
    ):
        return f"a number changed: {_shown(hunk)}"
    lowered = {word.lower() for word in changed}
    if lowered & wording.NEGATIONS or "n't" in (hunk.deleted + hunk.inserted).lower():
        return f"a negation changed: {_shown(hunk)}"
    if lowered & wording.DATE_WORDS or lowered & wording.NUMBER_WORDS:
        return f"a date or an amount changed: {_shown(hunk)}"
    if _quoted(hunk):
        return f"quoted words changed: {_shown(hunk)}"
    if _case_only(said):
        return None
    if headline():
        return None
    if _named(hunk.deleted, hunk.old_before) or _named(hunk.inserted, hunk.new_before):
        return f"a name changed: {_shown(hunk)}"
    return None


def _typo(hunk: Hunk, said: Said) -> bool:
    old, new = said
    if len(old) == 1 and not new:  # a repeated word taken out: "the the"
        after = words(hunk.old_after[:40])
        before = words(hunk.old_before[-40:])
        return (after[:1] or before[-1:]) == old or (before[-1:] == old)
    if len(old) != 1 or len(new) != 1:
        return False
    a, b = old[0], new[0]
    folded_a, folded_b = a.casefold(), b.casefold()
    if folded_a == folded_b:
        return True
    longest = max(len(a), len(b))
    most = min(1 if longest <= 4 else 2, longest // 3)  # (the distance allowed)
    if abs(len(folded_a) - len(folded_b)) > most:
        return False  # (the distance is at least that: no need to work it out)
    return _distance(folded_a, folded_b) <= most


def _case_only(said: Said) -> bool:
    old, new = said
    return len(old) == len(new) > 0 and all(
        a.casefold() == b.casefold() for a, b in zip(old, new, strict=True)
    )


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


_SENTENCE_END = ".!?:;…"
_END_CLOSING = "'\"”’»)]"
_START_OPENING = "'\"“‘«„(["


def _sentence_start(text: str) -> bool:
    """Whether a word after ``text`` starts a sentence: ``text`` is empty, or ends (but for a
    newline) with a sentence's end, closing quotes, spaces and opening quotes. Read from its
    end, without a copy: the cost is that of the run of those characters, not of the text."""
    for end in (len(text), len(text) - 1) if text.endswith("\n") else (len(text),):
        while end and text[end - 1] in _START_OPENING:
            end -= 1
        while end and text[end - 1].isspace():
            end -= 1
        if not end:
            return True
        while end and text[end - 1] in _END_CLOSING:
            end -= 1
        if end and text[end - 1] in _SENTENCE_END:
            return True
    return False


def _named(changed: str, before: str) -> bool:
    """Whether the changed text holds a proper name: a capitalised word that does not start a
    sentence, or an acronym. (Whether a word starts a sentence is read from the end of the
    word before it, which holds a letter: the text before that does not matter.)"""
    previous = before
    for word in _words_with_space(changed):
        token = word.strip()
        initial = _sentence_start(previous)
        previous = word
        if not token[:1].isupper():
            continue
        acronym = len(token) > 1 and token.isupper()
        if acronym or not initial or any(c.isupper() for c in token[1:]):
            return True
    return False


_WORD = compiled(r"\w[\w'’.-]*", re.UNICODE)


def _words_with_space(text: str) -> Iterator[str]:
    """The words of a text, each with what comes before it (as a pattern ``\\W*\\w...``
    would find them, but in linear time: such a pattern tries a long run of punctuation
    without a word after it from each of its characters)."""
    start = 0
    for word in _WORD.finditer(text):
        yield text[start : word.end()]
        start = word.end()


_AMOUNT = compiled(r"[$€£¥₹%‰]")


def _quoted(hunk: Hunk) -> bool:
    """Whether the hunk is inside quotation marks, or changes them."""
    changed = hunk.deleted + hunk.inserted
    return any(c in changed for c in OPENING + CLOSING) or '"' in changed or hunk.in_quotes


def _shown(hunk: Hunk) -> str:
    old, new = " ".join(hunk.deleted.split()), " ".join(hunk.inserted.split())
    if old and new:
        return f"{old} → {new}"
    return f"+{new}" if new else f"-{old}"
