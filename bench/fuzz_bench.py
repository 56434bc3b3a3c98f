"""Hostile input through every command and output format: a fuzzer of the command line.

Generates hostile inputs (binary bytes, invalid UTF-8, NUL, huge lines, control characters,
bidi and zero-width characters, rich markup, ANSI and OSC escapes, HTML and script injection,
note-like lines in odd shapes; hostile article names, revisions, numbers, durations, sizes,
times, encodings, ignore patterns, output paths and stores) and runs them through ``add``
(file, ``-``, ``--html``, ``--text``, ``--at``, ``--name``, ``--encoding``, ``--max-size``),
``diff`` (every ``--format``, ``--stat``, ``--ignore``, ``-o``), ``log``, ``show``, ``notes``,
``list``, ``check``, ``ignore add``/``list``/``rm``, ``blame``, ``search``, ``feeds``, ``alert
add``/``list``/``rm`` (hostile Apprise URLs), ``config`` (broken configuration files), ``rm``,
``rename``, ``pause``, ``resume``, ``export`` and ``import`` (exports cut short or corrupted,
read as JSON Lines and as WARC files). ``follow``, ``refresh``, ``alert test`` and ``import
--wayback`` need the network and are left out (a URL article is added from a saved page,
which fetches nothing; a proxy that refuses every connection is set all the same).

Every run is checked, and each check is a category of the table:

- **internal**: no status 70, no traceback, no exception out of the command, no status that
  the README does not document (and 1 only with ``--exit-code``);
- **hang**: no run over ``--limit`` seconds (20);
- **one-line**: a failing command says so in exactly one line on stderr, ``Error: ...``
  (``warning: ...`` lines may come before it), with no carriage return in it;
- **json**: ``--json`` and ``--format json`` print JSON that ``json.loads`` reads and that
  validates against its schema in ``revtrack.schemas`` (when jsonschema is installed);
- **html**: ``--format html`` has no element, attribute or URL that runs or loads anything
  (``<script>``, ``<iframe>``, ``<object>``, ``<img>``, an ``on*`` attribute, a
  ``javascript:`` URL, ...): only the tags and attributes that revtrack writes, read with
  ``html.parser``; no ``<script`` at all in the page's text;
- **markdown**: ``--format markdown``, rendered by markdown-it-py (when installed), has no
  link, image or raw HTML;
- **terminal**: what reaches a terminal holds no ESC but revtrack's own SGR colour sequences,
  no other C0 or C1 control and no bidi override; checked on the output of ``--color always``
  in-process, and under a real pseudo-terminal (``os.openpty``, raw mode) for a share of the
  runs, stdout and stderr each a terminal, as a separate process: ``show``, ``log``, ``notes``,
  ``list``, ``diff``, ``add``, ``ignore``, ``check`` and errors whose message quotes the input;
- **versions**: after each ``add``, ``list --json`` shows exactly the versions expected: one
  more when it says it stored one, none when the text is unchanged or the add failed;
- **agreement**: a share of the reading runs is run again as a separate process
  (``python -m revtrack``) and must give the same status and stdout as in-process.

Runs are in-process (``revtrack.cli.cli.main`` through click's ``CliRunner``, in standalone
mode as the ``revtrack`` entry point calls it, so that statuses and the internal-error path
are the real ones), in ``--jobs`` worker processes; each worker works through chunks of 50
runs, each chunk on a store of its own, from a seed of its own (``--seed`` and the chunk's
number), so a chunk can be run again alone: ``--chunk K -v``.

    python bench/fuzz_bench.py                       # 10,000 runs, 2 workers
    python bench/fuzz_bench.py --runs 2000 --seed 7  # a quicker look
    python bench/fuzz_bench.py --seed 1 --chunk 17 -v  # one chunk again, every run shown

Prints a table (category, runs, failures, PASS or FAIL) and the first failures of each
category (arguments and stderr); exits with 1 if any category fails.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import html.parser
import json
import multiprocessing
import os
import platform
import random
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import tty
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
ARTICLES = ROOT / "fixtures" / "articles"

CHUNK = 50
LIMIT = 20.0
PTY_SHARE = 0.05
AGREEMENT_SHARE = 0.02
EXAMPLES = 3

CATEGORIES = {
    "internal": "internal errors (status 70, traceback, undocumented status)",
    "hang": "hangs (a run over the time limit)",
    "one-line": "errors not exactly one line on stderr",
    "json": "invalid JSON (json.loads, schema)",
    "html": "live content in HTML",
    "markdown": "live content in Markdown",
    "terminal": "raw controls reaching a terminal",
    "versions": "versions lost or duplicated",
    "agreement": "in-process differs from a process",
}
DOCUMENTED = {0, 1, 2, 3, 4, 5, 6, 7, 130}

# --- hostile material -------------------------------------------------------------------------

ESCAPES = [
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;pwned title\x07",
    "\x1b[2J\x1b[H",
    "\x1bP+q544e\x1b\\",
    "\x1b[6n",
    "\x1b[?1049h",
    "\x9b31m",
    "\x9d0;c1 title\x9c",
    "\x85",
    "\x07\x07",
    "\x08\x08\x08over",
    "\rcarriage",
    "\x0b\x0c",
    "\x7f",
    "\x00",
    "\x1b",
]
INVISIBLE = [
    "\u202eevil\u202c",
    "\u202dltr",
    "\u2066isolate\u2069",
    "\u2067\u2068",
    "\u200b",
    "\u200c\u200d",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\u061c",
    "\u200e\u200f",
    "\u00ad",
    "\u180e",
]
MARKUP = [
    "[bold red]x[/]",
    "[link=https://evil.example]click[/link]",
    "[/]",
    "[",
    "\\[escaped]",
    ":smile: :warning:",
    "[blink]",
    "{+inserted+}",
    "[-deleted-]",
    "{>moved<}",
    "⋯ 3 unchanged paragraphs ⋯",
    "@@ -1 +1 @@",
    "--- a/talks",
    "+++ b/talks",
    "\\ No newline at end of file",
]
INJECTION = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "</textarea><script>alert(2)</script>",
    "</title><script>alert(4)</script>",
    "</style><script>alert(5)</script>",
    "<iframe src=//evil.example></iframe>",
    "<object data=x></object>",
    "<embed src=x>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '"><script>alert(3)</script>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=//evil.example/>",
    "<!--",
    "-->",
    "<![CDATA[x]]>",
    "&lt;script&gt;",
    "&#x3c;script&#x3e;",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>",
    "# heading",
    "> quote",
    "1. list",
    "[link](javascript:alert(1))",
    "![img](https://evil.example/y.png)",
    "<https://evil.example>",
    "https://evil.example/bare",
    "www.evil.example",
    "@user",
    "`code`",
    "***",
    "~~x~~",
    "| a | b |",
    "<div>",
]
UNICODE = [
    "e\u0301",
    "\U0001f600",
    "ﷺ",
    "٣",
    "𝟘",
    "ǅ",
    "ﬃ",
    "İ",
    "a" + "\u0301" * 300,
    "\u0f0c" * 5,
    "한국어",
    "日本語の記事",
    "\U000e0001",
    "\ufffd",
    "\ufffe",
    "\U0010ffff",
]
NOTE_LINES = [
    "Update (13/45/99, 99:99 p.m. XT): This article was updated.",
    "Correction (Feb. 30, 2021): An earlier version misstated the figure.",
    "Updated at 25:61 a.m. ET",
    "UPDATE 99999999999999999999-Port talks",
    "CORRECTED-Port talks",
    "(Adds " * 50,
    "Editor's note:",
    "Update: " * 200,
    "Correction:\n\nCorrection:\n\nCorrection:",
    "Updated 9:55 a.m. ET | Updated 10:55 a.m. ET | " * 30,
    "Aktualisiert am 31.02.2024, 25:99 Uhr",
    "Mis à jour le 99 mars 2024 à 99h99",
    "最終更新：2024年13月45日 25時61分",
    "[바로잡습니다]",
    "【訂正】",
    "Correction (Aug. 5, 99999): x",
    "Update (8/18/0000, 10:15 p.m. ET): x",
    "Update (8/18/21, 10:15 p.m. GMT+99): x",
    "Update (8/18/21, 10:15 p.m. GMT-99:99): x",
    "Retraction:",
    "Clarification: " + "x" * 30000,
    "Update (Dec. 31, 9999, 11:59 p.m. ET): The end.",
    "Update (Jan. 1, 0001, 12:00 a.m. ET): The start.",
    "Update (Jan. 1, 1, 12:00 a.m. UTC+14): x",
    "Updated " + "1" * 5000,
    "Correction (1/1/1900 12:00 a.m. UTC+14): x",
    "Update (3/12/23, 2:30 a.m. ET): in the gap.",
    "Update (11/5/23, 1:30 a.m. ET): twice.",
    "(Updates with comment from ministry in paragraph 99999999999999999999)",
    "(Corrects paragraph -1, paras 5-3, in paragraph 0)",
    "This article was updated on 99 Foo 2021.",
    "Note (Feb. 29, 2023): not a leap year.",
    "1ª CORREÇÃO",
    "Sprostowanie",
    "WITHDRAWN-",
    "(Corrects spelling of " * 3,
    "(neu: ...)",
    "An earlier version of this article misstated " + "the number " * 3000,
    "Update (8/18/21, 10:15 p.m. ET): \x1b[31mred\x1b[0m <script>alert(1)</script>",
    "Correction\u202e (Aug. 5, 2021): reversed",
    "Update\u200b (8/18/21, 10:15 p.m. ET): zero width",
    "Updated at 10:15 p.m. ET on Tuesday, Aug. 18, 2021, and 11:15 p.m. " * 40,
    "Update (" + "8/18/21, " * 500 + "10:15 p.m. ET):",
    "Korrektur: " + "05.03.2024, " * 300,
    "UPDATE 2-" + "x" * 2000,
    "Update: ٣/١٨/٢١ ١٠:١٥",
    "Update (８/１８/２１): fullwidth",
]
WORDS = (
    "the port talks minister said would harbor ships union contracts agreement vote "
    "parliament board city council budget officials week plan deal workers governments "
    "terminal expansion negotiators dispute decade proposal statement diplomats capital"
).split()

NAMES = [
    "a",
    "x" * 200,
    "x" * 201,
    "",
    " lead",
    "trail ",
    "-dash",
    "@",
    "a@b",
    "a@1",
    "\x1b[31mred",
    "tab\tname",
    "new\nline",
    "\u202eevil",
    "zero\u200bwidth",
    "e\u0301",
    "é",
    "٣",
    "𝔘𝔫𝔦",
    "[bold]x[/]",
    "<script>alert(1)</script>",
    "..",
    "/",
    "../../etc/passwd",
    "%s%n",
    "{}",
    "'; DROP TABLE articles;--",
    "\udcff",
    "x\udcffy",
    "\U0001f600",
    "\u2028",
    "\x85",
    "A" * 5000,
    "talks\x7f",
    "ﬃ",
    "Ǆ",
    "https",
    "javascript:alert(1)",
]
REVISIONS = [
    "@",
    "@-0",
    "@0",
    "@99999999999999999999999",
    "@1.5",
    "@٣",
    "@-99999999999999999999",
    "@+1",
    "@ 1",
    "@1e3",
    "@0x10",
    "@--1",
    "@1_000",
    "@１",
    "@-1",
    "@1",
    "@2",
    "@999",
    "@-999",
    "@" + "9" * 5000,
    "@" + "0" * 5000 + "1",
    "@\x1b[31m1",
    "@\n1",
    "@𝟙",
    "@\u00b2",
    "@-\u0663",
    "@1@2",
    "@@1",
]
INTEGERS = [
    "-1",
    "0",
    "1",
    "99999999999999999999999999",
    "nan",
    "inf",
    "1e9",
    "9" * 5000,
    "1.5",
    "٣",
    "",
    " 1",
    "0x10",
    "-0",
    str(2**63),
    str(2**63 - 1),
    str(2**64),
    "\x1b[31m",
]
DURATIONS = [
    "",
    "0",
    "-1h",
    "1e400h",
    "nan",
    "inf",
    "1h30m",
    "99999999999999999999d",
    "1.5.5h",
    "1 h",
    "٣h",
    "0.0000001s",
    "365d",
    "366d",
    "9" * 400 + "s",
    "1" + "0" * 5000,
    "h",
    "1x",
    "1h-1m",
    "１h",
    "1H",
    "\x1b[31m1h",
]
SIZES = [
    "0",
    "-1",
    "1e3",
    "nan",
    "inf",
    "1GB",
    "1.5GiB",
    "999999999999999999999999999MB",
    "0.5",
    "1kib",
    "١٠MB",
    "10 MB",
    "",
    "1" * 400,
    "9" * 5000 + "k",
    "1TB",
    "10MB",
    "2kB",
    "1k",
    "\x1b[31m",
]
TIMES = [
    "2021-08-18",
    "2021-08-18T22:15-04:00",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-14:00",
    "1900-01-01T00:00:00+14:00",
    "1900-01-01",
    "1899-12-31T23:59:59-14:00",
    "2021-02-30",
    "2021-08-18T25:00",
    "20210818T221500Z",
    "2021-W33-3",
    "2021-230",
    "",
    " ",
    "now",
    "2021-08-18T22:15:00.123456789",
    "２０２１-08-18",
    "2021-08-18T22:15+99:00",
    "-2021-01-01",
    "2021-08-18T22:15:00+24:00",
    "2021-08-18T22:15:00+23:59:59.999999",
    "1900-01-01T00:00:00+00:01",
    "2021-08-18 22:15:00Z",
    "2999-01-01",
    "2021-03-14T02:30",
    "2021-11-07T01:30",
    "2021-08-18T22:15:00\x1b[31m",
    "2" * 5000,
    "2021-08-18T22:15:00-04:00[America/New_York]",
    "2021-08-18T24:00:00",
    "2021-08-18T23:59:60",
]
PATTERNS = [
    "(a+)+$",
    "(a|aa)+$",
    "(x+x+)+y",
    "",
    "[",
    "(?",
    "*",
    "\\",
    "(?i)",
    "^",
    "$",
    ".*",
    ".",
    "(?R)",
    "(?<=a+)b",
    "\\p{Foo}",
    "x{99999999999}",
    "(" * 1000,
    "a{1,65536}",
    "\\1",
    "(?P<n>a)(?P=n)",
    "(?V1)[[a-z]--[aeiou]]",
    "\x00",
    "\udcff",
    "(?x) # comment",
    "(?s).",
    "(?m)^$",
    "\\N{NO SUCH NAME}",
    "(?#",
    "(?e)",
    ".{0,100000}",
    "(?:(?:a*)*)*b",
    "\\b",
    "(?r)a",
    "(*SKIP)(*FAIL)",
    "(?(DEFINE)(?<a>x))",
    "(?<!\\w)port(?!\\w)",
    "\\d+",
    "(?i)^the",
    "(.*a){20}",
    "(\\w+\\s?)+$",
    "\x1b[31m",
    "[bold]x[/]",
    "<script>",
    "x" * 5000,
    "(?P<" + "n" * 300 + ">x)",
    "\\",
    "(?f)x",
    "(?L)x",
    "(?u)(?a)x",
]
SITES = [
    "",
    "http://",
    "..",
    "example..org",
    "\x1b[31m",
    "a" * 300,
    "xn--",
    "[::1]",
    "999.999.999.999",
    "ex ample.org",
    "https://user:pass@example.org:99999/",
    "example.org",
    "https://example.org/path",
    "例え.テスト",
    "xn--zz-.com",
    ".",
    "-example.org",
    "\udcff.org",
    "*.example.org",
    "localhost:0",
]
ENCODINGS = [
    "utf-8",
    "utf-16",
    "utf-32",
    "latin-1",
    "cp1252",
    "rot13",
    "nonexistent",
    "",
    "base64",
    "hex",
    "zlib_codec",
    "bz2_codec",
    "uu_codec",
    "quopri",
    "idna",
    "punycode",
    "utf-7",
    "undefined",
    "mbcs",
    "unicode_escape",
    "raw_unicode_escape",
    "utf-8-sig",
    "ascii",
    "shift_jis",
    "UTF8",
    " utf-8 ",
    "utf-8\x1b[31m",
    "x" * 3000,
    "cp65001",
    "palmos",
    "string_escape",
    "unicode_internal",
]
URLS = [
    "https://example.org/news/port-talks",
    "https://example.org/\x1b[31m",
    "https://ex ample.org/x",
    "https://[::1]/x",
    "http://a@b@c/",
    "https://example.org/" + "a" * 5000,
    "HTTPS://EXAMPLE.ORG:443/x?utm_source=a#frag",
    "https://例え.テスト/記事",
    "https://xn--invalid-.com/",
    "https://example.org:99999/x",
    "https://example.org/%ff%fe",
    "https://",
    "https://example.org/@user/post",
    "https://example.org/a@3",
    "http://[::1",
    "https://example.org/\u202eevil",
    "https://user:secret@example.org/x",
    "https://example.org/?" + "&".join(f"utm_{i}=x" for i in range(200)),
    "https://example.org/<script>",
    "https://example.org/x/../../..",
]

#: Alert target URLs: Apprise's forms, and what is none of them.
ALERTS = [
    "json://127.0.0.1:9/hook",
    "mailto://user:secret@example.org",
    "ntfys://ntfy.sh/topic",
    "slack://T000/B000/XXXX",
    "nonsense://nowhere",
    "json://\x1b[31m/",
    "",
    "json://127.0.0.1:9/" + "a" * 5000,
    "<script>alert(1)</script>",
    "json://u:\u202eevil@host/",
]
#: Configuration files, good and broken.
CONFIGS = [
    'timeout = 5\nuser_agent = "x"\n',
    'timeout = "soon"\n',
    "timout = 5\n",
    '[sites."example.org"]\nselector = "div["\n',
    '[sites."\x1b[31m"]\nheaders = { X = "\\u202e" }\n',
    "alerts = [1, 2]\n",
    "= broken toml\n",
    'min_severity = "loud"\n',
    "\x00\xff",
]


def pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]


def hostile_piece(rng: random.Random) -> str:
    return pick(rng, rng.choice([ESCAPES, INVISIBLE, MARKUP, INJECTION, UNICODE, NOTE_LINES]))


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 16))]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99_999):,}")
    return " ".join(words).capitalize() + "."


def prose(rng: random.Random, paragraphs: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(paragraphs)]


def infest(rng: random.Random, paras: list[str], pieces: int) -> list[str]:
    """Hostile pieces put into paragraphs, between words or as paragraphs of their own."""
    paras = list(paras) or [""]
    for _ in range(pieces):
        piece = hostile_piece(rng)
        at = rng.randrange(len(paras))
        if rng.random() < 0.4:
            paras.insert(at, piece)
        else:
            words = paras[at].split(" ")
            words.insert(rng.randrange(len(words) + 1), piece)
            paras[at] = " ".join(words)
    return paras


def edit(rng: random.Random, paras: list[str]) -> list[str]:
    """The next version of an article: a few newsroom edits, often a hostile one among them."""
    paras = list(paras) or [sentence(rng)]
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        at = rng.randrange(len(paras))
        if kind < 0.3:
            paras.insert(at, sentence(rng))
        elif kind < 0.45 and len(paras) > 1:
            del paras[at]
        elif kind < 0.6:
            paras.insert(at, pick(rng, NOTE_LINES))
        elif kind < 0.75:
            paras.insert(rng.randrange(len(paras) + 1), paras.pop(at))
        else:
            words = paras[at].split(" ")
            words[rng.randrange(len(words))] = rng.choice([*WORDS, hostile_piece(rng)])
            paras[at] = " ".join(words)
    if rng.random() < 0.5:
        paras = infest(rng, paras, rng.randint(1, 3))
    return paras


def page(rng: random.Random, paras: list[str]) -> str:
    """A web page around the paragraphs, with hostile markup and metadata."""
    title = hostile_piece(rng) if rng.random() < 0.6 else "Port talks"
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    extra = "".join(pick(rng, INJECTION) for _ in range(rng.randint(0, 4)))
    meta = (
        f'<meta property="og:title" content="{pick(rng, INJECTION)}">'
        f'<meta name="author" content="{hostile_piece(rng)}">'
        f'<meta property="article:modified_time" content="{pick(rng, TIMES)}">'
        f'<link rel="canonical" href="{pick(rng, [*URLS, "javascript:alert(1)"])}">'
    )
    doctype = "<!DOCTYPE html>" if rng.random() < 0.8 else ""
    return (
        f"{doctype}<html><head><title>{title}</title>{meta}</head><body>{extra}"
        f"<article><h1>{title}</h1>{body}</article>{extra}</body></html>"
    )


def corrupt(rng: random.Random, data: bytes) -> bytes:
    """Bytes that are not valid UTF-8, here and there."""
    bad = [
        b"\xff",
        b"\xc3\x28",
        b"\x80",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xfe",
    ]
    out = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(out) + 1)
        out[at:at] = rng.choice(bad)
    return bytes(out)


# --- checks -----------------------------------------------------------------------------------

SGR = re.compile(rb"\x1b\[[0-9;]*m")
#: What rich's live display (``check``'s progress bar on a terminal) writes: cursor moves.
LIVE = re.compile(rb"\x1b\[\?25[lh]|\x1b\[2K|\x1b\[1A|\x1b\[\d*[ABCDGK]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
C1 = re.compile("[\x80-\x9f]")


def terminal_problem(data: bytes, *, live: bool = False) -> str | None:
    """What in bytes written to a terminal did not come from revtrack's own colours."""
    rest = SGR.sub(b"", data)
    if live:
        rest = LIVE.sub(b"", rest).replace(b"\r", b"")
    for byte in rest:
        if (byte < 0x20 and byte not in (0x09, 0x0A)) or byte == 0x7F:
            at = rest.index(bytes([byte]))
            return f"raw control 0x{byte:02x} near {rest[max(0, at - 30) : at + 30]!r}"
    try:
        text = rest.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 ({exc})"
    found = C1.search(text) or BIDI.search(text)
    if found:
        return f"raw {found.group()!r} near {text[max(0, found.start() - 30) : found.end() + 30]!r}"
    return None


