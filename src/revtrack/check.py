"""``revtrack check``: a whole store verified, as ``git fsck`` verifies a repository; and the
one error that a command ends with when it went on past damaged versions.

The store does the checking (:meth:`revtrack.store.Store.check`, step by step); this use case
gathers the steps into one :class:`~revtrack.models.CheckReport` and tells a progress bar how
far it is.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol

from revtrack.errors import StoreError
from revtrack.models import CheckReport, Problem, ProblemKind
from revtrack.paths import Location


class CheckProgress(Protocol):
    """What a check tells as it goes: how many versions it will rebuild, then each article
    checked with its versions."""

    def total(self, count: int) -> None: ...

    def checked(self, article: str, versions: int) -> None: ...


class _Silent:
    def total(self, count: int) -> None:
        pass

    def checked(self, article: str, versions: int) -> None:
        pass


def check(location: Location, progress: CheckProgress | None = None) -> CheckReport:
    """Check the store at ``location``, only read (a store that does not exist is
    :class:`~revtrack.errors.MissingStoreError`)."""
    from revtrack.store import open_store

    shown = progress or _Silent()
    started = time.monotonic()
    method, articles, versions = "", 0, 0
    problems: list[Problem] = []
    with open_store(location, write=False) as store:
        for step in store.check():
            problems += step.problems
            if step.method is not None:
                method = step.method
                shown.total(step.planned)
            if step.article is not None:
                articles, versions = articles + 1, versions + step.versions
                shown.checked(step.article, step.versions)
    return CheckReport(
        store=str(location),
        method=method,
        articles=articles,
        versions=versions,
        problems=tuple(problems),
        seconds=time.monotonic() - started,
    )


def verdict(report: CheckReport) -> str:
    """What a check found, in one line: ``store ... is damaged: ...`` or sound."""
    damaged = report.damaged_versions
    others = sum(p.version is None for p in report.problems)
    counted = f"{report.articles:,} article{'s' * (report.articles != 1)}, " + (
        f"{report.versions:,} version{'s' * (report.versions != 1)} checked"
    )
    if not report.problems:
        return f"store {report.store} is sound: {counted} ({report.method})"
    found = [f"{len(damaged):,} damaged version{'s' * (len(damaged) != 1)}"] if damaged else []
    if others:
        found.append(f"{others:,} other problem{'s' * (others != 1)}")
    return f"store {report.store} is damaged: {' and '.join(found)} ({counted})"


#: How many damaged versions one error names, at most.
NAMED = 3


def damage_error(problems: Sequence[Problem]) -> StoreError:
    """The error that a command ends with when it went on past these damaged versions (it
    printed what it could read): each version named, the first few with what is wrong."""
    first = sorted(problems, key=lambda p: p.kind is ProblemKind.CHAIN)  # the causes first
    messages = list(dict.fromkeys(p.message for p in first))
    shown = "; ".join(messages[:NAMED])
    more = len(messages) - NAMED
    if more > 0:
        shown += f"; and {more} more"
    return StoreError(f"{shown} (`revtrack check` checks the whole store)")
