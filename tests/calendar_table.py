"""The month and weekday names revtrack reads in time stamps, generated from CLDR (Babel).

``python tests/calendar_table.py`` rewrites ``src/revtrack/catalogue/calendar.json``;
``tests/test_catalogue.py`` checks that the file is what this script makes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel import Locale

TABLE = Path(__file__).resolve().parent.parent / "src" / "revtrack" / "catalogue" / "calendar.json"
#: The languages of the notes revtrack reads (Norwegian as Bokmål and Nynorsk; English as the
#: US and British write it: "Sep" and "Sept").
LOCALES = (
    "en", "en_GB", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "nn", "pl", "ja",
    "zh", "ko",
)  # fmt: skip
#: Shorter names are words too often ("do", "so", "ma"): never read as a month or a weekday.
SHORTEST = 3


def _names(table: object, width: str) -> list[tuple[str, int]]:
    """The alphabetic names of a Babel calendar table at one width (in both contexts: "marca"
    and "marzec"), lower case, without a final period, with their index."""
    found = []
    for context in ("format", "stand-alone"):
        for index, name in table[context][width].items():  # type: ignore[index]
            form = name.casefold().strip().rstrip(".")
            if len(form) >= SHORTEST and form.isalpha() and not any(ord(c) > 0x2FFF for c in form):
                found.append((form, int(index)))
    return found


def _unique(pairs: list[tuple[str, int]], taken: dict[str, int]) -> dict[str, int]:
    """Name to number, for the names that mean one number in every language and are not
    already ``taken`` (a full name elsewhere)."""
    numbers: dict[str, set[int]] = {}
    for name, number in pairs:
        numbers.setdefault(name, set()).add(number)
    return {n: min(v) for n, v in sorted(numbers.items()) if len(v) == 1 and n not in taken}


def build() -> dict[str, dict[str, int]]:
    """Full month names to 1-12 and weekday names to 0-6 (Monday first), in every language,
    and their abbreviations, English ones apart (newsrooms write "Aug." and "Thu" in any
    language); a name that means two months or days in two languages is left out."""
    tables: dict[str, list[tuple[str, int]]] = {
        "months": [],
        "month_abbreviations": [],
        "english_month_abbreviations": [],
        "weekdays": [],
        "weekday_abbreviations": [],
        "english_weekday_abbreviations": [],
    }
    for code in LOCALES:
        locale = Locale.parse(code)
        english = "english_" if code.startswith("en") else ""
        tables["months"] += _names(locale.months, "wide")
        tables[f"{english}month_abbreviations"] += _names(locale.months, "abbreviated")
        tables["weekdays"] += _names(locale.days, "wide")
        tables[f"{english}weekday_abbreviations"] += _names(locale.days, "abbreviated")
    built: dict[str, dict[str, int]] = {}
    for name in ("months", "weekdays"):
        built[name] = _unique(tables[name], {})
    for kind in ("month", "weekday"):
        english = _unique(tables[f"english_{kind}_abbreviations"], built[f"{kind}s"])
        built[f"english_{kind}_abbreviations"] = english
        built[f"{kind}_abbreviations"] = _unique(
            tables[f"{kind}_abbreviations"], built[f"{kind}s"] | english
        )
    return built


def render() -> str:
    return json.dumps({"locales": list(LOCALES), **build()}, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    TABLE.write_text(render(), encoding="utf-8")
    sys.exit(0)
