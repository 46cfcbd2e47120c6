"""Saving a meeting as it is made: every tick, rating, text and step is one short,
audited transaction, so a dropped connection loses nothing and the meeting resumes.

Each function checks, inside its transaction, that the user may run the meeting (or is
amending a finished one, which needs AMEND_MEETING and is audited as an amendment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TypeVar

from amtui.db.audit import audit
from amtui.db.connection import write
from amtui.db.models import (
    Criterion, HalfTerm, Meeting, MeetingCheck, MeetingFollowUp, SelfAssessment, Target, now,
)
from amtui.db.repo import school
from amtui.db.repo.meeting_agenda import pupil_histories
from amtui.db.repo.meetings import may_change
from amtui.db.repo.staff import CurrentUser
from amtui.domain import agenda
from amtui.domain.codes import Code, effective_code
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed
from amtui.domain.text import checked
from amtui.domain.half_term import HalfTermNumber

T = TypeVar("T")
TEXT_FIELDS = ("barriers", "summary", "outcome")
NOT_STARTED = ("Targets and interventions are agreed in the meeting, with the pupil: move on "
               "to Evidence first (that starts the meeting).")


def guarded(user: CurrentUser, meeting_id: int, action: str, fn: Callable[[Meeting], T], *,
             amending: bool = False, started: bool = False, **detail: object) -> T:
    """Run ``fn(meeting)`` in one write after the checks; audit it as ``meeting.<action>``."""

    def change() -> T:
        row = Meeting.get_or_none(Meeting.id == meeting_id)
        if row is None:
            raise UserFacingError(f"Meeting {meeting_id} is no longer in the database.")
        if row.status == "done" and not amending:
            raise NotAllowed("This meeting is finished: amend it (a) to change it.")
        if row.status == "cancelled":
            raise NotAllowed("This meeting was cancelled: nothing more can be recorded in it.")
        if why := may_change(user, row):
            raise NotAllowed(why)
        if started and row.started_at is None:
            raise NotAllowed(NOT_STARTED)
        result = fn(row)
        prefix = "meeting.amend." if row.status == "done" else "meeting."
        audit(user.login, prefix + action, "meeting", meeting_id, meeting_pupil=row.pupil_id, **detail)
        return result

    return write(change)


def _snapshot(meeting_id: int, checks: Mapping[str, tuple[bool, str]]) -> None:
    """Keep what the data proved at this moment (the automatic checks) on the meeting."""
    for item, (done, note) in checks.items():
        if item in agenda.CHECK_ITEMS:
            (MeetingCheck.insert(meeting=meeting_id, item=item, done=done, note=note)
             .on_conflict(conflict_target=[MeetingCheck.meeting, MeetingCheck.item],
                          update={MeetingCheck.done: done, MeetingCheck.note: note}).execute())


def set_step(user: CurrentUser, meeting_id: int, number: int, at: dt.datetime | None = None,
             checks: Mapping[str, tuple[bool, str]] | None = None) -> dt.datetime | None:
    """Record where the agenda stands. Moving on to Evidence starts the meeting (its
    time, and a snapshot of the automatic checks). Returns the start time, if started."""
    number = agenda.step(number).number
    at = at or now()

    def move(row: Meeting) -> dt.datetime | None:
        values: dict = {Meeting.step: number}
        if number >= agenda.IN_MEETING_FROM and row.started_at is None:
            values |= {Meeting.started_at: at, Meeting.status: "in_progress",
                       Meeting.half_term: school.current_half_term(at.date()).id}
            _snapshot(row.id, checks or {})
        Meeting.update(values).where(Meeting.id == row.id).execute()
        return row.started_at or values.get(Meeting.started_at)

    return guarded(user, meeting_id, "step", move, step=number)


def set_check(user: CurrentUser, meeting_id: int, item: str, done: bool) -> None:
    """Tick (or untick) one of the mentor's own preparation items."""
    if item not in agenda.CHECK_ITEMS or agenda.CHECK_ITEMS[item].auto:
        raise UserFacingError(f"'{item}' is ticked from the data, not by hand.")
    guarded(user, meeting_id, "check", lambda row: _snapshot(row.id, {item: (done, "")}),
             item=item, done=done)


def _own_target(row: Meeting, target_id: int) -> Target:
    target = Target.get_or_none((Target.id == target_id) & (Target.pupil == row.pupil_id))
    if target is None:
        raise UserFacingError("That target is not this pupil's (was it removed?).")
    return target


