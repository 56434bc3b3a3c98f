"""Golden files: expected outputs kept under fixtures/golden, refreshed only on purpose."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"


def check_golden(request: pytest.FixtureRequest, name: str, actual: str) -> None:
    """Compare ``actual`` with ``fixtures/golden/<name>``; ``--update-golden`` rewrites it."""
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}: run pytest --update-golden and review it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        delta = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"golden/{name}",
                "actual",
            )
        )
        pytest.fail(f"output differs from golden/{name}:\n{delta}")
