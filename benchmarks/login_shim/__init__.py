"""Play a login, or a school server, in a child amtui process (tests and benchmarks only;
see sitecustomize.py)."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def _with_shim(env: dict[str, str]) -> dict[str, str]:
    path = [str(FOLDER)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    return {**env, "PYTHONPATH": os.pathsep.join(path)}


def login_env(login: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this environment) with the shim on PYTHONPATH playing ``login``."""
    return {**_with_shim(dict(os.environ if base is None else base)), "AMTUI_TEST_LOGIN": login}


def server_env(system_config: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this environment) with the shim on PYTHONPATH reading
    ``system_config`` as the school server's ``/etc/amtui/config.toml``."""
    return {**_with_shim(dict(os.environ if base is None else base)),
            "AMTUI_TEST_SYSTEM_CONFIG": str(system_config)}
