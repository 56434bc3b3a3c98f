"""Build a static archive of the store (``revtrack site DIR``), incrementally, for cron.

The archive's files::

    DIR/index.html                      every article: last change, versions, findings
    DIR/changes.atom, DIR/findings.atom the store's feeds (the latest entries)
    DIR/articles/SLUG/index.html        an article's timeline
    DIR/articles/SLUG/v/N.html          version N's text, and how it was taken
    DIR/articles/SLUG/c/N.html          the change @N-1 → @N (the ``html`` report)
    DIR/articles/SLUG/changes.atom      the article's feeds
    DIR/articles/SLUG/findings.atom
    DIR/.revtrack-site.json             the manifest: what each page was made from

Only what changed is rewritten. The manifest keeps, for each page, a key of its inputs (the
hashes and times of the versions it shows, the ignore rules, and the :func:`engine`: the
derivation's key and the source of the pages' renderers) and a hash of its content. A page
whose key is unchanged (and whose file is there) is not made again; a page made again is
written only when its content differs. An article whose versions (their number and the last
one's time: versions are only ever appended), title, address and rules are as they were is
not read at all: its line on the index and its feed entries are kept in the manifest. Pages
of articles no longer in the archive are removed. A build writes each file whole (a temporary
file renamed over it), so a reader never sees half a page.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revtrack.errors import StoreError
from revtrack.models import Article, Criteria, Problem, ProblemKind, Version
from revtrack.times import to_iso

if TYPE_CHECKING:
    from revtrack.models import ArticleLog, ChangeReport
    from revtrack.render.site import ArticleSummary, FeedEntry
    from revtrack.store import Store

MANIFEST = ".revtrack-site.json"
SCHEMA = "revtrack.site/1"
#: The entries the store's feeds keep (the latest); an article's feeds keep all of theirs.
FEED_ENTRIES = 200
#: The modules whose source decides how pages look.
RENDERERS = ("render/site.py", "render/atom.py", "render/html.py", "render/layout.py", "site.py")


@dataclass(frozen=True)
class SiteResult:
    """What a build did."""

    directory: Path
    articles: int  # in the archive
    read: int  # articles whose history was read (new or changed)
    written: tuple[str, ...]  # files written, relative to the directory
    kept: int  # pages left as they were
    removed: tuple[str, ...]
    damaged: tuple[Problem, ...] = ()


@functools.cache
def engine() -> str:
    """What makes the pages, as a key: the derivation's (:func:`revtrack.cache.engine`) and
    the source of the renderers of the pages."""
    import revtrack
    from revtrack.cache import engine as derivation

    digest = hashlib.sha256(f"{SCHEMA}\0{revtrack.__version__}\0{derivation()}\0".encode())
    package = Path(revtrack.__file__).parent
    for name in RENDERERS:
        with contextlib.suppress(OSError):
            digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.hexdigest()[:32]


def slug(name: str) -> str:
    """An article's folder: its name when that is a plain file name, else a safe form of it
    with a hash of the name (names may hold any character but ``@``)."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in name)
    plain = plain.strip("-")[:48] or "article"
    if plain == name:
        return name
    return f"{plain}-{hashlib.sha256(name.encode()).hexdigest()[:10]}"


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


@dataclass
class _Manifest:
    """The manifest as read (empty when there is none, or it is of another engine)."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # path: input, output
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, directory: Path) -> _Manifest:
        try:
            data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return cls()
        if data.get("engine") != engine():  # pages made again; unchanged ones not written
            return cls(pages=dict(data.get("pages", {})))
        return cls(dict(data.get("pages", {})), dict(data.get("articles", {})))


@dataclass
class _Build:
    """One build's work: the pages made (path: input key, content) and the pages kept."""

    directory: Path
    old: _Manifest
    made: dict[str, tuple[str, str]] = field(default_factory=dict)
    kept: dict[str, dict[str, str]] = field(default_factory=dict)

    def current(self, path: str, key: str) -> bool:
        """Whether page ``path`` was made from ``key`` and is there: kept as it is."""
        record = self.old.pages.get(path)
        if record is None or record.get("input") != key or not (self.directory / path).is_file():
            return False
        self.kept[path] = record
        return True

    def page(self, path: str, key: str, content: Callable[[], str]) -> None:
        """Page ``path``, made from ``key``: kept if it is current, else made."""
        if not self.current(path, key):
            self.made[path] = (key, content())


