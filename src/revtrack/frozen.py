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

Type checkers see the standard decorator.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
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

_making = threading.RLock()  # (two threads may use a class first at once)


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
        own = {
            name: value
            for name, value in cls.__dict__.items()
            if not isinstance(value, _StandIn) and name not in _TYPES_OWN
        }
        copy = type(cls)(cls.__name__, cls.__bases__, {**own, "__qualname__": cls.__qualname__})
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
            if name not in _TYPES_OWN:  # (a field's default_factory, taken off as on the copy)
                delattr(cls, name)


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
