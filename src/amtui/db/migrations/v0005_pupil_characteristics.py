"""Version 5: a pupil's characteristics as the DfE records them.

* ``pupil.sen`` (yes/no) becomes ``sen_status``, the SEN provision code: a pupil with
  SEN becomes K (SEN support), the others N (none); E (an EHC plan) comes from the MIS.
* ``pupil`` gains ``gender`` (as the MIS gives it; blank until then) and
  ``looked_after`` (no until then).

Year groups need nothing: Nursery 1 and 2 are -2 and -1, below Reception's 0.
"""

from __future__ import annotations

import peewee

from amtui.db.migrations.rebuild import rebuild_table

PUPIL = (
    'CREATE TABLE "pupil" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "upn" VARCHAR(255) NOT NULL, '
    '"forename" VARCHAR(255) NOT NULL, "surname" VARCHAR(255) NOT NULL, "dob" DATE, '
    '"year_group" INTEGER NOT NULL, "school_class_id" INTEGER, "sen_status" VARCHAR(255) NOT NULL, '
    '"pupil_premium" INTEGER NOT NULL, "eal" INTEGER NOT NULL, "extra_meetings" INTEGER NOT NULL, '
    '"left_on" DATE, "gender" VARCHAR(255) NOT NULL, "looked_after" INTEGER NOT NULL, '
    'FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE SET NULL)'
)
COPY = ('"id", "upn", "forename", "surname", "dob", "year_group", "school_class_id", '
        "CASE WHEN \"sen\" THEN 'K' ELSE 'N' END, \"pupil_premium\", \"eal\", \"extra_meetings\", "
        "\"left_on\", '', 0")


def run(db: peewee.Database) -> None:
    """Apply version 5 (inside the upgrade's transaction, foreign keys off)."""
    rebuild_table(db, "pupil", PUPIL, copy=COPY)
