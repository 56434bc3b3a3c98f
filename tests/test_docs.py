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


def readme_sample(heading: str, first: str) -> str:
    """The sample output (a plain code block starting with ``first``) after ``heading``."""
    section = README.split(heading, 1)[1]
    sample = re.search(rf"```\n({re.escape(first)}.*?)```", section, re.DOTALL)
    assert sample, f"README shows sample output after {heading}"
    return sample.group(1)


def test_readme_demo_prints_what_the_readme_shows(tmp_path: Path) -> None:
    """The first command after its install runs; what it prints, and what log, notes and
    diff print after it in the same store, are the README's samples."""
    demo = setup_commands()[0].split("pip install -q . && ", 1)[1]
    after = "revtrack log talks; echo @@@; revtrack notes talks; echo @@@; revtrack diff talks @1"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env |= {"TMPDIR": str(tmp_path), "TZ": "America/New_York"}
    result = subprocess.run(
        ["bash", "-c", f"{demo} && echo @@@ && {after}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    shown, log, notes, diff = result.stdout.split("@@@\n")
    assert "\x1b[" in shown
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    added = readme_sample("```sh", "talks@1")
    assert plain.startswith(added), plain
    assert plain[len(added) :].startswith(readme_sample("### `revtrack diff ARTICLE", "--- talks"))
    assert diff.startswith(readme_sample("### `revtrack diff ARTICLE", "--- talks"))
    assert log == readme_sample("### `revtrack log ARTICLE`", "@1")
    assert notes == readme_sample("### `revtrack notes ARTICLE`", "@2")


def test_readme_documents_every_exit_status() -> None:
    rows = dict(re.findall(r"^\| (\d+) \| `(\w+)` \|", README, re.MULTILINE))
    assert {int(code): name for code, name in rows.items()} == {
        status.value: status.name for status in ExitStatus
    }


def test_readme_names_every_json_schema(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run("add", "x", "-", input=b"One.\n")
    run("add", "x", "-", input=b"Two.\n")
    exported = run("export")
    outputs = [
        run("add", "x", "-", "--json", input=b"Three.\n"),
        run("log", "x", "--json"),
        run("show", "x", "--json"),
        run("list", "--json"),
        run("diff", "x", "--json"),
        run("ignore", "list", "--json"),
        run("copy", "--to", str(tmp_path / "copy.db"), "--json"),
        run("--store", str(tmp_path / "in.db"), "import", "-", "--json", input=exported.stdout),
    ]
    for output in outputs:
        schema = json.loads(output.stdout)["schema"]
        assert f"`{schema}`" in README, schema
