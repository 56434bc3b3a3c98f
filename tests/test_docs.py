"""The README is checked: its set-up commands, its examples and its tables are true."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from revtrack.errors import ExitStatus

README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block, "README must open with a sh block of set-up commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_setup_commands() -> None:
    assert README.index("```sh") < README.index("## ")
    install_and_demo, install_and_test = setup_commands()
    assert "pip install" in install_and_demo and "revtrack diff" in install_and_demo
    assert "pip install" in install_and_test and "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci, ".ci/run must run the README's test command"


def test_readme_demo_runs(tmp_path: Path) -> None:
    """The part of the first command after the install runs and shows the diff."""
    demo = setup_commands()[0].split("pip install -q . && ", 1)[1]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        ["bash", "-c", demo], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "talks@4" in result.stdout and "\x1b[" in result.stdout
    assert "+++ talks@4" in re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)


def test_readme_log_example_matches_real_output(run) -> None:  # type: ignore[no-untyped-def]
    from test_cli import add_all

    add_all(run, "talks")
    section = README.split("### `revtrack log ARTICLE`")[1]
    example = re.search(r"```\n(@1.*?)```", section, re.DOTALL)
    assert example, "the log section shows example output"
    actual = run("log", "talks").stdout
    for line in example.group(1).splitlines():
        assert line in actual.splitlines(), f"README log line not in real output: {line}"


def test_readme_notes_example_matches_real_output(run) -> None:  # type: ignore[no-untyped-def]
    from test_cli import add_all

    add_all(run, "talks")
    section = README.split("### `revtrack notes ARTICLE`")[1]
    example = re.search(r"```\n(@.*?)```", section, re.DOTALL)
    assert example, "the notes section shows example output"
    assert run("notes", "talks").stdout == example.group(1)


def test_readme_documents_every_exit_status() -> None:
    rows = dict(re.findall(r"^\| (\d+) \| `(\w+)` \|", README, re.MULTILINE))
    assert {int(code): name for code, name in rows.items()} == {
        status.value: status.name for status in ExitStatus
    }


def test_readme_names_every_json_schema(run) -> None:  # type: ignore[no-untyped-def]
    run("add", "x", "-", input=b"One.\n")
    run("add", "x", "-", input=b"Two.\n")
    outputs = [
        run("add", "x", "-", "--json", input=b"Three.\n"),
        run("log", "x", "--json"),
        run("show", "x", "--json"),
        run("list", "--json"),
        run("diff", "x", "--json"),
        run("ignore", "list", "--json"),
    ]
    for output in outputs:
        schema = json.loads(output.stdout)["schema"]
        assert f"`{schema}`" in README, schema


def test_readme_diff_example_matches_real_output(run) -> None:  # type: ignore[no-untyped-def]
    from test_cli import add_all

    add_all(run, "talks")
    section = README.split("### `revtrack diff ARTICLE")[1]
    example = re.search(r"```\n(--- talks.*?)```", section, re.DOTALL)
    assert example, "the diff section shows example output"
    actual = run("diff", "talks", "@2", "@4").stdout
    assert actual.startswith(example.group(1)), actual
