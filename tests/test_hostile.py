"""Hostile servers, feeds, stores and environments: each refused in one line with its
documented status, in bounded work, and never at the cost of what the store holds.

Inputs whose quadratic handling once took minutes are sized so that it would again; they are
checked for what they give, never timed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Run
from webserver import Site

from revtrack.errors import ExitStatus

RunFn = Callable[..., Run]


@pytest.mark.usefixtures("store_home")
def test_a_feed_of_sixty_thousand_links_is_read_in_linear_time(run: RunFn, site: Site) -> None:
    items = "".join(f"<item><link>/story-{i % 60_000}</link></item>" for i in range(61_000))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    feed = site.page("/rss.xml", body, content_type="application/rss+xml")
    followed = run("follow", feed)
    assert followed.code == 0, followed
    assert f"following {feed}: 60000 articles listed" in followed.stderr, followed


@pytest.mark.parametrize("agent", ["revtrack \u2603", "revtrack\udcff", "a\nb"])
def test_a_user_agent_that_is_no_header_value_is_a_usage_error(run: RunFn, agent: str) -> None:
    for command in ("add", "follow"):
        result = run(command, "--user-agent", agent, "http://127.0.0.1:9/story")
        assert result.code == ExitStatus.USAGE, result
        assert result.stderr.startswith("Error: Invalid value for '--user-agent': "), result
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result
