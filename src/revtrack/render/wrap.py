"""Lines of styled segments folded to a width in terminal cells, as a pager shows prose.

Lines break at spaces, never inside a word: a word longer than the width has a line of its
own. Chinese, Japanese and Korean text, written without spaces, breaks between any two of its
characters, but never before closing punctuation (``。``, ``」``) nor after opening
punctuation (``「``). A character's width is what a terminal gives it: two cells for an East
Asian wide character, none for a combining mark. Each piece of a segment keeps the
segment's style, so that colours carry over to the next line (each line closes its codes).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import IO

from revtrack.render.layout import Line

#: Characters a line may not start with, and characters it may not end with.
_NO_START = frozenset(
    "、。，．・：；？！）」』】〕〉》〗〙〛｝］ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
_NO_END = frozenset("（「『【〔〈《〖〘〚｛［")


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """The cells a character takes on a terminal: 2 wide, 0 for a combining mark or a format
    character (such as a zero-width joiner), else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """The cells ``text`` takes on a terminal (a tab counted as one: see :func:`_spaces`)."""
    if text.isascii():
        return len(text)
    return sum(char_cells(char) for char in text)


def _tokens(text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` may break: ``(start, end)`` of each run of spaces, each word, and each
    wide character (with the punctuation that must stay with it)."""
    start, length = 0, len(text)
    while start < length:
        end = start + 1
        if text[start].isspace():
            while end < length and text[end].isspace():
                end += 1
            yield start, end
            start = end
            continue
        if char_cells(text[start]) == 2:
            while end < length and text[end - 1] in _NO_END and not text[end].isspace():
                end += 1  # an opening bracket stays with what follows it
            if char_cells(text[end - 1]) != 2:
                end = _word_end(text, end)
        else:
            end = _word_end(text, end)
        while end < length and (text[end] in _NO_START or char_cells(text[end]) == 0):
            end += 1  # closing punctuation and combining marks stay with what precedes them
        yield start, end
        start = end


def _word_end(text: str, end: int) -> int:
    """Where the word of narrow characters going on at ``end`` ends."""
    while end < len(text):
        char = text[end]
        if char.isspace() or char_cells(char) == 2:
            break
        end += 1
    return end


def wrap(line: Line, width: int | None, indent: int = 0) -> list[Line]:
    """``line`` as lines of at most ``width`` cells (``None`` or 0: as wide as it is), each
    after the first starting with ``indent`` spaces; a line break in its text starts a new
    line too. Spaces where a line breaks are left out."""
    text = "".join(part for part, _ in line)
    if "\n" not in text and (not width or ("\t" not in text and cells(text) <= width)):
        return [line]
    breaks: list[list[tuple[int, int]]] = [[]]  # each line's ranges of the text
    column, pending = 0, None
    for start, end in _tokens(text):
        chunk = text[start:end]
        if "\n" in chunk:
            breaks.append([])
            column, pending = indent, None
        elif chunk.isspace():
            if breaks[-1]:
                pending = (start, end)
            elif len(breaks) == 1:
                breaks[-1].append((start, end))  # the first line's own indentation
                column = _spaces(chunk, column)
            continue
        else:
            space = _spaces(text[pending[0] : pending[1]], column) - column if pending else 0
            size = cells(chunk)
            if width and column + space + size > width and column + space > indent:
                breaks.append([])
                column, pending, space = indent, None, 0
            if pending:
                breaks[-1].append(pending)
            breaks[-1].append((start, end))
            column += space + size
            pending = None
    return [_cut(line, ranges, indent if number else 0) for number, ranges in enumerate(breaks)]


def _spaces(spaces: str, column: int) -> int:
    """The column after ``spaces`` written from ``column``: a tab goes on to the next
    multiple of 8, as a terminal and rich take it."""
    for char in spaces:
        column = (column // 8 + 1) * 8 if char == "\t" else column + cells(char)
    return column


def _cut(line: Line, ranges: list[tuple[int, int]], indent: int) -> Line:
    """The parts of ``line``'s segments within ``ranges`` (of its joined text), each in its
    segment's style, after ``indent`` spaces."""
    cut: Line = [(" " * indent, "")] if indent else []
    if not ranges:
        return cut
    begin, finish = ranges[0][0], ranges[-1][1]
    offset = 0
    for text, style in line:
        low, high = max(offset, begin), min(offset + len(text), finish)
        offset += len(text)
        if low >= high:
            continue
        part = text[low - offset + len(text) : high - offset + len(text)]
        if cut and cut[-1][1] == style:
            cut[-1] = (cut[-1][0] + part, style)
        else:
            cut.append((part, style))
    return cut


def report_width(
    out: IO[str], given: int | None = None, environ: Mapping[str, str] | None = None
) -> int | None:
    """The width to fold a report at: ``given`` if it is (0: never fold); on a terminal (or a
    pager's), ``COLUMNS`` if set, else the terminal's width; elsewhere none, so that a pipe
    or a file gets each paragraph on one line."""
    if given is not None:
        return given or None
    isatty = getattr(out, "isatty", None)
    if isatty is None or not isatty():
        return None
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    return _terminal_columns(out) or 80


def _terminal_columns(out: IO[str]) -> int:
    """The columns of the terminal ``out`` is, or else of the one standard output or error
    is (a pager reads from a pipe but shows on that terminal); 0 if none says."""
    for stream in (out, sys.__stdout__, sys.__stderr__, sys.__stdin__):
        try:
            columns = os.get_terminal_size(stream.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            continue
        if columns > 0:
            return columns
    return 0
