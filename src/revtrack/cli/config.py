"""``revtrack config``: the settings in force, and where each came from."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from revtrack.cli import _print_json, criteria_options, json_option
from revtrack.cli.options import ENVIRONMENT, configuration, fetch_options, pace_options

if TYPE_CHECKING:
    from revtrack.config import Setting
    from revtrack.models import Criteria


@click.command("config")
@fetch_options
@pace_options
@criteria_options
@json_option
def config_command(
    timeout: float,
    retries: int,
    user_agent: str | None,
    jobs: int,
    delay: float,
    criteria: Criteria,
    as_json: bool,
) -> None:
    """Show every setting in force and where it came from: the default, a
    configuration file, an environment variable or an option.

    The files are config.toml in the user's config directory, then
    revtrack.toml beside the store (which overrides it), or the one file that
    REVTRACK_CONFIG names; environment variables and options override them.
    The options are those of the commands they are for: given here, they show
    what those commands would use. Cookies' values are masked.

    \b
    Examples:
      revtrack config
      revtrack --store ~/newsroom config --json | jq '.settings[]'
      REVTRACK_TIMEOUT=5 revtrack config
    """
    from revtrack.fetch import user_agent as default_agent

    values = {
        "user_agent": user_agent or default_agent(),
        "timeout": timeout,
        "delay": delay,
        "jobs": jobs,
        "min_severity": criteria.min_severity.value,
    }
    files, settings = configuration().files, in_force(values)
    if as_json:
        from revtrack.render.settings import settings_json

        _print_json(settings_json(files, settings))
    else:
        from revtrack.render.settings import write_settings

        write_settings(files, settings, sys.stdout)


def in_force(values: dict[str, Any]) -> list[Setting]:
    """The store, the options' ``values`` and the rest of the configuration (alert targets
    and sites), each with where it came from."""
    from revtrack.config import Setting

    ctx = click.get_current_context()
    root = ctx.find_root()
    config = configuration()
    found = [_with_source(root, "store", str(root.obj), {"store": "REVTRACK_HOME"})]
    found += [_with_source(ctx, key, value, ENVIRONMENT) for key, value in values.items()]
    alerts = config.get("alerts")
    found.append(
        Setting("alerts", list(alerts[0]), "file", str(alerts[1]))
        if alerts
        else Setting("alerts", [], "default")
    )
    for key, value, path in config.values:
        if key.startswith("sites."):
            host, _, name = key.removeprefix("sites.").rpartition(".")
            found.append(Setting(f'sites."{host}".{name}', value, "file", str(path)))
    return found


def _with_source(ctx: click.Context, key: str, value: Any, variables: dict[str, str]) -> Setting:
    from click.core import ParameterSource

    from revtrack.config import Setting

    source = ctx.get_parameter_source(key)
    if source is ParameterSource.COMMANDLINE:
        return Setting(key, value, "option", "--" + key.replace("_", "-"))
    if source is ParameterSource.ENVIRONMENT:
        return Setting(key, value, "environment", variables[key])
    if source is ParameterSource.DEFAULT_MAP:
        found = configuration().get(key)
        return Setting(key, value, "file", str(found[1]) if found else "")
    return Setting(key, value, "default")
