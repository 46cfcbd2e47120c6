"""The demo school built once per test module, for the leaders' analysis, report and screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from amtui import identity
from amtui.db.connection import Target
from amtui.db.startup import Opened, open_database
from amtui.demo import build_demo

TODAY = dt.date(2026, 11, 22)  # a Sunday in HT2 of 2026-27 (the demo's own date)
SLT = "mokafor"  # the demo's head: senior leadership


def build(path: Path) -> Path:
    """Build the demo school into ``path``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(identity, "current_person", lambda: identity.Person("demo-builder", None))
        opened = open_database(Target(str(path)), create=True)
        build_demo(today=TODAY)
        opened.db.close()
    return path


def copy_of(built: Path, folder: Path) -> Opened:
    """A working copy of the built school, opened (each test changes its own)."""
    copy = folder / "demo.db"
    copy.write_bytes(built.read_bytes())
    return open_database(Target(str(copy)))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The demo school, built once for the test module (import this fixture)."""
    return build(tmp_path_factory.mktemp("leaders") / "demo.db")


@pytest.fixture
def demo(built, tmp_path) -> Opened:
    """This test's own copy of the demo school, opened (import this fixture with ``built``)."""
    opened = copy_of(built, tmp_path)
    yield opened
    opened.db.close()
