"""Where the database is, and who is at the keyboard.

The database is chosen by, in order: ``--db PATH_OR_URL``; the ``AMTUI_DB``
environment variable; ``database = "..."`` in a config file (``AMTUI_CONFIG``, else
``~/.config/amtui/config.toml``, else ``/etc/amtui/config.toml``, where an admin sets it
once for every member of staff on the server); else ``~/.local/share/amtui/school.db``.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path

from amtui.db.connection import Target

SYSTEM_CONFIG = Path("/etc/amtui/config.toml")


def user_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "amtui" / "config.toml"


def default_database_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "amtui" / "school.db"


def config_files() -> list[Path]:
    """Config files in the order they are consulted."""
    override = os.environ.get("AMTUI_CONFIG")
    if override:
        return [Path(override)]
    return [user_config_path(), SYSTEM_CONFIG]


class ConfigError(Exception):
    """The config file cannot be read: the message says which and why."""


def read_config_file(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"Cannot read the config file {path}: {error}") from error


def database_target(cli_value: str | None = None) -> Target:
    """The database to use, by the precedence in this module's docstring."""
    if cli_value:
        return _target(cli_value)
    env = os.environ.get("AMTUI_DB")
    if env:
        return _target(env)
    for path in config_files():
        value = read_config_file(path).get("database")
        if value:
            return _target(str(value))
    return Target(str(default_database_path()))


def _target(value: str) -> Target:
    if "://" in value:
        return Target(value)
    return Target(str(Path(value).expanduser()))


def current_login() -> str:
    """The operating-system login of the person at the keyboard (they come in over SSH)."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry and no LOGNAME/USER: a container or odd setup
        return "unknown"
