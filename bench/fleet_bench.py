"""Benchmark the database side of a refresh fleet: a million tracked articles in PostgreSQL.

A PostgreSQL server is started as the tests start theirs (``tests/pgserver.py``); revtrack's
own ``open_store`` creates the tables by its migrations; then ``--articles`` articles and their
tracking rows are loaded with ``COPY`` (URLs spread over ``--hosts`` sites, a few feeds, a share
stopped, the rest due over the next 15 minutes to a day), and analysed. No page is fetched.

It reports:

- **bytes per tracked article**: the articles and tracking tables with their indexes, over the
  number of articles; and what stored texts cost on top, from a real sample added through
  ``store.add`` (``--sample-articles`` articles of two versions each, per ``--sample-words``);
- **claims**: ``--due`` articles are made due (3 % of them), then 1, 4 and 16 worker processes
  (``--workers``), each with its own store, loop ``claim(worker, at, lease, 64)`` and save
  each article's tracking as a 304 check does (``update_tracking``, which lets go of the
  claim), until nothing is due: articles claimed and released per second, the latency of a
  claim call, and the CPU the server and the workers spent per article. Each run checks that
  no article was claimed twice, that every due article was claimed and released, and that the
  articles leased to another worker were left alone. One more run takes a turn at the
  article's site (``host_turn``) before each save, as every fetch does;
- **turns**: ``host_turn`` by 1, 4 and 16 workers on a handful of sites, turns per second;
- **hosts needed** to check ``TARGET_ARTICLES`` articles every 15 minutes at the refresh rate
  measured by ``refresh_bench.py`` (from ``bench/README.md``, or ``--refresh-bench`` to run
  it), and whether the database keeps up with them: the rate the most workers reached on this
  machine, and the server's CPU (from ``/proc``) at the rate needed.

The exit status is 1 if a check fails. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from articles import make_versions  # the script's directory is on sys.path
from refresh_bench import source_state

from revtrack.models import Snapshot, Tracking
from revtrack.paths import DatabaseURL
from revtrack.schedule import Schedule
from revtrack.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
#: The fleet the figures are for: this many articles, each checked once per cycle.
TARGET_ARTICLES = 1_000_000
CYCLE = timedelta(minutes=15)
#: Articles per claim call (what ``refresh --jobs 16`` claims; ``--batch`` changes it).
BATCH = 64
LEASE = timedelta(minutes=15)
#: The refresh rates of one host (``refresh_bench.py``, ``bench/README.md``: 2 vCPU Linux VM,
#: median of 5 runs), articles per second.
README_RATES = {"304 Not Modified": 622.0, "changed": 52.0}
#: Due articles that another worker holds a lease on, in every run: never to be claimed.
HELD = 1_000
HELD_BY = "elsewhere:1:held"
#: A worker that died with claims: its leases have run out, so its articles are claimable.
GONE_BY = "gone:1:dead"
STOPPED_SHARE = 0.10
FEEDS = 20
SECTIONS = ("news", "politics", "business", "world", "sport", "culture", "opinion", "local")


# --- the server ----------------------------------------------------------------------------


@contextlib.contextmanager
def postgres(durable: bool) -> Iterator[Any]:
    """A PostgreSQL server started by the tests' helper, stopped at the end whatever happens.
    ``durable``: restarted with fsync, synchronous commits and full-page writes on (the tests
    run without them), as a production server runs."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver

    server = pgserver.start(required=True)
    try:
        if durable:
            options = (
                f"-c listen_addresses=127.0.0.1 -p {server.port} -k {server.sockets} "
                "-c max_connections=60 -c fsync=on -c synchronous_commit=on "
                "-c full_page_writes=on"
            )
            server._run(
                *("pg_ctl", "-D", str(server.data), "-l", str(server.log)),
                *("-o", options, "-w", "restart"),
            )
        yield server
    finally:
        server.stop()


