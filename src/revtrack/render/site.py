"""The pages of a static archive (``revtrack site``): the index of articles, each article's
timeline, each version's text, and each change as the ``html`` report shows it.

Every page is one self-contained file: its style is inline, it loads nothing and runs nothing
(its Content-Security-Policy forbids both), and its links are relative, so the archive opens
from disk as well as from any static host. Article text, titles, names and addresses are
always escaped; an address is a link only when it is an ``http``/``https`` one. Pages read on
a phone, follow a dark system theme and print. Times are shown in UTC, so that a page is the
same wherever it is built.

What a page shows comes in its models (:class:`ArticleSummary`, :class:`FeedEntry`, and the
core's own) from :mod:`revtrack.site`, which decides what is built and when.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from revtrack.models import ArticleLog, ChangeReport, Finding, LogEntry, Severity, Version
from revtrack.render.html import POLICY, STYLE, esc
from revtrack.render.layout import finding_label, flat, kind_and_time, plural
from revtrack.times import from_iso, show_time, to_iso

#: The severities, most severe first, as the index counts them.
SEVERITIES = (Severity.SUBSTANTIVE, Severity.MINOR, Severity.TYPO)

SITE_STYLE = """
nav.crumbs { font: .85rem/1.5 system-ui, sans-serif; margin-bottom: 1rem; }
a { color: var(--move-ink); }
.wide { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font: .9rem/1.45 system-ui, sans-serif; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid var(--rule); }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
.sev-substantive { color: var(--del-ink); font-weight: 700; }
.sev-minor { color: var(--warn); font-weight: 600; }
.muted, .meta { color: var(--muted); font: .85rem/1.5 system-ui, sans-serif; }
.timeline { list-style: none; padding: 0; margin: 0; }
.timeline > li { border-left: 3px solid var(--rule); padding: .2rem 0 .6rem .8rem;
  margin: 0 0 .4rem; font-family: system-ui, sans-serif; }
.timeline > li.flagged { border-left-color: var(--warn); }
.timeline ul { padding-left: 1rem; }
.capture { border: 1px dashed var(--rule); padding: .4rem .8rem; margin: 1rem 0;
  font: .85rem/1.5 system-ui, sans-serif; }
.capture dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .8rem; margin: .3rem 0; }
.capture dt { font-weight: 600; }
.capture dd { margin: 0; overflow-wrap: anywhere; }
.capture h3 { margin: .6rem 0 0; font-size: .85rem; }
.text p { margin: 1rem 0; }
@media (max-width: 40rem) {
  table.articles thead { display: none; }
  table.articles tr { display: block; padding: .5rem 0; border-bottom: 1px solid var(--rule); }
  table.articles td { display: inline-block; border: 0; padding: .1rem .6rem .1rem 0; }
  table.articles td:first-child { display: block; }
  table.articles td[data-label]::before { content: attr(data-label) " "; color: var(--muted); }
  td.num { text-align: left; } }
@media print { nav.crumbs { display: none; } a { color: inherit; text-decoration: none; }
  .timeline > li { break-inside: avoid; } }
"""


@dataclass(frozen=True)
class ArticleSummary:
    """One article as the index lists it (kept between builds, see :mod:`revtrack.site`)."""

    name: str
    slug: str  # its folder under ``articles/``
    title: str | None
    url: str | None
    versions: int
    first: datetime
    last: datetime
    findings: Mapping[str, int]  # by severity ("unrated" for a finding without one)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "title": self.title,
            "url": self.url,
            "versions": self.versions,
            "first": to_iso(self.first),
            "last": to_iso(self.last),
            "findings": dict(self.findings),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ArticleSummary:
        return cls(
            str(data["name"]),
            str(data["slug"]),
            data["title"],
            data["url"],
            int(data["versions"]),
            from_iso(data["first"]),
            from_iso(data["last"]),
            {str(k): int(v) for k, v in data["findings"].items()},
        )


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: a change, or a finding about one (kept between builds)."""

    id: str  # a URN, the same in every build
    title: str
    updated: datetime
    link: str  # relative to the archive's root
    summary: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "updated": to_iso(self.updated),
            "link": self.link,
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FeedEntry:
        return cls(
            str(data["id"]),
            str(data["title"]),
            from_iso(data["updated"]),
            str(data["link"]),
            str(data["summary"]),
        )


def when(moment: datetime) -> str:
    """A ``<time>`` element, in UTC."""
    return f'<time datetime="{to_iso(moment)}">{show_time(moment, utc=True)[:-7]} UTC</time>'


def address(url: str | None) -> str:
    """An article's address: a link if it is a web address, else text (``javascript:`` is)."""
    if not url:
        return ""
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("http", "https") and url.isprintable():
        return f'<a href="{esc(url)}" rel="noreferrer nofollow">{esc(url)}</a>'
    return esc(url)


