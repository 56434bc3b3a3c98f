"""The frozen values of ``blame`` and ``search``, which the renderers read: where each sentence of
a version got its wording, and which versions of which articles hold a word or a phrase.

(They stand beside :mod:`revtrack.models`, as its siblings: what the whole history of an
article shows, where the models there mostly show one change.)
"""

from __future__ import annotations

from datetime import datetime

from revtrack.frozen import dataclass
from revtrack.models import Note, Problem, Version


@dataclass(frozen=True)
class Seen:
    """A version named by its number and the time it was observed."""

    number: int
    observed_at: datetime  # timezone-aware, UTC


# --- blame -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlamedSentence:
    """A sentence of the version blamed, and the version that gave it its wording."""

    text: str  # as in the version, without the whitespace before it
    paragraph: int  # 1-based, in the version blamed
    origin: Seen  # the version that gave the sentence its present wording
    #: The notes that first appeared in that version: those that announced its change.
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Blame:
    """Each sentence of one version of an article, with where its wording comes from."""

    article: str
    version: Version
    sentences: tuple[BlamedSentence, ...]
    #: The versions up to this one that could not be read (the origins are taken across them).
    damaged: tuple[Problem, ...] = ()


# --- search ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stretch:
    """Consecutive versions that hold what was searched for, and the one that removed it."""

    first: Seen
    last: Seen
    removed: Seen | None = None  # the version after ``last``; None when ``last`` is the latest


@dataclass(frozen=True)
class Found:
    """One article with versions that hold what was searched for."""

    article: str
    url: str | None
    versions: tuple[int, ...]  # the numbers of every version that holds it
    stretches: tuple[Stretch, ...]  # those versions, in runs, oldest first
    latest: Seen  # the article's latest version
    excerpt: str  # the first match in the last version that holds it, with its context

    @property
    def first(self) -> Seen:
        """The first version that held it."""
        return self.stretches[0].first

    @property
    def last(self) -> Seen:
        """The last version that holds it."""
        return self.stretches[-1].last

    @property
    def in_latest(self) -> bool:
        """Whether the latest version still holds it."""
        return self.last.number == self.latest.number

    @property
    def removed(self) -> Seen | None:
        """The version that removed it for good, if the latest does not hold it."""
        return self.stretches[-1].removed


@dataclass(frozen=True)
class SearchResult:
    """Every article with a version that holds every term of a query, by name."""

    query: str  # as given
    terms: tuple[str, ...]  # its words and phrases, each looked for as written
    found: tuple[Found, ...]
    #: The versions of the articles looked into that could not be read.
    damaged: tuple[Problem, ...] = ()
