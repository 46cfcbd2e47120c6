"""Opening the shared database safely, and running every write as a short transaction.

The SQLite file usually sits on a school's network drive that many staff have open at
once. SQLite's advice for that case decides everything here:

* a rollback journal, never WAL (WAL's index is shared memory, which a network
  filesystem cannot share between machines);
* ``synchronous=FULL`` so a committed mark survives a power cut;
* ``BEGIN IMMEDIATE`` for every write: a deferred transaction that later upgrades to a
  write lock skips the busy handler and fails at once with "database is locked";
* a busy timeout, and on top of it our own bounded retry with jitter for the BUSY
  errors that SQLite still returns instantly (for example on a lock upgrade deadlock).

On PostgreSQL (a ``postgresql://`` URL, driver: psycopg 3 from ``amtui[postgres]``) the
server does the locking: every write transaction first takes one transaction-level
advisory lock, so writers go one at a time as under ``BEGIN IMMEDIATE`` (the audit trail
chains each entry onto the newest one), and a deadlock or serialization failure is
retried like SQLite's BUSY.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

import peewee

from amtui.config import Target  # where the database is: named by the config, opened here
from amtui.db import drivers, seal
from amtui.db.trust import SCHOOL_SETTING

log = logging.getLogger(__name__)

database = peewee.DatabaseProxy()
"""The database every model uses; bound by :func:`open_database`."""

BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 8
"""Retries on top of the busy timeout; with it, a writer waits up to about a minute."""

T = TypeVar("T")


class DatabaseBusy(Exception):
    """The database stayed locked by others for longer than we are willing to wait."""


class DatabaseUnavailable(Exception):
    """The database cannot be opened or used: a message for the user says why.

    ``reason`` is the first sentence alone (what is wrong with the drive), for callers
    whose advice differs from a screen's (an import keeps nothing on screen)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


SQLITE_PRAGMAS = {
    "journal_mode": "delete",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    # SQLite's own default (2 MB a connection): thirty sessions share one server's memory,
    # each has a few connections, and another writer's commit empties the cache anyway.
    "cache_size": -2000,
    # A REPLACE that removes a row fires its delete triggers only with this on: the row
    # seals' triggers (amtui.db.seal) must see every row that goes.
    "recursive_triggers": 1,
}


def make_database(target: Target) -> peewee.Database:
    """A peewee database for the target, configured for a shared network drive."""
    if target.is_sqlite:
        path = target.path
        assert path is not None
        db = peewee.SqliteDatabase(
            str(path),
            pragmas=SQLITE_PRAGMAS,
            timeout=BUSY_TIMEOUT_MS / 1000,
            lock_type="IMMEDIATE",
        )
        seal.register(db)  # the row seals' triggers call it on every write
        return db
    if not target.is_postgres:
        raise DatabaseUnavailable(f"amtui cannot use {target.url}: give a SQLite file's path or a "
                                  "postgresql:// URL.")
    try:
        drivers.server_driver()  # peewee was imported without it (amtui.db.drivers)
    except ImportError as error:
        raise DatabaseUnavailable(
            f"{target.url} is a PostgreSQL database, and its driver is not installed ({error}). "
            "Install it with: pip install 'amtui[postgres]'") from error
    return ServerDatabase(target.url, prefer_psycopg3=True, school=target.school)


