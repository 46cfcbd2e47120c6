"""A mentor's mentees and their meetings: the list, booking, opening one, mentor changes.

The agenda's own reads and writes are in ``meeting_agenda`` and ``meeting_saves``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import Meeting, MentorAssignment, Pupil, SchoolClass, Staff
from amtui.db.repo import school
from amtui.db.repo.pupils import MeetingClock, MeetingDue, last_meetings
from amtui.db.repo.staff import CurrentUser, roles_now
from amtui.domain.characteristics import has_sen
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, NotAllowed, refusal, require
from amtui.domain.roles import Role, parse_roles
from amtui.domain.text import checked

OPEN = ("scheduled", "in_progress")
"""Meeting statuses that are not over: booked, or being held (and resumable)."""


NO_LONGER_MENTOR = ("You are no longer this pupil's mentor, so this meeting can't be saved by you: "
                    "what you typed is kept here. Ask the new mentor or SLT to carry it on.")


@dataclass(frozen=True)
class MenteeRow:
    """One mentee in a mentor's list."""

    pupil_id: int
    upn: str
    name: str
    class_name: str
    extra: bool  # flagged for extra meetings
    sen: bool
    due: MeetingDue
    booked: dt.datetime | None  # the next booked meeting
    in_progress: bool  # a meeting started and not finished

    @property
    def sort_key(self) -> tuple:
        """Flagged for extra meetings first, then overdue, then by due date."""
        return (not self.extra, not self.due.overdue, self.due.due, self.name.lower())


def pupil_by_upn(upn: str) -> tuple[int, str] | None:
    """(id, name) of the pupil with this UPN (any case), or None."""
    row = read(lambda: Pupil.select(Pupil.id, Pupil.forename, Pupil.surname)
               .where(fn.UPPER(Pupil.upn) == upn.strip().upper()).tuples().first())
    return (row[0], f"{row[1]} {row[2]}") if row else None


def current_mentor(pupil_id: int) -> int | None:
    """The staff id of the pupil's mentor now (the open assignment)."""
    return (MentorAssignment.select(MentorAssignment.mentor)
            .where((MentorAssignment.pupil == pupil_id) & MentorAssignment.end.is_null())
            .order_by(MentorAssignment.start.desc(), MentorAssignment.id.desc()).scalar())


def mentees(mentor_id: int | None, today: dt.date) -> list[MenteeRow]:
    """The mentor's current mentees on roll, in the order the list shows them."""
    if mentor_id is None:
        return []
    clock = MeetingClock(today)

    def query() -> tuple[list[tuple], dict[int, tuple]]:
        rows = list(
            Pupil.select(Pupil.id, Pupil.upn, Pupil.forename, Pupil.surname, SchoolClass.name,
                         Pupil.extra_meetings, Pupil.sen_status)
            .join(MentorAssignment, on=MentorAssignment.pupil == Pupil.id)
            .switch(Pupil).join(SchoolClass, JOIN.LEFT_OUTER)
            .where((MentorAssignment.mentor == mentor_id) & MentorAssignment.end.is_null()
                   & Pupil.left_on.is_null())
            .distinct().tuples())
        ids = [r[0] for r in rows]
        open_rows: dict[int, tuple] = {}
        for pid, status, when in (Meeting.select(Meeting.pupil, Meeting.status, Meeting.scheduled_for)
                                  .where(Meeting.pupil.in_(ids), Meeting.status.in_(OPEN))
                                  .order_by(Meeting.id).tuples()):
            booked, busy = open_rows.get(pid, (None, False))
            if when is not None and (booked is None or when < booked):
                booked = when
            open_rows[pid] = (booked, busy or status == "in_progress")
        return rows, open_rows

    rows, open_rows = read(query)
    last = last_meetings([r[0] for r in rows])
    found = [MenteeRow(pid, upn, f"{fore} {sur}", cls or "", bool(extra), has_sen(sen),
                       clock.due(last.get(pid)), *open_rows.get(pid, (None, False)))
             for pid, upn, fore, sur, cls, extra, sen in rows]
    return sorted(found, key=lambda m: m.sort_key)


