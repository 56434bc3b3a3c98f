"""Combine stored versions and their diffs into the models that renderers read."""

from __future__ import annotations

from collections.abc import Sequence

from revtrack.diff import diff
from revtrack.models import ArticleLog, ChangeReport, LogEntry, Version


def build_report(old: Version, new: Version) -> ChangeReport:
    """The change between two versions of an article."""
    return ChangeReport(article=new.article, old=old, new=new, diff=diff(old.text, new.text))


def build_log(article: str, versions: Sequence[Version]) -> ArticleLog:
    """One entry per version, with the words added and removed since the one before."""
    entries = []
    previous: Version | None = None
    for version in versions:
        if previous is None:
            added, removed = version.word_count, 0
        else:
            stats = diff(previous.text, version.text).stats
            added, removed = stats.words_added, stats.words_deleted
        entries.append(LogEntry(version=version, words_added=added, words_deleted=removed))
        previous = version
    return ArticleLog(article=article, entries=tuple(entries))
