"""Notes followed through an article's history, and the stealth-edit findings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from revtrack.models import FindingKind, Version
from revtrack.report import build_log, build_notes, build_report
from revtrack.text import content_hash, count_words

STORY = (
    "The council voted 7-2 on Tuesday to approve the budget.\n\n"
    "Mayor Lena Ortiz said the plan would add 40 bus drivers.\n"
)
START = datetime(2021, 8, 18, 12, 0, tzinfo=UTC)  # 8 a.m. in New York


def history(*texts: str, hours: float = 2) -> list[Version]:
    """Versions of one article, observed ``hours`` apart from 8 a.m. ET on Aug. 18, 2021."""
    return [
        Version(
            article="budget",
            number=n,
            observed_at=START + timedelta(hours=hours * (n - 1)),
            hash=content_hash(text),
            source="file",
            byte_count=len(text.encode()),
            word_count=count_words(text),
            text=text,
        )
        for n, text in enumerate(texts, start=1)
    ]


def kinds(versions: list[Version], **options: timedelta) -> list[tuple[str, int, int]]:
    found = build_notes("budget", versions, **options).findings
    return [(f.kind.value, f.from_version, f.to_version) for f in found]


EDITED = STORY.replace("40 bus drivers", "45 bus drivers")
NOTE = "\nUpdate (8/18/21, 9:30 a.m. ET): This article was updated with the mayor's comment.\n"


def test_a_change_without_a_note_is_a_finding() -> None:
    found = build_notes("budget", history(STORY, EDITED)).findings
    assert [(f.kind, f.from_version, f.to_version) for f in found] == [
        (FindingKind.UNNOTED_CHANGE, 1, 2)
    ]
    assert found[0].message == "the text changed (+1 -1 words) and no note appeared"


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
    assert kinds(history(STORY, EDITED + same_day)) == []
    assert kinds(history(STORY, EDITED + days_before)) == [("note_time_outside_window", 1, 2)]


def test_a_rolling_stamp_line_is_replaced_not_removed() -> None:
    first = "Updated at 7:30 a.m. ET\n\n"  # seen at 8, 10 and noon
    second = "Updated at 9:15 a.m. ET\n\n"
    third = STORY.replace("Tuesday", "Tuesday night")
    versions = history(first + STORY, second + EDITED, "Updated at 11:05 a.m. ET\n\n" + third)
    notes = build_notes("budget", versions)
    assert kinds(versions) == []
    assert [(t.first_version, t.last_version, t.removed_in, t.replaced) for t in notes.notes] == [
        (1, 1, 2, True),
        (2, 2, 3, True),
        (3, 3, None, False),
    ]


def test_a_later_note_of_the_same_kind_replaces_the_earlier() -> None:
    later = "\nUpdate (8/18/21, 11:30 a.m. ET): This article was updated with the vote count.\n"
    versions = history(STORY, EDITED + NOTE, STORY + later)
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
