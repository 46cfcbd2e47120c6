"""Schema versions and the steps between them.

The version lives in the ``db_info`` table (so PostgreSQL works the same as SQLite).
Version 1 creates every table. A later change adds a function to ``STEPS`` that takes
the database from version N-1 to N with ``playhouse.migrate``; each step runs in its
own transaction, so an upgrade interrupted half-way leaves the last good version.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from amtui import __version__
from amtui.db import models

Step = Callable[[peewee.Database], None]


def _create_all(db: peewee.Database) -> None:
    db.create_tables(models.ALL_MODELS)


STEPS: tuple[Step, ...] = (_create_all,)
"""STEPS[i] takes the schema from version i to i+1."""

LATEST = len(STEPS)


class NewerSchema(Exception):
    """The database was written by a newer amtui than this one."""


def current_version(db: peewee.Database) -> int:
    """The file's schema version; 0 for an empty database."""
    if not db.table_exists(models.DbInfo._meta.table_name):
        return 0
    row = models.DbInfo.get_or_none(models.DbInfo.key == "schema_version")
    return int(row.value) if row else 0


def upgrade(db: peewee.Database) -> int:
    """Bring the schema up to :data:`LATEST`; returns how many steps ran."""
    version = current_version(db)
    if version > LATEST:
        raise NewerSchema(
            f"This database has schema version {version}, made by a newer amtui; this "
            f"amtui ({__version__}) knows up to version {LATEST}. Upgrade amtui on this "
            "server; the file has not been touched."
        )
    ran = 0
    for number in range(version, LATEST):
        with db.atomic():
            STEPS[number](db)
            models.DbInfo.replace(key="schema_version", value=str(number + 1)).execute()
            models.DbInfo.replace(key="upgraded_by", value=__version__).execute()
        ran += 1
    return ran
