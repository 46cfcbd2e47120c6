"""One school's SQLite file copied into its trust's PostgreSQL database, all or nothing.

``amtui trust add-school FILE.db`` (``add_school``): the file is upgraded (a copy of it:
the file itself is left as it was) to this amtui's schema, and in one write transaction
on the server:

* a new school is added, named as the file's school is (refused if the trust has one of
  that name), and the session acts in it;
* every table's rows are copied in the order the tables refer to each other, each
  table's ids moved past the ids the server has handed out (a block of its id sequence
  is taken first, so no row written meanwhile can collide), and every link moved with
  the table it points to. Rows go through a temporary table and one ``INSERT ...
  SELECT`` each, so the row-level security checks every row and the server's audit log
  writes one line a table;
* the rows of the new school are counted table by table against the file's; any
  difference undoes the whole copy;
* the copied audit trail is chained afresh under its new ids (its entries, their
  pupils and their marks kept), and a last entry records the file, its counts and the
  hash its newest entry had in the file.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import peewee

from amtui.db import chain, connection, migrations, trust
from amtui.db.audit import audit
from amtui.db.models import ALL_MODELS, AuditEntry, DbInfo, School, Seal

NOT_COPIED = (School, DbInfo, Seal)
"""The school itself is made afresh; the file's facts and seals are the file's own."""
BATCH = 5000


class CopyRefused(Exception):
    """The file cannot be copied into the trust; nothing was changed."""


@dataclass(frozen=True)
class Copied:
    """What was copied: the new school and its rows per table (the file's counts)."""

    school_id: int
    name: str
    counts: dict[str, int]


def _upgraded_copy(path: Path, folder: Path) -> peewee.SqliteDatabase:
    """A copy of the file at this amtui's schema, opened (not bound to the models)."""
    if not path.is_file():
        raise CopyRefused(f"There is no school's file at {path}.")
    copy = folder / "school.db"
    shutil.copyfile(path, copy)
    db = connection.make_database(connection.Target(str(copy)))
    db.connect()
    try:
        migrations.upgrade(db)
    except (migrations.NewerSchema, migrations.UpgradeFailed, peewee.DatabaseError) as error:
        db.close()
        raise CopyRefused(f"{path} cannot be read as an amtui school: {error}") from error
    return db


def _file_name(source: peewee.Database) -> str:
    row = source.execute_sql("SELECT value FROM school_setting WHERE key = 'school_name'").fetchone()
    return row[0].strip() if row and row[0].strip() else ""


def _take_ids(db: peewee.Database, table: str, highest: int) -> int:
    """Take a block of ``highest`` ids from ``table``'s sequence; returns what to add to a
    file's id so it falls in the block."""
    first = db.execute_sql("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", (table,)).fetchone()[0]
    db.execute_sql("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", (table, first + highest))
    return first


def _columns(model) -> list[tuple[str, str | None, bool]]:
    """(column, the table its value points to or None, whether it is a truth value)."""
    found = []
    for field in model._meta.sorted_fields:
        points = field.rel_model._meta.table_name if isinstance(field, peewee.ForeignKeyField) else None
        found.append((field.column_name, points, isinstance(field, peewee.BooleanField)))
    return found


def _copy_table(db: peewee.Database, source: peewee.Database, model, school: int, offsets: dict[str, int]) -> None:
    table = model._meta.table_name
    columns = _columns(model)
    names = ", ".join(f'"{name}"' for name, _, _ in columns)
    scratch = f"copy_{table}"
    db.execute_sql(f'CREATE TEMP TABLE "{scratch}" (LIKE "{table}") ON COMMIT DROP')
    marks = offsets.get("criterion_mark", 0) if model is AuditEntry else 0
    reader = source.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY id')
    with db.cursor().copy(f'COPY "{scratch}" ({names}) FROM STDIN') as copy:
        while rows := reader.fetchmany(BATCH):
            for row in rows:
                copy.write_row([_moved(name, points, truth, value, table, school, offsets, marks)
                                for (name, points, truth), value in zip(columns, row)])
    db.execute_sql(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{scratch}"')


def _moved(name, points, truth, value, table, school, offsets, marks):
    """One value of a file's row as the trust's database holds it."""
    if value is None:
        return None
    if name == "school_id":
        return school
    if name == "id":
        return value + offsets[table]
    if points is not None:
        return value + offsets[points]
    if name == "marks_to" and value:
        return value + marks
    return bool(value) if truth else value


def _counts(db: peewee.Database, tables: list[str]) -> dict[str, int]:
    return {table: db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def add_school(path: Path, login: str) -> Copied:
    """Copy the school in the SQLite file ``path`` into the trust's database (bound to the
    models), as ``login``; CopyRefused (nothing changed) when it cannot be."""
    db = connection.database.obj
    if not isinstance(db, peewee.PostgresqlDatabase):
        raise CopyRefused("A school's file is copied into its trust's PostgreSQL database: give --db the "
                          "trust's postgresql:// URL.")
    models = [model for model in ALL_MODELS if model not in NOT_COPIED]
    tables = [model._meta.table_name for model in models]
    with tempfile.TemporaryDirectory(prefix="amtui-add-school-") as folder:
        source = _upgraded_copy(path, Path(folder))
        try:
            expected = _counts(source, tables)
            name = _file_name(source) or path.stem
            last = chain.head(source)

            def change() -> Copied:
                highest = {t: source.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{t}"').fetchone()[0]
                           for t in tables}
                if db.execute_sql("SELECT 1 FROM school WHERE lower(name) = lower(%s)", (name,)).fetchone():
                    raise CopyRefused(f"The trust already has a school named {name}; nothing was copied.")
                school = db.execute_sql("INSERT INTO school (name, urn) VALUES (%s, '') RETURNING id",
                                        (name,)).fetchone()[0]
                trust.use_school(db, school)
                offsets = {t: _take_ids(db, t, highest[t]) for t in tables}
                for model in models:
                    _copy_table(db, source, model, school, offsets)
                found = _counts(db, tables)
                if found != expected:
                    wrong = ", ".join(f"{t} {found[t]} of {n}" for t, n in expected.items() if found[t] != n)
                    raise CopyRefused(f"The copy did not hold every row ({wrong}); nothing was copied.")
                first = db.execute_sql("SELECT MIN(id) FROM audit_entry").fetchone()[0]
                if first is not None:
                    chain.rechain(db, first)
                audit(login, "school.add", "school", school, file=str(path), name=name, counts=expected,
                      file_audit_id=last[0], file_audit_hash=last[1])
                return Copied(school, name, expected)

            return connection.write(change)
        finally:
            source.close()
