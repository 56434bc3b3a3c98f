"""The search index of the SQL stores: which articles ever held each word, for ``search``.

Versions are stored compressed, each against the next (:mod:`revtrack.store.codec`), so no
database can index their text by itself: the words each version brings to its article, those
its text holds and the version before it did not (:func:`revtrack.search.new_words`, cut by
revtrack, not by the database), are written to the index by the transaction that stores the
version, from the texts in hand, and a store made before the index is filled by the migration
that creates it, every version rebuilt once. The index holds words only, no positions and no
copy of the text, and each word once for each time it came into an article: a revision that
changes a few words adds a few, so the index stays a small part of a store whose versions are
deltas (a row of every version's words took seven times the room of the texts). It says which
articles may match, and the text of each of their versions is then checked (see
:mod:`revtrack.search`).

SQLite keeps the words in a contentless FTS5 table (``detail=none``: the versions that hold
each word, nothing more), tokenized by ``ascii``, which keeps each of revtrack's words whole
(they hold no ASCII punctuation or space, and every other character is part of a word to it).
PostgreSQL keeps them in a ``tsvector`` column under a GIN index: see its migration for why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from revtrack.errors import StoreError
from revtrack.models import Problem, ProblemKind, Version
from revtrack.store.rebuild import rebuilt
from revtrack.store.wholes import COLUMNS, ROW_COLUMNS

if TYPE_CHECKING:
    from revtrack.store.sql import SqlStore


def fill(store: SqlStore, *, leave: int | None = None, present: bool = False) -> None:
    """Index every version of a store whose index is new (a migration's step, before texts
    stored whole were kept apart from their rows), or was emptied (``present``: in a store of
    the present schema), an article at a time (but the article whose id is ``leave``); a
    version that cannot be rebuilt is left out (``check`` names it)."""
    articles = store._execute("SELECT id, key FROM articles ORDER BY id").fetchall()
    for article_id, key in articles:
        if article_id != leave:
            rows = _words(store, int(article_id), str(key), COLUMNS if present else ROW_COLUMNS)
            for version_id, words in rows:
                if words:  # (None: a version that cannot be rebuilt)
                    store._index(version_id, words)


def indexed(store: SqlStore, article_id: int) -> list[tuple[int, list[str]]] | None:
    """The words in the index of each version of an article (by its id) that brought any,
    as they were written there; None when a version cannot be rebuilt (the words of the
    next one depend on how it was indexed)."""
    found = []
    for version_id, words in _words(store, article_id, "", COLUMNS):
        if words is None:
            return None
        if words:
            found.append((version_id, words))
    return found


def _words(
    store: SqlStore, article_id: int, key: str, columns: str
) -> Iterator[tuple[int, list[str] | None]]:
    """Each version of an article, in order (its row read as ``columns``), its id and the
    words it brings (None when it cannot be rebuilt: those of the next one are then indexed
    whole)."""
    from revtrack.search import new_words

    rows = store._execute(
        f"SELECT id, {columns} FROM versions WHERE article_id = ? ORDER BY number DESC",
        (article_id,),
    ).fetchall()
    versions = rebuilt(key, [row[1:] for row in rows])
    previous: str | None = None
    for row, version in reversed(list(zip(rows, versions, strict=True))):
        if isinstance(version, Problem):
            previous = None
            yield int(row[0]), None
            continue
        yield int(row[0]), list(new_words(version.text, previous))
        previous = version.text


def unindexed(store: SqlStore, article_id: int, versions: Sequence[Version]) -> list[Problem]:
    """The versions of an article (its readable ``versions``, by number) that brought words to
    it and whose row in the index lacks the first or the last of them, which search would
    miss; none when the store has no index to read (a store of an earlier release, open to
    read only)."""
    from revtrack.search import new_words

    found, before = [], {v.number: v for v in versions}
    try:
        with store._errors():
            ids = dict(
                store._execute(
                    "SELECT number, id FROM versions WHERE article_id = ?", (article_id,)
                ).fetchall()
            )
            for version in versions:
                previous = before.get(version.number - 1)
                if version.number > 1 and previous is None:
                    continue  # (after a damaged version the words indexed are not known)
                words = new_words(version.text, previous.text if previous else None)
                if words and not _holds(store, int(ids[version.number]), (words[0], words[-1])):
                    detail = "its words are not in the search index: search may miss it"
                    found.append(Problem(ProblemKind.ROW, detail, version.article, version.number))
    except StoreError:
        return []
    return found


def _holds(store: SqlStore, version_id: int, words: Sequence[str]) -> bool:
    """Whether the index's row of a version holds every one of ``words``."""
    return all(
        store._execute(store.INDEXED, (store._search_query(word), version_id)).fetchone()
        for word in words
    )


def fts_query(word: str) -> str:
    """An FTS5 query for the rows that hold ``word`` (or a text not indexed word by word). The
    word is an FTS5 string, its quotes doubled (a word holds none), so that nothing in it is
    read as an operator."""
    from revtrack.search import UNINDEXED

    return f"{_quoted(word, chr(34))} OR {_quoted(UNINDEXED, chr(34))}"


def tsquery(word: str) -> str:
    """A ``tsquery``, for a cast that takes each lexeme as written (no parser, no
    dictionary): the rows that hold ``word``, or a text not indexed word by word. Each lexeme
    is quoted, its quotes doubled and backslashes escaped (a word holds none)."""
    from revtrack.search import UNINDEXED

    return f"{_quoted(word.replace(chr(92), chr(92) * 2), chr(39))} | {_quoted(UNINDEXED, chr(39))}"


def _quoted(word: str, quote: str) -> str:
    return quote + word.replace(quote, quote * 2) + quote
