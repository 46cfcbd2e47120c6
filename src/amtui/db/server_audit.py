"""On PostgreSQL the school's data is guarded by the server, not by row seals.

A SQLite file can be opened by anyone who can read the network drive, so amtui seals its
rows (``amtui.db.seal``) to find an edit made outside it. A PostgreSQL server decides who
may connect and what each role may do, so there:

* every change to every table is written, by a trigger, into ``server_audit``: when,
  the server role that made it (``session_user``, which no ``SET ROLE`` changes), the
  table, insert / update / delete / truncate, how many rows, and the transaction (so it
  lines up with amtui's own audit entries written in it). The triggers are statement
  triggers over transition tables: an import of 400,000 marks writes one row, not
  400,000;
* ``server_audit`` can be neither updated, deleted nor truncated, by anyone;
  ``audit_entry`` (amtui's chained trail) only by the role that owns the tables (the
  admin's, which an erasure uses to take a leaver's entries out). Staff roles can
  only add to either, and a change made with ``psql`` is recorded like any other;
* when a role named ``amtui_staff`` exists (the admin makes it, and grants it to each
  member of staff's role), it is granted what amtui needs: read and write on the school's
  tables, insert and read on the audit trail, read on ``server_audit``.

``install`` is called where SQLite's seals are made (``seal.install``), at creation.
"""

from __future__ import annotations

import peewee

from amtui.db import trust
from amtui.db.trust import KEPT, LOG, NOT_STAFFS, STAFF_ROLE, quoted

APPEND_ONLY = ("audit_entry", LOG)
EVENTS = {"insert": "NEW TABLE AS changed", "update": "NEW TABLE AS changed", "delete": "OLD TABLE AS changed"}

SCHEMA = f"""-- run with no parameters: each %% is one %
CREATE TABLE IF NOT EXISTS {LOG} (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    db_role TEXT NOT NULL DEFAULT session_user,
    table_name TEXT NOT NULL,
    action TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    txid BIGINT NOT NULL DEFAULT txid_current()
);
CREATE OR REPLACE FUNCTION amtui_server_audit() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE n BIGINT := 0;
BEGIN
    IF TG_OP <> 'TRUNCATE' THEN
        SELECT count(*) INTO n FROM changed;
    END IF;
    IF n > 0 OR TG_OP = 'TRUNCATE' THEN
        INSERT INTO {LOG} (db_role, table_name, action, row_count)
        VALUES (session_user, TG_TABLE_NAME, lower(TG_OP), n);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION amtui_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = '{LOG}' OR session_user <> (
            SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RAISE EXCEPTION 'The %% table can only be added to: %% by %% refused.',
            TG_TABLE_NAME, lower(TG_OP), session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
"""


NEWEST = ("audit_entry", "criterion_mark")
"""Tables whose newest row of the session's school every audited save reads (the audit
trail's head, the newest mark it chains: ``chain.start``): each gets an index on (school,
id). Without it the newest of a school whose rows are not the trust's latest was found
by walking back through every later row of the other schools (half a second for one
school of a trust of four with two million marks)."""


def tables(db: peewee.Database) -> list[str]:
    """Every table of the school but the log itself and the trust's kept figures (derived
    from the school's rows, worked out again whenever those change: not a change to log)."""
    return [name for name in db.get_tables() if name not in (LOG, KEPT)]


def triggers_for(table: str) -> list[str]:
    """The statements that log every change to ``table`` (and, for the audit tables,
    refuse updates and deletes)."""
    q = quoted(table)
    made = [f"DROP TRIGGER IF EXISTS {quoted(f'log_{table}_{event}')} ON {q}"
            for event in (*EVENTS, "truncate")]
    made += [f"CREATE TRIGGER {quoted(f'log_{table}_{event}')} AFTER {event.upper()} ON {q} "
             f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION amtui_server_audit()"
             for event, transition in EVENTS.items()]
    made.append(f"CREATE TRIGGER {quoted(f'log_{table}_truncate')} AFTER TRUNCATE ON {q} "
                "FOR EACH STATEMENT EXECUTE FUNCTION amtui_server_audit()")
    return made


