"""The engine key kept under the status of the files it was worked out from: read again while
they are unchanged, worked out again when one changes, not kept while one has just changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from revtrack import cache, sourcekey


@pytest.fixture
def kept_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    key_file = tmp_path / "__pycache__" / "engine.key"
    monkeypatch.setattr(sourcekey, "KEY_FILE", str(key_file))
    monkeypatch.setattr(sourcekey.sys, "dont_write_bytecode", False)
    return key_file


def _settled(path: Path, seconds: float = 10.0) -> None:
    """``path`` as if it was written ``seconds`` ago (its change time stays now: the test
    moves the settling time instead)."""
    before = os.stat(path).st_mtime - seconds
    os.utime(path, (before, before))


def test_a_key_is_kept_while_its_files_are_unchanged(
    tmp_path: Path, kept_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sourcekey, "SETTLING", -60.0)
    source = tmp_path / "a.py"
    source.write_text("x = 1\n", encoding="utf-8")
    calls: list[str] = []

    def work_out() -> str:
        calls.append(source.read_text(encoding="utf-8"))
        return f"key {len(calls)}"

    files = [str(source), str(tmp_path / "missing.toml")]
    assert sourcekey.kept(["1"], files, work_out) == "key 1"
    assert kept_in.is_file()
    assert sourcekey.kept(["1"], files, work_out) == "key 1" and len(calls) == 1
    assert sourcekey.kept(["2"], files, work_out) == "key 2"  # another part
    source.write_text("x = 2\n", encoding="utf-8")  # the same size, written again
    assert sourcekey.kept(["2"], files, work_out) == "key 3"
    (tmp_path / "missing.toml").write_text("", encoding="utf-8")  # a file that comes
    assert sourcekey.kept(["2"], files, work_out) == "key 4"
    assert calls[-1] == "x = 2\n"


def test_a_key_is_not_kept_while_a_file_has_just_changed(tmp_path: Path, kept_in: Path) -> None:
    source = tmp_path / "a.py"
    source.write_text("x = 1\n", encoding="utf-8")
    assert sourcekey.kept([], [str(source)], lambda: "fresh") == "fresh"
    assert not kept_in.exists()
    _settled(source)
    assert sourcekey.kept([], [str(source)], lambda: "fresh") == "fresh"
    assert not kept_in.exists()  # (its change time is still now)


def test_nothing_is_kept_without_bytecode(
    tmp_path: Path, kept_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sourcekey, "SETTLING", -60.0)
    monkeypatch.setattr(sourcekey.sys, "dont_write_bytecode", True)
    assert sourcekey.kept([], [str(tmp_path)], lambda: "fresh") == "fresh"
    assert not kept_in.exists()


def test_a_damaged_or_foreign_key_file_is_worked_out_again(
    tmp_path: Path, kept_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sourcekey, "SETTLING", -60.0)
    kept_in.parent.mkdir()
    for damage in (b"", b"\xff\xfe", b"someone else's\nkey", b"no line break"):
        kept_in.write_bytes(damage)
        assert sourcekey.kept(["p"], [], lambda: "fresh") == "fresh"
        assert sourcekey.kept(["p"], [], lambda: "stale") == "fresh"


def test_the_engine_key_kept_is_the_one_worked_out(
    kept_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sourcekey, "SETTLING", -60.0)
    cache.engine.cache_clear()
    try:
        worked_out = cache.engine.__wrapped__()
        assert worked_out is not None and kept_in.is_file()
        monkeypatch.setattr(cache, "_regex_version", None)  # (not worked out: read as kept)
        assert cache.engine.__wrapped__() == worked_out
    finally:
        cache.engine.cache_clear()
