"""The school's settings, academic years, half-terms, subjects and classes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.compiled import compiled
from amtui.db.connection import read, write
from peewee import JOIN

from amtui.db.models import AcademicYear, HalfTerm, School, SchoolClass, SchoolSetting, Staff, Subject, now
from amtui.db.repo.staff import roles_now
from amtui.domain import calendar
from amtui.domain.errors import InputRefused
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.settings import Settings
from amtui.domain.text import checked
from amtui.domain.year_group import year_label


@dataclass(frozen=True)
class HalfTermInfo:
    """A half-term as screens and rules see it."""

    id: int
    year: int
    number: int
    start: dt.date
    end: dt.date
    locked: bool
    lock_reason: str
    locked_by: str = ""  # who locked it ("" when open)

    @property
    def ordinal(self) -> int:
        return HalfTermNumber(self.number).ordinal(self.year)

    @property
    def dates(self) -> calendar.HalfTermDates:
        return calendar.HalfTermDates(self.number, self.start, self.end)

    @property
    def label(self) -> str:
        """e.g. "HT2 Autumn 2"."""
        return f"{self.dates.short} {self.dates.name}"


def _info(row: tuple) -> HalfTermInfo:
    """A half-term from its row as ``_with_locker`` reads it."""
    id_, number, start, end, locked_at, lock_reason, locked_by, locker, year = row
    locked = locked_at is not None
    return HalfTermInfo(id=id_, year=year, number=number, start=start, end=end, locked=locked,
                        lock_reason=lock_reason, locked_by=(locker if locked_by else "SLT") if locked else "")


# --- settings ---------------------------------------------------------------------------


@compiled
def _setting_rows():
    return SchoolSetting.select(SchoolSetting.key, SchoolSetting.value)


def load_settings() -> Settings:
    """The school's settings: stored values over the defaults (a return's save reads them on
    every key: the SQL is built once)."""
    stored = read(lambda: dict(_setting_rows()))
    known = {k: v for k, v in stored.items() if k in Settings.__dataclass_fields__}
    return Settings.from_mapping(known)


SCHOOL_NAME = "school_name"
"""The settings' line for the school's name (not a threshold: not in ``Settings``), which
is kept in the school's own row (``School.name``: the trust's list of its schools reads
it too), not in the settings table."""


def save_setting(user, key: str, value: str) -> str:
    """Change one setting (or the school's name) after checking it parses and makes sense
    with the others; SLT and admin only, audited. Returns the value as stored."""
    from amtui.domain.permissions import Action, require

    value = checked("setting", str(value).strip(), label=f"{key} setting")
    if key == SCHOOL_NAME:
        if not value:
            raise InputRefused("The school's name cannot be empty.")
        if not read(_may_rename):
            raise InputRefused("On a trust's server a school's name is the trust's: its admin changes it.")
    else:
        current = load_settings().to_mapping()
        if key not in current:
            raise InputRefused(f"'{key}' is not a setting (amtui settings lists them).")
        current[key] = value
        value = Settings.from_mapping(current).to_mapping()[key]

    def change() -> None:
        require(roles_now(user), Action.EDIT_SETTINGS)  # as they are now, not at login
        if key == SCHOOL_NAME:
            old = school_name() or None
        else:
            row = SchoolSetting.get_or_none(SchoolSetting.key == key)
            old = row.value if row else None
        store_setting(key, value)
        audit(user.login, "setting.change", "setting", key, old=old, value=value)

    write(change)
    return value


def store_setting(key: str, value: str) -> None:
    """Store one setting, whether or not it was stored before (an upsert that SQLite and
    PostgreSQL both take), the school's name in its row; call inside the write that
    audits it."""
    if key == SCHOOL_NAME:
        School.update(name=value).where(School.id.in_(_this_school().select(School.id))).execute()
        return
    SchoolSetting.insert(key=key, value=value).on_conflict(  # the school: the database's default
        conflict_target=[SchoolSetting.school, SchoolSetting.key], update={SchoolSetting.value: value}).execute()


def stored_settings() -> dict[str, str]:
    """The values stored in the settings table (a setting left at its default is absent)."""
    return read(lambda: {row.key: row.value for row in SchoolSetting.select()})


def _this_school():
    """The session's school: a file's one row; on a server the school the session acts in
    (the school a new row takes)."""
    import peewee

    from amtui.db.connection import database
    from amtui.db.models.base import SCHOOL_DEFAULT

    if isinstance(database.obj, peewee.PostgresqlDatabase):
        return School.select().where(School.id == peewee.SQL(SCHOOL_DEFAULT))
    return School.select().order_by(School.id).limit(1)


def _may_rename() -> bool:
    """A file's school is its admin's to name; a trust's, its admin role's (the tables' owner)."""
    import peewee

    from amtui.db.connection import database

    if not isinstance(database.obj, peewee.PostgresqlDatabase):
        return True
    return bool(database.obj.execute_sql("SELECT amtui_owner()").fetchone()[0])


def school_name() -> str:
    """The school's name (its row's); "" for a school made before it had one (an older file,
    made without amtui init): prints then leave it out and the app's title says amtui, never
    as the school."""
    row = read(lambda: _this_school().first())
    return row.name.strip() if row else ""


# --- the calendar -------------------------------------------------------------------------


def ensure_year(start_year: int) -> AcademicYear:
    """The academic year's row, created with default half-term dates if new.

    Call inside a write transaction.
    """
    year, created = AcademicYear.get_or_create(start_year=start_year)
    if created:
        for dates in calendar.default_half_terms(start_year):
            HalfTerm.create(year=year, number=dates.number, start=dates.start, end=dates.end)
    return year


def _with_locker():
    """Half-terms as ``_info`` reads them: plain rows, not models (a mark's save reads one)."""
    return (HalfTerm.select(HalfTerm.id, HalfTerm.number, HalfTerm.start, HalfTerm.end, HalfTerm.locked_at,
                            HalfTerm.lock_reason, HalfTerm.locked_by, Staff.name, AcademicYear.start_year)
            .join(AcademicYear).switch(HalfTerm)
            .join(Staff, JOIN.LEFT_OUTER, on=(HalfTerm.locked_by == Staff.id)).tuples())


def _start_year(start_year: int) -> None:
    """A year's calendar, made when first asked for (a new school year), audited like any
    change: the half-terms' dates are the school's records too."""
    ensure_year(start_year)
    audit("amtui", "year.start", "academic_year", start_year)


@compiled
def _year_half_terms(start_year):
    return _with_locker().where(AcademicYear.start_year == start_year).order_by(HalfTerm.number)


@compiled
def _half_term_row(half_term_id):
    return _with_locker().where(HalfTerm.id == half_term_id)


def half_terms(start_year: int) -> list[HalfTermInfo]:
    """The six half-terms of a year (created with default dates when first asked for). A
    kept save looks its half-term up by number: the SQL is built once (``db.compiled``)."""
    rows = read(lambda: _year_half_terms(start_year=start_year))
    if len(rows) < 6:
        write(lambda: _start_year(start_year))
        return half_terms(start_year)
    return [_info(row) for row in rows]


def half_term_as_saved(half_term_id: int) -> HalfTermInfo:
    """The half-term with its lock as saved now: call inside the transaction that relies on it
    (a save's check, on every keystroke: the SQL is built once)."""
    rows = _half_term_row(half_term_id=half_term_id)
    if not rows:
        raise HalfTerm.DoesNotExist(f"no half-term {half_term_id}")
    return _info(rows[0])


def current_half_term(today: dt.date | None = None) -> HalfTermInfo:
    """The half-term that today falls in (in a holiday: the one just ended)."""
    today = today or dt.date.today()
    terms = half_terms(calendar.academic_year_of(today))
    number = calendar.current_half_term(today, [t.dates for t in terms]).number
    return terms[number - 1]


def half_term(start_year: int, number: int) -> HalfTermInfo:
    """Half-term ``number`` (1-6) of the year; InputRefused for any other number."""
    return half_terms(start_year)[_number(number) - 1]


def _number(number: int) -> HalfTermNumber:
    try:
        return HalfTermNumber(number)
    except ValueError:
        raise InputRefused(f"half-term {number} is not 1 to 6") from None


def set_half_term_dates(user, start_year: int, number: int, start: dt.date, end: dt.date) -> HalfTermInfo:
    """Edit a half-term's dates (schools' holidays differ from the defaults): in order, not
    overlapping, within the academic year (``domain.term_dates``); SLT and admin, audited."""
    from amtui.domain.permissions import Action, require
    from amtui.domain.term_dates import changed_dates

    _number(number)

    def change() -> None:
        require(roles_now(user), Action.EDIT_SETTINGS)
        terms = half_terms(start_year)
        changed_dates(start_year, [t.dates for t in terms], number, start, end)
        old = terms[number - 1]
        HalfTerm.update(start=start, end=end).where(HalfTerm.id == old.id).execute()
        audit(user.login, "calendar.dates", "half_term", old.id, year=start_year, number=number,
              old_start=old.start, old_end=old.end, start=start, end=end)

    write(change)
    return half_term(start_year, number)


# --- subjects and classes ----------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectInfo:
    id: int
    name: str
    code: str


def subjects() -> list[SubjectInfo]:
    return read(lambda: [
        SubjectInfo(s.id, s.name, s.code) for s in Subject.select().order_by(Subject.id)
    ])


def subject_by_name(name: str) -> SubjectInfo | None:
    wanted = name.strip().lower()
    for subject in subjects():
        if subject.name.lower() == wanted or subject.code.lower() == wanted:
            return subject
    return None


@dataclass(frozen=True)
class ClassInfo:
    id: int
    name: str
    year_group: int
    pupils: int
    subject_id: int | None = None  # a teaching group's subject; None: a class or tutor group

    @property
    def year_label(self) -> str:
        return year_label(self.year_group)


def classes(start_year: int | None = None, day: dt.date | None = None) -> list[ClassInfo]:
    """The classes of an academic year (default: ``day``'s), by year group then name, each
    with its pupils on ``day`` (default today; a day outside the year: its nearest day)."""
    day = day or dt.date.today()
    start_year = start_year or calendar.academic_year_of(day)

    def query() -> list[ClassInfo]:
        from amtui.db.repo import membership

        rows = list(SchoolClass.select(SchoolClass).join(AcademicYear)
                    .where(AcademicYear.start_year == start_year)
                    .order_by(SchoolClass.year_group, SchoolClass.name))
        if not rows:
            return []
        sizes = membership.class_sizes(rows[0].academic_year_id,
                                       membership.clamp(day, *membership.year_span(start_year)))
        return [ClassInfo(c.id, c.name, c.year_group, sizes.get(c.id, 0), c.subject_id) for c in rows]

    return read(query)


def class_by_name(name: str, start_year: int | None = None) -> ClassInfo | None:
    wanted = name.strip().lower()
    return next((c for c in classes(start_year) if c.name.lower() == wanted), None)


def set_lock(half_term_id: int, user, locked: bool, reason: str = "") -> None:
    """Lock (or unlock) a half-term's records; SLT only, audited."""
    from amtui.domain.permissions import Action, require

    reason = checked("reason", reason.strip())

    def change() -> None:
        require(roles_now(user), Action.LOCK_HALF_TERM)
        values = {"locked_at": now(), "locked_by": user.staff_id, "lock_reason": reason.strip()} if locked \
            else {"locked_at": None, "locked_by": None, "lock_reason": ""}
        HalfTerm.update(**values).where(HalfTerm.id == half_term_id).execute()
        audit(user.login, "half_term.lock" if locked else "half_term.unlock", "half_term", half_term_id,
              reason=reason)

    write(change)
