"""Fixtures shared by every test: a fresh school database file per test."""

from __future__ import annotations

import pytest

from amtui import identity
from amtui.db.connection import Target
from amtui.db.startup import Opened, open_database


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
