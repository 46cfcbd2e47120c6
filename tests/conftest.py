"""Fixtures shared by every test: a fresh school database file per test."""

from __future__ import annotations

import pytest

from amtui import identity
from amtui.db.connection import Target
from amtui.db.startup import Opened, open_database


def pytest_collection_modifyitems(config, items):
    """The real-terminal and server tests run on one worker, one after another: they share
    the system's accounts, /etc/amtui, sshd and CUPS."""
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture(autouse=True)
def no_system_config(request, monkeypatch):
    """Outside the server tests, amtui runs as a person on their own file: the system config
    an sshd test writes meanwhile, on the other worker, is not theirs to read."""
    if "/tests/e2e/" not in str(request.node.path):
        from amtui import config

        monkeypatch.setattr(config, "SYSTEM_CONFIG", config.Path("/nonexistent/amtui/config.toml"))


@pytest.fixture
def db_path(tmp_path):
    """Where this test's SQLite file lives (a file: worker threads need their own connections)."""
    return tmp_path / "school.db"


@pytest.fixture
def opened(db_path) -> Opened:
    """An empty, migrated school database bound to the models."""
    result = open_database(Target(str(db_path)), create=True)
    yield result
    result.db.close()


def pretend_login(patch: pytest.MonkeyPatch, login: str) -> None:
    """Make amtui believe ``login`` is at the keyboard (it asks the OS, not LOGNAME)."""
    patch.setattr(identity, "current_person", lambda: identity.Person(login, None))


@pytest.fixture
def login_as(monkeypatch):
    """``login_as("admin1")``: the rest of the test runs as that login."""
    return lambda login: pretend_login(monkeypatch, login)
