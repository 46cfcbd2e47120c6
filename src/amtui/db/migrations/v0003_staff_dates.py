"""Staff come and go: a leaver's date, and who teaches a class from when to when.

* ``staff`` gains ``left_on``: the day a leaver was deactivated (their history stays).
* ``class_staff`` gains ``start`` and ``end``: a link is open on the days from its start
  (none: from the beginning) up to the day before its end (none: still open). The index on
  (class, member of staff) is no longer unique, so a teacher who comes back to a class
  gets a new link and the old one keeps its dates. Links already in the file stay open.
"""

from __future__ import annotations

import peewee


def run(db: peewee.Database) -> None:
    """Apply the step (inside the upgrade's transaction)."""
    db.execute_sql('ALTER TABLE "staff" ADD COLUMN "left_on" DATE')
    db.execute_sql('ALTER TABLE "class_staff" ADD COLUMN "start" DATE')
    db.execute_sql('ALTER TABLE "class_staff" ADD COLUMN "end" DATE')
    db.execute_sql('DROP INDEX "class_staff_school_class_id_staff_id"')
    db.execute_sql('CREATE INDEX "class_staff_school_class_id_staff_id" ON "class_staff" '
                   '("school_class_id", "staff_id")')
