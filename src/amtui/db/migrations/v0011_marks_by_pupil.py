"""Version 11: a criterion mark's index on its pupil alone goes.

The (pupil, criterion, half-term) index leads with the pupil, so it serves every read by
pupil the single-column index served (a pupil's file, an erasure's cascade). With both
there, PostgreSQL read a pupil's marks of one bank through the pupil's index and filtered
every other mark of theirs away, instead of taking the one range of the bank's criteria
in the wider index; on a trust's server that was most of one school's monitoring.
"""

from __future__ import annotations

import peewee

DROP = 'DROP INDEX IF EXISTS "criterion_mark_pupil_id"'


def run(db: peewee.Database) -> None:
    """Apply version 11 (inside the upgrade's transaction); PostgreSQL's SQL is the same."""
    db.execute_sql(DROP)
