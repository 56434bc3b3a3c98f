"""The hunks of an edited passage: what the severity of an edit reads around each place where
words changed, kept as the passage is read instead of joined anew for each hunk."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.hunks import CLOSING, OPENING, Hunk, edited_places
from revtrack.models import Op, Severity, Span
from revtrack.severity import severity

_PIECES = st.text(alphabet='ab .,\n"“”«»„「」Xy5', min_size=1, max_size=12)
_SPANS = st.lists(st.builds(Span, st.sampled_from(list(Op)), _PIECES, st.booleans()), max_size=40)


def _whole_quoted(before: str) -> bool:
    """A quotation open at the end of ``before``, read from the whole of it."""
    if before.count('"') % 2:
        return True
    depth = sum(before.count(c) for c in OPENING) - sum(before.count(c) for c in CLOSING)
    if "„" in before:
        depth = before.count("„") - before.count("“") + before.count("«") - before.count("»")
    return depth > 0


def _joined(spans: Sequence[Span]) -> list[tuple[str, str, str, str, str]]:
    """Each hunk as the texts around it read whole: deleted, inserted, all the old and new
    text before it, and all the old text after it."""
    old, new, deleted, inserted = "", "", "", ""
    found: list[tuple[str, str, str, str]] = []
    for span in spans:
        if span.op is not Op.EQUAL and not span.ignored:
            if span.op is Op.DELETE:
                deleted += span.text
            else:
                inserted += span.text
            continue
        if deleted or inserted:
            found.append((deleted, inserted, old, new))
            old, new, deleted, inserted = old + deleted, new + inserted, "", ""
        old += span.text if span.op is not Op.INSERT else ""
        new += span.text if span.op is not Op.DELETE else ""
    if deleted or inserted:
        found.append((deleted, inserted, old, new))
        old += deleted
    return [(d, i, o, n, old[len(o) + len(d) :]) for d, i, o, n in found]


@settings(max_examples=400, deadline=None)
@given(_SPANS)
def test_a_hunk_keeps_what_reading_the_whole_passage_gives(spans: list[Span]) -> None:
    hunks = list(edited_places(spans))
    expected = _joined(spans)
    assert [(h.deleted, h.inserted) for h in hunks] == [(d, i) for d, i, *_ in expected]
    for hunk, (_, _, old, new, after) in zip(hunks, expected, strict=True):
        assert hunk.old_before == old[-1000:] and hunk.new_before == new[-1000:]
        assert hunk.old_after == after[:1000]
        assert hunk.in_quotes == (_whole_quoted(old) or _whole_quoted(new))


def test_a_quotation_opened_long_before_a_hunk_still_counts() -> None:
    opened = [Span(Op.EQUAL, "“" + "The minister said the port would open. " * 100)]
    edit = [Span(Op.DELETE, "Monday"), Span(Op.INSERT, "Friday"), Span(Op.EQUAL, ".”")]
    (hunk,) = edited_places(opened + edit)
    assert hunk.in_quotes and len(hunk.old_before) == 1000
    closed = [Span(Op.EQUAL, "“It will open,” she said. " + "The port is busy. " * 100)]
    (plain,) = edited_places([*closed, Span(Op.DELETE, "big"), Span(Op.INSERT, "large")])
    assert not plain.in_quotes


def test_many_hunks_in_one_passage_are_read_as_they_come() -> None:
    spans: list[Span] = [Span(Op.EQUAL, "«")]
    for n in range(20_000):  # a passage of 20,000 edits: each hunk's reading is constant
        spans += [Span(Op.EQUAL, f" word{n} "), Span(Op.DELETE, "a"), Span(Op.INSERT, "b")]
    hunks = list(edited_places(spans))
    assert len(hunks) == 20_000 and all(h.in_quotes for h in hunks)
    assert all(len(h.old_before) <= 1000 and len(h.old_after) <= 1000 for h in hunks)
    assert severity(hunks[:3])[0] is Severity.SUBSTANTIVE  # quoted words changed


def test_a_hunk_is_a_value() -> None:
    assert Hunk("a", "b", "", "") == Hunk("a", "b", "", "", "", False)