#: The Content-Security-Policy of revtrack's pages: nothing loaded, no script.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2", "dl", "dt",
    "dd", "time", "span", "section", "ul", "li", "strong", "main", "del", "ins", "details",
    "summary", "br", "footer", "em", "small", "div", "abbr", "code", "s", "mark", "b", "i",
}  # fmt: skip
HTML_ATTRIBUTES = {"class", "lang", "charset", "name", "content", "http-equiv", "datetime",
                   "title", "id", "open", "dir", "role", "aria-label"}  # fmt: skip


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.policies: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in self.allowed:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            lowered = (value or "").strip().lower()
            if name.startswith("on") or name not in self.attributes:
                self.problems.append(f"attribute {name}= on <{tag}>")
            if lowered.startswith(("javascript:", "vbscript:", "data:")):
                self.problems.append(f"URL {value!r} on <{tag}>")
            if name == "http-equiv" and lowered != "content-security-policy":
                self.problems.append(f"http-equiv={value!r}")
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.policies.append(dict(attrs).get("content") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    allowed: set[str] = HTML_TAGS
    attributes: set[str] = HTML_ATTRIBUTES


def html_problem(page: str) -> str | None:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    if parser.problems:
        return "; ".join(sorted(set(parser.problems))[:5])
    if re.search(r"<\s*script", page, re.IGNORECASE):
        return "'<script' in the page"
    if parser.policies != [POLICY]:
        return f"Content-Security-Policy {parser.policies!r}, not revtrack's"
    return None


MARKDOWN_TAGS = {"h3", "p", "ul", "li", "strong", "em", "s", "hr", "br", "code", "ol"}


def markdown_problem(text: str) -> str | None:
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return None
    shown = MarkdownIt("commonmark").enable(["strikethrough", "linkify"]).render(text)
    parser = _Elements()
    parser.allowed = MARKDOWN_TAGS
    parser.attributes = set()
    parser.feed(shown)
    if parser.problems:
        return "; ".join(sorted(set(parser.problems))[:5])
    return None


_VALIDATORS: dict[str, Any] = {}


def json_problem(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return f"json.loads: {exc}"
    if not isinstance(data, dict) or "schema" not in data:
        return "not an object with a schema"
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        return None
    from revtrack import schemas

    shape = data["schema"]
    if shape not in _VALIDATORS:
        try:
            schema = schemas.load(shape)
        except ValueError as exc:
            return str(exc)
        checker = Draft202012Validator.FORMAT_CHECKER
        _VALIDATORS[shape] = Draft202012Validator(schema, format_checker=checker)
    error = next(iter(_VALIDATORS[shape].iter_errors(data)), None)
    if error is not None:
        return f"schema {shape}: {error.message[:200]} at {list(error.absolute_path)}"
    return None


def error_lines_problem(code: int, stderr: str) -> str | None:
    """A failure is said in one line, ``Error: ...``, last; warnings may come first."""
    if code in (0, 1):
        return "'Error:' on stderr after a success" if "Error:" in stderr else None
    lines = stderr.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return "no message on stderr"
    errors = [line for line in lines if line.startswith("Error: ")]
    if len(errors) != 1 or not lines[-1].startswith("Error: "):
        return f"{len(lines)} lines, {len(errors)} of them 'Error: ...'"
    if any(not line.startswith(("Error: ", "warning: ")) for line in lines):
        return f"{len(lines)} lines on stderr"
    if "\r" in stderr:
        return "a carriage return in the message"
    return None


# --- running ----------------------------------------------------------------------------------


class Hang(BaseException):
    """A run went past the time limit (raised by SIGALRM, past the CLI's own handlers)."""


@dataclass
class Result:
    args: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float
    exception: str | None = None
    hung: bool = False


@dataclass
class Tally:
    runs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    failures: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    examples: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CATEGORIES})
    commands: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        for name in CATEGORIES:
            self.runs[name] += other.runs[name]
            self.failures[name] += other.failures[name]
            self.examples[name] += other.examples[name]
        for name, count in other.commands.items():
            self.commands[name] = self.commands.get(name, 0) + count
        self.seconds += other.seconds


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REVTRACK", "PG"))}
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "COLUMNS", "LINES", "TTY_COMPATIBLE"):
        env.pop(name, None)
    env.update(
        TZ="America/New_York",
        TERM="xterm-256color",
        REVTRACK_NOTES=str(home / "no-such-notes.toml"),
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        ALL_PROXY="http://127.0.0.1:9",
        NO_PROXY="",
        PYTHONPATH=str(ROOT / "src"),
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        REVTRACK_PAGER="",  # (what reaches the terminal is revtrack's, not a pager's)
    )
    return env


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang


