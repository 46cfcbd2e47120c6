"""Fixtures shared by every test: a fresh school database file per test."""

from __future__ import annotations

import pytest

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
