"""Version 2: ids are never reused, and the audit trail names its pupil and is chained.

* Every table with an integer id is rebuilt with ``AUTOINCREMENT``, so the id of an
  erased pupil (or of any deleted row holding pupil data) is never handed out again.
* ``audit_entry`` gains ``pupil`` (the pupil the entry is about), ``prev_hash``,
  ``hash``, ``marks_to`` and ``marks_hash`` (see ``amtui.db.chain``). Existing entries
  get their pupil from what they name; an entry about several pupils' codes becomes one
  entry per pupil (entries are renumbered in their order: nothing refers to their ids
  yet). The chain is computed over them in order, and a last entry, ``audit.chain``,
  covers every criterion mark already in the file.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import peewee

from amtui.db import chain
from amtui.db.migrations.rebuild import rebuild_table, tables_with_integer_ids
from amtui.domain.audit_subject import split_by_pupil

AUDIT_ENTRY = (
    'CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "at" DATETIME NOT NULL, '
    '"login" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, "entity" VARCHAR(255) NOT NULL, '
    '"entity_id" VARCHAR(255) NOT NULL, "detail" TEXT NOT NULL, "pupil_id" INTEGER, '
    '"prev_hash" VARCHAR(255) NOT NULL, "hash" VARCHAR(255) NOT NULL, "marks_to" INTEGER NOT NULL, '
    '"marks_hash" VARCHAR(255) NOT NULL, FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE SET NULL)'
)
AUDIT_INDEXES = (
    'CREATE INDEX "audit_entry_at" ON "audit_entry" ("at")',
    'CREATE INDEX "audit_entry_pupil_id" ON "audit_entry" ("pupil_id")',
)
ID_COLUMN = '"id" INTEGER NOT NULL PRIMARY KEY'


def run(db: peewee.Database) -> None:
    """Apply version 2 (inside the upgrade's transaction, foreign keys off)."""
    for table, sql in tables_with_integer_ids(db):
        if table != "audit_entry":
            rebuild_table(db, table, sql.replace(ID_COLUMN, ID_COLUMN + " AUTOINCREMENT", 1))
    old = db.execute_sql("SELECT at, login, action, entity, entity_id, detail FROM audit_entry ORDER BY id").fetchall()
    db.execute_sql("DROP TABLE audit_entry")
    db.execute_sql(AUDIT_ENTRY)
    for index in AUDIT_INDEXES:
        db.execute_sql(index)
    _copy_entries(db, old)


def _detail(text: str) -> dict[str, Any] | None:
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _entries(db: peewee.Database, old: list[tuple]) -> list[tuple]:
    """Old rows as (at, login, action, entity, entity_id, pupil_id, detail), one per pupil."""
    pupils = {row[0] for row in db.execute_sql("SELECT id FROM pupil")}
    meetings = dict(db.execute_sql("SELECT id, pupil_id FROM meeting").fetchall())
    found = []
    for at, login, action, entity, entity_id, text in old:
        detail = _detail(text)
        if detail is None:  # not written by audit(): keep it as it is
            found.append((at, login, action, entity, entity_id, None, text))
            continue
        for pupil, mine in split_by_pupil(action, entity, entity_id, detail, meetings.get):
            mine_text = text if mine == detail else json.dumps(mine, default=str, ensure_ascii=False)
            found.append((at, login, action, entity, entity_id, pupil if pupil in pupils else None, mine_text))
    return found


def _copy_entries(db: peewee.Database, old: list[tuple]) -> None:
    entries = _entries(db, old)
    marks = chain.newest_mark(db)
    if entries or marks:
        at = str(dt.datetime.now().replace(microsecond=0))
        entries.append((at, "amtui", "audit.chain", "", "", None,
                        json.dumps({"entries": len(entries), "marks": marks})))
    prev_hash = ""
    for number, (at, login, action, entity, entity_id, pupil, detail) in enumerate(entries, start=1):
        last = number == len(entries)
        marks_to = marks if last else 0
        marks_hash = chain.marks_between(db, 0, marks) if last and marks else ""
        digest = chain.entry_hash(prev_hash, number, at, login, action, entity, entity_id, pupil, detail,
                                  marks_to, marks_hash)
        db.execute_sql(
            "INSERT INTO audit_entry (id, at, login, action, entity, entity_id, detail, pupil_id, prev_hash, "
            "hash, marks_to, marks_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, at, login, action, entity, entity_id, detail, pupil, prev_hash, digest, marks_to, marks_hash))
        prev_hash = digest
