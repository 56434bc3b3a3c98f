"""The Store's removal, renaming, pausing and resuming of articles, on both backends, through
its API (the commands are tested in test_manage.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from revtrack.errors import InputError, NotFoundError, UsageError
from revtrack.inventory import Removal, Switched
from revtrack.models import Snapshot, Tracking
from revtrack.paths import Location
from revtrack.store import open_store

T0 = datetime(2025, 1, 2, 9, tzinfo=UTC)
URL = "https://example.org/news/port-talks"


def fill(location: Location) -> None:
    """``talks`` tracked by URL (two versions), ``notes`` from a file (one)."""
    with open_store(location, write=True) as store:
        state = Tracking("talks", URL, timedelta(minutes=15), next_check=T0)
        store.add("talks", Snapshot("Talks began.\n", "url"), T0, url=URL, tracking=state)
        store.add("talks", Snapshot("Talks ended.\n", "url"), T0 + timedelta(hours=1), url=URL)
        store.add("notes", Snapshot("A note on the talks.\n", "file"), T0)


def test_remove_tells_what_it_removes_and_removes_all_or_none(location: Location) -> None:
    fill(location)
    with open_store(location, write=True) as store:
        talks = Removal("talks", URL, versions=2, captures=0, tracked=True, rules=0)
        assert store.removal(["talks", "talks"]) == [talks]
        with pytest.raises(NotFoundError):
            store.remove(["talks", "nowhere"])
        assert [a.key for a in store.articles()] == ["notes", "talks"]
        assert store.remove(["talks"]) == [talks]
        assert [a.key for a in store.articles()] == ["notes"] and store.tracked() == []
        assert not [step for step in store.check() if step.problems]


def test_rename_keeps_everything_and_refuses_a_taken_name(location: Location) -> None:
    fill(location)
    with open_store(location, write=True) as store:
        with pytest.raises(InputError):
            store.rename("talks", "notes")
        with pytest.raises(NotFoundError):
            store.rename("nowhere", "x")
        store.rename("talks", "port")
        assert [v.text for v in store.history("port")] == ["Talks began.\n", "Talks ended.\n"]
        assert store.find_url(URL) == "port" and store.tracked()[0].article == "port"
        assert not [step for step in store.check() if step.problems]


def test_a_paused_article_is_claimed_by_no_refresh_until_resumed(location: Location) -> None:
    fill(location)
    later = T0 + timedelta(days=1)
    with open_store(location, write=True) as store:
        with pytest.raises(UsageError):
            store.pause(["talks", "notes"], T0)  # notes has no tracking: nothing is paused
        assert not store.tracked()[0].paused
        assert store.pause(["talks"], T0) == [Switched("talks", True)]
        assert store.pause(None, T0) == [Switched("talks", False)]
        assert store.tracked()[0].paused
        assert store.claim("worker", later, timedelta(minutes=5), 10) == []
        # a check saved meanwhile, by a refresh that read the state before the pause, does
        # not end it
        store.update_tracking(replace(store.tracked()[0], paused=False))
        assert store.tracked()[0].paused
        assert store.resume(["talks"], later) == [Switched("talks", True)]
        (state,) = store.tracked()
        assert (state.paused, state.next_check) == (False, later)
        assert [t.article for t in store.claim("worker", later, timedelta(minutes=5), 10)] == [
            "talks"
        ]
