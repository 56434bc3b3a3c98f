"""Refresh shared by many workers on one PostgreSQL store: real `revtrack refresh` processes
against pages on 127.0.0.1 that change between runs; a worker killed mid-run; writers adding to
one article at once."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pgserver
import pytest
from webserver import Response, Site

from revtrack.models import Snapshot, Tracking
from revtrack.paths import DatabaseURL
from revtrack.store import Store, open_store
from revtrack.text import content_hash

ROOT = Path(__file__).resolve().parent.parent
LEDGER = (ROOT / "fixtures" / "html" / "ledger-budget.html").read_bytes()
SEEN = datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def url(postgres: pgserver.Server) -> str:
    return postgres.writer_url(schema=postgres.new_schema())


def page(number: int, revision: int) -> bytes:
    """An article page, its text its own and its revision's."""
    return LEDGER.replace(b"Tuesday", f"Tuesday (item {number}, revision {revision})".encode())


def track(url: str, site: Site, count: int) -> list[str]:
    """``count`` articles tracked by URL, each with a first version, all due; their paths."""
    paths = [f"/story-{n}" for n in range(count)]
    with open_store(DatabaseURL(url), write=True) as store:
        for n, path in enumerate(paths):
            address = site.url(path)
            store.add(
                f"story-{n}",
                Snapshot(f"A first text of story {n}.", "fetch"),
                SEEN,
                url=address,
                tracking=Tracking(f"story-{n}", address, timedelta(minutes=15), next_check=SEEN),
            )
    return paths


def workers(url: str, count: int, *args: str) -> list[subprocess.Popen[str]]:
    environment = {**os.environ, "REVTRACK_HOME": url}
    command = [sys.executable, "-m", "revtrack", "refresh", *args]
    return [
        subprocess.Popen(
            command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]


def finish(processes: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    done = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        done.append((process.returncode, out, err))
    return done


def histories(url: str) -> dict[str, list[str]]:
    """Each article's versions' hashes, in order."""
    with open_store(DatabaseURL(url), write=False) as store:
        return {a.key: [v.hash for v in store.history(a.key)] for a in store.articles()}


def make_due(url: str) -> None:
    import psycopg

    with psycopg.connect(DatabaseURL(url).secret, autocommit=True) as connection:
        connection.execute("UPDATE tracking SET next_check = now() - interval '1 minute'")


def test_four_workers_share_200_changing_pages_and_store_each_change_once(
    url: str, site: Site
) -> None:
    paths = track(url, site, 200)
    for n, path in enumerate(paths):
        site.page(path, page(n, 1), page(n, 2))
    delay = 0.02
    for run in (1, 2):
        site.times.clear()
        ran = finish(workers(url, 4, "--delay", str(delay), "-j", "4"))
        assert all(code == 0 for code, _, _ in ran), ran
        # every page fetched once in the run, by one worker or another
        assert [site.requests.get(path) for path in paths] == [run] * len(paths)
        lines = [line for _, out, _ in ran for line in out.splitlines()]
        assert len(lines) == len(paths)  # one line per new version, over all the workers
        assert sum(1 for _, out, _ in ran if out) >= 2  # the work was shared
        # one request per host per delay, across the whole fleet (as the test server saw them
        # arrive, a little late at times on a busy machine: over spans of 20 requests)
        arrived = sorted(site.times)
        assert arrived[-1] - arrived[0] >= (len(arrived) - 1) * delay
        spans = [b - a for a, b in zip(arrived, arrived[20:], strict=False)]
        assert min(spans) >= 20 * delay * 0.5
        make_due(url)
    stored = histories(url)
    for n in range(len(paths)):
        assert len(stored[f"story-{n}"]) == 3  # the first text and one version per change
        assert stored[f"story-{n}"][0] == content_hash(f"A first text of story {n}.")
        assert len(set(stored[f"story-{n}"])) == 3


def test_turns_at_a_host_are_a_delay_apart_whoever_takes_them(url: str) -> None:
    """Four stores on one database, as four hosts' refreshes, each taking turns from threads."""
    stores = [open_store(DatabaseURL(url), write=True) for _ in range(4)]
    pause = timedelta(seconds=0.5)
    start = datetime.now(UTC)
    taken: list[tuple[datetime, timedelta]] = []  # each turn, and how long taking it took
    lock = threading.Lock()

    def take(store: Store) -> None:
        for _ in range(10):
            at = datetime.now(UTC)
            turn = store.host_turn("example.org", pause, at)
            with lock:
                taken.append((turn, datetime.now(UTC) - at))
            store.host_turn("other.example", pause, datetime.now(UTC))

    threads = [threading.Thread(target=take, args=(s,)) for s in stores for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    taken.sort()
    assert len(taken) == 80
    assert taken[0][0] >= start - timedelta(seconds=1)
    # A turn is given on its caller's clock, translated from the server's by the moment of the
    # call: it is blurred by no more than the time the call took.
    for (a, took_a), (b, took_b) in itertools.pairwise(taken):
        assert b - a >= pause - took_a - took_b


#: The dead worker's lease, in seconds: long enough for another worker to start and find nothing
#: to take on a loaded machine, before it ends.
LEASE = 10


def test_a_worker_killed_mid_run_loses_its_claims_when_its_lease_ends(url: str, site: Site) -> None:
    paths = track(url, site, 10)
    dying = threading.Event()
    dying.set()
    for n, path in enumerate(paths):
        # while the first worker lives, pages are slow: it dies waiting for its first one
        site.routes[path] = lambda _k, n=n: Response(
            body=page(n, 1), delay=30.0 if dying.is_set() else 0
        )
    (killed,) = workers(url, 1, "--delay", "0", "--lease", f"{LEASE}s")
    while sum(site.requests.values()) == 0:
        time.sleep(0.05)
    claimed_at = time.monotonic()
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    dying.clear()
    # while the lease runs, another worker finds nothing to take
    assert finish(workers(url, 1, "--delay", "0")) == [(0, "", "")]
    assert all(len(h) == 1 for h in histories(url).values())
    time.sleep(max(0.0, claimed_at + LEASE + 0.5 - time.monotonic()))
    ((code, out, err),) = finish(workers(url, 1, "--delay", "0"))
    assert code == 0, err
    assert len(out.splitlines()) == len(paths)  # it took every article of the dead one
    assert all(len(h) == 2 for h in histories(url).values())


@pytest.mark.parametrize("same", [False, True])
def test_eight_processes_adding_to_one_article_lose_nothing(
    url: str, tmp_path: Path, same: bool
) -> None:
    texts = [f"The council met. Version {0 if same else n} of the story.\n" for n in range(8)]
    files = []
    for n, text in enumerate(texts):
        path = tmp_path / f"v{n}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    environment = {**os.environ, "REVTRACK_HOME": url}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "revtrack", "add", "story", str(path)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    assert all(code == 0 for code, _, _ in finish(processes))
    with open_store(DatabaseURL(url), write=False) as store:
        history = store.history("story")
    assert [v.number for v in history] == list(range(1, len(set(texts)) + 1))
    assert {v.text.strip() for v in history} == {t.strip() for t in texts}
    assert all(v.hash == content_hash(v.text) for v in history)
    times = [v.observed_at for v in history]
    assert times == sorted(times)
