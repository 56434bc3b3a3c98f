"""Accountability: each change outside the notes, how severe it is, and which note accounts
for it. One test per rule of the README's "Every change accounted for" and "Severity"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.account import Intent, changes, intents, paragraph_locator, referenced, weigh
from revtrack.diff import diff
from revtrack.models import Change, ChangeKind, Severity
from revtrack.noise import DiffOptions
from revtrack.notes import find_notes

SEEN = datetime(2025, 3, 4, 15, tzinfo=UTC)
FORM = DiffOptions(ignore_whitespace=True, ignore_punctuation=True)


def found(old: str, new: str) -> tuple[Change, ...]:
    return changes(diff(old, new, FORM), paragraph_locator(old), paragraph_locator(new))


def severity_of(old: str, new: str) -> tuple[Severity, str]:
    (change,) = found(old, new)
    return change.severity, change.why


# --- what a change is -------------------------------------------------------------------------

BASE = (
    "Harbour Talks Resume\n\n"
    "The port employs about 14,000 people.\n\n"
    "Officials met on Monday. They did not agree.\n\n"
    "The minister said the talks would continue.\n"
)


def test_each_sentence_added_removed_or_edited_is_one_change_with_its_paragraph() -> None:
    new = BASE.replace("14,000", "11,500").replace(" They did not agree.", "")
    new += "\nA spokesman for the union welcomed the talks.\n"
    listed = [(c.kind, c.old_paragraph, c.new_paragraph) for c in found(BASE, new)]
    assert listed == [
        (ChangeKind.EDITED, 2, 2),
        (ChangeKind.REMOVED, 3, None),
        (ChangeKind.ADDED, None, 5),
    ]


def test_moves_whitespace_and_punctuation_are_not_changes() -> None:
    moved = BASE.replace(
        "Officials met on Monday. They did not agree.\n\nThe minister said the talks would"
        " continue.",
        "The minister said the talks would continue.\n\nOfficials met on Monday. They did"
        " not agree.",
    )
    assert found(BASE, moved.replace("employs", "employs ").replace("people.", "people!")) == ()


def test_a_paragraph_swapped_for_an_unrelated_one_is_removed_and_added() -> None:
    swapped = BASE.replace(
        "The minister said the talks would continue.",
        "Dockers in two other cities have planned marches for next week.",
    )
    kinds = [(c.kind, c.old_paragraph, c.new_paragraph) for c in found(BASE, swapped)]
    assert kinds == [(ChangeKind.REMOVED, 4, None), (ChangeKind.ADDED, None, 4)]
    reworded = BASE.replace(
        "The minister said the talks would continue.",
        "Talks will go on, according to the minister.",
    )
    assert [c.kind for c in found(BASE, reworded)] == [ChangeKind.EDITED]


# --- severity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "level", "because"),
    [
        ("employs about 14,000 people", "employs about 11,500 people", "substantive", "number"),
        ("did not agree", "did agree", "substantive", "negation"),
        ("would continue", "would never continue", "substantive", "negation"),
        ("met on Monday", "met on Tuesday", "substantive", "a date"),
        ("about 14,000 people", "about 14,000 workers", "minor", "words"),
        ("The minister said", "The minister Ana Ruiz said", "substantive", "name"),
        ("The port employs", "The port, says NATO, employs", "substantive", "name"),
        ("would continue", "would contniue", "typo", "spelling"),
        ("The minister said", "The Minister said", "typo", "case"),
        ("the talks would continue", "negotiations would go on", "minor", "words"),
    ],
)
def test_severity_rules(old: str, new: str, level: str, because: str) -> None:
    got, why = severity_of(BASE, BASE.replace(old, new, 1))
    assert got.value == level and because in why, why


def test_a_repeated_word_taken_out_is_a_typo() -> None:
    doubled = BASE.replace("the talks would", "the the talks would")
    assert severity_of(doubled, BASE)[0] is Severity.TYPO


def test_quoted_words_are_substantive() -> None:
    old = "He said “we will sign this week” after the meeting.\n"
    assert severity_of(old, old.replace("this week", "soon"))[0] is Severity.SUBSTANTIVE
    assert severity_of(old, old.replace("after", "following"))[0] is Severity.MINOR


def test_a_capital_in_a_title_case_headline_is_no_name() -> None:
    got = severity_of(BASE, BASE.replace("Harbour Talks Resume", "Harbour Talks Set to Resume"))
    assert got[0] is Severity.MINOR


def test_a_whole_sentence_in_or_out_is_substantive() -> None:
    levels = {c.severity for c in found(BASE, BASE + "\nA new sentence here.\n")}
    assert levels == {Severity.SUBSTANTIVE}


# --- what a note announces ---------------------------------------------------------------------


def note(text: str):  # type: ignore[no-untyped-def]
    (first,) = find_notes(f"Story.\n\n{text}\n", SEEN)
    return first


@pytest.mark.parametrize(
    ("text", "announced"),
    [
        ("Update: This article was updated with comment from the ministry.", {Intent.ADDS}),
        ("(Adds reaction from union in paragraph 4)", {Intent.ADDS}),
        ("Editor's note: This article has been amended to remove a quote.", {Intent.REMOVES}),
        (
            "Correction: An earlier version of this article misstated the number of workers.",
            {Intent.CORRECTS},
        ),
        ("Update: This article has been updated.", {Intent.GENERAL}),
        ("Update: Die Meldung wurde um eine Stellungnahme ergänzt.", {Intent.ADDS}),
        ("Update: Cet article a été mis à jour.", {Intent.GENERAL}),
        ("Update: Se eliminó un párrafo de este artículo.", {Intent.REMOVES}),
        ("Retraction: This article has been retracted.", {Intent.EVERYTHING}),
        ("Updated 10:42 a.m. ET", set()),
    ],
)
def test_what_a_note_announces(text: str, announced: set[Intent]) -> None:
    assert intents(note(text)) == announced


# --- what a note accounts for ------------------------------------------------------------------

EDITED = BASE.replace("14,000", "11,500")
REMOVED = BASE.replace(" They did not agree.", "")
ADDED = BASE + "\nA spokesman for the union welcomed the talks.\n"


def accounted(new: str, text: str) -> list[bool]:
    listed = found(BASE, new)
    covered = weigh(note(text), listed).accounted
    return [i in covered for i in range(len(listed))]


def test_announced_additions_account_for_added_sentences_only() -> None:
    adds = "Update: This article was updated with comment from the union."
    assert accounted(ADDED, adds) == [True]
    assert accounted(REMOVED, adds) == [False]
    assert accounted(EDITED, adds) == [False]


def test_a_correction_accounts_for_the_edits_whose_words_it_names() -> None:
    names = "Correction: An earlier version misstated the workforce. It is 11,500, not 14,000."
    assert accounted(EDITED, names) == [True]
    other = "Correction: An earlier version misspelled the name of the minister, Ana Ruiz."
    assert accounted(EDITED, other) == [False]


def test_a_correction_naming_no_edit_accounts_for_edits_in_its_passage() -> None:
    vague = "Correction: An earlier version misstated how many people the port employs."
    assert accounted(EDITED, vague) == [True]
    elsewhere = "Correction: An earlier version misstated the minister's remarks on tariffs."
    assert accounted(EDITED, elsewhere) == [False]


def test_a_general_update_never_accounts_for_a_removed_sentence() -> None:
    general = "Update: This article has been updated."
    assert accounted(ADDED, general) == [True]
    assert accounted(EDITED, general) == [True]
    assert accounted(REMOVED, general) == [False]


def test_a_removal_note_accounts_for_removed_sentences() -> None:
    removal = "Editor's note: This article has been amended to remove a paragraph."
    assert accounted(REMOVED, removal) == [True]
    assert accounted(EDITED, removal) == [False]


def test_a_retraction_accounts_for_everything_and_a_bare_stamp_for_nothing() -> None:
    both = REMOVED.replace("14,000", "11,500")
    assert accounted(both, "Retraction: This article has been retracted.") == [True, True]
    assert accounted(both, "Updated 10:42 a.m. ET") == [False, False]


def test_a_correction_speaking_of_no_figure_does_not_account_for_a_changed_one() -> None:
    about_port = "Correction: An earlier version misstated what the port employs people for."
    assert accounted(EDITED, about_port) == [False]
    assert accounted(EDITED, "Correction: The total the port employs was misstated.") == [True]
    reworded = BASE.replace("about 14,000 people", "about 14,000 workers")
    assert accounted(reworded, about_port) == [True]


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("(Corrects spelling of name in paragraph 2)", {2}),
        ("(Adds comment in paras 3-5)", {3, 4, 5}),
        ("Clarification: the second paragraph has been amended.", {2}),
        ("Korrektur: Im 2. Absatz hieß es zunächst ...", {2}),
        ("Rectificatif : le troisième paragraphe a été corrigé.", {3}),
        ("Corrección: el segundo párrafo y el párrafo 7 ...", {2, 7}),
        ("(Fixes typo in 12th graf)", {12}),
        ("Correction: a paragraph about 2024 results was wrong.", set()),
    ],
)
def test_the_paragraphs_a_note_points_to(text: str, paragraphs: set[int]) -> None:
    assert referenced(text) == paragraphs


def test_a_note_pointing_to_a_paragraph_names_the_changes_in_it() -> None:
    # BASE's paragraphs: headline, the port (2), the meeting (3), the minister (4); counted
    # from the first after the headline, as wire services do, or with it.
    renamed = BASE.replace("The minister said", "The minster said")
    assert accounted(renamed, "(Corrects spelling in paragraph 3)") == [True]
    assert accounted(renamed, "(Corrects spelling in paragraph 4)") == [True]
    assert accounted(renamed, "(Corrects spelling in paragraph 1)") == [False]
