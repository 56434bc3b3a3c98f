"""Sending alerts: one message to one Apprise URL (``mailto://``, ``slack://``, ``ntfy://``,
``matrixs://``, ``json://``... see https://github.com/caronc/apprise/wiki), and the checks of
such URLs. Apprise is imported only here, when an alert is added, listed, tested or sent.

Apprise tells why a message failed only in its log: the log is caught while it sends, and its
last warning is the reason given. Nothing of it reaches the terminal otherwise.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from revtrack.errors import UsageError

#: Query parameters whose values are secrets in some service's URL, whatever Apprise masks.
SECRET_PARAMETERS = frozenset(
    "token key apikey api_key secret password pass pwd auth access access_token webhook "
    "bearer code private".split()
)
MASK = "****"


@contextlib.contextmanager
def _apprise() -> Iterator[tuple[Any, Any]]:
    """Apprise, and a log of what it says while the block runs (its plugins are loaded on
    first use, some with deprecation warnings of their own that are not revtrack's)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        import apprise

        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:  # type: ignore[no-untyped-call]
            yield apprise, log


def _plugin(url: str) -> Any:
    """Apprise's service for ``url``, or None if Apprise cannot read it."""
    with _apprise() as (apprise, _):
        try:
            return apprise.Apprise.instantiate(url)
        except Exception:  # a URL that trips a plugin is one it cannot read
            return None


def check_url(url: str) -> None:
    """Raise :class:`UsageError` unless Apprise can send to ``url``."""
    if _plugin(url) is None:
        raise UsageError(
            f"not an alert URL Apprise can use: {masked(url)!r} (json://host/path, mailto://user:pass@"
            "example.org, ntfy://topic, slack://..., see the README's Alerts section)"
        )


def masked(url: str) -> str:
    """``url`` fit to show: the password, tokens and keys Apprise knows to be secrets, the
    values of query parameters named for secrets and of headers (``+Name=``) and payload
    fields (``:name=``), each shown as ``****``; the other query parameters as given."""
    plugin = _plugin(url)
    private = _private_url(plugin) if plugin is not None else None
    try:
        shown, given_query = urlsplit(private or url), urlsplit(url).query
    except ValueError:  # (no URL at all, "json://[x": nothing of it is shown but its scheme)
        return f"{url.partition(':')[0][:20]}:{MASK}"
    given = {name for name, _ in _pairs(given_query)}
    query = [
        (name, MASK if _secret(name) else value)
        for name, value in _pairs(shown.query)
        if name in given
    ]
    netloc = shown.netloc
    if private is None and "@" in netloc:  # (no service to ask: mask whatever is there)
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}:{MASK}@{host}" if ":" in user else f"{MASK}@{host}"
    return urlunsplit(shown._replace(netloc=netloc, query=urlencode(query, safe="*:+/")))


def _pairs(query: str) -> list[tuple[str, str]]:
    """A query's names and values (a ``+`` stays a ``+``: Apprise's mark of a header)."""
    pairs = (part.partition("=") for part in query.split("&") if part)
    return [(unquote(name), unquote(value)) for name, _, value in pairs]


def _private_url(plugin: Any) -> str | None:
    with _apprise():
        try:
            return str(plugin.url(privacy=True))
        except Exception:
            return None


def _secret(name: str) -> bool:
    return name[:1] in "+:-" or name.lower() in SECRET_PARAMETERS


def send(url: str, title: str, body: str) -> str | None:
    """Send one plain-text message; None when it was delivered, else why not (one line)."""
    with _apprise() as (apprise, log):
        try:
            sender = apprise.Apprise()
            if not sender.add(url):
                return "Apprise cannot read this URL"
            sent = sender.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        except Exception as exc:  # a service that trips its plugin fails, not the refresh
            return f"{type(exc).__name__}: {exc}"
        if sent:
            return None
        said = [line.strip() for line in log.getvalue().splitlines() if line.strip()]
        return said[-1].rstrip(".") if said else "the service did not take the message"