def run_inprocess(args: list[str], stdin: bytes | None, limit: float) -> Result:
    from click.testing import CliRunner

    from revtrack.cli import cli

    runner = CliRunner()
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        outcome = runner.invoke(cli, args, input=stdin, prog_name="revtrack")
    except Hang:
        return Result(args, -1, "", "", time.monotonic() - start, hung=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.monotonic() - start
    exception = None
    code = outcome.exit_code
    if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
        exception = f"{type(outcome.exception).__name__}: {outcome.exception}"
        code = -2
    return Result(args, code, outcome.stdout, outcome.stderr, seconds, exception)


def run_process(args: list[str], stdin: bytes | None, env: dict[str, str], limit: float) -> Result:
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "revtrack", *args],
            input=stdin or b"",
            capture_output=True,
            env=env,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Result(args, -1, "", "", time.monotonic() - start, hung=True)
    return Result(
        args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
    )


def _terminal_pair() -> tuple[int, int]:
    master, slave = os.openpty()
    tty.setraw(slave)  # bytes reach the reader as written: no \n -> \r\n
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return master, slave


def run_pty(
    args: list[str], stdin: bytes | None, env: dict[str, str], limit: float
) -> tuple[Result, bytes, bytes]:
    """A separate process whose stdout and stderr are each a terminal of its own."""
    (out_master, out_slave), (err_master, err_slave) = _terminal_pair(), _terminal_pair()
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "revtrack", *args],
        stdin=subprocess.PIPE,
        stdout=out_slave,
        stderr=err_slave,
        env=env,
        close_fds=True,
    )
    os.close(out_slave)
    os.close(err_slave)
    assert process.stdin is not None
    feeder = threading.Thread(target=_feed, args=(process.stdin, stdin or b""), daemon=True)
    feeder.start()
    got = {out_master: bytearray(), err_master: bytearray()}
    open_fds = [out_master, err_master]
    hung = False
    while open_fds:
        left = limit - (time.monotonic() - start)
        if left <= 0:
            hung = True
            process.kill()
            break
        ready, _, _ = select.select(open_fds, [], [], min(left, 0.5))
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                chunk = b""
            if chunk:
                got[fd] += chunk
            else:
                open_fds.remove(fd)
    try:
        code = process.wait(timeout=max(1.0, limit - (time.monotonic() - start)))
    except subprocess.TimeoutExpired:
        process.kill()
        code, hung = process.wait(), True
    os.close(out_master)
    os.close(err_master)
    out, err = bytes(got[out_master]), bytes(got[err_master])
    result = Result(
        args,
        code if not hung else -1,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        time.monotonic() - start,
        hung=hung,
    )
    return result, out, err


