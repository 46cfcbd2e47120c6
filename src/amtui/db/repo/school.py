"""The school's settings, academic years, half-terms, subjects and classes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.connection import read, write
from peewee import JOIN

from amtui.db.models import AcademicYear, HalfTerm, SchoolClass, SchoolSetting, Staff, Subject, now
from amtui.domain import calendar
from amtui.domain.settings import Settings
from amtui.domain.text import checked


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
        return calendar.half_term_ordinal(self.year, self.number)

    @property
    def dates(self) -> calendar.HalfTermDates:
        return calendar.HalfTermDates(self.number, self.start, self.end)

    @property
    def label(self) -> str:
        """e.g. "HT2 Autumn 2"."""
        return f"{self.dates.short} {self.dates.name}"


def _info(row: HalfTerm, year: int) -> HalfTermInfo:
    locked = row.locked_at is not None
    return HalfTermInfo(
        id=row.id, year=year, number=row.number, start=row.start, end=row.end,
        locked=locked, lock_reason=row.lock_reason,
        locked_by=(row.locker.name if row.locked_by_id else "SLT") if locked else "",
    )


# --- settings ---------------------------------------------------------------------------


def load_settings() -> Settings:
    """The school's settings: stored values over the defaults."""
    stored = read(lambda: {row.key: row.value for row in SchoolSetting.select()})
    known = {k: v for k, v in stored.items() if k in Settings.__dataclass_fields__}
    return Settings.from_mapping(known)


def save_setting(key: str, value: str, login: str) -> Settings:
    """Change one setting after checking it parses and makes sense with the others."""
    current = load_settings().to_mapping()
    if key not in current:
        raise ValueError(f"'{key}' is not a setting")
    current[key] = checked("setting", str(value), label=f"{key} setting")
    settings = Settings.from_mapping(current)
    settings.validate()

    def change() -> None:
        SchoolSetting.replace(key=key, value=str(value)).execute()
        audit(login, "setting.change", "setting", key, value=value)

    write(change)
    return settings


def school_name() -> str:
    row = read(lambda: SchoolSetting.get_or_none(SchoolSetting.key == "school_name"))
    return row.value if row else "amtui"


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


def half_terms(start_year: int) -> list[HalfTermInfo]:
    """The six half-terms of a year (created with default dates when first asked for)."""
    rows = read(lambda: list(
        HalfTerm.select(HalfTerm, Staff).join(AcademicYear).switch(HalfTerm)
        .join(Staff, JOIN.LEFT_OUTER, on=(HalfTerm.locked_by == Staff.id), attr="locker")
        .where(AcademicYear.start_year == start_year)
        .order_by(HalfTerm.number)
    ))
    if len(rows) < 6:
        write(lambda: ensure_year(start_year))
        return half_terms(start_year)
    return [_info(row, start_year) for row in rows]


def current_half_term(today: dt.date | None = None) -> HalfTermInfo:
    """The half-term that today falls in (in a holiday: the one just ended)."""
    today = today or dt.date.today()
    terms = half_terms(calendar.academic_year_of(today))
    number = calendar.current_half_term(today, [t.dates for t in terms]).number
    return terms[number - 1]


def half_term(start_year: int, number: int) -> HalfTermInfo:
    if not 1 <= number <= 6:
        raise ValueError(f"half-term {number} is not 1 to 6")
    return half_terms(start_year)[number - 1]


def set_half_term_dates(start_year: int, number: int, start: dt.date, end: dt.date, login: str) -> None:
    """Edit a half-term's dates (schools' holidays differ from the defaults)."""
    if end < start:
        raise ValueError("a half-term cannot end before it starts")
    terms = half_terms(start_year)
    before = terms[number - 2] if number > 1 else None
    after = terms[number] if number < 6 else None
    if (before and start <= before.end) or (after and end >= after.start):
        raise ValueError("half-terms cannot overlap")

    def change() -> None:
        HalfTerm.update(start=start, end=end).where(HalfTerm.id == terms[number - 1].id).execute()
        audit(login, "calendar.dates", "half_term", terms[number - 1].id, start=start, end=end)

    write(change)


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

    @property
    def year_label(self) -> str:
        return "Reception" if self.year_group == 0 else f"Year {self.year_group}"


def classes(start_year: int | None = None) -> list[ClassInfo]:
    """The classes of an academic year (default: this one), by year group then name."""
    start_year = start_year or calendar.academic_year_of(dt.date.today())

    def query() -> list[ClassInfo]:
        from peewee import JOIN, fn

        from amtui.db.models import Pupil

        rows = (
            SchoolClass.select(SchoolClass, fn.COUNT(Pupil.id).alias("n"))
            .join(AcademicYear).switch(SchoolClass)
            .join(Pupil, JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id) & Pupil.left_on.is_null())
            .where(AcademicYear.start_year == start_year)
            .group_by(SchoolClass.id)
            .order_by(SchoolClass.year_group, SchoolClass.name)
        )
        return [ClassInfo(c.id, c.name, c.year_group, c.n) for c in rows]

    return read(query)


def class_by_name(name: str, start_year: int | None = None) -> ClassInfo | None:
    wanted = name.strip().lower()
    return next((c for c in classes(start_year) if c.name.lower() == wanted), None)


def set_lock(half_term_id: int, user, locked: bool, reason: str = "") -> None:
    """Lock (or unlock) a half-term's records; SLT only, audited."""
    from amtui.domain.permissions import Action, require

    require(user.roles, Action.LOCK_HALF_TERM)
    reason = checked("reason", reason.strip())

    def change() -> None:
        values = {"locked_at": now(), "locked_by": user.staff_id, "lock_reason": reason.strip()} if locked \
            else {"locked_at": None, "locked_by": None, "lock_reason": ""}
        HalfTerm.update(**values).where(HalfTerm.id == half_term_id).execute()
        audit(user.login, "half_term.lock" if locked else "half_term.unlock", "half_term", half_term_id,
              reason=reason)

    write(change)
