"""Texts stored whole (the newest version of each article, and every keyframe: see
:mod:`revtrack.store.codec`), kept apart from their versions' rows, in ``whole_texts``.

A version is stored whole while it is the newest, and its row becomes the difference to the
next version when one is added. Kept in its row, the whole text would leave some hundreds of
bytes (the part of it on the row's own page) unused when the row shrinks to a difference of a
hundred or so; kept apart, it leaves the row with an empty body, which grows in place into the
difference, and the rows fill their pages. Stores of an earlier schema keep the texts that were
stored whole then in their rows: a row's body is its own unless that is empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from revtrack.store.sql import SqlStore

#: A version's body, from ``versions`` (not aliased): the row's own, or, when that is empty,
#: its text kept apart.
BODY = (
    "CASE WHEN length(body) > 0 THEN body ELSE "
    "(SELECT w.body FROM whole_texts w WHERE w.version_id = versions.id) END"
)
#: A version's row as the rebuilds read it.
COLUMNS = (
    "number, observed_at, hash, source, title, byte_count, word_count, revert_of, metadata, "
    f"codec, {BODY}"
)
#: The same, as the migration steps before ``whole_texts`` read it: each body in its row.
ROW_COLUMNS = COLUMNS.replace(BODY, "body")


def keep(store: SqlStore, version_id: int, body: bytes) -> None:
    """Keep the body of a version stored whole (its row's body left empty)."""
    store._execute("INSERT INTO whole_texts (version_id, body) VALUES (?, ?)", (version_id, body))


def forget(store: SqlStore, article_id: int, number: int) -> None:
    """Drop the body kept apart of a version that is no longer stored whole."""
    store._execute(
        "DELETE FROM whole_texts WHERE version_id = "
        "(SELECT id FROM versions WHERE article_id = ? AND number = ?)",
        (article_id, number),
    )
