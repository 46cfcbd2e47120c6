"""Row seals: an edit made outside amtui to any table, not only to marks, is found.

The audit chain (``amtui.db.chain``) covers the audit entries and the criterion marks.
Every other table (a "governed" table: targets, staff and their roles, weekly scores,
settings, meetings ...) has a seal: one row of the ``seal`` table holding an
order-independent digest of all its rows, the sum modulo 2**256 of sha256 over each
row's text (every column through SQLite's ``quote()``, in column order, as
``chain.MARK_LINE`` does for marks).

SQLite triggers (after insert, update and delete) on every governed table keep the total
up to date by calling ``amtui_seal(total, old_text, new_text)``, a function amtui
registers on each connection it opens (``register``). So:

* a change made through amtui updates the seal in the same transaction, and the audit
  entry written with it records the state of every seal (``state``);
* a change made with the ``sqlite3`` shell, or any program without that function, fails
  with "no such function: amtui_seal". That is a first line only: anyone can drop the
  triggers, or register a function of that name;
* rows edited with the triggers dropped no longer add up to their seal, a seal
  rewritten by hand no longer matches the state the newest audit entry recorded, and
  a dropped or altered trigger differs from what ``install`` makes: ``amtui audit
  verify`` reports each (``check``).

Someone who rewrites the rows, the seals and the whole audit chain consistently is found
only by the newest hash recorded outside the file (syslog, backup manifests).

``install`` is the one place that makes the triggers: ``migrations.upgrade`` calls it
after any step, so a step that adds a table or a column needs to do nothing about seals.
Seals are kept on SQLite only; on another database ``state`` is "", and ``install`` makes
what guards a server database instead (``amtui.db.server_audit``).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterable

import peewee

FUNCTION = "amtui_seal"
MODULUS = 2**256
ZERO = "0" * 64
UNGOVERNED = frozenset({"audit_entry", "criterion_mark", "seal"})
"""Chained by the audit trail itself (entries, marks), and the seals themselves."""
ACTIONS = ("insert", "update", "delete")


def _value(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


_seen = threading.local()


def changes() -> int:
    """How many row changes the triggers have sealed on this thread so far (a counter: the
    audit trail compares it before and after, ``amtui.db.audit.settle``)."""
    return getattr(_seen, "count", 0)


def step(total: str | None, old_text: str | None, new_text: str | None) -> str:
    """A seal's total with one row's old text taken out and its new text put in (SQL's
    ``amtui_seal``); NULL for "no old row" (an insert) or "no new row" (a delete)."""
    _seen.count = changes() + 1
    value = int(total or ZERO, 16)
    if old_text is not None:
        value -= _value(old_text)
    if new_text is not None:
        value += _value(new_text)
    return f"{value % MODULUS:064x}"


def register(db: peewee.Database) -> None:
    """Make ``amtui_seal`` known on every connection ``db`` opens (SQLite only)."""
    if isinstance(db, peewee.SqliteDatabase):
        db.register_function(step, FUNCTION, 3, deterministic=True)


def register_sqlite3(conn: sqlite3.Connection) -> None:
    """The same for a raw ``sqlite3`` connection amtui opens to write (with recursive
    triggers, as on amtui's own: a REPLACE then fires the delete trigger of the row it
    removes)."""
    conn.create_function(FUNCTION, 3, step, deterministic=True)
    conn.execute("PRAGMA recursive_triggers = ON")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def governed(db: peewee.Database) -> list[str]:
    """The tables sealed: every table but the chained ones, the seals and SQLite's own."""
    rows = db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    return [name for (name,) in rows if name not in UNGOVERNED]


def columns(db: peewee.Database, table: str) -> list[str]:
    return [row[1] for row in db.execute_sql(f"PRAGMA table_info({_quoted(table)})").fetchall()]


def row_text(names: Iterable[str], prefix: str = "") -> str:
    """SQL for one row's text: ``quote(c1) || '|' || quote(c2) ...`` (``prefix`` NEW. or OLD.)."""
    return " || '|' || ".join(f"quote({prefix}{_quoted(name)})" for name in names)


def trigger_name(table: str, action: str) -> str:
    return f"seal_{table}_{action}"


def triggers_for(table: str, names: list[str]) -> dict[str, str]:
    """The CREATE TRIGGER statements that keep ``table``'s seal, by trigger name."""
    old, new = row_text(names, "OLD."), row_text(names, "NEW.")
    literal = table.replace("'", "''")
    texts = {"insert": ("NULL", new), "update": (old, new), "delete": (old, "NULL")}
    made = {}
    for action in ACTIONS:
        before, after = texts[action]
        name = trigger_name(table, action)
        made[name] = (f"CREATE TRIGGER {_quoted(name)} AFTER {action.upper()} ON {_quoted(table)} "
                      f"BEGIN UPDATE seal SET total = {FUNCTION}(total, {before}, {after}) "
                      f"WHERE name = '{literal}'; END")
    return made