def shell(title: str, root: str, crumbs: Sequence[tuple[str, str]], body: str) -> str:
    """A whole page: ``root`` is the relative way back to the archive's root (``../../``),
    ``crumbs`` the links (relative to the root) shown above ``body``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}{SITE_STYLE}</style>\n</head>\n<body>\n"
        f"{nav(root, crumbs)}{body}</body>\n</html>\n"
    )


def nav(root: str, crumbs: Sequence[tuple[str, str]]) -> str:
    """The bar of links atop a page (``crumbs``: target relative to the root, and label)."""
    if not root:
        return ""  # the index itself
    links = [f'<a href="{root}index.html">All articles</a>']
    links += [f'<a href="{root}{target}">{esc(label)}</a>' for target, label in crumbs]
    return f'<nav class="crumbs">{" › ".join(links)}</nav>\n'


def severity_cells(findings: Mapping[str, int]) -> str:
    cells = []
    for severity in SEVERITIES:
        count = findings.get(severity.value, 0)
        shown = f'<span class="sev-{severity.value}">{count}</span>' if count else "0"
        cells.append(f'<td class="num" data-label="{severity.value}">{shown}</td>')
    return "".join(cells)


# --- the index -----------------------------------------------------------------------------


def index_page(summaries: Sequence[ArticleSummary]) -> str:
    """The archive's front page: every article, the last changed first."""
    rows = []
    for summary in sorted(summaries, key=lambda s: (s.last, s.name), reverse=True):
        title = summary.title or summary.name
        shown = esc(summary.name)
        name = f'<br><span class="muted">{shown}</span>' if title != summary.name else ""
        rows.append(
            f'<tr><td><a href="articles/{summary.slug}/index.html">{esc(title)}</a>{name}</td>'
            f'<td data-label="last change">{when(summary.last)}</td>'
            f'<td class="num" data-label="versions">{summary.versions}</td>'
            f"{severity_cells(summary.findings)}</tr>\n"
        )
    body = (
        '<header>\n<p class="kicker">Archive of every version</p>\n<h1>Tracked articles</h1>\n'
        f'<p class="meta">{plural(len(summaries), "article")} · feeds: '
        '<a href="changes.atom">changes</a>, <a href="findings.atom">findings</a></p>\n'
        "</header>\n"
        '<div class="wide"><table class="articles">\n'
        "<thead><tr><th>Article</th><th>Last change</th>"
        '<th class="num">Versions</th><th class="num" title="substantive findings">Subst.</th>'
        '<th class="num" title="minor findings">Minor</th>'
        '<th class="num" title="typo findings">Typo</th></tr></thead>\n<tbody>\n'
        + "".join(rows)
        + "</tbody>\n</table></div>\n"
    )
    return shell("Tracked articles", "", (), body)


# --- an article's timeline -------------------------------------------------------------------


def timeline_page(summary: ArticleSummary, log: ArticleLog) -> str:
    """Every version of one article, the latest first, with links to its text and change."""
    title = summary.title or summary.name
    items = [_entry(entry) for entry in reversed(log.entries)]
    body = (
        f'<header>\n<p class="kicker">Timeline · {esc(summary.name)}</p>\n<h1>{esc(title)}</h1>\n'
        + (f'<p class="meta">Address: {address(summary.url)}</p>\n' if summary.url else "")
        + f'<p class="meta">{plural(summary.versions, "version")} · first seen '
        f"{when(summary.first)} · last changed {when(summary.last)} · feeds: "
        '<a href="changes.atom">changes</a>, <a href="findings.atom">findings</a></p>\n'
        '</header>\n<main>\n<ol class="timeline">\n' + "".join(items) + "</ol>\n</main>\n"
    )
    return shell(f"{title}: timeline", "../../", (), body)


def _entry(entry: LogEntry) -> str:
    version = entry.version
    number = version.number
    links = [f'<a href="v/{number}.html">text</a>']
    words = ""
    if number > 1:
        links.append(f'<a href="c/{number}.html">change from @{number - 1}</a>')
        words = (
            f' · <span class="count-ins">+{entry.words_added:,}</span> '
            f'<span class="count-del">−{entry.words_deleted:,}</span> words'
        )
    revert = f" · same text as @{version.revert_of}" if version.revert_of is not None else ""
    notes = "".join(
        f"<li>Note: <strong>{esc(kind_and_time(n))}</strong>: {esc(flat(n.text))}</li>\n"
        for n in entry.new_notes
    )
    findings = "".join(
        f'<li><a href="c/{number}.html#f{i}"><strong>{esc(finding_label(f))}</strong></a>: '
        f"{esc(f.message)}</li>\n"
        for i, f in enumerate(entry.findings, start=1)
    )
    flagged = ' class="flagged"' if entry.findings else ""
    inner = f"<ul>\n{notes}{findings}</ul>\n" if notes or findings else ""
    return (
        f'<li id="v{number}"{flagged}><strong>@{number}</strong> · {when(version.observed_at)}'
        f"{words}{revert} · {' · '.join(links)}\n{inner}</li>\n"
    )


