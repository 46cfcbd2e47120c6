"""Reading progress returns: a teaching group's sheet for a window, the latest return for
each pupil and subject, the department's projected grades, and who has not returned.

"The latest return" for a pupil and subject (:func:`latest_returns`) is the one in the
window with the latest due date that holds a value (A/O/B or a projected grade), as of a
day (windows due after it do not count). The writing side is ``db.repo.returns``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.compiled import compiled
from amtui.db.connection import read
from amtui.db.models import (
    ClassStaff, GroupMembership, LongTermTarget, ProgressReturn, Pupil, ReturnWindow, SchoolClass, Staff, Subject,
)
from amtui.db.repo.groups import group_open_on
from amtui.db.repo.returns import WindowInfo
from amtui.db.repo.staff import CurrentUser, as_now
from amtui.domain.names import name_order, pupil_name
from amtui.domain.returns import current_window
from amtui.domain.roles import Role


@dataclass(frozen=True)
class ReturnInfo:
    """One pupil's return in one subject and window."""

    id: int
    pupil_id: int
    subject_id: int
    window: str
    due: dt.date
    aob: str
    projected: str
    coursework: str
    teacher: str
    checked: bool
    query: str

    @property
    def shown(self) -> str:
        """``A``, ``6`` or ``6 (cw 5)``: the return in a few characters."""
        value = self.aob or self.projected
        return f"{value} (cw {self.coursework})" if self.coursework else value


def _returns_where(where):
    return (ProgressReturn.select(ProgressReturn.id, ProgressReturn.pupil, ProgressReturn.subject, ReturnWindow.name,
                                  ReturnWindow.due, ProgressReturn.aob, ProgressReturn.projected,
                                  ProgressReturn.coursework, Staff.name, ProgressReturn.checked_by,
                                  ProgressReturn.query)
            .join(ReturnWindow).switch(ProgressReturn)
            .join(Staff, on=(ProgressReturn.staff == Staff.id), join_type=JOIN.LEFT_OUTER)
            .where(where).tuples())


def _as_infos(rows) -> list[ReturnInfo]:
    return [ReturnInfo(rid, pid, sid, name, due, aob, projected, cw, teacher or "", checked is not None, note)
            for rid, pid, sid, name, due, aob, projected, cw, teacher, checked, note in rows]


def _infos(where) -> list[ReturnInfo]:
    return _as_infos(_returns_where(where))


@compiled
def _one_return(window, pupil, subject):
    return _returns_where((ProgressReturn.window == window) & (ProgressReturn.pupil == pupil)
                          & (ProgressReturn.subject == subject))


def latest_returns(pupil_ids: Collection[int], subject_id: int | None = None,
                   on: dt.date | None = None, projected: bool = False) -> dict[tuple[int, int], ReturnInfo]:
    """(pupil id, subject id) -> the latest return with a value (``projected``: with a
    projected grade), of windows due on or before ``on`` (None: any). Of these pupils, in one
    subject or every one."""

    def query() -> dict[tuple[int, int], ReturnInfo]:
        valued = ProgressReturn.projected != ""
        if not projected:
            valued |= ProgressReturn.aob != ""
        where = ProgressReturn.pupil.in_(list(pupil_ids)) & valued
        if subject_id is not None:
            where &= ProgressReturn.subject == subject_id
        if on is not None:
            where &= ReturnWindow.due <= on
        latest: dict[tuple[int, int], ReturnInfo] = {}
        for info in _infos(where):
            key = (info.pupil_id, info.subject_id)
            if key not in latest or (info.due, info.id) > (latest[key].due, latest[key].id):
                latest[key] = info
        return latest

    return read(query)


def current_targets(pupil_ids: Collection[int], subject_id: int, start_year: int) -> dict[int, str]:
    """Pupil id -> their current target in the subject: this year's end-of-year target, else
    the newest end-of-key-stage target."""
    from amtui.db.models import AcademicYear

    rows = (LongTermTarget.select(LongTermTarget.pupil, LongTermTarget.kind, LongTermTarget.substage,
                                  AcademicYear.start_year)
            .join(AcademicYear)
            .where(LongTermTarget.pupil.in_(list(pupil_ids)) & (LongTermTarget.subject == subject_id))
            .order_by(LongTermTarget.id).tuples())
    best: dict[int, tuple[int, str]] = {}
    for pupil_id, kind, label, year in rows:
        rank = 2 if kind == "year" and year == start_year else (1 if kind != "year" else 0)
        if rank >= best.get(pupil_id, (-1, ""))[0]:
            best[pupil_id] = (rank, label)
    return {pupil_id: label for pupil_id, (_, label) in best.items()}


# --- a teaching group's sheet ----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupChoice:
    """A teaching group a person returns for in a window."""

    id: int
    name: str
    subject_id: int
    subject: str


@dataclass(frozen=True)
class SheetRow:
    pupil_id: int
    name: str
    target: str
    last: str  # the previous return, shown ("" when none)
    this: ReturnInfo | None


