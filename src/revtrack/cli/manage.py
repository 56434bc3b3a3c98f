"""What the store tracks: ``list``, ``rm``, ``rename``, ``pause``, ``resume`` and ``feeds``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from revtrack.cli import _message, _opener, _print_json, color_option, json_option, utc_option
from revtrack.errors import UsageError

if TYPE_CHECKING:
    from revtrack.inventory import Removal, Switched


def _site(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None  # (click calls this all the same)
    from revtrack.noise import site_host

    return site_host(value)


@click.command("list")
@click.option("--due", is_flag=True, help="Only the articles refresh would check now.")
@click.option("--failing", is_flag=True, help="Only the articles whose last check failed.")
@click.option(
    "--site",
    metavar="HOST",
    callback=_site,
    help="Only the articles of this host and its subdomains (a URL stands for its host).",
)
@json_option
@utc_option
@color_option
def list_command(
    due: bool, failing: bool, site: str | None, as_json: bool, utc: bool, color: str
) -> None:
    """List the articles with their version count, first and last observed
    times and, for those tracked by URL, their tracking: the interval and the
    next check, or paused or stopped, and the error of a last check that
    failed. The filters can be combined.

    \b
    Examples:
      revtrack list
      revtrack list --failing --site example.org
      revtrack list --due --json | jq -r '.articles[].article'
    """
    from revtrack import manage
    from revtrack.errors import MissingStoreError
    from revtrack.times import now

    filters = manage.Filters(due=due, failing=failing, site=site)
    try:
        found, where = manage.listing(_opener(), filters, now()), ""
    except MissingStoreError as exc:  # a new machine: no store yet
        found, where = [], f" (no store at {exc.where})"
    if as_json:
        from revtrack.render.inventory import listing_json

        _print_json(listing_json(found))
    elif not found:
        filtered = (due or failing or site is not None) and not where
        hint = "store one with `revtrack add NAME FILE`"
        _message("no articles match" if filtered else f"no articles yet{where}: {hint}")
    else:
        from revtrack.render.inventory import write_listing

        write_listing(found, color=color, utc=utc)


def _interactive() -> bool:
    """Whether a person at a terminal can be asked."""
    return sys.stdin is not None and sys.stdin.isatty()


def _confirm(found: Sequence[Removal]) -> bool:
    """Say what would be removed, and ask."""
    from revtrack.render.inventory import removal

    for item in found:
        _message(f"will remove {removal(item)}")
    count = f"{len(found)} articles" if len(found) > 1 else "it"
    try:
        return click.confirm(f"Remove {count} for good?", default=False, err=True)
    except click.Abort:  # end of input, or Ctrl-C: a no
        click.echo(err=True)
        return False


@click.command("rm")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@click.option("-y", "--yes", is_flag=True, help="Remove without asking (needed off a terminal).")
def rm_command(articles: tuple[str, ...], yes: bool) -> None:
    """Remove articles and everything kept of them: their versions, raw
    captures, search index rows, tracking and own ignore rules. There is no
    undo. On a terminal it says what it will remove and asks; elsewhere
    --yes is needed. All the articles named are removed, or none.

    \b
    Examples:
      revtrack rm talks
      revtrack rm https://example.org/news/port-talks old-draft --yes
    """
    from revtrack import manage
    from revtrack.render.inventory import removal

    if not yes and not _interactive():
        raise UsageError("rm removes for good: give --yes to remove without being asked")
    opener = _opener(write=True, create=False)
    removed = manage.remove(opener, articles, (lambda _: True) if yes else _confirm)
    if not removed:
        _message("nothing removed")
    for item in removed:
        _message(f"removed {removal(item)}")


@click.command("rename")
@click.argument("old", metavar="ARTICLE")
@click.argument("new", metavar="NEW_NAME")
def rename_command(old: str, new: str) -> None:
    """Give an article another name; it keeps its whole history, its URL,
    tracking and ignore rules. A name another article has is refused.

    \b
    Examples:
      revtrack rename port-talks talks
      revtrack rename https://example.org/news/port-talks talks
    """
    from revtrack import manage

    before, after = manage.rename(_opener(write=True, create=False), old, new)
    _message(f"renamed {before} to {after}" if before != after else f"{after} keeps its name")


def _switch_options(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option("--all", "every", is_flag=True, help="Every article tracked by URL.")(func)
    return click.argument("articles", nargs=-1, metavar="[ARTICLE]...")(func)


def _said(switched: Sequence[Switched], done: str, already: str) -> None:
    for item in switched:
        _message(f"{done if item.changed else already}".format(item.article))


@click.command("pause")
@_switch_options
def pause_command(articles: tuple[str, ...], every: bool) -> None:
    """Pause the tracking of articles tracked by URL: refresh leaves them
    (even with --all, unless named) until they are resumed. Unlike an article
    stopped after a long quiet, a paused one stays paused.

    \b
    Examples:
      revtrack pause port-talks
      revtrack pause --all
    """
    from revtrack import manage
    from revtrack.times import now

    opener = _opener(write=True, create=False)
    switched = manage.switch(opener, articles, every=every, pause=True, at=now())
    _said(switched, "paused {}: `revtrack resume` tracks it again", "{} was paused already")


@click.command("resume")
@_switch_options
def resume_command(articles: tuple[str, ...], every: bool) -> None:
    """Resume the tracking of articles paused (or stopped after a long
    quiet): each is due at once, at the next refresh.

    \b
    Examples:
      revtrack resume port-talks
      revtrack resume --all && revtrack refresh
    """
    from revtrack import manage
    from revtrack.times import now

    opener = _opener(write=True, create=False)
    switched = manage.switch(opener, articles, every=every, pause=False, at=now())
    _said(switched, "resumed {}: due now", "{} was neither paused nor stopped: due now")


@click.command("feeds")
@json_option
@utc_option
@color_option
def feeds_command(as_json: bool, utc: bool, color: str) -> None:
    """List the followed feeds with their last check and its error, if it
    failed. `unfollow` stops following one.

    \b
    Examples:
      revtrack feeds
      revtrack feeds --json | jq -r '.feeds[] | select(.last_error) | .url'
    """
    from revtrack import manage

    found = manage.feeds(_opener())
    if as_json:
        from revtrack.render.inventory import feeds_json

        _print_json(feeds_json(found))
    elif not found:
        _message("no feeds followed: follow one with `revtrack follow FEED_URL`")
    else:
        from revtrack.render.inventory import write_feeds

        write_feeds(found, color=color, utc=utc)
