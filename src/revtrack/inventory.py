"""The frozen values of managing what a store tracks: what removing an article takes with it,
an article as ``list`` shows it (with its tracking state), what ``pause`` and ``resume`` did."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from revtrack.frozen import dataclass
from revtrack.models import Article, Tracking


@dataclass(frozen=True)
class Removal:
    """An article removed (or to be removed) and everything that belonged to it."""

    article: str
    url: str | None
    versions: int
    captures: int  # the raw pages kept with its versions
    tracked: bool  # it was tracked by URL (refresh checked it)
    rules: int  # its own ignore rules
    alerts: int = 0  # its own alert targets


class State(StrEnum):
    """Where an article tracked by URL stands with ``refresh``."""

    ACTIVE = "active"  # checked when it is due
    PAUSED = "paused"  # by its user: never due until resumed
    STOPPED = "stopped"  # unchanged for so long that it is no longer due (--all checks it)


@dataclass(frozen=True)
class Listed:
    """An article as ``list`` shows it: its history and, when tracked by URL, its tracking."""

    article: Article
    tracking: Tracking | None = None

    @property
    def state(self) -> State | None:
        """None for an article not tracked by URL."""
        if self.tracking is None:
            return None
        if self.tracking.paused:
            return State.PAUSED
        return State.STOPPED if self.tracking.stopped else State.ACTIVE

    def due(self, at: datetime) -> bool:
        """Whether ``refresh`` would check it at ``at``."""
        return (
            self.state is State.ACTIVE
            and self.tracking is not None
            and (self.tracking.next_check <= at)
        )

    @property
    def failing(self) -> bool:
        """Whether its last check failed."""
        return self.tracking is not None and self.tracking.last_error is not None


@dataclass(frozen=True)
class Switched:
    """An article paused or resumed: ``changed`` is false when it already was."""

    article: str
    changed: bool