def may_change(user: CurrentUser, row: Meeting) -> str | None:
    """Why ``user`` may not record in this meeting now (None: they may), by their roles and
    the pupil's mentor as the database holds them (call inside the read or write): a meeting
    under way is its pupil's mentor's now, not the meeting's (a mentor replaced mid-meeting is
    told); a finished one its mentor's then or now, to amend."""
    roles, mentor = roles_now(user), current_mentor(row.pupil_id)
    if row.status == "done":
        return refusal(roles, Action.AMEND_MEETING, in_scope=user.staff_id in (row.mentor_id, mentor))
    if row.mentor_id == user.staff_id != mentor and refusal(roles, Action.RUN_MEETING, in_scope=False):
        return NO_LONGER_MENTOR
    return refusal(roles, Action.RUN_MEETING, in_scope=mentor == user.staff_id)


def _check_mentor(user: CurrentUser, pupil_id: int, action: Action) -> None:
    """Refuse unless the user may take ``action`` for this pupil (call inside the txn)."""
    require(roles_now(user), action, in_scope=current_mentor(pupil_id) == user.staff_id)


def schedule(user: CurrentUser, pupil_id: int, when: dt.datetime) -> int:
    """Book the pupil's next meeting (moving the booking if there is one); its id."""

    def change() -> int:
        _check_mentor(user, pupil_id, Action.RUN_MEETING)
        booked = (Meeting.select().where((Meeting.pupil == pupil_id) & (Meeting.status == "scheduled"))
                  .order_by(Meeting.id.desc()).first())
        term = _half_term_id(when.date())
        if booked is None:
            mentor = current_mentor(pupil_id) or user.staff_id
            booked = Meeting.create(pupil=pupil_id, mentor=mentor, scheduled_for=when, half_term=term)
        else:
            Meeting.update(scheduled_for=when, half_term=term).where(Meeting.id == booked.id).execute()
        audit(user.login, "meeting.book", "meeting", booked.id, pupil=pupil_id, when=when)
        return booked.id

    return write(change)


def cancel_booking(user: CurrentUser, pupil_id: int) -> bool:
    """Cancel a booked meeting that has not started; False when there was none."""

    def change() -> bool:
        _check_mentor(user, pupil_id, Action.RUN_MEETING)
        booked = (Meeting.select().where((Meeting.pupil == pupil_id) & (Meeting.status == "scheduled")
                                         & Meeting.scheduled_for.is_null(False))
                  .order_by(Meeting.id.desc()).first())
        if booked is None:
            return False
        Meeting.update(status="cancelled").where(Meeting.id == booked.id).execute()
        audit(user.login, "meeting.cancel", "meeting", booked.id, pupil=pupil_id)
        return True

    return write(change)


def _half_term_id(day: dt.date) -> int:
    return school.current_half_term(day).id


def open_meeting(user: CurrentUser, pupil_id: int, today: dt.date) -> int:
    """The meeting to show: the pupil's unfinished one (resumed where it stopped), else a
    new one the user may run, else their latest finished one (read-only). Its id.

    NotAllowed (with the reason) when there is nothing the user may see.
    """
    term = _half_term_id(today)

    def change() -> int:
        mine = current_mentor(pupil_id) == user.staff_id
        unfinished = (Meeting.select().where((Meeting.pupil == pupil_id) & Meeting.status.in_(OPEN))
                      .order_by((Meeting.status == "in_progress").desc(), Meeting.id.desc()).first())
        reason = refusal(roles_now(user), Action.RUN_MEETING, in_scope=mine)
        may_run = reason is None
        if unfinished is not None and may_run:
            if unfinished.started_at is None and unfinished.half_term_id != term:
                # Booked for another half-term but prepared now: the records are today's.
                Meeting.update(half_term=term).where(Meeting.id == unfinished.id).execute()
                audit(user.login, "meeting.half_term", "meeting", unfinished.id,
                      booked_for=unfinished.half_term_id, half_term=term)
            return unfinished.id
        latest = (Meeting.select(Meeting.id).where((Meeting.pupil == pupil_id) & (Meeting.status == "done"))
                  .order_by(Meeting.ended_at.desc(), Meeting.id.desc()).scalar())
        if not may_run:
            if latest is not None or unfinished is not None:
                return latest if latest is not None else unfinished.id
            raise NotAllowed(reason)
        met_this_term = (Meeting.select().where((Meeting.pupil == pupil_id) & (Meeting.status == "done")
                                                & (Meeting.half_term == term)).exists())
        created = Meeting.create(pupil=pupil_id, mentor=user.staff_id, half_term=term,
                                 extra=met_this_term, step=1)
        audit(user.login, "meeting.open", "meeting", created.id, pupil=pupil_id, extra=met_this_term)
        return created.id

    return write(change)


