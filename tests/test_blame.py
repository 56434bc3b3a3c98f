"""``revtrack blame``: each sentence's origin through edits, moves and reverts, with the note
that announced its change; the same on both backends, from the cache or worked out."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import Run, StoreHome
from test_schemas import valid

from revtrack import blame as blame_module
from revtrack.blame import carried, sentence_units
from revtrack.errors import ExitStatus

RunFn = Callable[..., Run]

ALPHA = "Alpha one starts the story here."
BETA = "Beta two follows the first sentence."
BETA_EDITED = "Beta two follows the first sentence closely."
GAMMA = "Gamma three ends the first paragraph."
DELTA = "Delta four is a paragraph of its own."
CORRECTION = "Correction (Aug. 18): An earlier version of this article misstated the vote count."
CLARIFICATION = "Clarification (Aug. 18, 2021): This story was updated to clarify who voted."

FIRST = f"{ALPHA} {BETA} {GAMMA}\n\n{DELTA}\n"
#: (observed at, text): an edit with a correction, a move, the edit undone with a
#: clarification, and a revert of the whole text to the first version.
HISTORY = [
    ("2021-08-18T09:00-04:00", FIRST),
    ("2021-08-18T10:00-04:00", f"{ALPHA} {BETA_EDITED} {GAMMA}\n\n{DELTA}\n\n{CORRECTION}\n"),
    ("2021-08-18T11:00-04:00", f"{DELTA}\n\n{ALPHA} {BETA_EDITED} {GAMMA}\n\n{CORRECTION}\n"),
    ("2021-08-18T12:00-04:00", f"{DELTA}\n\n{ALPHA} {BETA} {GAMMA}\n\n{CLARIFICATION}\n"),
    ("2021-08-18T13:00-04:00", FIRST),
]


def add_history(run: RunFn) -> None:
    for moment, text in HISTORY:
        result = run("add", "story", "-", "--at", moment, input=text.encode())
        assert result.code == 0, result


def origins(run: RunFn, ref: str) -> list[tuple[str, int, list[str]]]:
    data = valid(run("blame", ref, "--json"), "blame")
    return [(s["text"], s["version"], [n["kind"] for n in s["notes"]]) for s in data["sentences"]]


def test_origins_follow_edits_moves_and_reverts(run: RunFn, store_home: StoreHome) -> None:
    """On both backends: an edited sentence is the editing version's, with the note that
    first appeared there; a moved one keeps its origin; one restored to its earlier wording
    is the restoring version's; a whole text reverted keeps the origins of the version
    before it."""
    add_history(run)
    assert origins(run, "story@1") == [
        (ALPHA, 1, []),
        (BETA, 1, []),
        (GAMMA, 1, []),
        (DELTA, 1, []),
    ]
    assert origins(run, "story@2") == [
        (ALPHA, 1, []),
        (BETA_EDITED, 2, ["correction"]),
        (GAMMA, 1, []),
        (DELTA, 1, []),
        (CORRECTION, 2, ["correction"]),
    ]
    assert origins(run, "story@3") == [  # Delta moved to the top: still @1
        (DELTA, 1, []),
        (ALPHA, 1, []),
        (BETA_EDITED, 2, ["correction"]),
        (GAMMA, 1, []),
        (CORRECTION, 2, ["correction"]),
    ]
    restored = [
        (DELTA, 1, []),
        (ALPHA, 1, []),
        (BETA, 4, ["clarification"]),  # its first wording again: the version that restored it
        (GAMMA, 1, []),
        (CLARIFICATION, 4, ["clarification"]),
    ]
    assert origins(run, "story@4") == restored
    assert (
        origins(run, "story")
        == origins(run, "story@-1")
        == [  # @5, the text of @1
            (ALPHA, 1, []),
            (BETA, 4, ["clarification"]),
            (GAMMA, 1, []),
            (DELTA, 1, []),
        ]
    )


def test_json_names_the_version_and_each_sentence(run: RunFn) -> None:
    add_history(run)
    data = valid(run("blame", "story@2", "--json"), "blame")
    assert data["article"] == "story" and data["version"]["number"] == 2
    assert data["version"]["revert_of"] is None and data["damaged"] == []
    first, edited = data["sentences"][:2]
    assert first == {
        "paragraph": 1,
        "text": ALPHA,
        "version": 1,
        "observed_at": "2021-08-18T13:00:00+00:00",
        "notes": [],
    }
    assert [s["paragraph"] for s in data["sentences"]] == [1, 1, 1, 2, 3]
    assert edited["observed_at"] == "2021-08-18T14:00:00+00:00"
    assert edited["notes"][0]["text"] == CORRECTION


def test_terminal_output_is_like_git_blame(run: RunFn) -> None:
    add_history(run)
    result = run("blame", "story@2")
    assert result.code == 0 and not result.stderr, result
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("@1  2021-08-18 09:00:00 -0400  ") and lines[0].endswith(ALPHA)
    assert lines[1].startswith("@2  2021-08-18 10:00:00 -0400  correction 2021-08-18")
    assert lines[1].endswith(BETA_EDITED)
    width = {
        len(line) - len(text) for line, text in zip(lines[:2], [ALPHA, BETA_EDITED], strict=True)
    }
    assert len(width) == 1, lines  # the sentences start in one column
    utc = run("blame", "story@2", "--utc").stdout.splitlines()
    assert utc[0].startswith("@1  2021-08-18 13:00:00 UTC  ")
    colored = run("blame", "story@2", "--color", "always").stdout
    assert "\x1b[" in colored and ALPHA in colored


def test_article_text_is_data(run: RunFn) -> None:
    run("add", "x", "-", input=b"A sentence with an \x1b[31mescape\x1b[0m in it.\n")
    shown = run("blame", "x", "--color", "always").stdout
    assert "\x1b[31m" not in shown and "\\u001b[31m" in shown


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["nope"], ExitStatus.NOT_FOUND, "unknown article 'nope'"),
        (["story@9"], ExitStatus.NOT_FOUND, "story@9"),
        (["story@x"], ExitStatus.USAGE, "malformed revision"),
    ],
)
def test_bad_input_is_one_line(run: RunFn, args: list[str], status: int, message: str) -> None:
    add_history(run)
    result = run("blame", *args)
    assert result.code == status, result
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result
    assert message in result.stderr and not result.stdout


def test_a_missing_store_is_an_error_not_a_traceback(run: RunFn) -> None:
    result = run("blame", "story")
    assert result.code != 0 and result.stderr.startswith("Error: "), result


def test_blame_reads_what_the_cache_kept(run: RunFn, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each pair's sentences carried are kept in the store: a second blame compares nothing."""
    add_history(run)
    first = run("blame", "story", "--json").stdout

    def fail(old: str, new: str) -> tuple[int, ...]:
        raise AssertionError("compared again")

    monkeypatch.setattr(blame_module, "carried", fail)
    assert run("blame", "story", "--json").stdout == first


