"""Referrals: made by anyone on the staff, ended by the person they reached.

``refer`` sends the referral to the pupil's mentor, else their head of year
(``domain.referrals.recipient``). The recipient (or the AMT) ``accept``s it (the pupil
joins the programme), ``pass_on`` to someone named (their referral opens, with the same
reason and referrer), or ``close``s it with an outcome. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import MentorAssignment, Pupil, Referral, Staff, StaffRemit
from amtui.db.repo.programme import join_in
from amtui.db.repo.staff import CurrentUser, roles_now
from amtui.domain import referrals as rules
from amtui.domain.errors import UserFacingError
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action, allowed, require
from amtui.domain.programme import Kind, checked_reason


@dataclass(frozen=True)
class ReferralInfo:
    """One referral as a screen shows it."""

    id: int
    pupil_id: int
    upn: str
    pupil: str
    year_group: int
    reason: str
    made_at: dt.datetime
    referred_by: str
    referred_to: str
    status: str
    became: str  # what the referrer reads: "open", "passed on to ...", "closed: ..."


def _head_of_year(year_group: int) -> int | None:
    return (StaffRemit.select(StaffRemit.staff).join(Staff)
            .where((StaffRemit.year_group == year_group) & (Staff.active == True))  # noqa: E712
            .order_by(StaffRemit.id).scalar())


def _mentor(pupil_id: int) -> int | None:
    return (MentorAssignment.select(MentorAssignment.mentor).join(Staff)
            .where((MentorAssignment.pupil == pupil_id) & MentorAssignment.end.is_null()
                   & (Staff.active == True))  # noqa: E712
            .order_by(MentorAssignment.start.desc(), MentorAssignment.id.desc()).scalar())


def mentor_name(pupil_id: int) -> str | None:
    """The name of the mentor accepting a referral keeps (None: the pupil has none)."""
    return read(lambda: Staff.select(Staff.name).where(Staff.id == _mentor(pupil_id)).scalar())


def refer(user: CurrentUser, pupil_id: int, reason: str) -> ReferralInfo:
    """Refer a pupil with a reason; returns the referral, saying whom it reached."""
    reason = checked_reason(reason, "why you are referring the pupil")

    def change() -> int:
        require(roles_now(user), Action.REFER)  # as they are now, not at login
        pupil = Pupil.get_or_none(Pupil.id == pupil_id)
        if pupil is None or pupil.left_on is not None:
            raise UserFacingError("That pupil is no longer on roll.")
        to = rules.recipient(_mentor(pupil_id), _head_of_year(pupil.year_group))
        row = Referral.create(pupil=pupil_id, referred_by=user.staff_id, referred_to=to, reason=reason)
        audit(user.login, "referral.make", "pupil", pupil_id, referral=row.id, to=to, reason=reason)
        return row.id

    return referral(write(change))


def _ending(user: CurrentUser, referral_id: int) -> Referral:
    """The referral ``user`` may end, by their roles as the database holds them now (call
    inside the write that ends it)."""
    roles = roles_now(user)
    require(roles, Action.REFER)
    row = Referral.get_or_none(Referral.id == referral_id)
    if row is None:
        raise UserFacingError("That referral is no longer there.")
    anyones = allowed(roles, Action.END_REFERRAL, in_scope=False)  # the AMT and SLT end any
    rules.may_end(row.status, row.referred_to_id, user.staff_id, anyones)
    return row


def _end(user: CurrentUser, row: Referral, status: rules.Status, **values) -> None:
    (Referral.update(status=status.value, ended_at=dt.datetime.now().replace(microsecond=0),
                     ended_by=user.staff_id, **values).where(Referral.id == row.id).execute())
    audit(user.login, f"referral.{status.value}", "pupil", row.pupil_id, referral=row.id, **values)


def accept(user: CurrentUser, referral_id: int, day: dt.date, mentor_id: int | None = None) -> None:
    """Accept: the pupil joins the programme (the referral's reason is why), with
    ``mentor_id`` as their mentor when named, else the mentor they have."""

    def change() -> None:
        row = _ending(user, referral_id)
        mentor = mentor_id if mentor_id is not None else _mentor(row.pupil_id)
        if mentor is None:
            raise UserFacingError("This pupil has no mentor: pick one to accept them onto the programme.")
        join_in(user.login, user.staff_id, row.pupil_id, Kind.PROGRAMME, f"referred: {row.reason}", day, mentor)
        _end(user, row, rules.Status.ACCEPTED)

    write(change)


def pass_on(user: CurrentUser, referral_id: int, to_staff_id: int) -> int:
    """Pass the referral on to someone named; their new, open referral's id."""

    def change() -> int:
        row = _ending(user, referral_id)
        if to_staff_id == row.referred_to_id:
            raise UserFacingError("The referral is already with them.")
        if not Staff.select().where((Staff.id == to_staff_id) & (Staff.active == True)).exists():  # noqa: E712
            raise UserFacingError("That member of staff is not on the staff list any more.")
        _end(user, row, rules.Status.PASSED, passed_to=to_staff_id)
        new = Referral.create(pupil=row.pupil_id, referred_by=row.referred_by_id, referred_to=to_staff_id,
                              reason=row.reason)
        audit(user.login, "referral.make", "pupil", row.pupil_id, referral=new.id, to=to_staff_id,
              reason=row.reason, passed_from=row.id)
        return new.id

    return write(change)


def close(user: CurrentUser, referral_id: int, outcome: str) -> None:
    """Close the referral with its outcome."""
    outcome = checked_reason(outcome, "what the outcome was")
    write(lambda: _end(user, _ending(user, referral_id), rules.Status.CLOSED, outcome=outcome))


def _infos(where) -> list[ReferralInfo]:
    by, to, passed = Staff.alias(), Staff.alias(), Staff.alias()
    rows = (Referral.select(Referral.id, Referral.pupil, Pupil.upn, Pupil.surname, Pupil.forename,
                            Pupil.year_group, Referral.reason, Referral.made_at, by.name, to.name,
                            Referral.status, Referral.outcome, passed.name)
            .join(Pupil).switch(Referral).join(by, on=Referral.referred_by == by.id)
            .switch(Referral).join(to, on=Referral.referred_to == to.id, join_type=JOIN.LEFT_OUTER)
            .switch(Referral).join(passed, on=Referral.passed_to == passed.id, join_type=JOIN.LEFT_OUTER)
            .where(where).order_by(Referral.made_at.desc(), Referral.id.desc()))
    return [ReferralInfo(rid, pid, upn, pupil_name(forename, surname), year, reason, made_at, by_name, to_name or "",
                         status, rules.what_became(status, outcome, passed_name or ""))
            for rid, pid, upn, surname, forename, year, reason, made_at, by_name, to_name, status, outcome,
            passed_name in rows.tuples()]


def referral(referral_id: int) -> ReferralInfo:
    return read(lambda: _infos(Referral.id == referral_id)[0])


def open_for(staff_id: int) -> list[ReferralInfo]:
    """The open referrals that reached ``staff_id`` (their home screen lists them)."""
    return read(lambda: _infos((Referral.referred_to == staff_id) & (Referral.status == rules.Status.OPEN.value)))


def made_by(staff_id: int) -> list[ReferralInfo]:
    """The referrals ``staff_id`` made, newest first, with what became of each."""
    return read(lambda: _infos(Referral.referred_by == staff_id))


def all_open() -> list[ReferralInfo]:
    """Every open referral (the AMT's view)."""
    return read(lambda: _infos(Referral.status == rules.Status.OPEN.value))