def server_cpu(data: Path) -> float:
    """Seconds of CPU the server has used: the postmaster's, with its children's that have
    ended, and those of its children alive (backends, autovacuum, the writers); NaN where
    ``/proc`` cannot tell."""
    try:
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return math.nan
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # (gone since the directory was read)
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # from the state, field 3, on
        if int(entry.name) == postmaster:
            ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
        elif int(fields[1]) == postmaster:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def settings(url: str) -> str:
    import psycopg

    names = ("server_version", "fsync", "synchronous_commit", "shared_buffers")
    with psycopg.connect(url) as connection:
        values = [connection.execute(f"SHOW {name}").fetchone()[0] for name in names]
    return ", ".join(f"{name} {value}" for name, value in zip(names, values, strict=True))


# --- loading -------------------------------------------------------------------------------


@dataclass
class Loaded:
    """What was loaded: the moment the runs claim at, the ids that may be made due, and the
    articles of the busiest site."""

    at: datetime
    eligible: list[int]
    seconds: float
    busiest_site: int
    url_bytes: float


def words_for_slugs(seed: int) -> list[str]:
    (text,), _, _ = make_versions(3000, 1, seed)
    return sorted({w for w in re.findall(r"[a-z]{3,}", text.lower())})


def stamp(moment: datetime) -> str:
    return moment.isoformat(sep=" ")


def load(url: str, count: int, hosts: int, seed: int) -> Loaded:
    """``count`` articles and their tracking rows, by COPY, then VACUUM ANALYZE."""
    import psycopg

    rng = random.Random(seed)
    words = words_for_slugs(seed)
    at = datetime.now(UTC).replace(microsecond=0)
    started = time.monotonic()
    eligible: list[int] = []
    per_site: dict[int, int] = {}
    url_bytes = 0
    with psycopg.connect(url, autocommit=True) as db:
        with db.cursor() as cursor:
            with cursor.copy("COPY feeds (id, url, added_at, last_checked) FROM STDIN") as copy:
                for feed in range(1, FEEDS + 1):
                    site = f"www.news{feed:04d}.example"
                    added = stamp(at - timedelta(days=400))
                    copy.write(f"{feed}\thttps://{site}/rss/{feed}.xml\t{added}\t{stamp(at)}\n")
            with cursor.copy("COPY articles (id, key, created_at, url) FROM STDIN") as copy:
                for first in range(1, count + 1, 50_000):
                    lines = []
                    for n in range(first, min(first + 50_000, count + 1)):
                        site = rng.randrange(hosts)
                        per_site[site] = per_site.get(site, 0) + 1
                        slug = "-".join(rng.choices(words, k=rng.randint(4, 9)))[:70]
                        created = at - timedelta(seconds=rng.randrange(400 * 86400))
                        address = (
                            f"https://www.news{site:04d}.example/{rng.choice(SECTIONS)}/"
                            f"{created:%Y/%m/%d}/{slug}-{n}"
                        )
                        url_bytes += len(address)
                        lines.append(f"{n}\t{slug}-{n}\t{stamp(created)}\t{address}\n")
                    copy.write("".join(lines))
            columns = (
                "article_id, interval_seconds, next_check, last_checked, last_changed, etag, "
                "last_modified, failures, last_error, stopped, feed_id, claimed_by, claimed_until"
            )
            with cursor.copy(f"COPY tracking ({columns}) FROM STDIN") as copy:
                for first in range(1, count + 1, 50_000):
                    lines = []
                    for n in range(first, min(first + 50_000, count + 1)):
                        lines.append(tracking_line(rng, n, at, eligible))
                    copy.write("".join(lines))
        db.execute(
            "SELECT setval(pg_get_serial_sequence('articles', 'id'), %s), "
            "setval(pg_get_serial_sequence('feeds', 'id'), %s)",
            (count, FEEDS),
        )
        db.execute("VACUUM ANALYZE articles")
        db.execute("VACUUM ANALYZE tracking")
        db.execute("VACUUM ANALYZE feeds")
    return Loaded(
        at, eligible, time.monotonic() - started, max(per_site.values()), url_bytes / count
    )


