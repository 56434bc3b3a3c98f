"""The search index of the SQL stores: the words of every version's text, for ``search``.

Versions are stored compressed, each against the next (:mod:`revtrack.store.codec`), so no
database can index their text by itself: every version's words (:func:`revtrack.search.
index_words`, cut by revtrack, not by the database) are written to the index by the
transaction that stores the version, from the text in hand, and a store made before the index
is filled by the migration that creates it, every version rebuilt once. The index holds words
only, no positions and no copy of the text: it says which versions may match, and the text of
each of those is then checked (see :mod:`revtrack.search`).

SQLite keeps the words in a contentless FTS5 table (``detail=none``: the versions that hold
each word, nothing more), tokenized by ``ascii``, which keeps each of revtrack's words whole
(they hold no ASCII punctuation or space, and every other character is part of a word to it).
PostgreSQL keeps them in a ``tsvector`` column under a GIN index: see its migration for why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from revtrack.models import Problem
from revtrack.search import UNINDEXED
from revtrack.store.rebuild import rebuilt

if TYPE_CHECKING:
    from revtrack.store.sql import SqlStore


def fill(store: SqlStore) -> None:
    """Index every version of a store whose index is new (a migration's step), an article at
    a time; a version that cannot be rebuilt is left out (``check`` names it)."""
    from revtrack.store.sql import COLUMNS

    articles = store._execute("SELECT id, key FROM articles ORDER BY id").fetchall()
    for article_id, key in articles:
        rows = store._execute(
            f"SELECT id, {COLUMNS} FROM versions WHERE article_id = ? ORDER BY number DESC",
            (article_id,),
        ).fetchall()
        versions = rebuilt(str(key), [row[1:] for row in rows])
        for row, version in zip(rows, versions, strict=True):
            if not isinstance(version, Problem):
                store._index(int(row[0]), version.text)


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query for the versions that hold every one of ``words`` (or that are not
    indexed word by word). Each word is an FTS5 string, its quotes doubled (a word holds
    none), so that nothing in it is read as an operator."""
    quoted = " ".join(_quoted(word, '"') for word in words)
    return f"({quoted}) OR {_quoted(UNINDEXED, chr(34))}"


def tsquery(words: Sequence[str]) -> str:
    """A ``tsquery``, for a cast that takes each lexeme as written (no parser, no
    dictionary): the versions that hold every one of ``words``, or that are not indexed word
    by word. Each lexeme is quoted, its quotes doubled and backslashes escaped (a word holds
    none)."""
    every = " & ".join(_quoted(word.replace("\\", "\\\\"), "'") for word in words)
    return f"({every}) | {_quoted(UNINDEXED, chr(39))}"


def _quoted(word: str, quote: str) -> str:
    return quote + word.replace(quote, quote * 2) + quote
