"""Version 13: on a trust's server, each school's trust-view figures are kept.

``kept_trust_figures`` holds one school's figures for the trust view (``SchoolFigures``,
as JSON: ``domain.kept_figures``) per half-term (0: the one the day falls in) and day,
with the stamp of the school's data they were read from (the newest row of the server's
audit log for that school, which every change of the school moves, imports and
``trust add-school`` included) and when they were read. It is derived: worked out again
from the school's own rows whenever the stamp is out of date, so it is not audited (no
server audit triggers), sealed nor copied (``export``, ``doctor``, ``trust add-school``
read amtui's models, which it is not one of). Its row-level security is every school
table's (``amtui.db.trust``): staff read their school's rows, a trust role every
school's; only the trust's admin role writes it (``amtui trust refresh``): staff are
granted reading alone (``server_audit``'s grants).

A SQLite file is one school, whose trust view reads live: nothing changes.
"""

from __future__ import annotations

import peewee

TABLE = "kept_trust_figures"

SQL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id BIGSERIAL PRIMARY KEY,
    school_id INTEGER NOT NULL DEFAULT amtui_chosen() REFERENCES school (id) ON DELETE CASCADE,
    half_term INTEGER NOT NULL,
    day DATE NOT NULL,
    stamp BIGINT NOT NULL,
    read_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    figures TEXT NOT NULL,
    UNIQUE (school_id, half_term, day)
)
"""
"""The table (made by this step, and with the others when a server database is created)."""


def run(db: peewee.Database) -> None:
    """Version 13 on a SQLite file: nothing to do."""


def server(db: peewee.Database) -> None:
    """Version 13 on PostgreSQL (inside the upgrade's transaction, as the tables' owner);
    its policies, grants and the audit log's index come with the install after the last step."""
    db.execute_sql(SQL)