@dataclass(frozen=True)
class ReturnSheet:
    window: WindowInfo
    group: GroupChoice
    rows: list[SheetRow]


def teacher_links(day: dt.date):
    """The condition: a teacher's link to a class or group open on ``day``."""
    return ((ClassStaff.role == "teacher") & (ClassStaff.start.is_null() | (ClassStaff.start <= day))
            & (ClassStaff.end.is_null() | (ClassStaff.end > day)))


def groups_for(user: CurrentUser, window: WindowInfo, start_year: int,
               day: dt.date | None = None) -> list[GroupChoice]:
    """The teaching groups of the window's year group this person returns for: the ones they
    teach, every group of a subject they head, every group for SLT and admin. Their roles,
    groups and departments as the database holds them when the list is read (``as_now``):
    a group given or taken away since login shows at the screen's next read."""

    def query() -> list[GroupChoice]:
        from amtui.db.models import AcademicYear

        me = as_now(user, day or dt.date.today())
        rows = (SchoolClass.select(SchoolClass.id, SchoolClass.name, Subject.id, Subject.name)
                .join(Subject, on=(SchoolClass.subject == Subject.id)).switch(SchoolClass).join(AcademicYear)
                .where((AcademicYear.start_year == start_year) & (SchoolClass.year_group == window.year_group)))
        if not me.roles & {Role.SLT, Role.ADMIN}:
            rows = rows.where(SchoolClass.id.in_(list(me.class_ids)) | Subject.id.in_(list(me.hod_subjects)))
        return sorted((GroupChoice(*row) for row in rows.tuples()), key=lambda g: (g.subject.lower(), g.name.lower()))

    return read(query)


def return_sheet(window: WindowInfo, group: GroupChoice, start_year: int, day: dt.date) -> ReturnSheet:
    """A group's pupils on ``day`` by name, each with their target, last return and this one."""

    def query() -> ReturnSheet:
        pupils = list(Pupil.select(Pupil.id, Pupil.surname, Pupil.forename)
                      .join(GroupMembership, on=(GroupMembership.pupil == Pupil.id))
                      .where((GroupMembership.group == group.id) & group_open_on(day) & Pupil.left_on.is_null())
                      .order_by(Pupil.surname, Pupil.forename).tuples())
        ids = [pid for pid, _, _ in pupils]
        this = {info.pupil_id: info for info in _infos(
            (ProgressReturn.window == window.id) & (ProgressReturn.subject == group.subject_id)
            & ProgressReturn.pupil.in_(ids))}
        last = latest_returns(ids, group.subject_id, window.due - dt.timedelta(days=1))
        targets = current_targets(ids, group.subject_id, start_year)
        rows = [SheetRow(pid, pupil_name(forename, surname), targets.get(pid, ""),
                         last[(pid, group.subject_id)].shown if (pid, group.subject_id) in last else "", this.get(pid))
                for pid, surname, forename in pupils]
        return ReturnSheet(window, group, rows)

    return read(query)


def open_queries(user: CurrentUser) -> list[ReturnInfo]:
    """The returns this person entered that a head of department has queried, not yet answered."""
    if user.staff_id is None:
        return []
    return read(lambda: _infos((ProgressReturn.staff == user.staff_id) & (ProgressReturn.query != "")))


# --- the department's returns and who has not returned -----------------------------------------------


@dataclass(frozen=True)
class Expected:
    """A pupil a return is expected for: in a teaching group of the window's year group."""

    pupil_id: int
    name: str
    group: str
    subject_id: int
    subject: str
    teacher: str


def expected(window: WindowInfo, start_year: int, day: dt.date, subject_ids: Collection[int] | None = None) -> list[Expected]:
    """Every pupil and subject the window expects a return for, with the group's teacher
    (``no teacher`` when nobody teaches it), by subject, group and name."""
    from amtui.db.models import AcademicYear

    # Ids only: a name is read (and made safe to show) once per pupil, group and subject,
    # not once per pupil and subject (12,000 rows on a 1,200-pupil school).
    rows = (GroupMembership.select(GroupMembership.pupil, SchoolClass.id, SchoolClass.subject)
            .join(SchoolClass).join(AcademicYear).switch(GroupMembership)
            .join(Pupil, on=(GroupMembership.pupil == Pupil.id))
            .where((AcademicYear.start_year == start_year) & (SchoolClass.year_group == window.year_group)
                   & SchoolClass.subject.is_null(False) & group_open_on(day) & Pupil.left_on.is_null()))
    if subject_ids is not None:
        rows = rows.where(SchoolClass.subject.in_(list(subject_ids)))
    found_ids = GroupMembership._meta.database.execute_sql(*rows.sql()).fetchall()  # plain ints: no row objects
    pupils: dict[int, str] = {}
    order: dict[int, tuple[str, str]] = {}  # each pupil's place in a list: by surname
    for pid, surname, forename in (Pupil.select(Pupil.id, Pupil.surname, Pupil.forename)
                                   .where(Pupil.id.in_(list({pid for pid, _, _ in found_ids}))).tuples()):
        pupils[pid], order[pid] = pupil_name(forename, surname), name_order(surname, forename)
    groups = dict(SchoolClass.select(SchoolClass.id, SchoolClass.name)
                  .where(SchoolClass.id.in_(list({gid for _, gid, _ in found_ids}))).tuples())
    subjects = dict(Subject.select(Subject.id, Subject.name).tuples())
    teachers: dict[int, list[str]] = defaultdict(list)
    for class_id, name in (ClassStaff.select(ClassStaff.school_class, Staff.name).join(Staff)
                           .where(teacher_links(day) & ClassStaff.school_class.in_(list(groups))).order_by(Staff.name)
                           .tuples()):
        teachers[class_id].append(name)
    found = [Expected(pid, pupils[pid], groups[gid], sid, subjects[sid], " & ".join(teachers[gid]) or "no teacher")
             for pid, gid, sid in found_ids]
    return sorted(found, key=lambda e: (e.subject.lower(), e.group.lower(), order[e.pupil_id]))


