"""The trust view's reading: each school the session may read, through that school's own
monitoring (``repo.monitoring.monitor``) and leaders' analysis (``repo.analysis.by_subject``).

On a trust's PostgreSQL server a trust role (CEO, trust data lead) reads every school: the
session's school (``amtui.school``) is switched to each in turn on this thread's
connection, the school's figures read as its own screens read them, and the session's
school put back at the end, whatever happened. The server's row-level security is what
keeps each read to its school. Anyone else, and a SQLite file (one school), sees the
session's own school: one row.

``figures`` is what the trust benchmark times.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

import peewee

from amtui.db import trust
from amtui.db.connection import database, read
from amtui.db.models import Pupil
from amtui.db.models.base import School
from amtui.db.repo import analysis, monitoring, school
from amtui.db.repo.monitoring import ClassSubjectRow
from amtui.domain.monitoring import StatusShares
from amtui.domain.text import printable
from amtui.domain.trust_view import SchoolFigures, YearSubjectShares, meetings


def _server() -> peewee.PostgresqlDatabase | None:
    db = database.obj
    return db if isinstance(db, peewee.PostgresqlDatabase) else None


def trust_reader() -> bool:
    """Whether the session reads every school of a trust's server: a trust role's (a member
    of ``trust.READER_ROLE``: the CEO, the trust's data lead) or the trust's admin's (the
    tables' owner). Never a superuser's: the server holds a superuser to no school, so
    amtui shows one the school it acts in, as for a one-school server. False on SQLite."""
    db = _server()
    if db is None:
        return False
    return read(lambda: bool(db.execute_sql(
        "SELECT NOT me.rolsuper AND (amtui_owner() OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = %s "
        "AND pg_has_role(session_user, r.oid, 'MEMBER'))) FROM pg_roles me WHERE me.rolname = session_user",
        (trust.READER_ROLE,)).fetchone()[0]))


def schools() -> list[tuple[int, str]]:
    """(id, name) of each school the trust view shows, in order: on a trust's server for a
    trust role, every school; otherwise the session's own school."""
    db = _server()
    if db is not None and trust_reader():
        # Read past the table's fields, so cleaned here as School.name is (shown_text).
        return read(lambda: [(sid, printable(name, most=None))
                             for sid, name in db.execute_sql("SELECT id, name FROM amtui_schools()")])
    return read(lambda: list(School.select(School.id, School.name).order_by(School.id).tuples()))


def year_subject_shares(classes: Iterable[ClassSubjectRow]) -> tuple[YearSubjectShares, ...]:
    """The monitoring screen's class rows, summed per year group and subject."""
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for c in classes:
        counts[(c.year_group, c.subject)] = [a + b for a, b in zip(counts[(c.year_group, c.subject)], c.shares.counts)]
    return tuple(YearSubjectShares(year, subject, StatusShares(tuple(found)))  # type: ignore[arg-type]
                 for (year, subject), found in sorted(counts.items(), key=lambda c: (c[0][0], c[0][1].lower())))


def one_school(school_id: int, name: str, today: dt.date, number: int | None = None) -> SchoolFigures:
    """The session's school's figures at the half-term ``today`` falls in (or its half-term
    ``number`` of that year), read as its monitoring and leaders' screens read them."""
    ht = school.current_half_term(today)
    if number is not None:
        ht = school.half_term(ht.year, number)
    rows = monitoring.tracking_rows(ht, today)  # read once, for both
    data = monitoring.monitor(ht, today, rows)
    standings = analysis.by_subject(ht, today=today, rows=rows)
    pupils = read(lambda: Pupil.select().where(Pupil.left_on.is_null()).count())
    return SchoolFigures(school_id, name.strip() or school.school_name(), ht.label, pupils,
                         year_subject_shares(data.classes), meetings(data.mentors),
                         tuple((s.subject.name, s.facts) for s in standings))


def half_terms_so_far(today: dt.date) -> tuple[int, ...]:
    """The session's school's half-terms of the year up to the current one, by number."""
    return tuple(range(1, school.current_half_term(today).number + 1))


def figures(today: dt.date, number: int | None = None) -> list[SchoolFigures]:
    """Every school's figures (see :func:`schools`), each read in its own school; the
    session's school is as it was afterwards."""
    listed = schools()
    db = _server()
    if db is None or not trust_reader():
        return [one_school(sid, name, today, number) for sid, name in listed]
    before = read(lambda: trust.school_in_use(db))
    try:
        found = []
        for sid, name in listed:
            trust.use_school(db, sid)
            found.append(one_school(sid, name, today, number))
        return found
    finally:
        trust.use_school(db, before)


def enter_school(choice: int | str | None) -> str | None:
    """The school the connections opened from now on act in (a trust role drilling down
    into one school: its screens' connections are new ones); returns the one before, to put
    back. Nothing on SQLite (one school)."""
    db = _server()
    before = getattr(db, "school", None)
    if db is not None:
        db.school = None if choice is None else str(choice)
    return before
