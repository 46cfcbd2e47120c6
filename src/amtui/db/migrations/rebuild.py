"""Rebuilding a SQLite table with new SQL, the way SQLite's documentation describes.

SQLite cannot change a column in place: a step creates the new table under a temporary
name, copies the rows, drops the old table, renames the new one and recreates its
indexes. The step runs with foreign keys off, and the upgrade runs
``PRAGMA foreign_key_check`` before it commits.
"""

from __future__ import annotations

import peewee


def tables_with_integer_ids(db: peewee.Database) -> list[tuple[str, str]]:
    """(name, CREATE TABLE sql) of every table whose key is an integer ``id``."""
    rows = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    return [(name, sql) for name, sql in rows if '"id" INTEGER NOT NULL PRIMARY KEY' in sql]


def rebuild_table(db: peewee.Database, table: str, new_sql: str, copy: str = "*") -> None:
    """Give ``table`` the definition ``new_sql``, keeping rows and indexes. ``copy``: what
    to select from the old rows (the same columns by default; ``"*, ''"`` for a new text
    column at the end)."""
    indexes = [sql for (sql,) in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY name", (table,))]
    temporary = f"{table}__rebuilt"
    prefix = f'CREATE TABLE "{table}"'
    if not new_sql.startswith(prefix):
        raise ValueError(f"the new SQL for {table} must start with {prefix}")
    db.execute_sql(f'CREATE TABLE "{temporary}"' + new_sql[len(prefix):])
    db.execute_sql(f'INSERT INTO "{temporary}" SELECT {copy} FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')
    db.execute_sql(f'ALTER TABLE "{temporary}" RENAME TO "{table}"')
    for sql in indexes:
        db.execute_sql(sql)
