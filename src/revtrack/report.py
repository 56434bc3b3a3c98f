"""Combine stored versions and their diffs into the models that renderers read."""

from __future__ import annotations

from collections.abc import Sequence

from revtrack.diff import DiffOptions, diff
from revtrack.models import ArticleLog, ChangeReport, LogEntry, Version


def build_report(old: Version, new: Version, options: DiffOptions | None = None) -> ChangeReport:
    """The change between two versions of an article."""
    change = diff(old.text, new.text, options)
    return ChangeReport(article=new.article, old=old, new=new, diff=change)


def word_changes(previous: Version | None, version: Version) -> tuple[int, int]:
    """Words added and removed since the previous version (all added for the first)."""
    if previous is None:
        return version.word_count, 0
    stats = diff(previous.text, version.text).stats
    return stats.words_added, stats.words_deleted


def build_log(article: str, versions: Sequence[Version]) -> ArticleLog:
    """One entry per version, with the words added and removed since the one before."""
    entries = []
    for previous, version in zip([None, *versions], versions, strict=False):
        added, removed = word_changes(previous, version)
        entries.append(LogEntry(version=version, words_added=added, words_deleted=removed))
    return ArticleLog(article=article, entries=tuple(entries))
