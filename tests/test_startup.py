"""Start-up: ``--version`` answered before click is loaded, and nothing loaded at import that a
command does not use (the speed itself is measured by bench/startup_bench.py, not here)."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import os
import pickle
import re
import subprocess
import sys
import types
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from help_text import render

import revtrack
import revtrack.models as models
from revtrack import paths
from revtrack.__main__ import VERSION_LINE
from revtrack.cli import STORE_ENV_VAR, cli
from revtrack.frozen import MADE
from revtrack.helptext import KEPT_WIDTHS, columns
from revtrack.helptext import path as kept_path
from revtrack.lazy import _Lazy, compiled

#: Modules that ``revtrack --help`` (or the import of the command line) must not load.
HEAVY = (
    "rich",
    "regex",
    "sqlite3",
    "zstandard",
    "httpx",
    "pathlib",
    "importlib.metadata",
    "revtrack.models",
    "revtrack.store",
    "revtrack.paths",
    "revtrack.notes",
    "revtrack.labels",
    "revtrack.announcements",
    "revtrack.lookalikes",
    "revtrack.render",
    "revtrack.track",
)


def python(code: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_REVTRACK")}
    if home is not None:
        env["REVTRACK_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )


def test_the_version_is_the_installed_one() -> None:
    assert revtrack.__version__ == version("revtrack")
    assert f"revtrack, version {version('revtrack')}\n" == VERSION_LINE


@pytest.mark.parametrize("option", ["--version", "-V"])
def test_version_at_once_prints_what_click_prints(option: str) -> None:
    clicked = CliRunner().invoke(cli, [option], prog_name="revtrack")
    assert clicked.exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", option], capture_output=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.decode() == clicked.output == VERSION_LINE


def test_version_does_not_load_click() -> None:
    done = python(
        "import sys\n"
        "from revtrack.__main__ import main\n"
        "sys.argv = ['revtrack', '--version']\n"
        "main()\n"
        "assert 'click' not in sys.modules\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == VERSION_LINE


def test_version_with_more_arguments_goes_to_click() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "--version", "--nonsense"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""  # click's answer: a usage error
    assert done.stderr.startswith("Error: No such option '--nonsense'")


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_or_help_to_a_full_disk_fails_as_any_output(option: str) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "revtrack", option],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 3
    assert done.stderr.startswith("Error: cannot write standard output: ")


def test_the_kept_help_is_what_click_writes() -> None:
    assert KEPT_WIDTHS
    for width in KEPT_WIDTHS:
        with open(kept_path(width), encoding="utf-8", newline="") as file:
            kept = file.read()
        assert kept == render(width), "run python tests/help_text.py"
        assert kept.startswith("Usage: revtrack [OPTIONS] COMMAND") and "show " in kept


@pytest.mark.parametrize("value", [None, "", "80", "100", "131", "99", "60", "-3", "wide"])
def test_the_columns_are_those_click_asks_for(
    value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    if value is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", value)
    assert columns() == shutil.get_terminal_size().columns


def _help(args: list[str], columns: str | None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_REVTRACK")}
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run(
        [sys.executable, *args], capture_output=True, timeout=60, env=env, stdin=subprocess.DEVNULL
    )


@pytest.mark.parametrize(
    ("option", "columns"),
    [("--help", None), ("-h", None), ("--help", "80"), ("--help", "100"), ("--help", "160"),
     ("--help", "90"), ("--help", "40"), ("-h", "junk")],
)  # fmt: skip
def test_help_at_once_prints_what_click_prints(option: str, columns: str | None) -> None:
    clicked = _help(
        ["-c", "from revtrack.cli import cli; cli(prog_name='revtrack')", option], columns
    )
    done = _help(["-m", "revtrack", option], columns)
    assert clicked.returncode == done.returncode == 0 and done.stderr == b""
    assert done.stdout == clicked.stdout
    assert done.stdout.startswith(b"Usage: revtrack [OPTIONS] COMMAND")


@pytest.mark.parametrize(("columns", "kept"), [(None, True), ("120", True), ("90", False)])
def test_help_is_answered_without_click_when_kept(columns: str | None, kept: bool) -> None:
    code = (
        "import sys\n"
        "from revtrack.__main__ import main\n"
        "sys.argv = ['revtrack', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code\n"
        "print('click' in sys.modules)\n"
    )
    done = _help(["-c", code], columns)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(b"\nFalse\n" if kept else b"\nTrue\n")


@pytest.mark.parametrize("kind", ["config", "data"])
@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/reader"},
        {"HOME": "/home/reader/"},
        {"HOME": "/"},
        {"HOME": "/home/reader", "XDG_CONFIG_HOME": "/etc/conf", "XDG_DATA_HOME": "/srv/data/"},
        {"HOME": "/home/reader", "XDG_CONFIG_HOME": "", "XDG_DATA_HOME": ""},
        {"HOME": "/home/reader", "XDG_CONFIG_HOME": "conf", "XDG_DATA_HOME": " /srv"},
        {"HOME": "home/reader"},
        {},
    ],
)
def test_the_user_directories_are_platformdirs(
    kind: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    made = platformdirs.user_config_dir if kind == "config" else platformdirs.user_data_dir
    assert paths.user_dir(kind) == Path(made("revtrack", appauthor=False))


def test_the_command_line_loads_nothing_heavy_for_help() -> None:
    done = python(
        "import sys\n"
        "from revtrack.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='revtrack')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = [m for m in sys.modules if m.startswith(heavy)]\n"
        "assert not loaded, loaded\n"
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: revtrack" in done.stdout


def test_the_commands_elsewhere_are_loaded_when_asked_for() -> None:
    import click

    from revtrack.cli import ELSEWHERE

    ctx = click.Context(cli)
    assert set(ELSEWHERE) <= set(cli.list_commands(ctx)) and "show" in cli.list_commands(ctx)
    for name, (module, command) in ELSEWHERE.items():
        loaded = importlib.import_module(f"revtrack.cli.{module}")
        assert getattr(loaded, command).name == name
        assert cli.get_command(ctx, name) is getattr(loaded, command)
    done = python(
        "import sys\n"
        "from revtrack.cli import cli\n"
        "try:\n"
        "    cli(['show', '--help'], prog_name='revtrack')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('revtrack.cli.'))\n"
        "assert loaded == ['revtrack.cli.options', 'revtrack.cli.paging'], loaded\n"
    )
    assert done.returncode == 0, done.stderr


def test_the_store_option_reads_the_variable_of_paths() -> None:
    assert STORE_ENV_VAR == paths.ENV_VAR
    store = next(p for p in cli.params if p.name == "store")
    assert store.envvar == paths.ENV_VAR


def test_the_note_detector_compiles_nothing_at_import() -> None:
    done = python(
        "import sys\n"
        "import revtrack.notes\n"
        "from revtrack.lazy import _Lazy\n"
        "names = ('revtrack.notes', 'revtrack.labels', 'revtrack.announcements',\n"
        "         'revtrack.lookalikes')\n"
        "def lazies(value):\n"
        "    if isinstance(value, _Lazy):\n"
        "        yield value\n"
        "    elif isinstance(value, (tuple, list)):\n"
        "        for item in value:\n"
        "            yield from lazies(item)\n"
        "    elif isinstance(value, dict):\n"
        "        for item in value.values():\n"
        "            yield from lazies(item)\n"
        "found = [p for n in names for v in vars(sys.modules[n]).values() for p in lazies(v)]\n"
        "assert len(found) > 50, len(found)\n"
        "compiled = [p for p in found if set(vars(p)) != {'_source'}]\n"
        "assert not compiled, compiled\n"
    )
    assert done.returncode == 0, done.stderr


def test_a_lazy_pattern_is_its_compiled_pattern() -> None:
    source, flags = r"(?P<word>\b[a-z]+)\s+(?:of|at)\b", re.IGNORECASE
    lazy, eager = compiled(source, flags), re.compile(source, flags)
    assert isinstance(lazy, _Lazy) and set(vars(lazy)) == {"_source"}
    text = "News OF the day, Update at noon"
    assert lazy.pattern == eager.pattern and lazy.flags == eager.flags
    assert lazy.groupindex == eager.groupindex
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.sub("-", text) == eager.sub("-", text)
    found, expected = lazy.search(text, 10), eager.search(text, 10)
    assert found is not None and expected is not None
    assert found.span() == expected.span() and found.group("word") == "Update"
    assert {lazy: 1}[lazy] == 1  # a key of a dict, as the detector keeps its finds


def _reference(module: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> dict[str, type]:
    """The dataclasses of ``module`` as the standard decorator makes them at once."""
    source = Path(str(module.__file__)).read_text(encoding="utf-8")
    lazily = re.compile(r"^from revtrack\.frozen import dataclass\b.*$", re.MULTILINE)
    assert lazily.search(source)
    standard = lazily.sub("from dataclasses import dataclass", source)
    copy_ = types.ModuleType(f"reference_{module.__name__.replace('.', '_')}")
    monkeypatch.setitem(sys.modules, copy_.__name__, copy_)
    exec(compile(standard, "reference", "exec"), vars(copy_))
    return {
        name: value
        for name, value in vars(copy_).items()
        if isinstance(value, type)
        and value.__module__ == copy_.__name__
        and dataclasses.is_dataclass(value)
    }


def _shape(cls: type) -> tuple[object, ...]:
    fields = [
        (f.name, f.type, repr(f.default), f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(cls)
    ]
    flags = [(f.init, f.repr, f.hash, f.compare, f.kw_only) for f in dataclasses.fields(cls)]
    made = sorted(
        (name, getattr(value, "__code__", None) is None or value.__code__.co_filename == "<string>")
        for name, value in vars(cls).items()
        if name in MADE
    )
    params = repr(cls.__dataclass_params__)  # type: ignore[attr-defined]
    match_args = cls.__match_args__  # type: ignore[attr-defined]
    return fields, flags, made, params, match_args, str(inspect.signature(cls)), cls.__doc__


#: The modules whose dataclasses are made on first use.
LAZY_DATACLASSES = sorted(
    ".".join(path.relative_to(Path(revtrack.__file__).parent).with_suffix("").parts)
    for path in Path(revtrack.__file__).parent.rglob("*.py")
    if "\nfrom revtrack.frozen import dataclass" in path.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", LAZY_DATACLASSES)
def test_lazy_dataclasses_are_the_standard_frozen_ones(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module(f"revtrack.{name}".removesuffix(".__init__"))
    reference = _reference(module, monkeypatch)
    assert reference, name
    for cls_name, standard in reference.items():
        cls = getattr(module, cls_name)
        assert dataclasses.is_dataclass(cls), cls_name
        assert _shape(cls) == _shape(standard), cls_name


def test_the_models_behave_as_standard_frozen_dataclasses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "models" in LAZY_DATACLASSES and len(LAZY_DATACLASSES) >= 10
    reference = _reference(models, monkeypatch)
    assert len(reference) >= 30
    note = models.Note(models.NoteKind.UPDATE, "Updated at noon", 3, 18, stamp="noon")
    same = models.Note(models.NoteKind.UPDATE, "Updated at noon", 3, 18, stamp="noon")
    assert note == same and hash(note) == hash(same) and note != dataclasses.replace(note, end=9)
    standard = reference["Note"](models.NoteKind.UPDATE, "Updated at noon", 3, 18, stamp="noon")
    assert repr(note) == repr(standard)
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.text = "changed"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(note)) == note and copy.deepcopy(note) == note
    url = paths.DatabaseURL("postgresql://reader:secret@db.example/news")
    assert "secret" not in repr(url)  # (its own representation, kept)


def test_the_models_make_their_methods_on_first_use() -> None:
    done = python(
        "import dataclasses, sys\n"
        "import revtrack.models as m\n"
        "from revtrack.frozen import _StandIn\n"
        "waiting = [n for n, v in vars(m).items() if isinstance(v, type)"
        " and isinstance(v.__dict__.get('__init__'), _StandIn)]\n"
        "assert len(waiting) >= 30, waiting\n"
        "m.Criteria()\n"
        "assert not isinstance(m.Criteria.__dict__['__init__'], _StandIn)\n"
        "assert isinstance(m.Note.__dict__['__init__'], _StandIn)\n"
        "assert [f.name for f in dataclasses.fields(m.Note)][:2] == ['kind', 'text']\n"
        "assert not isinstance(m.Note.__dict__['__init__'], _StandIn)\n"
    )
    assert done.returncode == 0, done.stderr


#: What ``log`` on a history it has logged before must not load: it reads the log whole (its
#: notes' zones loaded when an offset is asked for, the configuration file found without
#: platformdirs).
DERIVING = (
    "regex",
    "revtrack.diff",
    "revtrack.notes",
    "revtrack.report",
    "revtrack.account",
    "zoneinfo",
    "platformdirs",
)


def test_log_reads_a_kept_log_without_the_engine(tmp_path: Path) -> None:
    store = tmp_path / "revtrack.db"
    talks = sorted((Path(__file__).parent.parent / "fixtures/articles/talks").glob("v*.txt"))
    for n, path in enumerate(talks, 1):
        added = CliRunner().invoke(
            cli, ["--store", str(store), "add", "talks", str(path), "--at", f"2025-01-0{n}T09:00Z"]
        )
        assert added.exit_code == 0, added.output
    code = (
        "import sys\n"
        "from revtrack.cli import cli\n"
        "try:\n"
        f"    cli(['--store', {str(store)!r}, 'log', 'talks'], prog_name='revtrack')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code\n"
        f"loaded = [m for m in sys.modules if m.startswith({DERIVING!r})]\n"
        "print('loaded:', loaded)\n"
    )
    first, second = python(code), python(code)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "revtrack.diff" in first.stdout and "zoneinfo" in first.stdout  # worked out, kept
    assert second.stdout.endswith("loaded: []\n")
    assert first.stdout.replace(first.stdout.splitlines()[-1], "") == second.stdout.replace(
        "loaded: []", ""
    )
    assert "@2" in second.stdout and "+update" in second.stdout


def test_a_diff_of_plain_latin_text_on_a_warm_store_loads_no_note_grammar(tmp_path: Path) -> None:
    """The storm fixture has accents, dashes and curly quotes: its words are read by the
    standard engine, and its notes' words, kept in the store (by the write that found them),
    need neither the detector nor its stamps' grammar."""
    store = tmp_path / "revtrack.db"
    storm = sorted((Path(__file__).parent.parent / "fixtures/articles/storm").glob("v*.txt"))
    assert not storm[0].read_text(encoding="utf-8").isascii()
    for n, path in enumerate(storm[:2], 1):
        added = CliRunner().invoke(
            cli, ["--store", str(store), "add", "storm", str(path), "--at", f"2025-01-0{n}T09:00Z"]
        )
        assert added.exit_code == 0, added.output
    heavy = ("regex", "revtrack.notes", "revtrack.labels", "revtrack.stamps")
    code = (
        "import sys\n"
        "from revtrack.cli import cli\n"
        "try:\n"
        f"    cli(['--store', {str(store)!r}, 'diff', 'storm'], prog_name='revtrack')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, 1)\n"
        f"print('loaded:', [m for m in sys.modules if m.startswith({heavy!r})])\n"
    )
    first, second = python(code), python(code)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == second.stdout, first.stdout[-300:]
    assert second.stdout.endswith("loaded: []\n"), second.stdout[-300:]


