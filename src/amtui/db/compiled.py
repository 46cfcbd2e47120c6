"""Statements that peewee builds once and the database runs many times.

A keystroke's save runs the same few statements every time (the entry check's reads, the
newest entry of the cell, the insert). Building their SQL afresh took peewee more CPU than
SQLite took to run them: two thirds of a mark's save. A function decorated with
:func:`compiled` builds its query from :class:`Param` placeholders the first time it is
called with a given shape (which arguments are None, how long each list is) on a given
kind of database, keeps the SQL text, and from then on only binds the values and runs it.
The statement is the same one peewee would send, run on the same connection, inside the
caller's read or write: nothing is cached but the text.

    @compiled
    def _links(staff, day):
        return ClassStaff.select(ClassStaff.school_class).where(
            (ClassStaff.staff == staff) & links_open_on(day))

    rows = _links(staff=3, day=today)        # [(12,), (15,)]

The builder is given a ``Param`` for each value, a list of them for a list or set (an
``IN``), and None for None (so ``field == None`` is still ``IS NULL``); it must not look at
the values themselves (pass what it would work out from them as arguments of their own).
A select gives its rows as tuples, each column read as its field reads it (a date stored
as text comes back a date); an insert gives the new row's id; anything else the number of
rows it changed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from peewee import Field, Function, Insert, Node, SelectBase

from amtui.db.connection import database

COLLECTIONS = (list, tuple, set, frozenset)
CACHE_LIMIT = 64
"""Shapes kept per statement: an IN list's length is part of the shape, and a fill on a
class grid may touch any number of pupils up to the class's size."""


@dataclass(frozen=True)
class _Slot:
    """Where one value goes in the statement's parameters, and how the column takes it."""

    name: str
    index: int | None
    convert: Callable[[Any], Any] | None


class Param(Node):
    """A value the statement is given each time it runs: argument ``name`` (item ``index``
    of it, for a list)."""

    def __init__(self, name: str, index: int | None = None) -> None:
        super().__init__()
        self.name, self.index = name, index

    def __sql__(self, ctx):
        # The column's own conversion (a field compared with this value) is applied when
        # the value is bound; peewee gives it here, as it would to a literal value.
        return ctx.value(_Slot(self.name, self.index, ctx.state.converter), converter=False)


def _reader(column: Any) -> Callable[[Any], Any] | None:
    """How a selected column's value is read: its field's ``python_value`` (MAX(field): the
    field's too), or as the driver gives it."""
    node = column.unwrap() if hasattr(column, "unwrap") else column
    if isinstance(node, Field):
        return node.python_value
    if isinstance(node, Function) and node._coerce and node.arguments and isinstance(node.arguments[0], Field):
        return node.arguments[0].python_value
    return None


@dataclass(frozen=True)
class Statement:
    """One built statement: its SQL, where each value goes, how each column is read."""

    sql: str
    slots: tuple[Any, ...]  # a _Slot, or a value the builder wrote in itself (LIMIT 1)
    readers: tuple[Callable[[Any], Any] | None, ...] | None  # None: not a select
    inserts: bool
    returns_id: bool  # an insert that says its id with RETURNING (PostgreSQL)

    def params(self, args: dict[str, Any]) -> list[Any]:
        values = []
        for slot in self.slots:
            if not isinstance(slot, _Slot):
                values.append(slot)
                continue
            value = args[slot.name] if slot.index is None else args[slot.name][slot.index]
            values.append(slot.convert(value) if slot.convert is not None else value)
        return values

    def run(self, args: dict[str, Any]) -> Any:
        cursor = database.execute_sql(self.sql, self.params(args))
        if self.readers is not None:
            readers = self.readers
            if not any(readers):
                return [tuple(row) for row in cursor.fetchall()]
            return [tuple(value if value is None or read is None else read(value)
                          for read, value in zip(readers, row)) for row in cursor.fetchall()]
        if self.inserts:
            return cursor.fetchone()[0] if self.returns_id else cursor.lastrowid
        return cursor.rowcount


def build(query: Any) -> Statement:
    """The statement for a query built with ``Param`` placeholders."""
    sql, slots = query.sql()
    if isinstance(query, Insert) and any(not isinstance(s, _Slot) and s is not None for s in slots):
        # A default the builder left out (``recorded_at=now``) would be worked out once, here,
        # and then inserted in every row: every value but NULL is given as a Param.
        raise TypeError(f"a compiled insert is given its values as Params, not {slots!r}")
    readers = tuple(_reader(c) for c in query.selected_columns) if isinstance(query, SelectBase) else None
    inserts = isinstance(query, Insert)
    return Statement(sql, tuple(slots), readers, inserts, inserts and " RETURNING " in sql)


def _shape(value: Any) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, COLLECTIONS):
        return len(value)
    return "value"


def _placeholder(name: str, shape: int | str | None) -> Any:
    if shape is None:
        return None
    if shape == "value":
        return Param(name)
    return [Param(name, i) for i in range(shape)]


def _bound(value: Any) -> Any:
    """A set's values in a fixed order (the statement reads them by position)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value


def compiled(builder: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``builder``'s query with the values given by keyword, building its SQL only once
    per shape and kind of database (see the module's docstring). Call inside a read or write."""
    statements: dict[tuple, Statement] = {}

    @functools.wraps(builder)
    def run(**args: Any) -> Any:
        shape = tuple((name, _shape(value)) for name, value in sorted(args.items()))
        key = (type(database.obj), shape)
        statement = statements.get(key)
        if statement is None:
            if len(statements) >= CACHE_LIMIT:
                statements.clear()
            statement = statements[key] = build(builder(**{n: _placeholder(n, s) for n, s in shape}))
        return statement.run({name: _bound(value) for name, value in args.items()})

    return run
