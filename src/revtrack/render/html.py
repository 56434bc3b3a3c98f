"""The ``html`` format of a change report: one self-contained page to keep, share or publish.

The page holds everything it shows: its style is inline, and it loads nothing (no script,
font or image), which its Content-Security-Policy also forbids. Article text and metadata are
always escaped, so markup, scripts or links in an article show as the text they are.
Unchanged paragraphs between the changes are folded into ``<details>`` that open without a
script. The layout reads on a phone and a laptop, follows a dark system theme, and prints.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from revtrack.models import ChangeReport, Finding, Note, Version
from revtrack.render.layout import (
    Gap,
    Paragraph,
    Piece,
    collapse,
    finding_label,
    flat,
    ignored_text,
    kind_and_time,
    paragraphs,
    plural,
    sentence_counts,
    transition,
)
from revtrack.text import visible
from revtrack.times import show_time, to_iso

if TYPE_CHECKING:
    from revtrack.render import RenderOptions

#: No request of any kind: styles only from the page itself.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """
:root { --ink: #1d1d1f; --muted: #5f6368; --paper: #fff; --rule: #d9d9de;
  --ins-ink: #0b5d1e; --ins-bg: #dcf5e3; --del-ink: #8a1c1c; --del-bg: #fbe3e3;
  --move-ink: #174ea6; --move-bg: #e3ecfb; --warn: #8a5a00; --warn-bg: #fff4d6; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e8e8ea; --muted: #a0a4ab; --paper: #16171a; --rule: #3a3c42;
    --ins-ink: #9ee6b0; --ins-bg: #173b23; --del-ink: #f3a6a6; --del-bg: #4a1f1f;
    --move-ink: #a9c6ff; --move-bg: #1d2c4a; --warn: #ffd27a; --warn-bg: #3d3113; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 46rem; padding: 1.25rem 1rem 3rem; color: var(--ink);
  background: var(--paper); font: 17px/1.6 Georgia, "Times New Roman", serif;
  overflow-wrap: break-word; }
header, .notes, .findings, footer, .legend, summary { font-family: system-ui, -apple-system,
  "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.kicker { margin: 0; color: var(--muted); font-size: .8rem; letter-spacing: .06em;
  text-transform: uppercase; }
h1 { margin: .2rem 0 .4rem; font-size: 1.45rem; line-height: 1.25; }
h2 { margin: 1.4rem 0 .4rem; font-size: .95rem; text-transform: uppercase;
  letter-spacing: .04em; color: var(--muted); }
.headline-was { margin: 0 0 .6rem; color: var(--muted); font-size: .9rem; }
.versions { display: grid; grid-template-columns: auto 1fr; gap: .15rem .8rem; margin: .6rem 0;
  font-size: .92rem; }
.versions dt { font-weight: 600; }
.versions dd { margin: 0; }
.stats { margin: .6rem 0 0; font-size: .95rem; }
.count-ins { color: var(--ins-ink); font-weight: 700; }
.count-del { color: var(--del-ink); font-weight: 700; }
ul { margin: 0; padding-left: 1.2rem; }
li { margin: .35rem 0; font-size: .92rem; }
.findings li { background: var(--warn-bg); color: var(--ink); list-style: none;
  margin-left: -1.2rem; padding: .4rem .6rem; border-left: 4px solid var(--warn); }
.findings strong { color: var(--warn); }
.sign { font-weight: 700; }
main { margin-top: 1.4rem; border-top: 1px solid var(--rule); }
main p { margin: 1rem 0; }
ins { color: var(--ins-ink); background: var(--ins-bg); text-decoration: none;
  border-bottom: 2px solid currentColor; }