def expected_triggers(db: peewee.Database) -> dict[str, tuple[str, str]]:
    """Every trigger ``install`` makes: name -> (table, SQL)."""
    found = {}
    for table in governed(db):
        for name, sql in triggers_for(table, columns(db, table)).items():
            found[name] = (table, sql)
    return found


def existing_triggers(db: peewee.Database) -> dict[str, tuple[str, str]]:
    rows = db.execute_sql("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    return {name: (table, sql or "") for name, table, sql in rows}


def computed_total(db: peewee.Database, table: str) -> str:
    """A table's total from its rows as they are now."""
    value = 0
    cursor = db.execute_sql(f"SELECT {row_text(columns(db, table))} FROM {_quoted(table)}")
    while rows := cursor.fetchmany(4096):
        for (text,) in rows:
            value += _value(text)
    return f"{value % MODULUS:064x}"


def stored_totals(db: peewee.Database) -> dict[str, str]:
    return dict(db.execute_sql("SELECT name, total FROM seal").fetchall())


def state(db: peewee.Database) -> str:
    """sha256 over every (table, total) pair in name order, one "name total" line each;
    "" where there are no seals (another database than SQLite). Every audit entry pays for
    this, a mark's save on every keystroke: one small query, one hash."""
    if not isinstance(db, peewee.SqliteDatabase):
        return ""
    rows = db.execute_sql("SELECT name, total FROM seal ORDER BY name").fetchall()
    body = "".join(f"{name} {total}\n" for name, total in rows)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def install(db: peewee.Database) -> list[str]:
    """Drop and make again every seal trigger, and compute every seal afresh from the rows.
    Call inside the transaction of the upgrade that needs it (it rewrites the seals, so
    the caller audits it); returns the governed tables. On PostgreSQL: the server's own
    audit log and append-only guards instead (``amtui.db.server_audit``)."""
    if isinstance(db, peewee.PostgresqlDatabase):
        from amtui.db import server_audit  # a server database only

        return server_audit.install(db)
    if not isinstance(db, peewee.SqliteDatabase):
        return []
    for name in existing_triggers(db):
        if name.startswith("seal_"):
            db.execute_sql(f"DROP TRIGGER {_quoted(name)}")
    tables = governed(db)
    db.execute_sql("DELETE FROM seal")
    for table in tables:
        db.execute_sql("INSERT INTO seal (name, total) VALUES (?, ?)", (table, computed_total(db, table)))
        for sql in triggers_for(table, columns(db, table)).values():
            db.execute_sql(sql)
    return tables


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


def check(db: peewee.Database, newest_state: str) -> list[str]:
    """What does not match: tables whose rows no longer add up to their seal, seals that
    do not match the state the newest audit entry recorded, triggers missing or altered.
    Call inside one read transaction, so that a save made meanwhile is seen whole or not."""
    problems = []
    stored = stored_totals(db)
    for table in governed(db):
        if table not in stored:
            problems.append(f"Table {table} has no seal: its seal was deleted outside amtui.")
        elif computed_total(db, table) != stored[table]:
            problems.append(f"Table {table} was changed outside amtui: its rows no longer match its "
                            "seal (rows were added, changed or deleted with another program).")
    for name in sorted(set(stored) - set(governed(db))):
        problems.append(f"The seal of {name} names no table that amtui seals: it was added outside amtui.")
    if newest_state and state(db) != newest_state:
        problems.append("The seals do not match the state recorded by the newest audit entry: they were "
                        "rewritten outside amtui, or rows were changed by a program that kept them up to date.")
    elif not newest_state:
        problems.append("The newest audit entry records no state of the seals: it was written outside amtui.")
    expected, existing = expected_triggers(db), existing_triggers(db)
    for name, (table, sql) in sorted(expected.items()):
        if name not in existing:
            problems.append(f"Trigger {name} on table {table} is missing: it was dropped outside amtui, so "
                            f"changes to {table} went unsealed.")
        elif not _same(existing[name][1], sql):
            problems.append(f"Trigger {name} on table {table} was altered outside amtui.")
    for name in sorted(set(existing) - set(expected)):
        problems.append(f"Trigger {name} on table {existing[name][0]} is not amtui's: it was added "
                        "outside amtui.")
    return problems
