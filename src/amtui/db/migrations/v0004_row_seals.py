"""Version 4: row seals, so rows of any table changed outside amtui are found.

* ``audit_entry`` gains ``state_hash`` (the state of every seal after the entry's change);
  the entries already written keep "" there, and their hashes stay as they were.
* the ``seal`` table holds one digest of all the rows of each governed table.

The seals themselves (their totals and the triggers that keep them) are made by
``amtui.db.seal.install``, which the upgrade runs after its last step and audits, as it
does after every later step.
"""

from __future__ import annotations

import peewee

from amtui.db.migrations.rebuild import rebuild_table

AUDIT_ENTRY = (
    'CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "at" DATETIME NOT NULL, '
    '"login" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, "entity" VARCHAR(255) NOT NULL, '
    '"entity_id" VARCHAR(255) NOT NULL, "detail" TEXT NOT NULL, "pupil_id" INTEGER, '
    '"prev_hash" VARCHAR(255) NOT NULL, "hash" VARCHAR(255) NOT NULL, "marks_to" INTEGER NOT NULL, '
    '"marks_hash" VARCHAR(255) NOT NULL, "state_hash" VARCHAR(255) NOT NULL, '
    'FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE SET NULL)'
)
SEAL = 'CREATE TABLE "seal" ("name" VARCHAR(255) NOT NULL PRIMARY KEY, "total" VARCHAR(255) NOT NULL)'


def run(db: peewee.Database) -> None:
    """Apply version 4 (inside the upgrade's transaction, foreign keys off)."""
    issued = db.execute_sql("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence "
                            "WHERE name = 'audit_entry'").fetchone()[0]
    rebuild_table(db, "audit_entry", AUDIT_ENTRY, copy="*, ''")
    # SQLite's count of the ids handed out goes with the old table: keep it, so an entry
    # deleted from the end before this upgrade is still found.
    db.execute_sql("DELETE FROM sqlite_sequence WHERE name = 'audit_entry'")
    if issued:
        db.execute_sql("INSERT INTO sqlite_sequence (name, seq) VALUES ('audit_entry', "
                       "(SELECT MAX(?, COALESCE(MAX(id), 0)) FROM audit_entry))", (issued,))
    db.execute_sql(SEAL)
