"""The tamper-evident audit trail: each entry's hash covers the one before it.

An entry's hash is sha256 over the previous entry's hash and a canonical serialisation
of the entry (id, at, login, action, entity, entity_id, pupil, detail) and of the
criterion marks written since the previous entry: ``marks_to`` (the newest mark id
covered) and ``marks_hash`` (a digest of those mark rows), and of the state of every
other table after the change: ``state_hash`` (``amtui.db.seal``; entries written before
seals have "" there, and their hash is computed as it was then). So an edit made outside
amtui, with any SQLite tool, to an audit entry or to a criterion mark no longer matches,
a deleted entry breaks the chain, and a deleted newest entry shows against the newest
hash recorded outside the file (syslog, backup manifests) or SQLite's own count of the
ids it handed out. Someone who rewrites the whole chain is caught only by those outside
records.

Written in raw SQL on named columns, so the schema step that starts the chain and the
live code hash exactly the same values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import peewee

MARK_COLUMNS = ("id", "pupil_id", "criterion_id", "half_term_id", "code", "staff_id", "recorded_at", "source")
ENTRY_COLUMNS = ("id", "at", "login", "action", "entity", "entity_id", "pupil_id", "detail",
                 "marks_to", "marks_hash", "prev_hash", "hash", "state_hash")


class Link(NamedTuple):
    """One stored audit entry, as the chain sees it."""

    id: int
    at: str
    login: str
    action: str
    entity: str
    entity_id: str
    pupil_id: int | None
    detail: str
    marks_to: int
    marks_hash: str
    prev_hash: str
    hash: str
    state_hash: str

    @property
    def what(self) -> str:
        return f"entry {self.id} ({self.at}, {self.login}: {self.action})"


def canonical(value: Any) -> Any:
    """Values as text the same way on every database (a datetime as SQLite stores it)."""
    if isinstance(value, dt.datetime):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def entry_hash(prev_hash: str, entry_id: int, at: Any, login: str, action: str, entity: str,
               entity_id: str, pupil_id: int | None, detail: str, marks_to: int, marks_hash: str,
               state_hash: str = "") -> str:
    """The hash of one entry chained to the one before (the seals' state only when there is one,
    so entries written before seals keep their hash)."""
    fields = [entry_id, canonical(at), login, action, entity, entity_id, pupil_id, detail, marks_to, marks_hash]
    body = json.dumps(fields + [state_hash] if state_hash else fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def link_hash(link: Link, prev_hash: str, marks_hash: str | None = None) -> str:
    return entry_hash(prev_hash, link.id, link.at, link.login, link.action, link.entity, link.entity_id,
                      link.pupil_id, link.detail, link.marks_to,
                      link.marks_hash if marks_hash is None else marks_hash, link.state_hash)


def marks_digest(rows: Iterable[Sequence[Any]]) -> str:
    """A digest of criterion mark rows (in id order); "" when there are none."""
    digest, any_rows = hashlib.sha256(), False
    for row in rows:
        any_rows = True
        digest.update(json.dumps([canonical(v) for v in row], ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8") + b"\n")
    return digest.hexdigest() if any_rows else ""


def placeholders(db: peewee.Database, text: str) -> str:
    """SQL written with SQLite's ``?`` placeholders, for ``db`` (PostgreSQL's are ``%s``)."""
    return text if db.param == "?" else text.replace("?", db.param)


MARK_LINE = " || '|' || ".join(f"quote({column})" for column in MARK_COLUMNS)
"""On SQLite each mark row becomes one line of text in SQL (quote() makes it unambiguous):
a 468,000-mark import is hashed in a second or two rather than ten."""


def marks_between(db: peewee.Database, after: int, upto: int) -> str:
    """The digest of the criterion marks with ``after < id <= upto``."""
    if isinstance(db, peewee.SqliteDatabase):
        cursor = db.execute_sql(f"SELECT {MARK_LINE} FROM criterion_mark WHERE id > ? AND id <= ? ORDER BY id",
                                (after, upto))
        digest, any_rows = hashlib.sha256(), False
        while rows := cursor.fetchmany(4096):
            digest.update(("\n".join(line for (line,) in rows) + "\n").encode("utf-8"))
            any_rows = True
        return digest.hexdigest() if any_rows else ""
    cursor = db.execute_sql(placeholders(db, f"SELECT {', '.join(MARK_COLUMNS)} FROM criterion_mark "
                                     "WHERE id > ? AND id <= ? ORDER BY id"), (after, upto))
    return marks_digest(cursor)


def newest_mark(db: peewee.Database) -> int:
    return db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM criterion_mark").fetchone()[0]


def issued_ids(db: peewee.Database) -> int:
    """The largest audit entry id SQLite ever handed out (AUTOINCREMENT never reuses one)."""
    row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'audit_entry'").fetchone()
    return row[0] if row else 0


SERVER_START = ("SELECT h.id, h.hash, h.marks_to, (SELECT COALESCE(MAX(id), 0) FROM criterion_mark), "
                "nextval(pg_get_serial_sequence('audit_entry', 'id')) FROM (SELECT 1) AS one "
                "LEFT JOIN (SELECT id, hash, marks_to FROM audit_entry ORDER BY id DESC LIMIT 1) AS h ON true")
"""On a server, ``start``'s reads in one statement: a round trip each was three for every save."""


