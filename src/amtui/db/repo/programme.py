"""The mentoring programme's members: who joined, why, their mentor, who left and why.

Joining adds a ``ProgrammeMembership`` row and, with a mentor named, makes them the
pupil's mentor (the mentor's spell history stays), so the mentee list and meetings work
for the pupil at once. Leaving sets the row's ``left``; nothing is deleted. Marking a pupil
for monitoring by their head of year or department is a row of that kind. Every change is
audited; only the AMT and SLT make them (``Action.REVIEW_CONCERNS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import MentorAssignment, Pupil, ProgrammeMembership, Staff
from amtui.db.repo.staff import CurrentUser, roles_now
from amtui.domain import programme as rules
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, require


@dataclass(frozen=True)
class Member:
    """One open membership: a pupil on the programme or marked for monitoring."""

    id: int
    pupil_id: int
    upn: str
    surname: str
    forename: str
    year_group: int
    kind: rules.Kind
    joined: dt.date
    reason: str
    until: dt.date | None
    mentor: str


def open_where(day: dt.date):
    """The peewee condition for memberships open on ``day`` (``domain.programme.is_open``)."""
    m = ProgrammeMembership
    return ((m.joined <= day) & (m.left.is_null() | (m.left > day))
            & (m.until.is_null() | (m.until >= day)))


def mentors_now(pupil_ids: Collection[int] | None = None) -> dict[int, str]:
    """Each pupil's current mentor's name (call inside a read)."""
    rows = (MentorAssignment.select(MentorAssignment.pupil, Staff.name).join(Staff)
            .where(MentorAssignment.end.is_null()).order_by(MentorAssignment.start, MentorAssignment.id))
    if pupil_ids is not None:
        rows = rows.where(MentorAssignment.pupil.in_(list(pupil_ids)))
    return {pupil: name for pupil, name in rows.tuples()}


def open_kinds_in(day: dt.date, pupil_ids: Collection[int] | None = None) -> dict[int, set[rules.Kind]]:
    """The kinds each pupil is open in on ``day`` (call inside a read)."""
    rows = ProgrammeMembership.select(ProgrammeMembership.pupil, ProgrammeMembership.kind).where(open_where(day))
    if pupil_ids is not None:
        rows = rows.where(ProgrammeMembership.pupil.in_(list(pupil_ids)))
    found: dict[int, set[rules.Kind]] = {}
    for pupil, kind in rows.tuples():
        found.setdefault(pupil, set()).add(rules.Kind(kind))
    return found


def members(day: dt.date, kind: rules.Kind | None = rules.Kind.PROGRAMME,
            year_group: int | None = None) -> list[Member]:
    """Open memberships on ``day`` (of one kind, or all), by year, surname and forename."""
    def query() -> list[Member]:
        m = ProgrammeMembership
        rows = (m.select(m.id, m.pupil, Pupil.upn, Pupil.surname, Pupil.forename, Pupil.year_group, m.kind,
                         m.joined, m.join_reason, m.until)
                .join(Pupil).where(open_where(day) & Pupil.left_on.is_null()))
        if kind is not None:
            rows = rows.where(m.kind == kind.value)
        if year_group is not None:
            rows = rows.where(Pupil.year_group == year_group)
        rows = list(rows.order_by(Pupil.year_group, Pupil.surname, Pupil.forename, m.id).tuples())
        mentors = mentors_now({row[1] for row in rows})
        return [Member(mid, pid, upn, surname, forename, year, rules.Kind(k), joined, reason, until,
                       mentors.get(pid, ""))
                for mid, pid, upn, surname, forename, year, k, joined, reason, until in rows]

    return read(query)


def _set_mentor(pupil_id: int, mentor_id: int, reason: str, day: dt.date) -> bool:
    current = (MentorAssignment.select(MentorAssignment.mentor)
               .where((MentorAssignment.pupil == pupil_id) & MentorAssignment.end.is_null()).scalar())
    if current == mentor_id:
        return False
    if not Staff.select().where((Staff.id == mentor_id) & (Staff.active == True)).exists():  # noqa: E712
        raise UserFacingError("That member of staff is not on the staff list any more; pick another mentor.")
    (MentorAssignment.update(end=day)
     .where((MentorAssignment.pupil == pupil_id) & MentorAssignment.end.is_null()).execute())
    MentorAssignment.create(pupil=pupil_id, mentor=mentor_id, start=day, reason=reason)
    return True


def join_in(login: str, added_by: int | None, pupil_id: int, kind: rules.Kind, reason: str, day: dt.date,
            mentor_id: int | None = None) -> int | None:
    """Open a membership inside the caller's write; None when the pupil is already open in
    that kind (a second key press changes nothing). A Year 9 pupil joins until the end of
    the year. With ``mentor_id`` the mentor changes too."""
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise UserFacingError("That pupil is no longer on roll.")
    if kind in open_kinds_in(day, [pupil_id]).get(pupil_id, set()):
        if mentor_id is not None and _set_mentor(pupil_id, mentor_id, reason, day):
            audit(login, "mentor.change", "pupil", pupil_id, mentor=mentor_id, reason=reason)
        return None
    until = rules.joins_until(pupil.year_group, day) if kind is rules.Kind.PROGRAMME else None
    row = ProgrammeMembership.create(pupil=pupil_id, kind=kind.value, joined=day, join_reason=reason,
                                     until=until, added_by=added_by)
    audit(login, "programme.join", "pupil", pupil_id, kind=kind.value, reason=reason,
          until=until, membership=row.id)
    if mentor_id is not None and _set_mentor(pupil_id, mentor_id, reason, day):
        audit(login, "mentor.change", "pupil", pupil_id, mentor=mentor_id, reason=reason)
    return row.id


def put_on(user: CurrentUser, pupil_id: int, kind: rules.Kind | str, reason: str, day: dt.date,
           mentor_id: int | None = None) -> int | None:
    """The AMT puts a pupil onto the programme (with a mentor) or marks them for HoY or
    HoD monitoring. Returns the new membership's id, None when already there."""
    kind = rules.checked_kind(kind.value if isinstance(kind, rules.Kind) else kind)
    reason = rules.checked_reason(reason)
    if kind is rules.Kind.PROGRAMME and mentor_id is None:
        raise UserFacingError("Pick a mentor: a pupil on the programme meets theirs every half-term.")

    def change() -> int | None:
        require(roles_now(user), Action.REVIEW_CONCERNS)  # as they are now, not at login
        return join_in(user.login, user.staff_id, pupil_id, kind, reason, day, mentor_id)

    return write(change)


