"""The shape of the code, read from the code itself: which module may import what, thin commands,
small modules and simple functions (see the README's layout section)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from radon.complexity import cc_visit

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "revtrack"

#: A module may import these packages only if its name is listed (or under a listed package).
ONLY_IN = {
    "click": {"revtrack.cli"},
    "rich": {"revtrack.render"},
    "httpx": {"revtrack.fetch"},
    "trafilatura": {"revtrack.extract"},
    "htmldate": {"revtrack.extract"},
    "lxml": {"revtrack.extract"},
    "feedparser": {"revtrack.feeds"},
    "sqlite3": {"revtrack.store.sqlite"},
    "psycopg": {"revtrack.store.postgres"},
    "apprise": {"revtrack.notify"},
}
#: What renderers must not import: they read their model, never the store or the engine.
NOT_FOR_RENDERERS = {
    "revtrack.diff",
    "revtrack.sentences",
    "revtrack.sequences",
    "revtrack.store",
    "revtrack.refresh",
    "revtrack.track",
    "revtrack.transfer",
    "revtrack.fetch",
    "revtrack.extract",
    "revtrack.report",
    "revtrack.notes",
    "revtrack.labels",
    "revtrack.announcements",
    "revtrack.lookalikes",
    "revtrack.catalogue",
    "revtrack.stamps",
    "revtrack.account",
    "revtrack.severity",
    "revtrack.wording",
    "revtrack.noise",
}
MAX_COMMAND_LINES = 25
MAX_MODULE_LINES = 800
MAX_COMPLEXITY = 15
#: The modules held to MAX_COMPLEXITY, function by function.
SIMPLE = (
    "notes",
    "labels",
    "announcements",
    "lookalikes",
    "stamps",
    "diff",
    "sentences",
    "sequences",
    "account",
    "severity",
)


@dataclass(frozen=True)
class Module:
    name: str  # revtrack.render.json
    path: Path
    tree: ast.Module

    def imports(self) -> Iterator[tuple[str, int]]:
        """Every module it imports, wherever the import is (lazy ones too), with its line;
        relative imports resolved."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield alias.name, node.lineno
            elif isinstance(node, ast.ImportFrom):
                base = self.resolve(node.module, node.level)
                if node.module:
                    yield base, node.lineno
                for alias in node.names:  # from revtrack import refs: the module revtrack.refs
                    yield f"{base}.{alias.name}", node.lineno

    def resolve(self, module: str | None, level: int) -> str:
        """The absolute name of ``from <level dots><module> import ...`` in this module."""
        if not level:
            return module or ""
        package = self.name.split(".")
        if self.path.name != "__init__.py":
            package = package[:-1]
        base = package[: len(package) - (level - 1)]
        return ".".join([*base, module] if module else base)


def modules() -> list[Module]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append(Module(name, path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_code_is_found() -> None:
    names = {m.name for m in modules()}
    assert {"revtrack.cli", "revtrack.track", "revtrack.render.json"} <= names


def library_misuses(found: list[Module], package: str) -> list[str]:
    """Where ``package`` is imported by a module that :data:`ONLY_IN` does not allow."""
    allowed = ONLY_IN[package]
    return [
        f"{m.name}:{line} imports {name}"
        for m in found
        for name, line in m.imports()
        if within(name, package) and not any(within(m.name, a) for a in allowed)
    ]


def renderer_misuses(found: list[Module]) -> list[str]:
    """Where a renderer imports what it must not (:data:`NOT_FOR_RENDERERS`)."""
    return [
        f"{m.name}:{line} imports {name}"
        for m in found
        if within(m.name, "revtrack.render")
        for name, line in m.imports()
        if any(within(name, banned) for banned in NOT_FOR_RENDERERS)
    ]


@pytest.mark.parametrize("package", sorted(ONLY_IN))
def test_a_library_is_imported_only_where_it_belongs(package: str) -> None:
    wrong = library_misuses(modules(), package)
    assert not wrong, wrong


def test_renderers_read_only_their_models() -> None:
    wrong = renderer_misuses(modules())
    assert not wrong, wrong


def test_the_use_cases_do_not_import_the_cron_job() -> None:
    track = next(m for m in modules() if m.name == "revtrack.track")
    assert not [n for n, _ in track.imports() if within(n, "revtrack.refresh")]


def test_nothing_below_the_command_line_imports_it() -> None:
    wrong = [
        f"{m.name}:{line}"
        for m in modules()
        if not within(m.name, "revtrack.cli") and m.name != "revtrack.__main__"
        for name, line in m.imports()
        if within(name, "revtrack.cli")
    ]
    assert not wrong, wrong


def command_bodies(module: Module | None = None) -> dict[str, int]:
    """The length in lines of each click command's body, its docstring left out."""
    cli = module or next(m for m in modules() if m.name == "revtrack.cli")
    lengths = {}
    for node in ast.walk(cli.tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        if not any("command" in ast.unparse(d) for d in node.decorator_list):
            continue
        body = node.body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        lengths[node.name] = (body[-1].end_lineno or 0) - body[0].lineno + 1
    return lengths


def test_command_bodies_are_short() -> None:
    lengths: dict[str, int] = {}
    for module in modules():
        if within(module.name, "revtrack.cli"):
            lengths |= command_bodies(module)
    assert {"add", "diff_command", "refresh", "log_command", "ignore_add"} <= set(lengths)
    too_long = {name: n for name, n in lengths.items() if n > MAX_COMMAND_LINES}
    assert not too_long, f"command bodies over {MAX_COMMAND_LINES} lines: {too_long}"


def test_no_module_is_too_long() -> None:
    long = {
        m.name: n
        for m in modules()
        if (n := len(m.path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


@pytest.mark.parametrize("name", SIMPLE)
def test_functions_of_the_engine_and_the_notes_stay_simple(name: str) -> None:
    path = PACKAGE / f"{name}.py"
    blocks = cc_visit(path.read_text(encoding="utf-8"))
    assert blocks
    complex_ = {
        f"{b.name}:{b.lineno}": b.complexity for b in blocks if b.complexity > MAX_COMPLEXITY
    }
    assert not complex_, f"{name}.py: cyclomatic complexity over {MAX_COMPLEXITY}: {complex_}"


def test_the_checks_see_a_broken_rule(tmp_path: Path) -> None:
    """The rules above can fail: a renderer importing the store (absolutely or relatively),
    a module elsewhere importing click, a long command body."""
    renderer = "from revtrack.store import open_store\nfrom ..diff import diff\nimport rich\n"
    bad = Module("revtrack.render.bad", tmp_path / "bad.py", ast.parse(renderer))
    assert renderer_misuses([bad]) == [
        "revtrack.render.bad:1 imports revtrack.store",
        "revtrack.render.bad:1 imports revtrack.store.open_store",
        "revtrack.render.bad:2 imports revtrack.diff",
        "revtrack.render.bad:2 imports revtrack.diff.diff",
    ]
    assert library_misuses([bad], "rich") == []  # rich belongs under render/
    elsewhere = Module("revtrack.report", tmp_path / "report.py", ast.parse("import click\n"))
    assert library_misuses([elsewhere], "click") == ["revtrack.report:1 imports click"]
    body = "\n".join(f"    x{i} = {i}" for i in range(30))
    source = f"@cli.command()\ndef long():\n    '''Doc.'''\n{body}\n"
    cli = Module("revtrack.cli", tmp_path / "cli.py", ast.parse(source))
    assert command_bodies(cli) == {"long": 30}
