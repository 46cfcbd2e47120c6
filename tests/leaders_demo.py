"""The demo school built once in the test run, for the leaders' analysis, report and screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from amtui.db.startup import Opened
from built_schools import copy_of, demo_school, opened_copy

TODAY = dt.date(2026, 11, 22)  # a Sunday in HT2 of 2026-27 (the demo's own date)
SLT = "mokafor"  # the demo's head: senior leadership


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The test module's copy of the demo school, built once in the run (import this fixture)."""
    return copy_of(demo_school(tmp_path_factory, TODAY, "demo-builder")[0], tmp_path_factory.mktemp("leaders"))


@pytest.fixture
def demo(built, tmp_path) -> Opened:
    """This test's own copy of the demo school, opened (import this fixture with ``built``)."""
    opened = opened_copy(built, tmp_path)
    yield opened
    opened.db.close()
