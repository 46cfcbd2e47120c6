"""Where the database is, and whether amtui runs as the school's service account.

On a school server amtui runs as a service account (``service_account = "amtui"`` in
``/etc/amtui/config.toml``; see the README's admin section). Then only that file, which
only root may change, says where the database is: ``--db``, ``AMTUI_DB``,
``AMTUI_CONFIG`` and ``XDG_*`` belong to the person at the keyboard, who must not steer
the service account to another file.

Anyone running amtui as themselves (the demo, a laptop, the tests) chooses, in order:
``--db PATH_OR_URL``; the ``AMTUI_DB`` environment variable; ``database = "..."`` in a
config file (``AMTUI_CONFIG``, else ``~/.config/amtui/config.toml``, else
``/etc/amtui/config.toml``); else ``~/.local/share/amtui/school.db``.

The keys (a ``[keymap]`` table of binding id = keys, see :func:`keymap`) are a
preference, not a safeguard, but in service mode the person's own files are still not
read: the service account takes the school's ``[keymap]`` from the system config.
"""

from __future__ import annotations

import dataclasses
import os
import pwd
import stat
import tomllib
from pathlib import Path

SYSTEM_CONFIG = Path("/etc/amtui/config.toml")
TRUSTED_OWNER = 0  # root: only a file root owns and alone may change can name the service account


class ConfigError(Exception):
    """The config file cannot be read or trusted: the message says which and why."""


@dataclasses.dataclass(frozen=True)
class Target:
    """Where the database is: a SQLite path or a server URL."""

    url: str
    school: str | None = None
    """On a trust's server: the school to act in (its number or name); None: the one school
    the person belongs to. A SQLite file is one school."""

    @property
    def is_sqlite(self) -> bool:
        return not ("://" in self.url) or self.url.startswith("sqlite")

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith(("postgresql://", "postgres://"))

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        if not self.is_sqlite:
            return None
        if self.url.startswith("sqlite:///"):
            return Path(self.url[len("sqlite:///"):])
        return Path(self.url)


def user_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "amtui" / "config.toml"


def default_database_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "amtui" / "school.db"


def config_files() -> list[Path]:
    """Config files in the order they are consulted (personal mode)."""
    override = os.environ.get("AMTUI_CONFIG")
    if override:
        return [Path(override)]
    return [user_config_path(), SYSTEM_CONFIG]


def read_config_file(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"Cannot read the config file {path}: {error}") from error


def untrusted_reason(path: Path) -> str | None:
    """Why ``path`` cannot be trusted as the system config (None: it can, or is absent)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be examined ({error.strerror})"
    if info.st_uid != TRUSTED_OWNER:
        return f"is owned by uid {info.st_uid}, not root"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"may be changed by others than root (mode {stat.S_IMODE(info.st_mode):04o})"
    folder = path.parent.stat()  # whoever may write the folder may swap the file
    if folder.st_uid != TRUSTED_OWNER or folder.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return (f"is in a folder others than root may change ({path.parent}: uid {folder.st_uid}, "
                f"mode {stat.S_IMODE(folder.st_mode):04o})")
    return None


def system_config() -> dict:
    """``/etc/amtui/config.toml``, refused unless root owns it and alone may write it."""
    reason = untrusted_reason(SYSTEM_CONFIG)
    if reason:
        raise ConfigError(f"{SYSTEM_CONFIG} {reason}, so amtui will not use it. The admin fixes it "
                          f"with: chown root:root {SYSTEM_CONFIG} && chmod 644 {SYSTEM_CONFIG}")
    return read_config_file(SYSTEM_CONFIG)


def service_account() -> str | None:
    """The service account named by the system config, if any."""
    name = system_config().get("service_account")
    return str(name) if name else None


def service_uid() -> int | None:
    """The service account's uid (None: no service account, or no such user)."""
    name = service_account()
    if not name:
        return None
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def founding_admin() -> str | None:
    """The login root's config allows to create the school on a server (``founding_admin``):
    until the school exists nobody is its admin, so without this whoever ran ``init`` first
    would become it."""
    name = system_config().get("founding_admin")
    return str(name).strip() or None if name else None


def in_service_mode() -> bool:
    """Whether this process runs, really and effectively, as the service account."""
    uid = service_uid()
    return uid is not None and os.getuid() == uid and os.geteuid() == uid


def database_target(cli_value: str | None = None, school: str | None = None) -> Target:
    """The database to use, by the rules in this module's docstring; on a trust's server,
    acting in ``school`` (``--school``), else the one ``school_choice`` names."""
    found = _database_target(cli_value)
    return dataclasses.replace(found, school=school or found.school) if found.is_postgres else found


def _database_target(cli_value: str | None) -> Target:
    if in_service_mode():
        if cli_value:
            raise ConfigError("--db is not allowed here: on this server amtui always opens the "
                              "school's database, which the admin sets in /etc/amtui/config.toml.")
        value = system_config().get("database")
        if not value:
            raise ConfigError(f"{SYSTEM_CONFIG} names no database (database = \"/srv/amtui/school.db\").")
        return _target(str(value))
    if cli_value:
        return _target(cli_value)
    env = os.environ.get("AMTUI_DB")
    if env:
        return _target(env)
    for path in config_files():
        if path == SYSTEM_CONFIG:
            value = system_config().get("database")
        else:
            value = read_config_file(path).get("database")
        if value:
            return _target(str(value))
    return _target(str(default_database_path()))


def school_choice() -> str | None:
    """On a trust's server, the school to act in: ``AMTUI_SCHOOL``, else ``school = "..."``
    in a config file; None (the one school the person belongs to) when neither says."""
    env = os.environ.get("AMTUI_SCHOOL")
    if env:
        return env
    for path in config_files():
        value = (system_config() if path == SYSTEM_CONFIG else read_config_file(path)).get("school")
        if value:
            return str(value)
    return None


def _target(value: str) -> Target:
    if "://" in value:
        return Target(value, school=school_choice())
    return Target(str(Path(value).expanduser()))


def keymap() -> tuple[dict[str, str], list[str]]:
    """The person's keys by binding id (``[keymap]``), and what was wrong with it.

    In service mode, the system config's table; otherwise the first config file (in
    :func:`config_files` order) that has one. Never raises: a file that cannot be read,
    or a value that is not a key string, is said in the list and left out.
    """
    problems: list[str] = []
    try:
        files = [SYSTEM_CONFIG] if in_service_mode() else config_files()
    except ConfigError as error:
        return {}, [str(error)]
    for path in files:
        try:
            table = (system_config() if path == SYSTEM_CONFIG else read_config_file(path)).get("keymap")
        except ConfigError as error:
            problems.append(str(error))
            continue
        if table is None:
            continue
        if not isinstance(table, dict):
            return {}, problems + [f"[keymap] in {path} is not a table of binding id = \"keys\"."]
        keys: dict[str, str] = {}
        for binding_id, value in _flat(table):
            if isinstance(value, str) and value.strip():
                keys[str(binding_id)] = ",".join(part.strip() for part in value.split(","))
            else:
                problems.append(f"[keymap] {binding_id} in {path} is not a key string (e.g. \"ctrl+s\").")
        return keys, problems
    return {}, problems


def _flat(table: dict, prefix: str = "") -> list[tuple[str, object]]:
    """``grid.set_cross = "c"`` unquoted is a table in TOML: the ids are joined back up."""
    pairs: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            pairs.extend(_flat(value, f"{prefix}{name}."))
        else:
            pairs.append((f"{prefix}{name}", value))
    return pairs
