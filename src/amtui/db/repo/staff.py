"""Who is at the keyboard, and staff records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from amtui.db.compiled import compiled
from amtui.db.connection import read
from amtui.db.models import ClassStaff, Staff, StaffRemit
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, NotAllowed, Remit, allowed
from amtui.domain.roles import Role, parse_roles

T = TypeVar("T")

@dataclass(frozen=True)
class CurrentUser:
    """The member of staff using this session (from their operating-system login)."""

    login: str
    staff_id: int | None
    name: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    class_ids: frozenset[int] = field(default_factory=frozenset)  # the classes and groups linked to them today
    hod_subjects: frozenset[int] = field(default_factory=frozenset)  # the subjects they head
    hoy_years: frozenset[int] = field(default_factory=frozenset)  # the year groups they head
    left: bool = False  # a leaver: deactivated, and may not log in
    left_on: dt.date | None = None  # the day they were deactivated, when known

    @property
    def known(self) -> bool:
        return self.staff_id is not None

    @property
    def read_only(self) -> bool:
        """Unknown logins may look but not change anything."""
        return not self.known

    @property
    def refused(self) -> str:
        """Why this person may not use amtui at all ('' when they may): a leaver."""
        if not self.left:
            return ""
        when = f" on {self.left_on:%d/%m/%Y}" if self.left_on else ""
        return (f"Your login '{self.login}' was taken off the staff list{when}, so amtui is closed "
                "to you. If that is a mistake, ask your amtui admin (amtui staff add).")

    @property
    def notice(self) -> str:
        """What to tell the user about their access, or '' when nothing needs saying."""
        if self.known:
            return ""
        if self.left:
            return self.refused
        return (
            f"Your login '{self.login}' is not on the staff list, so amtui is read-only "
            "for you. Ask your amtui admin to add you (amtui import staff)."
        )

    @property
    def remit(self) -> Remit:
        """What they answer for, as ``may_enter`` weighs it."""
        return Remit(self.class_ids, self.hod_subjects, self.hoy_years)

    def has(self, role: Role) -> bool:
        return role in self.roles

    def may(self, action: Action, class_id: int | None = None) -> bool:
        """Whether the user may take ``action`` (on a pupil or class in ``class_id``)."""
        in_scope = class_id is None or class_id in self.class_ids
        return allowed(self.roles, action, in_scope=in_scope)

    def may_edit_class(self, class_id: int) -> bool:
        """Teachers and TAs edit their own classes; SLT and admin edit all."""
        return self.may(Action.EDIT_MARKS, class_id)

    @property
    def roles_text(self) -> str:
        return ", ".join(role.title for role in sorted(self.roles, key=list(Role).index))


def roles_of(staff: Staff) -> frozenset[Role]:
    """A staff row's roles; a damaged value reads as no roles rather than failing."""
    try:
        return parse_roles(staff.roles) if staff.roles else frozenset()
    except ValueError:
        return frozenset()


def links_open_on(day: dt.date):
    """The condition on ``ClassStaff`` rows for the links open on ``day``: started on or
    before it (or from the beginning), ended after it (or not at all)."""
    return ((ClassStaff.start.is_null() | (ClassStaff.start <= day))
            & (ClassStaff.end.is_null() | (ClassStaff.end > day)))


@compiled
def _heads(staff):
    return StaffRemit.select(StaffRemit.subject, StaffRemit.year_group).where(StaffRemit.staff == staff)


def remit_in(staff_id: int, class_ids: frozenset[int]) -> Remit:
    """A member of staff's remit: ``class_ids`` (the classes and groups linked to them on the
    day) and the subjects (HoD) and year groups (HoY) they head. Call inside a read."""
    subjects, years = set(), set()
    for subject, year_group in _heads(staff=staff_id):
        if subject is not None:
            subjects.add(subject)
        if year_group is not None:
            years.add(year_group)
    return Remit(class_ids, frozenset(subjects), frozenset(years))


@compiled
def _linked_on(staff, day):
    return ClassStaff.select(ClassStaff.school_class).where((ClassStaff.staff == staff) & links_open_on(day))


@compiled
def _standing(staff):
    return Staff.select(Staff.roles, Staff.active).where(Staff.id == staff)


