"""Version 15: a school's name is its row's alone (``school.name``).

Until now the name lived twice: the school's row, which a trust's list of schools reads
(named once, by ``amtui init`` or ``trust add-school``), and the ``school_name`` setting,
which the settings screen changed and the app's title and every print read. The two
drifted apart when a school renamed itself. This step copies each school's setting into
its row where the setting holds a name and the row's differs or is empty, then drops the
setting; from here on the settings screen and every reader go through the row.

Which wins: the setting, for it is the name the school last gave itself and has seen on
its screens and prints since; the row's is only the one it was first given. Kept
instead: the row's, when the setting is empty, or when another school of the trust
already bears the setting's name (a trust's names are one each, as ``init`` and
``trust add-school`` keep them).

On a trust's server the settings are held to each school by the row-level security, so
the step acts in each school in turn (as the tables' owner), then in the school the
session acted in before.
"""

from __future__ import annotations

import peewee

SETTING = "school_name"
RENAMED = (
    "UPDATE school SET name = (SELECT trim(s.value) FROM school_setting s WHERE s.key = '{key}' "
    "AND s.school_id = school.id) "
    "WHERE {where} EXISTS (SELECT 1 FROM school_setting s WHERE s.key = '{key}' AND s.school_id = school.id "
    "AND trim(s.value) <> '' AND trim(s.value) <> school.name AND NOT EXISTS (SELECT 1 FROM school other "
    "WHERE other.id <> school.id AND lower(other.name) = lower(trim(s.value))))"
)
DROPPED = f"DELETE FROM school_setting WHERE key = '{SETTING}'"


def run(db: peewee.Database) -> None:
    """Version 15 on a SQLite file (one school; inside the upgrade's transaction)."""
    db.execute_sql(RENAMED.format(key=SETTING, where=""))
    db.execute_sql(DROPPED)


def server(db: peewee.Database) -> None:
    """Version 15 on PostgreSQL: each school in turn (inside the upgrade's transaction, as
    the tables' owner)."""
    from amtui.db import trust

    was = trust.school_in_use(db)
    try:
        for (school,) in db.execute_sql("SELECT id FROM school ORDER BY id").fetchall():
            trust.use_school(db, school)
            db.execute_sql(RENAMED.format(key=SETTING, where=f"school.id = {int(school)} AND"))
            db.execute_sql(DROPPED)
    finally:
        trust.use_school(db, was)
