"""A fault campaign: processes killed at any moment, concurrent writers, and a hostile network.
Every command is a real ``python -m revtrack`` process on a store in a temporary directory,
and every page comes from a server of this script's on 127.0.0.1.

- **Kills**: ``revtrack add`` and ``revtrack refresh`` (half each) killed with ``SIGKILL`` at
  a random moment: after a delay drawn over the whole of a normal run (measured first), up to
  its end, or, for a third of them, the moment the store's write-ahead log starts to grow (the
  commit). After each kill, ``revtrack check`` must exit 0 and the history must hold the
  versions it held before, and the new one at most once: ``log --json`` of an ``add``'s
  article shows the version before or the version after, and the same ``add`` run again then
  stores it exactly once; a ``refresh`` run again to its end (never kept out by the lock the
  killed one held) leaves each article with every version of its page served, once each. One
  ``add`` in ten goes to a new store, killed while it is being created.
- **Writers**: 8 writers of 100 ``add`` each, at once, on one store (SQLite, then
  PostgreSQL when ``tests/pgserver.py`` can start a server): an article shared by all, one per
  pair of writers and one each; distinct texts and texts every writer adds; with ``--at`` (in
  order, or too early: refused with status 3) or without. Afterwards every version stored is
  the one a writer was told was stored (its number and hash), none is missing or stored
  twice, no text follows itself, the numbers run from 1 without a gap, and ``check`` exits 0.
  A busy store (status 5, one line, "busy") is counted apart.
- **Network**: each fault, for ``add URL`` on a new store and for ``refresh`` of an article
  added before the fault: a connection reset mid-body or closed before the headers, garbage
  instead of HTTP, a body that drips in (cut by ``--timeout``: the fetch, as the server sees
  it, within the time-out and 0.5 s), endless redirects, a redirect to ``ftp:``, a
  Content-Length longer than the body, a gzip body cut short, a body over ``--max-size``, a
  page in UTF-8 that says it is ISO-8859-2 (read as UTF-8, with a warning), a login page sent
  with status 200, a 500 then the page (a retry), a host name in ``.invalid`` and a port
  where nothing listens. Each ends with its documented status and a one-line error within its
  time bound, and stores nothing when it fails.

Failures counted: internal errors (status 70, or a traceback on stderr), hangs (a command
that does not end within its bound), lost versions, versions stored twice, ``check``
failures and wrong exit statuses (and errors that are not one line). A part passes when
every count is 0.

    python bench/faults_bench.py                 # all three parts (about 25 minutes)
    python bench/faults_bench.py --quick         # a few of each, for a first look
    python bench/faults_bench.py --parts 3 --fault-runs 3 --seed 7

Prints a row for each part (and for each network fault) and exits with 1 if any part fails.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import itertools
import json
import os
import random
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from articles import make_versions  # noqa: E402

#: A command that runs longer than this has hung.
HANG_SECONDS = 90.0
#: The bound of a fetch that fails at once (a refused connection, garbage, ...), start-up
#: included, on a busy machine.
QUICK_FAULT_SECONDS = 10.0
#: How much longer than ``--timeout`` a dripping body may take: as the server sees it, and as
#: the whole process does (start-up included).
FETCH_MARGIN = 0.5
PROCESS_MARGIN = 4.0


# --- running revtrack ----------------------------------------------------------------------


@dataclass
class Ran:
    args: tuple[str, ...]
    code: int | None  # None: it hung and was killed
    stdout: str
    stderr: str
    seconds: float

    @property
    def internal(self) -> bool:
        return self.code == 70 or "Traceback" in self.stderr

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def __str__(self) -> str:
        tail = self.stderr.strip().splitlines()[-3:]
        return f"revtrack {' '.join(self.args)} -> {self.code} ({self.seconds:.2f} s): {tail}"


def environment(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REVTRACK_", "PG"))}
    env.update(
        REVTRACK_HOME=home,
        REVTRACK_NOTES=str(ROOT / "tests" / "no-such-notes.toml"),
        NO_COLOR="1",
        TZ="UTC",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "revtrack", *args]


def revtrack(home: str, *args: str, input: str | None = None, timeout: float = HANG_SECONDS) -> Ran:
    start = time.monotonic()
    try:
        done = subprocess.run(
            command(*args),
            input=input,
            capture_output=True,
            text=True,
            env=environment(home),
            timeout=timeout,
            stdin=None if input is not None else subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return Ran(tuple(args), None, out, err, time.monotonic() - start)
    return Ran(tuple(args), done.returncode, done.stdout, done.stderr, time.monotonic() - start)


@dataclass
class Tally:
    """The failures of one part, and a few examples of each for the report."""

    runs: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    busy: int = 0
    moments: Counter[str] = field(default_factory=Counter)  # where the kills landed
    lock: threading.RLock = field(default_factory=threading.RLock)

    KINDS = ("internal", "hang", "lost", "duplicated", "check", "status")

    def fail(self, kind: str, detail: object) -> None:
        assert kind in self.KINDS, kind
        with self.lock:
            self.counts[kind] += 1
            if len(self.examples) < 12:
                self.examples.append(f"{kind}: {detail}")

    def ran(self, ran: Ran) -> Ran:
        """Count a hang or an internal error of any command the part ran."""
        if ran.code is None:
            self.fail("hang", ran)
        elif ran.internal:
            self.fail("internal", ran)
        return ran

    def merge(self, other: Tally) -> None:
        self.runs += other.runs
        self.counts.update(other.counts)
        self.busy += other.busy
        self.examples += other.examples[: max(0, 12 - len(self.examples))]

    @property
    def passed(self) -> bool:
        return not any(self.counts.values())


def one_error(ran: Ran, status: int, tally: Tally) -> bool:
    """An error as documented: the status, and one line, ``Error: ...``."""
    lines = ran.error_lines()
    if ran.code != status or len(lines) != 1 or not lines[0].startswith("Error: "):
        if ran.code is not None and not ran.internal:
            tally.fail("status", f"expected {status} and one line: {ran}")
        return False
    return True


def history(home: str, article: str, tally: Tally) -> list[dict[str, Any]] | None:
    """The versions of ``article`` from ``log --json``; [] when it does not exist (status 4)."""
    ran = tally.ran(revtrack(home, "log", article, "--json"))
    if ran.code == 4:
        return []
    if ran.code != 0:
        if ran.code is not None and not ran.internal:
            tally.fail("status", f"log: {ran}")
        return None
    versions: list[dict[str, Any]] = json.loads(ran.stdout)["versions"]
    return versions


def hashes(versions: Sequence[dict[str, Any]]) -> list[str]:
    return [v["hash"] for v in versions]


def check(home: str, tally: Tally, *, exists: bool = True) -> None:
    ran = tally.ran(revtrack(home, "check", "-q"))
    if exists and ran.code != 0:
        tally.fail("check", ran)
    elif not exists and (ran.code != 5 or "does not exist" not in ran.stderr):
        tally.fail("check", f"no store yet, expected 'does not exist': {ran}")


def numbering(versions: Sequence[dict[str, Any]], tally: Tally, what: str) -> None:
    numbers = [v["number"] for v in versions]
    if numbers != list(range(1, len(numbers) + 1)):
        tally.fail("lost", f"{what}: numbers {numbers[:20]}... do not run from 1 without a gap")
    for before, after in itertools.pairwise(versions):
        if before["hash"] == after["hash"]:
            tally.fail("duplicated", f"{what}@{after['number']}: the same text as the one before")


# --- a server that misbehaves on demand ------------------------------------------------------

Handler = Callable[[socket.socket, dict[str, str]], bool]  # True: keep the connection open


def respond(
    conn: socket.socket,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    length: int | None = None,
) -> bool:
    reasons = {200: "OK", 302: "Found", 304: "Not Modified", 404: "Not Found", 500: "Oops"}
    head = f"HTTP/1.1 {status} {reasons.get(status, 'Status')}\r\n"
    for name, value in (headers or {}).items():
        head += f"{name}: {value}\r\n"
    head += f"Content-Length: {len(body) if length is None else length}\r\n\r\n"
    conn.sendall(head.encode("latin-1") + body)
    return True


class Page:
    """A page with an ETag, answered with 304 when the client has it."""

    def __init__(self, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.body, self.content_type = body, content_type
        self.tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'

    def __call__(self, conn: socket.socket, headers: dict[str, str]) -> bool:
        if headers.get("if-none-match") == self.tag:
            return respond(conn, 304, headers={"ETag": self.tag})
        return respond(conn, 200, self.body, {"Content-Type": self.content_type, "ETag": self.tag})


class Server:
    """HTTP/1.1 on 127.0.0.1, each path answered by its handler (which may break the rules)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError, ValueError):
            conn.settimeout(60)
            buffer = b""
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                with self.lock:
                    self.hits[path] += 1
                route = self.routes.get(path)
                if route is None:
                    respond(conn, 404, b"not found", {"Content-Type": "text/plain"})
                elif not route(conn, headers):
                    return


