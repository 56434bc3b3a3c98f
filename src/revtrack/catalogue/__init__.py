"""The catalogue of note formats: labels, sentences, wire services' tags and advisory lines,
the words that tell a note's kind, time zones (``notes.toml``), and month and weekday names
from CLDR (``calendar.json``); with the user's own formats added (:func:`revtrack.paths.
notes_file`). Read once, when notes are first looked for.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from revtrack.errors import ConfigError
from revtrack.models import NoteKind
from revtrack.paths import notes_file

#: The kinds as the catalogue names them.
KINDS = {kind.value: kind for kind in NoteKind}
_SECTIONS = {
    "languages", "bracket_labels", "line_labels", "wire", "sentences", "closings", "triggers",
    "kinds", "zones", "prose", "eras", "site", "quoting",
}  # fmt: skip
_DATES = ("day-first", "month-first")
#: The parts of a prose note's score (see revtrack.prose), each a list of patterns but words.
_PROSE_PARTS = ("self", "error", "contrast", "guard", "continues", "signature", "words")
#: The parts of a lead-in to another publisher's note (see revtrack.quoting), each patterns.
_QUOTING_PARTS = ("lead", "own")


@dataclass(frozen=True)
class Catalogue:
    """Every format, the built-in ones and the user's."""

    labels: dict[NoteKind, tuple[str, ...]]
    bracket_labels: dict[NoteKind, tuple[str, ...]]
    line_labels: tuple[str, ...]  # labels that make a note only at a paragraph's start
    heading_labels: tuple[str, ...]  # labels that make a note as a heading's first words
    day_first: frozenset[str]  # labels (case folded) of languages that write 5/8 for 5 August
    languages: dict[str, frozenset[str]]  # each language's code: the kinds it has labels for
    slugs: dict[NoteKind, tuple[str, ...]]
    sentences: tuple[tuple[NoteKind | None, str], ...]  # (kind, or None to read it; pattern)
    closings: tuple[str, ...]  # sentences that close a notice: "Vi beklager feilen."
    triggers: tuple[str, ...]  # words without which a paragraph holds no sentence note
    kinds: dict[NoteKind, tuple[str, ...]]
    fixed_zones: dict[str, str]  # abbreviation: "+02:00"
    label_zones: dict[str, dict[str, str]]  # a label (case folded): its language's own zones
    region_zones: dict[str, str]  # generic name: IANA zone
    calendar: dict[str, dict[str, int]]
    prose: dict[str, tuple[str, ...]]  # a prose note's parts' words, all languages: "self": ...
    eras: dict[str, int]  # an era's name: the year of its first year ("令和": 2019)
    site: tuple[str, ...]  # what a notice about the site itself says: "comments are closed"
    quoting: dict[str, tuple[str, ...]]  # a lead-in's parts, all languages: "lead": ...


@cache
def catalogue() -> Catalogue:
    """The catalogue, with the user's file (if there is one) added to the built-in one."""
    builtin = tomllib.loads(_resource("notes.toml"))
    parts = [builtin]
    user = notes_file()
    if user.is_file():
        parts.append(_user_file(user))
    return _merged(parts, json.loads(_resource("calendar.json")))