def test_a_diff_loads_none_of_the_stores_optional_parts(tmp_path: Path) -> None:
    """``diff`` reads versions and the kept findings: the modules of alerts, captures' records,
    search and the management of articles are loaded by the commands that use them (nor is
    the pure-Python diff-match-patch loaded beside its C++ build)."""
    talks = sorted((Path(__file__).parent.parent / "fixtures/articles/talks").glob("v*.txt"))
    for n, path in enumerate(talks[:2], 1):
        added = CliRunner().invoke(
            cli,
            ["--store", str(tmp_path), "add", "talks", str(path), "--at", f"2025-01-0{n}T09:00Z"],
        )
        assert added.exit_code == 0, added.output
    optional = (
        *("revtrack.alerts", "revtrack.search", "revtrack.evidence", "revtrack.inventory"),
        "diff_match_patch",
    )
    code = (
        "import sys\n"
        "from revtrack.direct import run\n"
        "assert run(['diff', 'talks', '--color', 'never']) in (0, 1)\n"
        f"print('loaded:', [m for m in {optional!r} if m in sys.modules])\n"
    )
    done = python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "+++ talks@2" in done.stdout and done.stdout.endswith("loaded: []\n"), done.stdout


def test_a_class_first_used_by_many_threads_at_once_is_made_once() -> None:
    """Threads (the workers of refresh) may use a class first at the same moment: each gets
    an instance, none the methods of ``object`` while another makes the class."""
    import threading

    from revtrack.frozen import dataclass

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # (threads switch as often as they can)
    try:
        for round_ in range(30):

            @dataclass(frozen=True)
            class Point:
                """A point."""

                x: int
                y: int = round_

            start = threading.Barrier(8)
            made: list[Any] = []
            failed: list[Exception] = []

            def use(n: int, cls: type, run: tuple[threading.Barrier, list[Any], list[Any]]) -> None:
                start, made, failed = run
                start.wait()
                try:
                    made.append(cls(n))
                except Exception as exc:  # (what the test is about)
                    failed.append(exc)

            threads = [
                threading.Thread(target=use, args=(n, Point, (start, made, failed)))
                for n in range(8)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert not failed, failed
            assert sorted(p.x for p in made) == list(range(8))
            assert {p.y for p in made} == {round_} and made[0] == Point(made[0].x)
    finally:
        sys.setswitchinterval(previous)
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.z = 2  # type: ignore[attr-defined]
    assert dataclasses.fields(Point)[1].default == 29 and repr(point).endswith(".Point(x=1, y=29)")


def _make_models(code_file: Path, *, env: dict[str, str] | None = None) -> str:
    """Make every model in a new process whose methods' code is kept in ``code_file``: how
    many sources it compiled, and the representation of a note."""
    code = (
        "import sys\n"
        "import revtrack.frozen as frozen\n"
        "import revtrack.models as m\n"
        f"frozen.CODE_FILE = {str(code_file)!r}\n"
        "compiled = []\n"
        "def counting(source, *args, **kwargs):\n"
        "    compiled.append(source)\n"
        "    return compile(source, *args, **kwargs)\n"
        "frozen.compile = counting\n"
        "for value in list(vars(m).values()):\n"
        "    if isinstance(value, type) and '__dataclass_fields__' in value.__dict__:\n"
        "        frozen.make(value)\n"
        "note = m.Note(m.NoteKind.UPDATE, 'Updated', 0, 7, stamp=None)\n"
        "assert note == m.Note(m.NoteKind.UPDATE, 'Updated', 0, 7)\n"
        "print(len(compiled), repr(note))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_methods_code_is_compiled_once(tmp_path: Path) -> None:
    kept = tmp_path / "frozen.code"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    first = _make_models(kept, env=env)
    assert int(first.split()[0]) > 150 and kept.is_file()
    second = _make_models(kept, env=env)
    assert second.split(" ", 1) == ["0", first.split(" ", 1)[1]]
    kept.write_bytes(kept.read_bytes()[:-100])  # (damaged: compiled again, and kept again)
    assert _make_models(kept, env=env) == first
    assert _make_models(kept, env=env) == second


def test_no_code_is_kept_where_python_writes_no_bytecode(tmp_path: Path) -> None:
    kept = tmp_path / "frozen.code"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    first = _make_models(kept, env=env)
    assert int(first.split()[0]) > 150 and not kept.exists()


def test_a_base_made_with_its_subclass_keeps_the_code_of_both(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import revtrack.frozen as frozen\n"
        "from revtrack.frozen import dataclass\n"
        f"frozen.CODE_FILE = {str(tmp_path / 'frozen.code')!r}\n"
        "compiled = []\n"
        "def counting(source, *args, **kwargs):\n"
        "    compiled.append(source)\n"
        "    return compile(source, *args, **kwargs)\n"
        "frozen.compile = counting\n"
        "@dataclass(frozen=True)\n"
        "class Base:\n"
        "    '''A base.'''\n"
        "    x: int\n"
        "@dataclass(frozen=True)\n"
        "class Point(Base):\n"
        "    '''A point.'''\n"
        "    y: int = 2\n"
        "made = Point(1), Base(3) == Base(3)\n"
        "print(len(compiled), *made, sorted(frozen._kept or ()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = [python_with(code, env) for _ in range(2)]
    made = "Point(x=1, y=2) True ['__main__.Base', '__main__.Point']\n"
    assert runs == ["12 " + made, "0 " + made]


def python_with(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_reading_commands_do_not_load_inspect(tmp_path: Path) -> None:
    """``dataclasses`` is imported with a stand-in for ``inspect``, which it uses only to
    write the docstring of a class without one (revtrack's classes have theirs)."""
    store = tmp_path / "revtrack.db"
    talks = sorted((Path(__file__).parent.parent / "fixtures/articles/talks").glob("v*.txt"))
    for n, path in enumerate(talks[:2], 1):
        added = CliRunner().invoke(
            cli, ["--store", str(store), "add", "talks", str(path), "--at", f"2025-01-0{n}T09:00Z"]
        )
        assert added.exit_code == 0, added.output
    for args in (["log", "talks"], ["show", "talks"], ["diff", "talks"]):  # (not through click)
        code = (
            "import sys\n"
            "from revtrack.__main__ import main\n"
            f"sys.argv = ['revtrack', *{args!r}]\n"
            "try:\n"
            "    main()\n"
            "except SystemExit as exc:\n"
            "    assert exc.code in (0, 1, None), exc.code\n"
            "print('inspect' in sys.modules, 'inspect' in sys.modules['dataclasses'].__dict__)\n"
        )
        done = python(code, tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.endswith("False True\n"), (args, done.stdout[-200:])


def test_dataclasses_write_a_docstring_through_the_stand_in() -> None:
    done = python(
        "import sys\n"
        "from revtrack.lazy import dataclasses_without_inspect\n"
        "dataclasses_without_inspect()\n"
        "import dataclasses\n"
        "assert 'inspect' not in sys.modules\n"
        "@dataclasses.dataclass(frozen=True)\n"
        "class Point:\n"
        "    x: int\n"
        "    y: int = 2\n"
        "import inspect\n"
        "assert sys.modules['inspect'] is inspect and inspect.signature(Point)\n"
        "print(Point.__doc__)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Point(x: int, y: int = 2)\n"


def test_zstandard_is_imported_without_platform() -> None:
    done = python(
        "import sys\n"
        "from revtrack.store import codec\n"
        "assert codec.decompress(codec.compress(b'a text' * 9)) == b'a text' * 9\n"
        "import zstandard\n"
        "print(zstandard.backend, 'platform' in sys.modules)\n"
        "import platform\n"
        "assert sys.modules['platform'] is platform and platform.python_implementation()\n"
        "from revtrack.lazy import _Platform\n"
        "assert _Platform('platform').python_implementation() == "
        "platform.python_implementation()\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "cext False\n"


@pytest.mark.parametrize("args", [["log", "talks"], ["show", "talks"], ["log", "gone"], ["list"]])
def test_the_collector_is_off_while_the_modules_load_only(tmp_path: Path, args: list[str]) -> None:
    """The collector of reference cycles is off while a command's modules load, and on again,
    what they made set aside for good, for the command's own work (whether it succeeds,
    fails, or goes through click), then searching the youngest objects less often."""
    store = tmp_path / "revtrack.db"
    talks = Path(__file__).parent.parent / "fixtures/articles/talks/v1.txt"
    added = CliRunner().invoke(cli, ["--store", str(store), "add", "talks", str(talks)])
    assert added.exit_code == 0, added.output
    code = (
        "import gc, sys\n"
        "import revtrack.track as track\n"
        "from revtrack.__main__ import main\n"
        "seen = []\n"
        "def watching(use):\n"
        "    def watched(*args, **kwargs):\n"
        "        seen.append((gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()))\n"
        "        return use(*args, **kwargs)\n"
        "    return watched\n"
        "track.article_log, track.version = map(watching, (track.article_log, track.version))\n"
        f"sys.argv = ['revtrack', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(seen, gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    done = python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    expected = "[] True True" if args == ["list"] else "[(True, True, (50000, 20, 100))] True True"
    assert done.stdout.splitlines()[-1] == expected, done.stdout


def test_a_stand_in_read_while_it_stands_in_loads_the_module_apart() -> None:
    """Another thread that imports ``platform`` while ``zstandard`` is imported gets the
    stand-in, which then works as the module does."""
    done = python(
        "import sys\n"
        "from revtrack.lazy import _Platform\n"
        "stand_in = sys.modules['platform'] = _Platform('platform')\n"
        "import platform\n"
        "assert platform is stand_in\n"
        "print(platform.python_implementation(), platform.system(), platform.machine() != '')\n"
        "del sys.modules['platform']\n"
        "import platform as real\n"
        "assert stand_in.system() == real.system() and stand_in.uname == real.uname\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[1] == __import__("platform").system()