def open_membership(pupil_id: int, kind: rules.Kind, day: dt.date) -> int:
    """The pupil's membership of ``kind`` open on ``day`` (what :func:`take_off` ends)."""
    m = ProgrammeMembership
    found = read(lambda: m.select(m.id).where((m.pupil == pupil_id) & (m.kind == kind.value) & open_where(day))
                 .order_by(m.id.desc()).scalar())
    if found is None:
        raise UserFacingError(f"Nothing to end: the pupil has no '{kind.title}' open on {day:%a %d %b %Y}.")
    return found


def take_off(user: CurrentUser, membership_id: int, reason: str, day: dt.date) -> None:
    """End a membership on ``day`` with why; the row stays as history."""
    reason = rules.checked_reason(reason, "why they are leaving")

    def change() -> None:
        require(roles_now(user), Action.REVIEW_CONCERNS)
        row = ProgrammeMembership.get_or_none(ProgrammeMembership.id == membership_id)
        if row is None or row.left is not None:
            raise UserFacingError("That pupil has already left.")
        ProgrammeMembership.update(left=day, leave_reason=reason).where(
            ProgrammeMembership.id == membership_id).execute()
        audit(user.login, "programme.leave", "pupil", row.pupil_id, kind=row.kind, reason=reason,
              membership=membership_id)

    write(change)


def join_whole_year_10(user: CurrentUser, day: dt.date, whole_year_setting: bool) -> int:
    """From May of Year 10 (the setting on) every Year 10 pupil not yet on the programme
    joins; returns how many joined. Before May, or with the setting off, a refusal."""
    if not rules.whole_year_10_joins(day, whole_year_setting):
        raise UserFacingError("Year 10 joins the programme as a whole from May, when the school's setting "
                              "year10_joins_in_may is on.")

    def change() -> int:
        require(roles_now(user), Action.REVIEW_CONCERNS)  # once for the whole year group
        year10 = [pid for (pid,) in Pupil.select(Pupil.id).where((Pupil.year_group == 10)
                                                                 & Pupil.left_on.is_null()).tuples()]
        on = open_kinds_in(day, year10)
        joined = 0
        for pupil_id in year10:
            if rules.Kind.PROGRAMME not in on.get(pupil_id, set()):
                join_in(user.login, user.staff_id, pupil_id, rules.Kind.PROGRAMME, rules.WHOLE_YEAR_10, day)
                joined += 1
        return joined

    return write(change)


@dataclass(frozen=True)
class Spell:
    """One row of a pupil's programme history."""

    kind: rules.Kind
    joined: dt.date
    reason: str
    left: dt.date | None
    leave_reason: str
    until: dt.date | None


def history(pupil_id: int) -> list[Spell]:
    """Every membership the pupil has had, oldest first."""
    m = ProgrammeMembership
    return read(lambda: [Spell(rules.Kind(kind), joined, reason, left, why, until)
                         for kind, joined, reason, left, why, until in
                         m.select(m.kind, m.joined, m.join_reason, m.left, m.leave_reason, m.until)
                         .where(m.pupil == pupil_id).order_by(m.joined, m.id).tuples()])