def web_page(title: str, text: str, *, charset: str | None = "utf-8") -> str:
    paragraphs = "".join(
        f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n")[1:] if p.strip()
    )
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        f"<h1>{html.escape(title)}</h1>{paragraphs}</article>"
        "<footer>Copyright the Ledger</footer></body></html>"
    )


# --- part 1: kill -9 -----------------------------------------------------------------------


def store_file(home: str) -> Path:
    return Path(home) / "revtrack.db"


def ended_alone(tally: Tally, command: str, ended: int | None, stderr: str) -> None:
    """A command that ended before it was killed must have ended well."""
    if ended is not None and (ended != 0 or "Traceback" in stderr):
        tally.fail(
            "internal" if ended == 70 or "Traceback" in stderr else "status",
            f"{command} ended by itself with {ended}: {stderr.strip()[-300:]}",
        )


def killed(
    home: str, args: Sequence[str], delay: float | None, rng: random.Random, moments: Counter[str]
) -> tuple[int | None, str]:
    """Run revtrack and kill it with SIGKILL after ``delay`` seconds, or (``None``) up to 4 ms
    after pages first go into the store's write-ahead log (a commit under way). Its status if
    it ended first (else None), and its stderr."""
    wal = Path(str(store_file(home)) + "-wal")

    def stamp() -> tuple[int, int] | None:
        try:
            found = wal.stat()
        except OSError:
            return None
        return (found.st_size, found.st_mtime_ns)

    before = stamp()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            command(*args),
            env=environment(home),
            stdout=subprocess.DEVNULL,
            stderr=err,
            stdin=subprocess.DEVNULL,
        )
        start = time.monotonic()
        if delay is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(delay)
        else:
            while process.poll() is None and time.monotonic() - start < HANG_SECONDS:
                now = stamp()  # (a reader makes the log empty: pages go in at a commit)
                if now is not None and now[0] > 0 and now != before:
                    time.sleep(rng.uniform(0, 0.004))
                    break
                time.sleep(0.0005)
        ended = process.poll()
        if ended is None:
            process.send_signal(signal.SIGKILL)
            moments["killed at the commit" if delay is None else "killed"] += 1
        else:
            moments["ended before the kill"] += 1
        process.wait()
        err.seek(0)
        return ended, err.read().decode(errors="replace")


