"""Stamps of a text's own state in German, Danish and Polish: a time of day alone in the
brackets that close a paragraph ("(Stand: 13.30 Uhr)"), and the look-alikes that are no
note (a date in brackets that says how old a figure is, a source's time mid-paragraph, a
caption's stamp)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.notes import find_notes

SEEN = datetime(2024, 3, 6, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "starts", "timestamp"),
    [
        ("Die Kreuzung bleibt gesperrt. (Stand: 13.30 Uhr)", "Stand: 13.30 Uhr", "13:30"),
        ("Die Kreuzung bleibt gesperrt. (Stand 9:05 Uhr)", "Stand 9:05 Uhr", "09:05"),
        ("Der Brand ist gelöscht. (Stand: 14 Uhr)\nMittwoch, 06.03.2024", "Stand: 14", "14:00"),
        (
            "Die Sperrungen im Überblick (Stand: 11.15 Uhr)\n\nZüge zwischen A und B",
            "Stand",
            "11:15",
        ),
    ],
)
def test_a_time_alone_in_closing_brackets_stamps_the_text(
    text: str, starts: str, timestamp: str
) -> None:
    (note,) = find_notes(text, SEEN)
    assert note.kind.value == "update"
    assert note.text.startswith(starts)
    assert note.time is not None
    assert note.time.isoformat().startswith(f"2024-03-06T{timestamp}")
    assert note.time.inferred == ("date",)


@pytest.mark.parametrize(
    "text",
    [
        "Die Gemeinde hat 4.200 Einwohner (Stand: 31.12.2023)",
        "Im Konzept der Schule (Stand 04.10.2023) steht, was gilt.",
        "Es kommt zu Sperrungen (Stand 9.00 Uhr). Auch Regionalzüge fallen aus.",
        "Die Pegel sinken wieder. Foto: Landesamt (Stand: Dienstag, 21 Uhr)",
        "Die Zahl der Fälle stieg auf 120 (Stand: 6. März, 10 Uhr)",
        "Der Zug stand (13.30 Uhr) noch am Bahnsteig.",
    ],
)
def test_a_date_or_a_source_time_in_brackets_is_no_note(text: str) -> None:
    assert find_notes(text, SEEN) == ()