def tracking_line(rng: random.Random, n: int, at: datetime, eligible: list[int]) -> str:
    """One tracking row as COPY reads it: a share stopped (and long past due), the first
    ``HELD`` due and leased to another worker, the rest due within their interval."""
    null = "\\N"
    feed = str(rng.randint(1, FEEDS)) if rng.random() < 0.5 else null
    etag = f'"{rng.getrandbits(64):016x}"' if rng.random() < 0.7 else null
    checked_at = at - timedelta(seconds=rng.randrange(86400))
    modified = f"{checked_at:%a, %d %b %Y %H:%M:%S} GMT" if rng.random() < 0.6 else null
    failures, error = 0, null
    if rng.random() < 0.02:
        failures, error = rng.randint(1, 3), f"https://www.example/{n}: 503 Service Unavailable"
    claimed_by = claimed_until = null
    if n <= HELD:
        interval, stopped = 900.0, "f"
        next_check = at - timedelta(seconds=rng.randrange(1, 900))
        claimed_by, claimed_until = HELD_BY, stamp(at + timedelta(minutes=10))
    elif rng.random() < STOPPED_SHARE:
        interval, stopped = 86400.0, "t"
        next_check = at - timedelta(days=rng.randint(1, 60))
    else:
        interval, stopped = min(900.0 * 1.5 ** rng.randint(0, 12), 86400.0), "f"
        next_check = at + timedelta(seconds=rng.uniform(1, interval))
        eligible.append(n)
    last_checked = next_check - timedelta(seconds=interval)
    changed = last_checked - timedelta(seconds=rng.randrange(30 * 86400))
    return (
        f"{n}\t{interval}\t{stamp(next_check)}\t{stamp(last_checked)}\t{stamp(changed)}\t"
        f"{etag}\t{modified}\t{failures}\t{error}\t{stopped}\t{feed}\t{claimed_by}\t"
        f"{claimed_until}\n"
    )


@dataclass
class Size:
    table: str
    heap: int
    indexes: int
    toast: int

    @property
    def total(self) -> int:
        return self.heap + self.indexes + self.toast


def sizes(url: str, tables: Sequence[str]) -> list[Size]:
    import psycopg

    with psycopg.connect(url) as db:
        found = []
        for table in tables:
            heap, indexes, total = db.execute(
                "SELECT pg_relation_size(%s), pg_indexes_size(%s), pg_total_relation_size(%s)",
                (table, table, table),
            ).fetchone()
            found.append(Size(table, heap, indexes, total - heap - indexes))
    return found


# --- the texts -----------------------------------------------------------------------------


@dataclass
class Sample:
    words: int
    articles: int
    raw: int
    versions: Size
    body: int
    add_ms: float
    server_ms: float  # the server's CPU per add

    @property
    def per_version(self) -> float:
        return self.versions.total / (2 * self.articles)


def sample_texts(server: Any, articles: int, words: int, seed: int) -> Sample:
    """``articles`` articles of two versions of ``words`` words, added by ``store.add`` with
    their URL and tracking (as refresh adds them) to a store of their own: what the versions
    cost."""
    import psycopg

    url = server.writer_url(schema=server.new_schema())
    raw, times = 0, []
    with open_store(DatabaseURL(url), write=True) as store:
        cpu = server_cpu(server.data)
        for n in range(articles):
            texts, observed, _ = make_versions(words, 2, seed * 1_000_003 + n)
            address = f"https://www.news{n % 50:04d}.example/news/sample-{n}"
            tracking = Tracking(f"sample-{n}", address, CYCLE, next_check=observed[-1] + CYCLE)
            for text, when in zip(texts, observed, strict=True):
                begun = time.perf_counter()
                store.add(
                    f"sample-{n}",
                    Snapshot(text, "fetch", title=text.split("\n", 1)[0]),
                    when,
                    url=address,
                    tracking=tracking,
                )
                times.append(time.perf_counter() - begun)
                raw += len(text.encode("utf-8"))
        cpu = server_cpu(server.data) - cpu
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM FULL ANALYZE versions")  # (without the space of rewritten bodies)
        body = int(db.execute("SELECT sum(octet_length(body)) FROM versions").fetchone()[0])
    (versions,) = sizes(url, ["versions"])
    median = statistics.median(times) * 1000
    return Sample(words, articles, raw, versions, body, median, cpu / len(times) * 1000)