class Start(NamedTuple):
    """What a new entry chains onto: the newest entry's id, hash and ``marks_to`` (0, "", 0
    before the first), the newest criterion mark's id, and the new entry's own id."""

    last_id: int
    prev_hash: str
    prev_to: int
    newest_mark: int
    entry_id: int


def start(db: peewee.Database) -> Start:
    """Read what a new entry chains onto (inside the write that adds it). On a server one
    statement: the head, the newest mark and an id from the entries' sequence, which never
    reuses one. On SQLite the next id after the newest and after every id SQLite handed out."""
    if isinstance(db, peewee.PostgresqlDatabase):
        last_id, prev_hash, prev_to, newest, entry_id = db.execute_sql(SERVER_START).fetchone()
        if last_id is None:
            return Start(0, "", 0, newest, entry_id)
        return Start(last_id, prev_hash, prev_to, newest, entry_id)
    last_id, prev_hash, prev_to = head(db)
    return Start(last_id, prev_hash, prev_to, newest_mark(db), max(last_id, issued_ids(db)) + 1)


def head(db: peewee.Database) -> tuple[int, str, int]:
    """(id, hash, marks_to) of the newest entry; (0, "", 0) before the first."""
    row = db.execute_sql("SELECT id, hash, marks_to FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1], row[2]) if row else (0, "", 0)


def links(db: peewee.Database, from_id: int = 0) -> list[Link]:
    cursor = db.execute_sql(placeholders(db, f"SELECT {', '.join(ENTRY_COLUMNS)} FROM audit_entry "
                                     "WHERE id >= ? ORDER BY id"), (from_id,))
    return [Link(*(canonical(v) for v in row)) for row in cursor]


def rechain(db: peewee.Database, from_id: int) -> int:
    """Recompute marks digests and hashes from entry ``from_id`` on (after an erasure has
    removed rows); returns how many entries were rewritten. Call inside the transaction."""
    before = db.execute_sql(placeholders(db, "SELECT hash, marks_to FROM audit_entry WHERE id < ? "
                                     "ORDER BY id DESC LIMIT 1"), (from_id,)).fetchone()
    prev_hash, prev_to = before if before else ("", 0)
    count = 0
    for link in links(db, from_id):
        marks = marks_between(db, prev_to, link.marks_to) if link.marks_to > prev_to else ""
        new_hash = link_hash(link, prev_hash, marks)
        db.execute_sql(placeholders(db, "UPDATE audit_entry SET prev_hash = ?, marks_hash = ?, hash = ? WHERE id = ?"),
                       (prev_hash, marks, new_hash, link.id))
        prev_hash, prev_to, count = new_hash, max(prev_to, link.marks_to), count + 1
    return count


def first_entry_covering_mark(db: peewee.Database, mark_id: int) -> int | None:
    """The id of the entry whose marks digest covers the mark ``mark_id``."""
    row = db.execute_sql(placeholders(db, "SELECT MIN(id) FROM audit_entry WHERE marks_to >= ?"), (mark_id,)).fetchone()
    return row[0] if row else None