def _append_only(table: str) -> list[str]:
    q = quoted(table)
    return [f"DROP TRIGGER IF EXISTS {quoted(f'append_only_{table}')} ON {q}",
            f"DROP TRIGGER IF EXISTS {quoted(f'append_only_{table}_truncate')} ON {q}",
            f"CREATE TRIGGER {quoted(f'append_only_{table}')} BEFORE UPDATE OR DELETE ON {q} "
            "FOR EACH ROW EXECUTE FUNCTION amtui_append_only()",
            f"CREATE TRIGGER {quoted(f'append_only_{table}_truncate')} BEFORE TRUNCATE ON {q} "
            "FOR EACH STATEMENT EXECUTE FUNCTION amtui_append_only()"]


def _grants(db: peewee.Database, names: list[str]) -> list[str]:
    found = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (STAFF_ROLE,)).fetchone()
    if not found:
        return []
    school = ", ".join(quoted(n) for n in names if n not in APPEND_ONLY + NOT_STAFFS)
    return [f"GRANT SELECT, INSERT, UPDATE, DELETE ON {school} TO {STAFF_ROLE}",
            f"GRANT SELECT, INSERT ON audit_entry TO {STAFF_ROLE}",
            f"GRANT SELECT ON {LOG} TO {STAFF_ROLE}",
            *([f"GRANT SELECT ON {KEPT} TO {STAFF_ROLE}"] if KEPT in db.get_tables() else []),
            *([f"GRANT SELECT ON school TO {STAFF_ROLE}"] if "school" in names else []),
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {quoted(_schema(db))} TO {STAFF_ROLE}"]


def _schema(db: peewee.Database) -> str:
    return db.execute_sql("SELECT current_schema()").fetchone()[0]


def install(db: peewee.Database) -> list[str]:
    """Make the log, its triggers on every table and the append-only guards (call inside
    the transaction that creates or upgrades the schema); returns the tables logged."""
    db.execute_sql(SCHEMA)
    trust.install(db, APPEND_ONLY)  # each school's rows its own (schema version 10 on)
    if KEPT in db.get_tables():  # a school's newest log row: the stamp its kept figures are read at
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS server_audit_school_newest ON {LOG} (school_id, id)")
    for table in NEWEST:
        if db.table_exists("school") and table in db.get_tables():  # school_id: schema version 10 on
            db.execute_sql(f"CREATE INDEX IF NOT EXISTS {table}_school_newest ON {quoted(table)} (school_id, id)")
    names = tables(db)
    for name in names:
        for sql in triggers_for(name):
            db.execute_sql(sql)
    for name in APPEND_ONLY:
        for sql in _append_only(name):
            db.execute_sql(sql)
    for sql in _grants(db, names + [LOG]):
        db.execute_sql(sql)
    return names


def problems(db: peewee.Database) -> list[str]:
    """What no longer guards the school: a table whose changes are not logged, an audit
    table that can be changed (a trigger dropped outside amtui, or the log itself gone), a
    table no longer held to its school (``trust.problems``)."""
    if LOG not in db.get_tables():
        return [f"The server's audit log ({LOG}) is missing: it was dropped outside amtui, or this database "
                "was made before it existed (amtui doctor says how to make it)."]
    have = set(db.execute_sql(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace").fetchall())
    found = []
    for table in tables(db) + [LOG]:
        events = [event for event in (*EVENTS, "truncate") if (table, f"log_{table}_{event}") not in have]
        if events and table != LOG:
            found.append(f"Changes to {table} ({', '.join(events)}) are not logged: a trigger was dropped "
                         "outside amtui.")
        if table in APPEND_ONLY and (table, f"append_only_{table}") not in have:
            found.append(f"{table} can be changed and deleted: its guard was dropped outside amtui.")
    return found + trust.problems(db)
