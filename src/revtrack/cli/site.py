"""``revtrack site``: a static archive of every version, to open from disk or publish."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from revtrack.cli import _damaged, _message, _opener, criteria_options

if TYPE_CHECKING:
    from revtrack.models import Criteria


@click.command("site")
@click.argument("directory", type=click.Path(file_okay=False))
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
@criteria_options
@click.option("-v", "--verbose", is_flag=True, help="Name each file written or removed.")
def site_command(
    directory: str, articles: tuple[str, ...], criteria: Criteria, verbose: bool
) -> None:
    """Write a static archive of the store (or of the ARTICLEs named) to
    DIRECTORY: an index of articles, each article's timeline, a page for each
    version and each change (with its findings linked to the changed text),
    and Atom feeds of changes and findings, for the store and per article.

    Pages are plain HTML with their style inside: nothing is loaded from
    elsewhere, no script runs, links are relative (the archive opens from
    disk or from any static host), and they read on a phone, in a dark theme
    and on paper. Times are shown in UTC.

    The build is incremental, for cron: DIRECTORY/.revtrack-site.json records
    what each page was made from (the hashes of the versions it shows, the
    ignore rules, the version of revtrack) and a hash of its content; pages
    whose inputs have not changed are not made again, and a page is written
    only when its content changed. Pages of articles no longer in the store
    are removed. Prints one line: the pages written, kept and removed.

    \b
    Examples:
      revtrack site ~/public/archive
      revtrack site ./archive talks storm -v
      */30 * * * * revtrack refresh && revtrack site /var/www/archive
    """
    from pathlib import Path

    from revtrack.site import build_site

    result = build_site(_opener(), Path(directory), articles, criteria)
    if verbose:
        for path in result.written:
            _message(f"wrote {path}")
        for path in result.removed:
            _message(f"removed {path}")
    from revtrack.render.layout import plural

    _message(
        f"{result.directory}: {plural(result.articles, 'article')} ({result.read:,} read), "
        f"{plural(len(result.written), 'file')} written, {result.kept:,} kept, "
        f"{len(result.removed):,} removed"
    )
    _damaged(result.damaged)
