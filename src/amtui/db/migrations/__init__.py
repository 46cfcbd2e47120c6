"""Schema versions and the steps between them.

The version lives in the ``db_info`` table. Version 1 is frozen SQL (``v0001_initial``);
every later step is a function of its own. A fresh SQLite file gets the schema that
running every step produces: the steps run once per process on an in-memory database
(quick: no disk to sync), and the SQL they leave is replayed into the new file. So
every install runs the whole chain, and a fresh file has exactly the schema of an
upgraded one. Each step runs in its
own transaction and stamps its version in it, so an upgrade interrupted half-way leaves
the last good version. How to add a step: the README's "For developers" section.

After the last step, in its transaction, the row seals are made afresh
(``amtui.db.seal.install``: every trigger from the tables as they now are, every total
from their rows) and an audit entry records it, with the state of the seals; a fresh
file gets the same. So a step that adds a table or a column does nothing about seals.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import peewee

from amtui import __version__
from amtui.db import connection, seal
from amtui.db.audit import append
from amtui.db.migrations import (
    v0001_initial, v0002_never_reused_ids, v0003_staff_dates, v0004_row_seals,
    v0005_pupil_characteristics, v0006_class_memberships, v0007_teaching_groups,
    v0008_progress_returns, v0009_programme_referrals, v0010_schools, v0011_marks_by_pupil,
    v0012_server_audit_schools, v0013_kept_trust_figures, v0014_one_school_function,
    v0015_one_school_name, v0016_cheaper_school_checks,
)


@dataclass(frozen=True)
class Step:
    """One step: ``run`` takes the schema from version ``number - 1`` to ``number``."""

    number: int
    name: str
    run: Callable[[peewee.Database], None]
    foreign_keys_off: bool = False
    """Rebuilding a table needs SQLite's foreign key checks off (they are checked after)."""
    server: Callable[[peewee.Database], None] | None = None
    """The same change on PostgreSQL, for a step after the first server release (version 9):
    a server database made earlier is created at the latest version, and one that needs a
    step without this is refused, untouched."""


STEPS: list[Step] = [
    Step(1, "the tables of amtui 0.1.0", v0001_initial.run),
    Step(2, "ids never reused; the audit trail's pupil and hash chain",
         v0002_never_reused_ids.run, foreign_keys_off=True),
    Step(3, "staff leave on a date; who teaches a class, from and to", v0003_staff_dates.run),
    Step(4, "row seals: the audit trail records the state of every table",
         v0004_row_seals.run, foreign_keys_off=True),
    Step(5, "pupils' characteristics: SEN provision code, gender, looked after",
         v0005_pupil_characteristics.run, foreign_keys_off=True),
    Step(6, "pupils' classes and year groups per academic year, with dates", v0006_class_memberships.run),
    Step(7, "teaching groups and their pupils; what heads of department and year head",
         v0007_teaching_groups.run, foreign_keys_off=True),
    Step(8, "progress returns: each year group's return windows and the teachers' returns",
         v0008_progress_returns.run),
    Step(9, "the mentoring programme's members, referrals that end, parental interviews",
         v0009_programme_referrals.run, foreign_keys_off=True),
    Step(10, "schools: every row belongs to one; what was unique is unique in its school",
         v0010_schools.run, foreign_keys_off=True, server=v0010_schools.server),
    Step(11, "a criterion mark's index on its pupil alone goes (the pupil's marks by criterion serve)",
         v0011_marks_by_pupil.run, server=v0011_marks_by_pupil.run),
    Step(12, "the server's audit log held to each school (a file: no change)",
         v0012_server_audit_schools.run, server=v0012_server_audit_schools.server),
    Step(13, "a trust's kept figures for its trust view (a file: no change)",
         v0013_kept_trust_figures.run, server=v0013_kept_trust_figures.server),
    Step(14, "the first trusts' row-level security functions dropped, for the one that replaced them "
             "(a file: no change)", v0014_one_school_function.run, server=v0014_one_school_function.server),
    Step(15, "a school's name is its row's alone: the school_name setting copied into it and dropped",
         v0015_one_school_name.run, server=v0015_one_school_name.server),
    Step(16, "a trust's school checks look the role up before asking whether it owns the tables; a school's "
             "newest audit entry and mark by an index (a file: no change)",
         v0016_cheaper_school_checks.run, server=v0016_cheaper_school_checks.server),
]
"""In order; STEPS[i] takes the schema from version i to i+1."""

LATEST = len(STEPS)


class NewerSchema(Exception):
    """The database was written by a newer amtui than this one."""


class UpgradeFailed(Exception):
    """A step could not be applied; the file keeps its last good version."""


def latest() -> int:
    """The version this amtui writes (read at call time, so tests may add a step)."""
    return len(STEPS)


def _table_exists(db: peewee.Database, name: str) -> bool:
    return db.table_exists(name)


def current_version(db: peewee.Database) -> int:
    """The file's schema version; 0 for an empty database."""
    if not _table_exists(db, "db_info"):
        return 0
    row = db.execute_sql(f"SELECT value FROM db_info WHERE key = {db.param}", ("schema_version",)).fetchone()
    return int(row[0]) if row else 0


