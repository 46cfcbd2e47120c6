"""Version 6: a pupil's class and year group per academic year, with dates.

* A new table ``class_membership``: one row per pupil, academic year and stretch of time in
  a class (``start`` none: from the beginning of the year; ``end`` none: to its end; a move
  during the year ends one row the day the next starts).
* Every pupil's class and year group as they stand move into it: a pupil in a class gets a
  row for that class's academic year; a pupil on roll with no class a row (no class) for the
  newest academic year in the file. Leavers archived before this step kept no class and
  get none. ``pupil.school_class_id`` and ``pupil.year_group`` stay, as the newest row.
"""

from __future__ import annotations

import peewee

TABLE = (
    'CREATE TABLE "class_membership" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"pupil_id" INTEGER NOT NULL, "academic_year_id" INTEGER NOT NULL, "school_class_id" INTEGER, '
    '"year_group" INTEGER NOT NULL, "start" DATE, "end" DATE, '
    'FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("academic_year_id") REFERENCES "academic_year" ("id"), '
    'FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE SET NULL)'
)
INDEXES = (
    'CREATE INDEX "class_membership_pupil_id" ON "class_membership" ("pupil_id")',
    'CREATE INDEX "class_membership_academic_year_id" ON "class_membership" ("academic_year_id")',
    'CREATE INDEX "class_membership_school_class_id" ON "class_membership" ("school_class_id")',
    'CREATE INDEX "class_membership_pupil_id_academic_year_id" ON "class_membership" '
    '("pupil_id", "academic_year_id")',
)


def run(db: peewee.Database) -> None:
    """Apply version 6 (inside the upgrade's transaction)."""
    db.execute_sql(TABLE)
    for sql in INDEXES:
        db.execute_sql(sql)
    db.execute_sql(
        'INSERT INTO "class_membership" ("pupil_id", "academic_year_id", "school_class_id", "year_group") '
        'SELECT p."id", c."academic_year_id", p."school_class_id", p."year_group" '
        'FROM "pupil" p JOIN "school_class" c ON c."id" = p."school_class_id" ORDER BY p."id"')
    db.execute_sql(
        'INSERT INTO "class_membership" ("pupil_id", "academic_year_id", "school_class_id", "year_group") '
        'SELECT p."id", y."id", NULL, p."year_group" FROM "pupil" p, '
        '(SELECT "id" FROM "academic_year" ORDER BY "start_year" DESC LIMIT 1) y '
        'WHERE p."school_class_id" IS NULL AND p."left_on" IS NULL ORDER BY p."id"')