del { color: var(--del-ink); background: var(--del-bg); text-decoration: line-through; }
del + ins, ins + del { margin-left: .15em; }
.moved { color: var(--move-ink); background: var(--move-bg); }
.where { color: var(--muted); font: italic .85rem system-ui, sans-serif; }
.legend { color: var(--muted); font-size: .85rem; }
details.gap { margin: 1rem 0; color: var(--muted); }
details.gap summary { cursor: pointer; font-size: .85rem; }
details.gap[open] { color: var(--ink); }
footer { margin-top: 2rem; padding-top: .6rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: .8rem; }
@media (max-width: 30rem) { body { font-size: 16px; } h1 { font-size: 1.25rem; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  ins, del, .moved, .findings li { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details.gap summary { list-style: none; } }
"""

#: What a page of a static archive adds: its bar of links, and the targets of the findings'.
EXTRA_STYLE = """
nav.crumbs { font: .85rem/1.5 system-ui, sans-serif; margin-bottom: 1rem; }
nav.crumbs a, .goto a { color: var(--move-ink); }
:target { outline: 2px solid var(--warn); outline-offset: 2px; }
@media print { nav.crumbs { display: none; } }
"""


def write_report(report: ChangeReport, options: RenderOptions, out: IO[str]) -> None:
    """The ``html`` format: a whole page."""
    out.write(page(report, options))


def page(
    report: ChangeReport, options: RenderOptions, *, top: str = "", anchored: bool = False
) -> str:
    """The whole page; ``top``, markup of the caller's, opens its body (a static archive's
    links), and ``anchored`` paragraphs have ids that the findings link their changes to
    (``#p3``: paragraph 3 of the new version; ``#o3``: of the old one, for one taken out)."""
    return "".join(_page(report, options, top, anchored))


def esc(text: str) -> str:
    """Article text or metadata as HTML text: escaped, control characters made visible."""
    return html.escape(visible(text), quote=True)


def _page(
    report: ChangeReport, options: RenderOptions, top: str = "", anchored: bool = False
) -> Iterator[str]:
    from importlib.metadata import version

    old, new = report.old, report.new
    title = new.title or old.title or report.article
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="generator" content="revtrack {esc(version("revtrack"))}">\n'
        f"<title>{esc(title)}: @{old.number} → @{new.number}</title>\n"
        f"<style>{STYLE}{EXTRA_STYLE if top else ''}</style>\n</head>\n<body>\n{top}"
    )
    yield from _header(report, title, options)
    yield from _notes(report)
    yield from _findings(report.findings, anchored)
    ignored = ignored_text(report.ignored_by)
    if ignored:
        yield f'<p class="meta">{esc(ignored)}</p>\n'
    if not options.stat:
        yield from _article(report, options, anchored)
    yield (
        f"<footer>Compared by revtrack {esc(version('revtrack'))}: "
        f"{esc(report.article)}@{old.number} and @{new.number}.</footer>\n</body>\n</html>\n"
    )


def _header(report: ChangeReport, title: str, options: RenderOptions) -> Iterator[str]:
    old, new = report.old, report.new
    yield '<header>\n<p class="kicker">What changed</p>\n'
    yield f"<h1>{esc(title)}</h1>\n"
    if old.title and new.title and old.title != new.title:
        yield f'<p class="headline-was">Headline before: {esc(old.title)}</p>\n'
    address = new.metadata.get("url")
    if address:  # as the page gives it: shown, not linked (a page may name any address)
        yield f'<p class="article">Address the page gives: {esc(address)}</p>\n'
    yield '<dl class="versions">\n'
    yield _version("Before", old, utc=options.utc)
    yield _version("After", new, utc=options.utc)
    yield "</dl>\n"
    stats = report.diff.stats
    sentences = sentence_counts(stats)
    yield (
        f'<p class="stats"><span class="count-ins">+{stats.words_added:,}</span> '
        f'<span class="count-del">−{stats.words_deleted:,}</span> words'
        + (f" · sentences: {sentences}" if sentences else "")
        + f" · {stats.change_ratio:.1%} changed</p>\n</header>\n"
    )


def _version(label: str, version: Version, *, utc: bool) -> str:
    shown = show_time(version.observed_at, utc=utc)
    revert = f" (same text as @{version.revert_of})" if version.revert_of is not None else ""
    return (
        f"<dt>{label}</dt><dd>{esc(version.article)}@{version.number} · "
        f'<time datetime="{to_iso(version.observed_at)}">{shown}</time> · '
        f"{plural(version.word_count, 'word')}{revert}</dd>\n"
    )


def _notes(report: ChangeReport) -> Iterator[str]:
    notes = [("+", "added", n) for n in report.notes_added]
    notes += [("−", "removed", n) for n in report.notes_removed]
    if not notes:
        return
    yield '<section class="notes">\n<h2>Editorial notes</h2>\n<ul>\n'
    for sign, how, note in notes:
        yield _note(sign, how, note)
    yield "</ul>\n</section>\n"


def _note(sign: str, how: str, note: Note) -> str:
    return (
        f'<li class="{how}"><span class="sign" title="{how}">{sign}</span> '
        f"<strong>{esc(kind_and_time(note))}</strong>: {esc(flat(note.text))}</li>\n"
    )


def _findings(findings: Sequence[Finding], anchored: bool = False) -> Iterator[str]:
    if not findings:
        return
    yield '<section class="findings">\n<h2>Stealth-edit findings</h2>\n<ul>\n'
    for number, finding in enumerate(findings, start=1):
        where = _where(finding) if anchored else ""
        ident = f' id="f{number}"' if anchored else ""
        yield (
            f"<li{ident}><strong>{finding_label(finding)}</strong> ({transition(finding)}): "
            f"{esc(finding.message)}{where}</li>\n"
        )
    yield "</ul>\n</section>\n"


def _where(finding: Finding) -> str:
    """Links to the paragraphs a finding's changes are in: the new version's, or the old
    one's for a sentence taken out."""
    links: list[str] = []
    for change in finding.changes:
        if change.new_paragraph is not None:
            target, label = f"p{change.new_paragraph}", f"¶{change.new_paragraph}"
        elif change.old_paragraph is not None:
            target, label = f"o{change.old_paragraph}", f"old ¶{change.old_paragraph}"
        else:
            continue
        link = f'<a href="#{target}">{label}</a>'
        if link not in links:
            links.append(link)
    return f' <span class="goto">See {", ".join(links)}.</span>' if links else ""


def _article(report: ChangeReport, options: RenderOptions, anchored: bool) -> Iterator[str]:
    yield (
        '<main>\n<p class="legend"><del>deleted</del> <ins>inserted</ins> '
        '<span class="moved">moved</span></p>\n'
    )
    for item in collapse(paragraphs(report.diff.blocks, options.by), options.context):
        if isinstance(item, Gap):
            yield f'<details class="gap"><summary>{esc(item.label)}</summary>\n'
            yield from (_paragraph(p, anchored) for p in item.paragraphs)
            yield "</details>\n"
        else:
            yield _paragraph(item, anchored)
    yield "</main>\n"


_TAGS = {
    "delete": ("<del>", "</del>"),
    "insert": ("<ins>", "</ins>"),
    "moved": ('<span class="moved">', "</span>"),
}


def _paragraph(paragraph: Paragraph, anchored: bool = False) -> str:
    ident = also = ""
    if anchored and paragraph.new is not None:
        ident = f' id="p{paragraph.new}"'
        also = f'<span id="o{paragraph.old}"></span>' if paragraph.old is not None else ""
    elif anchored and paragraph.old is not None:
        ident = f' id="o{paragraph.old}"'
    return f"<p{ident}>{also}{''.join(_pieces(paragraph.pieces))}</p>\n"


def _pieces(pieces: Sequence[Piece]) -> Iterator[str]:
    for kind, raw in pieces:
        text = "<br>".join(esc(line) for line in raw.split("\n"))
        if kind == "note":
            yield f' <span class="where">({text})</span>'
        elif kind == "equal":
            yield text
        else:
            start, end = _TAGS[kind]
            yield f"{start}{text}{end}"
