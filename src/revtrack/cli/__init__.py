"""The ``revtrack`` command line: parse, call the core, pick a renderer, map errors.

Heavy modules (the store, the diff engine, rich) are imported inside the commands, so that
``revtrack --help`` starts fast.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import IO, TYPE_CHECKING, Any, BinaryIO, NoReturn, TypeVar, cast

import click

from revtrack import __version__
from revtrack.cli.options import HELPING, Defaults, _fetching, fetch_options
from revtrack.cli.paging import no_pager_option, paged, width_option
from revtrack.direct import damaged, failure
from revtrack.direct import output_failure as _output_failure
from revtrack.errors import ExitStatus, UsageError
from revtrack.helptext import MAX_CONTENT_WIDTH

if TYPE_CHECKING:
    import regex

    from revtrack.models import Criteria, Recorded
    from revtrack.paths import Location
    from revtrack.store import Store

F = TypeVar("F", bound=Callable[..., Any])

#: The environment variable that names the store (:data:`revtrack.paths.ENV_VAR`, spelt out
#: here so that ``--help`` does not load the module of paths and URLs).
STORE_ENV_VAR = "REVTRACK_HOME"


#: The commands defined in modules of their own (they use the helpers here), by name: the
#: module and the command in it. Each is loaded when it is asked for (to run it or list it in
#: the help), not for every command.
ELSEWHERE = {
    "alert": ("alerts", "alert"),
    "blame": ("history", "blame_command"),
    "check": ("check", "check_command"),
    "config": ("config", "config_command"),
    "copy": ("copy", "copy_command"),
    "export": ("archives", "export_command"),
    "feeds": ("manage", "feeds_command"),
    "follow": ("follow", "follow"),
    "ignore": ("ignore", "ignore"),
    "import": ("archives", "import_command"),
    "list": ("manage", "list_command"),
    "pause": ("manage", "pause_command"),
    "refresh": ("follow", "refresh"),
    "rename": ("manage", "rename_command"),
    "resume": ("manage", "resume_command"),
    "rm": ("manage", "rm_command"),
    "search": ("history", "search_command"),
    "site": ("site", "site_command"),
    "unfollow": ("follow", "unfollow"),
}


class RevtrackGroup(click.Group):
    """The one place where errors become messages and exit statuses; the commands of
    :data:`ELSEWHERE` loaded when they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``; a name unknown here loads every command, so that click's
        answer (and what it suggests) is the one it gives with all of them."""
        names = [cmd_name] if cmd_name in ELSEWHERE else list(ELSEWHERE)
        for name in names if cmd_name not in self.commands else ():
            if name not in self.commands:
                module, command = ELSEWHERE[name]
                loaded = importlib.import_module(f"revtrack.cli.{module}")
                self.add_command(getattr(loaded, command), name)
        return super().get_command(ctx, cmd_name)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The top-level options read (and ``--help`` or ``--version`` printed), with a usage
        error or an output that cannot be written in one line, as everywhere else."""
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
            ctx.meta[HELPING] = any(a in ("-h", "--help") for a in args[: _end(args)])
            return ctx
        except click.UsageError as exc:
            _fail(_usage_message(exc), ExitStatus.USAGE)
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            _fail(_output_failure(exc), ExitStatus.INPUT_ERROR)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:  # a reader gone away is noticed here, not when the process exits
                if sys.stdout is not None:
                    sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`revtrack show x | head`): stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(int(ExitStatus.SUCCESS)) from None
        except click.UsageError as exc:
            _fail(_usage_message(exc), ExitStatus.USAGE)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            _fail(*failure(exc))


def _end(args: list[str]) -> int:
    """Where the options of a command line end (at ``--``)."""
    return args.index("--") if "--" in args else len(args)


def _usage_message(exc: click.UsageError) -> str:
    """Click's usage error as one line, with where to read the usage (click prints the usage
    and a hint on lines of their own)."""
    message = " ".join(exc.format_message().split())
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) or not message:
        message = "no command given"
    where = exc.ctx.command_path if exc.ctx is not None else "revtrack"
    return f"{message} (see {where} --help)"


