"""The audit trail: every change says who made it and when, in the same transaction.

Each entry is chained to the one before (``amtui.db.chain``) and records the state of
every table's seal after its change (``amtui.db.seal``): as they are when the transaction
commits, even when a row changes after the entry was written (``settle``). The newest entry is read
inside the write transaction; every write starts with ``BEGIN IMMEDIATE``, which lets
one writer in at a time, so two sessions never chain onto the same entry.
"""

from __future__ import annotations

import json
import threading
from typing import Any, NamedTuple

import peewee

from amtui.db import anchor, chain, seal
from amtui.db.connection import BEFORE_COMMIT, database
from amtui.db.models import Meeting, now
from amtui.domain.audit_subject import split_by_pupil


def _meeting_pupil(meeting_id: int) -> int | None:
    row = Meeting.select(Meeting.pupil).where(Meeting.id == meeting_id).tuples().first()
    return row[0] if row else None


def audit(login: str, action: str, entity: str = "", entity_id: Any = "", *, meeting_pupil: int | None = None,
          **detail: Any) -> None:
    """Record one change. Call it inside the write transaction that makes the change.

    A change to several pupils' records is written as one entry per pupil. ``meeting_pupil``:
    the pupil of the meeting changed, when the caller has read its row (not read again).
    """
    pupil_of = _meeting_pupil if meeting_pupil is None else lambda _: meeting_pupil
    for pupil, mine in split_by_pupil(action, entity, entity_id, detail, pupil_of):
        append(login, action, entity, str(entity_id), pupil,
               json.dumps(mine, default=str, ensure_ascii=False) if mine else "")


INSERT = ("INSERT INTO audit_entry (id, at, login, action, entity, entity_id, detail, pupil_id, prev_hash, "
          "hash, marks_to, marks_hash, state_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def append(login: str, action: str, entity: str, entity_id: str, pupil: int | None, detail: str,
           db: peewee.Database | None = None) -> int:
    """Add one chained entry; returns its id. ``db``: the database being upgraded, before
    the models are bound to it (default: the bound one)."""
    db = db or database.obj
    _, prev_hash, prev_to, newest_mark, entry_id = chain.start(db)  # one statement on a server
    marks_to = max(prev_to, newest_mark)
    marks_hash = chain.marks_between(db, prev_to, marks_to) if marks_to > prev_to else ""
    at = str(now())
    state = seal.state(db)  # the hash goes in with the row (no update)
    digest = chain.entry_hash(prev_hash, entry_id, at, login, action, entity, entity_id, pupil, detail,
                              marks_to, marks_hash, state)
    db.execute_sql(chain.placeholders(db, INSERT), (entry_id, at, login, action, entity, entity_id, detail,
                                                    pupil, prev_hash, digest, marks_to, marks_hash, state))
    _newest.entry = Written(entry_id, digest, seal.changes(), (prev_hash, entry_id, at, login, action,
                                                                entity, entity_id, pupil, detail,
                                                                marks_to, marks_hash))
    anchor.note(db, entry_id, digest)
    return entry_id


class Written(NamedTuple):
    """The newest entry this thread wrote, and how many row changes the seals had seen then."""

    id: int
    hash: str
    changes: int
    fields: tuple
    """What its hash covers, but the state of the seals."""


_newest = threading.local()


def settle(db: peewee.Database) -> None:
    """Just before a write transaction commits: if rows changed after its newest entry was
    written (an entry written before the change it records), that entry records the
    seals as they are now. Nothing chains on it yet: it is the newest, and the write lock
    is held. Costs nothing when no row changed after it (a mark's save)."""
    written, _newest.entry = getattr(_newest, "entry", None), None
    if written is None or written.changes == seal.changes():
        return
    head = db.execute_sql("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    if head is None or tuple(head) != (written.id, written.hash):
        return  # written in a transaction that was rolled back
    state = seal.state(db)
    digest = chain.entry_hash(*written.fields, state)
    db.execute_sql(chain.placeholders(db, "UPDATE audit_entry SET state_hash = ?, hash = ? WHERE id = ?"),
                   (state, digest, written.id))
    anchor.note(db, written.id, digest)


BEFORE_COMMIT.append(settle)
