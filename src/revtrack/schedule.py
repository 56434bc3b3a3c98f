"""When to look at a tracked article again: the interval grows while its page stays the same,
drops to the floor when it changes, backs off after failures, and stops after a long quiet."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from revtrack.models import Tracking


@dataclass(frozen=True)
class Schedule:
    """When to look again: ``floor`` after a change, growing by ``growth`` each time the page
    is the same, up to ``ceiling``; not due at all once unchanged for ``stop_after``."""

    floor: timedelta = timedelta(minutes=15)
    ceiling: timedelta = timedelta(days=1)
    stop_after: timedelta = timedelta(days=30)
    growth: float = 1.5

    def start(self, article: str, url: str, at: datetime, feed: str | None = None) -> Tracking:
        """The tracking of an article first stored at ``at``."""
        return Tracking(
            article=article,
            url=url,
            interval=self.floor,
            next_check=at + self.floor,
            last_checked=at,
            last_changed=at,
            feed=feed,
        )

    def after(
        self,
        tracking: Tracking,
        at: datetime,
        *,
        changed: bool,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Tracking:
        """The tracking after a check at ``at``."""
        if error is not None:
            failures = tracking.failures + 1
            wait = min(tracking.interval * 2 ** min(failures, 16), self.ceiling)
            failing_since = tracking.last_changed or tracking.last_checked or at
            return replace(
                tracking,
                last_checked=at,
                next_check=at + wait,
                failures=failures,
                last_error=error,
                stopped=at - failing_since >= self.stop_after,
            )
        interval = self.floor if changed else min(tracking.interval * self.growth, self.ceiling)
        last_changed = at if changed else tracking.last_changed
        quiet_since = last_changed or tracking.last_checked or at
        return replace(
            tracking,
            interval=interval,
            next_check=at + interval,
            last_checked=at,
            last_changed=last_changed,
            etag=etag,
            last_modified=last_modified,
            failures=0,
            last_error=None,
            stopped=not changed and at - quiet_since >= self.stop_after,
        )
