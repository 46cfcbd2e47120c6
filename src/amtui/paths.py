"""Where amtui finds the data it ships (the stage scale, criteria banks, sample tests)."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def data_dir() -> Path:
    """The folder of shipped CSV data.

    A source checkout (the usual, editable install) uses the repository's ``data/``;
    a wheel install puts the same files under ``<prefix>/share/amtui/data``.
    ``AMTUI_DATA`` overrides both.
    """
    override = os.environ.get("AMTUI_DATA")
    candidates = [Path(override)] if override else []
    candidates += [
        Path(__file__).resolve().parents[2] / "data",
        Path(sys.prefix) / "share" / "amtui" / "data",
    ]
    for candidate in candidates:
        if (candidate / "stage_scale.csv").is_file():
            return candidate
    raise FileNotFoundError(
        "amtui's data folder (with stage_scale.csv) was not found; reinstall amtui "
        "or set AMTUI_DATA to the folder"
    )


def data_file(name: str) -> Path:
    """A shipped data file by name, e.g. ``data_file("stage_scale.csv")``."""
    return data_dir() / name
