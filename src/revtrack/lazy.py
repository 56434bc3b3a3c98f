"""Regular expressions compiled on first use, not at import.

The note detector's fixed English patterns are many; compiling them when their modules are
imported cost every command about 20 ms, even those (``show``, ``list``, ``--help``) that never
look for a note. A :func:`compiled` pattern is compiled the first time one of its attributes is
read (``.match``, ``.search``, ``.pattern``...); from then on those attributes are the compiled
pattern's own, kept on the object, so that reading them costs what it costs on a pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _Lazy:
    """A pattern and its flags, compiled when an attribute is first read."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what is not kept yet
        if name.startswith("__"):  # (copy, pickle and the like probe for these)
            raise AttributeError(name)
        value = getattr(re.compile(*self._source), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        pattern, flags = self._source
        return f"compiled({pattern!r}, {flags!r})"


def compiled(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast(re.Pattern[str], _Lazy(pattern, int(flags)))
