"""Render a page in headless Chromium, for pages that build their article with script: the
system's ``chromium`` is run on the page's URL and prints the document as its scripts left it.

The page is fetched as usual first (its status, type and size checked, its validators kept
for the next conditional request); Chromium then loads it itself: the time-out, the size
limit and the User-Agent apply, a site's configured headers and cookies do not (they are for
revtrack's own requests).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace

from revtrack.errors import FetchError
from revtrack.fetch import FetchOptions, Page, user_agent
from revtrack.sources import too_large
from revtrack.times import now

#: The environment variable that names the browser to run, else the first of these found.
BROWSER_ENV_VAR = "REVTRACK_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: How long the page's scripts may run, in the browser's virtual time (timers and requests
#: fired while the page loads run to their end first), in milliseconds.
SCRIPT_TIME = 5000


def find_browser() -> str:
    """The browser to run, or :class:`FetchError` naming what to install."""
    named = os.environ.get(BROWSER_ENV_VAR)
    found = shutil.which(named) if named else next(filter(None, map(shutil.which, BROWSERS)), None)
    if found is None:
        wanted = named or "chromium"
        raise FetchError(
            f"--render needs Chromium, and {wanted} is not installed: install it (Debian and "
            f"Ubuntu: apt-get install chromium), or name it with {BROWSER_ENV_VAR}"
        )
    return found


def render(page: Page, options: FetchOptions) -> Page:
    """A fetched ``page`` as Chromium builds it (its scripts run): its document in place of
    the body received, with the status and validators of the fetch."""
    url = page.url
    command = [
        find_browser(),
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-sync",
        "--hide-scrollbars",
        "--mute-audio",
        f"--user-agent={options.user_agent or user_agent()}",
        f"--virtual-time-budget={SCRIPT_TIME}",
        f"--timeout={int(options.read_timeout * 1000)}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium's sandbox refuses root
        command.append("--no-sandbox")
    with tempfile.TemporaryDirectory(prefix="revtrack-chromium-") as profile:
        command += [f"--user-data-dir={profile}", "--dump-dom", url]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=options.read_timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise FetchError(
                f"{url}: timed out (Chromium took over {options.read_timeout:g} s)"
            ) from None
        except OSError as exc:
            raise FetchError(f"{url}: cannot run {command[0]}: {exc.strerror or exc}") from None
    received = now()
    if done.returncode != 0 or not done.stdout.strip() or _NET_ERROR.search(done.stderr):
        said = done.stderr.decode("utf-8", "replace")
        found = _NET_ERROR.search(done.stderr)
        lines = [_LOG_PREFIX.sub("", line) for line in said.strip().splitlines()]
        reason = found.group(1).decode() if found else lines[-1] if lines else "no document"
        raise FetchError(f"{url}: Chromium could not load the page ({reason})")
    if len(done.stdout) > options.max_bytes:
        raise FetchError(too_large(f"{url}: the page", options.max_bytes))
    return replace(
        page,
        data=done.stdout,
        content_type="text/html",
        charset="utf-8",
        wire=None,
        headers=(),
        fetched_at=received,
    )


#: How Chromium says that a page failed to load, and the prefix of its log lines.
_NET_ERROR = re.compile(rb"Page load failed: (net::ERR_[A-Z_]+)")
_LOG_PREFIX = re.compile(r"^\[[^\]]*\]\s*")
