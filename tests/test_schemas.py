"""The JSON Schemas of the ``--json`` shapes: valid, strict, and met by every real output."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable, Iterator
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, Run, article_versions
from jsonschema import Draft202012Validator
from webserver import Response, Site

from revtrack import schemas
from revtrack.errors import ExitStatus

RunFn = Callable[..., Run]
Json = dict[str, Any]
SCHEMA_DIR = Path(schemas.__file__).parent
LEDGER = (FIXTURES / "html" / "ledger-budget.html").read_bytes()
RECALL = (FIXTURES / "html" / "magazine-recall.html").read_bytes()
STORM = (FIXTURES / "html" / "wire-storm.html").read_bytes()
ARTICLES = ("talks", "storm", "recall")


def validator(shape: str) -> Draft202012Validator:
    return Draft202012Validator(
        schemas.load(shape), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def problems(data: Json, shape: str) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in validator(shape).iter_errors(data)
    ]


def valid(result: Run | str, shape: str) -> Json:
    """The JSON a command printed, checked against the schema of ``shape``."""
    if isinstance(result, Run):
        assert result.code == 0, result
        text = result.stdout
    else:
        text = result
    data: Json = json.loads(text)
    assert data["schema"] == f"revtrack.{shape}/1"
    errors = problems(data, shape)
    assert not errors, "\n".join(errors[:20])
    return data


def times(name: str) -> list[str]:
    return [f"2025-01-02T{9 + 3 * n:02d}:00:00-05:00" for n in range(len(article_versions(name)))]


def add_all(run: RunFn, name: str) -> list[Json]:
    return [
        valid(run("add", name, str(path), "--at", moment, "--json"), "add")
        for path, moment in zip(article_versions(name), times(name), strict=True)
    ]


def add_texts(run: RunFn, name: str, texts: list[tuple[str, str]]) -> list[Json]:
    return [
        valid(run("add", name, "-", "--at", moment, "--json", input=text.encode()), "add")
        for moment, text in texts
    ]


BODY = (
    "The council voted on Tuesday to approve the budget for next year after a long debate in "
    "the chamber."
)
CLARIFICATION = "Clarification (Aug. 10, 2021): This story was updated to clarify who voted."
CORRECTION = "Correction (Aug. 18): An earlier version of this article misstated the vote count."
ROLLING = "Updated at 10:50 a.m. ET"

# Notes of every kind and time stamp of every form (with and without offset, date alone,
# none, inferred date or year), and every finding but ``unnoted_change`` (``talks`` has it):
# rolling updates replaced, notes edited, removed and restored by a revert, a misdated one.
STAMPS = [
    ("2021-08-18T09:00-04:00", BODY),
    ("2021-08-18T10:00-04:00", f"{BODY}\n\nUpdated at 9:55 a.m. ET"),
    ("2021-08-18T11:00-04:00", f"{BODY} Taxes rise.\n\n{ROLLING}"),
    ("2021-08-18T12:00-04:00", f"{BODY} Taxes rise.\n\n{CORRECTION}\n\n{ROLLING}"),
    (
        "2021-08-18T13:00-04:00",
        f"{BODY} Taxes rise.\n\n{CLARIFICATION}\n\n{CORRECTION}\n\n{ROLLING}",
    ),
    ("2021-08-18T14:00-04:00", f"{BODY} Taxes rise.\n\n{ROLLING}"),
    (
        "2021-08-18T15:00-04:00",
        f"{BODY} Taxes rise.\n\n{CLARIFICATION}\n\n{CORRECTION}\n\n{ROLLING}",
    ),
    (
        "2021-08-18T16:00-04:00",
        f"Editor's note: This story is about the council.\n\n{BODY} Taxes rise.\n\n"
        "Retraction: We retract the earlier claim about the mayor.\n\n"
        f"{CLARIFICATION}\n\n{CORRECTION}\n\n{ROLLING}",
    ),
]
UPDATE = "Update (8/18/21, 10:15 p.m.): This story was updated with comment from the mayor"
LOCAL = [
    ("2021-08-18T09:00-04:00", BODY),
    ("2021-08-18T16:00-04:00", f"{BODY} Taxes rise.\n\nUpdated at 3:45 p.m."),
    (
        "2021-08-18T23:00-04:00",
        f"{BODY} Taxes rise a lot.\n\n{UPDATE}.\n\n"
        "Correction: An earlier version of this article misstated the vote count.",
    ),
    ("2021-08-19T09:00-04:00", f"{BODY} Taxes rise a lot.\n\n{UPDATE}'s office."),
    ("2021-08-19T10:00-04:00", f"{BODY} Taxes rise a lot."),
]


def enum(shape: str, definition: str, key: str) -> set[str]:
    """The values a schema allows for ``key`` of one of its definitions."""
    found = schemas.load(shape)["$defs"][definition]
    properties = found.get("properties", {})
    return set(properties[key]["enum"])


# --- the schemas themselves ----------------------------------------------------------------


@pytest.mark.parametrize("shape", schemas.SHAPES)
def test_each_schema_is_a_valid_2020_12_schema(shape: str) -> None:
    schema = schemas.load(shape)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://revtrack.invalid/schemas/{shape}.schema.json"
    assert schema["title"] and "must ignore keys they do not know" in schema["description"]
    assert schema["properties"]["schema"] == {
        "description": "The shape and its version.",
        "const": f"revtrack.{shape}/1",
    }
    assert schema is not schemas.load(shape)  # a fresh copy each time
    assert schemas.load(f"revtrack.{shape}/1") == schema


def test_the_package_holds_exactly_the_schema_files() -> None:
    files = sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert files == sorted(schemas.filename(s) for s in schemas.SHAPES)
    for name in ("nope", "revtrack.report/2", "report.schema.json"):
        with pytest.raises(ValueError, match="no schema for"):
            schemas.load(name)


def _closed(schema: Any, where: str = "") -> Iterator[str]:
    """Where an object schema lets unknown keys through (conditions only narrow)."""
    if isinstance(schema, list):
        for n, item in enumerate(schema):
            yield from _closed(item, f"{where}/{n}")
        return
    if not isinstance(schema, dict):
        return
    is_open_base = where.startswith("/$defs/") and where.endswith("Fields")
    if "properties" in schema and not is_open_base:
        closed = (
            schema.get("additionalProperties") is False
            or schema.get("unevaluatedProperties") is False
            or where.endswith("/metadata")  # any key, string values
        )
        if not closed:
            yield where
    for key, value in schema.items():
        if key not in ("if", "then", "else", "properties"):
            yield from _closed(value, f"{where}/{key}")
        elif key == "properties":
            for name, sub in value.items():
                yield from _closed(sub, f"{where}/properties/{name}")


@pytest.mark.parametrize("shape", schemas.SHAPES)
def test_every_object_is_closed(shape: str) -> None:
    assert list(_closed(schemas.load(shape))) == []


def test_shared_definitions_are_the_same_in_every_file() -> None:
    seen: dict[str, tuple[str, Any]] = {}
    for shape in schemas.SHAPES:
        for name, definition in schemas.load(shape).get("$defs", {}).items():
            first = seen.setdefault(name, (shape, definition))
            assert definition == first[1], f"$defs/{name} differs in {shape} and {first[0]}"
    assert {"version", "versionFields", "metadata", "note", "noteFields", "finding"} <= set(seen)


def test_formats_are_checked() -> None:
    """``format: date-time`` is asserted, not only annotated (rfc3339-validator is there)."""
    assert "date-time" in Draft202012Validator.FORMAT_CHECKER.checkers


# --- every output, through the command line ------------------------------------------------


def test_add_json(run: RunFn, site: Site) -> None:
    first, *rest = add_all(run, "talks")
    assert (first["status"], first["words_added"], first["new_notes"]) == ("added", None, [])
    assert all(r["status"] == "added" and r["words_added"] is not None for r in rest)
    assert [len(r["new_notes"]) for r in rest] == [1, 1, 0] and rest[-1]["findings"]
    same = article_versions("talks")[-1].read_bytes()
    unchanged = valid(run("add", "talks", "-", "--json", input=same), "add")
    assert unchanged["status"] == "unchanged" and unchanged["version"]["number"] == 4
    revert = valid(run("add", "talks", str(article_versions("talks")[0]), "--json"), "add")
    assert revert["version"]["revert_of"] == 1
    url = site.page("/council-approves-budget", LEDGER)
    page = valid(run("add", url, "--json"), "add")
    assert page["version"]["source"] == "url" and page["version"]["metadata"]
    assert all(isinstance(v, str) for v in page["version"]["metadata"].values())
    copy_ = LEDGER.replace(b"Tuesday", b"Friday")
    saved = valid(run("add", url, "-", "--html", "--json", input=copy_), "add")
    assert saved["version"]["number"] == 2 and saved["version"]["source"] == "stdin"


def test_list_log_and_show_json(run: RunFn, site: Site) -> None:
    empty = valid(run("list", "--json"), "list")
    assert empty["articles"] == []
    for name in ARTICLES:
        add_all(run, name)
    add_texts(run, "stamps", STAMPS)
    run("add", site.page("/wire-storm-hits", STORM))
    listed = valid(run("list", "--json"), "list")
    assert len(listed["articles"]) == 5 and any(a["url"] for a in listed["articles"])
    for article in listed["articles"]:
        name = article["article"]
        log = valid(run("log", name, "--json"), "log")
        assert len(log["versions"]) == article["versions"]
        for entry in log["versions"]:
            shown = valid(run("show", f"{name}@{entry['number']}", "--json"), "version")
            assert shown["hash"] == entry["hash"]
        valid(run("show", name, "--json"), "version")
        valid(run("log", name, "--json", "--tolerance", "2h"), "log")


def test_notes_json_covers_every_kind_and_stamp(run: RunFn) -> None:
    outputs = []
    for name in ARTICLES:
        add_all(run, name)
        outputs.append(valid(run("notes", name, "--json"), "notes"))
    add_texts(run, "stamps", STAMPS)
    add_texts(run, "local", LOCAL)
    for name in ("stamps", "local"):
        outputs.append(valid(run("notes", name, "--json"), "notes"))
        outputs.append(valid(run("notes", name, "--json", "--tolerance", "0s"), "notes"))
        valid(run("log", name, "--json"), "log")
    run("add", "calm", "-", input=b"One sentence, and no note in it at all.\n")
    assert valid(run("notes", "calm", "--json"), "notes")["notes"] == []
    long = " ".join(f"Sentence {n} of the story says something new." for n in range(12))
    run("add", "cut", "-", input=long.encode())
    run("add", "cut", "-", input=b"Sentence 1 of the story says something new.\n")
    outputs.append(valid(run("notes", "cut", "--json"), "notes"))
    notes = [n for o in outputs for n in o["notes"]]
    findings = [f for o in outputs for f in o["findings"]]
    assert {n["kind"] for n in notes} == enum("notes", "noteFields", "kind")
    assert {f["kind"] for f in findings} == enum("notes", "finding", "kind")
    assert {i for n in notes for i in n["inferred"]} == {"year", "date"}
    stamps = {n["timestamp"] for n in notes}
    assert {None, "2021-08-18T15:45:00", "2021-08-10", "2021-08-18T09:55:00-04:00"} <= stamps
    assert any(n["replaced"] for n in notes) and any(n["restored_in"] for n in notes)
    assert any(n["changed_in"] for n in notes) and any(n["removed_in"] for n in notes)
    assert any(f["note"] for f in findings) and any(f["note"] is None for f in findings)


@pytest.mark.parametrize("name", ARTICLES)
def test_diff_json_for_every_pair(run: RunFn, name: str, tmp_path: Path) -> None:
    add_all(run, name)
    count = len(article_versions(name))
    blocks = []
    for old, new in product(range(1, count + 1), repeat=2):
        pair = [name, f"@{old}", f"@{new}"]
        full = valid(run("diff", *pair, "--json"), "report")
        assert (full["old"]["number"], full["new"]["number"]) == (old, new)
        assert full["changed"] is (old != new)
        blocks += full["blocks"]
        stat = valid(run("diff", *pair, "--json", "--stat"), "report")
        assert "blocks" not in stat and stat["stats"] == full["stats"]
        same = run("diff", *pair, "--format", "json").stdout
        assert same == run("diff", *pair, "--json").stdout
        for options in (["--by", "sentence"], ["--by", "paragraph"], ["--utc"]):
            valid(run("diff", *pair, "-f", "json", *options), "report")
    ignoring = ["--ignore-case", "--ignore-punctuation", "--ignore-whitespace"]
    for options in (ignoring, ["--ignore", r"^\d+ of \d+$", "--ignore", "[0-9]"]):
        for old, new in ((1, count), (count, 1)):
            report = valid(run("diff", name, f"@{old}", f"@{new}", "--json", *options), "report")
            blocks += report["blocks"]
            valid(run("diff", name, f"@{old}", f"@{new}", "--json", "--stat", *options), "report")
    written = tmp_path / "report.json"
    assert run("diff", name, "@1", "--format", "json", "-o", str(written)).code == 0
    valid(written.read_text(encoding="utf-8"), "report")
    assert {b["action"] for b in blocks} >= {"equal", "added", "edited"}
    assert {s["op"] for b in blocks for s in b["spans"]} == enum("report", "span", "op")


def test_diff_json_of_moves_ignored_spans_and_notes(run: RunFn) -> None:
    paragraphs = [f"Paragraph {n} says something different about the port." for n in "ABCDE"]
    run("add", "moved", "-", input=("\n\n".join(paragraphs) + "\n").encode())
    edited = paragraphs[1].replace("something", "something quite")
    shuffled = [paragraphs[4], paragraphs[0], edited, paragraphs[3], "Then a new one joins."]
    run("add", "moved", "-", input=("\n\n".join(shuffled) + "\n").encode())
    moved = valid(run("diff", "moved", "--json"), "report")
    back = valid(run("diff", "moved", "@2", "@1", "--json"), "report")
    said = "The director said on Tuesday that"
    run("add", "swap", "-", input=f"Intro.\n\n{said} the dock will close.\n\nEnd.\n".encode())
    run("add", "swap", "-", input=f"Intro.\n\n{said} wages rose by a tenth.\n\nEnd.\n".encode())
    swapped = valid(run("diff", "swap", "--json"), "report")
    blocks = moved["blocks"] + back["blocks"] + swapped["blocks"]
    assert {b["action"] for b in blocks} == enum("report", "block", "action")
    assert {b["move"]["side"] for b in blocks if "move" in b} == {"from", "to"}

    run("add", "x", "-", input=b"The Mayor spoke.\n\n1 of 2\n\nTaxes  rise.\n")
    run("add", "x", "-", input=b"The mayor spoke!\n\nTaxes rise.\n\n2 of 2\n")
    args = ["--ignore-case", "--ignore-punctuation", "--ignore-whitespace"]
    quiet = valid(run("diff", "x", "--json", *args, "--ignore", r"^\d+ of \d+$"), "report")
    assert quiet["changed"] is False
    spans = [s for b in quiet["blocks"] for s in b["spans"]]
    assert any(s.get("ignored") is True for s in spans)

    add_texts(run, "stamps", STAMPS)
    for old, new in product(range(1, len(STAMPS) + 1), repeat=2):
        report = valid(run("diff", "stamps", f"@{old}", f"@{new}", "--json"), "report")
        if old < new:
            assert len(report["findings"]) == sum(
                len(v["findings"])
                for v in json.loads(run("log", "stamps", "--json").stdout)["versions"][old:new]
            )


def test_ignore_json(run: RunFn) -> None:
    empty = valid(run("ignore", "list", "--json"), "ignore")
    assert empty["rules"] == [] and all(b["enabled"] for b in empty["builtin"])
    add_texts(run, "talks", STAMPS[:1])
    for scope in (["--article", "talks"], ["--site", "example.org"], []):
        assert run("ignore", "add", "^Advertisement$", *scope).code == 0
    run("ignore", "off", "all")
    run("ignore", "on", "counts")
    data = valid(run("ignore", "list", "--json"), "ignore")
    assert [r["scope"] for r in data["rules"]] == sorted(enum("ignore", "savedRule", "scope"))
    assert [b["name"] for b in data["builtin"] if b["enabled"]] == ["counts"]


def test_refresh_json(run: RunFn, site: Site) -> None:
    changed = site.page("/council-approves-budget", LEDGER)
    unchanged = site.page("/kettles-recall", RECALL, etag=False)
    not_modified = site.page("/storm", STORM)
    failing = site.page("/gone", LEDGER.replace(b"Tuesday", b"Wednesday"))
    for url in (changed, unchanged, not_modified, failing):
        assert run("add", url).code == 0
    nothing = valid(run("refresh", "--json"), "refresh")  # nothing due yet
    assert nothing["articles"] == [] and nothing["summary"]["checked"] == 0
    site.page("/fresh", LEDGER.replace(b"Tuesday", b"Thursday"))
    feed = site.page(
        "/rss.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>{site.base}</link><item><title>Fresh</title><link>{site.url('/fresh')}</link>"
        "</item></channel></rss>",
        content_type="application/rss+xml",
    )
    assert run("follow", feed).code == 0
    site.set_body("/council-approves-budget", LEDGER.replace(b"Tuesday", b"Monday"))
    site.routes["/gone"] = lambda n: Response(404, b"gone", "text/plain")
    result = run("refresh", "--all", "--json", "--delay", "0", "--retries", "0")
    assert result.code == ExitStatus.FETCH_ERROR, result
    data = valid(result.stdout, "refresh")
    statuses = {a["article"]: a["status"] for a in data["articles"]}
    assert sorted(statuses.values()) == sorted(enum("refresh", "refreshedArticle", "status"))
    assert data["feeds"] and data["feeds"][0]["new_articles"] == 1
    assert data["summary"]["failed"] == 1 and data["summary"]["checked"] == 5

    site.routes["/rss.xml"] = lambda n: Response(500, b"down", "text/plain")
    again = run("refresh", "--all", "--json", "--delay", "0", "--retries", "0")
    data = valid(again.stdout, "refresh")
    assert any(f["error"] for f in data["feeds"]), again
    one = valid(run("refresh", "council-approves-budget", "--json"), "refresh")
    assert [a["article"] for a in one["articles"]] == ["council-approves-budget"]


def test_copy_json(run: RunFn, tmp_path: Path) -> None:
    add_texts(run, "stamps", STAMPS[:3])
    run("ignore", "add", "^Advertisement$", "--article", "stamps")
    target = str(tmp_path / "copy.db")
    first = valid(run("copy", "--to", target, "--json"), "copy")
    assert first == {
        "schema": "revtrack.copy/1",
        "articles": 1,
        "versions_copied": 3,
        "versions_present": 0,
        "feeds": 0,
        "rules": 1,
    }
    again = valid(run("copy", "--to", target, "--json"), "copy")
    assert (again["versions_copied"], again["versions_present"]) == (0, 3)
    for path, value in [("versions_copied", -1), ("feeds", "0"), ("target", target)]:
        broken = copy.deepcopy(again)
        _set(path, value)(broken)
        assert problems(broken, "copy"), path


def test_check_json_and_the_damaged_versions_of_log_and_notes(run: RunFn, isolated: Path) -> None:
    add_all(run, "talks")
    sound = valid(run("check", "--json"), "check")
    assert (sound["articles"], sound["versions"], sound["problems"]) == (1, 4, [])
    with sqlite3.connect(isolated / "revtrack.db") as db:
        db.execute("UPDATE versions SET hash = 'sha256:00' WHERE number = 2")
    found = run("check", "--json")
    assert found.code == ExitStatus.STORE_ERROR, found
    damaged = valid(found.stdout, "check")
    assert damaged["damaged_versions"] == 1
    logged = run("log", "talks", "--json")
    assert logged.code == ExitStatus.STORE_ERROR, logged
    assert valid(logged.stdout, "log")["damaged"] == damaged["problems"]
    noted = run("notes", "talks", "--json")
    assert valid(noted.stdout, "notes")["damaged"] == damaged["problems"]
    for path, value in [
        ("problems/0/kind", "bitrot"),
        ("problems/0/version", 0),
        ("problems/0/message", ""),
        ("problems/0/where", "page 3"),
        ("damaged_versions", -1),
        ("database_check", "-"),
        ("ok", False),
    ]:
        broken = copy.deepcopy(damaged)
        _set(path, value)(broken)
        assert problems(broken, "check"), path
    log = json.loads(logged.stdout)
    _set("damaged/0/detail", "x")(log)
    assert problems(log, "log")


# --- the schemas reject what they do not describe ------------------------------------------


def _outputs(run: RunFn) -> dict[str, Json]:
    add_all(run, "talks")
    paragraphs = [f"Paragraph {n} says something different about the port." for n in "ABC"]
    run("add", "moved", "-", input=("\n\n".join(paragraphs) + "\n").encode())
    run("add", "moved", "-", input=("\n\n".join(paragraphs[::-1]) + "\n").encode())
    run("add", "x", "-", input=b"The Mayor spoke.\n")
    run("add", "x", "-", input=b"The mayor spoke.\n")
    run("ignore", "add", "^Advertisement$", "--site", "example.org")
    run("ignore", "off", "counts")
    return {
        "add": json.loads(run("add", "talks", str(article_versions("talks")[0]), "--json").stdout),
        "log": json.loads(run("log", "talks", "--json").stdout),
        "version": json.loads(run("show", "talks@2", "--json").stdout),
        "list": json.loads(run("list", "--json").stdout),
        "report": json.loads(run("diff", "talks", "@1", "@4", "--json").stdout),
        "moved": json.loads(run("diff", "moved", "--json").stdout),
        "ignored": json.loads(run("diff", "x", "--json", "--ignore-case").stdout),
        "notes": json.loads(run("notes", "talks", "--json").stdout),
        "ignore": json.loads(run("ignore", "list", "--json").stdout),
    }


def _set(path: str, value: Any) -> Callable[[Json], None]:
    """Set the value at ``a/0/b``; a key ending in ``+`` is added, a ``-`` value deletes it."""

    def change(data: Json) -> None:
        *parents, last = path.split("/")
        target: Any = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value == "-":
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


def _first_moved(data: Json) -> None:
    block = next(b for b in data["blocks"] if "move" in b)
    block["action"] = "edited"


def _move_on_equal(data: Json) -> None:
    block = next(b for b in data["blocks"] if b["action"] == "equal")
    block["move"] = {"id": 1, "side": "to", "old_paragraph": 1, "new_paragraph": 1}


def _ignored_false(data: Json) -> None:
    span = next(s for b in data["blocks"] for s in b["spans"] if "ignored" in s)
    span["ignored"] = False


def _ignored_on_equal(data: Json) -> None:
    span = next(s for b in data["blocks"] for s in b["spans"] if s["op"] == "equal")
    span["ignored"] = True


BROKEN: list[tuple[str, str, str, Callable[[Json], None]]] = [
    # (id, output, shape, how it is broken)
    ("unknown top-level key", "report", "report", _set("colour", "red")),
    ("unknown key in a version", "report", "report", _set("old/size", 3)),
    ("unknown key in stats", "report", "report", _set("stats/sentences_split", 0)),
    ("unknown key in a block", "report", "report", _set("blocks/0/kind", "x")),
    ("unknown key in a span", "report", "report", _set("blocks/0/spans/0/style", "bold")),
    ("unknown key in a note", "report", "report", _set("notes/added/0/stamp", "x")),
    ("unknown key in a finding", "notes", "notes", _set("findings/0/weight", 1)),
    ("unknown key in a tracked note", "notes", "notes", _set("notes/0/seen", 2)),
    ("unknown key in a log entry", "log", "log", _set("versions/0/extra", True)),
    ("unknown key in show", "version", "version", _set("html", "<p>")),
    ("unknown key in a listed article", "list", "list", _set("articles/0/feed", None)),
    ("unknown key in add", "add", "add", _set("previous", None)),
    ("unknown key in a rule", "ignore", "ignore", _set("rules/0/created_at", "2025-01-02")),
    ("unknown key in a built-in", "ignore", "ignore", _set("builtin/0/id", 1)),
    ("site rule naming an article", "ignore", "ignore", _set("rules/0/article", "talks")),
    ("site rule without its site", "ignore", "ignore", _set("rules/0/site", None)),
    ("rule scope", "ignore", "ignore", _set("rules/0/scope", "host")),
    ("rule number 0", "ignore", "ignore", _set("rules/0/id", 0)),
    ("built-in on as text", "ignore", "ignore", _set("builtin/1/enabled", "off")),
    ("wrong schema", "report", "report", _set("schema", "revtrack.report/2")),
    ("wrong shape", "log", "report", lambda d: None),
    ("missing key", "report", "report", _set("changed", "-")),
    ("missing version key", "log", "log", _set("versions/1/metadata", "-")),
    ("note kind as shown", "report", "report", _set("notes/added/0/kind", "editor's note")),
    ("finding kind", "notes", "notes", _set("findings/0/kind", "stealth_edit")),
    ("block action", "report", "report", _set("blocks/0/action", "changed")),
    ("span op", "report", "report", _set("blocks/0/spans/0/op", "replace")),
    ("move side", "moved", "report", _set("blocks/0/move/side", "there")),
    ("add status", "add", "add", _set("status", "stored")),
    ("source", "version", "version", _set("source", "ftp")),
    ("inferred part", "report", "report", _set("notes/added/0/inferred", ["month"])),
    ("note time stamp", "report", "report", _set("notes/added/0/timestamp", "Jan. 2, 2025")),
    (
        "note time stamp hour",
        "report",
        "report",
        _set("notes/added/0/timestamp", "2025-01-02T25:00:00"),
    ),
    ("observed_at not UTC", "version", "version", _set("observed_at", "2025-01-02T12:00:00-05:00")),
    (
        "observed_at impossible",
        "version",
        "version",
        _set("observed_at", "2025-02-30T12:00:00+00:00"),
    ),
    ("observed_at a date", "list", "list", _set("articles/0/last_observed", "2025-01-02")),
    ("hash", "version", "version", _set("hash", "md5:abc")),
    ("metadata value", "version", "version", _set("metadata", {"author": ["A", "B"]})),
    ("version number 0", "report", "report", _set("new/number", 0)),
    ("negative words", "report", "report", _set("stats/words_added", -1)),
    ("change ratio over 1", "report", "report", _set("stats/change_ratio", 1.5)),
    ("words as text", "log", "log", _set("versions/0/words_added", "12")),
    ("moved block without move", "moved", "report", _first_moved),
    ("move on an equal block", "report", "report", _move_on_equal),
    ("ignored false", "ignored", "report", _ignored_false),
    ("ignored equal span", "report", "report", _ignored_on_equal),
    ("added without words", "add", "add", _set("words_added", None)),
    ("unchanged with words", "add", "add", _set("status", "unchanged")),
]


@pytest.mark.parametrize(
    ("output", "shape", "breaking"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_a_broken_output_is_rejected(
    run: RunFn, output: str, shape: str, breaking: Callable[[Json], None]
) -> None:
    outputs = _outputs(run)
    original = outputs[output]
    assert not problems(original, original["schema"])  # the real output is valid
    broken = copy.deepcopy(original)
    breaking(broken)
    assert problems(broken, shape)


def test_refresh_output_rules(run: RunFn, site: Site) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    run("add", url)
    site.set_body("/council-approves-budget", LEDGER.replace(b"Tuesday", b"Monday"))
    data = valid(run("refresh", "--all", "--json"), "refresh")
    for path, value in [
        ("articles/0/status", "refreshed"),
        ("articles/0/error", "503 Service Unavailable"),
        ("articles/0/words_added", None),
        ("articles/0/http_status", 200),
        ("summary/skipped", 0),
        ("summary/seconds", -1),
    ]:
        broken = copy.deepcopy(data)
        _set(path, value)(broken)
        assert problems(broken, "refresh"), path
    failed = copy.deepcopy(data)
    failed["articles"][0] |= {"status": "failed", "error": "gone", "version": None}
    assert problems(failed, "refresh")  # a failure has no words or findings
    failed["articles"][0] |= {"words_added": None, "words_deleted": None, "findings": []}
    assert not problems(failed, "refresh")