def set_info(db: peewee.Database, key: str, value: str) -> None:
    """Upsert one ``db_info`` row: update, then insert if nothing was there (any database)."""
    changed = db.execute_sql(f"UPDATE db_info SET value = {db.param} WHERE key = {db.param}", (value, key))
    if changed.rowcount == 0:
        db.execute_sql(f"INSERT INTO db_info (key, value) VALUES ({db.param}, {db.param})", (key, value))


def _check_foreign_keys(db: peewee.Database, step: Step) -> None:
    broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent = broken[0][:3]
        raise UpgradeFailed(f"Schema step {step.number} ({step.name}) would leave {len(broken)} broken "
                            f"link(s), e.g. {table} row {rowid} to {parent}; nothing was changed.")


def _seal(db: peewee.Database, action: str, **detail: object) -> None:
    """Make the row seals afresh and audit it (inside the transaction of the change)."""
    tables = seal.install(db)
    append("amtui", action, "file", "", None, json.dumps({**detail, "amtui": __version__,
                                                          "sealed_tables": len(tables)}), db=db)


def _run_step(db: peewee.Database, step: Step, seal_from: int | None = None) -> None:
    """Run one step in its own transaction; with ``seal_from`` (the version the upgrade
    started from) it is the last step, and the seals are made afresh in it too."""
    sqlite = isinstance(db, peewee.SqliteDatabase)
    if sqlite and step.foreign_keys_off:
        db.execute_sql("PRAGMA foreign_keys = OFF")  # ignored inside a transaction: set it first
    try:
        with db.atomic():
            if not sqlite:  # one upgrade at a time, as BEGIN IMMEDIATE does on a file
                db.execute_sql(f"SELECT pg_advisory_xact_lock({connection.WRITE_LOCK})")
            if current_version(db) >= step.number:
                return  # another session starting at the same moment got here first
            (step.run if sqlite else step.server)(db)
            if sqlite and step.foreign_keys_off:
                _check_foreign_keys(db, step)
            set_info(db, "schema_version", str(step.number))
            set_info(db, "upgraded_by", __version__)
            if seal_from is not None:
                _seal(db, "schema.upgrade", from_version=seal_from, to_version=step.number)
    finally:
        if sqlite and step.foreign_keys_off:
            db.execute_sql("PRAGMA foreign_keys = ON")


_fresh_schema: dict[tuple[Step, ...], list[str]] = {}


def latest_schema() -> list[str]:
    """The SQL that running every step from nothing leaves, in the order it was made."""
    key = tuple(STEPS)
    if key not in _fresh_schema:
        scratch = peewee.SqliteDatabase(":memory:")
        seal.register(scratch)
        scratch.connect()
        for step in STEPS:
            _run_step(scratch, step)
        with scratch.atomic():
            seal.install(scratch)
        _fresh_schema[key] = [sql for (sql,) in scratch.execute_sql(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
        scratch.close()
    return _fresh_schema[key]


def _create_fresh(db: peewee.Database) -> int:
    with db.atomic():
        if current_version(db) != 0:
            return 0  # another session created it while this one waited for the lock
        for sql in latest_schema():
            db.execute_sql(sql)
        db.execute_sql("INSERT INTO school (id, name, urn) VALUES (1, '', '')")  # a file is one school
        set_info(db, "schema_version", str(latest()))
        set_info(db, "upgraded_by", __version__)
        _seal(db, "schema.create", to_version=latest())
    return latest()


def _create_at_latest(db: peewee.Database) -> int:
    """A server database (PostgreSQL): the steps are written for SQLite, so a fresh one is
    created from the models at the latest version and stamped; ``seal.install`` then makes
    the server's audit log and guards, and the creation is audited, as on SQLite."""
    from amtui.db import models, trust

    with db.atomic():
        db.execute_sql(f"SELECT pg_advisory_xact_lock({connection.WRITE_LOCK})")
        if current_version(db) != 0:
            return 0  # another session created it while this one waited for the lock
        db.execute_sql(trust.CHOSEN)  # every table's school_id defaults to it
        db.create_tables(models.ALL_MODELS)
        v0013_kept_trust_figures.server(db)  # a server's table with no model (derived figures)
        first = db.execute_sql("INSERT INTO school (name, urn) VALUES ('', '') RETURNING id").fetchone()[0]
        trust.use_school(db, first)  # its first school: the one this session acts in
        set_info(db, "schema_version", str(latest()))
        set_info(db, "upgraded_by", __version__)
        _seal(db, "schema.create", to_version=latest())
    return latest()


def upgrade(db: peewee.Database) -> int:
    """Bring the schema up to the latest version; returns how many steps ran."""
    version, newest = current_version(db), latest()
    if version > newest:
        raise NewerSchema(
            f"This database has schema version {version}, made by a newer amtui; this "
            f"amtui ({__version__}) knows up to version {newest}. Upgrade amtui on this "
            "server; the file has not been touched."
        )
    if version == newest:
        return 0
    seal.register(db)
    if not isinstance(db, peewee.SqliteDatabase):
        if version == 0:
            return _create_at_latest(db)
        lacking = next((step for step in STEPS[version:] if step.server is None), None)
        if lacking is not None:
            raise UpgradeFailed(f"This server database has schema version {version}, and schema step "
                                f"{lacking.number} ({lacking.name}) has no PostgreSQL form, so this amtui "
                                "cannot upgrade it; the database has not been touched.")
    elif version == 0:
        return _create_fresh(db)
    for step in STEPS[version:]:
        _run_step(db, step, seal_from=version if step.number == newest else None)
    return newest - version
