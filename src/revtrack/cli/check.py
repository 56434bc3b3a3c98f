"""``revtrack check``: the whole store verified, as ``git fsck`` verifies a repository."""

from __future__ import annotations

import click

from revtrack.cli import _location, _message, _print_json, color_option, json_option


@click.command("check")
@click.option("-q", "--quiet", is_flag=True, help="Say nothing when the store is sound.")
@json_option
@color_option
def check_command(quiet: bool, as_json: bool, color: str) -> None:
    """Check the whole store, as git fsck checks a repository: the database's
    own check of its pages and indexes, every version of every article rebuilt
    and checked against its hash, the numbering of each article's versions,
    the rows that tie articles, tracking, feeds and ignore rules together, and
    every raw capture's bytes against their hash.

    Prints a line for each problem, naming the version it damages, and a
    summary on stderr; exits with 5 if anything is wrong, 0 if the store is
    sound. The store is only read. A progress bar is shown on a terminal.

    \b
    Examples:
      revtrack check
      revtrack check --json | jq -r '.problems[].message'
      revtrack --store backup.db check -q || echo "the backup is damaged"
    """
    from revtrack import check
    from revtrack.errors import StoreError
    from revtrack.render.lines import write_check
    from revtrack.render.progress import CheckPrinter

    with CheckPrinter(as_json=as_json) as printer:
        report = check.check(_location(), printer)
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.checked(report))
    else:
        write_check(report, color=color)
    if report.problems:
        raise StoreError(check.verdict(report))
    if not quiet:
        _message(check.verdict(report))
