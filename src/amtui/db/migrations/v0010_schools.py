"""Version 10: schools. A trust's database holds many; a SQLite file stays one.

* A new table ``school`` (its name, its DfE URN where known). A SQLite file's school is
  row 1, named from its ``school_name`` setting.
* Every table but the database's own (``db_info``, ``seal``) gains ``school_id``, second
  after ``id``, linked to ``school`` and 1 by default. SQLite adds a column only at the
  end, so each table is rebuilt (its rows copied once: on a school of a million marks,
  seconds, once), keeping the ids SQLite has handed out.
* What was unique in the whole file is unique in its school: a username, a UPN, a
  subject's name and code, an intervention's name, an academic year, a setting. A
  setting's key is no longer the table's key: ``school_setting`` gets an id.

The row seals cover the new column: the upgrade makes them afresh after its last step.
On PostgreSQL (``server``) the columns are added in place and filled from the session's
school (``amtui.school``) from then on; the row-level security that uses them is made by
``amtui.db.trust``, with the server's other guards.
"""

from __future__ import annotations

import peewee

from amtui.db.migrations.rebuild import rebuild_table

SCHOOL = ('CREATE TABLE "school" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" VARCHAR(255) NOT NULL, '
          '"urn" VARCHAR(255) NOT NULL)')
SCHOOL_SETTING = (
    'CREATE TABLE "school_setting" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"school_id" INTEGER NOT NULL DEFAULT 1, "key" VARCHAR(255) NOT NULL, "value" TEXT NOT NULL, '
    'FOREIGN KEY ("school_id") REFERENCES "school" ("id"))'
)
ID_COLUMN = '"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
COLUMN = '"school_id" INTEGER NOT NULL DEFAULT 1, '
LINK = 'FOREIGN KEY ("school_id") REFERENCES "school" ("id")'
OWN = ("db_info", "seal", "school_setting", "school")
"""Not rebuilt by the general rule: the database's own tables, and the two made here."""
PER_SCHOOL = {  # the index a whole file's unique becomes: table -> (old index, column)
    "academic_year": [("academic_year_start_year", "start_year")],
    "intervention": [("intervention_name", "name")],
    "staff": [("staff_username", "username")],
    "subject": [("subject_code", "code"), ("subject_name", "name")],
    "pupil": [("pupil_upn", "upn")],
}


def with_school(sql: str) -> str:
    """A table's CREATE TABLE with ``school_id`` after its id and its link first among
    the table's constraints (where a fresh database's models put them)."""
    if ID_COLUMN not in sql:
        raise ValueError(f"no integer id to put school_id after in: {sql[:80]}")
    sql = sql.replace(ID_COLUMN, ID_COLUMN + COLUMN, 1)
    at = sql.find(", FOREIGN KEY (")
    if at < 0:
        return sql[:-1] + ", " + LINK + ")"
    return sql[:at] + ", " + LINK + sql[at:]


def _columns(db: peewee.Database, table: str) -> list[str]:
    return [row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()]


def run(db: peewee.Database) -> None:
    """Apply version 10 (inside the upgrade's transaction, foreign keys off)."""
    db.execute_sql(SCHOOL)
    named = db.execute_sql("SELECT value FROM school_setting WHERE key = 'school_name'").fetchone()
    db.execute_sql("INSERT INTO school (id, name, urn) VALUES (1, ?, '')", (named[0].strip() if named else "",))
    issued = dict(db.execute_sql("SELECT name, seq FROM sqlite_sequence").fetchall())
    tables = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    for table, sql in tables:
        if table in OWN:
            continue
        rest = ", ".join(f'"{name}"' for name in _columns(db, table)[1:])
        rebuild_table(db, table, with_school(sql), copy=f'"id", 1{", " + rest if rest else ""}')
    rebuild_table(db, "school_setting", SCHOOL_SETTING, copy="NULL, 1, *")
    # SQLite's count of the ids handed out goes with each old table: keep it, so the id of
    # a row deleted from the end (an erased pupil's) is still never handed out again.
    for table, seq in issued.items():
        db.execute_sql("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", (seq, table))
    for table, uniques in PER_SCHOOL.items():
        for index, column in uniques:
            db.execute_sql(f'DROP INDEX "{index}"')
            db.execute_sql(f'CREATE UNIQUE INDEX "{table}_school_id_{column}" ON "{table}" ("school_id", "{column}")')
    db.execute_sql('CREATE UNIQUE INDEX "school_setting_school_id_key" ON "school_setting" ("school_id", "key")')


def server(db: peewee.Database) -> None:
    """Version 10 on PostgreSQL (inside the upgrade's transaction): the same, in place."""
    from amtui.db import trust

    db.execute_sql('CREATE TABLE "school" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, '
                   '"urn" VARCHAR(255) NOT NULL)')
    db.execute_sql("INSERT INTO school (name, urn) SELECT COALESCE((SELECT btrim(value) FROM school_setting "
                   "WHERE key = 'school_name'), ''), ''")
    trust.use_school(db, 1)  # the upgrade's own audit entry belongs to it
    db.execute_sql(trust.CHOSEN)
    for table in db.get_tables():
        if table in ("db_info", "seal", "school", "server_audit"):
            continue
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "school_id" INTEGER NOT NULL DEFAULT 1 '
                       'REFERENCES "school" ("id")')
        db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "school_id" SET DEFAULT '
                       "COALESCE(NULLIF(current_setting('amtui.school', true), '')::int, amtui_chosen())")
    db.execute_sql('ALTER TABLE "school_setting" DROP CONSTRAINT "school_setting_pkey"')
    db.execute_sql('ALTER TABLE "school_setting" ADD COLUMN "id" SERIAL PRIMARY KEY')
    for table, uniques in PER_SCHOOL.items():
        for index, column in uniques:
            db.execute_sql(f'DROP INDEX "{index}"')
            db.execute_sql(f'CREATE UNIQUE INDEX "{table}_school_id_{column}" ON "{table}" ("school_id", "{column}")')
    db.execute_sql('CREATE UNIQUE INDEX "school_setting_school_id_key" ON "school_setting" ("school_id", "key")')
