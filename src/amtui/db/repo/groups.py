"""A secondary school's teaching groups and tutor groups, and who answers for which pupils.

A teaching group is a ``SchoolClass`` with a subject (``10X/Ma2``); a tutor group is a class
without one, and a pupil's tutor group is their class membership (``db.repo.membership``).
A pupil is in one teaching group per subject at a time: :func:`join` ends their open place
in another group of the subject the day the new one starts. Staff teach groups through
``ClassStaff`` links, as they teach classes.

The entry rule itself is ``domain.permissions.may_enter``; this module gives it what it
weighs: a pupil's :func:`placements_in` a subject (a person's remit is
``db.repo.staff.remit_in``, on ``CurrentUser.remit``).

Functions named ``*_in`` run inside the caller's read or write; the others open their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from peewee import JOIN, fn

from amtui.db.audit import audit
from amtui.db.compiled import compiled
from amtui.db.connection import read, write
from amtui.db.models import (
    AcademicYear, ClassMembership, ClassStaff, GroupMembership, Pupil, SchoolClass, StaffRemit, Subject,
)
from amtui.db.repo.membership import group_open_on, open_on
from amtui.domain.calendar import academic_year_of
from amtui.domain.permissions import Placement


@dataclass(frozen=True)
class GroupInfo:
    """A teaching group: ``10X/Ma2``, Maths, Year 10."""

    id: int
    name: str
    year_group: int
    subject_id: int
    subject: str


def teaching_groups(start_year: int, subject_id: int | None = None) -> list[GroupInfo]:
    """The teaching groups of an academic year (of one subject), by year group and name."""

    def query() -> list[GroupInfo]:
        rows = (SchoolClass.select(SchoolClass.id, SchoolClass.name, SchoolClass.year_group, Subject.id,
                                   Subject.name)
                .join(Subject, on=(SchoolClass.subject == Subject.id)).switch(SchoolClass)
                .join(AcademicYear).where(AcademicYear.start_year == start_year))
        if subject_id is not None:
            rows = rows.where(SchoolClass.subject == subject_id)
        return sorted((GroupInfo(*row) for row in rows.tuples()), key=lambda g: (g.year_group, g.name.lower()))

    return read(query)


def pupils_groups(pupil_id: int, day: dt.date) -> dict[int, GroupInfo]:
    """Subject id -> the pupil's teaching group in it on ``day``."""

    def query() -> dict[int, GroupInfo]:
        rows = (GroupMembership.select(SchoolClass.id, SchoolClass.name, SchoolClass.year_group, Subject.id,
                                       Subject.name)
                .join(SchoolClass).join(Subject, on=(SchoolClass.subject == Subject.id))
                .where((GroupMembership.pupil == pupil_id) & group_open_on(day)))
        return {info.subject_id: info for info in (GroupInfo(*row) for row in rows.tuples())}

    return read(query)


# --- what may_enter weighs -----------------------------------------------------------------


@compiled
def _pupils_classes(pupils):
    return Pupil.select(Pupil.id, Pupil.school_class, Pupil.year_group).where(Pupil.id.in_(pupils))


@compiled
def _classes_on(pupils, day):
    return (ClassMembership.select(ClassMembership.pupil, ClassMembership.school_class, ClassMembership.year_group)
            .where(ClassMembership.pupil.in_(pupils) & open_on(day)).order_by(ClassMembership.id))


@compiled
def _groups_in_year(pupils, year):
    return (GroupMembership.select(GroupMembership.pupil, GroupMembership.group, SchoolClass.subject,
                                   GroupMembership.start, GroupMembership.end)
            .join(SchoolClass).join(AcademicYear)
            .where(GroupMembership.pupil.in_(pupils) & (AcademicYear.start_year == year)))


def placements_in(pupil_ids: Collection[int], subject_id: int | None, day: dt.date) -> dict[int, Placement]:
    """Pupil id -> where they are taught ``subject_id`` on ``day``: their class or tutor group,
    year group, teaching groups in the subject and whether they are in any group that year.
    A save's check runs it on every keystroke: its SQL is built once (``db.compiled``)."""
    pupils = sorted(set(pupil_ids))
    basics = {pid: (cid, yg) for pid, cid, yg in _pupils_classes(pupils=pupils)}
    for pid, cid, yg in _classes_on(pupils=pupils, day=day):
        basics[pid] = (cid, yg)
    in_subject: dict[int, set[int]] = {}
    grouped: set[int] = set()
    for pid, gid, sid, start, end in _groups_in_year(pupils=pupils, year=academic_year_of(day)):
        grouped.add(pid)
        if sid == subject_id and (start is None or start <= day) and (end is None or end > day):
            in_subject.setdefault(pid, set()).add(gid)
    return {pid: Placement(cid, yg, subject_id, frozenset(in_subject.get(pid, ())), pid in grouped)
            for pid, (cid, yg) in basics.items()}