def _resource(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _user_file(path: Path) -> dict[str, Any]:
    """A user's file, checked: known sections and kinds, patterns that compile."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read note formats from {path}: {error}") from None
    unknown = set(data) - _SECTIONS
    if unknown:
        raise ConfigError(f"{path}: unknown section {sorted(unknown)[0]!r}")
    try:
        _check(data)
    except (TypeError, ValueError, re.error) as error:
        raise ConfigError(f"{path}: {error}") from None
    return data


def _check(data: dict[str, Any]) -> None:
    """Raise for a kind that does not exist, a value of the wrong type or a bad pattern."""
    for code, language in data.get("languages", {}).items():
        if language.get("dates", "day-first") not in _DATES:
            raise ValueError(f"[languages.{code}] dates must be one of {', '.join(_DATES)}")
        for kind, values in language.get("labels", {}).items():
            _kind(kind)
            _strings(values, f"[languages.{code}] labels.{kind}")
        for name, offset in language.get("zones", {}).items():
            if not isinstance(offset, str) or not re.fullmatch(r"[+-]\d{2}:\d{2}", offset):
                raise ValueError(f'[languages.{code}] zones.{name} must be an offset: "+08:00"')
    for section in ("bracket_labels", "kinds"):
        for kind, values in data.get(section, {}).items():
            _kind(kind)
            _strings(values, f"[{section}] {kind}")
    for kind, patterns in data.get("wire", {}).get("slugs", {}).items():
        _kind(kind)
        for pattern in _strings(patterns, f"[wire.slugs] {kind}"):
            re.compile(pattern)
    _strings(data.get("line_labels", {}).get("labels", []), "[line_labels] labels")
    _strings(data.get("line_labels", {}).get("headings", []), "[line_labels] headings")
    _strings(data.get("triggers", {}).get("words", []), "[triggers] words")
    for section in ("closings", "site"):
        for pattern in _strings(data.get(section, {}).get("patterns", []), f"[{section}] patterns"):
            re.compile(f"(?:{pattern})", re.IGNORECASE)
    for section, known in (("prose", _PROSE_PARTS), ("quoting", _QUOTING_PARTS)):
        for code, language in data.get(section, {}).items():
            for name, words in language.items():
                if name not in known:
                    raise ValueError(f"[{section}.{code}] {name}: one of {', '.join(known)}")
                for pattern in _strings(words, f"[{section}.{code}] {name}"):
                    re.compile(f"(?:{pattern if name != 'words' else re.escape(pattern)})", re.I)
    for name, year in data.get("eras", {}).items():
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise ValueError(f"[eras] {name} must be the year its first year was: 2019")
    entries = data.get("sentences", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise TypeError("sentences must be tables, each written [[sentences]]")
    for entry in entries:
        if entry.get("kind", "auto") != "auto":
            _kind(entry["kind"])
        for pattern in _strings(entry.get("patterns", []), "[[sentences]] patterns"):
            re.compile(f"(?:{pattern})", re.IGNORECASE)  # (read as a part of one pattern)


def _kind(name: str) -> NoteKind:
    if name not in KINDS:
        raise ValueError(f"unknown kind {name!r} (one of {', '.join(KINDS)})")
    return KINDS[name]


def _strings(values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{where} must be a list of strings")
    return values


def _merged(parts: list[dict[str, Any]], calendar: dict[str, Any]) -> Catalogue:
    def by_kind(get: Any) -> dict[NoteKind, tuple[str, ...]]:
        found: dict[NoteKind, list[str]] = {}
        for part in parts:
            for kind, values in get(part).items():
                found.setdefault(KINDS[kind], []).extend(values)
        return {kind: tuple(dict.fromkeys(values)) for kind, values in found.items()}

    sentences = tuple(
        (None if entry.get("kind", "auto") == "auto" else KINDS[entry["kind"]], pattern)
        for part in parts
        for entry in part.get("sentences", [])
        for pattern in entry.get("patterns", [])
    )
    zones: dict[str, dict[str, str]] = {"fixed": {}, "regions": {}}
    for part in parts:
        for group in zones:
            zones[group].update(part.get("zones", {}).get(group, {}))
    languages = [language for part in parts for language in part.get("languages", {}).values()]

    def written(dates: str) -> set[str]:
        return {
            label.casefold()
            for language in languages
            if language.get("dates", "day-first") == dates
            for values in language.get("labels", {}).values()
            for label in values
        }

    labels: dict[NoteKind, list[str]] = {}
    for language in languages:
        for kind, values in language.get("labels", {}).items():
            labels.setdefault(KINDS[kind], []).extend(values)
    return Catalogue(
        labels={kind: tuple(dict.fromkeys(values)) for kind, values in labels.items()},
        day_first=frozenset(written("day-first") - written("month-first")),
        languages={
            code: frozenset(kind for kind, values in language.get("labels", {}).items() if values)
            for part in parts
            for code, language in part.get("languages", {}).items()
        },
        bracket_labels=by_kind(lambda p: p.get("bracket_labels", {})),
        line_labels=tuple(w for p in parts for w in p.get("line_labels", {}).get("labels", [])),
        heading_labels=tuple(
            w for p in parts for w in p.get("line_labels", {}).get("headings", [])
        ),
        slugs=by_kind(lambda p: p.get("wire", {}).get("slugs", {})),
        sentences=sentences,
        closings=tuple(w for p in parts for w in p.get("closings", {}).get("patterns", [])),
        triggers=tuple(w for p in parts for w in p.get("triggers", {}).get("words", [])),
        kinds=by_kind(lambda p: p.get("kinds", {})),
        fixed_zones=zones["fixed"],
        label_zones=_label_zones(languages),
        region_zones=zones["regions"],
        calendar={k: v for k, v in calendar.items() if isinstance(v, dict)},
        prose=_by_part(parts, "prose"),
        quoting=_by_part(parts, "quoting"),
        eras={name: year for part in parts for name, year in part.get("eras", {}).items()},
        site=tuple(w for p in parts for w in p.get("site", {}).get("patterns", [])),
    )


def _by_part(parts: list[dict[str, Any]], section: str) -> dict[str, tuple[str, ...]]:
    """Each part of a section of per-language tables (a prose note's ``self``, ``error``, ...):
    its words in every language."""
    found: dict[str, list[str]] = {}
    for part in parts:
        for language in part.get(section, {}).values():
            for name, words in language.items():
                found.setdefault(name, []).extend(words)
    return {name: tuple(words) for name, words in found.items()}


def _label_zones(languages: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The zones each label's language reads its own way ("CST" after 更新时间 is China
    Standard Time), for the labels of one such reading only: "更新" is Japanese too, where
    nothing says that CST is not the American one."""
    found: dict[str, dict[str, str]] = {}
    for language in languages:
        zones = language.get("zones", {})
        for values in language.get("labels", {}).values():
            for label in values:
                key = " ".join(label.casefold().split())
                found[key] = zones if found.get(key, zones) == zones else {}
    return {label: zones for label, zones in found.items() if zones}
