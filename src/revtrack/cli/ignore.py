"""``revtrack ignore``: the ignore rules saved in the store, and the built-in ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from revtrack.cli import _message, _opener, _print_json, color_option, json_option

if TYPE_CHECKING:
    from revtrack.models import IgnoreRule


@click.group()
def ignore() -> None:
    """Rules for text that is not a change: regular expressions whose matches
    diff, log, notes and findings leave out.

    A saved rule applies to one article (--article), one site and its
    subdomains (--site), or the whole store. Built-in rules know the noise of
    news pages (relative times, counts of shares and comments, advertisement
    lines, page numbers, reading times); each can be turned off. Patterns use
    the syntax of Python's regex module, are matched one sentence at a time (^
    and $ at line ends), and may take 1 s on a sentence. Editorial notes are
    found in the whole text, before anything is ignored.

    \b
    Examples:
      revtrack ignore add '^Advertisement$' --site example.org
      revtrack ignore list
      revtrack ignore off counts
    """


def _rule_line(rule: IgnoreRule) -> str:
    where = "everywhere" if rule.scope == "store" else f"on {rule.scope}"
    return f"ignore '{rule.pattern}' {where}"


@ignore.command("add")
@click.argument("pattern")
@click.option("--article", metavar="ARTICLE", help="Only for this article (a name or URL).")
@click.option(
    "--site",
    metavar="HOST",
    help="Only for the articles of this host and its subdomains (a URL stands for its host).",
)
def ignore_add(pattern: str, article: str | None, site: str | None) -> None:
    """Save a rule: text matching PATTERN is not a change, in one article, one
    site, or (without --article or --site) every article of the store.

    \b
    Examples:
      revtrack ignore add '^Advertisement$' --site example.org
      revtrack ignore add '^\\d+ of \\d+$' --article talks
      revtrack ignore add '(?i)^share this article$'
    """
    from revtrack import track

    rule = track.add_ignore_rule(_opener(write=True), pattern, article=article, site=site)
    _message(f"{rule.label} added: {_rule_line(rule)}")


@ignore.command("list")
@json_option
@color_option
def ignore_list(as_json: bool, color: str) -> None:
    """List the built-in rules, on or off, with what they ignore and their
    patterns, then the saved rules with their numbers and scopes.

    \b
    Examples:
      revtrack ignore list
      revtrack ignore list --json | jq '.rules[].pattern'
    """
    from revtrack import track

    builtin, rules, disabled = track.ignore_rules(_opener())
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.ignore_rules(builtin, rules, disabled))
    else:
        from revtrack.render.lines import write_ignore_rules

        write_ignore_rules(builtin, rules, disabled, color=color)


@ignore.command("rm")
@click.argument("number", type=click.IntRange(1, 2**63 - 1), metavar="N")
def ignore_rm(number: int) -> None:
    """Remove saved rule N (`revtrack ignore list` shows the numbers).

    \b
    Examples:
      revtrack ignore rm 3
    """
    from revtrack import track

    rule = track.remove_ignore_rule(_opener(write=True, create=False), number)
    _message(f"{rule.label} removed: {_rule_line(rule)}")


@ignore.command("off")
@click.argument("name", metavar="NAME|all")
def ignore_off(name: str) -> None:
    """Turn off a built-in rule, or all of them.

    \b
    Examples:
      revtrack ignore off counts
      revtrack ignore off all
    """
    _set_builtin(name, enabled=False)


@ignore.command("on")
@click.argument("name", metavar="NAME|all")
def ignore_on(name: str) -> None:
    """Turn a built-in rule, or all of them, back on.

    \b
    Examples:
      revtrack ignore on counts
      revtrack ignore on all
    """
    _set_builtin(name, enabled=True)


def _set_builtin(name: str, *, enabled: bool) -> None:
    from revtrack import track

    track.set_builtin(_opener(write=True), name, enabled)
    which = "all built-in rules" if name == "all" else f"built-in {name}"
    _message(f"{which} {'on' if enabled else 'off'}")
