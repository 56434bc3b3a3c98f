"""Alerts as text: the message a change sends (a title and a plain-text body, concise enough
for a phone's notification and whole in a mail), and the lines of ``alert list``.

Article text is data here too: what a message quotes of a version goes through
:func:`revtrack.text.visible`, so control characters never reach a service or a terminal.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Sequence
from typing import IO

from revtrack.alerts import AlertTarget
from revtrack.models import DiffStats, FindingKind, Note, Transition
from revtrack.render.layout import Line, finding_label, plural, sentence_counts
from revtrack.render.output import Output
from revtrack.text import visible
from revtrack.times import show_time

#: What the title counts of each kind of finding: one, and several.
_COUNTED = {
    FindingKind.UNNOTED_CHANGE: ("unnoted change", "unnoted changes"),
    FindingKind.UNDESCRIBED_CHANGE: ("change with only a time stamp", "changes with only a stamp"),
    FindingKind.CHANGE_BEYOND_NOTE: ("change beyond the notes", "changes beyond the notes"),
    FindingKind.ARTICLE_CUT: ("article cut", "article cuts"),
    FindingKind.NOTE_TIME_OUTSIDE_WINDOW: ("misdated note", "misdated notes"),
    FindingKind.NOTE_EDITED: ("note edited", "notes edited"),
    FindingKind.NOTE_REMOVED: ("note removed", "notes removed"),
    FindingKind.NOTE_WITHOUT_CHANGE: ("note without a change", "notes without a change"),
}


def message(article: str, change: Transition, stats: DiffStats) -> tuple[str, str]:
    """The title and body of the alert of one change: ``talks: version 3 — 2 notes, 1
    unnoted change``; then what changed, in sentences and words, the notes it brought (kind,
    time stamp, text), its findings, and the command that shows it."""
    name = visible(article)
    title = f"{name}: version {change.to_version} — {_summary(change)}"
    body = [
        f"{name} @{change.from_version} → @{change.to_version}: sentences "
        f"{sentence_counts(stats) or 'the same'} "
        f"(+{stats.words_added:,} -{stats.words_deleted:,} words)"
        + (f", {change.severity}" if change.severity is not None else ""),
    ]
    if change.new_notes:
        body += ["", "Notes:", *(f"- {_note(note)}" for note in change.new_notes)]
    if change.findings:
        body += ["", "Findings:"]
        body += [f"- {finding_label(f)}: {visible(f.message)}" for f in change.findings]
    command = f"revtrack diff {shlex.quote(article)} @{change.from_version} @{change.to_version}"
    body += ["", f"See: {visible(command)}"]
    return title, "\n".join(body)


def _summary(change: Transition) -> str:
    parts = [plural(len(change.new_notes), "note")] if change.new_notes else []
    counts: dict[FindingKind, int] = {}
    for finding in change.findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    for kind, count in counts.items():
        one, several = _COUNTED[kind]
        parts.append(f"{count} {one if count == 1 else several}")
    if parts:
        return ", ".join(parts)
    return f"{change.severity} changes" if change.severity is not None else "changed"


def _note(note: Note) -> str:
    stamp = (note.time.isoformat() if note.time else None) or note.stamp
    kind = note.kind.label + (f" {visible(stamp)}" if stamp else "")
    return f"{kind}: {visible(' '.join(note.text.split()))}"


# --- alert list --------------------------------------------------------------------------


def write_targets(
    targets: Sequence[AlertTarget], out: IO[str] | None = None, *, color: str = "auto"
) -> None:
    """The saved targets: number, least severity, scope, URL (secrets masked), created."""
    Output(out, color).lines(target_lines(targets))


def target_lines(targets: Sequence[AlertTarget]) -> Iterator[Line]:
    if not targets:
        yield [("no alert targets: add one with revtrack alert add URL", "")]
        return
    number = max(len("alert"), *(len(str(t.id)) for t in targets))
    scope = max(len("scope"), *(len(visible(t.scope)) for t in targets))
    yield [(f"{'alert':<{number}}  {'from':<11}  {'scope':<{scope}}  url", "revtrack.header")]
    for target in targets:
        created = f"  (added {show_time(target.created)})" if target.created else ""
        yield [
            (f"{target.id!s:<{number}}", "revtrack.number"),
            (f"  {target.min_severity.value:<11}  {visible(target.scope):<{scope}}  ", ""),
            (visible(target.url), ""),
            (created, "revtrack.meta"),
        ]


def target_line(target: AlertTarget) -> str:
    """``alert 2: json://host/hook, store, from minor``: one target, in a message."""
    return f"{target.label}: {target.url}, {target.scope}, from {target.min_severity.value}"
