"""The shared-drive database: pragmas, BEGIN IMMEDIATE, and retrying BUSY errors."""

from __future__ import annotations

import sqlite3
import threading
import time

import peewee
import pytest

from amtui.db import connection, seal
from amtui.db.connection import DatabaseBusy, retrying, write
from amtui.db.models import SchoolSetting


def pragma(db, name):
    return db.execute_sql(f"PRAGMA {name}").fetchone()[0]


@pytest.mark.sqlite_only  # SQLite's own locking and pragmas
def test_pragmas_suit_a_network_drive(opened):
    db = opened.db
    assert pragma(db, "journal_mode") == "delete"  # never WAL on a network mount
    assert pragma(db, "synchronous") == 2  # FULL
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "busy_timeout") == connection.BUSY_TIMEOUT_MS


@pytest.mark.sqlite_only  # SQLite's own locking and pragmas
def test_every_write_begins_immediate(opened):
    statements = []
    opened.db.connection().set_trace_callback(statements.append)
    write(lambda: SchoolSetting.replace(key="school_name", value="Hope").execute())
    assert statements[0] == "BEGIN IMMEDIATE"
    assert statements[-1] == "COMMIT"


@pytest.mark.sqlite_only  # SQLite's own locking and pragmas
def test_a_writer_waits_for_another_instead_of_failing(opened, db_path):
    """A second writer waits on the busy timeout while the first holds the lock."""
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    seal.register_sqlite3(holder)  # another amtui session: its writes keep the seals
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO school_setting (key, value) VALUES ('a', '1')")
    released = threading.Event()

    def release_soon():
        time.sleep(0.5)
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release_soon).start()
    write(lambda: SchoolSetting.replace(key="b", value="2").execute())
    assert released.is_set()
    assert {s.key for s in SchoolSetting.select()} == {"a", "b"}
    holder.close()


def test_write_rolls_back_everything_when_the_body_fails(opened):
    def half_then_fail():
        SchoolSetting.create(key="x", value="1")
        raise ValueError("bad row")

    with pytest.raises(ValueError):
        write(half_then_fail)
    assert not SchoolSetting.select().where(SchoolSetting.key == "x").exists()


def test_retrying_survives_instant_busy_errors(monkeypatch):
    monkeypatch.setattr(connection.time, "sleep", lambda s: None)
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise peewee.OperationalError("database is locked")
        return "saved"

    assert retrying(flaky) == "saved"
    assert len(calls) == 3


def test_retrying_gives_up_with_a_message_not_a_lock_error(monkeypatch):
    monkeypatch.setattr(connection.time, "sleep", lambda s: None)

    def always_busy():
        raise peewee.OperationalError("database is locked")

    with pytest.raises(DatabaseBusy, match="Nothing was saved"):
        retrying(always_busy, attempts=3)


def test_retrying_does_not_hide_other_errors():
    def broken():
        raise peewee.OperationalError("no such table: pupil")

    with pytest.raises(peewee.OperationalError, match="no such table"):
        retrying(broken)


@pytest.mark.sqlite_only  # SQLite's own locking and pragmas
def test_a_read_only_drive_is_a_clear_message_and_nothing_is_half_written(opened, db_path):
    """A real SQLite read-only failure: the file opened read-only, as a remounted share is."""
    from amtui.db.connection import DatabaseUnavailable, bind, database

    readonly = peewee.SqliteDatabase(f"file:{db_path}?mode=ro", uri=True, pragmas=connection.SQLITE_PRAGMAS,
                                     lock_type="IMMEDIATE")
    seal.register(readonly)
    previous = database.obj
    bind(readonly)
    try:
        with pytest.raises(DatabaseUnavailable, match="read-only.*kept on screen"):
            write(lambda: SchoolSetting.create(key="k", value="v"))
    finally:
        readonly.close()
        bind(previous)
    assert not SchoolSetting.select().where(SchoolSetting.key == "k").exists()


@pytest.mark.parametrize(("message", "says"), [
    ("database or disk is full", "full"),
    ("disk I/O error", "gone away"),
    ("unable to open database file", "gone away"),
])
def test_drive_failures_become_messages(message, says):
    def failing():
        raise sqlite3.OperationalError(message)

    with pytest.raises(connection.DatabaseUnavailable, match=says):
        retrying(failing)
