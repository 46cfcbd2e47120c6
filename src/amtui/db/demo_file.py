"""Guarding a real school's file from the demo: ``amtui demo`` only ever writes a demo."""

from __future__ import annotations

import sqlite3

import peewee

from amtui.db.connection import DatabaseUnavailable, Target, database, make_database, read
from amtui.db.models import Pupil


def _is_demo_file(target: Target) -> bool:
    """True when the SQLite file is a demo school (or holds no pupils at all)."""
    assert target.path is not None
    uri = f"file:{target.path}?mode=ro"
    try:
        with sqlite3.connect(uri, uri=True, timeout=10) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "db_info" in tables:
                row = conn.execute("SELECT value FROM db_info WHERE key = 'demo'").fetchone()
                if row and row[0] == "yes":
                    return True
            if "pupil" in tables:
                return conn.execute("SELECT COUNT(*) FROM pupil").fetchone()[0] == 0
            return True
    except sqlite3.DatabaseError as error:
        raise DatabaseUnavailable(f"{target.path} cannot be read as a database ({error}).") from error


def _prepare_server(target: Target, fresh: bool) -> None:
    """The same on a PostgreSQL database: a real school's is refused; with ``fresh`` an
    old demo's tables are dropped."""
    db = make_database(target)
    try:
        db.connect()
        tables = db.get_tables()
        demo = "db_info" in tables and db.execute_sql(
            "SELECT 1 FROM db_info WHERE key = 'demo' AND value = 'yes'").fetchone() is not None
        if not demo and "pupil" in tables and db.execute_sql("SELECT 1 FROM pupil LIMIT 1").fetchone():
            raise DatabaseUnavailable(f"{target.url} holds a school's real records, so the demo will not "
                                      "touch it. Give the demo a database of its own.")
        if fresh and tables:
            with db.atomic():
                db.execute_sql("DROP TABLE " + ", ".join(f'"{name}"' for name in tables) + " CASCADE")
    except peewee.DatabaseError as error:
        raise DatabaseUnavailable(f"Cannot use the database {target.url}: {error}.") from error
    finally:
        db.close()


def prepare(target: Target, fresh: bool) -> None:
    """Refuse to touch a real school's data; with ``fresh``, remove an old demo file."""
    path = target.path
    if path is None:
        return _prepare_server(target, fresh)
    if not path.exists():
        return
    if not _is_demo_file(target):
        raise DatabaseUnavailable(
            f"{path} holds a school's real records, so the demo will not touch it. "
            "Give the demo its own file: amtui --db demo.db demo"
        )
    if fresh:
        for leftover in (path, path.with_name(path.name + "-journal")):
            leftover.unlink(missing_ok=True)


def is_empty() -> bool:
    """True when the open database has no pupils yet (a new demo to build)."""
    return read(lambda: not Pupil.select().exists())


def mark_demo() -> None:
    """Label the open database as a demo (call inside the demo's write transaction)."""
    from amtui.db.migrations import set_info  # an upsert that PostgreSQL accepts too

    set_info(database.obj, "demo", "yes")
