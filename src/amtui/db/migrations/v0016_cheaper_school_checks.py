"""Version 16: on a trust's server, the school checks every statement makes cost less, and
a school's newest audit entry and mark are found by an index of their own.

The row-level security's ``amtui_school()`` (``amtui.db.trust``) asked first whether the
session's role owns the tables (``amtui_owner()``, a function of its own), and only then
looked the role up in ``school_access``; it also called ``amtui_chosen()`` for the
session's school, and the server's audit log called it twice for each of its rows. Each
call of such a function costs the server more than the rest of the check: a teacher's
mark paid about a third of the server's time for its save in them. Now the check reads
the school the session set itself, looks the role up in ``school_access`` first, and
asks the others only when those fail (a psql session that set no school, the trust's
admin). The policies that ask whether the role owns the tables (the ``school`` table's,
an erasure's of the audit trail) ask once a statement, not once a row.

Every audited save reads its school's newest audit entry and newest mark (``chain.start``);
with no index on (school, id) the server walked back through every later row of the other
schools to find them: half a second for a school of a trust of four with two million
marks, until that school saved a mark of its own. ``audit_entry`` and ``criterion_mark``
now have one each (``amtui.db.server_audit.NEWEST``; a few seconds to make on ten million
marks).

The functions, the log's default and its policies, and the indexes, are made by the
install that runs after an upgrade's last step (``amtui.db.server_audit.install``); a trust
kept at version 15 gets them only through that install, so this step, which changes
nothing itself, brings every trust's server to them.

A SQLite file has no row-level security: nothing changes.
"""

from __future__ import annotations

import peewee


def run(db: peewee.Database) -> None:
    """Version 16 on a SQLite file: nothing to do."""


def server(db: peewee.Database) -> None:
    """Version 16 on PostgreSQL: nothing but the install after the upgrade's last step."""