def set_self_assessment(user: CurrentUser, meeting_id: int, target_id: int, *,
                        rating: str | None = None, comment: str | None = None,
                        amending: bool = False) -> None:
    """The pupil's red/yellow/green on a target, and their comment (either or both)."""
    if rating is not None and rating not in ("", "R", "Y", "G"):
        raise UserFacingError(f"{rating!r} is not a rating: use R, Y or G.")
    if comment is not None:
        checked("comment", comment)
    values = {k: v for k, v in (("rating", rating), ("comment", comment)) if v is not None}

    def save(row: Meeting) -> None:
        _own_target(row, target_id)
        (SelfAssessment.insert(meeting=row.id, target=target_id, **values)
         .on_conflict(conflict_target=[SelfAssessment.meeting, SelfAssessment.target],
                      update={getattr(SelfAssessment, k): v for k, v in values.items()}).execute())

    guarded(user, meeting_id, "self_assessment", save, amending=amending, target=target_id, **values)


def set_text(user: CurrentUser, meeting_id: int, field: str, text: str, *,
             amending: bool = False) -> None:
    """Barriers to learning, the summary or the outcome."""
    if field not in TEXT_FIELDS:
        raise UserFacingError(f"'{field}' is not a meeting text")
    checked("meeting note", text, label=field)
    guarded(user, meeting_id, field, lambda row: Meeting.update({getattr(Meeting, field): text})
             .where(Meeting.id == row.id).execute(), amending=amending, text=text)


def set_next_meeting(user: CurrentUser, meeting_id: int, day: dt.date | None, *,
                     amending: bool = False) -> None:
    guarded(user, meeting_id, "next_date", lambda row: Meeting.update(next_meeting_on=day)
             .where(Meeting.id == row.id).execute(), amending=amending, day=day)


def review_target(user: CurrentUser, meeting_id: int, target_id: int, status: str, *,
                  at: dt.datetime | None = None, amending: bool = False) -> None:
    """Record an earlier target as achieved, dropped or still open (closed ``at``)."""
    if status not in agenda.TARGET_STATUSES:
        raise UserFacingError(f"'{status}' is not a target status")

    def save(row: Meeting) -> None:
        target = _own_target(row, target_id)
        if target.meeting_id == row.id:
            raise UserFacingError("A target agreed in this meeting is not reviewed in it.")
        Target.update(status=status, closed_at=None if status == "open" else at or now()).where(
            Target.id == target_id).execute()

    guarded(user, meeting_id, "target_review", save, amending=amending, target=target_id, status=status)


def _ordinal(row: Meeting) -> int:
    """The half-term ordinal the meeting belongs to (its records are read as at then)."""
    term = HalfTerm.get_by_id(row.half_term_id)
    return HalfTermNumber(term.number).ordinal(term.year.start_year)


def _line_now(row: Meeting, criterion_id: int) -> bool:
    entries = pupil_histories(row.pupil_id, Criterion.id == criterion_id).get(criterion_id, [])
    return agenda.line_candidates({criterion_id: entries}, _ordinal(row)) == {criterion_id}


def choose_target(user: CurrentUser, meeting_id: int, criterion_id: int, *,
                  amending: bool = False) -> int:
    """Agree a criterion at "/" as a medium-term target; the new target's id."""

    def save(row: Meeting) -> int:
        criterion = Criterion.get_or_none(Criterion.id == criterion_id)
        if criterion is None or not _line_now(row, criterion_id):
            raise UserFacingError("Only criteria the pupil has at / are offered as targets.")
        if Target.select().where((Target.pupil == row.pupil_id) & (Target.criterion == criterion_id)
                                 & (Target.kind == "medium") & (Target.status == "open")).exists():
            raise UserFacingError(f"{criterion.ref} is already one of the pupil's targets.")
        return Target.create(pupil=row.pupil_id, kind="medium", subject=criterion.subject_id,
                             criterion=criterion_id, text=criterion.text, set_by=user.staff_id,
                             meeting=row.id).id

    return guarded(user, meeting_id, "target_add", save, amending=amending, started=True,
                    criterion=criterion_id)


def remove_target(user: CurrentUser, meeting_id: int, target_id: int, *, amending: bool = False) -> None:
    """Take back a target agreed in this meeting (chosen by mistake)."""

    def save(row: Meeting) -> None:
        if _own_target(row, target_id).meeting_id != row.id:
            raise UserFacingError("Only targets agreed in this meeting can be taken back here.")
        Target.delete().where(Target.id == target_id).execute()

    guarded(user, meeting_id, "target_remove", save, amending=amending, target=target_id)