def missing(window: WindowInfo, start_year: int, day: dt.date,
            subject_ids: Collection[int] | None = None) -> list[Expected]:
    """The pupils and subjects with no return yet in the window (for chasing), by subject,
    group and name; of some subjects only (a head of department's) when given."""

    def query() -> list[Expected]:
        done = set(ProgressReturn.select(ProgressReturn.pupil, ProgressReturn.subject)
                   .where((ProgressReturn.window == window.id)
                          & ((ProgressReturn.aob != "") | (ProgressReturn.projected != ""))).tuples())
        return [e for e in expected(window, start_year, day, subject_ids) if (e.pupil_id, e.subject_id) not in done]

    return read(query)


@dataclass(frozen=True)
class DepartmentRow:
    """A pupil's return as the head of department checks it."""

    expected: Expected
    target: str
    this: ReturnInfo | None


def department_returns(window: WindowInfo, subject_id: int, start_year: int, day: dt.date) -> list[DepartmentRow]:
    """A subject's pupils in the window's year group, with their target and return."""

    def query() -> list[DepartmentRow]:
        pupils = expected(window, start_year, day, [subject_id])
        ids = [e.pupil_id for e in pupils]
        this = {info.pupil_id: info for info in _infos(
            (ProgressReturn.window == window.id) & (ProgressReturn.subject == subject_id)
            & ProgressReturn.pupil.in_(ids))}
        targets = current_targets(ids, subject_id, start_year)
        return [DepartmentRow(e, targets.get(e.pupil_id, ""), this.get(e.pupil_id)) for e in pupils]

    return read(query)


def window_returns(window: WindowInfo) -> list[tuple[str, str, ReturnInfo]]:
    """Every return of a window as (upn, subject, return), by subject and UPN."""

    def query() -> list[tuple[str, str, ReturnInfo]]:
        infos = _infos(ProgressReturn.window == window.id)
        upns = dict(Pupil.select(Pupil.id, Pupil.upn).where(Pupil.id.in_([i.pupil_id for i in infos])).tuples())
        subjects = dict(Subject.select(Subject.id, Subject.name).tuples())
        rows = [(upns[i.pupil_id], subjects[i.subject_id], i) for i in infos]
        return sorted(rows, key=lambda row: (row[1].lower(), row[0]))

    return read(query)


def group_teachers_in(subject_id: int, day: dt.date) -> dict[int, int]:
    """Pupil id -> the staff id of their teaching group's teacher in the subject on ``day``
    (the first by name where a group has two). Call inside a read or write."""
    rows = (GroupMembership.select(GroupMembership.pupil, ClassStaff.staff)
            .join(SchoolClass).join(ClassStaff, on=(ClassStaff.school_class == SchoolClass.id))
            .join(Staff, on=(ClassStaff.staff == Staff.id))
            .where((SchoolClass.subject == subject_id) & group_open_on(day) & teacher_links(day))
            .order_by(Staff.name.desc()).tuples())
    return dict(rows)


def return_of(window_id: int, pupil_id: int, subject_id: int) -> ReturnInfo | None:
    """One pupil's return in a window and subject, as saved (None: none yet). The return
    screen reads it after every save: its SQL is built once (``db.compiled``)."""
    found = read(lambda: _as_infos(_one_return(window=window_id, pupil=pupil_id, subject=subject_id)))
    return found[0] if found else None


def current_windows(start_year: int, today: dt.date) -> list[WindowInfo]:
    """Each year group's window open for returns on ``today`` (the latest opened), by year."""
    from amtui.db.repo.returns import windows

    found = windows(start_year, today=today)
    plans = [info.plan for info in found]
    current = []
    for year_group in sorted({info.year_group for info in found}):
        plan = current_window(plans, year_group, today)
        if plan is not None:
            current.append(next(info for info in found if info.name == plan.name))
    return current


def return_choices(user: CurrentUser, start_year: int, today: dt.date) -> list[tuple[WindowInfo, GroupChoice]]:
    """The groups this person returns for now, each with its year group's open window."""
    return [(window, group) for window in current_windows(start_year, today)
            for group in groups_for(user, window, start_year, today)]
