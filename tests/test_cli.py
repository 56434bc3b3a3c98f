"""The commands end to end: exit status, stdout and stderr checked separately."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARTICLES, FIXTURES, ROOT, Run, article_versions
from golden import check_golden

from revtrack.errors import ExitStatus

RunFn = Callable[..., Run]
ESC = "\x1b"


def times(name: str) -> list[str]:
    """When the fixture versions were seen, as their manifest ``seen`` says."""
    seen = (FIXTURES / "articles" / name / "seen").read_text(encoding="utf-8").splitlines()
    rows = [line.split() for line in seen if line.strip()]
    assert [file for file, _ in rows] == [p.name for p in article_versions(name)]
    return [moment for _, moment in rows]


def add_all(run: RunFn, name: str) -> None:
    for path, moment in zip(article_versions(name), times(name), strict=True):
        result = run("add", name, str(path), "--at", moment)
        assert result.code == 0, result


def test_add_prints_new_version_and_word_changes(run: RunFn) -> None:
    first, second = article_versions("talks")[:2]
    result = run("add", "talks", str(first))
    assert (result.code, result.stderr) == (0, ""), result
    assert result.stdout.startswith("talks@1  ") and result.stdout.endswith(" words\n")
    result = run("add", "talks", str(second))
    assert result.code == 0, result
    name, added, deleted, unit, *notes = result.stdout.split()
    assert (name, unit) == ("talks@2", "words")
    assert notes[:3] == ["+update", "2025-01-02", "11:40"]  # and, observed today, misdated
    stats = json.loads(run("diff", "talks", "--json").stdout)["stats"]
    assert (added, deleted) == (f"+{stats['words_added']}", f"-{stats['words_deleted']}")
    assert stats["words_added"] > 60  # v2 adds a quote paragraph of about 65 words


def test_add_shows_the_notes_and_findings_of_the_change(run: RunFn) -> None:
    paths, moments = article_versions("talks"), times("talks")
    lines = [
        run("add", "talks", str(p), "--at", t).stdout for p, t in zip(paths, moments, strict=True)
    ]
    beyond = "! changed beyond the note [substantive]\n"  # a figure changed under an update
    assert lines[1].endswith(f"  +update 2025-01-02 11:40 ET  {beyond}")
    assert lines[2].endswith(f"  +correction 2025-01-02  {beyond}")  # ... a sentence removed
    assert lines[3] == "talks@4  +19 -17 words  ! changed without a note [minor]\n"
    run("add", "other", str(paths[0]), "--at", moments[0])
    data = json.loads(run("add", "other", str(paths[1]), "--at", moments[1], "--json").stdout)
    assert [(n["kind"], n["timestamp"]) for n in data["new_notes"]] == [
        ("update", "2025-01-02T11:40:00-05:00")
    ]
    assert [f["kind"] for f in data["findings"]] == ["change_beyond_note"]
    log = run("log", "talks", "--min-severity", "substantive").stdout.splitlines()
    assert log[3].endswith("+19 -17") and "!" in log[2]  # @4's change is minor: not reported
    assert "! changed without a note [minor]" in run("log", "talks").stdout.splitlines()[3]


def test_add_unchanged_says_so_on_stderr_and_stores_nothing(run: RunFn) -> None:
    path = article_versions("storm")[0]
    run("add", "storm", str(path))
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n") + "\n\n\n"
    result = run("add", "storm", "-", input=text.encode())
    assert (result.code, result.stdout) == (0, ""), result
    assert result.stderr == "storm: unchanged since @1\n"
    assert json.loads(run("list", "--json").stdout)["articles"][0]["versions"] == 1


def test_add_from_stdin_and_revert(run: RunFn) -> None:
    assert run("add", "x", "-", input=b"First text.\n").code == 0
    assert run("add", "x", "-", input=b"Second text.\n").code == 0
    result = run("add", "x", "-", input=b"First text.\n")
    assert result.code == 0, result
    assert result.stdout.startswith("x@3 ") and "(same text as @1)" in result.stdout
    versions = json.loads(run("log", "x", "--json").stdout)["versions"]
    assert [v["revert_of"] for v in versions] == [None, None, 1]
    assert [v["source"] for v in versions] == ["stdin"] * 3


def test_add_json(run: RunFn) -> None:
    result = run("add", "x", "-", "--json", "--at", "2024-03-14T18:00:00Z", input=b"A b c.\n")
    data = json.loads(result.stdout)
    assert list(data) == [
        "schema",
        "status",
        "version",
        "words_added",
        "words_deleted",
        "new_notes",
        "findings",
    ]
    assert data["schema"] == "revtrack.add/1" and data["status"] == "added"
    assert data["version"]["observed_at"] == "2024-03-14T18:00:00+00:00"
    assert data["version"]["words"] == 3 and data["version"]["hash"].startswith("sha256:")
    again = json.loads(run("add", "x", "-", "--json", input=b"A b c.\n").stdout)
    assert again["status"] == "unchanged" and again["version"]["number"] == 1


def test_log_lines_and_json(run: RunFn, request: pytest.FixtureRequest) -> None:
    add_all(run, "talks")
    result = run("log", "talks")
    assert (result.code, result.stderr) == (0, ""), result
    check_golden(request, "log/talks.txt", result.stdout)
    data = json.loads(run("log", "talks", "--json").stdout)
    assert data["schema"] == "revtrack.log/1"
    assert [v["number"] for v in data["versions"]] == [1, 2, 3, 4]
    report = json.loads(run("diff", "talks", "@1", "@2", "--json").stdout)
    assert data["versions"][1]["words_added"] == report["stats"]["words_added"]
    assert data["versions"][0]["words_added"] == data["versions"][0]["words"]
    utc = run("log", "talks", "--utc").stdout.splitlines()[0]
    assert "2025-01-02 14:00:00 UTC" in utc


def test_show_revisions(run: RunFn) -> None:
    add_all(run, "recall")
    paths = article_versions("recall")
    expected = [p.read_text(encoding="utf-8") for p in paths]
    assert run("show", "recall").stdout == expected[-1]
    assert run("show", "recall@1").stdout == expected[0]
    assert run("show", "recall@-2").stdout == expected[-2]
    assert run("show", "recall@2").stdout == expected[1]
    data = json.loads(run("show", "recall@1", "--json").stdout)
    assert data["schema"] == "revtrack.version/1" and data["text"] == expected[0]


def test_list(run: RunFn) -> None:
    empty = run("list")
    assert (empty.code, empty.stdout) == (0, "") and "no articles yet" in empty.stderr
    add_all(run, "talks")
    add_all(run, "storm")
    lines = run("list").stdout.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["storm", "3", "versions"],
        ["talks", "4", "versions"],
    ]
    assert "2025-01-02 09:00:00 -0500" in lines[1] and "2025-01-02 18:00:00 -0500" in lines[1]
    data = json.loads(run("list", "--json").stdout)
    assert data["schema"] == "revtrack.list/1"
    assert [a["article"] for a in data["articles"]] == ["storm", "talks"]
    assert data["articles"][1]["last_observed"] == "2025-01-02T23:00:00+00:00"


def _diff_cases() -> list[tuple[str, int, int]]:
    cases = []
    for folder in sorted(p for p in ARTICLES.iterdir() if p.is_dir()):
        count = len(article_versions(folder.name))
        cases += [(folder.name, n, n + 1) for n in range(1, count)] + [(folder.name, 1, count)]
    return cases


@pytest.mark.parametrize(("name", "old", "new"), _diff_cases())
def test_diff_golden(
    run: RunFn, request: pytest.FixtureRequest, name: str, old: int, new: int
) -> None:
    add_all(run, name)
    plain = run("diff", name, f"@{old}", f"@{new}")
    assert (plain.code, plain.stderr) == (0, ""), plain
    assert ESC not in plain.stdout
    check_golden(request, f"diff/{name}-{old}-{new}.txt", plain.stdout)
    color = run("diff", name, f"@{old}", f"@{new}", "--color", "always")
    assert ESC in color.stdout and "{+" not in color.stdout
    check_golden(request, f"diff/{name}-{old}-{new}.ansi", color.stdout)


def test_diff_defaults_to_previous_against_latest(run: RunFn) -> None:
    add_all(run, "storm")
    assert run("diff", "storm").stdout == run("diff", "storm", "@2", "@3").stdout
    assert run("diff", "storm", "@-3").stdout == run("diff", "storm", "@1", "@3").stdout
    assert run("diff", "storm@1").stdout == run("diff", "storm", "@1", "@-1").stdout


def test_diff_context(run: RunFn) -> None:
    add_all(run, "talks")
    none = run("diff", "talks", "--context", "0").stdout
    wide = run("diff", "talks", "-U", "100").stdout
    assert "unchanged paragraph" in none and "unchanged paragraph" not in wide
    assert len(wide) > len(run("diff", "talks").stdout) > len(none)
    assert wide.count("\n\n") > none.count("\n\n")


def test_diff_exit_code_and_same_text(run: RunFn) -> None:
    for text in (b"A.\n", b"B.\n", b"A.\n"):
        run("add", "x", "-", input=text)
    assert run("diff", "x", "@1", "@2", "--exit-code").code == ExitStatus.CHANGED
    assert run("diff", "x", "@1", "@2").code == 0
    same = run("diff", "x", "@1", "@3", "--exit-code")
    assert same.code == 0, same
    assert "{+" not in same.stdout and "[-" not in same.stdout


def test_diff_json(run: RunFn) -> None:
    add_all(run, "talks")
    data = json.loads(run("diff", "talks", "@1", "@2", "--json").stdout)
    assert list(data) == [
        "schema",
        "article",
        "old",
        "new",
        "changed",
        "severity",
        "stats",
        "notes",
        "findings",
        "ignored_by",
        "blocks",
    ]
    assert data["schema"] == "revtrack.report/1" and data["changed"] is True
    assert (data["old"]["number"], data["new"]["number"]) == (1, 2)
    assert data["stats"]["words_added"] > 60 and 0 < data["stats"]["words_deleted"] < 10
    old = "".join(s["text"] for b in data["blocks"] for s in b["spans"] if s["op"] != "insert")
    new = "".join(s["text"] for b in data["blocks"] for s in b["spans"] if s["op"] != "delete")
    paths = article_versions("talks")
    assert (old, new) == (paths[0].read_text("utf-8"), paths[1].read_text("utf-8"))


@pytest.mark.parametrize(
    ("env", "args", "colored"),
    [
        ({}, [], False),
        ({"FORCE_COLOR": "1"}, [], True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),
        ({"NO_COLOR": "1"}, ["--color", "always"], True),
        ({"FORCE_COLOR": "1"}, ["--color", "never"], False),
    ],
)
def test_color_follows_option_and_environment(
    run: RunFn, env: dict[str, str], args: list[str], colored: bool
) -> None:
    add_all(run, "recall")
    result = run("diff", "recall", *args, env=env)
    assert (ESC in result.stdout) is colored, result
    assert ("{+" in result.stdout) is not colored


def test_every_command_has_help_with_an_example(run: RunFn) -> None:
    import click

    from revtrack.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.list_commands(click.Context(cli)):
        result = run(name, "--help")
        assert result.code == 0, result
        assert "Examples:" in result.stdout and f"revtrack {name}" in result.stdout, result
        assert f"revtrack {name}" in readme, f"README does not show `revtrack {name}`"
    assert "Examples:" in run("--help").stdout


def test_module_entry_point_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "revtrack", "--version"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REVTRACK_HOME": str(Path(os.environ["REVTRACK_HOME"]))},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("revtrack, version ")


def test_reader_closing_the_pipe_is_not_an_error(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("A long paragraph of text.\n\n" * 200_000, encoding="utf-8")
    env = {**os.environ, "REVTRACK_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "revtrack"]
    subprocess.run([*command, "add", "big", str(big)], env=env, check=True, capture_output=True)
    for args in (["show", "big"], ["show", "big", "--json"]):
        reader = subprocess.Popen(
            [*command, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert reader.stdout is not None and reader.stderr is not None
        with reader.stdout, reader.stderr:
            reader.stdout.read(100)
            reader.stdout.close()
            assert reader.wait(timeout=60) == 0
            assert reader.stderr.read() == b""


def test_interrupt_exits_130(run: RunFn, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("revtrack.extract.extract", interrupted)
    result = run("add", "x", "-", input=b"Text.\n")
    assert (result.code, result.stdout) == (ExitStatus.INTERRUPTED, ""), result
    assert result.stderr == "Error: interrupted\n"


def test_whitespace_only_changes_are_visible(run: RunFn) -> None:
    run("add", "x", "-", input=b"One two.\nThree four.\n")
    run("add", "x", "-", input=b"One two.\n\nThree four.\n")
    run("add", "x", "-", input=b"One two. Three four.\n")
    split = run("diff", "x", "@1", "@2", "--exit-code")
    assert split.code == ExitStatus.CHANGED and "{+¶+}Three four." in split.stdout, split
    joined = run("diff", "x", "@2", "@3")
    assert "One two.[-¶¶-]{+·+}Three four." in joined.stdout, joined


def test_at_in_the_future_is_refused(run: RunFn) -> None:
    result = run("add", "x", "-", "--at", "2999-01-01", input=b"Text.\n")
    assert (result.code, result.stdout) == (ExitStatus.USAGE, ""), result
    assert "is in the future" in result.stderr


def test_diff_by_sentence_and_paragraph(run: RunFn) -> None:
    old = "Lede stays.\n\nDr. Rook was more guarded. He said little.\n"
    new = "Lede stays.\n\nDr. Rook struck a more cautious tone. He said little.\n"
    run("add", "x", "-", input=old.encode())
    run("add", "x", "-", input=new.encode())
    by_word = run("diff", "x").stdout
    assert "Dr. Rook [-was-]{+struck a+} more [-guarded-]{+cautious tone+}. He said" in by_word
    by_sentence = run("diff", "x", "--by", "sentence").stdout
    assert (
        "[-Dr. Rook was more guarded.-]{+Dr. Rook struck a more cautious tone.+} He said little."
        in by_sentence
    )
    by_paragraph = run("diff", "x", "--by", "paragraph").stdout
    assert (
        "¶2  [-Dr. Rook was more guarded. He said little.-]\n"
        "    {+Dr. Rook struck a more cautious tone. He said little.+}"
    ) in by_paragraph


def test_diff_shows_moves_once_with_their_origin(run: RunFn) -> None:
    paragraphs = [f"Paragraph {n} says something different about the port." for n in "ABCDE"]
    run("add", "x", "-", input=("\n\n".join(paragraphs) + "\n").encode())
    moved = [paragraphs[4], *paragraphs[:4]]
    run("add", "x", "-", input=("\n\n".join(moved) + "\n").encode())
    result = run("diff", "x", "-U", "0")
    assert (
        "{>Paragraph E says something different about the port.<} [moved from ¶5]" in result.stdout
    )
    assert "[moved to ¶1: “Paragraph E says something different about…”]" in result.stdout
    assert "[-" not in result.stdout and "{+" not in result.stdout
    assert "sentences: 1 moved" in result.stdout
    blocks = json.loads(run("diff", "x", "--json").stdout)["blocks"]
    moves = [b["move"] for b in blocks if b["action"] == "moved"]
    assert moves == [
        {"id": 1, "side": "to", "old_paragraph": 5, "new_paragraph": 1},
        {"id": 1, "side": "from", "old_paragraph": 5, "new_paragraph": 1},
    ]


def test_diff_stat(run: RunFn) -> None:
    add_all(run, "talks")
    stat = run("diff", "talks", "@1", "@2", "--stat")
    assert stat.code == 0, stat
    full = run("diff", "talks", "@1", "@2")
    assert stat.stdout == full.stdout.split("\n\n")[0] + "\n"
    assert "+ update 2025-01-02 11:40 ET: Update (1/2/25" in stat.stdout
    data = json.loads(run("diff", "talks", "@1", "@2", "--stat", "--json").stdout)
    assert "blocks" not in data
    assert list(data["stats"]) == [
        "sentences_added",
        "sentences_deleted",
        "sentences_edited",
        "sentences_moved",
        "words_added",
        "words_deleted",
        "change_ratio",
    ]
    assert data["stats"]["sentences_added"] == 4  # a quote of three sentences, an update note


def test_diff_ignore_options(run: RunFn) -> None:
    run("add", "x", "-", input=b"The Mayor spoke.\n\n1 of 2\n\nTaxes  rise.\n")
    run("add", "x", "-", input=b"The mayor spoke!\n\nTaxes rise.\n\n2 of 2\n")
    assert run("diff", "x", "--exit-code").code == ExitStatus.CHANGED
    args = ["--ignore-case", "--ignore-punctuation", "--ignore-whitespace"]
    quiet = run("diff", "x", "--exit-code", *args, "--ignore", r"^\d+ of \d+$")
    assert quiet.code == 0, quiet
    assert "{+" not in quiet.stdout and "[-" not in quiet.stdout
    assert run("diff", "x", "--exit-code", *args).code == 0  # the built-in pagination rule
    assert run("ignore", "off", "pagination").code == 0
    partly = run("diff", "x", "--exit-code", *args)
    assert partly.code == ExitStatus.CHANGED and "{+2 of 2+}" in partly.stdout, partly
    bad = run("diff", "x", "--ignore", "(")
    assert bad.code == ExitStatus.USAGE and "not a regular expression" in bad.stderr


@pytest.mark.parametrize("name", ["talks", "storm", "recall"])
def test_notes_golden(run: RunFn, request: pytest.FixtureRequest, name: str) -> None:
    add_all(run, name)
    result = run("notes", name)
    assert result.code == 0, result
    check_golden(request, f"notes/{name}.txt", result.stdout)


def test_notes_json_and_exit_code(run: RunFn) -> None:
    add_all(run, "talks")
    data = json.loads(run("notes", "talks", "--json").stdout)
    assert list(data) == ["schema", "article", "notes", "findings", "ignored_by", "damaged"]
    assert data["schema"] == "revtrack.notes/1" and data["article"] == "talks"
    update, correction = data["notes"]
    assert list(update) == [
        "kind",
        "text",
        "timestamp",
        "tz",
        "inferred",
        "first_version",
        "last_version",
        "changed_in",
        "removed_in",
        "replaced",
        "last_text",
        "restored_in",
    ]
    assert update["text"].startswith("Update (1/2/25, 11:40 a.m. ET): This article was updated")
    assert [update[k] for k in ("kind", "timestamp", "tz", "first_version", "last_version")] == [
        "update",
        "2025-01-02T11:40:00-05:00",
        "ET",
        2,
        4,
    ]
    assert [correction[k] for k in ("kind", "timestamp", "tz", "first_version")] == [
        "correction",
        "2025-01-02",
        None,
        3,
    ]
    last = data["findings"][-1]
    assert [(f["kind"], f["from_version"], f["severity"]) for f in data["findings"]] == [
        ("change_beyond_note", 1, "substantive"),  # 14,000 became 11,500 under an update
        ("change_beyond_note", 2, "substantive"),  # a sentence removed under a correction
        ("unnoted_change", 3, "minor"),  # the headline and a sentence reworded
    ]
    assert last["message"] == "the text changed (+19 -17 words) and no note appeared"
    assert [(c["kind"], c["old_paragraph"], c["severity"]) for c in last["changes"]] == [
        ("edited", 1, "minor"),
        ("edited", 18, "minor"),
    ]
    assert last["note"] is None and last["notes_weighed"] == []
    assert run("notes", "talks", "--exit-code").code == 1
    run("add", "calm", "-", input=b"One sentence.\n")
    calm = run("notes", "calm", "--exit-code")
    assert (calm.code, calm.stdout) == (0, "no editorial notes\n\nno stealth-edit findings\n")


def test_log_and_diff_json_carry_notes(run: RunFn) -> None:
    add_all(run, "talks")
    versions = json.loads(run("log", "talks", "--json").stdout)["versions"]
    assert [[n["kind"] for n in v["new_notes"]] for v in versions] == [
        [],
        ["update"],
        ["correction"],
        [],
    ]
    assert [[f["kind"] for f in v["findings"]] for v in versions][3] == ["unnoted_change"]
    report = json.loads(run("diff", "talks", "@3", "@1", "--json").stdout)
    assert report["notes"]["added"] == []
    assert [n["kind"] for n in report["notes"]["removed"]] == ["update", "correction"]


def test_name_is_for_articles_added_by_url(run: RunFn) -> None:
    path = article_versions("talks")[0]
    result = run("add", "talks", str(path), "--name", "other")
    assert result.code == ExitStatus.USAGE and "--name" in result.stderr, result
    assert run("list", "--json").stdout.count('"article"') == 0


@pytest.mark.parametrize(
    "args", [["log", "talks"], ["notes", "talks"], ["list"], ["show", "talks"], ["diff", "talks"]]
)
def test_a_reader_gone_before_the_output_is_not_an_error(tmp_path: Path, args: list[str]) -> None:
    """As ``revtrack log talks | true``: the pipe is closed before anything is written (and
    standard output is buffered, as from cron)."""
    env = {**os.environ, "REVTRACK_HOME": str(tmp_path / "home")}
    env.pop("PYTHONUNBUFFERED", None)
    command = [sys.executable, "-m", "revtrack"]
    for path in article_versions("talks")[:2]:
        subprocess.run(
            [*command, "add", "talks", str(path)], env=env, check=True, capture_output=True
        )
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*command, *args], env=env, stdout=write_end, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, b""), done


# --- ignore rules ------------------------------------------------------------------------


def test_ignore_add_list_and_rm(run: RunFn) -> None:
    from test_schemas import valid

    run("add", "https://www.example.org/news/port-talks", "-", input=b"The port talks resumed.\n")
    added = run("ignore", "add", "^Advertisement$", "--site", "https://Example.ORG/x?utm_source=y")
    assert (added.code, added.stdout) == (0, ""), added
    assert added.stderr == "rule 1 added: ignore '^Advertisement$' on site example.org\n"
    by_url = run(
        "ignore", "add", r"^\d+ of \d+$", "--article", "https://www.example.org/news/port-talks"
    )
    assert by_url.stderr == "rule 2 added: ignore '^\\d+ of \\d+$' on article port-talks\n"
    everywhere = run("ignore", "add", "(?i)^share this$")
    assert everywhere.stderr == "rule 3 added: ignore '(?i)^share this$' everywhere\n"
    again = run("ignore", "add", "^Advertisement$", "--site", "example.org")
    assert again.stderr.startswith("rule 1 added:")  # the same rule, not a second one

    listed = run("ignore", "list").stdout.splitlines()
    assert listed[0].split() == ["built-in", "on/off", "what", "it", "ignores"]
    assert any(line.startswith("relative-time  on ") for line in listed)
    assert listed[-4:] == [
        "rule  scope               pattern",
        "1     site example.org    ^Advertisement$",
        "2     article port-talks  ^\\d+ of \\d+$",
        "3     store               (?i)^share this$",
    ]
    data = valid(run("ignore", "list", "--json"), "ignore")
    assert [(r["id"], r["scope"], r["article"], r["site"]) for r in data["rules"]] == [
        (1, "site", None, "example.org"),
        (2, "article", "port-talks", None),
        (3, "store", None, None),
    ]
    assert [b["name"] for b in data["builtin"]] == [
        "relative-time",
        "counts",
        "advertisement",
        "pagination",
        "reading-time",
    ]

    removed = run("ignore", "rm", "2")
    assert removed.stderr == "rule 2 removed: ignore '^\\d+ of \\d+$' on article port-talks\n"
    assert [r["id"] for r in valid(run("ignore", "list", "--json"), "ignore")["rules"]] == [1, 3]
    gone = run("ignore", "rm", "2")
    assert gone.code == ExitStatus.NOT_FOUND and gone.stderr == (
        "Error: no ignore rule 2 (revtrack ignore list shows the rules)\n"
    )


def test_ignore_off_and_on(run: RunFn) -> None:
    from test_schemas import valid

    def enabled() -> dict[str, bool]:
        data = valid(run("ignore", "list", "--json"), "ignore")
        return {b["name"]: b["enabled"] for b in data["builtin"]}

    assert all(enabled().values())
    assert run("ignore", "off", "counts").stderr == "built-in counts off\n"
    assert [n for n, on in enabled().items() if not on] == ["counts"]
    assert any(
        line.startswith("counts         off ") for line in run("ignore", "list").stdout.splitlines()
    )
    assert run("ignore", "off", "all").stderr == "all built-in rules off\n"
    assert not any(enabled().values())
    assert run("ignore", "on", "pagination").code == 0
    assert [n for n, on in enabled().items() if on] == ["pagination"]
    assert run("ignore", "on", "all").stderr == "all built-in rules on\n"
    assert all(enabled().values())
    unknown = run("ignore", "off", "ads")
    assert unknown.code == ExitStatus.USAGE
    assert unknown.stderr == (
        "Error: no built-in rule 'ads': one of relative-time, counts, advertisement, "
        "pagination, reading-time, or all\n"
    )


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["add", "("], ExitStatus.USAGE, "Error: not a regular expression: (: missing )"),
        (["add", ""], ExitStatus.USAGE, "Error: an ignore pattern cannot be empty"),
        (["add", "x", "--article", "nope"], ExitStatus.NOT_FOUND, "Error: unknown article"),
        (["add", "x", "--article", "a", "--site", "b.org"], ExitStatus.USAGE, "not both"),
        (["add", "x", "--site", "not a host"], ExitStatus.USAGE, "Error: not a site"),
        (["rm", "0"], ExitStatus.USAGE, "Error: Invalid value"),
        (["rm", "7"], ExitStatus.NOT_FOUND, "Error: no ignore rule 7"),
    ],
)
def test_ignore_errors(run: RunFn, args: list[str], status: ExitStatus, message: str) -> None:
    result = run("ignore", *args)
    assert (result.code, result.stdout) == (status, ""), result
    assert result.stderr.startswith(message) or message in result.stderr, result
    if args[0] == "add":
        assert len(result.stderr.splitlines()) == 1


def test_ignore_list_reads_and_creates_no_store(run: RunFn, isolated: Path) -> None:
    listed = run("ignore", "list")
    assert listed.code == 0 and "no saved rules" in listed.stdout
    assert not isolated.exists()


def test_ignore_help_has_examples(run: RunFn) -> None:
    for command in ("add", "list", "rm", "off", "on", "--help"):
        shown = run("ignore", command, "--help").stdout
        assert "Examples:\n    revtrack ignore " in shown, shown


def test_diff_ignore_pattern_that_never_ends_fails_in_a_second(run: RunFn) -> None:
    run("add", "x", "-", input=b"Calm.\n")
    run("add", "x", "-", input=("a" * 40 + "!\n").encode())
    result = run("diff", "x", "--ignore", "(a|aa)+$")
    assert result.code == ExitStatus.USAGE, result
    assert result.stderr == (
        "Error: the ignore pattern '(a|aa)+$' took over 1 s on one sentence: simplify it, or "
        "remove it (revtrack ignore list, revtrack ignore rm N)\n"
    )


def test_ignore_rules_never_hide_a_note_and_a_slow_one_fails_cleanly(run: RunFn) -> None:
    add_all(run, "talks")
    assert run("ignore", "add", r"^Update.*$|^Correction.*$", "--article", "talks").code == 0
    notes = run("notes", "talks", "--json")
    assert [n["kind"] for n in json.loads(notes.stdout)["notes"]] == ["update", "correction"]
    applied = json.loads(notes.stdout)["ignored_by"]
    assert [(r["name"], r["id"]) for r in applied] == [("pagination", None), (None, 1)]
    run("add", "slow", "-", input=b"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n")
    run("add", "slow", "-", input=("a" * 5000 + "!\n").encode())
    assert run("ignore", "add", r"(a+)+$", "--article", "slow").code == 0
    slow = run("notes", "slow")
    assert slow.code == ExitStatus.USAGE, slow
    assert slow.stderr.startswith("Error: the ignore pattern '(a+)+$' took over 1 s")
    assert slow.stderr.count("\n") == 1 and "Traceback" not in slow.stderr
    listed = {
        a["article"]: a["versions"] for a in json.loads(run("list", "--json").stdout)["articles"]
    }
    assert listed == {"slow": 2, "talks": 4}  # nothing lost or changed


def test_notes_explain_names_the_changes_and_the_notes_weighed(run: RunFn) -> None:
    add_all(run, "talks")
    explained = run("notes", "talks", "--explain").stdout
    assert "    - ¶14  “One of the diplomats said Washington" in explained
    assert "    weighed: correction 2025-01-02: it corrects something else" in explained
    assert (
        "¶15→¶16" in explained and "[substantive: a number changed: 14,000 → 11,500]" in explained
    )
    quiet = run("notes", "talks", "--min-severity", "substantive").stdout
    assert "[minor]" not in quiet and "(1 finding less severe than --min-severity" in quiet
    everything = run("notes", "talks", "--min-severity", "typo", "--explain").stdout
    assert "[typo: a word's spelling or case was fixed]" in everything  # goverments
