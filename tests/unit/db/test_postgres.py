"""PostgreSQL: a postgresql:// URL opens with psycopg 3, and what differs from SQLite."""

from __future__ import annotations

import sys

import peewee
import pytest

from amtui.db import connection
from amtui.db.connection import DatabaseUnavailable, Target


def test_a_postgresql_url_is_opened_with_psycopg_3():
    db = connection.make_database(Target("postgresql://amtui@db.school.local/trust"))
    assert isinstance(db, peewee.PostgresqlDatabase)
    assert type(db._adapter).__name__ == "Psycopg3Adapter"


def test_without_the_driver_the_message_says_which_extra_brings_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(DatabaseUnavailable, match=r"pip install 'amtui\[postgres\]'"):
        connection.make_database(Target("postgresql://amtui@db.school.local/trust"))


def test_a_url_of_another_database_is_refused_with_what_amtui_takes():
    with pytest.raises(DatabaseUnavailable, match="postgresql:// URL"):
        connection.make_database(Target("mysql://amtui@db.school.local/trust"))


@pytest.mark.parametrize("text", ["deadlock detected", "could not serialize access due to concurrent update",
                                  "canceling statement due to lock timeout"])
def test_a_server_deadlock_or_serialization_failure_is_retried_as_busy(text):
    assert connection.is_busy_error(peewee.OperationalError(text))
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise peewee.OperationalError(text)
        return "saved"

    assert connection.retrying(flaky) == "saved" and len(calls) == 3