def build_site(
    open_store: Callable[[], Store],
    directory: Path,
    names: Sequence[str] = (),
    criteria: Criteria = Criteria(),
) -> SiteResult:
    """Build (or bring up to date) the archive in ``directory`` of the articles ``names``
    (names or URLs; every article when none is given)."""
    from revtrack.render.site import ArticleSummary, FeedEntry

    build = _Build(directory, _Manifest.read(directory))
    summaries: list[ArticleSummary] = []
    changes: list[FeedEntry] = []
    findings: list[FeedEntry] = []
    articles: dict[str, dict[str, Any]] = {}
    damaged: list[Problem] = []
    read = 0
    with open_store() as store:
        rules = _rules_key(store, criteria)
        for article in _chosen(store, names):
            record = _carried(build, article, rules)
            if record is None:
                try:
                    record, problems = _article(build, store, article, rules, criteria)
                except StoreError:  # no version of it can be read: left out, and said
                    damaged.append(Problem(ProblemKind.TEXT, _UNREADABLE, article.key))
                    continue
                damaged += problems
                read += 1
            articles[article.key] = record
            summaries.append(ArticleSummary.from_json(record["summary"]))
            changes += [FeedEntry.from_json(e) for e in record["changes"]]
            findings += [FeedEntry.from_json(e) for e in record["findings"]]
    _front(build, summaries, changes, findings)
    written = _write(build)
    removed = _remove(build)
    _save(build, articles)
    return SiteResult(
        directory, len(summaries), read, written, len(build.kept), removed, tuple(damaged)
    )


#: What is said of an article left out of the archive because none of its versions can be read.
_UNREADABLE = "no version of it can be read; it is left out"


def _chosen(store: Store, names: Sequence[str]) -> list[Article]:
    """The articles the archive holds: those ``names`` name, or every one."""
    from revtrack import refs

    every = store.articles()
    if not names:
        return list(every)
    wanted = {refs.lookup(store, name) for name in names}
    by_key = {a.key: a for a in every}
    missing = sorted(wanted - by_key.keys())
    if missing:
        from revtrack.errors import NotFoundError

        raise NotFoundError(f"no article {missing[0]!r} (revtrack list shows them)")
    return [by_key[key] for key in sorted(wanted)]


def _rules_key(store: Store, criteria: Criteria) -> str:
    """What decides the findings of every article, beside its versions: the criteria, the
    saved ignore rules and the built-ins turned off."""
    rules = [(r.id, r.pattern, r.article, r.site) for r in store.ignore_rules()]
    judged = (str(criteria.tolerance), criteria.min_severity.value)
    return _key(judged, rules, sorted(store.disabled_builtins()))


def _article_key(article: Article, rules: str) -> str:
    return _key(
        engine(),
        rules,
        article.key,
        article.version_count,
        to_iso(article.last_observed),
        article.title,
        article.url,
    )


def _carried(build: _Build, article: Article, rules: str) -> dict[str, Any] | None:
    """An article's record from the manifest, its pages kept, if nothing of it changed."""
    record = build.old.articles.get(article.key)
    if record is None or record.get("key") != _article_key(article, rules):
        return None
    pages = record.get("pages", [])
    known = build.old.pages
    if not all(p in known and (build.directory / p).is_file() for p in pages):
        return None
    for path in pages:
        build.kept[path] = known[path]
    return record


