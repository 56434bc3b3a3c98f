"""Regular expressions compiled on first use, not at import; modules loaded on first use.

The note detector's fixed English patterns are many; compiling them when their modules are
imported cost every command about 20 ms, even those (``show``, ``list``, ``--help``) that never
look for a note. A :func:`compiled` pattern is compiled the first time one of its attributes is
read (``.match``, ``.search``, ``.pattern``...); from then on those attributes are the compiled
pattern's own, kept on the object, so that reading them costs what it costs on a pattern.
"""

from __future__ import annotations

import gc
import re
import sys
import types
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


class _OnFirstUse(types.ModuleType):
    """A module imported when one of its attributes is first read."""

    def __getattr__(self, name: str) -> Any:
        module = sys.modules.get(self.__name__)
        if module is None or module is self:
            module = __import__(self.__name__) if module is None else _apart(self.__name__)
        return getattr(module, name)


def _apart(name: str) -> types.ModuleType:
    """The module ``name`` loaded on its own, not in :data:`sys.modules`: for a stand-in read
    while it still stands in (another thread that imported the module meanwhile)."""
    from importlib.machinery import PathFinder
    from importlib.util import module_from_spec

    spec = PathFinder.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}", name=name)
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Platform(_OnFirstUse):
    """:mod:`platform` (whose import compiles a dozen patterns), which tells CPython's name
    without being imported."""

    def python_implementation(self) -> str:
        if sys.implementation.name == "cpython":
            return "CPython"
        return str(__import__("platform").python_implementation())


def imported(name: str, *stand_ins: types.ModuleType) -> None:
    """``import name`` (a module not yet loaded) with each of ``stand_ins`` in the place of the
    module it stands for while it is imported, when that one is not loaded either: the
    stand-ins are seen by ``name``'s modules alone (any other import loads the module)."""
    if name in sys.modules:
        return
    standing = [s for s in stand_ins if s.__name__ not in sys.modules]
    for stand_in in standing:
        sys.modules[stand_in.__name__] = stand_in
    try:
        __import__(name)
    finally:
        for stand_in in standing:
            if sys.modules.get(stand_in.__name__) is stand_in:
                del sys.modules[stand_in.__name__]


def dataclasses_without_inspect() -> None:
    """Import :mod:`dataclasses` with :mod:`inspect` loaded only when it is used.

    ``dataclasses`` imports ``inspect`` (which loads ``ast``, ``dis`` and ``tokenize``: some 5
    ms of every command) for one thing, the docstring it writes for a class that has none,
    from the signature; revtrack's classes have theirs. Its name for the module is a stand-in
    that imports ``inspect`` when the signature is asked for.
    """
    if "inspect" not in sys.modules:
        imported("dataclasses", _OnFirstUse("inspect"))


def zstandard_without_platform() -> None:
    """Import :mod:`zstandard`, which imports :mod:`platform` (some 1.5 ms) to ask for the
    Python implementation's name, with a stand-in that tells it."""
    imported("zstandard", _Platform("platform"))


#: Whether the collector of reference cycles is off for the start-up (see :func:`starting`).
_starting: list[bool] = []


def starting() -> None:
    """The start of a command: the collector of reference cycles is turned off until
    :func:`started`. Loading the modules makes some 15,000 objects that live as long as the
    process, and the collector searched them all again and again as they were made (20 and
    more passes, some 5 ms of a ``log``)."""
    if gc.isenabled() and not _starting:
        gc.disable()
        _starting.append(True)


def started() -> None:
    """The end of the start-up (the modules of the command loaded): what was made until now is
    set aside for good (:func:`gc.freeze`: never searched again, as it is kept anyway) and the
    collector turned on again, for what the command makes: its youngest objects searched
    every 50,000 made rather than 700 (a long text's diff makes millions that live to its end:
    `add` of 1M words 12.1 → 11.6 s; cycles are still found, only less often)."""
    if _starting:
        _starting.clear()
        gc.freeze()
        gc.set_threshold(50_000, 20, 100)
        gc.enable()
