"""A member of staff's own server role, and a trust role's (``amtui trust grant``).

Apart from ``amtui.db.trust`` because it makes the server's grants afresh
(``server_audit.install``), which itself installs the trust's guards."""

from __future__ import annotations

import peewee

from amtui.db import server_audit
from amtui.db.trust import ACCESS, READER_ROLE, STAFF_ROLE, quoted


def grant(db: peewee.Database, login: str, reader: bool = False, password: str | None = None) -> str:
    """Let ``login`` connect as their own server role: made if it is not there (able to log
    in; with ``password``, for a connection over the network where the school's directory
    cannot vouch for them), and a member of ``amtui_staff``, whose schools are their staff
    rows; a ``reader`` (a trust role: CEO, trust data lead) a member of ``amtui_trust``
    instead, reading every school and writing none. Needs the admin's CREATEROLE; call
    inside a write. Returns what was done, for the admin."""
    group = READER_ROLE if reader else STAFF_ROLE
    made = []
    for role, options in ((STAFF_ROLE, "NOLOGIN"), (READER_ROLE, "NOLOGIN"), (login, "LOGIN")):
        if not db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            db.execute_sql(f"CREATE ROLE {quoted(role)} {options}")
            made.append(role)
    if password is not None:  # a statement that takes no parameters: quoted by the driver
        from psycopg import sql

        secret = sql.Literal(password).as_string(db.connection())
        db.execute_sql(f"ALTER ROLE {quoted(login)} LOGIN PASSWORD {secret.replace('%', '%%')}")
    db.execute_sql(f"GRANT {group} TO {quoted(login)}")
    if reader:
        db.execute_sql(f"INSERT INTO {ACCESS} (role_name, school_id, writes) VALUES (%s, NULL, false) "
                       "ON CONFLICT DO NOTHING", (login,))

    server_audit.install(db)  # the groups' grants on every table, now that they exist
    how = "with a password" if password is not None else "through the school's directory (peer)"
    return (f"{login} connects as their own role {how}, "
            + ("reading every school of the trust and writing none." if reader else
               "in each school where they are on the staff list."))
