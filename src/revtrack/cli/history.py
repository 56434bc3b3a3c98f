"""``revtrack blame`` and ``revtrack search``: what the whole history of the articles shows,
sentence by sentence and across the store."""

from __future__ import annotations

import click

from revtrack.cli import (
    _damaged,
    _message,
    _opener,
    _print_json,
    color_option,
    json_option,
    utc_option,
)
from revtrack.cli.paging import paged


@click.command("blame")
@paged
@click.argument("ref", metavar="ARTICLE[@REV]")
@json_option
@utc_option
@color_option
def blame_command(ref: str, as_json: bool, utc: bool, color: str) -> None:
    """Show each sentence of a version (default: the latest) with the version
    that gave it its present wording, when that version was observed, and the
    editorial note that first appeared in it, if any, as git blame shows lines.

    A sentence keeps its origin while later versions leave it unchanged, where
    it stands or moved elsewhere; one that is edited, added, or changed as it
    moves, is the wording of the version that made it so. A sentence restored
    to an earlier wording (a revert) is attributed to the version that
    restored it: that is when its present wording came back.

    \b
    Examples:
      revtrack blame talks
      revtrack blame talks@2 --utc
      revtrack blame talks --json | jq -r '.sentences[] | "\\(.version) \\(.text)"'
    """
    from revtrack import track

    found = track.blame(_opener(), ref)
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.blamed(found))
    else:
        from revtrack.render.history import write_blame

        write_blame(found, color=color, utc=utc)
    _damaged(found.damaged)


class _QueryCommand(click.Command):
    """A command whose arguments are words of its query unless they are its own options:
    ``-dash`` and ``-h1`` are words (click would read ``-dash`` as ``-d -a -s -h``, and
    print the help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = {
            name: param
            for param in self.get_params(ctx)
            if isinstance(param, click.Option)
            for name in (*param.opts, *param.secondary_opts)
        }
        kept: list[str] = []
        words: list[str] = []
        given = iter(args)
        for arg in given:
            if arg == "--":
                words.extend(given)
                break
            option = options.get(arg.split("=", 1)[0])
            if option is None:
                words.append(arg)
                continue
            kept.append(arg)
            value = None if option.is_flag or "=" in arg else next(given, None)
            kept.extend([] if value is None else [value])  # (an option's value follows it)
        return super().parse_args(ctx, [*kept, "--", *words])


@click.command("search", cls=_QueryCommand)
@click.argument("query", nargs=-1, required=True)
@json_option
@utc_option
@color_option
def search_command(query: tuple[str, ...], as_json: bool, utc: bool, color: str) -> None:
    """Find the articles whose stored versions hold every word and phrase of
    QUERY, with the versions that hold them, the first, and whether the latest
    still does or which version removed them.

    Each word is looked for as a whole word; a phrase (an argument with spaces,
    or "double quotes" inside one) as written, any whitespace for any other.
    Letter case does not count; punctuation does. Nothing in QUERY is an
    operator (* - NEAR OR are looked for as written).

    \b
    Examples:
      revtrack search ceasefire
      revtrack search "port talks"
      revtrack search '"port talks" mayor'
      revtrack search "tax rise" --json | jq -r '.articles[].article'
    """
    from revtrack import track

    found = track.search(_opener(), query)
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.searched(found))
    else:
        from revtrack.render.history import write_search

        write_search(found, color=color, utc=utc)
    if not found.found:
        _message(f"no stored version holds {found.query}")
    _damaged(found.damaged)
