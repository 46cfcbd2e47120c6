"""Version 9: the mentoring programme's members, referrals that end, parental interviews.

* A new table ``programme_membership``: a pupil on the Assertive Mentoring programme, or
  marked for monitoring by their head of year or department, from ``joined`` (why) to
  ``left`` (why), or ``until`` a day set when they joined (a Year 9 pupil: the end of
  the year).
* ``referral`` gains how it ended: ``outcome``, ``passed_to`` (someone named), ``ended_at``
  and ``ended_by``. The table is rebuilt so the links are table constraints, as a fresh
  file makes them; referrals already in the file keep their status and have no outcome.
* A new table ``parental_interview``: an interview a head of year arranges (the reason,
  arranged on, with whom, the outcome).
"""

from __future__ import annotations

import peewee

from amtui.db.migrations.rebuild import rebuild_table

REFERRAL = (
    'CREATE TABLE "referral" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "pupil_id" INTEGER NOT NULL, '
    '"referred_by_id" INTEGER NOT NULL, "referred_to_id" INTEGER, "reason" TEXT NOT NULL, '
    '"made_at" DATETIME NOT NULL, "status" VARCHAR(255) NOT NULL, "outcome" TEXT NOT NULL, '
    '"passed_to_id" INTEGER, "ended_at" DATETIME, "ended_by_id" INTEGER, '
    'FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("referred_by_id") REFERENCES "staff" ("id"), '
    'FOREIGN KEY ("referred_to_id") REFERENCES "staff" ("id"), '
    'FOREIGN KEY ("passed_to_id") REFERENCES "staff" ("id"), '
    'FOREIGN KEY ("ended_by_id") REFERENCES "staff" ("id"))'
)
PROGRAMME_MEMBERSHIP = (
    'CREATE TABLE "programme_membership" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"pupil_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "joined" DATE NOT NULL, '
    '"join_reason" TEXT NOT NULL, "until" DATE, "left" DATE, "leave_reason" TEXT NOT NULL, '
    '"added_by_id" INTEGER, FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("added_by_id") REFERENCES "staff" ("id") ON DELETE SET NULL)'
)
PARENTAL_INTERVIEW = (
    'CREATE TABLE "parental_interview" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"pupil_id" INTEGER NOT NULL, "reason" TEXT NOT NULL, "arranged_on" DATE, '
    '"with_whom" VARCHAR(255) NOT NULL, "outcome" TEXT NOT NULL, "recorded_by_id" INTEGER, '
    '"recorded_at" DATETIME NOT NULL, FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("recorded_by_id") REFERENCES "staff" ("id") ON DELETE SET NULL)'
)
INDEXES = (
    'CREATE INDEX "referral_passed_to_id" ON "referral" ("passed_to_id")',
    'CREATE INDEX "referral_ended_by_id" ON "referral" ("ended_by_id")',
    'CREATE INDEX "programme_membership_pupil_id" ON "programme_membership" ("pupil_id")',
    'CREATE INDEX "programme_membership_added_by_id" ON "programme_membership" ("added_by_id")',
    'CREATE INDEX "parental_interview_pupil_id" ON "parental_interview" ("pupil_id")',
    'CREATE INDEX "parental_interview_recorded_by_id" ON "parental_interview" ("recorded_by_id")',
)


def run(db: peewee.Database) -> None:
    """Apply version 9 (inside the upgrade's transaction, foreign keys off)."""
    rebuild_table(db, "referral", REFERRAL, copy="*, '', NULL, NULL, NULL")
    db.execute_sql(PROGRAMME_MEMBERSHIP)
    db.execute_sql(PARENTAL_INTERVIEW)
    for sql in INDEXES:
        db.execute_sql(sql)
