"""Minimal diffs of two sequences of strings (sentences, words, lines): diff-match-patch over
the sequences, each distinct item encoded as one character.

No time-out: the same sequences give the same diff on any machine. The C++ build of
diff-match-patch runs them when it is installed, the pure-Python build otherwise; both give
the same runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from diff_match_patch import diff_match_patch

try:
    import fast_diff_match_patch as FAST
except ImportError:  # pragma: no cover - the pure-Python build gives the same diffs, slower
    FAST = None

from revtrack.models import Op

_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}
_FAST_OPS = {"=": Op.EQUAL, "-": Op.DELETE, "+": Op.INSERT}
_SURROGATES = range(0xD800, 0xE000)
_LAST_CODE = sys.maxunicode  # the most distinct units a diff can tell apart


class TooManyUnits(Exception):
    """More distinct units than there are characters to stand for them."""


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never cut short: determinism over speed-dependent approximations
    return dmp


def _encode(units: Sequence[str], table: dict[str, str]) -> str:
    """Map each distinct unit to one character, so the diff runs over units."""
    out = []
    for unit in units:
        char = table.get(unit)
        if char is None:
            code = len(table) + 1
            if code >= _SURROGATES.start:
                code += len(_SURROGATES)
            if code > _LAST_CODE:
                raise TooManyUnits
            char = table[unit] = chr(code)
        out.append(char)
    return "".join(out)


def diff_sequences(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """Diff two sequences of strings: (op, how many items) runs, in order; a minimal diff."""
    table: dict[str, str] = {}
    return _runs(_encode(old, table), _encode(new, table))


def diff_lines(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """A minimal line diff: (op, how many lines) runs, in order.

    With more distinct lines than there are characters to stand for them, the lines alike at
    the start and at the end are kept and all the lines between them replaced.
    """
    try:
        return diff_sequences(old, new)
    except TooManyUnits:
        return _replaced_between_ends(old, new)


def common_ends(old: Sequence[str], new: Sequence[str]) -> tuple[int, int]:
    """How many items two sequences share at their start, then at their end (the two never
    overlap)."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def _replaced_between_ends(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """Every line replaced but those alike at the start and at the end."""
    head, tail = common_ends(old, new)
    runs = [
        (Op.EQUAL, head),
        (Op.DELETE, len(old) - head - tail),
        (Op.INSERT, len(new) - head - tail),
        (Op.EQUAL, tail),
    ]
    return [(op, count) for op, count in runs if count]


def _runs(a: str, b: str) -> list[tuple[Op, int]]:
    """diff-match-patch's ``diff_main`` as (op, length) runs, from its C++ build when present.

    Both builds implement the same algorithm; with no time-out and no cleanup they give the
    same runs (a test holds them to it), the C++ one several times faster.
    """
    if FAST is not None:
        counts = FAST.diff(a, b, timelimit=0, checklines=False, cleanup="No", counts_only=True)
        return [(_FAST_OPS[op], length) for op, length in counts if length]
    raw = _engine().diff_main(a, b, False)
    return [(_OPS[op], len(chars)) for op, chars in raw if chars]
