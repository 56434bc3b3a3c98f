"""The report formats of ``diff``: golden files, escaping, and the HTML page in a real browser."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Run, article_versions
from factories import fixture_report, version
from golden import check_golden
from markdown_it import MarkdownIt
from test_cli import add_all

from revtrack.errors import ExitStatus
from revtrack.render import RenderOptions, render
from revtrack.render.html import POLICY
from revtrack.report import build_report

RunFn = Callable[..., Run]
SUFFIX = {"markdown": "md", "html": "html", "json": "json"}
PAIRS = [("talks", 1, 2), ("talks", 1, 4), ("storm", 1, 3), ("recall", 1, 3)]


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
@pytest.mark.parametrize(("name", "old", "new"), PAIRS)
def test_format_golden(
    request: pytest.FixtureRequest, fmt: str, name: str, old: int, new: int
) -> None:
    out = io.StringIO()
    render(fmt, fixture_report(name, old, new), RenderOptions(), out)
    check_golden(request, f"report/{name}-{old}-{new}.{SUFFIX[fmt]}", out.getvalue())


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_diff_prints_the_format_of_its_report(run: RunFn, fmt: str) -> None:
    """The command and the renderer given the same report print the same (see the goldens)."""
    add_all(run, "talks")
    result = run("diff", "talks", "@1", "@4", "--format", fmt)
    assert (result.code, result.stderr) == (0, ""), result
    expected = io.StringIO()
    render(fmt, fixture_report("talks", 1, 4), RenderOptions(), expected)
    assert result.stdout == expected.getvalue()


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "terminal"])
def test_stat_is_a_summary_in_every_format(
    run: RunFn, request: pytest.FixtureRequest, fmt: str
) -> None:
    add_all(run, "talks")
    full = run("diff", "talks", "@1", "--format", fmt).stdout
    stat = run("diff", "talks", "@1", "--format", fmt, "--stat")
    assert stat.code == 0, stat
    assert len(stat.stdout) < len(full) / 2
    ratio = "0.1211" if fmt == "json" else "12.1%"
    for figure in ("124", "51", ratio):  # words added and deleted, share changed
        assert figure in stat.stdout, (fmt, figure)
    assert "Correction (Jan. 2, 2025)" in stat.stdout  # the notes that appeared
    assert "changed without a note" in stat.stdout or "unnoted_change" in stat.stdout
    suffix = {"terminal": "txt"}.get(fmt, SUFFIX.get(fmt))
    check_golden(request, f"report/talks-1-4.stat.{suffix}", stat.stdout)


def test_json_format_is_the_json_option(run: RunFn) -> None:
    add_all(run, "storm")
    assert run("diff", "storm", "--format", "json").stdout == run("diff", "storm", "--json").stdout


def test_output_file_is_written_whole_and_stdout_stays_empty(
    run: RunFn, tmp_path: Path, isolated: Path
) -> None:
    add_all(run, "recall")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "recall.html"
    result = run("diff", "recall", "@1", "--format", "html", "-o", str(target))
    assert (result.code, result.stdout, result.stderr) == (0, "", ""), result
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["recall.html"]  # no partial file left
    store = (isolated / "revtrack.db").read_bytes()
    missing = run("diff", "recall", "-o", str(tmp_path / "no-such-dir" / "x.md"))
    assert missing.code in (ExitStatus.USAGE, ExitStatus.INPUT_ERROR), missing
    assert missing.stderr.startswith("Error: ") and len(missing.stderr.splitlines()) == 1
    assert (isolated / "revtrack.db").read_bytes() == store


# --- hostile text ----------------------------------------------------------------------------

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<a href="javascript:window.__pwned = 3">read more</a>',
    "[a Markdown link](javascript:window.__pwned=4)",
    "</style><style>body { display: none }</style>",
    '"></p><svg onload="window.__pwned = 5">',
    "&lt;b&gt; and AT&amp;T",
]


def hostile(run: RunFn, fmt: str) -> str:
    for path in article_versions("hostile"):
        assert run("add", "hostile", str(path)).code == 0
    result = run("diff", "hostile", "--format", fmt)
    assert result.code == 0, result
    return result.stdout


class _Elements(HTMLParser):
    """The start tags of a document, with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(document: str) -> _Elements:
    parser = _Elements()
    parser.feed(document)
    parser.close()
    return parser