# --- the workers ---------------------------------------------------------------------------


@dataclass
class Work:
    """What one worker process does: ``claim`` (claim, then save each article's tracking),
    ``claim+turn`` (a turn at its site before each save) or ``turns`` (turns alone, for
    ``seconds``)."""

    mode: str
    url: str
    name: str
    at: datetime
    batch: int = BATCH
    seconds: float = 0.0
    sites: tuple[str, ...] = ()


@dataclass
class Done:
    name: str
    started: float
    ended: float
    claimed: list[str] = field(default_factory=list)
    cpu: float = 0.0  # seconds of this process's CPU in the timed loop
    claim_seconds: list[float] = field(default_factory=list)
    turn_seconds: list[float] = field(default_factory=list)
    error: str | None = None


def worker(work: Work, ready: Any, go: Any, results: Any) -> None:
    """A worker process: its own store, opened before the start; its results put on
    ``results`` (or the error that stopped it)."""
    done = Done(work.name, 0.0, 0.0)
    try:
        with open_store(DatabaseURL(work.url), write=True) as store:
            if work.mode != "claim":  # the connection turns are taken on, opened untimed
                store.host_turn("warm-up.example", timedelta(0), work.at)
            ready.put(work.name)
            go.wait()
            done.started, cpu = time.monotonic(), time.process_time()
            if work.mode == "turns":
                take_turns(store, work, done)
            else:
                claim_all(store, work, done)
            done.ended, done.cpu = time.monotonic(), time.process_time() - cpu
    except Exception as exc:  # reported by the parent, which fails the run
        done.error = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):
            ready.put(work.name)
    results.put(done)


def claim_all(store: Store, work: Work, done: Done) -> None:
    """Claim and save until nothing is due: the loop of ``revtrack refresh`` with every page
    answered 304 at once."""
    schedule = Schedule()
    delay = timedelta(seconds=1)
    while True:
        begun = time.perf_counter()
        batch = store.claim(work.name, work.at, LEASE, work.batch)
        done.claim_seconds.append(time.perf_counter() - begun)
        if not batch:
            return
        for tracking in batch:
            done.claimed.append(tracking.article)
            if work.mode == "claim+turn":
                begun = time.perf_counter()
                store.host_turn(urlsplit(tracking.url).hostname or "", delay, work.at)
                done.turn_seconds.append(time.perf_counter() - begun)
            store.update_tracking(
                schedule.after(
                    tracking,
                    work.at,
                    changed=False,
                    etag=tracking.etag,
                    last_modified=tracking.last_modified,
                )
            )


def take_turns(store: Store, work: Work, done: Done) -> None:
    delay = timedelta(seconds=1)
    start = int(work.name.rsplit("-", 1)[-1])
    end = time.monotonic() + work.seconds
    n = 0
    while time.monotonic() < end:
        begun = time.perf_counter()
        store.host_turn(work.sites[(start + n) % len(work.sites)], delay, work.at)
        done.turn_seconds.append(time.perf_counter() - begun)
        n += 1


def run_workers(works: Sequence[Work], data: Path) -> tuple[list[Done], float]:
    """Start a process per work, let them all go at once when each has its store open, and
    gather what they did; and the seconds of CPU the server (its data in ``data``) used
    from the start until their connections were closed."""
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    processes = [
        context.Process(target=worker, args=(work, ready, go, results), daemon=True)
        for work in works
    ]
    for process in processes:
        process.start()
    try:
        for _ in works:
            ready.get(timeout=120)
        cpu = server_cpu(data)
        go.set()
        done = [results.get(timeout=1800) for _ in works]
    except BaseException:  # (Ctrl-C, a worker that never reported): stop them all now
        for process in processes:
            process.kill()
        raise
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    time.sleep(0.5)  # (for the server to see the connections end)
    return done, server_cpu(data) - cpu


# --- the runs ------------------------------------------------------------------------------