def grid_placement_in(class_id: int, subject_id: int, pupil_ids: Collection[int]) -> Placement:
    """Where a class grid's pupils are taught its subject, for ``may_enter`` on the grid as a
    whole: a teaching group of the subject is theirs; a class or tutor group whose pupils
    are in teaching groups (or another subject's group) is not."""
    row = (SchoolClass.select(SchoolClass.year_group, SchoolClass.subject, SchoolClass.academic_year)
           .where(SchoolClass.id == class_id).tuples().first())
    if row is None:
        return Placement(class_id, 0, subject_id)
    year_group, group_subject, year_id = row
    grouped = group_subject is not None or (GroupMembership.select(GroupMembership.id).join(SchoolClass)
                                            .where(GroupMembership.pupil.in_(list(pupil_ids))
                                                   & (SchoolClass.academic_year == year_id)).exists())
    mine = frozenset({class_id}) if group_subject == subject_id else frozenset()
    return Placement(class_id, year_group, subject_id, mine, grouped)


# --- writing ---------------------------------------------------------------------------------


def ensure_group_in(name: str, subject_id: int, year_group: int, year_id: int) -> tuple[int, bool]:
    """The id of this year's teaching group ``name`` (made when new) and whether it was made.
    ValueError when the name is a class or tutor group's, or another subject's group."""
    found = (SchoolClass.select(SchoolClass.id, SchoolClass.subject, SchoolClass.year_group)
             .where((SchoolClass.academic_year == year_id) & (SchoolClass.name == name)).tuples().first())
    if found is None:
        made = SchoolClass.insert(name=name, year_group=year_group, academic_year=year_id,
                                  subject=subject_id).execute()
        return made, True
    group_id, subject, in_year = found
    if subject is None:
        raise ValueError(f"{name} is a class or tutor group this year, not a teaching group")
    if subject != subject_id:
        other = Subject.get_by_id(subject).name
        raise ValueError(f"{name} is a {other} group; a group teaches one subject")
    if in_year != year_group:
        raise ValueError(f"{name} is a Year {in_year} group, not Year {year_group}")
    return group_id, False


def join_in(pupil_id: int, group_id: int, subject_id: int, on: dt.date | None) -> bool:
    """Put a pupil in a teaching group from ``on`` (None: the beginning of the year), ending
    their open place in another group of the subject that day. Whether anything changed."""
    day = on or dt.date.min
    rows = list(GroupMembership.select(GroupMembership.id, GroupMembership.group)
                .join(SchoolClass)
                .where((GroupMembership.pupil == pupil_id) & (SchoolClass.subject == subject_id)
                       & GroupMembership.end.is_null()
                       & (SchoolClass.academic_year == SchoolClass.select(SchoolClass.academic_year)
                          .where(SchoolClass.id == group_id)))
                .tuples())
    if any(group == group_id for _, group in rows):
        return False
    for membership_id, _ in rows:
        GroupMembership.update(end=on).where(GroupMembership.id == membership_id).execute()
    GroupMembership.create(pupil=pupil_id, group=group_id, start=None if on is None else day)
    return True


def teach_in(staff_id: int, group_id: int, on: dt.date | None = None) -> bool:
    """Link a member of staff to a group as its teacher from ``on`` (no-op when linked)."""
    linked = (ClassStaff.select(ClassStaff.id)
              .where((ClassStaff.staff == staff_id) & (ClassStaff.school_class == group_id)
                     & ClassStaff.end.is_null()).exists())
    if linked:
        return False
    ClassStaff.create(staff=staff_id, school_class=group_id, role="teacher", start=on)
    return True


def set_remit(login: str, staff_id: int, *, subject_id: int | None = None, year_group: int | None = None) -> bool:
    """Record that a member of staff heads a subject (HoD) or a year group (HoY); audited.
    Whether it is new."""
    if (subject_id is None) == (year_group is None):
        raise ValueError("a remit is a subject or a year group")

    def change() -> bool:
        where = (StaffRemit.staff == staff_id) & (
            StaffRemit.subject == subject_id if subject_id is not None else StaffRemit.year_group == year_group)
        if StaffRemit.select().where(where).exists():
            return False
        StaffRemit.create(staff=staff_id, subject=subject_id, year_group=year_group)
        audit(login, "staff.remit", "staff", staff_id, subject=subject_id, year_group=year_group)
        return True

    return write(change)


def group_sizes_in(year_id: int, day: dt.date) -> dict[int, int]:
    """Group id -> how many pupils are in it on ``day``."""
    return dict(GroupMembership.select(GroupMembership.group, fn.COUNT(GroupMembership.id))
                .join(SchoolClass, JOIN.INNER).where((SchoolClass.academic_year == year_id) & group_open_on(day))
                .group_by(GroupMembership.group).tuples())


def set_heads_in(staff_id: int, subject_ids: set[int], years: set[int]) -> bool:
    """Make a member of staff head exactly these subjects and year groups; whether it changed."""
    rows = list(StaffRemit.select(StaffRemit.id, StaffRemit.subject, StaffRemit.year_group)
                .where(StaffRemit.staff == staff_id).tuples())
    if ({s for _, s, _ in rows if s is not None}, {y for _, _, y in rows if y is not None}) == (subject_ids, years):
        return False
    StaffRemit.delete().where(StaffRemit.staff == staff_id).execute()
    for subject_id in sorted(subject_ids):
        StaffRemit.create(staff=staff_id, subject=subject_id)
    for year in sorted(years):
        StaffRemit.create(staff=staff_id, year_group=year)
    return True
