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
  pupils and their marks kept), and a last entry records the file, its counts, the
  hash its newest entry had in the file and what was added to each table's ids
  (``ids_moved_by``). A copied entry's details are left as the file wrote them, naming
  the file's ids (a pupil's, a class's): add its table's number from there to find the
  row in the trust.

Then every table it filled is analysed (``analyse``), so the school's first reads are
planned on its rows.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import peewee

from amtui.db import chain, connection, migrations, trust
from amtui.db.audit import audit
from amtui.db.models import ALL_MODELS, DbInfo, School, Seal

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
    """The name of the upgraded file's one school ("" when it was never named)."""
    row = source.execute_sql("SELECT name FROM school ORDER BY id LIMIT 1").fetchone()
    return row[0].strip() if row else ""


def _columns(model) -> list[tuple[str, str | None]]:
    """(column, the table its value points to or None)."""
    return [(field.column_name, field.rel_model._meta.table_name if isinstance(field, peewee.ForeignKeyField)
             else None) for field in model._meta.sorted_fields]


def _moved(name: str, points: str | None, table: str, school: int, offsets: dict[str, int]) -> str:
    """The SQL for one column of a file's row as the trust's database holds it (ids moved
    into the blocks taken for them, links with them)."""
    q = f'"{name}"'
    if name == "school_id":
        return str(int(school))
    if name == "id":
        return f"{q} + {int(offsets[table])}"
    if points is not None:
        return f"{q} + {int(offsets[points])}"
    if table == "audit_entry" and name == "marks_to":  # 0: no marks
        return f"{q} + CASE WHEN {q} <> 0 THEN {int(offsets.get('criterion_mark', 0))} ELSE 0 END"
    return q


def _copy_table(db: peewee.Database, source: peewee.Database, model, school: int, offsets: dict[str, int]) -> None:
    """The file's rows as they are into a scratch table (COPY, which the row-level security
    does not allow into the table itself), then into the table with their ids moved, in
    one INSERT ... SELECT the row-level security checks."""
    table = model._meta.table_name
    columns = _columns(model)
    names = ", ".join(f'"{name}"' for name, _ in columns)
    scratch = f"copy_{table}"
    db.execute_sql(f'CREATE TEMP TABLE "{scratch}" (LIKE "{table}") ON COMMIT DROP')
    reader = source.execute_sql(f'SELECT {names} FROM "{table}"')
    with db.cursor().copy(f'COPY "{scratch}" ({names}) FROM STDIN') as copy:  # SQLite's 0/1: true/false
        while rows := reader.fetchmany(BATCH):
            for row in rows:
                copy.write_row(row)
    moved = ", ".join(_moved(name, points, table, school, offsets) for name, points in columns)
    db.execute_sql(f'INSERT INTO "{table}" ({names}) SELECT {moved} FROM "{scratch}" ORDER BY "id"')


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
                offsets = {t: connection.fresh_ids(t, highest[t] + 1) for t in tables}  # a file's id + it: in the block
                for model in models:
                    _copy_table(db, source, model, school, offsets)
                found = _counts(db, tables)
                if found != expected:
                    wrong = ", ".join(f"{t} {found[t]} of {n}" for t, n in expected.items() if found[t] != n)
                    raise CopyRefused(f"The copy did not hold every row ({wrong}); nothing was copied.")
                first = db.execute_sql("SELECT MIN(id) FROM audit_entry").fetchone()[0]
                if first is not None:
                    chain.rechain(db, first)
                # The copied entries' details keep the file's ids, as their hashes were made
                # over them: what to add to each table's id is recorded here, once.
                audit(login, "school.add", "school", school, file=str(path), name=name, counts=expected,
                      file_audit_id=last[0], file_audit_hash=last[1],
                      ids_moved_by={t: offsets[t] for t in tables if expected[t]})
                return Copied(school, name, expected)

            copied = connection.write(change)
        finally:
            source.close()
    analyse(db, [t for t in tables if copied.counts[t]])
    return copied


def analyse(db: peewee.Database, tables: list[str]) -> None:
    """The server's statistics of ``tables`` read afresh (``ANALYZE``, after the copy's
    transaction, a table at a time). Until the server's own autovacuum gets to them (a
    minute or more) it plans the new school's first reads on the statistics of the tables
    as they were, near empty in a new trust."""
    for table in tables:
        db.execute_sql(f"ANALYZE {trust.quoted(table)}")