def span(done: Sequence[Done]) -> float:
    """Seconds from the first start to the last end of the workers that ran to the end."""
    ran = [d for d in done if d.error is None] or list(done)
    return max(max(d.ended for d in ran) - min(d.started for d in ran), 1e-9)


@dataclass
class ClaimRun:
    label: str
    workers: int
    due: int
    done: list[Done]
    server_cpu: float
    checks: list[tuple[str, bool]]

    @property
    def seconds(self) -> float:
        return span(self.done)

    @property
    def claimed(self) -> int:
        return sum(len(d.claimed) for d in self.done)

    @property
    def rate(self) -> float:
        return self.claimed / self.seconds

    def calls(self) -> list[float]:
        """The durations of the claim calls that claimed something (each worker's last call
        found nothing left)."""
        return [s for d in self.done for s in d.claim_seconds[:-1]]


def make_due(url: str, at: datetime, ids: Sequence[int]) -> set[str]:
    """Make ``ids`` due at ``at`` (one in a hundred with the run-out lease of a worker that
    died, and none stopped, as an earlier run may have left it); the names of the articles
    then due and free to claim, read back."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(
            "UPDATE tracking SET next_check = %s - random() * interval '15 minutes', "
            "stopped = false, "
            "claimed_by = CASE WHEN article_id %% 100 = 0 THEN %s END, "
            "claimed_until = CASE WHEN article_id %% 100 = 0 THEN %s END "
            "WHERE article_id = ANY(%s)",
            (at, GONE_BY, at - timedelta(minutes=1), list(ids)),
        )
        db.execute("VACUUM ANALYZE tracking")
        rows = db.execute(
            "SELECT a.key FROM tracking t JOIN articles a ON a.id = t.article_id "
            "WHERE NOT t.stopped AND t.next_check <= %s "
            "AND (t.claimed_until IS NULL OR t.claimed_until <= %s)",
            (at, at),
        ).fetchall()
    return {row[0] for row in rows}


def after_run(url: str, at: datetime) -> tuple[int, int, int]:
    """Articles still due and not held elsewhere, claims not let go of, and held claims."""
    import psycopg

    with psycopg.connect(url) as db:
        due, open_, held = db.execute(
            "SELECT count(*) FILTER (WHERE NOT stopped AND next_check <= %s "
            "  AND claimed_by IS DISTINCT FROM %s), "
            "count(*) FILTER (WHERE claimed_by IS NOT NULL AND claimed_by <> %s), "
            "count(*) FILTER (WHERE claimed_by = %s AND next_check <= %s) FROM tracking",
            (at, HELD_BY, HELD_BY, HELD_BY, at),
        ).fetchone()
    return int(due), int(open_), int(held)


def claim_run(
    server: Any,
    url: str,
    loaded: Loaded,
    mode: str,
    workers: int,
    due: int,
    batch: int,
    rng: random.Random,
) -> ClaimRun:
    ids = rng.sample(loaded.eligible, min(due, len(loaded.eligible)))
    expected = make_due(url, loaded.at, ids)
    works = [
        Work(mode, url, f"bench:{workers}:{mode}-{i}", loaded.at, batch) for i in range(workers)
    ]
    done, cpu = run_workers(works, server.data)
    label = f"{workers} worker{'s' if workers > 1 else ''}" + (
        ", a turn per article" if mode == "claim+turn" else ""
    )
    made = (
        f"{label}: {len(ids):,} articles made due, as many due and free to claim",
        len(expected) == len(ids),
    )
    errors = [d.error for d in done if d.error]
    claimed = [name for d in done for name in d.claimed]
    left, open_, held = after_run(url, loaded.at)
    checks = [
        made,
        (f"{label}: every worker ran to the end {errors or ''}".rstrip(), not errors),
        (f"{label}: no article claimed twice", len(claimed) == len(set(claimed))),
        (
            f"{label}: every due article claimed ({len(set(claimed) & expected):,} of "
            f"{len(expected):,}), none other",
            set(claimed) == expected,
        ),
        (
            f"{label}: every claim let go of and nothing left due ({open_} open, {left} due)",
            open_ == left == 0,
        ),
        (f"{label}: the {HELD:,} articles leased elsewhere left alone", held == HELD),
    ]
    return ClaimRun(label, workers, len(expected), done, cpu, checks)


@dataclass
class TurnRun:
    workers: int
    done: list[Done]
    server_cpu: float

    @property
    def turns(self) -> int:
        return sum(len(d.turn_seconds) for d in self.done)

    @property
    def rate(self) -> float:
        return self.turns / span(self.done)


def turn_run(
    server: Any, url: str, at: datetime, workers: int, sites: int, seconds: float
) -> TurnRun:
    names = tuple(f"www.busy{n}.example" for n in range(sites))
    works = [
        Work("turns", url, f"bench:turns:{workers}-{i}", at, seconds=seconds, sites=names)
        for i in range(workers)
    ]
    done, cpu = run_workers(works, server.data)
    return TurnRun(workers, done, cpu)


# --- the fetch rate ------------------------------------------------------------------------


def refresh_rates() -> dict[str, float]:
    """Run ``refresh_bench.py`` (about 2 minutes) and read its two rates."""
    script = Path(__file__).resolve().parent / "refresh_bench.py"
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    rates = {}
    for label in README_RATES:
        found = re.search(rf"^\s+{label}\s+([\d,.]+)", ran.stdout, re.MULTILINE)
        if found is None:
            raise RuntimeError(f"refresh_bench.py printed no rate for {label}:\n{ran.stdout}")
        rates[label] = float(found.group(1).replace(",", ""))
    return rates


# --- the report ----------------------------------------------------------------------------


def quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report_sizes(count: int, found: Sequence[Size], loaded: Loaded) -> float:
    print()
    print(f"  {'table':<18}{'heap':>10}{'indexes':>10}{'TOAST':>9}{'total':>10}{'per article':>13}")
    for size in found:
        print(
            f"  {size.table:<18}{mb(size.heap):>10}{mb(size.indexes):>10}{mb(size.toast):>9}"
            f"{mb(size.total):>10}{size.total / count:>11.0f} B"
        )
    total = sum(s.total for s in found)
    print(f"  {'tracked article':<57}{mb(total):>10}{total / count:>11.0f} B")
    print(f"  (URLs of {loaded.url_bytes:.0f} characters on average)")
    return total / count


def report_samples(samples: Sequence[Sample], per_article: float) -> None:
    print()
    print(
        f"  {'versions of':<16}{'raw/version':>12}{'bodies':>9}{'versions table':>16}"
        f"{'per version':>13}{'1M × 2 versions':>17}{'add median':>12}{'server CPU':>12}"
    )
    for s in samples:
        fleet = TARGET_ARTICLES * (2 * s.per_version + per_article)
        print(
            f"  {f'{s.words:,} words':<16}{s.raw / (2 * s.articles) / 1000:>9.1f} kB"
            f"{100 * s.body / s.raw:>8.1f}%{mb(s.versions.total):>16}"
            f"{s.per_version / 1000:>10.1f} kB{fleet / 1e9:>14.1f} GB"
            f"{s.add_ms:>9.1f} ms{s.server_ms:>9.2f} ms"
        )
    print(
        f"  (each of {samples[0].articles:,} articles: two versions, added with its URL and "
        "tracking; the newest is kept whole, the other against it)"
    )


def report_claims(runs: Sequence[ClaimRun], batch: int) -> None:
    print()
    print(
        f"  {f'claim {batch}, save each':<32}{'due':>8}{'wall s':>8}{'articles/s':>11}"
        f"{'claim median':>14}{'p95':>9}{'turn median':>13}{'CPU/article: server':>21}"
        f"{'workers':>9}"
    )
    for run in runs:
        calls = run.calls() or [0.0]
        turns = [s for d in run.done for s in d.turn_seconds]
        turn = f"{statistics.median(turns) * 1000:>10.2f} ms" if turns else f"{'-':>13}"
        client = sum(d.cpu for d in run.done)
        print(
            f"  {run.label:<32}{run.due:>8,}{run.seconds:>8.1f}{run.rate:>11,.0f}"
            f"{statistics.median(calls) * 1000:>11.1f} ms{quantile(calls, 0.95) * 1000:>6.1f} ms"
            f"{turn}{run.server_cpu / max(run.claimed, 1) * 1000:>18.2f} ms"
            f"{client / max(run.claimed, 1) * 1000:>6.2f} ms"
        )


def report_turns(runs: Sequence[TurnRun], sites: int) -> None:
    print()
    print(
        f"  {f'host_turn at {sites} sites':<32}{'turns':>8}{'turns/s':>19}{'median':>14}"
        f"{'p95':>9}{'CPU/turn: server':>34}"
    )
    for run in runs:
        latencies = [s for d in run.done for s in d.turn_seconds] or [0.0]
        label = f"{run.workers} worker{'s' if run.workers > 1 else ''}"
        print(
            f"  {label:<32}{run.turns:>8,}{run.rate:>19,.0f}"
            f"{statistics.median(latencies) * 1000:>11.2f} ms"
            f"{quantile(latencies, 0.95) * 1000:>6.2f} ms"
            f"{run.server_cpu / max(run.turns, 1) * 1000:>31.2f} ms"
        )


def report_hosts(
    rates: dict[str, float], source: str, busiest: int, count: int, sites: int
) -> None:
    print()
    print(f"  Refresh rate of one host ({source}):")
    print(f"  {'path':<34}{'articles/s':>12}{'per 15 min':>12}{'hosts for 1M':>14}")
    for label, rate in rates.items():
        per_cycle = rate * CYCLE.total_seconds()
        print(
            f"  {label:<34}{rate:>12,.1f}{per_cycle:>12,.0f}"
            f"{math.ceil(TARGET_ARTICLES / per_cycle):>14,}"
        )
    print(
        f"  Each of {sites:,} sites holds {count / sites:,.0f} of the {count:,} articles on "
        f"average, the busiest {busiest:,}; at --delay 1 a site takes at most "
        f"{CYCLE.total_seconds():,.0f} requests per 15 minutes."
    )


def report_database(
    claims: ClaimRun, turns: ClaimRun, samples: Sequence[Sample]
) -> list[tuple[str, bool]]:
    """Whether the database keeps up with the fleet: the rate measured with the most workers
    (client processes and server on this machine), and the server's CPU at that rate."""
    needed = TARGET_ARTICLES / CYCLE.total_seconds()
    cores = os.cpu_count() or 1
    print()
    print(
        f"  The database for {TARGET_ARTICLES:,} articles every 15 minutes ({needed:,.0f}/s), "
        "from the runs with the most workers:"
    )
    with_turn = turns.server_cpu / max(turns.claimed, 1)
    lines = [
        (claims.label, claims.rate, claims.server_cpu / max(claims.claimed, 1)),
        (turns.label, turns.rate, with_turn),
        *(
            (f"{turns.label}, a {s.words:,}-word version stored", math.nan, with_turn)
            for s in samples
        ),
    ]
    print(f"  {'claim, save':<58}{'articles/s':>11}{f'server cores at {needed:,.0f}/s':>25}")
    for (label, rate, cpu), extra in zip(lines, [0.0, 0.0, *samples], strict=True):
        add = extra.server_ms / 1000 if isinstance(extra, Sample) else 0.0
        shown = "-" if math.isnan(rate) else f"{rate:,.0f}"
        print(f"  {label:<58}{shown:>11}{needed * (cpu + add):>25.2f}")
    return [
        (
            f"the database keeps up with {needed:,.0f} articles/s: {claims.label} claimed "
            f"and let go of {claims.rate:,.0f}/s",
            claims.rate > needed,
        ),
        (
            f"the database server's CPU for {needed:,.0f} articles/s, each claimed, given a "
            f"turn and saved: {needed * with_turn:.2f} of this machine's {cores} cores",
            needed * with_turn < cores,
        ),
    ]


