"""The base of every table: its never-reused id, its school, its database, and the time a
row is written."""

from __future__ import annotations

import datetime as dt

from peewee import (
    SQL,
    AutoField,
    CharField,
    ForeignKeyField,
    Model,
    NodeList,
    SqliteDatabase,
)

from amtui.db.connection import database
from amtui.db.trust import SCHOOL_SETTING
from amtui.db.shown_text import ShownLine


def now() -> dt.datetime:
    """The time a row is written, to the second (local server time)."""
    return dt.datetime.now().replace(microsecond=0)


def _on_sqlite(field) -> bool:
    db = field.model._meta.database
    return isinstance(getattr(db, "obj", db), SqliteDatabase)


class NeverReusedId(AutoField):
    """An integer id never handed out twice, even after a delete (SQLite's AUTOINCREMENT):
    an erased pupil's id, or a deleted audit entry's, is never given to someone else."""

    def ddl(self, ctx):  # noqa: D102
        nodes = super().ddl(ctx)
        if _on_sqlite(self):
            return NodeList((nodes, SQL("AUTOINCREMENT")))
        return nodes


class School(Model):
    """A school (schema version 10). A SQLite file is one school, row 1; a trust's
    PostgreSQL database holds each of its schools. ``urn``: the DfE's unique reference
    number, where it is known."""

    id = NeverReusedId()
    name = ShownLine()
    urn = CharField(default="")

    class Meta:
        database = database
        legacy_table_names = False


SCHOOL_DEFAULT = f"COALESCE(NULLIF(current_setting('{SCHOOL_SETTING}', true), '')::int, amtui_chosen())"
"""PostgreSQL: a new row's school. Unset, ``amtui_chosen()`` (``amtui.db.trust``): the one
school the role may act in, else the database's one school; amtui always sets it, so
its rows never pay for the call."""


class SchoolColumn(ForeignKeyField):
    """Which school a row belongs to. Left out of every INSERT amtui writes, so the database
    fills it: 1 on SQLite (the file's one school); on PostgreSQL the session's school
    (``SCHOOL_DEFAULT``), which the server's row-level security then checks."""

    def __init__(self) -> None:
        super().__init__(School, backref="+", index=False)

    def ddl(self, ctx):  # noqa: D102
        nodes = super().ddl(ctx)
        if _on_sqlite(self):
            return NodeList((nodes, SQL("DEFAULT 1")))
        return NodeList((nodes, SQL(f"DEFAULT {SCHOOL_DEFAULT}")))


class BaseModel(Model):
    id = NeverReusedId()
    school = SchoolColumn()

    class Meta:
        database = database
        legacy_table_names = False
