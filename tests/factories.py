"""Models built without a store, for the stages that only read them: report and renderers.

Versions are made as the store would make them (normalised text, hash, counts, reverts), so a
report built here is the report the commands build from stored versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from conftest import article_versions

from revtrack.models import ChangeReport, Criteria, Version
from revtrack.noise import BUILTIN
from revtrack.report import build_report
from revtrack.text import content_hash, count_words, normalize

#: When the first version of a fixture article is observed: 09:00 in New York, as the CLI
#: goldens' first ``--at``.
START = datetime(2025, 1, 2, 14, tzinfo=UTC)
STEP = timedelta(hours=3)


def version(
    text: str,
    number: int = 1,
    *,
    article: str = "talks",
    at: datetime = START,
    source: str = "file",
    revert_of: int | None = None,
    title: str | None = None,
) -> Version:
    """A version holding ``text`` as given (not normalised)."""
    return Version(
        article=article,
        number=number,
        observed_at=at,
        hash=content_hash(text),
        source=source,
        byte_count=len(text.encode()),
        word_count=count_words(text),
        text=text,
        revert_of=revert_of,
        title=title,
    )


def history(
    texts: Sequence[str], *, article: str = "talks", start: datetime = START, step: timedelta = STEP
) -> list[Version]:
    """Versions of one article holding ``texts`` (normalised), ``step`` apart, reverts marked."""
    versions: list[Version] = []
    for number, raw in enumerate(texts, start=1):
        text = normalize(raw)
        earlier = next((v.number for v in versions if v.text == text), None)
        at = start + step * (number - 1)
        versions.append(version(text, number, article=article, at=at, revert_of=earlier))
    return versions


def fixture_history(name: str, *, start: datetime = START, step: timedelta = STEP) -> list[Version]:
    """The versions of a fixture article (``fixtures/articles/NAME``)."""
    texts = [path.read_text(encoding="utf-8") for path in article_versions(name)]
    return history(texts, article=name, start=start, step=step)


def fixture_report(name: str, a: int, b: int, *, lines: bool = False) -> ChangeReport:
    """The report between versions ``a`` and ``b`` of a fixture article, as ``diff`` builds it
    (with the built-in ignore rules, as a new store has them)."""
    versions = fixture_history(name)
    criteria = Criteria(ignore=BUILTIN)
    return build_report(
        versions[a - 1], versions[b - 1], history=versions, criteria=criteria, lines=lines
    )


def text_report(old: str, new: str, *, article: str = "talks", lines: bool = True) -> ChangeReport:
    """A report between two texts as given (not normalised, possibly empty), 3 hours apart."""
    return build_report(
        version(old, 1, article=article),
        version(new, 2, article=article, at=START + STEP),
        lines=lines,
    )