def _examples(*lines: str) -> str:
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


@click.group(
    cls=RevtrackGroup,
    context_settings={
        "help_option_names": ["-h", "--help"],
        "max_content_width": MAX_CONTENT_WIDTH,
    },
    epilog=_examples(
        "revtrack add talks article.txt",
        "revtrack add https://example.org/news/port-talks",
        "revtrack diff talks",
        "revtrack log talks",
        "revtrack refresh          # from cron",
    ),
)
@click.option(
    "--store",
    metavar="PATH|URL",
    envvar=STORE_ENV_VAR,
    show_envvar=True,
    help="Where versions are kept: a directory (holding revtrack.db), a .db file, or a "
    "PostgreSQL database (postgresql://user@host/db). "
    "Default: the platform's user data directory.",
)
@no_pager_option
@click.version_option(__version__, "-V", "--version", package_name="revtrack", prog_name="revtrack")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Track how news articles change after they are published.

    Store each snapshot of an article with `add` (a file, or a URL to fetch);
    see what changed with `diff`, `log` and `notes`; keep URL articles and
    followed feeds up to date from cron with `refresh`.
    """
    from revtrack.paths import store_location

    ctx.obj = store_location(store)
    ctx.default_map = Defaults()  # the configuration files', read when an option needs them


def _location() -> Location:
    """The store that ``--store`` names (see :func:`revtrack.paths.store_location`)."""
    location: Location = click.get_current_context().find_root().obj
    return location


def _opener(write: bool = False, *, create: bool | None = None) -> Callable[[], Store]:
    """Opens the store, when a use case needs it (see :func:`revtrack.store.open_store`)."""
    from revtrack.store import open_store

    location = _location()
    return lambda: open_store(location, write=write, create=create)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def utc_option(func: F) -> F:
    return click.option("--utc", is_flag=True, help="Show times in UTC, not local time.")(func)


def color_option(func: F) -> F:
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour the output; auto colours a terminal unless NO_COLOR is set.",
    )(func)


def _duration(_ctx: click.Context, _param: click.Parameter, value: str) -> timedelta:
    from revtrack.times import parse_duration

    return parse_duration(value)


def max_size_option(what: str) -> Callable[[F], F]:
    """--max-size, for the commands that read or fetch ``what``."""
    return click.option(
        "--max-size",
        metavar="SIZE",
        default="10MB",
        show_default=True,
        callback=_size,
        help=f"Refuse {what} larger than this.",
    )


SEVERITIES: tuple[str, ...] = ("typo", "minor", "substantive")


def criteria_options(func: F) -> F:
    """--tolerance and --min-severity, given to the command as one ``criteria``."""

    @functools.wraps(func)
    def command(*args: Any, tolerance: timedelta, min_severity: str, **kwargs: Any) -> Any:
        from revtrack.models import Criteria, Severity

        return func(*args, criteria=Criteria(tolerance, Severity(min_severity)), **kwargs)

    wrapped = click.option(
        "--min-severity",
        type=click.Choice(SEVERITIES),
        default="minor",
        show_default=True,
        envvar="REVTRACK_MIN_SEVERITY",
        help="Report changes at least this severe: typo (a word's spelling or case), minor "
        "(rewording), substantive (numbers, names, quotes, negations, sentences in or out).",
    )(cast(F, command))
    return click.option(
        "--tolerance",
        metavar="DURATION",
        default="1h",
        show_default=True,
        callback=_duration,
        help="How far outside the time between two observations a new note may be dated "
        "before it is a finding (30m, 2h, 1d).",
    )(wrapped)


def _print_json(value: dict[str, Any]) -> None:
    import revtrack.render.json as json_render

    json_render.dump(value, sys.stdout)


@contextlib.contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    """Standard output, or the file ``path`` (written whole, or not at all; a device or a
    pipe, such as ``/dev/stdout``, is written to as it is)."""
    if path == "-":
        yield sys.stdout
        return
    from pathlib import Path

    from revtrack.errors import InputError

    target = Path(path)
    in_place = target.exists() and not target.is_file()  # a device or a pipe: written to
    partial = target if in_place else target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        if not in_place:
            partial.replace(target)
    except OSError as exc:
        if not in_place:
            partial.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        if not in_place:
            partial.unlink(missing_ok=True)
        raise


def _message(text: str) -> None:
    """A message on stderr, in one line: what it quotes of the input is escaped."""
    from revtrack.text import one_line

    click.echo(one_line(text), err=True)


def _stdin(source: str | None) -> BinaryIO | None:
    """What the source ``-`` reads."""
    return sys.stdin.buffer if source == "-" and sys.stdin is not None else None


#: End with an error naming the damaged versions a command went on without (status 5).
_damaged = damaged


def _exit(status: ExitStatus) -> NoReturn:
    raise click.exceptions.Exit(int(status))


def _time(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    from revtrack.times import now, parse_time

    moment = parse_time(value)
    if moment > now() + timedelta(minutes=1):
        raise UsageError(f"--at {value} is in the future")
    return moment


def _size(_ctx: click.Context, _param: click.Parameter, value: str) -> int:
    from revtrack.sources import parse_size

    return parse_size(value)


def _fail(message: str, status: ExitStatus) -> NoReturn:
    """Print a one-line error on stderr and exit with ``status`` (what the message quotes of
    the input, a file name or an option's value, is escaped: no control character or line
    break reaches the terminal)."""
    from revtrack.text import one_line

    click.echo(f"Error: {one_line(message)}", err=True)
    raise click.exceptions.Exit(int(status))


@cli.command()
@click.argument("article")
@click.argument("source", metavar="[SOURCE]", required=False)
@click.option(
    "--at",
    "at",
    metavar="TIME",
    callback=_time,
    help="When the snapshot was observed (ISO 8601; local time unless an offset is given). "
    "Default: now.",
)
@click.option("--name", metavar="NAME", help="A short name for a new article added by URL.")
@click.option(
    "--html/--text",
    "as_html",
    default=None,
    help="Read SOURCE as a web page (the article is extracted) or as plain text. Default: "
    "HTML if it starts with a doctype or <html>, or is named .html.",
)
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="Character encoding of a plain-text SOURCE.",
)
@max_size_option("inputs (and pages)")
@fetch_options
@click.option(
    "--render",
    is_flag=True,
    help="Fetch the page through headless Chromium, for pages that build their article with "
    "script.",
)
@click.option("-q", "--quiet", is_flag=True, help="Say nothing when the text is unchanged.")
@click.option(
    "--force",
    is_flag=True,
    help="Store a page even if its text is under 30% of the latest version's (an article "
    "really cut; the change is then reported as an article cut), or if, fetched first, it "
    "looks like an error, login or paywall page.",
)
@criteria_options
@json_option
def add(
    article: str,
    source: str | None,
    at: datetime | None,
    name: str | None,
    as_html: bool | None,
    encoding: str,
    max_size: int,
    timeout: float,
    retries: int,
    user_agent: str | None,
    render: bool,
    quiet: bool,
    force: bool,
    criteria: Criteria,
    as_json: bool,
) -> None:
    """Store a snapshot of ARTICLE: a name, or a URL to fetch the page from.

    SOURCE is a file or - for stdin: plain text, or a saved web page (pages
    behind a login) whose article is extracted. Without SOURCE, the URL is
    fetched. A URL (without tracking parameters such as utm_*) identifies its
    article, which gets a short name for other commands and is then kept up
    to date by `refresh`.

    Prints the new version as ARTICLE@N with the words added and removed, the
    editorial notes it brought and any stealth-edit finding (see `notes`), or
    says on stderr that the text is unchanged since the latest version. A text
    equal to an earlier version is stored and marked as a revert.

    \b
    Examples:
      revtrack add talks talks-2021-08-18.txt
      revtrack add https://example.org/news/port-talks
      revtrack add https://example.org/news/port-talks saved-page.html
      revtrack add https://example.org/live/port-talks --render
      curl -s https://example.org/story.txt | revtrack add talks -
      revtrack add talks old-copy.txt --at 2021-08-17T09:30-04:00
      revtrack add -q talks today.txt   # from cron: silent unless changed
    """
    from revtrack import track
    from revtrack.capture import Reading

    recorded = track.add(
        _opener(write=True),
        article,
        source,
        at=at,
        name=name,
        reading=Reading(as_html, encoding, _stdin(source)),
        fetching=_fetching(timeout, retries, max_size, user_agent, render=render),
        criteria=criteria,
        force=force,
    )
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.added(recorded))
    else:
        from revtrack.render.lines import write_added

        write_added(recorded)
    _unchanged_or_damaged(recorded, quiet=quiet)


def _unchanged_or_damaged(recorded: Recorded, *, quiet: bool) -> None:
    """After ``add``: say on stderr that the text was unchanged (unless ``quiet``), or end
    with the damaged versions the new one was judged without."""
    from revtrack.models import AddStatus

    unchanged = recorded.status is AddStatus.UNCHANGED
    for warning in () if quiet and unchanged else recorded.warnings:
        _message(f"warning: {warning}")
    if unchanged and not quiet:
        _message(f"{recorded.version.article}: unchanged since @{recorded.version.number}")
    _damaged(recorded.damaged)


@cli.command("log")
@paged
@click.argument("article")
@criteria_options
@json_option
@utc_option
@color_option
def log_command(article: str, criteria: Criteria, as_json: bool, utc: bool, color: str) -> None:
    """List the versions of ARTICLE: number, observed time, words, words added
    and removed since the version before, reverts, the editorial notes that
    first appeared (+update 2021-08-18 22:15 ET) and stealth-edit findings
    (! changed without a note).

    \b
    Examples:
      revtrack log talks
      revtrack log talks --json | jq '.versions[-1]'
    """
    from revtrack import track

    history = track.article_log(_opener(), article, criteria)
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.log(history))
    else:
        from revtrack.render.lines import write_log

        write_log(history, color=color, utc=utc)
    _damaged(history.damaged)


@cli.command()
@paged
@click.argument("article")
@criteria_options
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit with 1 when there are stealth-edit findings, 0 when there are none.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Show each finding's changes and the notes weighed against them, with why none "
    "accounts for them.",
)
@json_option
@utc_option
@color_option
def notes(
    article: str,
    criteria: Criteria,
    exit_code: bool,
    explain: bool,
    as_json: bool,
    utc: bool,
    color: str,
) -> None:
    """List the editorial notes of ARTICLE across its history, then the
    stealth-edit findings.

    Notes are updates, corrections, clarifications, editor's notes and
    retractions, with their time stamp as written and as understood (ET in
    August is UTC-4). A finding is a change between two versions that the
    notes do not account for: the text changed and no note appeared; a new
    note is dated outside the time it can have been written; a note was edited
    or removed; or a note appeared and nothing else changed.

    \b
    Examples:
      revtrack notes talks
      revtrack notes talks --json | jq '.findings[].message'
      revtrack notes talks --tolerance 2h --exit-code || echo "stealth edits"
    """
    from revtrack import track

    history = track.article_notes(_opener(), article, criteria)
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.notes(history))
    else:
        from revtrack.render.lines import write_notes

        write_notes(history, color=color, explain=explain)
    _damaged(history.damaged)
    if exit_code and history.findings:
        _exit(ExitStatus.CHANGED)


@cli.command()
@paged
@click.argument("ref", metavar="ARTICLE[@REV]")
@click.option(
    "--raw",
    is_flag=True,
    help="The page as it was fetched instead: its bytes as received on stdout (not on a "
    "terminal), its URL, time, status and headers on stderr; with --json, all in one object.",
)
@json_option
def show(ref: str, raw: bool, as_json: bool) -> None:
    """Print the stored text of a version (default: the latest).

    REV is a version number (@3), or counts back from the latest: @-1 is the
    latest, @-2 the one before. Control characters are shown as escapes on a
    terminal; piped, the text is exactly as stored.

    \b
    Examples:
      revtrack show talks
      revtrack show talks@1 > first.txt
      revtrack show talks@-2
      revtrack show talks@2 --raw > page.html
    """
    from revtrack import track

    if raw:
        from revtrack.cli.captures import show_raw

        return show_raw(ref, as_json)
    version = track.version(_opener(), ref)
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.text(version))
    else:
        from revtrack.render.lines import write_text

        write_text(version)


def _patterns(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[regex.Pattern[str], ...]:
    from revtrack.noise import compile_rule

    try:
        return tuple(compile_rule(value) for value in values)
    except UsageError as exc:
        raise click.BadParameter(exc.message) from None


@cli.command("diff")
@paged
@click.argument("ref", metavar="ARTICLE")
@click.argument("revs", metavar="[REV_A [REV_B]]", nargs=-1)
@click.option(
    "--by",
    type=click.Choice(["word", "sentence", "paragraph"]),
    default="word",
    show_default=True,
    help="The unit a change is shown in: words inside a sentence, or whole sentences or "
    "paragraphs replaced.",
)
@click.option("--stat", is_flag=True, help="Print the statistics alone.")
@click.option(
    "--context",
    "-U",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Unchanged paragraphs shown around each change.",
)
@click.option(
    "--ignore",
    "ignore",
    metavar="REGEX",
    multiple=True,
    callback=_patterns,
    help="Leave text matching REGEX out of the comparison (repeatable; ^ and $ match at "
    "line ends), e.g. '^\\d+ of \\d+$'.",
)
@click.option("--ignore-whitespace", is_flag=True, help="Ignore changes of spacing and layout.")
@click.option("--ignore-case", is_flag=True, help="Ignore changes of letter case.")
@click.option("--ignore-punctuation", is_flag=True, help="Ignore changes of punctuation.")
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit with 1 when the versions differ, 0 when they are the same.",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["terminal", "json", "markdown", "html", "patch"]),
    default="terminal",
    show_default=True,
    help="terminal: coloured on a terminal, marked in plain text elsewhere; json: the whole "
    "report; markdown: for chat and email; html: one self-contained page; patch: a unified "
    "diff for patch and git apply.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as --format json).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default="-",
    help="Write the report to this file instead of standard output.",
)
@width_option
@criteria_options
@utc_option
@color_option
def diff_command(
    ref: str,
    revs: tuple[str, ...],
    by: str,
    stat: bool,
    context: int,
    ignore: tuple[regex.Pattern[str], ...],
    ignore_whitespace: bool,
    ignore_case: bool,
    ignore_punctuation: bool,
    exit_code: bool,
    output_format: str,
    as_json: bool,
    output: str,
    width: int | None,
    criteria: Criteria,
    utc: bool,
    color: str,
) -> None:
    """Show what changed between two versions of ARTICLE.

    Sentences are aligned, moved text is shown as moved ({>text<} with where
    it came from), and words are marked inside edited sentences; the notes
    that came and went and the stealth-edit findings of the changes in
    between head the report. Without revisions, compares the previous version
    with the latest; with one, that revision with the latest. Revisions are
    written @N (version N) or @-N (counting back from the latest).

    \b
    Examples:
      revtrack diff talks
      revtrack diff talks @1 @3
      revtrack diff talks @-3 --stat
      revtrack diff talks --by sentence --ignore '^\\d+ of \\d+$'
      revtrack diff talks @1 --format html -o talks.html
      revtrack diff talks --format markdown | mail -s "talks changed" desk@example.org
      revtrack diff talks @1 @2 --format patch > talks.patch
      revtrack diff talks --color never | less
    """
    from revtrack import track
    from revtrack.noise import DiffOptions
    from revtrack.render import RenderOptions, render

    if as_json and output_format not in ("terminal", "json"):
        raise UsageError(f"--json and --format {output_format} ask for two formats: give one")
    chosen = "json" if as_json else output_format
    report = track.compare(
        _opener(),
        ref,
        revs,
        options=DiffOptions(ignore, ignore_case, ignore_whitespace, ignore_punctuation),
        criteria=criteria,
        lines=chosen == "patch",
    )
    look = RenderOptions(by=by, context=context, utc=utc, stat=stat, color=color, width=width)
    with _output(output) as stream:
        render(chosen, report, look, stream)
    _damaged(report.damaged)
    if exit_code and report.differs(criteria.min_severity):
        _exit(ExitStatus.CHANGED)
