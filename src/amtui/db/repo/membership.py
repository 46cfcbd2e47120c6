"""Pupils' classes over time: who is in a class on a day, moves during the year, and a
pupil's class and year group in each academic year.

A membership row is open from its ``start`` (None: the beginning of its academic year) up
to the day before its ``end`` (None: the end of the year). ``Pupil.school_class`` and
``Pupil.year_group`` are the pupil's open row in the newest year they have one, kept in
step by :func:`place`, the one function that writes memberships. A pupil on roll with no
row at all in a year (written by something that knows nothing of memberships) is taken to
be in their ``Pupil.school_class`` for the whole of that class's year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from amtui.db.audit import audit
from amtui.db.compiled import compiled
from amtui.db.connection import read, write
from amtui.db.models import AcademicYear, ClassMembership, GroupMembership, HalfTerm, Pupil, SchoolClass
from amtui.domain.calendar import academic_year_of
from amtui.domain.errors import UserFacingError
from amtui.domain.year_group import year_label


def year_span(start_year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the academic year starting in September ``start_year``."""
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def clamp(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """``day`` moved into [first, last]."""
    return min(max(day, first), last)


def half_term_day(half_term, today: dt.date | None = None) -> dt.date:
    """The day a class is read for at a half-term: today while it runs, its last day once
    it is over, its first day before it starts."""
    return clamp(today or dt.date.today(), half_term.start, half_term.end)


def class_day(class_id: int, today: dt.date | None = None) -> dt.date:
    """Today for a class of this year; the last day of its year for a past year's class.
    Call inside a read or write."""
    start_year = (SchoolClass.select(AcademicYear.start_year).join(AcademicYear)
                  .where(SchoolClass.id == class_id).scalar())
    if start_year is None:
        return today or dt.date.today()
    return clamp(today or dt.date.today(), *year_span(start_year))


def open_on(day: dt.date):
    """The condition: a membership open on ``day``."""
    return ((ClassMembership.start.is_null() | (ClassMembership.start <= day))
            & (ClassMembership.end.is_null() | (ClassMembership.end > day)))


def _unlisted(year_id: int):
    """Pupils on roll with no row in the year: their ``Pupil.school_class`` stands (a pupil
    written by something that knows nothing of memberships)."""
    listed = ClassMembership.select(ClassMembership.id).where(
        (ClassMembership.pupil == Pupil.id) & (ClassMembership.academic_year == year_id))
    return Pupil.left_on.is_null() & ~fn.EXISTS(listed)


def members_on(class_id: int, on: dt.date | None = None):
    """A sub-query of the ids of the pupils in the class (or teaching group) on ``on``
    (default: :func:`class_day`). Call inside a read or write."""
    day = on or class_day(class_id)
    year_id, subject_id = (SchoolClass.select(SchoolClass.academic_year, SchoolClass.subject)
                           .where(SchoolClass.id == class_id).tuples().first() or (None, None))
    if subject_id is not None:  # a teaching group: its pupils are its group memberships
        return group_members_on(class_id, day)
    listed = ClassMembership.select(ClassMembership.pupil).where(
        (ClassMembership.school_class == class_id) & open_on(day))
    return listed | Pupil.select(Pupil.id).where((Pupil.school_class == class_id) & _unlisted(year_id))


def group_open_on(day: dt.date):
    """The condition: a teaching group place open on ``day``."""
    return ((GroupMembership.start.is_null() | (GroupMembership.start <= day))
            & (GroupMembership.end.is_null() | (GroupMembership.end > day)))


def group_members_on(group_id: int, day: dt.date):
    """A sub-query of the ids of the pupils in a teaching group on ``day``."""
    return GroupMembership.select(GroupMembership.pupil).where(
        (GroupMembership.group == group_id) & group_open_on(day))


@compiled
def _year_places(start_year, pupils):
    return (ClassMembership.select(ClassMembership.pupil, ClassMembership.school_class, SchoolClass.name,
                                   ClassMembership.year_group, ClassMembership.start, ClassMembership.end)
            .join(SchoolClass, JOIN.LEFT_OUTER).switch(ClassMembership).join(AcademicYear)
            .where((AcademicYear.start_year == start_year) & ClassMembership.pupil.in_(pupils))
            .order_by(ClassMembership.id))


def places_on(day: dt.date, pupil_ids: list[int]) -> dict[int, tuple[int | None, str, int]]:
    """Pupil id -> (class id, class name, year group) on ``day``, for the pupils with a row in
    that day's academic year (a pupil in no class that day: no class). Call inside a read.
    A weekly score's save reads its pupil's: the SQL is built once (``db.compiled``)."""
    found: dict[int, tuple[int | None, str, int]] = {}
    for pid, cid, name, year_group, start, end in _year_places(start_year=academic_year_of(day), pupils=pupil_ids):
        if (start is None or start <= day) and (end is None or end > day):
            found[pid] = (cid, name or "", year_group)
        else:
            found.setdefault(pid, (None, "", year_group))
    return found


def class_sizes(year_id: int, day: dt.date) -> dict[int, int]:
    """Class id -> how many pupils are in it on ``day`` (a day of that year)."""
    sizes = dict(ClassMembership.select(ClassMembership.school_class, fn.COUNT(ClassMembership.id))
                 .where((ClassMembership.academic_year == year_id) & open_on(day)
                        & ClassMembership.school_class.is_null(False))
                 .group_by(ClassMembership.school_class).tuples())
    for class_id, n in (Pupil.select(Pupil.school_class, fn.COUNT(Pupil.id)).join(SchoolClass)
                        .where((SchoolClass.academic_year == year_id) & _unlisted(year_id))
                        .group_by(Pupil.school_class).tuples()):
        sizes[class_id] = sizes.get(class_id, 0) + n
    # A teaching group's pupils are its group members (a class's are its class members).
    sizes.update(GroupMembership.select(GroupMembership.group, fn.COUNT(GroupMembership.id))
                 .join(SchoolClass, on=(GroupMembership.group == SchoolClass.id))
                 .where((SchoolClass.academic_year == year_id) & SchoolClass.subject.is_null(False)
                        & group_open_on(day))
                 .group_by(GroupMembership.group).tuples())
    return sizes


# --- writing ----------------------------------------------------------------------------


def place(pupil_id: int, year_id: int, class_id: int | None, year_group: int, on: dt.date) -> bool:
    """Put a pupil in a class (or none) and year group in an academic year from ``on``.

    Up to the first day of term, or on the day their open row started, the open row is
    corrected in place; later, it ends on ``on`` and a new row opens, so the old class keeps
    the days the pupil was in it. Returns whether anything changed. Call inside a write.
    """
    start_year = AcademicYear.get_by_id(year_id).start_year
    first = max(year_span(start_year)[0], HalfTerm.select(HalfTerm.start).where(
        (HalfTerm.year == year_id) & (HalfTerm.number == 1)).scalar() or year_span(start_year)[0])
    rows = list(ClassMembership.select().where((ClassMembership.pupil == pupil_id)
                                               & (ClassMembership.academic_year == year_id))
                .order_by(ClassMembership.id))
    current = next((r for r in reversed(rows) if _open(r, on)), None)
    changed = True
    if current is None:
        later = [r for r in rows if r.start is not None and r.start > on]
        ClassMembership.create(pupil=pupil_id, academic_year=year_id, school_class=class_id,
                               year_group=year_group, start=None if on <= first or not rows else on,
                               end=min((r.start for r in later), default=None))
    elif (current.school_class_id, current.year_group) == (class_id, year_group):
        changed = False
    elif on <= first or current.start == on:
        ClassMembership.update(school_class=class_id, year_group=year_group).where(
            ClassMembership.id == current.id).execute()
    else:
        ClassMembership.update(end=on).where(ClassMembership.id == current.id).execute()
        ClassMembership.create(pupil=pupil_id, academic_year=year_id, school_class=class_id,
                               year_group=year_group, start=on, end=current.end)
    if changed:
        _mirror(pupil_id)
    return changed


def _open(row: ClassMembership, day: dt.date) -> bool:
    return (row.start is None or row.start <= day) and (row.end is None or row.end > day)


def _mirror(pupil_id: int) -> None:
    """Keep ``Pupil.school_class``/``year_group`` as the pupil's latest row in their newest year."""
    row = (ClassMembership.select(ClassMembership.school_class, ClassMembership.year_group)
           .join(AcademicYear).where(ClassMembership.pupil == pupil_id)
           .order_by(AcademicYear.start_year.desc(), ClassMembership.end.is_null(False),
                     ClassMembership.end.desc(), ClassMembership.id.desc()).first())
    if row is not None:
        Pupil.update(school_class=row.school_class_id, year_group=row.year_group).where(
            (Pupil.id == pupil_id) & Pupil.left_on.is_null()).execute()


def end_on(pupil_id: int, day: dt.date) -> None:
    """End the pupil's open row in the year of ``day`` on that day (a leaver). Call inside a write."""
    year = AcademicYear.get_or_none(AcademicYear.start_year == academic_year_of(day))
    if year is None:
        return
    for row in ClassMembership.select().where((ClassMembership.pupil == pupil_id)
                                              & (ClassMembership.academic_year == year.id)):
        if _open(row, day):
            if row.start is not None and row.start >= day:
                row.delete_instance()
            else:
                ClassMembership.update(end=day).where(ClassMembership.id == row.id).execute()


def move_pupil(user, upn: str, class_name: str, on: dt.date) -> str:
    """Move a pupil to another class of the year of ``on`` from that day (admin, audited).
    Their marks stay theirs; the old class keeps them for the days before."""
    from amtui.db.repo.staff import roles_now
    from amtui.domain.permissions import Action, require

    start_year = academic_year_of(on)

    def change() -> str:
        require(roles_now(user), Action.MOVE_PUPIL)  # as they are now, not at login
        pupil = Pupil.get_or_none(Pupil.upn == upn.strip().upper())
        if pupil is None:
            raise UserFacingError(f"There is no pupil with UPN {upn}.")
        if pupil.left_on is not None:
            raise UserFacingError(f"{pupil.forename} {pupil.surname} left on {pupil.left_on:%d/%m/%Y}.")
        found = (SchoolClass.select(SchoolClass, AcademicYear).join(AcademicYear)
                 .where((AcademicYear.start_year == start_year)
                        & (fn.LOWER(SchoolClass.name) == class_name.strip().lower())).first())
        if found is None:
            names = ", ".join(n for (n,) in SchoolClass.select(SchoolClass.name).join(AcademicYear)
                              .where(AcademicYear.start_year == start_year).tuples()) or "none"
            raise UserFacingError(f"There is no class '{class_name}' in {start_year}-{(start_year + 1) % 100:02d} "
                                  f"(classes: {names}).")
        before = (ClassMembership.select(ClassMembership, SchoolClass).join(SchoolClass, JOIN.LEFT_OUTER)
                  .where((ClassMembership.pupil == pupil.id) & (ClassMembership.academic_year == found.academic_year_id)
                         & open_on(on)).first())
        year_group = before.year_group if before else pupil.year_group
        name = f"{pupil.forename} {pupil.surname}"
        if not place(pupil.id, found.academic_year_id, found.id, year_group, on):
            return f"{name} is already in {found.name} on {on:%d/%m/%Y}; nothing was changed."
        old = before.school_class.name if before and before.school_class_id else "no class"
        audit(user.login, "pupil.move", "pupil", pupil.id, upn=pupil.upn, from_class=old,
              to_class=found.name, on=on)
        return f"{name} ({pupil.upn}) moved from {old} to {found.name} from {on:%d/%m/%Y}; their records stay theirs."

    return write(change)


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearPlace:
    """Where a pupil was in one academic year (one row per stretch of time)."""

    year: int
    class_name: str
    year_group: int
    start: dt.date | None
    end: dt.date | None

    @property
    def short(self) -> str:
        """e.g. "2026-27 Oak (Y5)"."""
        return f"{self.year}-{(self.year + 1) % 100:02d} {self.class_name or 'no class'} ({year_label(self.year_group, short=True)})"

    @property
    def text(self) -> str:
        """e.g. "2026-27  Year 5  Oak (to 14/01/2027)"."""
        label = f"{self.year}-{(self.year + 1) % 100:02d}  {year_label(self.year_group)}  {self.class_name or 'no class'}"
        span = [f"from {self.start:%d/%m/%Y}" if self.start else "", f"to {self.end - dt.timedelta(days=1):%d/%m/%Y}"
                if self.end else ""]
        return label + (f" ({' '.join(s for s in span if s)})" if any(span) else "")


def pupil_years(pupil_id: int) -> list[YearPlace]:
    """The pupil's classes and year groups, newest year first."""
    return read(lambda: [
        YearPlace(year, name or "", yg, start, end)
        for year, name, yg, start, end in (
            ClassMembership.select(AcademicYear.start_year, SchoolClass.name, ClassMembership.year_group,
                                   ClassMembership.start, ClassMembership.end)
            .join(AcademicYear).switch(ClassMembership).join(SchoolClass, JOIN.LEFT_OUTER)
            .where(ClassMembership.pupil == pupil_id)
            .order_by(AcademicYear.start_year.desc(), ClassMembership.start.desc(nulls="LAST"))
            .tuples())
    ])
