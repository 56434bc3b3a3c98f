"""Benchmark ``revtrack refresh`` over hundreds of news pages served from local HTTP servers.

Local servers (one per loopback address, 127.0.0.1 to 127.0.0.N, since a refresh makes one
request at a time per host) serve ``--articles`` news pages of 800 to 1,500 words whose text
comes from ``articles.py``, wrapped in the noise of a real news site: navigation, ads, related
links, a most-read box, readers' comments, scripts. Every page is added to a temporary store
(in-process, untimed); then the whole ``revtrack refresh --all --delay 0 --jobs 4`` process is
timed on two paths: every page answered ``304 Not Modified`` (the server honours
``If-None-Match``), and every page changed (a word edited and an update note added). The
script reports articles per second, wall time and the child's peak RSS (medians of
``--repeat`` runs), then the start-up of ``revtrack --help`` and of a refresh with nothing due,
and checks that neither imports httpx or trafilatura. The exit status is 1 if a target fails.
See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from random import Random

from articles import make_versions  # the script's directory is on sys.path

import revtrack

TARGET_NOT_MODIFIED_PER_S = 500.0
JOBS = 4
LEDE = "The Harbor Ledger"
SECTIONS = ("News", "Politics", "Business", "Sports", "Opinion", "Culture", "Weather", "Obituaries")
UPDATE_NOTE = (
    "Update ({stamp} ET): This article was updated with comment from the council and the "
    "latest figures from the port authority."
)


# --- the pages -----------------------------------------------------------------------------


@dataclass
class Story:
    """One article: its texts, and where it is served."""

    number: int
    host: str
    path: str
    headline: str
    byline: str
    paragraphs: list[str]
    noise: Random = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"


def make_stories(count: int, hosts: Sequence[str], seed: int) -> list[Story]:
    """``count`` articles of 800 to 1,500 words, spread over ``hosts`` in turn."""
    stories = []
    for number in range(count):
        rng = Random(seed * 1_000_003 + number)
        (text,), _, _ = make_versions(rng.randint(800, 1500), 1, seed * 1_000_003 + number)
        headline, *paragraphs = text.split("\n\n")
        slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")[:60]
        path = f"/2025/03/{3 + number % 25:02d}/{slug}-{number:04d}"
        author = rng.choice(("Ana Ruiz", "Sam Lee", "Mina Obi", "Ray Dale", "Lena Ortiz"))
        stories.append(
            Story(number, hosts[number % len(hosts)], path, headline, author, paragraphs, rng)
        )
    return stories


def edited(story: Story, generation: int) -> tuple[list[str], list[str]]:
    """The paragraphs and update notes of a story after ``generation`` rounds of edits: in
    each, one word replaced and an update note added."""
    paragraphs = list(story.paragraphs)
    notes = []
    for round_ in range(1, generation + 1):
        index = (story.number * 7 + round_ * 3) % len(paragraphs)
        words = paragraphs[index].split(" ")
        position = min(len(words) - 1, 4 + round_ % 5)
        words[position] = f"revised{round_}"
        paragraphs[index] = " ".join(words)
        hour, minute = 8 + round_ // 60 % 12, round_ % 60
        notes.append(UPDATE_NOTE.format(stamp=f"3/3/25, {hour}:{minute:02d} a.m."))
    return paragraphs, notes


def render(story: Story, generation: int) -> bytes:
    """The story's page, as a news site serves it."""
    paragraphs, notes = edited(story, generation)
    rng = Random(story.number)  # the same noise in every generation
    links = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    related = "".join(
        f'<li><a href="/2025/02/{rng.randint(1, 28):02d}/story-{rng.randint(1, 9999)}">'
        f"{rng.choice(story.paragraphs).split('. ')[0][:70]}</a></li>"
        for _ in range(4)
    )
    body: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        body.append(f"<p>{_escape(paragraph)}</p>")
        if index == 2:
            body.append(
                '<div class="ad ad-inline" data-slot="mid-1">Advertisement — Subscribe for '
                "$1 a week and read without limits.</div>"
            )
        if index == 5:
            body.append(f'<div class="related-links"><h3>Related</h3><ul>{related}</ul></div>')
        if index == 8:
            body.append(
                '<figure><img src="/img/harbor.jpg" alt="The harbor at dawn">'
                "<figcaption>The harbor at dawn. (Photo: Sam Lee)</figcaption></figure>"
            )
    body += [f"<p><em>{_escape(note)}</em></p>" for note in notes]
    comments = "".join(
        f'<div class="comment"><p>{_escape(rng.choice(story.paragraphs)[:160])}</p>'
        f'<p class="comment-author">— reader{rng.randint(100, 9999)}</p></div>'
        for _ in range(rng.randint(3, 6))
    )
    most_read = "".join(
        f"<li><a href='/story-{rng.randint(1, 9999)}'>Story</a></li>" for _ in "12345"
    )
    headline = _escape(story.headline)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{headline} | {LEDE}</title>
