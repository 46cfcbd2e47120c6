"""Version 8: progress returns, a secondary school's data collection points.

* A new table ``return_window``: one return for one year group in an academic year (its
  name, such as ``Y11 October``; AOB, projected or final; coursework too or not; opens,
  due).
* ``progress_return`` is made afresh: a teacher's return for a pupil and subject in one
  window (A/O/B or a projected grade, a coursework grade, who and when, the head of
  department's approval or query). The version 1 table it replaces was never written by
  any amtui (nothing used it), so it is dropped empty.
"""

from __future__ import annotations

import peewee

RETURN_WINDOW = (
    'CREATE TABLE "return_window" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"academic_year_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, '
    '"year_group" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "coursework" INTEGER NOT NULL, '
    '"opens" DATE NOT NULL, "due" DATE NOT NULL, FOREIGN KEY ("academic_year_id") '
    'REFERENCES "academic_year" ("id") ON DELETE CASCADE)'
)
PROGRESS_RETURN = (
    'CREATE TABLE "progress_return" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"window_id" INTEGER NOT NULL, "pupil_id" INTEGER NOT NULL, "subject_id" INTEGER NOT NULL, '
    '"staff_id" INTEGER, "entered_at" DATETIME NOT NULL, "aob" VARCHAR(255) NOT NULL, '
    '"projected" VARCHAR(255) NOT NULL, "coursework" VARCHAR(255) NOT NULL, '
    '"checked_by_id" INTEGER, "checked_at" DATETIME, "query" TEXT NOT NULL, '
    '"queried_by_id" INTEGER, "queried_at" DATETIME, '
    'FOREIGN KEY ("window_id") REFERENCES "return_window" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("subject_id") REFERENCES "subject" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE SET NULL, '
    'FOREIGN KEY ("checked_by_id") REFERENCES "staff" ("id") ON DELETE SET NULL, '
    'FOREIGN KEY ("queried_by_id") REFERENCES "staff" ("id") ON DELETE SET NULL)'
)
INDEXES = (
    'CREATE INDEX "return_window_academic_year_id" ON "return_window" ("academic_year_id")',
    'CREATE UNIQUE INDEX "return_window_academic_year_id_name" ON "return_window" '
    '("academic_year_id", "name")',
    'CREATE INDEX "progress_return_window_id" ON "progress_return" ("window_id")',
    'CREATE INDEX "progress_return_pupil_id" ON "progress_return" ("pupil_id")',
    'CREATE INDEX "progress_return_subject_id" ON "progress_return" ("subject_id")',
    'CREATE INDEX "progress_return_staff_id" ON "progress_return" ("staff_id")',
    'CREATE INDEX "progress_return_checked_by_id" ON "progress_return" ("checked_by_id")',
    'CREATE INDEX "progress_return_queried_by_id" ON "progress_return" ("queried_by_id")',
    'CREATE UNIQUE INDEX "progress_return_window_id_pupil_id_subject_id" ON "progress_return" '
    '("window_id", "pupil_id", "subject_id")',
    'CREATE INDEX "progress_return_pupil_id_subject_id" ON "progress_return" ("pupil_id", "subject_id")',
)


def run(db: peewee.Database) -> None:
    """Apply version 8 (inside the upgrade's transaction)."""
    (rows,) = db.execute_sql('SELECT COUNT(*) FROM "progress_return"').fetchone()
    if rows:
        raise RuntimeError("progress_return holds rows no amtui wrote; it is left as it is")
    db.execute_sql('DROP TABLE "progress_return"')
    db.execute_sql(RETURN_WINDOW)
    db.execute_sql(PROGRESS_RETURN)
    for sql in INDEXES:
        db.execute_sql(sql)
