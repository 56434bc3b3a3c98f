"""The frozen values that pass between the stages of the pipeline.

source -> extract gives a :class:`Snapshot`; the store keeps :class:`Version` objects;
``diff`` gives a :class:`TextDiff`; ``report`` combines them into a :class:`ChangeReport` or an
:class:`ArticleLog`, which the renderers read. No stage mutates another stage's object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Snapshot:
    """One observation of an article, normalised and ready to store."""

    text: str
    source: str  # how it was obtained: "file", "stdin"
    title: str | None = None
    metadata: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True)
class Version:
    """A stored version of an article. Numbers start at 1 and never change."""

    article: str
    number: int
    observed_at: datetime  # timezone-aware, UTC
    hash: str  # "sha256:<hex>" of the normalised text
    source: str
    byte_count: int
    word_count: int
    text: str
    revert_of: int | None = None  # the earlier version whose text this one repeats
    title: str | None = None
    metadata: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True)
class Article:
    """A tracked article and a summary of its history."""

    key: str
    version_count: int
    first_observed: datetime
    last_observed: datetime
    title: str | None = None


class AddStatus(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class AddResult:
    """What storing a snapshot did: a new version, or nothing because the text is unchanged."""

    status: AddStatus
    version: Version  # the new version, or the latest one when unchanged
    previous: Version | None = None  # the version before a new one


# --- diffs -------------------------------------------------------------------------------


class Op(StrEnum):
    """What a span of text is in a diff."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Span:
    """A piece of text, and whether it is in both versions, only the new, or only the old.

    An ``ignored`` insertion or deletion is a real difference that the comparison was told to
    leave out (``--ignore-case``, ``--ignore REGEX``, ...): it rebuilds the texts but is not a
    change.
    """

    op: Op
    text: str
    ignored: bool = False


class Action(StrEnum):
    """What happened to a sentence (or a run of them) between two versions."""

    EQUAL = "equal"
    ADDED = "added"
    DELETED = "deleted"
    EDITED = "edited"
    MOVED = "moved"


class Side(StrEnum):
    FROM = "from"  # where moved text was: part of the old text only
    TO = "to"  # where moved text is now: part of the new text only


@dataclass(frozen=True)
class Move:
    """One of the two blocks of a move; both carry the same ``id`` and spans."""

    id: int
    side: Side
    old_paragraph: int  # 1-based paragraph where the text was
    new_paragraph: int  # 1-based paragraph where it is now


@dataclass(frozen=True)
class Block:
    """A run of the aligned texts: sentences that are equal, added, deleted, edited or moved.

    The spans of a block rebuild its part of both texts: the old text from equal and deleted
    spans, the new text from equal and inserted spans. A moved block appears twice, once on
    each side: where it was (old text only) and where it is now (new text only); the spans of
    both are the word diff between the text that left and the text that arrived.
    """

    action: Action
    spans: tuple[Span, ...]
    move: Move | None = None

    @property
    def old_text(self) -> str:
        if self.move is not None and self.move.side is Side.TO:
            return ""
        return "".join(s.text for s in self.spans if s.op is not Op.INSERT)

    @property
    def new_text(self) -> str:
        if self.move is not None and self.move.side is Side.FROM:
            return ""
        return "".join(s.text for s in self.spans if s.op is not Op.DELETE)


@dataclass(frozen=True)
class DiffStats:
    sentences_added: int
    sentences_deleted: int
    sentences_edited: int
    sentences_moved: int
    words_added: int
    words_deleted: int
    #: Share of the text changed: characters inserted and deleted over the characters of
    #: both texts (moved text is not changed text); 0 when equal.
    change_ratio: float


@dataclass(frozen=True)
class TextDiff:
    """The whole comparison of two texts, as consecutive blocks."""

    blocks: tuple[Block, ...]
    stats: DiffStats

    @property
    def old_text(self) -> str:
        return "".join(b.old_text for b in self.blocks)

    @property
    def new_text(self) -> str:
        return "".join(b.new_text for b in self.blocks)

    @property
    def changed(self) -> bool:
        """Whether the texts differ in any way the comparison was not told to ignore."""
        return any(
            b.move is not None or any(s.op is not Op.EQUAL and not s.ignored for s in b.spans)
            for b in self.blocks
        )


# --- reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeReport:
    """Everything a renderer needs to show the change between two versions."""

    article: str
    old: Version
    new: Version
    diff: TextDiff


@dataclass(frozen=True)
class LogEntry:
    version: Version
    words_added: int
    words_deleted: int


@dataclass(frozen=True)
class ArticleLog:
    article: str
    entries: tuple[LogEntry, ...]