def _feed(pipe: Any, data: bytes) -> None:
    try:
        pipe.write(data)
        pipe.close()
    except OSError:
        pass


# --- a chunk of runs --------------------------------------------------------------------------

READING = ("log", "show", "notes", "list", "diff", "check", "ignore")
#: The other commands run, counted apart.
MORE = ("blame", "search", "feeds", "alert", "config", "rm", "rename", "pause", "resume",
        "export", "import")  # fmt: skip


@dataclass
class Article:
    key: str
    arg: str  # how commands name it
    paras: list[str]
    count: int = 0


class Chunk:
    """``CHUNK`` runs on a store of their own, from the chunk's own seed."""

    def __init__(self, seed: int, number: int, runs: int, opts: argparse.Namespace) -> None:
        self.rng = random.Random(f"{seed}:{number}")
        self.number = number
        self.budget = runs
        self.opts = opts
        self.tally = Tally()
        self.dir = Path(tempfile.mkdtemp(prefix=f"revtrack-fuzz-{number}-"))
        self.env = _environment(self.dir)
        self.store = str(self.dir / "store")
        self.articles: dict[str, Article] = {}
        self.counts: dict[str, int] = {}
        self.clock = 1_600_000_000.0 + self.rng.randrange(10**7)
        self.step = 0
        self.used = 0

    # the loop

    def run(self) -> Tally:
        try:
            with contextlib.chdir(self.dir):  # (a run's output to a relative path lands here)
                while self.used < self.budget:
                    self.step += 1
                    self.one()
        finally:
            if self.opts.keep:
                print(f"chunk {self.number}: inputs and store kept in {self.dir}", file=sys.stderr)
            else:
                shutil.rmtree(self.dir, ignore_errors=True)
        return self.tally

    def one(self) -> None:
        roll = self.rng.random()
        if roll < 0.34 or not self.articles:
            self.add()
        elif roll < 0.52:
            self.diff()
        elif roll < 0.60:
            self.show()
        elif roll < 0.68:
            self.log_or_notes()
        elif roll < 0.73:
            self.simple(["list", *self.rng.choice([[], ["--json"], ["--color", "always"]])])
        elif roll < 0.77:
            self.simple(["check", *self.rng.choice([[], ["--json"], ["-q"]])])
        elif roll < 0.80:
            self.ignore()
        elif roll < 0.86:
            self.more()
        elif roll < 0.91:
            self.hostile_args()
        elif roll < 1 - self.opts.pty:
            self.hostile_store()
        else:
            self.terminal()

    # the commands

    def file(self, data: bytes, name: str | None = None) -> str:
        path = self.dir / "in" / (name or f"source-{self.step}.txt")
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return str(path)

    def text(self, article: Article | None) -> tuple[bytes, list[str]]:
        """The bytes of a snapshot, and the options that read it."""
        rng = self.rng
        kind = rng.random()
        paras = article.paras if article and article.paras else prose(rng, rng.randint(2, 8))
        options: list[str] = []
        if kind < 0.45:
            new = edit(rng, paras) if article and article.count else infest(rng, paras, 2)
            data = "\n\n".join(new).encode("utf-8", "surrogatepass")
            if article is not None:
                article.paras = new
        elif kind < 0.55:
            new = edit(rng, paras)
            data = page(rng, new).encode("utf-8", "surrogatepass")
            options += rng.choice([["--html"], ["--html"], []])
        elif kind < 0.62:
            data = bytes(rng.randrange(256) for _ in range(rng.choice([1, 10, 500, 5000])))
        elif kind < 0.69:
            data = corrupt(rng, "\n\n".join(paras).encode())
        elif kind < 0.74:
            data = "\n\n".join(paras).encode().replace(b" ", b"\x00", rng.randint(1, 3))
        elif kind < 0.80:
            unit = rng.choice(["word ", "x", " ", ".", ". ", "\t", "Update: ", "a\u0301", "日"])
            line = unit * (rng.choice([20_000, 200_000, 1_000_000]) // len(unit))
            data = ("\n\n".join(paras) + "\n\n" + line).encode()
        elif kind < 0.84:
            data = rng.choice([b"", b"\n\n\n", b"   \n\t\n", b"\xef\xbb\xbf", b"\x00", b"\r\r\r"])
        elif kind < 0.92:
            encoding = pick(rng, ENCODINGS)
            text = "\n\n".join(edit(rng, paras))
            try:
                data = codecs.encode(text, rng.choice(["utf-16", "latin-1", "utf-8"]), "replace")
            except (LookupError, ValueError):
                data = text.encode()
            options += ["--encoding", encoding]
        else:
            pieces = [pick(rng, ESCAPES + INVISIBLE) for _ in range(rng.randint(5, 50))]
            data = " ".join([*pieces, sentence(rng)]).encode("utf-8", "surrogatepass")
        if rng.random() < 0.15:
            options.append("--text")
        return data, options

    def moment(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            return []
        if roll < 0.85:
            self.clock += rng.choice([60, 3600, 86400, -3600])
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(self.clock))
            return ["--at", stamp]
        return ["--at", pick(rng, TIMES)]

    def add(self) -> None:
        rng = self.rng
        roll = rng.random()
        name_option: list[str] = []
        if roll < 0.7 and self.articles:
            article: Article | None = rng.choice(list(self.articles.values()))
            assert article is not None
            target = article.arg
        elif roll < 0.85:
            target = rng.choice(["talks", "story", f"article {len(self.articles)}", "é"])
            article = self.articles.get(unicodedata.normalize("NFC", target))
        elif roll < 0.93:
            target = pick(rng, NAMES)
            article = self.articles.get(target)
        else:
            target = pick(rng, URLS)
            article = None
            if rng.random() < 0.6:
                name_option = ["--name", pick(rng, [*NAMES, "port", "port-talks"])]
        data, options = self.text(article)
        source_roll = rng.random()
        stdin: bytes | None = None
        if source_roll < 0.6:
            source = [self.file(data, rng.choice([None, None, "page.html", "x.htm"]))]
        elif source_roll < 0.85:
            source, stdin = ["-"], data
        elif source_roll < 0.92:
            names = ["\x1b[31mred.txt", "new\nline.txt", "\u202efdp.txt", "x" * 250,
                     "[bold]x[_].txt", "\udcff.txt"]  # fmt: skip
            source = [self.file(data, pick(rng, names))]
        else:
            source = [pick(rng, [str(self.dir), str(self.dir / "missing.txt"), "/dev/null",
                                 "/dev/zero", "/proc/self/mem", str(self.dir / "\x1b]0;t\x07"),
                                 str(self.dir / ("n" * 300)), "", "--", "/dev/full"])]  # fmt: skip
            if source[0] in ("/dev/zero", "/dev/full"):
                options += ["--max-size", rng.choice(["1k", "10k"])]
        if rng.random() < 0.15:
            options += ["--max-size", pick(rng, SIZES)]
        if rng.random() < 0.1:
            options += ["--tolerance", pick(rng, DURATIONS)]
        if rng.random() < 0.05:
            options += ["--min-severity", rng.choice(["typo", "minor", "substantive", "x"])]
        for flag in ("--json", "-q", "--force"):
            if rng.random() < 0.25:
                options.append(flag)
        args = ["add", target, *source, *self.moment(), *name_option, *options]
        result = self.cli(args, stdin)
        self.check_versions(result, target, name_option, data)

    def check_versions(
        self, result: Result, target: str, name_option: list[str], data: bytes
    ) -> None:
        if result.hung or result.exception:
            self.resync()
            return
        stored = False
        if result.code == 0 and result.stdout.strip():
            stored = "--json" not in result.args or '"status": "added"' in result.stdout
        if result.code == 2 and "was stored" in result.stderr:
            stored = True
        listing = self.cli(["list", "--json"], None, category="versions")
        if listing.code != 0:
            self.fail("versions", listing, f"list --json ended with {listing.code}")
            return
        try:
            counts = {a["article"]: a["versions"] for a in json.loads(listing.stdout)["articles"]}
        except (ValueError, KeyError, TypeError) as exc:
            self.fail("versions", listing, f"list --json unreadable: {exc}")
            return
        before = sum(self.counts.values())
        expected = before + (1 if stored else 0)
        problem = None
        if sum(counts.values()) != expected:
            problem = (
                f"{sum(counts.values())} versions after an add that "
                f"{'stored one' if stored else 'stored none'} (status {result.code}); "
                f"{before} before"
            )
        elif any(counts.get(k, 0) < n for k, n in self.counts.items()):
            problem = "an article lost versions"
        elif stored and not name_option and not target.lower().startswith("http"):
            key = unicodedata.normalize("NFC", target)
            if counts.get(key) != self.counts.get(key, 0) + 1:
                problem = (
                    f"{key!r} has {counts.get(key)} versions, not {self.counts.get(key, 0) + 1}"
                )
            said = self.said_number(result)
            if said is not None and said != counts.get(key):
                problem = f"the add said @{said}, the store holds {counts.get(key)}"
        self.tally.runs["versions"] += 1
        if problem:
            self.fail("versions", result, problem, counted=False)
        self.counts = counts
        for key, count in counts.items():
            known = self.articles.get(key)
            if known is None:
                paras = data.decode("utf-8", "replace").split("\n\n")
                self.articles[key] = Article(key, key, paras, count)
            else:
                known.count = count

    @staticmethod
    def said_number(result: Result) -> int | None:
        """The number of the version an add says it stored."""
        if "--json" in result.args:
            try:
                return int(json.loads(result.stdout)["version"]["number"])
            except (ValueError, KeyError, TypeError):
                return None
        found = re.search(r"@(\d+)", result.stdout.partition("\n")[0])
        return int(found.group(1)) if found else None

    def resync(self) -> None:
        listing = self.cli(["list", "--json"], None, category="versions")
        self.counts = {}
        with contextlib.suppress(ValueError, KeyError, TypeError):
            articles = json.loads(listing.stdout)["articles"]
            self.counts = {a["article"]: a["versions"] for a in articles}

    def some_article(self) -> str:
        rng = self.rng
        if self.articles and rng.random() < 0.85:
            return rng.choice(list(self.articles.values())).arg
        return pick(rng, [*NAMES, *URLS[:3], "nosuch"])

    def diff(self) -> None:
        rng = self.rng
        revs = [pick(rng, REVISIONS) for _ in range(rng.choice([0, 0, 1, 2, 2, 3]))]
        if rng.random() < 0.6:
            revs = [rng.choice(["@1", "@-1", "@2", "@-2", "1", "@3"]) for _ in revs]
        ref = self.some_article()
        if rng.random() < 0.1 and revs:
            ref, revs = ref + revs[0], revs[1:]
        options: list[str] = []
        fmt = rng.choice(["terminal", "json", "markdown", "html", "patch", "html", "json"])
        options += rng.choice([["--format", fmt], ["-f", fmt], ["--json"] if fmt == "json" else []])
        if rng.random() < 0.2:
            options.append("--stat")
        if rng.random() < 0.25:
            for _ in range(rng.randint(1, 3)):
                options += ["--ignore", pick(rng, PATTERNS)]
        for flag in ("--ignore-whitespace", "--ignore-case", "--ignore-punctuation", "--utc",
                     "--exit-code"):  # fmt: skip
            if rng.random() < 0.1:
                options.append(flag)
        if rng.random() < 0.2:
            options += ["--by", rng.choice(["word", "sentence", "paragraph", "char"])]
        if rng.random() < 0.15:
            options += ["-U", pick(rng, INTEGERS)]
        if rng.random() < 0.1:
            options += ["--tolerance", pick(rng, DURATIONS)]
        if rng.random() < 0.2:
            options += ["--color", rng.choice(["always", "never", "auto", "sometimes"])]
        output = None
        if rng.random() < 0.2:
            output = pick(rng, [str(self.dir / "out.html"), str(self.dir / "no" / "dir" / "o"),
                                "/dev/full", "/dev/null", str(self.dir), "-",
                                str(self.dir / "x\x1b[31m.html"), str(self.dir / ("n" * 300)),
                                str(self.dir / "\nnew"), str(self.dir / "\udcff.out")])  # fmt: skip
            options += ["-o", output]
        positional = ["--", *revs] if any(r.startswith("-") for r in revs) else revs
        args = ["diff", ref, *options, *positional]
        result = self.cli(args, None)
        if output not in (None, "-", "/dev/null", "/dev/full") and result.code in (0, 1):
            try:
                written = Path(output).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.fail("internal", result, f"-o {output!r} not readable after success: {exc}")
                return
            self.formats(result, written, self.format_of(args))

    def show(self) -> None:
        rng = self.rng
        ref = self.some_article()
        if rng.random() < 0.7:
            ref += pick(rng, ["@1", "@-1", "@2", "", *REVISIONS])
        self.simple(["show", ref, *rng.choice([[], ["--json"]])])

    def log_or_notes(self) -> None:
        rng = self.rng
        command = rng.choice(["log", "notes"])
        options = rng.choice([[], ["--json"], ["--color", "always"], ["--utc"]])
        if command == "notes" and rng.random() < 0.4:
            options = [*options, rng.choice(["--explain", "--exit-code"])]
        if rng.random() < 0.15:
            options = [*options, "--tolerance", pick(rng, DURATIONS)]
        if rng.random() < 0.1:
            options = [*options, "--min-severity", rng.choice(["typo", "substantive", ""])]
        self.simple([command, self.some_article(), *options])

    def ignore(self) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            args = ["ignore", "add", pick(rng, PATTERNS)]
            if rng.random() < 0.3:
                args += ["--article", self.some_article()]
            elif rng.random() < 0.3:
                args += ["--site", pick(rng, SITES)]
            self.cli(args, None)
        elif roll < 0.75:
            self.simple(["ignore", "list", *rng.choice([[], ["--json"], ["--color", "always"]])])
        elif roll < 0.9:
            self.cli(["ignore", "rm", pick(rng, INTEGERS)], None)
        else:
            self.cli(
                ["ignore", rng.choice(["on", "off"]), rng.choice(["counts", "all", "x"])], None
            )

    def more(self) -> None:
        """The commands of history, tracking, alerts, archives and settings, with hostile
        names, queries, URLs and files; what would change the articles the versions check
        counts (a removal, a renaming, an import) works on names that are none of them, or on
        a store of its own."""
        rng = self.rng
        json_or_not = rng.choice([[], ["--json"], ["--color", "always"]])
        absent = "absent " + pick(rng, NAMES)
        kind = rng.randrange(9)
        if kind == 0:
            ref = self.some_article() + rng.choice(["", "@1", "@-1", "@99", "@x"])
            self.simple(["blame", ref, *json_or_not])
        elif kind == 1:
            self.simple(
                ["search", *(pick(rng, [*NAMES, *PATTERNS]) for _ in range(2)), *json_or_not]
            )
        elif kind == 2:
            self.simple(["feeds", *json_or_not])
        elif kind == 3:
            scope = rng.choice(
                [[], ["--article", self.some_article()], ["--site", pick(rng, SITES)]]
            )
            severity = rng.choice([[], ["--min-severity", rng.choice(["typo", "x", ""])]])
            self.cli(["alert", "add", pick(rng, ALERTS), *scope, *severity], None)
        elif kind == 4:
            self.simple(
                rng.choice([["alert", "list", *json_or_not], ["alert", "rm", pick(rng, INTEGERS)]])
            )
        elif kind == 5 and Path(self.store).is_dir():
            config = Path(self.store) / "revtrack.toml"  # (beside the store's database)
            config.write_bytes(pick(rng, CONFIGS).encode("utf-8", "surrogateescape"))
            try:
                self.simple(["config", *json_or_not])
                self.simple(rng.choice([["log", self.some_article()], ["list"]]))
            finally:
                config.unlink()
        elif kind == 6:
            command = rng.choice(
                [
                    ["rm", absent, "--yes"],
                    ["rm", absent],
                    ["rename", absent, absent + "2"],
                    [
                        "rename",
                        self.some_article(),
                        rng.choice([self.some_article(), "", "@", "a@1", "x" * 201]),
                    ],
                    ["pause", absent],
                    ["resume", self.some_article()],
                    ["pause", "--all"],
                ]
            )
            self.cli(command, None)
        else:
            self.archive(kind == 7)

    def archive(self, whole: bool) -> None:
        """An export, then an import of it, cut or corrupted, into a store of its own."""
        rng = self.rng
        path = self.dir / f"export-{self.step}.jsonl"
        chosen = [] if whole or not self.articles else [self.some_article()]
        result = self.cli(["export", *chosen, "-o", str(path)], None)
        data = path.read_bytes() if result.code == 0 and path.exists() else b""
        if data and rng.random() < 0.7:
            data = corrupt(rng, data) if rng.random() < 0.6 else data[: rng.randrange(len(data))]
        other = str(self.dir / f"imported-{self.step}")
        target = rng.choice(
            [["-"], [str(self.file(data, "export.jsonl"))], ["--warc", str(self.file(data))]]
        )
        self.cli(["import", *target, *rng.choice([[], ["--json"]])], data, store=other)

    def hostile_args(self) -> None:
        rng = self.rng
        commands = ["add", "diff", "log", "show", "notes", "list", "check", "ignore", "blame",
                    "search", "rm", "rename", "pause", "resume", "feeds", "alert", "export",
                    "import", "config", "site", "copy"]  # fmt: skip
        command = rng.choice(commands)
        junk = [
            pick(rng, ["--frobnicate", "-", "--", "--json=1", "--color", "-U", "--at",
                       "--\x1b[31m", "-\u202e", "--" + "x" * 5000, "--format=xml", "-o",
                       "--store", "--help", "-h", "--version", "\x1b]0;t\x07"])
            for _ in range(rng.randint(1, 3))
        ]  # fmt: skip
        args = [command, *junk] if rng.random() < 0.8 else [*junk, command]
        self.simple(args)

    def hostile_store(self) -> None:
        rng = self.rng
        garbage = self.dir / "garbage.db"
        if not garbage.exists():
            garbage.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
        header = self.dir / "header.db"
        if not header.exists():
            header.write_bytes(b"SQLite format 3\x00" + bytes(4080))
        store = pick(rng, [str(garbage), str(header), "/dev/null", str(self.dir / "\x1b[31m"),
                           "", str(self.dir / "empty.db"), "postgresql://\x1b[31m@/x",
                           "postgresql://user:secret@127.0.0.1:9/x?connect_timeout=1",
                           str(self.dir / "in"), "/proc/self"])  # fmt: skip
        if store.endswith("empty.db"):
            Path(store).touch()
        command = rng.choice([["list"], ["log", "talks"], ["check"], ["ignore", "list"],
                              ["show", "talks"], ["list", "--json"]])  # fmt: skip
        self.simple(command, store=store)

    def simple(self, args: list[str], store: str | None = None) -> None:
        result = self.cli(args, None, store=store)
        if (
            args
            and args[0] in READING
            and store is None
            and not {"--help", "-h"} & set(args)  # (wrapped to the width of a terminal)
            and self.rng.random() < self.opts.agreement
        ):
            self.agree(result)

    def terminal(self) -> None:
        """A run whose stdout and stderr are terminals, as a separate process."""
        rng = self.rng
        article = self.some_article()
        choices = [
            ["show", article],
            ["show", article, "--json"],
            ["log", article, "--json"],
            ["notes", article, "--json"],
            ["diff", article, "--json"],
            ["show", article + rng.choice(["@1", "@-1", "@2"])],
            ["log", article],
            ["notes", article],
            ["notes", article, "--explain"],
            ["list"],
            ["diff", article],
            ["diff", article, "@1", "--by", "sentence"],
            ["diff", article, "--stat"],
            ["diff", article, "-f", "markdown"],
            ["ignore", "list"],
            ["check"],
            ["log", pick(rng, NAMES)],
            ["show", article + pick(rng, REVISIONS)],
            ["add", "x", str(self.dir / pick(rng, ["\x1b]0;t\x07", "\x1b[31m", "\u202e", "\x9b"]))],
            ["add", "x", "-", "--encoding", pick(rng, ENCODINGS)],
            ["diff", article, "--ignore", pick(rng, PATTERNS)],
            ["ignore", "add", pick(rng, PATTERNS), "--site", pick(rng, SITES)],
            ["add", "x", "-", "--at", pick(rng, TIMES)],
            ["diff", article, "-o", str(self.dir / pick(rng, ["no/\x1b]0;t\x07", "\x1b[31m/x"]))],
            [pick(rng, ["--\x1b[31m", "\x1b]0;t\x07", "-\u202e"])],
            ["add", "y", "-"],
        ]  # fmt: skip
        args = ["--store", self.store, *rng.choice(choices)]
        if rng.random() < 0.2:
            args.append(rng.choice(["--color=always", "--color=never", "--utc"]))
        args = [a.replace("\x00", "") for a in args]
        stdin = None
        if "-" in args:
            stdin, _ = self.text(None)
        env = dict(self.env)
        if rng.random() < 0.15:
            env["NO_COLOR"] = "1"
        result, out, err = run_pty(args, stdin, env, self.opts.limit)
        self.used += 1
        self.count_command(args[2:])
        self.basic(result)
        self.tally.runs["terminal"] += 1
        live = "check" in args
        problem = terminal_problem(out, live=live) or terminal_problem(err, live=live)
        if problem and not result.hung:
            self.fail("terminal", result, problem, counted=False)
        if "add" in args[2:3]:
            self.resync()
            for key, count in self.counts.items():
                if key not in self.articles:
                    self.articles[key] = Article(key, key, [], count)

    def agree(self, inprocess: Result) -> None:
        """The same reading run as a separate process: the same status and stdout."""
        other = run_process(inprocess.args, None, self.env, self.opts.limit)
        self.used += 1
        self.basic(other)
        self.tally.runs["agreement"] += 1

        def stable(text: str) -> str:
            return re.sub(r'"seconds": [0-9.e-]+', "", text)

        if other.hung or inprocess.hung:
            return
        if other.code != inprocess.code or stable(other.stdout) != stable(inprocess.stdout):
            detail = (
                f"in-process {inprocess.code}, process {other.code}; "
                f"stdout {'same' if other.stdout == inprocess.stdout else 'differs'}; "
                f"process stderr {other.stderr[-300:]!r}"
            )
            self.fail("agreement", inprocess, detail, counted=False)

    # running and checking one invocation

    def cli(
        self,
        args: list[str],
        stdin: bytes | None,
        *,
        store: str | None = None,
        category: str | None = None,
    ) -> Result:
        full = ["--store", self.store if store is None else store, *args]
        result = run_inprocess(full, stdin, self.opts.limit)
        self.used += 1
        self.count_command(args)
        self.basic(result)
        if self.opts.verbose:
            print(f"[{self.number}.{self.step}] {result.code} {result.seconds:.2f}s {args!r:.300}"
                  f" {result.stderr.strip()[:300]!r}", file=sys.stderr)  # fmt: skip
        if result.hung:
            self.reset()
            return result
        self.formats(result, result.stdout, self.format_of(args))
        if "--color" in args and "always" in args:
            self.tally.runs["terminal"] += 1
            problem = terminal_problem(result.stdout.encode("utf-8", "surrogateescape"))
            if problem:
                self.fail("terminal", result, problem, counted=False)
        return result

    def count_command(self, args: list[str]) -> None:
        name = next((a for a in args if a in (*READING, *MORE, "add")), "other")
        self.tally.commands[name] = self.tally.commands.get(name, 0) + 1

    @staticmethod
    def format_of(args: list[str]) -> str | None:
        if "--json" in args:
            return "json"
        for option in ("--format", "-f"):
            if option in args[:-1]:
                return args[args.index(option) + 1]
        return None

    def formats(self, result: Result, output: str, fmt: str | None) -> None:
        if result.code not in (0, 1) or fmt not in ("json", "html", "markdown"):
            return
        if "-o" in result.args and output is result.stdout:
            target = result.args[result.args.index("-o") + 1]
            if target != "-":
                return  # checked from the file
        self.tally.runs[fmt] += 1
        if fmt == "json":
            problem = json_problem(output)
        elif fmt == "html":
            problem = html_problem(output)
        else:
            problem = markdown_problem(output)
        if problem:
            self.fail(fmt, result, problem, counted=False)

    def basic(self, result: Result) -> None:
        for category in ("internal", "hang", "one-line"):
            self.tally.runs[category] += 1
        self.tally.seconds += result.seconds
        if result.hung or result.seconds > self.opts.limit:
            self.fail("hang", result, f"over {self.opts.limit:.0f} s ({result.seconds:.1f} s)")
            return
        if result.exception is not None:
            self.fail("internal", result, f"exception out of the command: {result.exception}")
            return
        if result.code == 70 or "Traceback" in result.stderr:
            self.fail("internal", result, "internal error")
            return
        if result.code not in DOCUMENTED or (result.code == 1 and "--exit-code" not in result.args):
            self.fail("internal", result, f"undocumented status {result.code}")
            return
        problem = error_lines_problem(result.code, result.stderr)
        if problem:
            self.fail("one-line", result, problem)

    def fail(self, category: str, result: Result, problem: str, *, counted: bool = True) -> None:
        self.tally.failures[category] += 1
        if len(self.tally.examples[category]) < self.opts.examples:
            self.tally.examples[category].append(
                f"chunk {self.number} step {self.step}: {problem}\n"
                f"    args: {result.args!r:.600}\n    status {result.code}, stderr: "
                f"{result.stderr[-600:]!r}"
            )

    def reset(self) -> None:
        """After a hang: a new store, so that a lock left behind spoils nothing after it."""
        self.store = str(self.dir / f"store-{self.step}")
        self.articles, self.counts = {}, {}


def run_chunk(job: tuple[int, int, int, argparse.Namespace]) -> Tally:
    seed, number, runs, opts = job
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "COLUMNS", "LINES", "TTY_COMPATIBLE"):
        os.environ.pop(name, None)
    home = Path(tempfile.gettempdir())
    os.environ.update({k: v for k, v in _environment(home).items() if k not in ("HOME",)})
    time.tzset()
    signal.signal(signal.SIGALRM, _alarm)
    chunk = Chunk(seed, number, runs, opts)
    started = time.monotonic()
    tally = chunk.run()
    tally.seconds = time.monotonic() - started
    return tally