# --- a version -----------------------------------------------------------------------------


def version_page(
    summary: ArticleSummary, version: Version, facts: Sequence[tuple[str, str]]
) -> str:
    """One version's text, with what is known of how it was taken (``facts``: the raw
    capture's, where the store keeps one)."""
    number = version.number
    title = version.title or summary.title or summary.name
    steps = []
    if number > 1:
        steps.append(f'<a href="{number - 1}.html">← @{number - 1}</a>')
        steps.append(f'<a href="../c/{number}.html">what changed</a>')
    if number < summary.versions:
        steps.append(f'<a href="{number + 1}.html">@{number + 1} →</a>')
    paragraphs = "".join(
        f"<p>{'<br>'.join(esc(line) for line in block.split(chr(10)))}</p>\n"
        for block in version.text.split("\n\n")
        if block.strip()
    )
    body = (
        f'<header>\n<p class="kicker">{esc(summary.name)}@{number} · version {number} of '
        f"{summary.versions}</p>\n<h1>{esc(title)}</h1>\n"
        f'<p class="meta">{" · ".join(steps)}</p>\n</header>\n'
        f"{capture_section(version, facts)}"
        f'<main class="text">\n{paragraphs}</main>\n'
        f"<footer>{esc(version.hash)} · {plural(version.word_count, 'word')}</footer>\n"
    )
    crumbs = [(f"articles/{summary.slug}/index.html", summary.title or summary.name)]
    return shell(f"{title} @{number}", "../../../", crumbs, body)


def capture_section(version: Version, facts: Sequence[tuple[str, str]]) -> str:
    """How the version was taken: when it was observed and from what source, then the raw
    capture's facts (final address, status, headers, fetch time) when the store has them."""
    rows = [("Observed", when(version.observed_at)), ("Source", esc(version.source))]
    rows += [(esc(k.capitalize()), esc(v)) for k, v in sorted(version.metadata.items())]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>\n" for k, v in rows)
    raw = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>\n" for k, v in facts)
    capture = (
        f'<h3>The page as received</h3>\n<dl class="raw">\n{raw}</dl>\n'
        if facts
        else '<p class="muted">No raw capture is kept for this version (read from a file, '
        "or stored before captures were kept).</p>\n"
    )
    return (
        '<section class="capture" id="capture">\n<h2>How it was taken</h2>\n'
        f"<dl>\n{items}</dl>\n{capture}</section>\n"
    )


# --- a change ------------------------------------------------------------------------------


def change_top(summary: ArticleSummary, report: ChangeReport) -> str:
    """The links atop a change page (the ``html`` report): back to the archive and the
    article, and on to the versions compared."""
    old, new = report.old.number, report.new.number
    return (
        '<nav class="crumbs"><a href="../../../index.html">All articles</a> › '
        f'<a href="../index.html">{esc(summary.title or summary.name)}</a> › '
        f'<a href="../v/{old}.html">@{old}</a> → <a href="../v/{new}.html">@{new}</a></nav>\n'
    )


# --- feed entries --------------------------------------------------------------------------


def change_entries(summary: ArticleSummary, entries: Sequence[LogEntry]) -> Iterator[FeedEntry]:
    """A feed entry for each change of an article (each version after the first)."""
    title = summary.title or summary.name
    for entry in entries:
        number = entry.version.number
        if number < 2:
            continue
        notes = "; ".join(kind_and_time(n) for n in entry.new_notes)
        summary_text = (
            f"+{entry.words_added:,} −{entry.words_deleted:,} words"
            + (f"; new notes: {notes}" if notes else "; no new note")
            + (f"; {plural(len(entry.findings), 'finding')}" if entry.findings else "")
        )
        yield FeedEntry(
            _urn(summary.name, "change", number),
            f"{title}: @{number - 1} → @{number}",
            entry.version.observed_at,
            f"articles/{summary.slug}/c/{number}.html",
            summary_text,
        )


def finding_entries(summary: ArticleSummary, entries: Sequence[LogEntry]) -> Iterator[FeedEntry]:
    """A feed entry for each finding about a change of an article."""
    title = summary.title or summary.name
    for entry in entries:
        number = entry.version.number
        for i, finding in enumerate(entry.findings, start=1):
            yield FeedEntry(
                _urn(summary.name, f"finding-{i}", number),
                f"{title}: {finding_label(finding)} (@{number - 1} → @{number})",
                entry.version.observed_at,
                f"articles/{summary.slug}/c/{number}.html#f{i}",
                finding.message,
            )


def severities(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings counted by severity."""
    counts: dict[str, int] = {}
    for finding in findings:
        key = finding.severity.value if finding.severity is not None else "unrated"
        counts[key] = counts.get(key, 0) + 1
    return counts


def _urn(name: str, kind: str, number: int) -> str:
    """An entry's id: the same in every build, whatever the archive's address."""
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, f"revtrack:{name}:{kind}:{number}").urn
