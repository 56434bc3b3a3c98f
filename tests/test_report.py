"""The report stage: a change report between two versions, an article's log, its notes followed
through the history, and the stealth-edit findings, all built from versions alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from factories import fixture_history, fixture_report, version

from revtrack.models import Criteria, FindingKind, Op, Version
from revtrack.report import build_log, build_notes, build_report, build_transition, word_changes
from revtrack.text import split_lines

STORY = (
    "The council voted 7-2 on Tuesday to approve the budget.\n\n"
    "Mayor Lena Ortiz said the plan would add 40 bus drivers.\n"
)
START = datetime(2021, 8, 18, 12, 0, tzinfo=UTC)  # 8 a.m. in New York


def history(*texts: str, hours: float = 2) -> list[Version]:
    """Versions of one article, observed ``hours`` apart from 8 a.m. ET on Aug. 18, 2021."""
    at = START
    return [
        version(text, n, article="budget", at=at + timedelta(hours=hours * (n - 1)))
        for n, text in enumerate(texts, start=1)
    ]


def kinds(versions: list[Version], **options: timedelta) -> list[tuple[str, int, int]]:
    found = build_notes("budget", versions, Criteria(**options)).findings
    return [(f.kind.value, f.from_version, f.to_version) for f in found]


#: The mayor's comment added: what ``NOTE`` announces.
EDITED = STORY + "Ortiz said the city would start hiring in March.\n"
NOTE = "\nUpdate (8/18/21, 9:30 a.m. ET): This article was updated with the mayor's comment.\n"


def test_a_change_without_a_note_is_a_finding() -> None:
    found = build_notes("budget", history(STORY, EDITED)).findings
    assert [(f.kind, f.from_version, f.to_version) for f in found] == [
        (FindingKind.UNNOTED_CHANGE, 1, 2)
    ]
    assert found[0].message == "the text changed (+9 -0 words) and no note appeared"


def test_a_change_with_a_new_note_is_not() -> None:
    assert kinds(history(STORY, EDITED + NOTE)) == []


def test_whitespace_punctuation_and_typography_are_not_substantive() -> None:
    typeset = STORY.replace("7-2", "7–2").replace("said", " said").replace(".\n", ".  \n")
    quoted = typeset.replace("the plan", "“the plan”")
    assert kinds(history(STORY, quoted)) == []
    assert kinds(history(STORY, STORY.replace("Tuesday", "Monday"))) == [("unnoted_change", 1, 2)]


def test_a_note_alone_is_a_finding_of_its_own() -> None:
    versions = history(STORY, STORY + NOTE)
    found = build_notes("budget", versions).findings
    assert [f.kind for f in found] == [FindingKind.NOTE_WITHOUT_CHANGE]
    assert found[0].note is not None and found[0].note.text.startswith("Update (8/18/21")


def test_a_note_is_followed_through_edits_and_removal() -> None:
    edited_note = NOTE.replace("the mayor's comment", "the mayor's comment and the vote count")
    versions = history(STORY, EDITED + NOTE, EDITED + edited_note, EDITED)
    notes = build_notes("budget", versions)
    (tracked,) = notes.notes
    assert (tracked.first_version, tracked.last_version) == (2, 3)
    assert (tracked.changed_in, tracked.removed_in, tracked.replaced) == ((3,), 4, False)
    assert tracked.text == edited_note.strip()
    assert kinds(versions) == [("note_edited", 2, 3), ("note_removed", 3, 4)]
    edit, removal = notes.findings
    assert edit.message == (
        "the update of @2 was edited: “…with the mayor's comment{+ and the vote count+}.”"
    )
    assert removal.message.startswith("the update of @2 was removed: “Update (8/18/21")


def test_a_note_dated_before_the_previous_observation_is_misdated() -> None:
    early = NOTE.replace("9:30 a.m.", "5:00 a.m.")  # v1 was seen at 8 a.m. without it
    versions = history(STORY, EDITED + early)
    found = build_notes("budget", versions).findings
    assert [f.kind for f in found] == [FindingKind.NOTE_TIME_OUTSIDE_WINDOW]
    assert found[0].message == (
        "the new update is dated 2021-08-18 05:00 ET, 3 hours before @1 was seen without it"
    )
    assert kinds(versions, tolerance=timedelta(hours=3)) == []


def test_a_note_dated_after_the_version_that_has_it_is_misdated() -> None:
    late = NOTE.replace("9:30 a.m.", "1:00 p.m.")  # v2 was seen at 10 a.m. with it
    assert kinds(history(STORY, EDITED + late)) == [("note_time_outside_window", 1, 2)]
    assert kinds(history(STORY, EDITED + late), tolerance=timedelta(hours=4)) == []


def test_tolerance_applies_at_the_edges() -> None:
    edge = NOTE.replace("9:30 a.m.", "7:15 a.m.")  # 45 minutes before v1 was seen
    assert kinds(history(STORY, EDITED + edge)) == []
    assert kinds(history(STORY, EDITED + edge), tolerance=timedelta(minutes=30)) == [
        ("note_time_outside_window", 1, 2)
    ]


def test_a_date_without_a_time_is_checked_as_a_whole_day() -> None:
    same_day = "\nCorrection (Aug. 18, 2021): The vote was 7-2.\n"
    days_before = "\nCorrection (Aug. 12, 2021): The vote was 7-2.\n"
    misstated = STORY.replace("7-2", "7-3")
    assert kinds(history(misstated, STORY + same_day)) == []
    assert kinds(history(misstated, STORY + days_before)) == [("note_time_outside_window", 1, 2)]


def test_a_rolling_stamp_line_is_replaced_not_removed() -> None:
    first = "Updated at 7:30 a.m. ET\n\n"  # seen at 8, 10 and noon
    second = "Updated at 9:15 a.m. ET\n\n"
    third = STORY.replace("Tuesday", "Tuesday night")
    versions = history(first + STORY, second + EDITED, "Updated at 11:05 a.m. ET\n\n" + third)
    notes = build_notes("budget", versions)
    assert kinds(versions) == [("undescribed_change", 1, 2), ("undescribed_change", 2, 3)]
    assert [(t.first_version, t.last_version, t.removed_in, t.replaced) for t in notes.notes] == [
        (1, 1, 2, True),
        (2, 2, 3, True),
        (3, 3, None, False),
    ]


def test_a_later_note_of_the_same_kind_replaces_the_earlier() -> None:
    later = "\nUpdate (8/18/21, 11:30 a.m. ET): This article was updated with the vote count.\n"
    counted = EDITED + "The vote ended at 9 p.m.\n"
    versions = history(STORY, EDITED + NOTE, counted + later)
    assert kinds(versions) == []
    assert [t.replaced for t in build_notes("budget", versions).notes] == [True, False]


def test_notes_present_from_the_first_version() -> None:
    versions = history(STORY + NOTE, EDITED + NOTE)
    notes = build_notes("budget", versions)
    assert [(t.first_version, t.last_version, t.removed_in) for t in notes.notes] == [(1, 2, None)]
    assert kinds(versions) == [("unnoted_change", 1, 2)]


def test_report_lists_notes_added_and_removed() -> None:
    correction = "\nCorrection: The vote was 7-2, not 6-3.\n"
    old, new = history(STORY + correction, EDITED + NOTE)
    report = build_report(old, new)
    assert [n.kind.value for n in report.notes_added] == ["update"]
    assert [n.kind.value for n in report.notes_removed] == ["correction"]
    assert build_report(new, new).notes_added == ()


def test_log_entries_carry_new_notes_and_findings() -> None:
    log = build_log("budget", history(STORY, EDITED + NOTE, EDITED.replace("7-2", "6-3") + NOTE))
    assert [[n.kind.value for n in e.new_notes] for e in log.entries] == [[], ["update"], []]
    assert [[f.kind.value for f in e.findings] for e in log.entries] == [
        [],
        [],
        ["unnoted_change"],
    ]


# --- what a review of the first version found ---------------------------------------------


def at(versions: list[Version], *hours: float) -> list[Version]:
    """``versions`` re-timed: seen at the given UTC hours of Aug. 18, 2021."""
    day = datetime(2021, 8, 18, tzinfo=UTC)
    return [
        replace(v, observed_at=day + timedelta(hours=h))
        for v, h in zip(versions, hours, strict=True)
    ]


def test_impossible_stamps_never_break_the_history() -> None:
    for bad in (
        "Updated 2021-08-18 10:60 ET: Adds the vote.",
        "Updated Dec. 31, 9999: Adds the vote.",
        "Update (13/13/21): Adds the vote.",
    ):
        notes = build_notes("budget", history(STORY, EDITED + "\n" + bad + "\n"))
        (tracked,) = notes.notes  # found, and its impossible part left out
        stamp = tracked.note.time
        assert stamp is None or stamp.date is None or stamp.time is None
        assert [f.kind.value for f in notes.findings] == []


def test_a_time_without_a_date_is_held_to_its_time_of_day_only() -> None:
    # seen at 8:25 and 10:25 ET; "10:30 a.m. ET" is 5 minutes after, within the tolerance
    late = EDITED + "\nUpdated at 10:30 a.m. ET with the vote count.\n"
    assert kinds(at(history(STORY, late), 12 + 25 / 60, 14 + 25 / 60)) == []
    # a time with no zone may be any zone's: 8:00 in Tokyo is 23:00 UTC the day before
    tokyo = EDITED + "\nUpdated at 8:00 a.m. with the vote count.\n"
    assert kinds(at(history(STORY, tokyo), 22.5, 23.5)) == []
    # but 4 p.m. ET fits no day between 8:25 and 10:25 ET
    wrong = EDITED + "\nUpdated at 4:00 p.m. ET with the vote count.\n"
    assert kinds(at(history(STORY, wrong), 12 + 25 / 60, 14 + 25 / 60)) == [
        ("note_time_outside_window", 1, 2)
    ]


def test_a_note_rewritten_under_the_same_stamp_is_edited() -> None:
    first = "\nUpdated 9:02 a.m. ET: This story was updated with the mayor's comment.\n"
    second = first.replace("the mayor's comment", "a comment from a council member")
    assert kinds(history(STORY + first, STORY + second, hours=24)) == [("note_edited", 1, 2)]


def test_a_later_correction_does_not_hide_the_removal_of_an_earlier_one() -> None:
    misstated = "An earlier version of this article misstated"
    age = f"\nCorrection (Aug. 18, 2021, 9 a.m. ET): {misstated} the mayor's age.\n"
    drivers = f"\nCorrection (Aug. 18, 2021, 9:30 a.m. ET): {misstated} the number of drivers.\n"
    fewer = STORY.replace("40 bus", "45 bus")
    versions = at(history(STORY, STORY + age, fewer + drivers), 12.5, 13.25, 13.75)
    assert kinds(versions) == [("note_without_change", 1, 2), ("note_removed", 2, 3)]
    undated_age = age.replace(" (Aug. 18, 2021, 9 a.m. ET)", "")
    other_fact = undated_age.replace("the mayor's age", "the number of drivers")
    assert kinds(history(STORY, STORY + undated_age, fewer + other_fact)) == [
        ("note_without_change", 1, 2),
        ("note_removed", 2, 3),
    ]


def test_a_note_that_comes_back_is_restored_not_new() -> None:
    versions = history(STORY, EDITED + NOTE, EDITED, EDITED + NOTE)
    notes = build_notes("budget", versions)
    (tracked,) = notes.notes
    assert (tracked.first_version, tracked.restored_in, tracked.removed_in) == (2, (4,), None)
    assert kinds(versions) == [("note_removed", 2, 3)]


def test_an_announcement_in_a_paragraph_ends_with_its_sentence() -> None:
    story = STORY.replace("budget.\n", "budget. The mayor said she was pleased.\n")
    noted = story.replace(
        "budget. The", "budget. This story has been updated to include the vote. The"
    )
    later = noted.replace("pleased", "furious")
    assert kinds(history(story, noted, later)) == [
        ("note_without_change", 1, 2),
        ("unnoted_change", 2, 3),
    ]


def test_an_inline_note_alone_is_not_a_change_of_the_text() -> None:
    inline = STORY.replace("7-2 on", "7-2 [Updated 9:30 a.m. ET: corrected tally] on")
    (transition,) = build_notes("budget", history(STORY, inline)).transitions
    assert (transition.substantive, transition.words_added, transition.words_deleted) == (
        False,
        0,
        0,
    )
    assert [f.kind.value for f in transition.findings] == ["note_without_change"]


def test_removing_one_of_two_identical_copies_is_not_a_removal() -> None:
    assert kinds(history(STORY, EDITED + NOTE + "\n" + NOTE, EDITED + NOTE)) == []


def test_the_last_transition_alone_matches_the_whole_history() -> None:
    more = EDITED + "\nSomething else happened.\n" + NOTE
    versions = history(
        STORY, EDITED + NOTE, more, more.replace("comment.", "comment and the vote.")
    )
    last = build_transition(versions)
    assert last == build_notes("budget", versions).transitions[-1]
    assert last is not None and "of @2" in last.findings[0].message
    assert build_transition(versions[:1]) is None


def test_a_change_announced_by_a_bare_time_stamp_only_is_a_finding_of_its_own() -> None:
    byline = "Published 7:45 a.m. ET Aug. 18, 2021 | Updated {} ET Aug. 18, 2021\n\n"
    versions = history(
        byline.format("7:50 a.m.") + STORY,
        byline.format("9:55 a.m.") + STORY.replace("approve", "reject"),
    )
    found = build_notes("budget", versions).findings
    assert [f.kind.value for f in found] == ["undescribed_change"]
    assert found[0].message == (
        "the text changed (+1 -1 words) and only a time stamp"
        " (“Updated 9:55 a.m. ET Aug. 18, 2021”) says so, not what changed"
    )
    general = "\nThis article has been updated.\n"
    described = byline.format("9:55 a.m.") + STORY.replace("approve", "reject") + general
    assert kinds(history(byline.format("7:50 a.m.") + STORY, described)) == []


# --- the change report -----------------------------------------------------------------------


def test_a_report_carries_the_findings_of_every_change_in_between() -> None:
    versions = history(STORY, EDITED, EDITED + NOTE, STORY + NOTE)
    report = build_report(versions[0], versions[3], history=versions)
    assert [(f.kind.value, f.from_version, f.to_version) for f in report.findings] == [
        ("unnoted_change", 1, 2),
        ("note_without_change", 2, 3),
        ("unnoted_change", 3, 4),
    ]
    assert build_report(versions[0], versions[3]).findings == ()  # no history, no findings
    backwards = build_report(versions[3], versions[0], history=versions)
    assert backwards.findings == ()  # a change backwards in time has none


def test_the_line_alignment_is_computed_only_when_asked_for() -> None:
    old, new = history("a\nb\nc\n", "a\nB\nc\nd\n")
    assert build_report(old, new).line_runs is None
    runs = build_report(old, new, lines=True).line_runs
    assert runs is not None
    old_lines, new_lines = split_lines(old.text), split_lines(new.text)
    assert sum(n for op, n in runs if op is not Op.INSERT) == len(old_lines)
    assert sum(n for op, n in runs if op is not Op.DELETE) == len(new_lines)
    assert [op for op, _ in runs].count(Op.EQUAL) == 2  # a, and c: b is replaced, d added


def test_a_fixture_report_counts_what_changed() -> None:
    report = fixture_report("talks", 1, 2)
    assert report.diff.changed and report.old.number == 1 and report.new.number == 2
    words = report.diff.stats.words_added, report.diff.stats.words_deleted
    assert words == word_changes(report.old, report.new)
    assert word_changes(None, report.old) == (report.old.word_count, 0)


def test_the_log_of_a_fixture_counts_words_as_the_reports_do() -> None:
    versions = fixture_history("talks")
    log = build_log("talks", versions)
    assert [e.version.number for e in log.entries] == [1, 2, 3, 4]
    for entry, previous in zip(log.entries[1:], versions, strict=False):
        stats = build_report(previous, entry.version).diff.stats
        assert (entry.words_added, entry.words_deleted) == (stats.words_added, stats.words_deleted)
