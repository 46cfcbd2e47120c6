"""A trust's kept figures: each school's trust-view figures, read once and kept
(``kept_trust_figures``, schema step 13) until that school's data changes.

A school's data is "as of" the newest row of the server's audit log for that school (its
stamp): every change of the school's rows writes one, through amtui or not, imports and
``trust add-school`` included. Kept figures whose stamp is older are out of date. Reading
and keeping happen in each school in turn (the session's school switched to it, and put
back afterwards), so the server's row-level security holds every read and write to that
school. Only the trust's admin role keeps figures (``amtui trust refresh``, and its trust
view); a trust role reads them and reads an out-of-date school again for itself.

Figures are kept per half-term: the current one (kept as half-term 0, "now", and under
its own number too, so choosing it by number finds it) and every earlier half-term of the
year that has marks (governors compare half-terms). The stamp is the school's, not the
half-term's (the server's audit log names tables, not half-terms): any change in a
school leaves all its kept half-terms out of date, and none of another school's.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import peewee

from amtui.db import trust
from amtui.db.connection import database, read, write
from amtui.db.models import CriterionMark
from amtui.db.repo import school, trust_view
from amtui.domain.kept_figures import from_text, to_text
from amtui.domain.trust_view import SchoolFigures

OWN = "school_id = (SELECT amtui_school())"
"""The session's school's rows, said in the query too: a superuser passes every policy."""
STAMP = f"SELECT coalesce(max(id), 0) FROM {trust.LOG} WHERE {OWN}"
"""The session's school's data stamp: its newest server audit row (0: none yet)."""


@dataclass(frozen=True)
class Kept:
    """One school's kept figures (None: none kept for the day) and whether they are its data's."""

    school_id: int
    name: str
    figures: SchoolFigures | None
    read_at: dt.datetime | None  # when they were read (None: none kept)
    current: bool  # read from the school's data as it is now

    @property
    def as_of(self) -> str:
        """"as of 14:05" for figures older than the school's data; "" when current."""
        if self.current or self.read_at is None:
            return ""
        return f"as of {self.read_at.astimezone().strftime('%H:%M')}"


def _db() -> peewee.PostgresqlDatabase:
    return database.obj  # type: ignore[return-value]


@contextmanager
def in_school(school_id: int) -> Iterator[peewee.PostgresqlDatabase]:
    """This thread's connection acting in ``school_id``; its school put back afterwards."""
    db = _db()
    before = read(lambda: trust.school_in_use(db))
    trust.use_school(db, school_id)
    try:
        yield db
    finally:
        trust.use_school(db, before)


def _key(today: dt.date, number: int | None) -> tuple[int, dt.date]:
    return (number or 0, today)


def _kept_row(db: peewee.PostgresqlDatabase, today: dt.date, number: int | None) -> tuple:
    """(the school's stamp, the kept row's stamp, read_at, figures) of the session's school."""
    return read(lambda: db.execute_sql(
        f"SELECT ({STAMP}), k.stamp, k.read_at, k.figures FROM (SELECT 1) one "
        f"LEFT JOIN {trust.KEPT} k ON k.{OWN} AND k.half_term = %s AND k.day = %s",
        _key(today, number)).fetchone())


def _as_kept(school_id: int, name: str, row: tuple) -> Kept:
    stamp, kept_stamp, read_at, text = row
    figures = None if text is None else from_text(text)
    return Kept(school_id, name, figures, read_at if figures else None,
                figures is not None and kept_stamp == stamp)


def kept(today: dt.date, number: int | None = None) -> list[Kept]:
    """Every school's kept figures for the half-term ``today`` falls in (or its ``number``),
    each beside whether its data changed since (schools as ``trust_view.schools``)."""
    found = []
    for school_id, name in trust_view.schools():
        with in_school(school_id) as db:
            found.append(_as_kept(school_id, name, _kept_row(db, today, number)))
    return found


def figures(today: dt.date, number: int | None = None) -> tuple[list[SchoolFigures], list[str]]:
    """Every school's figures (as ``trust_view.figures``, in its order) and the names of
    those read live: a school's kept figures where they are its data's (``Kept.current``,
    the trust view's check), read again where it changed since or has none kept (not kept
    here: the refresh keeps). One school's database keeps none: read live, naming none."""
    if not trust_view.trust_reader():
        return trust_view.figures(today, number), []
    found, live = [], []
    for school_kept in kept(today, number):
        if school_kept.current and school_kept.figures is not None:
            found.append(school_kept.figures)
        else:
            found.append(read_again(school_kept.school_id, school_kept.name, today, number))
            live.append(school_kept.name)
    return found, live