class ServerDatabase(peewee.PostgresqlDatabase):
    """A trust's PostgreSQL database: each connection it opens acts in one school
    (``amtui.db.trust.enter``), which the server's row-level security holds it to."""

    def __init__(self, *args, school: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.school = school

    def _initialize_connection(self, conn) -> None:
        super()._initialize_connection(conn)
        from amtui.db import trust

        trust.enter(conn, self.school)


def bind(db: peewee.Database) -> peewee.Database:
    """Point every model at ``db``."""
    database.initialize(db)
    return db


BUSY_CLUES = ("locked", "busy", "deadlock detected", "could not serialize", "lock timeout")
"""SQLite's 'database is locked' / 'busy'; PostgreSQL's deadlock and serialization failures."""


def is_busy_error(error: BaseException) -> bool:
    """True for the errors worth retrying: another writer was in the way."""
    text = str(error).lower()
    return isinstance(error, (peewee.OperationalError, sqlite3.OperationalError)) and any(
        clue in text for clue in BUSY_CLUES)


UNREACHABLE = {
    "readonly": "The database cannot be written: the drive holding it has turned read-only.",
    "disk i/o error": "The database cannot be reached: the network drive holding it has gone away.",
    "unable to open": "The database cannot be reached: the network drive holding it has gone away.",
    "disk is full": "The database cannot be written: the drive holding it is full.",
    "no such file": "The database cannot be reached: the network drive holding it has gone away.",
    "connection": "The database server cannot be reached: the connection to it was lost.",
}


def unreachable(error: BaseException) -> DatabaseUnavailable | None:
    """A failure to use the database as a message for the user, or None for a BUSY error or
    a bug (a constraint broken, bad SQL), which retrying would not cure.

    A drive that went away, turned read-only or filled up is named; any other failure of
    the driver (an I/O error it words its own way, a connection it lost) is reported as one.
    """
    error = original_error(error)
    if isinstance(error, (peewee.IntegrityError, sqlite3.IntegrityError, peewee.ProgrammingError,
                          sqlite3.ProgrammingError, peewee.NotSupportedError)):
        return None
    if not isinstance(error, (peewee.DatabaseError, peewee.InterfaceError, sqlite3.Error, OSError)):
        return None
    text = str(error).lower()
    if is_busy_error(error) or any(clue in text for clue in BUGS):
        return None
    message = next((m for clue, m in UNREACHABLE.items() if clue in text),
                   f"The database could not be written ({error}).")
    return DatabaseUnavailable(
        f"{message} Nothing more was saved; what you typed is kept on screen and saved "
        "when the drive is back. Tell your amtui admin.", reason=message)


BUGS = ("no such table", "no such column", "has no column", "syntax error", "no such function")
"""SQLite reports these as OperationalError too, but they are amtui's mistakes, not the drive's."""

ROLLBACK_FAILED = "no transaction is active"


def original_error(error: BaseException) -> BaseException:
    """The failure that stopped a transaction, not peewee's ROLLBACK that failed after it.

    On a full disk or an I/O error SQLite rolls the transaction back itself; the ROLLBACK
    that peewee's ``atomic()`` then sends fails with "cannot rollback - no transaction is
    active", and Python chains the first error as that one's context.
    """
    seen = error
    while ROLLBACK_FAILED in str(seen) and seen.__context__ is not None:
        seen = seen.__context__
    return seen


def reconnect() -> None:
    """Close this thread's connection, so the next call opens the file afresh.

    A connection opened while the drive was read-only stays read-only after the drive is
    writable again, and one whose drive went away holds a dead file handle.
    """
    db = database.obj
    if db is None:
        return
    try:
        if db.transaction_depth() == 0 and not db.is_closed():
            db.close()
    except Exception as error:  # closing a connection whose drive is gone may fail too
        log.info("closing the connection after a failure: %r", error)


def retrying(fn: Callable[[], T], attempts: int = WRITE_ATTEMPTS) -> T:
    """Call ``fn`` until it does not fail with a BUSY error, with jittered backoff.

    Any other failure of the database (a drive that has gone away, turned read-only or
    filled up, a driver error) becomes ``DatabaseUnavailable`` with a message for the user,
    and this thread's connection is closed so that the next try opens the file again.
    """
    delay = 0.02
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except (peewee.PeeweeException, sqlite3.Error) as raised:
            error = original_error(raised)
            if is_busy_error(error):
                if attempt == attempts:
                    raise DatabaseBusy(
                        "The database is busy: other staff are saving a lot at once. "
                        "Nothing was saved; try again in a moment."
                    ) from error
                log.info("database busy (attempt %d): %s", attempt, error)
                time.sleep(delay + random.uniform(0, delay))
                delay = min(delay * 2, 1.0)
                continue
            gone = unreachable(error)
            if gone is None:
                raise
            reconnect()
            raise gone from error
    raise AssertionError("unreachable")


WRITE_LOCK = 0x616D747569
"""PostgreSQL: the advisory lock ("amtui") a schema upgrade holds alone, and every write
transaction shared, until it ends."""
SCHOOL_LOCK = 0x616D7475
"""PostgreSQL: with the session's school, the lock every write transaction holds alone:
one school's writes go one at a time (each chains onto its school's newest audit entry),
while a trust's other schools write alongside."""
TAKE_WRITE_LOCKS = ("SELECT pg_advisory_xact_lock_shared(%s), pg_advisory_xact_lock(%s, "
                    f"COALESCE(NULLIF(current_setting('{SCHOOL_SETTING}', true), '')::int, 0))")

WITH_WRITE_LOCKS: list[str] = []
"""SQL a server's write transaction selects beside its locks, in their statement (no round
trip of its own): the announcement of ``amtui.db.notify``, which the server queues there
and delivers at COMMIT, and only if the transaction commits."""

BEFORE_COMMIT: list[Callable[[peewee.Database], None]] = []
"""Called in every write transaction just before it commits: the audit trail settles its
newest entry there (``amtui.db.audit.settle``)."""


def write(fn: Callable[[], T]) -> T:
    """Run ``fn`` in one short write transaction (BEGIN IMMEDIATE on SQLite), retried on BUSY.

    ``fn`` must be safe to run again: a retry happens only after the failed attempt
    was rolled back, so it never sees half of its own earlier work.
    """
    db = database.obj
    if db is None:
        raise DatabaseUnavailable("No database is open.")
    if db.transaction_depth() > 0:
        # Already inside a caller's transaction: it owns commit and retry.
        return fn()

    def attempt() -> T:
        with db.atomic():
            if isinstance(db, peewee.PostgresqlDatabase):
                db.execute_sql(", ".join((TAKE_WRITE_LOCKS, *WITH_WRITE_LOCKS)), (WRITE_LOCK, SCHOOL_LOCK))
            result = fn()
            for hook in BEFORE_COMMIT:
                hook(db)
            return result

    return retrying(attempt)


def read(fn: Callable[[], T]) -> T:
    """Run ``fn`` for a consistent read, retried on BUSY (a writer may be committing)."""
    return retrying(fn)


def data_version() -> int | None:
    """SQLite's count of commits made by *other* connections, cheap enough to poll every
    second (a screen polls on its own thread's connection); None for other databases."""
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase):
        return db.execute_sql("PRAGMA data_version").fetchone()[0]
    return None