def roles_now(user: CurrentUser) -> frozenset[Role]:
    """``user``'s roles as the database holds them now (none once deactivated): ``as_now``'s
    first read, alone for a save that needs no remit once the roles let it in anywhere."""
    if user.staff_id is None:
        return user.roles
    found = _standing(staff=user.staff_id)
    return roles_of(Staff(roles=found[0][0])) if found and found[0][1] else frozenset()


def as_now(user: CurrentUser, day: dt.date, *, heads: bool = True) -> CurrentUser:
    """``user`` as the database holds them now: their roles (none once deactivated), the
    classes and groups linked to them on ``day`` (a past half-term's: the ones they taught
    then) and what they head. Not as read at login: a save calls it inside its own write,
    so a role, a link or a remit changed by another session since counts at the next save.
    The one place a save learns who the person is now. Runs on every keystroke's save: its
    SQL is built once. ``heads=False``: for a save that weighs only roles and links (a
    weekly score), what they head is not read and comes back as nothing."""
    if user.staff_id is None:
        return user
    roles = roles_now(user)
    class_ids = frozenset(class_id for (class_id,) in _linked_on(staff=user.staff_id, day=day))
    remit = remit_in(user.staff_id, class_ids) if heads else Remit(class_ids, frozenset(), frozenset())
    return replace(user, roles=roles, class_ids=class_ids, hod_subjects=remit.hod_subjects,
                   hoy_years=remit.hoy_years)


@dataclass(frozen=True)
class Refused:
    """A read ``with_person`` made that was refused (a ``UserFacingError``): why, kept with the
    person it was refused to, so that who they are now is not lost with the read."""

    error: UserFacingError


def with_person(user: CurrentUser, day: dt.date,
                reads: Callable[[CurrentUser], T]) -> tuple[CurrentUser, T | Refused]:
    """``user`` as the database holds them now (``as_now`` on ``day``), then what ``reads``
    reads for that person: a screen's read and who it is for, in one job, so what the screen
    shows and offers (rows, keys, a refusal) is for the person as they are now, not as at
    login or at the last screen's read. A refused read comes back as ``Refused`` with the
    person; so does any read by a person taken off the staff list since (``refused``: amtui
    is closed to them, as at login), without reading."""
    person = read(lambda: _leaver_or_not(as_now(user, day)))
    if person.refused:
        return person, Refused(NotAllowed(person.refused))
    try:
        return person, reads(person)
    except UserFacingError as refused:
        return person, Refused(refused)


def _leaver_or_not(person: CurrentUser) -> CurrentUser:
    """``person`` marked as a leaver when they were deactivated, and no longer once brought
    back (call inside the read). Only a person with no roles is asked about (a leaver has
    none): no query for everyone else."""
    if person.staff_id is None:
        return person
    if not person.roles:
        row = Staff.select(Staff.active, Staff.left_on).where(Staff.id == person.staff_id).first()
        if row is None or not row.active:
            return replace(person, left=True, left_on=row.left_on if row is not None else None)
    return replace(person, left=False, left_on=None) if person.left else person


def teachers_on(class_id: int, day: dt.date) -> frozenset[int]:
    """The staff ids linked to a class on ``day`` (its teachers and TAs then). Call inside a read."""
    return frozenset(ClassStaff.select(ClassStaff.staff)
                     .where((ClassStaff.school_class == class_id) & links_open_on(day)).scalars())


def identify(login: str, day: dt.date | None = None) -> CurrentUser:
    """The current user for an OS login, with the classes linked to them on ``day`` (default
    today); unknown logins are read-only, and a leaver's ``refused`` says why they may not log in."""
    day = day or dt.date.today()

    def query() -> CurrentUser:
        staff = Staff.get_or_none(Staff.username == login)
        if staff is None:
            return CurrentUser(login=login, staff_id=None, name=login)
        if not staff.active:
            return CurrentUser(login=login, staff_id=None, name=staff.name, left=True, left_on=staff.left_on)
        class_ids = frozenset(link.school_class_id for link in ClassStaff.select(ClassStaff.school_class)
                              .where((ClassStaff.staff == staff) & links_open_on(day)))
        remit = remit_in(staff.id, class_ids)
        return CurrentUser(
            login=login, staff_id=staff.id, name=staff.name, roles=roles_of(staff), class_ids=class_ids,
            hod_subjects=remit.hod_subjects, hoy_years=remit.hoy_years,
        )

    return read(query)