def kept_half_terms(today: dt.date) -> list[int]:
    """The half-terms (by number) any school has figures kept for today: those the trust
    view offers to choose."""
    found: set[int] = set()
    for school_id, _ in trust_view.schools():
        with in_school(school_id) as db:
            found.update(n for (n,) in read(lambda: db.execute_sql(
                f"SELECT DISTINCT half_term FROM {trust.KEPT} WHERE {OWN} AND day = %s AND half_term > 0",
                (today,)).fetchall()))
    return sorted(found)


def earlier_with_marks(today: dt.date) -> list[int]:
    """The session's school's half-terms of this year before the current one that hold
    marks (each an index look-up: marks are indexed by half-term)."""
    now = school.current_half_term(today)
    return [ht.number for ht in school.half_terms(now.year)[:now.number - 1]
            if read(lambda: CriterionMark.select().where(CriterionMark.half_term == ht.id).exists())]


def may_keep() -> bool:
    """Whether this session keeps what it reads: the trust's admin role (the tables' owner),
    never a superuser (whom no school's row-level security holds: its reads mix schools)."""
    db = _db()
    return read(lambda: bool(db.execute_sql("SELECT amtui_owner() AND NOT rolsuper FROM pg_roles "
                                            "WHERE rolname = session_user").fetchone()[0]))


def read_again(school_id: int, name: str, today: dt.date, number: int | None = None,
               keep: bool = False) -> SchoolFigures:
    """One school's figures read now (the stamp first: a change made meanwhile leaves them
    out of date, never wrongly current); with ``keep``, kept in one short transaction."""
    with in_school(school_id) as db:
        stamp = read(lambda: db.execute_sql(STAMP).fetchone()[0])
        figures = trust_view.one_school(school_id, name, today, number)
        if keep:
            # The current half-term under its number too: chosen by number, it is found kept.
            numbers = [number] if number is not None else [None, school.current_half_term(today).number]
            write(lambda: _store(db, figures, stamp, today, numbers))
    return figures


def _store(db: peewee.Database, figures: SchoolFigures, stamp: int, today: dt.date,
           numbers: list[int | None]) -> None:
    """Keep the session's school's figures for the day under each of ``numbers`` (its
    figures of earlier days go)."""
    db.execute_sql(f"DELETE FROM {trust.KEPT} WHERE {OWN} AND day < %s", (today,))
    text = to_text(figures)
    for number in numbers:
        half_term, day = _key(today, number)
        db.execute_sql(
            f"INSERT INTO {trust.KEPT} (half_term, day, stamp, figures) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (school_id, half_term, day) DO UPDATE SET stamp = EXCLUDED.stamp, "
            "read_at = EXCLUDED.read_at, figures = EXCLUDED.figures", (half_term, day, stamp, text))


@dataclass(frozen=True)
class Refreshed:
    """One school of a refresh: the half-terms read again (None: the current one), how long
    they took, and how many were already current."""

    school_id: int
    name: str
    seconds: float | None  # None: every kept half-term of it was current
    read: tuple[int | None, ...] = ()
    current: int = 0


def refresh(today: dt.date, number: int | None = None,
            told: Callable[[int, int, Refreshed], None] = lambda at, of, done: None) -> list[Refreshed]:
    """Read again and keep each school's figures whose data changed since they were kept
    (or that have none for the day), one school and half-term per transaction: the
    half-term ``number``, or the current one and every earlier one of the year with marks;
    ``told(at, of, school)`` after each school."""
    schools = trust_view.schools()
    done = []
    for at, (school_id, name) in enumerate(schools, 1):
        with in_school(school_id) as db:
            numbers = [number] if number is not None else [None, *earlier_with_marks(today)]
            stale = [n for n in numbers if not _as_kept(school_id, name, _kept_row(db, today, n)).current]
        started = time.perf_counter()
        for n in stale:
            read_again(school_id, name, today, n, keep=True)
        seconds = time.perf_counter() - started if stale else None
        done.append(Refreshed(school_id, name, seconds, tuple(stale), len(numbers) - len(stale)))
        told(at, len(schools), done[-1])
    return done