def _version_key(version: Version, count: int, facts: Sequence[tuple[str, str]]) -> str:
    """What a version's page shows: the version, its raw capture's facts, and whether a later
    one follows it."""
    metadata = sorted(version.metadata.items())
    return _key(
        engine(),
        version.hash,
        to_iso(version.observed_at),
        version.title,
        version.source,
        metadata,
        version.revert_of,
        version.number < count,
        facts,
    )


def _change_key(versions: Sequence[Version], number: int, rules: str, title: str) -> str:
    """What the page of the change that made version ``number`` shows: the versions up to
    it (findings weigh the notes before), the rules, and the article's title (its links)."""
    upto = [(v.number, v.hash, to_iso(v.observed_at), v.title) for v in versions]
    return _key(engine(), rules, title, [u for u in upto if u[0] <= number])


def _article(
    build: _Build, store: Store, article: Article, rules: str, criteria: Criteria
) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """Read one article's history, make its pages that are not current; its record."""
    from revtrack import track

    folder = f"articles/{slug(article.key)}"
    title = article.title or article.key
    keys: dict[int, str] = {}

    def choose(versions: Sequence[Version]) -> list[int]:
        for version in versions[1:]:
            keys[version.number] = _change_key(versions, version.number, rules, title)
        return [n for n, key in keys.items() if not build.current(f"{folder}/c/{n}.html", key)]

    log, reports = track.article_changes(store, article.key, choose, criteria)
    summary = _summary(article, log)
    facts = _capture_facts(store, article.key)
    _article_pages(build, folder, summary, log, reports, keys, facts)
    return _record(build, article, rules, folder, summary, log), log.damaged


def _summary(article: Article, log: ArticleLog) -> ArticleSummary:
    from revtrack.render.site import ArticleSummary, severities

    entries = log.entries
    return ArticleSummary(
        article.key,
        slug(article.key),
        article.title or entries[-1].version.title,
        article.url,
        article.version_count,
        entries[0].version.observed_at,
        entries[-1].version.observed_at,
        severities([f for e in entries for f in e.findings]),
    )


def _article_pages(
    build: _Build,
    folder: str,
    summary: ArticleSummary,
    log: ArticleLog,
    reports: Sequence[ChangeReport],
    keys: Mapping[int, str],
    facts: Mapping[int, tuple[tuple[str, str], ...]],
) -> None:
    """The pages of one article: its timeline and feeds, its versions (with their raw
    captures' ``facts``), its changes."""
    from revtrack.render import RenderOptions, atom, html
    from revtrack.render import site as pages

    count = summary.versions
    for entry in log.entries:
        version = entry.version
        captured = facts.get(version.number, ())
        build.page(
            f"{folder}/v/{version.number}.html",
            _version_key(version, count, captured),
            functools.partial(pages.version_page, summary, version, captured),
        )
    look = RenderOptions(utc=True, context=1)
    for report in reports:
        top = pages.change_top(summary, report)
        content = html.page(report, look, top=top, anchored=True)
        build.made[f"{folder}/c/{report.new.number}.html"] = (keys[report.new.number], content)
    whole = _key(engine(), [keys.get(e.version.number) for e in log.entries], summary.to_json())
    build.page(f"{folder}/index.html", whole, lambda: pages.timeline_page(summary, log))
    title = summary.title or summary.name
    urn = f"urn:revtrack:site:{slug(summary.name)}"
    for kind, entries in (
        ("changes", list(pages.change_entries(summary, log.entries))),
        ("findings", list(pages.finding_entries(summary, log.entries))),
    ):
        content = atom.feed(
            f"{title}: {kind}", f"{urn}:{kind}", f"{kind}.atom", "index.html", entries, "../../"
        )
        build.page(f"{folder}/{kind}.atom", _key(content), functools.partial(str, content))