<meta name="author" content="{story.byline}">
<meta property="og:title" content="{headline}">
<meta property="article:published_time" content="2025-03-03T06:00:00-05:00">
<link rel="canonical" href="https://ledger.example{story.path}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{headline}"}}</script>
<style>.ad{{border:1px solid #ccc}} .comment{{margin:1em 0}}</style>
<script>window.dataLayer = window.dataLayer || []; {"/* tracking */ " * 40}</script>
</head><body>
<header class="site-header"><a class="logo" href="/">{LEDE}</a><nav><ul>{links}</ul></nav></header>
<div class="ad ad-leaderboard">Advertisement — Save 50% on your first year of the Ledger!</div>
<main><article class="story">
<h1>{headline}</h1>
<p class="byline">By {story.byline} | Published 6:00 a.m. ET March 3, 2025</p>
{chr(10).join(body)}
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside></main>
<section id="comments" class="comments"><h2>Comments</h2>{comments}</section>
<footer class="site-footer"><p>© 2025 {LEDE}. All rights reserved.</p></footer>
</body></html>
"""
    return page.encode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- the servers ---------------------------------------------------------------------------


class Site:
    """The pages of every story at one generation, and what the servers answered."""

    def __init__(self) -> None:
        self.stories: dict[tuple[str, str], Story] = {}
        self.generation = 0
        self.pages: dict[tuple[str, str], tuple[bytes, str]] = {}
        self.answers = {200: 0, 304: 0, 404: 0}
        self.lock = threading.Lock()

    def serve(self, stories: Sequence[Story]) -> None:
        """Serve these stories, unedited."""
        self.stories = {(s.host, s.path): s for s in stories}
        self.set_generation(0)

    def set_generation(self, generation: int) -> None:
        self.generation = generation
        self.pages = {
            key: (render(story, generation), f'"s{story.number}-g{generation}"')
            for key, story in self.stories.items()
        }

    def count(self, status: int) -> None:
        with self.lock:
            self.answers[status] += 1


def handler(site: Site) -> type[BaseHTTPRequestHandler]:
    modified = format_datetime(datetime.now(UTC), usegmt=True)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as news sites' servers
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            host = f"{self.server.server_address[0]}:{self.server.server_address[1]}"
            found = site.pages.get((host, self.path))
            if found is None:
                site.count(404)
                self._send(404, b"not found", {"Content-Type": "text/plain"})
                return
            body, etag = found
            if self.headers.get("If-None-Match") == etag:
                site.count(304)
                self._send(304, b"", {"ETag": etag})
                return
            site.count(200)
            headers = {
                "Content-Type": "text/html; charset=utf-8",
                "ETag": etag,
                "Last-Modified": modified,
                "Cache-Control": "max-age=60",
            }
            self._send(200, body, headers)

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):
                self.wfile.write(body)

    return Handler


@contextlib.contextmanager
def serving(site: Site, addresses: Sequence[str]) -> Iterator[list[str]]:
    """One threaded server per address; yields their ``host:port``."""
    servers = []
    for address in addresses:
        server = ThreadingHTTPServer((address, 0), handler(site))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield [f"{s.server_address[0]}:{s.server_address[1]}" for s in servers]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


# --- the store -----------------------------------------------------------------------------


def populate(database: Path, stories: Sequence[Story]) -> float:
    """Add every story to a new store as ``revtrack add URL`` does; the seconds it took."""
    from revtrack.extract import extract_page
    from revtrack.fetch import FetchOptions, client, fetch
    from revtrack.refresh import Schedule
    from revtrack.store.sqlite import SqliteStore
    from revtrack.times import now
    from revtrack.urls import normalize_url, short_name

    started = time.perf_counter()
    options = FetchOptions(retries=0)
    with client(options) as http, SqliteStore.open(database) as store:
        for story in stories:
            url = normalize_url(story.url)
            page = fetch(http, url, options=options)
            at = now()
            tracking = Schedule().start(short_name(url), url, at)
            tracking = replace(tracking, etag=page.etag, last_modified=page.last_modified)
            store.add(short_name(url), extract_page(page), at, url=url, tracking=tracking)
    return time.perf_counter() - started


# --- the runs ------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    status: int
    peak_rss: int  # bytes
    stdout: str
    stderr: str


#: Runs a command and writes its wall time and peak RSS: a small process forks it, so that
#: the peak is the command's own (on Linux a child's ru_maxrss starts from its parent's size).
LAUNCHER = """
import os, sys, time
report, args = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(args[0], args)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(report, "w") as file:
    file.write(f"{wall} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(args: Sequence[str], env: dict[str, str], scratch: Path) -> Run:
    """Run a command to its end; its wall time, exit status, peak RSS and output."""
    out_path, err_path, report = scratch / "stdout", scratch / "stderr", scratch / "usage"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(report), *args]
        status = subprocess.run(launcher, env=env, stdout=out, stderr=err, check=False)
    wall, peak = report.read_text().split()
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
    return Run(
        float(wall),
        status.returncode,
        int(peak) * scale,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
    )


def child_env(home: Path) -> dict[str, str]:
    """A store in ``home``, no proxy for the local servers, bytecode cached as installed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "pythondontwritebytecode")
    }
    return env | {
        "REVTRACK_HOME": str(home),
        "PYTHONPYCACHEPREFIX": str(home / "pycache"),
        "NO_PROXY": "*",
        "TZ": "UTC",
    }


SUMMARY = re.compile(
    r"refresh: (?P<checked>[\d,]+) articles? checked in [\d.]+ s: (?P<changed>\d+) changed, "
    r"(?P<new>\d+) new, (?P<unchanged>\d+) unchanged \((?P<not_modified>\d+) not modified\), "
    r"(?P<failed>\d+) failed"
)


def summary_of(run: Run) -> dict[str, int]:
    found = SUMMARY.search(run.stderr)
    if found is None:
        raise RuntimeError(f"no summary (exit {run.status}):\n{run.stderr[-2000:]}")
    return {name: int(value.replace(",", "")) for name, value in found.groupdict().items()}


def imports_of(python: str, args: Sequence[str], env: dict[str, str]) -> set[str]:
    """The top-level packages a ``revtrack`` command imports (``-X importtime``)."""
    done = subprocess.run(
        [python, "-X", "importtime", "-m", "revtrack", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"revtrack {' '.join(args)} failed ({done.returncode})")
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


def source_state() -> str:
    """The git commit and a hash of revtrack's sources: the code that subprocesses run."""
    root = Path(revtrack.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.read_bytes())
    commit = "?"
    if shutil.which("git"):
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        commit = head.stdout.strip() or "?"
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=False,
        )
        commit += "+changes" if dirty.stdout.strip() else ""
    return f"commit {commit}, sources {digest.hexdigest()[:12]}"


def median_of(runs: Sequence[Run]) -> tuple[float, float, int]:
    """The median and best wall time, and the median peak RSS."""
    wall = statistics.median(r.wall for r in runs)
    return wall, min(r.wall for r in runs), int(statistics.median(r.peak_rss for r in runs))


Check = tuple[str, bool]


@dataclass
class Results:
    not_modified: list[Run] = field(default_factory=list)
    changed: list[Run] = field(default_factory=list)
    startup: dict[str, list[Run]] = field(default_factory=dict)
    imports: dict[str, set[str]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)


def time_refreshes(
    args: argparse.Namespace, site: Site, command: Sequence[str], env: dict[str, str], home: Path
) -> Results:
    """The refreshes, each path once untimed (the child's bytecode is compiled then) and then
    ``--repeat`` times: every page not modified, then every page changed."""
    results = Results()
    right = True
    for round_ in range(args.repeat + 1):
        before = site.answers[304]
        run = run_child(command, env, home)
        counts = summary_of(run)
        answered = site.answers[304] - before
        right &= run.status == 0 and counts["not_modified"] == args.articles == answered
        if round_:
            results.not_modified.append(run)
    text = f"every 304 run: {args.articles} not modified, as many 304s served"
    results.checks.append((text, right))
    right = True
    for round_ in range(args.repeat + 1):
        site.set_generation(site.generation + 1)
        run = run_child(command, env, home)
        counts = summary_of(run)
        noted = sum("+update" in line for line in run.stdout.splitlines())
        right &= run.status == 0 and counts["changed"] == args.articles == noted
        if round_:
            results.changed.append(run)
    text = f"every changed run: {args.articles} changed, each line with the new update note"
    results.checks.append((text, right))
    return results


def time_startup(
    args: argparse.Namespace, site: Site, revtrack_command: str, env: dict[str, str], home: Path
) -> tuple[dict[str, list[Run]], dict[str, set[str]], Check]:
    """``revtrack --help`` and ``revtrack refresh`` with nothing due: their runs, the packages
    each imports, and whether the refresh stayed quiet and sent no request."""
    runs: dict[str, list[Run]] = {"--help": [], "refresh": []}
    requests = sum(site.answers.values())
    for _ in range(args.startup_repeat):
        for name in runs:
            runs[name].append(run_child([revtrack_command, name], env, home))
    quiet = all(r.status == 0 and r.stdout == r.stderr == "" for r in runs["refresh"])
    check = (
        "refresh with nothing due: no request, no output, exit 0",
        quiet and sum(site.answers.values()) == requests,
    )
    imports = {name: imports_of(sys.executable, [name], env) for name in runs}
    return runs, imports, check


def report(args: argparse.Namespace, results: Results) -> bool:
    """Print the tables and the verdicts; whether every target is met."""
    print()
    print(f"  {'refresh --all':<34}{'articles/s':>11}{'wall s':>9}{'best s':>9}{'peak RSS':>11}")
    paths = (("304 Not Modified", results.not_modified), ("changed", results.changed))
    for label, runs in paths:
        wall, best, rss = median_of(runs)
        print(
            f"  {label:<34}{args.articles / wall:>11,.1f}{wall:>9.2f}{best:>9.2f}"
            f"{rss / 2**20:>8.0f} MB"
        )
    print()
    print(f"  {'start-up':<34}{'median ms':>11}{'best ms':>9}{'peak RSS':>11}  imported")
    labels = {"--help": "revtrack --help", "refresh": "revtrack refresh, nothing due"}
    for key, label in labels.items():
        wall, best, rss = median_of(results.startup[key])
        names = results.imports[key]
        heavy = [n for n in ("httpx", "trafilatura", "lxml", "rich", "click") if n in names]
        print(
            f"  {label:<34}{wall * 1000:>11.0f}{best * 1000:>9.0f}{rss / 2**20:>8.0f} MB  "
            f"{len(names)} packages: {', '.join(heavy) or '-'}"
        )
    print()
    rate = args.articles / statistics.median(r.wall for r in results.not_modified)
    target = TARGET_NOT_MODIFIED_PER_S
    checks = [
        *results.checks,
        (f"304 path: {rate:,.1f} articles/s (target >= {target:g})", rate >= target),
    ]
    for key, label in labels.items():
        for package in ("httpx", "trafilatura"):
            checks.append(
                (f"{label} does not import {package}", package not in results.imports[key])
            )
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for _, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="pages served (500)")
    parser.add_argument("--hosts", type=int, default=8, help="loopback addresses used (8)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each path (3)")
    parser.add_argument("--startup-repeat", type=int, default=10, help="start-up runs (10)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated text (1)")
    args = parser.parse_args()
    if min(args.articles, args.hosts, args.repeat, args.startup_repeat) < 1:
        parser.error("--articles, --hosts, --repeat and --startup-repeat must be at least 1")
    if args.hosts > 254:
        parser.error("--hosts: at most 254 loopback addresses")
    state = source_state()
    revtrack_command = shutil.which("revtrack", path=str(Path(sys.executable).parent))
    revtrack_command = revtrack_command or "revtrack"
    refresh = [revtrack_command, "refresh", "--all", "--delay", "0", "--jobs", str(JOBS), "-v"]
    addresses = [f"127.0.0.{n}" for n in range(1, args.hosts + 1)]
    site = Site()
    with tempfile.TemporaryDirectory(prefix="revtrack-refresh-bench-") as tmp:
        home = Path(tmp)
        env = child_env(home)
        with serving(site, addresses) as hosts:
            stories = make_stories(args.articles, hosts, args.seed)
            site.serve(stories)
            sizes = [len(page) for page, _ in site.pages.values()]
            words = [sum(len(p.split()) for p in s.paragraphs) for s in stories]
            intro = (
                f"revtrack refresh benchmark ({state}): {args.articles} articles of "
                f"{min(words):,}-{max(words):,} words (median {statistics.median(words):,.0f}) "
                f"in pages of {min(sizes) / 1000:.0f}-{max(sizes) / 1000:.0f} kB on "
                f"{len(hosts)} local servers; `revtrack refresh --all --delay 0 --jobs {JOBS}`, "
                f"median of {args.repeat} runs after one untimed; {os.cpu_count()} CPUs, Python "
                f"{sys.version.split()[0]}, seed {args.seed}."
            )
            print(textwrap.fill(intro, 100))
            added = populate(home / "revtrack.db", stories)
            print(f"Store filled in-process in {added:.1f} s.")
            results = time_refreshes(args, site, refresh, env, home)
            startup, imports, quiet = time_startup(args, site, revtrack_command, env, home)
    results.startup, results.imports = startup, imports
    results.checks.append(quiet)
    ended = source_state()
    results.checks.append((f"revtrack unchanged during the run (now {ended})", ended == state))
    return 0 if report(args, results) else 1


if __name__ == "__main__":
    sys.exit(main())