# --- the sentences carried, from the diff engine's alignment ---------------------------------


def test_sentence_units_are_the_sentences_without_their_whitespace() -> None:
    text = "One. Two three.\n\n  Four!\nFive.\n"
    units = sentence_units(text)
    assert [text[start:end] for start, end, _ in units] == ["One.", "Two three.", "Four!", "Five."]
    assert [paragraph for _, _, paragraph in units] == [1, 1, 2, 3]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Abc def. Ghi jkl.\n", "Abc def. Ghi jkl.\n", (0, 1)),
        ("Abc def. Ghi jkl.\n", "Ghi jkl. Abc def.\n", (1, 0)),  # moved, unchanged
        ("Abc def. Ghi jkl.\n", "Abc def. Ghi jkl mno.\n", (0, -1)),  # edited
        ("Abc def. Ghi jkl.\n", "Abc def.\n\nGhi jkl.\n", (0, 1)),  # a paragraph split
        ("Abc def. Ghi jkl.\n", "Abc def. New one. Ghi jkl.\n", (0, -1, 1)),  # added
        ("Abc def ghi jkl. Mno pqr.\n", "Abc ghi jkl. Mno pqr.\n", (-1, 1)),  # a word deleted
        (
            "The harbor talks resumed on Monday morning. Nothing else. The end.\n",
            "The end. Nothing else. The harbor talks resumed on Monday evening.\n",
            (2, 1, -1),  # moved and changed on the way
        ),
        ("Abc def. Abc def.\n", "Abc def. Abc def. Abc def.\n", (0, 1, -1)),  # repeated
    ],
)
def test_carried(old: str, new: str, expected: tuple[int, ...]) -> None:
    assert carried(old, new) == expected


def test_a_sentence_of_several_pieces_is_carried_whole() -> None:
    """Quotes, abbreviations and CJK sentences, as the diff cuts them."""
    old = '"We will see," he said. Dr. Rook agreed. 北の玄関口です。次の文。\n'
    new = 'Intro. "We will see," he said. Dr. Rook agreed. 北の玄関口です。次の文！\n'
    assert carried(old, new) == (-1, 0, 1, 2, -1)
    assert json.dumps(carried(new, new)) == "[0, 1, 2, 3, 4]"
