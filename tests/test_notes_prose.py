"""Notes that a newsroom writes as prose with no label, found by their score (revtrack.prose):
a paragraph that points to the paper's own text and says it was wrong, at the top or the
bottom of the text, set apart, or setting the wrong fact against the right one; over two
paragraphs, or signed by the newsroom below. And what only looks like one: someone else's
words quoted, a rule or a promise, a report about another outlet, a paragraph that goes on
with a note above it."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest

from revtrack import labels, notes
from revtrack.catalogue import catalogue
from revtrack.notes import find_notes
from revtrack.prose import THRESHOLD, WEIGHTS, parts_of

SEEN = datetime.fromisoformat("2024-05-02T09:00:00+02:00")
STORY = (
    "The council met on Tuesday to discuss next year's budget, and its members agreed to put "
    "off the vote on new parking fees until the spring session."
)


@pytest.mark.parametrize(
    ("text", "kind", "starts"),
    [
        # at the bottom of the story, the paper's own edition named, the error said
        (
            f"{STORY}\n\nDue to an editing error, a chart in some editions of yesterday’s paper "
            "incorrectly gave the total for the parks budget.",
            "correction",
            "Due to an editing error",
        ),
        # the edition before, in Spanish; a blog's own last post, in Portuguese
        (
            "En la pasada edición publicamos por error la foto de otro concejal. Pedimos "
            "disculpas a los dos.\n\nEl pleno se reunió el jueves y aprobó el presupuesto.",
            "correction",
            "En la pasada edición",
        ),
        (
            "No último post atribuí a frase ao ministro errado. Peço desculpa aos leitores.\n\n"
            "O debate sobre o orçamento continua esta semana no parlamento.",
            "correction",
            "No último post",
        ),
        # the masthead names itself: "this paper erroneously gave the name"
        (
            "Questa testata ha erroneamente indicato il nome del vincitore della gara di sabato."
            "\n\nLa premiazione si terrà domenica in piazza.",
            "correction",
            "Questa testata",
        ),
        # what was wrong is said in the paragraph below the one that names the story
        (
            "In a story on March 3 about the school board, we said that the vote to close the "
            "library was unanimous.\n\nThat was wrong: two members voted against it.\n\n"
            f"{STORY}",
            "correction",
            "In a story on March 3",
        ),
        # the newsroom signs below the note
        (
            f"{STORY}\n\nArtikeln om hamnen innehöll felaktiga uppgifter om avgifterna.\n\n"
            "/Redaktionen",
            "correction",
            "Artikeln om hamnen",
        ),
        # a block quoted after a line that ends with a colon
        (
            "The paper ran this on page two on Friday:\n\nA story in Thursday’s paper misstated "
            "the age of the mayor. She is 52.\n\n"
            "It was the third such notice this month, and readers have noticed.",
            "correction",
            "A story in Thursday’s paper",
        ),
        # in the middle of a story, a wrong fact set against the right one
        (
            f"{STORY}\n\nOur story on the fire misidentified the owner of the bakery. It was "
            f"his brother.\n\n{STORY}",
            "correction",
            "Our story on the fire",
        ),
        # a Japanese note that sets the right figure against the wrong one
        (
            "この記事の初出時、参加者の人数を誤って記載していました。正しくは12人です。",
            "correction",
            "この記事の初出時",
        ),
        # a Korean notice from "this company" (the paper) without a date
        (
            "본사는 지난 호 기사에서 행사 날짜를 잘못 적었습니다. 독자 여러분께 사과드립니다.",
            "correction",
            "본사는 지난 호",
        ),
    ],
)
def test_a_newsrooms_prose_note_is_found(text: str, kind: str, starts: str) -> None:
    found = find_notes(text, SEEN)
    assert [(n.kind.value, n.text[: len(starts)]) for n in found] == [(kind, starts)]


@pytest.mark.parametrize(
    "text",
    [
        # someone else's words: quoted, after a speaker's dash, attributed
        f"“We incorrectly reported the date of the concert in our story,” the promoter wrote.\n\n"
        f"{STORY}",
        "– Vi skrev feilaktig at kontrakten var signert, sier klubbens leder.",
        # a rule or a promise, not an error that happened
        "If we get something wrong in this article, we will correct it and say so at its end.",
        # a paragraph that opens by going on with the one above it
        f"{STORY}\n\nAlso, our story incorrectly gave the date of the next meeting.",
        # an apology for what followed an error, with no error said (Japanese)
        "本紙が先日報じた件で、読者の皆さまにご迷惑をおかけしました。あらためておわび申し上げます。",
        # an error in the middle of a story, not set apart, with nothing set against it
        f"{STORY}\n\nOur reporter was wrong about the weather, and it rained all day.\n\n{STORY}",
        # a paper that did not appear: no error said (Korean)
        "본지 편집을 맡고 있던 기자가 세상을 떠나 부득이 9일자 신문을 발행하지 못했습니다.",
    ],
)
def test_what_only_looks_like_a_prose_note_is_not_one(text: str) -> None:
    assert find_notes(text, SEEN) == ()


def test_the_score_needs_both_self_reference_and_an_error() -> None:
    """Self-reference and an error's word alone reach the threshold only with a place or a
    contrast: neither alone, nor both without one, makes a note."""
    assert WEIGHTS["self"] + WEIGHTS["error"] < THRESHOLD
    assert WEIGHTS["self"] + WEIGHTS["contrast"] + WEIGHTS["position"] < THRESHOLD
    assert WEIGHTS["error"] + WEIGHTS["contrast"] + WEIGHTS["position"] < THRESHOLD
    parts = parts_of("Our story misspelled the name of the school, which is Hill, not Hall.")
    assert parts is not None and parts.own and parts.wrong and parts.contrast


def test_every_language_of_the_catalogue_has_the_parts_of_the_score() -> None:
    """The parts hold across publishers in each language the notes are read in."""
    languages = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "pl", "ja", "zh", "ko")
    assert {"self", "error", "contrast", "words", "signature"} <= set(catalogue().prose)
    table = tomllib.loads(
        resources.files("revtrack.catalogue").joinpath("notes.toml").read_text(encoding="utf-8")
    )["prose"]
    for language in languages:
        assert {"self", "error", "words"} <= set(table[language]), language


def test_a_users_file_adds_to_the_words_of_the_score(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publisher's own self-reference and error words, from the user's notes.toml, make
    its prose a note; without them the same paragraph is prose."""
    text = "Il nostro settimanale ha pubblicato per svista la foto di un altro sindaco."
    assert find_notes(text, SEEN) == ()
    path = tmp_path / "notes.toml"
    path.write_text(
        "[prose.it]\nself = ['\\bil\\s+nostro\\s+settimanale\\b']\n"
        "error = ['\\bper\\s+svista\\b']\nwords = [\"svista\"]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("REVTRACK_NOTES", str(path))
    _reload()
    try:
        assert [(n.kind.value, n.start) for n in find_notes(text, SEEN)] == [("correction", 0)]
    finally:
        monkeypatch.undo()
        _reload()
    assert find_notes(text, SEEN) == ()


def _reload() -> None:
    catalogue.cache_clear()
    labels.patterns.cache_clear()
    notes.forget()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[prose.it]\nselff = ['\\bnostro\\b']\n", "[prose.it] selff: one of self, error"),
        ("[prose.it]\nerror = ['(svista']\n", "missing )"),
        ("[prose.it]\nwords = 'svista'\n", "[prose.it] words must be a list of strings"),
    ],
)
def test_a_bad_prose_table_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Bridge plans approved.\n\nThe council voted.\n", encoding="utf-8")
    user_file = tmp_path / "notes.toml"
    user_file.write_text(content, encoding="utf-8")
    env = {**os.environ, "REVTRACK_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "revtrack"]
    added = subprocess.run([*command, "add", "bridge", str(article)], capture_output=True, env=env)
    assert added.returncode == 0, added
    env["REVTRACK_NOTES"] = str(user_file)
    done = subprocess.run([*command, "notes", "bridge"], capture_output=True, text=True, env=env)
    assert done.returncode == 2, done
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_short_lines_below_a_note_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a paragraph goes on with the note above it asks whether the paragraphs between
    are prose: each of a long run of short lines below a note is asked once, not once for
    every line below it (4,000 lines took 17 s)."""
    from revtrack import prose

    asked: list[str] = []
    is_prose = prose._prose

    def counted(paragraph: str) -> bool:
        asked.append(paragraph)
        return is_prose(paragraph)

    monkeypatch.setattr(prose, "_prose", counted)
    lines = 2000
    text = "Update 5 May 2024\n\nThe council corrected the figure.\n\n" + "x.y\n\n" * lines
    found = find_notes(text)
    assert [n.kind.value for n in found] == ["update"]
    assert len(asked) < 3 * lines, len(asked)
