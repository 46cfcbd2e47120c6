"""Version 7: a secondary school's teaching groups, and what heads of department and year head.

* ``school_class`` gains ``subject_id`` (last, nullable): a class with a subject is a
  teaching group of it (``10X/Ma2``); a class without one stays a class or tutor group.
  The table is rebuilt so the link is a table constraint, as a fresh file makes it.
* A new table ``group_membership``: a pupil in a teaching group from ``start`` (none: the
  beginning of the group's year) up to the day before ``end`` (none: its end).
* A new table ``staff_remit``: the subject a head of department heads, or the year group
  a head of year heads; one row each.

Every class already in the file is a class (no subject); nobody is in a group yet.
"""

from __future__ import annotations

import peewee

from amtui.db.migrations.rebuild import rebuild_table

SCHOOL_CLASS = (
    'CREATE TABLE "school_class" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"name" VARCHAR(255) NOT NULL, "year_group" INTEGER NOT NULL, "academic_year_id" INTEGER NOT NULL, '
    '"subject_id" INTEGER, FOREIGN KEY ("academic_year_id") REFERENCES "academic_year" ("id"), '
    'FOREIGN KEY ("subject_id") REFERENCES "subject" ("id") ON DELETE SET NULL)'
)
GROUP_MEMBERSHIP = (
    'CREATE TABLE "group_membership" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"pupil_id" INTEGER NOT NULL, "group_id" INTEGER NOT NULL, "start" DATE, "end" DATE, '
    'FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("group_id") REFERENCES "school_class" ("id") ON DELETE CASCADE)'
)
STAFF_REMIT = (
    'CREATE TABLE "staff_remit" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"staff_id" INTEGER NOT NULL, "subject_id" INTEGER, "year_group" INTEGER, '
    'FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("subject_id") REFERENCES "subject" ("id") ON DELETE CASCADE)'
)
INDEXES = (
    'CREATE INDEX "school_class_subject_id" ON "school_class" ("subject_id")',
    'CREATE INDEX "group_membership_pupil_id" ON "group_membership" ("pupil_id")',
    'CREATE INDEX "group_membership_group_id" ON "group_membership" ("group_id")',
    'CREATE INDEX "group_membership_pupil_id_group_id" ON "group_membership" ("pupil_id", "group_id")',
    'CREATE INDEX "staff_remit_staff_id" ON "staff_remit" ("staff_id")',
    'CREATE INDEX "staff_remit_subject_id" ON "staff_remit" ("subject_id")',
)


def run(db: peewee.Database) -> None:
    """Apply version 7 (inside the upgrade's transaction, foreign keys off)."""
    rebuild_table(db, "school_class", SCHOOL_CLASS, copy="*, NULL")
    db.execute_sql(GROUP_MEMBERSHIP)
    db.execute_sql(STAFF_REMIT)
    for sql in INDEXES:
        db.execute_sql(sql)
