"""Version 12: on a trust's server, the server's audit log is held to each school.

``server_audit`` (``amtui.db.server_audit``: every change's time, server role, table and
row count) gains ``school_id``: the school of the session that made the change, none for
the trust's own changes (a school added). Its row-level security is every other table's:
staff read their school's rows, a trust role each school's in turn, and only the trust's
admin role the rows of no school. The column, its default and the policies are made by
``amtui.db.trust.install``, which runs after the upgrade's last step; this step gives
the rows written before it their school: a database of one school, that school; a trust's
older rows say no school (and so are its admin's alone), since they never said which.

A SQLite file has no server audit log (its row seals stand for it): nothing changes.
"""

from __future__ import annotations

import peewee

GUARD = "append_only_server_audit"
"""The trigger that refuses every update of the log: set aside for this one."""


def run(db: peewee.Database) -> None:
    """Version 12 on a SQLite file: nothing to do."""


def server(db: peewee.Database) -> None:
    """Version 12 on PostgreSQL (inside the upgrade's transaction, as the tables' owner)."""
    from amtui.db import trust

    if not db.table_exists(trust.LOG):
        return  # made with its school column by the upgrade's last install
    db.execute_sql(trust.LOG_COLUMN)  # its default comes with the install after the last step
    db.execute_sql(f'ALTER TABLE "{trust.LOG}" DISABLE TRIGGER "{GUARD}"')
    db.execute_sql(f'UPDATE "{trust.LOG}" SET school_id = (SELECT min(id) FROM school HAVING count(*) = 1) '
                   "WHERE school_id IS NULL")
    db.execute_sql(f'ALTER TABLE "{trust.LOG}" ENABLE TRIGGER "{GUARD}"')