def jobs_for(opts: argparse.Namespace) -> Iterator[tuple[int, int, int, argparse.Namespace]]:
    chunks = -(-opts.runs // CHUNK)
    numbers = [opts.chunk] if opts.chunk is not None else range(chunks)
    for number in numbers:
        runs = CHUNK if opts.chunk is not None else min(CHUNK, opts.runs - number * CHUNK)
        yield opts.seed, number, runs, opts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000, help="CLI runs in all (10000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the inputs (1)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (2)")
    parser.add_argument("--limit", type=float, default=LIMIT, help="seconds a run may take (20)")
    parser.add_argument("--chunk", type=int, help="run only this chunk (of 50 runs) again")
    parser.add_argument(
        "--pty",
        type=float,
        default=PTY_SHARE,
        help="share of runs made under a pseudo-terminal, as a separate process (0.05)",
    )
    parser.add_argument(
        "--agreement",
        type=float,
        default=AGREEMENT_SHARE,
        help="share of reading runs run again as a separate process (0.02)",
    )
    parser.add_argument(
        "--examples", type=int, default=EXAMPLES, help="failures shown per category (3)"
    )
    parser.add_argument("--keep", action="store_true", help="keep each chunk's inputs and store")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every run")
    opts = parser.parse_args()
    started = time.monotonic()
    total = Tally()
    jobs = list(jobs_for(opts))
    if opts.jobs > 1 and len(jobs) > 1:
        with multiprocessing.get_context("fork").Pool(opts.jobs, maxtasksperchild=20) as pool:
            for done, tally in enumerate(pool.imap_unordered(run_chunk, jobs), 1):
                total.add(tally)
                if done % 20 == 0 or done == len(jobs):
                    print(f"  {done}/{len(jobs)} chunks, {time.monotonic() - started:.0f} s",
                          file=sys.stderr, flush=True)  # fmt: skip
    else:
        for job in jobs:
            total.add(run_chunk(job))
    wall = time.monotonic() - started
    return report(total, opts, wall)


