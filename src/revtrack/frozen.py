"""Frozen dataclasses whose methods are made when the class is first used, not at import.

Python 3.11 makes a dataclass's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` by compiling their source, one method at a time: for the
34 classes of :mod:`revtrack.models` that is some 200 compilations, 20 to 30 ms of every
command's start-up, though a command uses a few of the classes (``show`` a version and its
history). A class decorated with :func:`dataclass` here holds, in place of those methods and
of the attributes that make it a dataclass (``__dataclass_fields__``, ``__match_args__``...),
stand-ins that, the first time any of them is read (an instance made, ``dataclasses.fields``
asked, an attribute compared), make the class what ``dataclasses.dataclass(frozen=True)``
makes it, once and for all, and answer as it then does. Its instances, its equality, hash,
representation, fields and signature are those of the standard frozen dataclass.

The methods' sources are compiled once, not at every start: the code that each source
compiles to is kept (as Python keeps a module's) in ``__pycache__/frozen.TAG.code`` beside
this module, written when a class makes a method not kept yet, and read on the first use of
a class; the decorator runs as it does, each source executed as it would be, only compiled
before (see :func:`_compiled`). Nothing is kept where Python writes no bytecode
(``PYTHONDONTWRITEBYTECODE``, a directory that may not be written).

Type checkers see the standard decorator.
"""

from __future__ import annotations

import _thread
import atexit
import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
from collections.abc import Callable, Iterator
from types import CodeType
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

#: What ``dataclasses.dataclass(frozen=True)`` puts on a class, each a stand-in until then.
MADE = (
    "__init__",
    "__repr__",
    "__eq__",
    "__hash__",
    "__setattr__",
    "__delattr__",
    "__match_args__",
    "__dataclass_fields__",
    "__dataclass_params__",
)

_making = _thread.RLock()  # (two threads may use a class first at once; threading.RLock)


class _StandIn:
    """One of :data:`MADE` on a class not made yet: reading it makes the class."""

    def __init__(self, owner: type, name: str) -> None:
        self.owner = owner
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        make(self.owner)
        if instance is None:
            return getattr(owner or self.owner, self.name)
        return getattr(instance, self.name)


def make(cls: type) -> None:
    """Make ``cls`` the frozen dataclass it stands for, if it is not already.

    The standard decorator makes a copy of the class (its stand-ins left out), and what it
    put on the copy is put on the class in place of the stand-ins, one attribute at a time,
    ``__dataclass_fields__`` last: another thread that uses the class meanwhile finds either
    a stand-in, which waits for this to end, or what the decorator made, never the methods of
    ``object``. (The frozen ``__setattr__`` and ``__delattr__`` name the class they were made
    for: they are given the class itself instead of the copy.)
    """
    with _making:
        if not isinstance(cls.__dict__.get("__dataclass_fields__"), _StandIn):
            return
        kept = _TYPES_OWN.union(cls.__dict__.get("__slots__", ()), ("__slots__",))
        own = {
            name: value
            for name, value in cls.__dict__.items()
            if not isinstance(value, _StandIn) and name not in kept
        }
        copy = type(cls)(cls.__name__, cls.__bases__, {**own, "__qualname__": cls.__qualname__})
        with _compiled(cls):
            dataclasses.dataclass(frozen=True)(copy)
        made = {name: v for name, v in copy.__dict__.items() if name not in _TYPES_OWN}
        for name in sorted(made, key=lambda name: name == "__dataclass_fields__"):
            value = made[name]
            for cell in getattr(value, "__closure__", None) or ():
                if cell.cell_contents is copy:
                    cell.cell_contents = cls
            if cls.__dict__.get(name, _StandIn) is not value:
                setattr(cls, name, value)
        for name in [name for name in cls.__dict__ if name not in made]:
            if name not in kept:  # (a field's default_factory, taken off as on the copy)
                delattr(cls, name)


#: Where the compiled methods are kept, and what the file starts with: the Python that
#: compiled them (code objects are read back only by the same one).
CODE_FILE = os.path.join(
    os.path.dirname(__file__), "__pycache__", f"frozen.{sys.implementation.cache_tag}.code"
)
_HEADER = f"{sys.version}\0{marshal.version}\0".encode()
#: The kept code, by class (``module.qualname``): its sources and the code of each, as
#: marshalled bytes read from :data:`CODE_FILE` on the first class made; and the classes
#: whose sources were compiled anew here, written at exit.
_kept: dict[str, bytes] | None = None
_changed: dict[str, bytes] = {}


@contextlib.contextmanager
def _compiled(cls: type) -> Iterator[None]:
    """While ``cls`` is made (under ``_making``): the decorator's ``exec`` (a global of the
    module's own, in place of the built-in) runs each source's kept code, or compiles it as
    ``exec`` compiles a string (in ``<string>``, with no ``__future__`` of the caller's:
    :mod:`dataclasses` has none); the code compiled anew is kept after."""
    global _kept
    if _kept is None:
        _kept = _read()
    name = f"{cls.__module__}.{cls.__qualname__}"
    try:
        codes = marshal.loads(_kept[name])
    except (KeyError, ValueError, EOFError, TypeError):
        codes = {}
    codes = codes if isinstance(codes, dict) else {}
    used: dict[str, CodeType] = {}

    def exec_(source: object, globals_: Any = None, locals_: Any = None) -> None:
        if not isinstance(source, str):
            return builtins.exec(source, globals_, locals_)  # type: ignore[arg-type]
        code = codes.get(source)
        if not isinstance(code, CodeType):
            code = compile(source, "<string>", "exec", dont_inherit=True)
        used[source] = code
        return builtins.exec(code, globals_, locals_)

    outer = vars(dataclasses).get("exec")  # (a base class made while its subclass is)
    dataclasses.exec = exec_  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if outer is None:
            del dataclasses.exec  # type: ignore[attr-defined]
        else:
            dataclasses.exec = outer  # type: ignore[attr-defined]
    if used.keys() != codes.keys() and not sys.dont_write_bytecode:
        if not _changed:
            atexit.register(_write)
        _kept[name] = _changed[name] = marshal.dumps(used)


def _read() -> dict[str, bytes]:
    """The kept code, or none if the file is missing, damaged or another Python's."""
    try:
        with open(CODE_FILE, "rb") as file:
            data = file.read()
        kept = marshal.loads(data[len(_HEADER) :]) if data.startswith(_HEADER) else {}
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {k: v for k, v in kept.items() if isinstance(k, str) and isinstance(v, bytes)}


def _write() -> None:
    """Keep the classes compiled here with what other processes kept meanwhile, the file
    replaced whole (a reader finds the old or the new); nothing if it cannot be written."""
    kept = {**_read(), **_changed}
    _changed.clear()
    temporary = f"{CODE_FILE}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(CODE_FILE), exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(_HEADER + marshal.dumps(kept))
        os.replace(temporary, CODE_FILE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


#: What every class has of its own, not copied.
_TYPES_OWN = frozenset({"__dict__", "__weakref__"})


def _later(cls: type[T]) -> type[T]:
    if not cls.__doc__:  # (the standard decorator writes one from the signature)
        return dataclasses.dataclass(frozen=True)(cls)
    for name in MADE:
        if name not in cls.__dict__:  # (a method of the class's own is left as it is)
            setattr(cls, name, _StandIn(cls, name))
    return cls


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:

    def dataclass(*, frozen: bool) -> Callable[[type[T]], type[T]]:
        """``dataclasses.dataclass(frozen=True)``, its methods made on the class's first use."""
        if not frozen:
            raise TypeError("only frozen dataclasses are made on first use")
        return _later