def set_personal_target(user: CurrentUser, meeting_id: int, aspect: str, text: str, *,
                        amending: bool = False) -> None:
    """An attitude/personal target agreed in this meeting; empty text removes it. One in the
    same words as a target the pupil has open is refused with the reason."""
    if aspect not in agenda.ASPECT_KEYS:
        raise UserFacingError(f"'{aspect}' is not an attitude or personal aspect")
    text = checked("target", text.strip())

    def save(row: Meeting) -> None:
        mine = Target.select().where((Target.meeting == row.id) & (Target.kind == "personal")
                                     & (Target.aspect == aspect))
        if text:
            others = (Target.select(Target.aspect, Target.text)
                      .where((Target.pupil == row.pupil_id) & (Target.kind == "personal")
                             & (Target.status == "open") & (Target.id.not_in(mine.select(Target.id)))).tuples())
            reason = agenda.duplicate_target(text, others)
            if reason:
                raise UserFacingError(reason)
        if not text:
            Target.delete().where(Target.id.in_(mine.select(Target.id))).execute()
        elif not mine.exists():
            Target.create(pupil=row.pupil_id, kind="personal", aspect=aspect, text=text,
                          set_by=user.staff_id, meeting=row.id)
        else:
            Target.update(text=text).where(Target.id.in_(mine.select(Target.id))).execute()

    guarded(user, meeting_id, "personal_target", save, amending=amending, started=True,
             aspect=aspect, text=text)


def set_follow_up(user: CurrentUser, meeting_id: int, kind: str, note: str, *,
                  amending: bool = False) -> None:
    """A follow-up (SEN, intervention team, parents, SLT) with its note; empty removes it."""
    if kind not in agenda.FOLLOW_UP_KINDS:
        raise UserFacingError(f"'{kind}' is not a follow-up")
    note = checked("note", note.strip())

    def save(row: Meeting) -> None:
        if not note:
            MeetingFollowUp.delete().where((MeetingFollowUp.meeting == row.id)
                                           & (MeetingFollowUp.kind == kind)).execute()
        else:
            (MeetingFollowUp.insert(meeting=row.id, kind=kind, note=note)
             .on_conflict(conflict_target=[MeetingFollowUp.meeting, MeetingFollowUp.kind],
                          update={MeetingFollowUp.note: note}).execute())

    guarded(user, meeting_id, "follow_up", save, amending=amending, kind=kind, note=note)


# --- finishing, and amending afterwards -----------------------------------------------------------


def finish(user: CurrentUser, meeting_id: int, today: dt.date, at: dt.datetime | None = None,
           checks: Mapping[str, tuple[bool, str]] | None = None) -> int:
    """Finish the meeting: record its end, the targets the evidence shows achieved, and
    book the next meeting on the agreed date. Returns the booked meeting's id.

    ValueError lists what is still missing (the outcome, the next date).
    """
    at = at or now()

    def save(row: Meeting) -> int:
        problems = agenda.finish_problems(row.outcome, row.next_meeting_on, today)
        if problems:
            raise UserFacingError(" ".join(problems))
        _snapshot(row.id, checks or {})
        _achieve_crossed(row, at)
        Meeting.update(status="done", ended_at=at, step=agenda.LAST_STEP,
                       started_at=row.started_at or at).where(Meeting.id == row.id).execute()
        when = agenda.at_time(row.next_meeting_on, None)
        booked = (Meeting.select().where((Meeting.pupil == row.pupil_id) & (Meeting.status == "scheduled")
                                         & (Meeting.id != row.id)).order_by(Meeting.id.desc()).first())
        term = school.current_half_term(row.next_meeting_on).id
        if booked is None:
            return Meeting.create(pupil=row.pupil_id, mentor=row.mentor_id, scheduled_for=when,
                                  half_term=term).id
        Meeting.update(scheduled_for=when, half_term=term).where(Meeting.id == booked.id).execute()
        return booked.id

    return guarded(user, meeting_id, "finish", save, at=at)


def _achieve_crossed(row: Meeting, at: dt.datetime) -> None:
    """Earlier medium-term targets whose criterion is now X are achieved."""
    open_targets = list(Target.select(Target.id, Target.criterion).where(
        (Target.pupil == row.pupil_id) & (Target.kind == "medium") & (Target.status == "open")
        & Target.criterion.is_null(False) & (Target.meeting.is_null() | (Target.meeting != row.id))).tuples())
    if not open_targets:
        return
    histories = pupil_histories(row.pupil_id, Criterion.id.in_([c for _, c in open_targets]))
    ordinal = _ordinal(row)
    crossed = [tid for tid, cid in open_targets
               if effective_code(histories.get(cid, []), ordinal) is Code.CROSS]
    if crossed:
        Target.update(status="achieved", closed_at=at).where(Target.id.in_(crossed)).execute()


def start_amendment(user: CurrentUser, meeting_id: int, reason: str) -> None:
    """Open a finished meeting for changes: needs a reason, kept in the audit trail."""
    if not checked("reason", reason.strip()):
        raise UserFacingError("Say why the finished meeting is being amended.")

    def check(row: Meeting) -> None:
        if row.status != "done":
            raise UserFacingError("Only a finished meeting is amended; this one is still open.")

    guarded(user, meeting_id, "amend", check, amending=True, reason=reason.strip())