def mb(size: float) -> str:
    return f"{size / 2**20:,.1f} MB"


# --- main ----------------------------------------------------------------------------------


def counts(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=TARGET_ARTICLES, help="tracked (1M)")
    parser.add_argument("--hosts", type=int, default=5000, help="sites the URLs are on (5000)")
    parser.add_argument("--due", type=int, help="due in each claim run (3%% of --articles)")
    parser.add_argument(
        "--workers", type=counts, default=[1, 4, 16], help="processes of each claim run (1,4,16)"
    )
    parser.add_argument("--batch", type=int, default=BATCH, help=f"articles a claim ({BATCH})")
    parser.add_argument("--turn-sites", type=int, default=8, help="sites turns are taken at (8)")
    parser.add_argument("--turn-seconds", type=float, default=5.0, help="per turn run (5)")
    parser.add_argument(
        "--sample-articles", type=int, default=1000, help="of two versions, for the texts (1000)"
    )
    parser.add_argument(
        "--sample-words", type=counts, default=[1000, 10000], help="their words (1000,10000)"
    )
    parser.add_argument(
        "--refresh-bench", action="store_true", help="run refresh_bench.py for the fetch rates"
    )
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="keep the tests' server settings (fsync and synchronous commits off)",
    )
    parser.add_argument("--seed", type=int, default=1, help="(1)")
    args = parser.parse_args()
    args.due = args.due or args.articles * 3 // 100
    if min(args.articles, args.hosts, args.due, args.batch, args.turn_sites) < 1:
        parser.error("--articles, --hosts, --due, --batch and --turn-sites must be at least 1")
    if args.articles <= 2 * HELD:
        parser.error(f"--articles must be more than {2 * HELD}")
    if not args.workers or max(args.workers) > 24:
        parser.error("--workers: 1 to 24 workers a run (each holds two connections)")

    state = source_state()
    rates, source = dict(README_RATES), "bench/README.md, refresh_bench.py, 2 vCPU"
    if args.refresh_bench:
        rates, source = refresh_rates(), "refresh_bench.py, run now on this machine"
    rng = random.Random(args.seed)
    began = time.monotonic()
    with postgres(durable=not args.no_fsync) as server:
        url = server.writer_url(schema=server.new_schema())
        open_store(DatabaseURL(url), write=True).close()  # revtrack's migrations
        intro = (
            f"revtrack fleet benchmark ({state}): {args.articles:,} tracked articles on "
            f"{args.hosts:,} sites in PostgreSQL ({settings(url)}); {os.cpu_count()} CPUs, "
            f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}, "
            f"seed {args.seed}."
        )
        print(textwrap.fill(intro, 100))
        loaded = load(url, args.articles, args.hosts, args.seed)
        print(f"Loaded with COPY, vacuumed and analysed in {loaded.seconds:.1f} s.")
        per_article = report_sizes(args.articles, sizes(url, ["articles", "tracking"]), loaded)
        runs = []
        for workers in args.workers:
            runs.append(claim_run(server, url, loaded, "claim", workers, args.due, args.batch, rng))
        most = max(args.workers)
        runs.append(claim_run(server, url, loaded, "claim+turn", most, args.due, args.batch, rng))
        report_claims(runs, args.batch)
        turns = [
            turn_run(server, url, loaded.at, workers, args.turn_sites, args.turn_seconds)
            for workers in args.workers
        ]
        report_turns(turns, args.turn_sites)
        samples = [
            sample_texts(server, args.sample_articles, words, args.seed)
            for words in args.sample_words
            if args.sample_articles > 0
        ]
        if samples:
            report_samples(samples, per_article)
    report_hosts(rates, source, loaded.busiest_site, args.articles, args.hosts)
    checks = [check for run in runs for check in run.checks]
    checks += report_database(runs[args.workers.index(most)], runs[-1], samples)
    ended = source_state()
    checks.append((f"revtrack unchanged during the run (now {ended})", ended == state))
    print()
    print(
        f"Ran in {time.monotonic() - began:.0f} s; load average at the end "
        f"{os.getloadavg()[0]:.2f}."
    )
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