def report(total: Tally, opts: argparse.Namespace, wall: float) -> int:
    runs = sum(total.commands.values())
    print(
        f"revtrack fuzz: {runs:,} runs, seed {opts.seed}, {opts.jobs} jobs, {wall:.0f} s wall "
        f"({platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()})"
    )
    print("runs by command: " + ", ".join(f"{k} {v}" for k, v in sorted(total.commands.items())))
    print()
    width = max(len(text) for text in CATEGORIES.values())
    print(f"| {'category':<{width}} | {'runs':>6} | {'failures':>8} | result |")
    print(f"|{'-' * (width + 2)}|{'-' * 8}:|{'-' * 10}:|--------|")
    failed = False
    for name, text in CATEGORIES.items():
        verdict = "PASS" if total.failures[name] == 0 else "FAIL"
        failed |= verdict == "FAIL"
        print(f"| {text:<{width}} | {total.runs[name]:>6,} | {total.failures[name]:>8,} | "
              f"{verdict:<6} |")  # fmt: skip
    for name in CATEGORIES:
        if total.examples[name]:
            print(f"\nfirst failures: {name}")
            for example in sorted(total.examples[name], key=_chunk_order)[: opts.examples]:
                print(f"  {example}")
    if failed:
        print(f"\nagain, one chunk with every run: python bench/fuzz_bench.py --seed {opts.seed} "
              "--chunk K -v")  # fmt: skip
    return 1 if failed else 0


def _chunk_order(example: str) -> tuple[int, int]:
    found = re.match(r"chunk (\d+) step (\d+)", example)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


if __name__ == "__main__":
    sys.exit(main())
