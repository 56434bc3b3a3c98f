"""The configuration file: where it is looked for, what overrides what, what a broken one
says, and ``revtrack config``, which shows every setting in force and where it came from."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from jsonschema import Draft202012Validator
from webserver import Site

from revtrack import schemas
from revtrack.config import Sites, load
from revtrack.errors import ConfigError, ExitStatus

RunFn = Callable[..., Run]
ARTICLE = (
    "<html><head><title>Harbour talks resume</title></head><body><article>"
    "<h1>Harbour talks resume</h1>"
    + "".join(
        f"<p>Paragraph {n} of the harbour story says the talks went on for hours with no end "
        "in sight, and the unions said they would return on Monday.</p>"
        for n in range(1, 6)
    )
    + "</article></body></html>"
)


def user_file(isolated: Path, text: str) -> Path:
    """The user's configuration file (the tests' config directory is their own)."""
    path = isolated.parent / "config" / "revtrack" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def store_file(isolated: Path, text: str) -> Path:
    """The file beside the store."""
    isolated.mkdir(parents=True, exist_ok=True)
    path = isolated / "revtrack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def settings(run: RunFn, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    shown = run("config", "--json", *args, env=env)
    assert shown.code == 0, shown
    data: dict[str, Any] = json.loads(shown.stdout)
    Draft202012Validator(
        schemas.load("config"), format_checker=Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    return {s["key"]: (s["value"], s["source"], s["origin"]) for s in data["settings"]}


def test_without_a_file_every_setting_is_the_default(run: RunFn, isolated: Path) -> None:
    found = settings(run)
    assert found["timeout"] == (30.0, "default", None)
    assert found["jobs"] == (4, "default", None)
    assert found["delay"] == (1.0, "default", None)
    assert found["min_severity"] == ("minor", "default", None)
    assert found["alerts"] == ([], "default", None)
    assert found["user_agent"][0].startswith("revtrack/")
    assert found["store"] == (str(isolated / "revtrack.db"), "environment", "REVTRACK_HOME")
    assert run("config").stdout.startswith("# no configuration file\n")


def test_the_store_file_overrides_the_user_file_and_the_environment_and_options_both(
    run: RunFn, isolated: Path
) -> None:
    user = user_file(
        isolated,
        'timeout = 12\njobs = 2\ndelay = 3\nmin_severity = "typo"\n'
        'alerts = ["mailto://desk@example.org", "json://127.0.0.1:8080/hook"]\n',
    )
    beside = store_file(isolated, 'timeout = 7.5\nmin_severity = "substantive"\n')
    found = settings(run, "--delay", "0.5", env={"REVTRACK_JOBS": "8"})
    assert found["timeout"] == (7.5, "file", str(beside))
    assert found["min_severity"] == ("substantive", "file", str(beside))
    assert found["jobs"] == (8, "environment", "REVTRACK_JOBS")
    assert found["delay"] == (0.5, "option", "--delay")
    assert found["alerts"] == (
        ["mailto://desk@example.org", "json://127.0.0.1:8080/hook"],
        "file",
        str(user),
    )
    shown = run("config", "--delay", "0.5")
    assert shown.stdout.splitlines()[:2] == [f'# read "{user}"', f'# read "{beside}"']
    assert f"timeout = 7.5  # file: {beside}\n" in shown.stdout
    assert "delay = 0.5  # option: --delay\n" in shown.stdout
    assert load(isolated / "revtrack.db").alerts == (
        "mailto://desk@example.org",
        "json://127.0.0.1:8080/hook",
    )


def test_revtrack_config_names_the_one_file_read(
    run: RunFn, isolated: Path, tmp_path: Path
) -> None:
    user_file(isolated, "timeout = 12\n")
    store_file(isolated, "jobs = 2\n")
    named = tmp_path / "desk.toml"
    named.write_text("delay = 9\n", encoding="utf-8")
    found = settings(run, env={"REVTRACK_CONFIG": str(named)})
    assert found["delay"] == (9.0, "file", str(named))
    assert found["timeout"][1] == found["jobs"][1] == "default"
    missing = run("config", env={"REVTRACK_CONFIG": str(tmp_path / "nowhere.toml")})
    assert missing.code == ExitStatus.USAGE, missing
    assert "nowhere.toml: no such configuration file (named by REVTRACK_CONFIG)" in missing.stderr


def test_sites_are_shown_with_their_cookies_masked(run: RunFn, isolated: Path) -> None:
    path = store_file(
        isolated,
        '[sites."News.Example.org"]\nheaders = { X-Desk = "night" }\n'
        'cookies = { session = "s3cret" }\nselector = "div.story"\nrender = true\n',
    )
    found = settings(run)
    assert found['sites."news.example.org".headers'] == ({"X-Desk": "night"}, "file", str(path))
    assert found['sites."news.example.org".cookies'] == ({"session": "***"}, "file", str(path))
    assert found['sites."news.example.org".selector'] == ("div.story", "file", str(path))
    assert found['sites."news.example.org".render'] == (True, "file", str(path))
    assert "s3cret" not in run("config").stdout
    sites = load(isolated / "revtrack.db").sites
    site = sites.for_url("https://www.news.example.org/a")
    assert site is not None and site.cookie_header() == "session=s3cret" and site.render
    assert sites.for_url("https://example.org/") is None
    assert Sites().for_host("example.org") is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("timeout = \n", "not valid TOML: Invalid value (at line 1, column 11)"),
        ("timout = 3\n", "unknown key 'timout' (known: user_agent, timeout, delay"),
        ('timeout = "fast"\n', "timeout: must be a number of seconds, 0.1 to 3600, not 'fast'"),
        ("timeout = 0\n", "timeout: must be a number of seconds, 0.1 to 3600, not 0"),
        ("jobs = 2.5\n", "jobs: must be a whole number from 1 to 32, not 2.5"),
        ("jobs = true\n", "jobs: must be a whole number from 1 to 32, not True"),
        ('min_severity = "major"\n', "min_severity: must be one of typo, minor, substantive"),
        ('alerts = "mailto://a@b"\n', "alerts: must be a list of strings, not 'mailto://a@b'"),
        ("alerts = [1]\n", "alerts[0]: must be a string on one line, not 1"),
        ('user_agent = "a\\nb"\n', "user_agent: must be a string on one line"),
        ('[sites."a.org"]\nselctor = "p"\n', 'unknown key sites."a.org".selctor'),
        ('[sites."https://a.org/"]\n', 'sites."https://a.org/": not a host name'),
        ('[sites."a.org"]\nrender = "yes"\n', 'sites."a.org".render: must be true or false'),
        ('[sites."a.org"]\nheaders = { "X Y" = "1" }\n', "'X Y' is not a valid name"),
        ('[sites."a.org"]\ncookies = { s = "a; b" }\n', 'sites."a.org".cookies.s: must be'),
        ("sites = 3\n", "sites: must be a table of sites"),
        ("timeout = 1" + "0" * 400 + "\n", "timeout: must be a number of seconds, 0.1 to 3600"),
        ("jobs = -1" + "0" * 400 + "\n", "jobs: must be a whole number from 1 to 32, not -1000"),
        ("delay = 1" + "0" * 5000 + "\n", "not valid TOML: Exceeds the limit (4300 digits)"),
        ('user_agent = "revtrack \u2603"\n', "user_agent: must be ASCII text on one line"),
        ('[sites."a.org"]\nheaders = { X-A = "caf\u00e9" }\n', '"a.org".headers.X-A: must be'),
        ('[sites."a.org"]\ncookies = { s = "caf\u00e9" }\n', '"a.org".cookies.s: must be'),
        ('[sites."a.org"]\nheaders = { Content-Length = "5" }\n', "is set by revtrack itself"),
    ],
)
def test_a_broken_file_is_a_usage_error_naming_the_file_and_key(
    run: RunFn, isolated: Path, text: str, said: str
) -> None:
    path = store_file(isolated, text)
    for args in (["config"], ["add", "x", "-"], ["log", "x"]):
        result = run(*args, input=b"One two three four five six seven eight.\n")
        assert result.code == ExitStatus.USAGE, result
        assert result.stderr.startswith(f"Error: {path}: ") and said in result.stderr, result
        assert result.stderr.count("\n") == 1 and not result.stdout
    with pytest.raises(ConfigError, match=r"revtrack\.toml"):
        load(isolated / "revtrack.db")


def test_commands_that_need_no_setting_do_not_read_the_file(run: RunFn, isolated: Path) -> None:
    store_file(isolated, "timeout = \n")
    assert run("list").code == 0
    helped = run("add", "--help")
    assert helped.code == 0 and "--user-agent" in helped.stdout, helped


def test_the_files_defaults_reach_the_commands(run: RunFn, site: Site, isolated: Path) -> None:
    url = site.page("/talks", ARTICLE)
    user_file(isolated, 'user_agent = "Desk archive/1.0"\n')
    assert run("add", url).code == 0
    assert site.log[-1][1]["User-Agent"] == "Desk archive/1.0"
    site.set_body("/talks", ARTICLE.replace("hours", "days"))
    assert run("refresh", "--all", env={"REVTRACK_USER_AGENT": "Env agent/2"}).code == 0
    assert site.log[-1][1]["User-Agent"] == "Env agent/2"
    site.set_body("/talks", ARTICLE.replace("hours", "weeks"))
    assert run("add", url, "--user-agent", "Option agent/3").code == 0
    assert site.log[-1][1]["User-Agent"] == "Option agent/3"


def test_the_files_least_severity_is_the_commands_default(run: RunFn, isolated: Path) -> None:
    text = "The mayor said the port would close on Monday after the long talks ended.\n"
    run("add", "port", "-", input=text)
    run("add", "port", "-", input=text.replace("mayor", "Mayor"))
    assert "changed without a note [typo]" not in run("log", "port").stdout
    store_file(isolated, 'min_severity = "typo"\n')
    assert "changed without a note [typo]" in run("log", "port").stdout
    assert "[typo]" not in run("log", "port", "--min-severity", "minor").stdout


def test_the_readmes_example_file_is_a_valid_one(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "revtrack.toml"
    path.write_text(example, encoding="utf-8")
    config = load(tmp_path / "revtrack.db", environ={"REVTRACK_CONFIG": str(path)})
    assert config.defaults()["jobs"] == 8 and len(config.alerts) == 2
    site = config.sites.for_url("https://news.example.org/a")
    assert site is not None and site.selector == "div.article-body" and site.render