def json_rows(db: peewee.Database, width: int = 2) -> str:
    """SQL that selects the integer rows of one JSON parameter ``[[a, b, ...], ...]``
    (``width`` integers each) as rows: one parameter however many rows (SQLite allows only
    so many ``?``). ``db`` may be the models' proxy.

    On PostgreSQL the rows come out of a sub-query the planner keeps whole (``OFFSET 0``),
    as plain integers: were the JSON look-ups pulled up into a join's condition, the
    row-level security would keep that condition away from the other table's index (the
    look-ups are not leak-proof), and the table would be read through another index."""
    if isinstance(getattr(db, "obj", db), peewee.PostgresqlDatabase):
        values = ", ".join(f"(value->>{n})::int" for n in range(width))
        return f"SELECT {values} FROM jsonb_array_elements(%s::jsonb) OFFSET 0"
    values = ", ".join(f"json_extract(value, '$[{n}]')" for n in range(width))
    return f"SELECT {values} FROM json_each(?)"


def ordered_join(db: peewee.Database) -> str:
    """``CROSS JOIN``: on SQLite the join that keeps the tables in the order written (its
    planner's hint, and where it takes an ``ON``); PostgreSQL plans a plain ``JOIN`` well."""
    return "JOIN" if isinstance(getattr(db, "obj", db), peewee.PostgresqlDatabase) else "CROSS JOIN"


def fresh_ids(table: str, count: int) -> int:
    """The first of ``count`` ids no row of ``table`` has, for rows inserted with ids amtui
    chooses (the demo's bulk build; call inside the write that inserts them). On SQLite
    the ones after the table's highest. On PostgreSQL a block taken from the table's id
    sequence, which then moves past it: the row-level security hides the trust's other
    schools' rows, so the highest id seen may not be the highest, and a row the server
    numbers next must not take one of the block."""
    db = database.obj
    if not isinstance(db, peewee.PostgresqlDatabase):
        return db.execute_sql(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"').fetchone()[0]
    first = db.execute_sql("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", (table,)).fetchone()[0]
    if count > 1:
        db.execute_sql("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", (table, first + count - 1))
    return first
