"""JSON output: documented, versioned shapes with a stable key order.

Every object carries ``"schema": "revtrack.<shape>/<version>"``; a shape's version changes only
when a key is removed or changes meaning (new keys may be added).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from revtrack.alerts import Alert, AlertTarget, Refreshed
from revtrack.evidence import Blame, SearchResult, Seen
from revtrack.models import (
    ArticleLog,
    Block,
    ChangeReport,
    CheckReport,
    CopyReport,
    Finding,
    IgnoreRule,
    Note,
    NotesHistory,
    Outcome,
    Problem,
    Recorded,
    RefreshReport,
    Version,
)
from revtrack.times import to_iso

if TYPE_CHECKING:
    from revtrack.render import RenderOptions

JsonObject = dict[str, Any]


#: What JSON leaves raw that a terminal would act on: C1 controls (and DEL), and the bidi
#: overrides that reorder what a reader sees. (JSON escapes the C0 controls itself.)
_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dump(value: JsonObject, file: IO[str]) -> None:
    """``value`` as JSON, in UTF-8 but for the characters of :data:`_RAW`, which are escaped
    (``\\u009b``): the same JSON to a reader, and nothing a terminal acts on."""
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(value):
        file.write(_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", chunk))
    file.write("\n")


def version_meta(version: Version) -> JsonObject:
    return {
        "article": version.article,
        "number": version.number,
        "observed_at": to_iso(version.observed_at),
        "hash": version.hash,
        "source": version.source,
        "title": version.title,
        "bytes": version.byte_count,
        "words": version.word_count,
        "revert_of": version.revert_of,
        "metadata": dict(version.metadata),
    }


def added(recorded: Recorded) -> JsonObject:
    return {
        "schema": "revtrack.add/1",
        "status": recorded.status.value,
        "version": version_meta(recorded.version),
        "words_added": recorded.words_added,
        "words_deleted": recorded.words_deleted,
        "new_notes": [note(n) for n in recorded.new_notes],
        "findings": [finding(f) for f in recorded.findings],
    }


def write_report(change: ChangeReport, options: RenderOptions, out: IO[str]) -> None:
    """The ``json`` format of a change report."""
    dump(report(change, stat=options.stat), out)


def report(change: ChangeReport, *, stat: bool = False) -> JsonObject:
    """The whole report; with ``stat``, without its blocks."""
    stats = change.diff.stats
    out: JsonObject = {
        "schema": "revtrack.report/1",
        "article": change.article,
        "old": version_meta(change.old),
        "new": version_meta(change.new),
        "changed": change.diff.changed,
        "severity": None if change.severity is None else change.severity.value,
        "stats": {
            "sentences_added": stats.sentences_added,
            "sentences_deleted": stats.sentences_deleted,
            "sentences_edited": stats.sentences_edited,
            "sentences_moved": stats.sentences_moved,
            "words_added": stats.words_added,
            "words_deleted": stats.words_deleted,
            "change_ratio": stats.change_ratio,
        },
    }
    out["notes"] = {
        "added": [note(n) for n in change.notes_added],
        "removed": [note(n) for n in change.notes_removed],
    }
    out["findings"] = [finding(f) for f in change.findings]
    out["ignored_by"] = [ignore_rule(r) for r in change.ignored_by]
    if not stat:
        out["blocks"] = [_block(block) for block in change.diff.blocks]
    return out


def _block(block: Block) -> JsonObject:
    out: JsonObject = {"action": block.action.value}
    if block.move is not None:
        out["move"] = {
            "id": block.move.id,
            "side": block.move.side.value,
            "old_paragraph": block.move.old_paragraph,
            "new_paragraph": block.move.new_paragraph,
        }
    out["spans"] = [
        {"op": span.op.value, "text": span.text} | ({"ignored": True} if span.ignored else {})
        for span in block.spans
    ]
    return out


def log(history: ArticleLog) -> JsonObject:
    return {
        "schema": "revtrack.log/1",
        "article": history.article,
        "versions": [
            version_meta(entry.version)
            | {
                "words_added": entry.words_added,
                "words_deleted": entry.words_deleted,
                "new_notes": [note(n) for n in entry.new_notes],
                "findings": [finding(f) for f in entry.findings],
            }
            for entry in history.entries
        ],
        "ignored_by": [ignore_rule(r) for r in history.ignored_by],
        "damaged": [problem(p) for p in history.damaged],
    }


def problem(found: Problem) -> JsonObject:
    """Something wrong in the store: a damaged version, or another row."""
    return {
        "kind": found.kind.value,
        "article": found.article,
        "version": found.version,
        "message": found.message,
    }


def checked(report: CheckReport) -> JsonObject:
    """What ``check`` found: how the database checked itself, what was checked, and every
    problem."""
    return {
        "schema": "revtrack.check/1",
        "store": report.store,
        "database_check": report.method,
        "articles": report.articles,
        "versions": report.versions,
        "damaged_versions": len(report.damaged_versions),
        "problems": [problem(p) for p in report.problems],
        "seconds": round(report.seconds, 3),
    }


def text(version: Version) -> JsonObject:
    return {"schema": "revtrack.version/1", **version_meta(version), "text": version.text}


def note(found: Note) -> JsonObject:
    """A note as found in one version: ``timestamp`` is ISO 8601 (with offset when date, time
    and zone are known, a date alone when only the date is), ``null`` without a date."""
    stamp = found.time
    return {
        "kind": found.kind.value,
        "text": found.text,
        "timestamp": stamp.isoformat() if stamp else None,
        "tz": stamp.tz if stamp else None,
        "inferred": list(stamp.inferred) if stamp else [],
    }


def finding(found: Finding) -> JsonObject:
    return {
        "kind": found.kind.value,
        "from_version": found.from_version,
        "to_version": found.to_version,
        "message": found.message,
        "note": None if found.note is None else note(found.note),
        "severity": None if found.severity is None else found.severity.value,
        "changes": [
            {
                "kind": c.kind.value,
                "old": c.old,
                "new": c.new,
                "old_paragraph": c.old_paragraph,
                "new_paragraph": c.new_paragraph,
                "severity": c.severity.value,
                "why": c.why,
            }
            for c in found.changes
        ],
        "notes_weighed": [{"note": note(w.note), "reason": w.reason} for w in found.weighed],
    }


def notes(history: NotesHistory) -> JsonObject:
    return {
        "schema": "revtrack.notes/1",
        "article": history.article,
        "notes": [
            note(tracked.note)
            | {
                "first_version": tracked.first_version,
                "last_version": tracked.last_version,
                "changed_in": list(tracked.changed_in),
                "removed_in": tracked.removed_in,
                "replaced": tracked.replaced,
                "last_text": tracked.text,
                "restored_in": list(tracked.restored_in),
            }
            for tracked in history.notes
        ],
        "findings": [finding(f) for f in history.findings],
        "ignored_by": [ignore_rule(r) for r in history.ignored_by],
        "damaged": [problem(p) for p in history.damaged],
    }


def refreshed(report: RefreshReport) -> JsonObject:
    """One object per article checked, the feeds, and a summary."""
    return {
        "schema": "revtrack.refresh/1",
        "articles": [
            {
                "article": r.article,
                "url": r.url,
                "status": r.outcome.value,
                "version": None if r.recorded is None else version_meta(r.recorded.version),
                "words_added": r.recorded.words_added if r.recorded else None,
                "words_deleted": r.recorded.words_deleted if r.recorded else None,
                "new_notes": [note(n) for n in r.recorded.new_notes] if r.recorded else [],
                "findings": [finding(f) for f in r.recorded.findings] if r.recorded else [],
                "error": r.error,
            }
            for r in report.results
        ],
        "feeds": [
            {
                "url": f.url,
                "new_articles": f.new_articles,
                "held_back": f.held_back,
                "error": f.error,
            }
            for f in report.feeds
        ],
        "alerts": [_alert(a) for a in report.alerts] if isinstance(report, Refreshed) else [],
        "summary": {
            "checked": len(report.results),
            "changed": report.count(Outcome.CHANGED),
            "new": report.count(Outcome.NEW),
            "unchanged": report.count(Outcome.UNCHANGED, Outcome.NOT_MODIFIED),
            "not_modified": report.count(Outcome.NOT_MODIFIED),
            "failed": report.count(Outcome.FAILED),
            "seconds": round(report.seconds, 3),
        },
    }


def _alert(alert: Alert) -> JsonObject:
    """An alert a refresh tried to deliver: sent, or kept in the queue with its error."""
    return {
        "alert": alert.target,
        "url": alert.url,
        "article": alert.article,
        "title": alert.title,
        "sent": alert.sent,
        "attempts": alert.attempts,
        "error": alert.error,
    }


def alert_targets(targets: Sequence[AlertTarget]) -> JsonObject:
    """``alert list --json``: the saved targets by number, their secrets masked."""
    return {
        "schema": "revtrack.alerts/1",
        "targets": [
            {
                "id": t.id,
                "url": t.url,
                "scope": t.scope.split()[0],  # store, article or site
                "article": t.article,
                "site": t.site,
                "min_severity": t.min_severity.value,
                "created_at": None if t.created is None else to_iso(t.created),
            }
            for t in targets
        ],
    }


def copied(report: CopyReport) -> JsonObject:
    """What ``copy`` did: the source's articles, the versions written and those the target
    had already, the feeds and the rules."""
    return {
        "schema": "revtrack.copy/1",
        "articles": report.articles,
        "versions_copied": report.copied,
        "versions_present": report.present,
        "feeds": report.feeds,
        "rules": report.rules,
    }


def ignore_rule(rule: IgnoreRule) -> JsonObject:
    """A rule that applied: a built-in one by ``name``, a saved one by ``id`` and scope."""
    return {
        "name": rule.name,
        "id": rule.id,
        "scope": _scope(rule),
        "article": rule.article,
        "site": rule.site,
        "pattern": rule.pattern,
    }


def _scope(rule: IgnoreRule) -> str:
    if rule.name is not None:
        return "builtin"
    return "article" if rule.article else "site" if rule.site else "store"


def ignore_rules(
    builtin: Sequence[IgnoreRule], rules: Sequence[IgnoreRule], disabled: frozenset[str]
) -> JsonObject:
    """``ignore list --json``: the built-in rules, on or off, and the saved rules by id."""
    return {
        "schema": "revtrack.ignore/1",
        "builtin": [
            {
                "name": rule.name,
                "enabled": rule.enabled(disabled),
                "pattern": rule.pattern,
                "description": rule.description,
            }
            for rule in builtin
        ],
        "rules": [
            {
                "id": rule.id,
                "scope": _scope(rule),
                "article": rule.article,
                "site": rule.site,
                "pattern": rule.pattern,
            }
            for rule in rules
        ],
    }


def _seen(seen: Seen) -> JsonObject:
    return {"number": seen.number, "observed_at": to_iso(seen.observed_at)}


def blamed(blame: Blame) -> JsonObject:
    """``blame --json``: the version, and each of its sentences with the version that gave it
    its wording and the notes that first appeared there."""
    return {
        "schema": "revtrack.blame/1",
        "article": blame.article,
        "version": version_meta(blame.version),
        "sentences": [
            {
                "paragraph": sentence.paragraph,
                "text": sentence.text,
                "version": sentence.origin.number,
                "observed_at": to_iso(sentence.origin.observed_at),
                "notes": [note(n) for n in sentence.notes],
            }
            for sentence in blame.sentences
        ],
        "damaged": [problem(p) for p in blame.damaged],
    }


def searched(result: SearchResult) -> JsonObject:
    """``search --json``: each article with versions that hold the query, and when."""
    return {
        "schema": "revtrack.search/1",
        "query": result.query,
        "terms": list(result.terms),
        "articles": [
            {
                "article": found.article,
                "url": found.url,
                "versions": list(found.versions),
                "first": _seen(found.first),
                "last": _seen(found.last),
                "latest": _seen(found.latest),
                "in_latest": found.in_latest,
                "removed": None if found.removed is None else _seen(found.removed),
                "stretches": [
                    {
                        "first": _seen(s.first),
                        "last": _seen(s.last),
                        "removed": None if s.removed is None else _seen(s.removed),
                    }
                    for s in found.stretches
                ],
                "excerpt": found.excerpt,
            }
            for found in result.found
        ],
        "damaged": [problem(p) for p in result.damaged],
    }