def normal_duration(runs: Callable[[], Ran], times: int = 3) -> float:
    return statistics.median(runs().seconds for _ in range(times))


def kill_adds(count: int, rng: random.Random, seed: int, work: Path) -> Tally:
    tally = Tally()
    texts, _, _ = make_versions(3000, count + 2, seed)
    files = []
    for n, text in enumerate(texts):
        path = work / f"story-{n}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    home = str(work / "adds")
    tally.ran(revtrack(home, "add", "story", files[0]))
    probe = str(work / "probe")
    tally.ran(revtrack(probe, "add", "story", files[0]))
    versions = iter(files[1:])
    duration = normal_duration(lambda: revtrack(probe, "add", "story", next(versions)))
    print(f"  a normal add takes {duration:.2f} s; kills land in 0-{1.15 * duration:.2f} s")
    known = history(home, "story", tally)  # the history as the last trial left it
    for trial in range(count):
        tally.runs += 1
        fresh = trial % 10 == 9
        where = str(work / f"fresh-{trial}") if fresh else home
        before = [] if fresh else known if known is not None else history(where, "story", tally)
        if before is None:
            continue
        source = files[0] if fresh else files[len(before)]
        args = ["add", "story", source]
        delay = None if rng.random() < 1 / 3 else rng.uniform(0, 1.15 * duration)
        ended, stderr = killed(where, args, delay, rng, tally.moments)
        ended_alone(tally, "add", ended, stderr)
        check(where, tally, exists=store_file(where).exists())
        after = history(where, "story", tally) if store_file(where).exists() else []
        again = tally.ran(revtrack(where, "add", "story", source, "--json"))
        final = history(where, "story", tally)
        if not fresh:
            known = final
        if after is None or final is None or again.code != 0:
            if again.code not in (0, None) and not again.internal:
                tally.fail("status", f"add again: {again}")
            continue
        status = json.loads(again.stdout)["status"]
        new = json.loads(again.stdout)["version"]["hash"]
        if hashes(final) != [*hashes(before), new]:
            kind = "lost" if hashes(final)[: len(before)] != hashes(before) else "duplicated"
            tally.fail(kind, f"trial {trial}: {len(before)} versions, then {len(final)}")
        elif hashes(after) not in (hashes(before), hashes(final)):
            tally.fail("lost", f"trial {trial}: after the kill, {len(after)} versions")
        elif status != ("added" if hashes(after) == hashes(before) else "unchanged"):
            tally.fail("duplicated", f"trial {trial}: the add again said {status}")
        numbering(final, tally, "story")
    print(f"  add: {dict(tally.moments)}")
    return tally


