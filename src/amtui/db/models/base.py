"""The base of every table: its never-reused id, its database, and the time a row is written."""

from __future__ import annotations

import datetime as dt

from peewee import (
    SQL,
    AutoField,
    Model,
    NodeList,
    SqliteDatabase,
)

from amtui.db.connection import database


def now() -> dt.datetime:
    """The time a row is written, to the second (local server time)."""
    return dt.datetime.now().replace(microsecond=0)


class NeverReusedId(AutoField):
    """An integer id never handed out twice, even after a delete (SQLite's AUTOINCREMENT):
    an erased pupil's id, or a deleted audit entry's, is never given to someone else."""

    def ddl(self, ctx):  # noqa: D102
        nodes = super().ddl(ctx)
        db = self.model._meta.database
        if isinstance(getattr(db, "obj", db), SqliteDatabase):
            return NodeList((nodes, SQL("AUTOINCREMENT")))
        return nodes


class BaseModel(Model):
    id = NeverReusedId()

    class Meta:
        database = database
        legacy_table_names = False
