"""``revtrack config``: every setting in force and where it came from, as TOML-like lines (a
line can be pasted into a configuration file) or as JSON. Cookies' values are masked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from revtrack.config import Setting

_MASK = "***"


def shown(setting: Setting) -> Any:
    """A setting's value as it is shown: a site's cookies with their values masked."""
    if setting.key.endswith(".cookies") and isinstance(setting.value, dict):
        return {name: _MASK for name in setting.value}
    return setting.value


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(each) for each in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{_key(name)} = {_toml(each)}" for name, each in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    return json.dumps(str(value), ensure_ascii=False)


def _key(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else json.dumps(name)


def _where(setting: Setting) -> str:
    return f"{setting.source}: {setting.origin}" if setting.origin else setting.source


def write_settings(files: Sequence[Path], settings: Sequence[Setting], out: IO[str]) -> None:
    """One line for each file read, then ``key = value  # where it came from``."""
    for path in files:
        out.write(f"# read {json.dumps(str(path), ensure_ascii=False)}\n")
    if not files:
        out.write("# no configuration file\n")
    for setting in settings:
        out.write(f"{setting.key} = {_toml(shown(setting))}  # {_where(setting)}\n")


def settings_json(files: Sequence[Path], settings: Sequence[Setting]) -> dict[str, Any]:
    return {
        "schema": "revtrack.config/1",
        "files": [str(path) for path in files],
        "settings": [
            {
                "key": setting.key,
                "value": shown(setting),
                "source": setting.source,
                "origin": setting.origin or None,
            }
            for setting in settings
        ],
    }