REFRESH_PAGES = 4


def kill_refreshes(count: int, rng: random.Random, seed: int, work: Path) -> Tally:
    tally = Tally()
    server = Server()
    home = str(work / "refresh")
    names = [f"page{i}" for i in range(1, REFRESH_PAGES + 1)]
    texts = {n: make_versions(600, count + 8, seed + i)[0] for i, n in enumerate(names)}
    served = {n: [0] for n in names}  # the revisions of each page served, in order

    def serve(name: str) -> None:
        rev = served[name][-1]
        body = web_page(f"{name} revision {rev}", texts[name][rev]).encode()
        server.routes[f"/news/{name}"] = Page(body)

    refresh = ["refresh", "--all", "--delay", "0", "--jobs", "4", "--retries", "0"]
    try:
        for name in names:
            serve(name)
            tally.ran(revtrack(home, "add", server.url(f"/news/{name}"), "--name", name))

        def change_all() -> Ran:
            for name in names:
                served[name].append(served[name][-1] + 1)
                serve(name)
            return tally.ran(revtrack(home, *refresh))

        duration = normal_duration(change_all)
        print(f"  a normal refresh takes {duration:.2f} s; kills land in 0-{1.15 * duration:.2f} s")
        for _ in range(count):
            tally.runs += 1
            changing = rng.sample(names, rng.randint(1, len(names)))
            for name in changing:
                served[name].append(served[name][-1] + 1)
                serve(name)
            delay = None if rng.random() < 1 / 3 else rng.uniform(0, 1.15 * duration)
            ended, stderr = killed(home, refresh, delay, rng, tally.moments)
            ended_alone(tally, "refresh", ended, stderr)
            if ended is None and Path(str(store_file(home)) + ".refresh-lock").exists():
                tally.moments["lock file left"] += 1
            check(home, tally)
            again = tally.ran(revtrack(home, *refresh))  # no --wait: the lock is not held
            if again.code not in (0, None) and not again.internal:
                tally.fail("status", f"refresh after the kill: {again}")
            with ThreadPoolExecutor(len(names)) as pool:
                logs = list(pool.map(lambda name: history(home, name, tally), names))
            for name, versions in zip(names, logs, strict=True):
                if versions is None:
                    continue
                seen = [int(str(v["title"]).rsplit(" ", 1)[-1]) for v in versions]
                if seen != served[name]:
                    counts = Counter(seen)
                    if any(c > 1 for c in counts.values()):
                        tally.fail("duplicated", f"{name}: {seen[-6:]} for {served[name][-6:]}")
                    else:
                        tally.fail("lost", f"{name}: {seen[-6:]} for {served[name][-6:]}")
                numbering(versions, tally, name)
        print(f"  refresh: {dict(tally.moments)}")
    finally:
        server.close()
    return tally


# --- part 2: concurrent writers ------------------------------------------------------------


@dataclass(frozen=True)
class Told:
    writer: int
    article: str
    status: str  # added, unchanged, refused
    number: int | None
    hash: str | None
    unique: bool  # a text no other add sends


COMMON = [
    " ".join(["Common text number", str(k), "that every writer adds now and then."] * 6)
    for k in range(3)
]


def writer_text(rng: random.Random, writer: int, n: int) -> tuple[str, bool]:
    if rng.random() < 0.3:
        return rng.choice(COMMON), False
    words = " ".join(
        rng.choice(["port", "talks", "harbor", "union", "vote", "deal"]) for _ in range(40)
    )
    return f"Writer {writer} add {n} says: {words}.", True


