"""Play a login in a child amtui process (tests and benchmarks only; see sitecustomize.py)."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def login_env(login: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this environment) with the shim on PYTHONPATH playing ``login``."""
    env = dict(os.environ if base is None else base)
    path = [str(FOLDER)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env.update(AMTUI_TEST_LOGIN=login, PYTHONPATH=os.pathsep.join(path))
    return env