def test_markdown_shows_hostile_text_as_text(run: RunFn) -> None:
    shown = MarkdownIt("commonmark").enable("strikethrough").render(hostile(run, "markdown"))
    found = elements(shown)
    tags = {tag for tag, _ in found.tags}
    assert tags <= {"h3", "p", "ul", "li", "strong", "em", "s", "hr", "br"}, tags
    text = "".join(found.text)
    for sample in HOSTILE:
        assert sample in text, sample
    assert "# not a heading" in text and "> not a quote" in text and "1. not a list" in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_html_shows_hostile_text_as_text(run: RunFn) -> None:
    page = hostile(run, "html")
    found = elements(page)
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2"}
    allowed |= {"dl", "dt", "dd", "time", "section", "ul", "li", "strong", "span", "main"}
    allowed |= {"del", "ins", "details", "summary", "footer", "br", "a"}
    assert {tag for tag, _ in found.tags} <= allowed
    for tag, attributes in found.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert not (attributes.get("href") or "").lower().startswith("javascript"), attributes
    assert sum(tag == "style" for tag, _ in found.tags) == 1
    text = "".join(found.text)
    for sample in HOSTILE:
        assert sample in text, sample
    assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page


def test_html_escapes_titles_and_links_only_web_addresses() -> None:
    def page(title: str, url: str) -> str:
        old, new = (
            replace(version(text, n, article="story", title=title), metadata={"url": url})
            for n, text in enumerate(("First text of the story.\n", "Second text of it.\n"), 1)
        )
        out = _Buffer()
        render("html", build_report(old, new), RenderOptions(), out)
        return out.getvalue()

    evil = page('<script>alert(1)</script>"', "javascript:alert(1)")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in evil
    assert "<script>" not in evil and "href=" not in evil
    spoofed = page("Budget", "https://evil.example/phish?a=1&b=2")  # a page's own address
    assert "href=" not in spoofed  # shown, never linked
    assert "Address the page gives: https://evil.example/phish?a=1&amp;b=2" in spoofed


def test_markdown_makes_no_links_or_mentions_of_article_text() -> None:
    from revtrack.render.markdown import escape

    shown = escape("See https://x.example/a, www.x.example, mail@x.example, @desk and #123.")
    assert shown == (
        "See https\\://x.example/a, www\\.x.example, mail\\@x.example, \\@desk and \\#123."
    )
    rendered = MarkdownIt("commonmark").render(shown)
    assert "https://x.example/a" in rendered and "<a" not in rendered


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)


# --- the page in a real browser --------------------------------------------------------------


def test_html_page_in_a_browser_runs_nothing_and_loads_nothing(
    run: RunFn, browser: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    path = tmp_path / "hostile.html"
    path.write_text(hostile(run, "html"), encoding="utf-8")
    for width, height in ((390, 844), (1280, 800)):  # a phone, a laptop
        page = browser.new_page(viewport={"width": width, "height": height})
        requested: list[str] = []
        page.on("request", lambda request, seen=requested: seen.append(request.url))
        page.goto(path.as_uri())
        assert requested == [path.as_uri()]  # the page itself, nothing else
        assert page.evaluate("typeof window.__pwned") == "undefined"
        text = page.inner_text("body")
        for sample in HOSTILE[:3] + HOSTILE[4:]:
            assert sample in text, sample
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways
        shot = page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000
        page.close()


def test_html_page_escapes_without_its_content_security_policy(run: RunFn, browser: object) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    document = hostile(run, "html")
    policy = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    assert policy in document
    page = browser.new_page()
    page.set_content(document.replace(policy, ""))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script, img, svg, a').length") == 0
    assert page.evaluate("getComputedStyle(document.body).display") == "block"
    page.close()


def test_html_report_prints(run: RunFn, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    add_all(run, "talks")
    path = tmp_path / "talks.html"
    assert run("diff", "talks", "@1", "--format", "html", "-o", str(path)).code == 0
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
    headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
    assert headings == ["Editorial notes", "Stealth-edit findings"]
    page.close()


def test_json_report_carries_findings_and_version_metadata(run: RunFn) -> None:
    add_all(run, "talks")
    report = json.loads(run("diff", "talks", "@1", "@4", "--json").stdout)
    assert [(f["from_version"], f["to_version"], f["kind"]) for f in report["findings"]] == [
        (1, 2, "change_beyond_note"),
        (2, 3, "change_beyond_note"),
        (3, 4, "unnoted_change"),
    ]
    assert report["old"]["metadata"] == {} and report["new"]["number"] == 4
    backwards = json.loads(run("diff", "talks", "@4", "@1", "--json").stdout)
    assert backwards["findings"] == []


def test_two_formats_at_once_are_a_usage_error(run: RunFn) -> None:
    add_all(run, "storm")
    result = run("diff", "storm", "--json", "--format", "html")
    assert result.code == ExitStatus.USAGE and result.stdout == "", result
    assert result.stderr.startswith("Error: --json and --format html"), result


def test_a_patch_never_targets_gits_own_directory() -> None:
    from revtrack.render.patch import file_name

    assert (file_name(".git"), file_name(".GIT"), file_name("talks")) == ("_.git", "_.GIT", "talks")
