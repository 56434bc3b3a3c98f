"""``revtrack alert``: where ``refresh`` sends the changes it finds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from revtrack.cli import (
    SEVERITIES,
    _exit,
    _message,
    _opener,
    _print_json,
    color_option,
    json_option,
)
from revtrack.errors import ExitStatus

if TYPE_CHECKING:
    from revtrack.alerts import Alert


@click.group()
def alert() -> None:
    """Targets that `refresh` sends each change to: mail, Slack, ntfy, Matrix,
    a JSON webhook and every other service Apprise knows, by its URL.

    A target takes the changes of the whole store, one article (--article) or
    one site and its subdomains (--site), from a least severity on. A message
    that cannot be delivered stays queued, and the next refresh sends it.

    \b
    Examples:
      revtrack alert add 'ntfys://ntfy.sh/my-newsroom-topic'
      revtrack alert add 'json://hooks.example.org/revtrack' --site example.org
      revtrack alert test
    """


@alert.command("add")
@click.argument("url")
@click.option("--article", metavar="ARTICLE", help="Only this article's changes (a name or URL).")
@click.option(
    "--site",
    metavar="HOST",
    help="Only the changes of this host's articles and its subdomains' (a URL stands for its "
    "host).",
)
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    default="minor",
    show_default=True,
    help="Send the changes at least this severe (new, edited or removed notes always).",
)
def alert_add(url: str, article: str | None, site: str | None, min_severity: str) -> None:
    """Save an alert target: an Apprise URL that changes are sent to.

    \b
    Examples:
      revtrack alert add 'mailtos://user:app-password@gmail.com?to=desk@example.org'
      revtrack alert add 'slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#corrections'
      revtrack alert add 'matrixs://bot:password@matrix.org/#newsroom:matrix.org' --article talks
      revtrack alert add 'json://127.0.0.1:8080/hook' --min-severity substantive
    """
    from revtrack import alerts
    from revtrack.models import Severity
    from revtrack.render.alert import target_line

    target = alerts.add_target(
        _opener(write=True), url, article=article, site=site, min_severity=Severity(min_severity)
    )
    _message(f"added {target_line(target)}")


@alert.command("list")
@json_option
@color_option
def alert_list(as_json: bool, color: str) -> None:
    """List the saved targets: number, least severity, scope and URL, with its
    passwords, tokens and keys masked.

    \b
    Examples:
      revtrack alert list
      revtrack alert list --json | jq '.targets[].url'
    """
    from revtrack import alerts

    found = alerts.targets(_opener())
    if as_json:
        import revtrack.render.json as json_render

        _print_json(json_render.alert_targets(found))
    else:
        from revtrack.render.alert import write_targets

        write_targets(found, color=color)


@alert.command("test")
@click.argument("number", type=click.IntRange(1, 2**63 - 1), metavar="[N]", required=False)
def alert_test(number: int | None) -> None:
    """Send a test message to target N, or to every target; one line each says
    whether it arrived. Exit status 6 if one did not.

    \b
    Examples:
      revtrack alert test
      revtrack alert test 2
    """
    from revtrack import alerts
    from revtrack.render.alert import target_line

    results = alerts.send_test(_opener(), number)
    for target, error in results:
        _message(f"{target_line(target)}: " + ("sent" if error is None else f"failed: {error}"))
    if any(error is not None for _, error in results):
        _exit(ExitStatus.FETCH_ERROR)


@alert.command("rm")
@click.argument("number", type=click.IntRange(1, 2**63 - 1), metavar="N")
def alert_rm(number: int) -> None:
    """Remove target N (`revtrack alert list` shows the numbers), and the
    messages still queued for it.

    \b
    Examples:
      revtrack alert rm 2
    """
    from revtrack import alerts
    from revtrack.render.alert import target_line

    target = alerts.remove_target(_opener(write=True, create=False), number)
    _message(f"removed {target_line(target)}")


def report_unsent(unsent: tuple[Alert, ...]) -> None:
    """One warning on stderr for each target whose alerts this refresh could not deliver."""
    by_url: dict[str, list[Alert]] = {}
    for alert in unsent:
        by_url.setdefault(alert.url, []).append(alert)
    for url, kept in by_url.items():
        label = "--notify" if kept[0].target is None else f"alert {kept[0].target}"
        count = "1 message" if len(kept) == 1 else f"{len(kept)} messages"
        _message(
            f"warning: {label} ({url}): {count} not delivered: {kept[0].error}; "
            "kept for the next refresh"
        )