def _capture_facts(store: Store, article: str) -> dict[int, tuple[tuple[str, str], ...]]:
    """The raw captures' facts of an article's versions, by number (for those that have one:
    fetched from a URL since captures are kept): the final address, the status, the fetch
    time, the bytes' hash and size, and the headers kept (see :mod:`revtrack.raw`)."""
    from revtrack.times import show_time

    facts: dict[int, tuple[tuple[str, str], ...]] = {}
    for number, capture in store.captures(article):
        status = f"{capture.status} {capture.reason}".strip()
        facts[number] = (
            ("Fetched from", capture.url),
            ("Status", f"{capture.protocol} {status}"),
            ("Fetched at", show_time(capture.fetched_at, utc=True)),
            ("Bytes as received", f"{len(capture.body):,} bytes, {capture.hash}"),
            *((name, value) for name, value in capture.headers),
        )
    return facts


def _record(
    build: _Build,
    article: Article,
    rules: str,
    folder: str,
    summary: ArticleSummary,
    log: ArticleLog,
) -> dict[str, Any]:
    """What the manifest keeps of an article, to carry it over while it does not change."""
    from revtrack.render import site as pages

    prefix = folder + "/"
    return {
        "key": _article_key(article, rules),
        "summary": summary.to_json(),
        "changes": [e.to_json() for e in pages.change_entries(summary, log.entries)],
        "findings": [e.to_json() for e in pages.finding_entries(summary, log.entries)],
        "pages": sorted(p for p in (*build.made, *build.kept) if p.startswith(prefix)),
    }


def _front(
    build: _Build,
    summaries: Sequence[ArticleSummary],
    changes: Sequence[FeedEntry],
    findings: Sequence[FeedEntry],
) -> None:
    """The index and the store's feeds (the latest :data:`FEED_ENTRIES` of each)."""
    from revtrack.render import atom
    from revtrack.render import site as pages

    index = pages.index_page(summaries)
    build.page("index.html", _key(index), lambda: index)
    for kind, entries in (("changes", changes), ("findings", findings)):
        latest = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_ENTRIES]
        content = atom.feed(
            f"Tracked articles: {kind}",
            f"urn:revtrack:site:{kind}",
            f"{kind}.atom",
            "index.html",
            latest,
            "",
        )
        build.page(f"{kind}.atom", _key(content), functools.partial(str, content))


def _digest(content: str) -> str:
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()


def _write(build: _Build) -> tuple[str, ...]:
    """Write the pages made whose content is not already in their file."""
    written: list[str] = []
    for path, (key, content) in sorted(build.made.items()):
        digest = _digest(content)
        target = build.directory / path
        old = build.old.pages.get(path, {})
        if old.get("output") != digest or not target.is_file():
            _write_file(target, content)
            written.append(path)
        build.kept.pop(path, None)
        build.made[path] = (key, digest)
    return tuple(written)


def _write_file(target: Path, content: str) -> None:
    """Write ``target`` whole: a temporary file of its own beside it, renamed over it (two
    builds at once each write whole files)."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.chmod(name, 0o644)
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _remove(build: _Build) -> tuple[str, ...]:
    """Remove the pages of an earlier build that this one has not: articles gone."""
    removed: list[str] = []
    for path in sorted(build.old.pages.keys() - build.made.keys() - build.kept.keys()):
        target = build.directory / path
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
            removed.append(path)
        for parent in _parents(target, build.directory):
            with contextlib.suppress(OSError):
                parent.rmdir()  # only when empty
    return tuple(removed)


def _parents(path: Path, root: Path) -> Iterator[Path]:
    for parent in path.parents:
        if parent == root or root not in parent.parents:
            return
        yield parent


def _save(build: _Build, articles: Mapping[str, Any]) -> None:
    pages = {path: {"input": key, "output": digest} for path, (key, digest) in build.made.items()}
    pages.update(build.kept)
    manifest = {
        "schema": SCHEMA,
        "engine": engine(),
        "pages": dict(sorted(pages.items())),
        "articles": dict(sorted(articles.items())),
    }
    _write_file(build.directory / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