def set_extra_meetings(user: CurrentUser, pupil_id: int, on: bool) -> None:
    """Flag (or unflag) a pupil for meetings beyond the half-termly cycle."""

    def change() -> None:
        _check_mentor(user, pupil_id, Action.RUN_MEETING)
        Pupil.update(extra_meetings=on).where(Pupil.id == pupil_id).execute()
        audit(user.login, "pupil.extra_meetings", "pupil", pupil_id, on=on)

    write(change)


# --- changing a pupil's mentor -------------------------------------------------------------------


@dataclass(frozen=True)
class MentorSpell:
    """One mentor's time with a pupil (``end`` None: the current mentor)."""

    mentor: str
    start: dt.date
    end: dt.date | None
    reason: str


def mentor_history(pupil_id: int) -> list[MentorSpell]:
    """Every mentor the pupil has had, oldest first."""
    return read(lambda: [
        MentorSpell(name, start, end, reason) for name, start, end, reason in
        MentorAssignment.select(Staff.name, MentorAssignment.start, MentorAssignment.end,
                                MentorAssignment.reason).join(Staff)
        .where(MentorAssignment.pupil == pupil_id)
        .order_by(MentorAssignment.start, MentorAssignment.id).tuples()])


MENTOR_ROLES = frozenset({Role.MENTOR, Role.HOY, Role.SLT})


def possible_mentors() -> list[tuple[int, str]]:
    """(id, name) of active staff who may mentor, by name."""
    rows = read(lambda: list(Staff.select(Staff.id, Staff.name, Staff.roles)
                             .where(Staff.active == True).tuples()))  # noqa: E712
    found = []
    for sid, name, roles in rows:
        try:
            if parse_roles(roles) & MENTOR_ROLES:
                found.append((sid, name))
        except ValueError:
            continue
    return sorted(found, key=lambda r: r[1].lower())


def change_mentor(user: CurrentUser, pupil_id: int, mentor_id: int, reason: str,
                  today: dt.date) -> None:
    """End the current mentor's spell today and start ``mentor_id``'s; the history stays."""
    reason = checked("reason", reason.strip())
    if not reason:
        raise UserFacingError("Say why the mentor is changing (it stays on the pupil's record).")

    def change() -> None:
        require(roles_now(user), Action.CHANGE_MENTOR)  # as they are now, not at login
        if current_mentor(pupil_id) == mentor_id:
            raise UserFacingError("That is already the pupil's mentor.")
        (MentorAssignment.update(end=today)
         .where((MentorAssignment.pupil == pupil_id) & MentorAssignment.end.is_null()).execute())
        MentorAssignment.create(pupil=pupil_id, mentor=mentor_id, start=today, reason=reason.strip())
        audit(user.login, "mentor.change", "pupil", pupil_id, mentor=mentor_id, reason=reason.strip())

    write(change)


def last_finished(pupil_id: int) -> int | None:
    """The pupil's latest finished meeting (to look at, or amend), if any."""
    return read(lambda: Meeting.select(Meeting.id)
                .where((Meeting.pupil == pupil_id) & (Meeting.status == "done"))
                .order_by(Meeting.ended_at.desc(), Meeting.id.desc()).scalar())


def meeting_to_print(pupil_id: int) -> int | None:
    """The meeting a summary is printed for: the one in progress, else the latest finished."""
    def query() -> int | None:
        mine = Meeting.select(Meeting.id).where(Meeting.pupil == pupil_id)
        busy = mine.where(Meeting.status == "in_progress").order_by(Meeting.id.desc()).scalar()
        return busy or (mine.where(Meeting.status == "done")
                        .order_by(Meeting.ended_at.desc(), Meeting.id.desc()).scalar())

    return read(query)
