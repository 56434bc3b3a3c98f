"""``revtrack copy``: the whole store copied into another, SQLite to PostgreSQL and back."""

from __future__ import annotations

import click

from revtrack.cli import _location, _message, _print_json, json_option


@click.command("copy")
@click.option(
    "--to",
    "to",
    metavar="PATH|URL",
    required=True,
    help="The store to copy into, named as --store names one: a directory, a .db file, or "
    "a PostgreSQL database (postgresql://user@host/db). Created if it does not exist.",
)
@json_option
def copy_command(to: str, as_json: bool) -> None:
    """Copy the whole store (the one --store names) into another: every
    article's versions, texts byte for byte with their hashes, observed
    times, sources, titles and metadata, the tracking of URL articles, the
    followed feeds, the saved ignore rules and the built-in rules turned off.

    The store copied is only read. Each version is checked against it as it
    is written; a target that holds other versions of an article stops the
    copy with an error (status 5). An interrupted copy is resumed by running
    it again: what the target has already is checked and kept. Prints a
    summary on stderr; a progress bar on a terminal.

    \b
    Examples:
      revtrack copy --to postgresql://revtrack@db.example.org/news
      revtrack --store postgresql://revtrack@db.example.org/news copy --to backup.db
      revtrack copy --to ~/archive/revtrack.db --json
    """
    from revtrack import transfer
    from revtrack.paths import store_location
    from revtrack.render.progress import CopyPrinter

    target = store_location(to)
    with CopyPrinter(as_json=as_json) as printer:
        report = transfer.copy(_location(), target, printer)
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.copied(report))
    else:
        _message(printer.summary(report, str(target)))