def one_writer(
    home: str, writer: int, adds: int, writers: int, seed: int, tally: Tally, told: list[Told]
) -> None:
    rng = random.Random(seed * 1000 + writer)
    for n in range(adds):
        roll = rng.random()
        article = (
            "shared" if roll < 0.4 else f"pair-{writer // 2}" if roll < 0.7 else f"own-{writer}"
        )
        text, unique = writer_text(rng, writer, n)
        args = ["add", article, "-", "--json"]
        too_early = False
        if article.startswith("own-") and writer % 2 == 0:
            args += [
                "--at",
                f"2024-0{1 + writer // 4}-{1 + n // 24:02d}T{n % 24:02d}:{writer:02d}:00Z",
            ]
        elif article == "shared" and rng.random() < 0.05:
            args += ["--at", f"2001-01-01T00:{n % 60:02d}:00Z"]
            too_early = True
        ran = tally.ran(revtrack(home, *args, input=text))
        with tally.lock:
            tally.runs += 1
            if ran.code == 0:
                out = json.loads(ran.stdout)
                version = out["version"]
                told.append(
                    Told(writer, article, out["status"], version["number"], version["hash"], unique)
                )
            elif ran.code == 3 and too_early and len(ran.error_lines()) == 1:
                told.append(Told(writer, article, "refused", None, None, unique))
            elif ran.code == 5 and len(ran.error_lines()) == 1 and "busy" in ran.stderr:
                tally.busy += 1
            elif ran.code is not None and not ran.internal:
                tally.fail("status", ran)


