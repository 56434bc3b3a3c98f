"""``revtrack follow``, ``unfollow`` and ``refresh``: articles tracked by URL and followed
feeds, kept up to date from cron."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from revtrack.cli import (
    _duration,
    _exit,
    _location,
    _message,
    _opener,
    _print_json,
    color_option,
    criteria_options,
    json_option,
    max_size_option,
)
from revtrack.cli.alerts import report_unsent
from revtrack.cli.options import _fetching, configuration, fetch_options, pace_options
from revtrack.errors import ExitStatus, StoreError, UsageError
from revtrack.feeds import NEW_PER_FEED

if TYPE_CHECKING:
    from revtrack.alerts import Refreshed
    from revtrack.models import Criteria
    from revtrack.schedule import Schedule


@click.command()
@click.argument("feed", metavar="FEED_URL")
@max_size_option("feeds")
@fetch_options
def follow(feed: str, max_size: int, timeout: float, retries: int, user_agent: str | None) -> None:
    """Follow an RSS or Atom feed: each `refresh` adds the articles it lists that
    are not tracked yet, and tracks them.

    The feed is fetched once now, to check that it is one. Given a web page
    that is no feed, follows the feeds it names (its <link rel="alternate">
    to RSS or Atom), and says which.

    \b
    Examples:
      revtrack follow https://example.org/politics/rss.xml
      revtrack follow https://example.org/politics/    # the feeds it names
      revtrack refresh          # adds the feed's articles
    """
    from revtrack import track
    from revtrack.urls import normalize_url

    fetching = _fetching(timeout, retries, max_size, user_agent)
    for followed in track.follow(_opener(write=True), feed, fetching):
        state = "following" if followed.new else "already following"
        named = f" (named by {normalize_url(feed)})" if followed.url != normalize_url(feed) else ""
        listed = f"{followed.entries} article{'s' * (followed.entries != 1)} listed"
        _message(f"{state} {followed.url}{named}: {listed}; `revtrack refresh` tracks the new ones")


@click.command()
@click.argument("feed", metavar="FEED_URL")
def unfollow(feed: str) -> None:
    """Stop following an RSS or Atom feed. The articles it brought stay
    tracked; `refresh` adds no new ones from it.

    \b
    Examples:
      revtrack unfollow https://example.org/politics/rss.xml
    """
    from revtrack import track

    _message(f"no longer following {track.unfollow(_opener(write=True, create=False), feed)}")


@click.command()
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
@click.option("--all", "everything", is_flag=True, help="Check every URL article now, due or not.")
@pace_options
@click.option("--wait", is_flag=True, help="Wait for a refresh already running (SQLite), not exit.")
@click.option(
    "--lease",
    metavar="DURATION",
    default="15m",
    show_default=True,
    callback=_duration,
    help="How long this refresh's claim on an article holds, should it die while checking it.",
)
@click.option(
    "--floor",
    metavar="DURATION",
    default="15m",
    show_default=True,
    callback=_duration,
    help="The interval after a change: the shortest.",
)
@click.option(
    "--ceiling",
    metavar="DURATION",
    default="1d",
    show_default=True,
    callback=_duration,
    help="The longest interval, reached while a page stays the same.",
)
@click.option(
    "--stop-after",
    metavar="DURATION",
    default="30d",
    show_default=True,
    callback=_duration,
    help="Stop checking an article unchanged for this long (--all still checks it).",
)
@fetch_options
@max_size_option("pages")
@click.option("-v", "--verbose", is_flag=True, help="End with a summary on stderr.")
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit with 1 when any article changed at least as severely as --min-severity, or "
    "its notes did (0 otherwise).",
)
@click.option(
    "--force",
    is_flag=True,
    help="With one ARTICLE: store its page even if the text is under 30% of the latest version's "
    "(or, fetched first, it looks like an error, login or paywall page).",
)
@click.option(
    "--new-per-feed",
    metavar="N",
    type=click.IntRange(min=1),
    default=NEW_PER_FEED,
    show_default=True,
    help="Start tracking at most N new articles of each feed; the others at the next refreshes.",
)
@click.option(
    "--notify",
    metavar="URL",
    multiple=True,
    help="Send this run's changes to this Apprise URL too, as a target of the whole store "
    "from --min-severity on (repeatable).",
)
@criteria_options
@json_option
@color_option
def refresh(
    articles: tuple[str, ...],
    everything: bool,
    jobs: int,
    delay: float,
    wait: bool,
    lease: timedelta,
    floor: timedelta,
    ceiling: timedelta,
    stop_after: timedelta,
    timeout: float,
    retries: int,
    user_agent: str | None,
    max_size: int,
    verbose: bool,
    exit_code: bool,
    force: bool,
    new_per_feed: int,
    notify: tuple[str, ...],
    criteria: Criteria,
    as_json: bool,
    color: str,
) -> None:
    """Fetch again the articles tracked by URL that are due, and store what
    changed; add the new articles of followed feeds. The job for cron.

    Each article's interval grows while its page stays the same (from --floor
    to --ceiling) and drops back when it changes. Prints nothing when nothing
    changed, one line per new version, errors on stderr. Exit status: 5 if the
    store is damaged (or could not be written), else 6 if any article failed,
    else 1 with --exit-code if any changed. A second refresh
    of a SQLite store exits at once (status 7), or waits with --wait; the
    refreshes of a PostgreSQL store, on one host or many, share the work.
    Changes go to the alert targets (`revtrack alert`) and --notify URLs; a
    message not delivered is a warning, and is sent by the next refresh.

    \b
    Examples:
      revtrack refresh                    # from cron, every few minutes
      revtrack refresh -v --all           # everything now, with a summary
      revtrack refresh port-talks --json
      revtrack refresh --notify 'ntfys://ntfy.sh/my-newsroom-topic'
    """
    from revtrack import refresh as job
    from revtrack.render.progress import RefreshPrinter

    schedule = _schedule(floor, ceiling, stop_after)
    notify = tuple(dict.fromkeys((*configuration().alerts, *notify)))
    options = job.Options(jobs, delay, everything, articles, schedule, criteria, force, wait, lease)
    options = replace(options, notify=notify, new_per_feed=new_per_feed)
    with RefreshPrinter(color, as_json=as_json) as printer:
        report = job.refresh(
            _location(), options, _fetching(timeout, retries, max_size, user_agent), printer
        )
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.refreshed(report))
    _warnings(report)
    if verbose:
        _message(printer.summary(report))
    if report.store_errors:
        raise StoreError("; ".join(dict.fromkeys(report.store_errors)))
    if report.failed:
        _exit(ExitStatus.FETCH_ERROR)
    if exit_code and report.changed:
        _exit(ExitStatus.CHANGED)


def _warnings(report: Refreshed) -> None:
    """A warning on stderr for each target whose alerts could not be delivered, and for each
    feed that listed more new articles than one refresh takes."""
    report_unsent(report.unsent)
    for feed in report.feeds:
        if feed.held_back:
            _message(
                f"warning: {feed.url}: {feed.held_back:,} more new articles listed; "
                "tracked at the next refreshes (--new-per-feed)"
            )


def _schedule(floor: timedelta, ceiling: timedelta, stop_after: timedelta) -> Schedule:
    """The schedule ``--floor``, ``--ceiling`` and ``--stop-after`` describe."""
    from revtrack.schedule import Schedule

    if floor > ceiling:
        raise UsageError("--floor is longer than --ceiling")
    return Schedule(floor=floor, ceiling=ceiling, stop_after=stop_after)