def writers(home: str, count: int, adds: int, seed: int) -> Tally:
    tally = Tally()
    told: list[Told] = []
    threads = [
        threading.Thread(target=one_writer, args=(home, w, adds, count, seed, tally, told))
        for w in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(home, tally)
    articles = sorted({t.article for t in told})
    for article in articles:
        versions = history(home, article, tally)
        if versions is None:
            continue
        numbering(versions, tally, article)
        by_number = {v["number"]: v["hash"] for v in versions}
        claims = Counter(t.number for t in told if t.article == article and t.status == "added")
        for t in told:
            if t.article != article or t.status == "refused":
                continue
            if by_number.get(t.number) != t.hash:
                tally.fail("lost", f"{article}@{t.number}: told {t.status}, not in the history")
        for number in by_number:
            if claims[number] != 1:
                tally.fail("duplicated", f"{article}@{number}: claimed by {claims[number]} adds")
        unique = Counter(t.hash for t in told if t.article == article and t.unique and t.hash)
        stored = Counter(by_number.values())
        for digest in unique:
            if stored[digest] != 1:
                tally.fail(
                    "duplicated", f"{article}: a distinct text stored {stored[digest]} times"
                )
    refused = sum(t.status == "refused" for t in told)
    unchanged = sum(t.status == "unchanged" for t in told)
    added = sum(t.status == "added" for t in told)
    print(
        f"  {added} added, {unchanged} unchanged, {refused} refused (--at too early), "
        f"{tally.busy} busy, on {len(articles)} articles"
    )
    return tally


@contextlib.contextmanager
def postgres_store() -> Iterator[str | None]:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import pgserver
    except ImportError:
        yield None
        return
    try:
        server = pgserver.start(required=False)
    except Exception as exc:  # (no binaries, or the server would not start)
        print(f"  PostgreSQL: not run ({str(exc).splitlines()[0]})")
        yield None
        return
    try:
        yield server.writer_url(schema=server.new_schema())
    finally:
        server.stop()


# --- part 3: the network -------------------------------------------------------------------


def reset_mid_body(body: bytes) -> Handler:
    def handle(conn: socket.socket, _headers: dict[str, str]) -> bool:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
        conn.sendall(head.encode() + body[: len(body) // 2])
        time.sleep(0.05)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return False  # closed: with SO_LINGER 0, a reset

    return handle


def closed_before_headers(_conn: socket.socket, _headers: dict[str, str]) -> bool:
    return False


def garbage(conn: socket.socket, _headers: dict[str, str]) -> bool:
    conn.sendall(b"\x00\xff\xfe SSH-2.0-OpenSSH garbage \x07\r\n\r\n" + bytes(range(256)) * 8)
    return False


def dripping(spans: list[float]) -> Handler:
    def handle(conn: socket.socket, _headers: dict[str, str]) -> bool:
        start = time.monotonic()
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: 1000000\r\n\r\n<html><body><p>"
        )
        try:
            while time.monotonic() - start < 120:
                time.sleep(0.05)
                conn.sendall(b"w")
        except OSError:
            pass
        spans.append(time.monotonic() - start)
        return False

    return handle


def redirect(location: str) -> Handler:
    def handle(conn: socket.socket, _headers: dict[str, str]) -> bool:
        return respond(conn, 302, headers={"Location": location})

    return handle


def short_body(body: bytes) -> Handler:
    def handle(conn: socket.socket, _headers: dict[str, str]) -> bool:
        respond(conn, 200, body, {"Content-Type": "text/html"}, length=len(body) + 5000)
        return False

    return handle


def gzip_cut(body: bytes) -> Handler:
    whole = gzip.compress(body)
    cut = whole[: len(whole) // 2]
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    return lambda conn, _h: respond(conn, 200, cut, headers)


def too_big(conn: socket.socket, _headers: dict[str, str]) -> bool:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"<p>" + b"word " * 2000 + b"</p>"
    with contextlib.suppress(OSError):
        for _ in range(100):  # 1 MB, no length announced
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.sendall(b"0\r\n\r\n")
    return False


def flaky(body: bytes) -> Handler:
    seen = [0]

    def handle(conn: socket.socket, headers: dict[str, str]) -> bool:
        seen[0] += 1
        if seen[0] % 2:
            return respond(conn, 500, b"busy", {"Content-Type": "text/plain"})
        return Page(body)(conn, headers)

    return handle


def no_location(body: bytes) -> Handler:
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return lambda conn, _h: respond(conn, 302, body, headers)


class OddValidators:
    """A page whose ETag and Last-Modified hold bytes from 0x80 up (as RFC 9110 allows an
    entity tag to), answered with 304 when they come back as they were sent."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.tag = '"r\xe9v-' + hashlib.sha256(body).hexdigest()[:8] + '\xff"'
        self.not_modified = 0

    def __call__(self, conn: socket.socket, headers: dict[str, str]) -> bool:
        validators = {"ETag": self.tag, "Last-Modified": "Mi, 18 Ao\xfbt 2021 12:00:00 GMT"}
        if headers.get("if-none-match") == self.tag:
            self.not_modified += 1
            return respond(conn, 304, headers=validators)
        return respond(conn, 200, self.body, {"Content-Type": "text/html", **validators})


LOGIN = web_page(
    "Sign in", "Sign in\n\nSign in to continue reading. Subscribe to continue reading."
).encode()


@dataclass
class Fault:
    name: str
    route: Callable[[bytes, list[float]], Handler | None]  # None: a URL of its own
    status: int  # 0: the page is stored (with a warning for the charset)
    timeout: float = 5.0
    retries: int = 0
    url: Callable[[Server, str], str] | None = None
    drip: bool = False
    tracked: bool = False  # for refresh, the article is first added from the fault's route


def nothing_listens() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


FAULTS = [
    Fault("reset mid-body", lambda b, _s: reset_mid_body(b), 6),
    Fault("closed before headers", lambda _b, _s: closed_before_headers, 6),
    Fault("garbage, not HTTP", lambda _b, _s: garbage, 6),
    Fault("body drips (--timeout 2)", lambda _b, s: dripping(s), 6, timeout=2.0, drip=True),
    Fault("endless redirects", lambda _b, _s: None, 6),  # (set up with its path)
    Fault("redirect to ftp:", lambda _b, _s: redirect("ftp://127.0.0.1/pub/story.html"), 6),
    Fault("Content-Length > body", lambda b, _s: short_body(b), 6),
    Fault("gzip body cut short", lambda b, _s: gzip_cut(b), 6),
    Fault("body > --max-size 200kB", lambda _b, _s: too_big, 6),
    Fault("302 with no Location", lambda b, _s: no_location(b), 6),
    Fault("ETag, Last-Modified not ASCII", lambda b, _s: OddValidators(b), 0, tracked=True),
    Fault("UTF-8 said ISO-8859-2", lambda b, _s: Page(b, "text/html; charset=iso-8859-2"), 0),
    Fault("login page, status 200", lambda _b, _s: Page(LOGIN), 6),
    Fault("500, then the page", lambda b, _s: flaky(b), 0, retries=2),
    Fault(
        "host in .invalid",
        lambda _b, _s: None,
        6,
        url=lambda _server, path: f"http://revtrack-faults.invalid{path}",
    ),
    Fault(
        "nothing listens",
        lambda _b, _s: None,
        6,
        url=lambda _server, path: f"http://127.0.0.1:{nothing_listens()}{path}",
    ),
]


def fault_text(rng: random.Random, n: int) -> tuple[str, str]:
    """A page's title and text (with accents, for the charset), ~300 words."""
    words = ["Zürich", "café", "Kraków", "naïve", "port", "talks", "the", "union", "vote", "deal"]
    paragraphs = [
        " ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(5)
    ]
    title = f"Port talks {n}"
    return title, title + "\n\n" + "\n\n".join(paragraphs)


def fault_runs(fault: Fault, runs: int, rng: random.Random, work: Path, server: Server) -> Tally:
    """``add URL`` on a new store each run; ``refresh`` of one article, added once from a good
    page (or a saved copy), whose page changes with each run and shows the fault."""
    tally = Tally()
    spans: list[float] = []
    options = ["--timeout", f"{fault.timeout:g}", "--retries", str(fault.retries)]
    options += ["--max-size", "200kB"]
    slug = f"fault{FAULTS.index(fault) + 1}"
    for mode in ("add", "refresh"):
        home = str(work / f"{slug}-{mode}")
        path = f"/{slug}/{mode}"
        url = fault.url(server, path) if fault.url else server.url(path)
        count = 0  # the versions the article has
        if mode == "refresh":
            title, text = fault_text(rng, 0)
            good = web_page(title, text).encode()
            server.routes[path] = fault.route(good, spans) if fault.tracked else Page(good)
            source = []
            if fault.url:
                saved = work / f"{slug}.html"
                saved.write_bytes(good)
                source = [str(saved)]
            first = tally.ran(revtrack(home, "add", url, *source, "--name", "story"))
            if first.code != 0:
                tally.fail("status", f"the first add: {first}")
                continue
            count = 1
        for n in range(runs):
            tally.runs += 1
            if mode == "add":
                home = str(work / f"{slug}-{mode}-{n}")
                path = f"/{slug}/{mode}/{n}"
                url = fault.url(server, path) if fault.url else server.url(path)
            title, text = fault_text(rng, n + 1)  # (a page of its own each run)
            good = web_page(title, text).encode()
            route = (
                redirect(path) if fault.name == "endless redirects" else fault.route(good, spans)
            )
            if route is not None:
                server.routes[path] = route
            spans.clear()
            args = ["add", url, "--name", "story"] if mode == "add" else ["refresh", "--all"]
            if mode == "refresh":
                args += ["--delay", "0"]
            ran = tally.ran(revtrack(home, *args, *options))
            if fault.drip:  # (the server's side ends once it sees the connection gone)
                waited = time.monotonic()
                while not spans and time.monotonic() - waited < 5:
                    time.sleep(0.02)
            judge(fault, mode, ran, spans, tally)
            versions = history(home, "story", tally) if store_file(home).exists() else []
            if versions is None:
                continue
            expected = (count if mode == "refresh" else 0) + (1 if fault.status == 0 else 0)
            count = len(versions)
            if len(versions) < expected:
                tally.fail("lost", f"{fault.name} ({mode}): {len(versions)} versions")
            elif len(versions) > expected:
                tally.fail(
                    "duplicated",
                    f"{fault.name} ({mode}): {len(versions)} versions, "
                    f"{expected} expected: something was stored",
                )
            elif fault.status == 0:
                shown = revtrack(home, "show", "story")
                if "café" not in shown.stdout or "naïve" not in shown.stdout:
                    tally.fail("status", f"{fault.name} ({mode}): the text was misread")
            if mode == "refresh" and isinstance(route, OddValidators):  # the page, again
                ran = tally.ran(revtrack(home, *args, *options))
                if ran.code != 0 or not route.not_modified:
                    tally.fail("status", f"{fault.name}: validators not sent back: {ran}")
    return tally


def judge(fault: Fault, mode: str, ran: Ran, spans: list[float], tally: Tally) -> None:
    if ran.code is None or ran.internal:
        return
    bound = fault.timeout + PROCESS_MARGIN if fault.drip else QUICK_FAULT_SECONDS
    if fault.retries:
        bound += 2**fault.retries - 1  # the waits between attempts
    if ran.seconds > bound:
        tally.fail("hang", f"{fault.name} ({mode}): {ran.seconds:.1f} s, over {bound:g} s")
    if fault.drip:
        if not spans:
            tally.fail("status", f"{fault.name} ({mode}): the server saw no request")
        elif max(spans) > fault.timeout + FETCH_MARGIN:
            tally.fail("hang", f"{fault.name} ({mode}): the fetch took {max(spans):.2f} s")
    if fault.status == 0:
        lines = ran.error_lines()
        if ran.code != 0 or any(not line.startswith("warning: ") for line in lines):
            tally.fail("status", f"{fault.name} ({mode}): {ran}")
        elif "8859" in fault.name and mode == "add" and len(lines) != 1:
            tally.fail("status", f"{fault.name} ({mode}): no warning about the charset: {ran}")
    else:
        one_error(ran, fault.status, tally)


def network(runs: int, rng: random.Random, work: Path, only: str | None) -> list[tuple[str, Tally]]:
    server = Server()
    results = []
    try:
        for fault in FAULTS:
            if only and only.lower() not in fault.name.lower():
                continue
            tally = fault_runs(fault, runs, rng, work, server)
            results.append((fault.name, tally))
            print(row(f"  {fault.name}", tally), flush=True)
            for example in tally.examples[:3]:
                print(f"    {example}")
    finally:
        server.close()
    return results


# --- the report ----------------------------------------------------------------------------

HEADER = (
    f"{'part':<44} {'runs':>5} {'int.':>5} {'hang':>5} {'lost':>5} {'dup.':>5} "
    f"{'check':>5} {'stat.':>5}  result"
)


def row(what: str, tally: Tally) -> str:
    c = tally.counts
    figures = " ".join(f"{c[k]:>5}" for k in Tally.KINDS)
    return f"{what:<44} {tally.runs:>5} {figures}  {'PASS' if tally.passed else 'FAIL'}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kills", type=int, default=200, help="kill -9s, half add, half refresh")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--adds", type=int, default=100, help="adds per writer")
    parser.add_argument("--fault-runs", type=int, default=10, help="runs of each network fault")
    parser.add_argument(
        "--parts", default="1,2,3", help="which parts: 1 kills, 2 writers, 3 network"
    )
    parser.add_argument("--fault", help="only the network faults whose name holds this")
    parser.add_argument("--no-postgres", action="store_true", help="part 2 on SQLite only")
    parser.add_argument("--quick", action="store_true", help="20 kills, 4x15 adds, 2 runs a fault")
    args = parser.parse_args(argv)
    if args.quick:
        args.kills, args.writers, args.adds, args.fault_runs = 20, 4, 15, 2
    parts = {int(p) for p in args.parts.split(",")}
    rng = random.Random(args.seed)
    rows: list[tuple[str, Tally]] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="revtrack-faults-") as temp:
        work = Path(temp)
        if 1 in parts:
            print(f"part 1: {args.kills} kill -9", flush=True)
            adds = kill_adds(args.kills // 2, rng, args.seed, work)
            rows.append((f"kill -9 during add ({args.kills // 2})", adds))
            refreshes = kill_refreshes(args.kills - args.kills // 2, rng, args.seed, work)
            rows.append((f"kill -9 during refresh ({args.kills - args.kills // 2})", refreshes))
        if 2 in parts:
            what = f"{args.writers} writers x {args.adds} adds"
            print(f"part 2: {what}", flush=True)
            tally = writers(str(work / "writers"), args.writers, args.adds, args.seed)
            rows.append((f"{what}, SQLite ({tally.busy} busy)", tally))
            if not args.no_postgres:
                with postgres_store() as url:
                    if url is not None:
                        tally = writers(url, args.writers, args.adds, args.seed)
                        rows.append((f"{what}, PostgreSQL ({tally.busy} busy)", tally))
        if 3 in parts:
            print(f"part 3: {len(FAULTS)} network faults x {args.fault_runs} x (add, refresh)")
            total = Tally()
            for _name, tally in network(args.fault_runs, rng, work, args.fault):
                total.merge(tally)
            kinds = len(
                [f for f in FAULTS if not args.fault or args.fault.lower() in f.name.lower()]
            )
            rows.append((f"network faults ({kinds} kinds, add + refresh)", total))
    print()
    print(HEADER)
    for what, tally in rows:
        print(row(what, tally))
    print(f"\n{time.monotonic() - started:.0f} s, {os.cpu_count()} cores, seed {args.seed}")
    failed = [(what, tally) for what, tally in rows if not tally.passed]
    for what, tally in failed:
        print(f"\n{what}:")
        for example in tally.examples:
            print(f"  {example}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
