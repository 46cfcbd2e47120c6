"""Everything one meeting's agenda shows, read in one go (a handful of set queries).

The agenda is read again after each change that adds or removes a row (a target, an
intervention); ticks and text are saved without reading back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.connection import read
from amtui.db.models import (
    AttitudeRecord, Criterion, CriterionMark, HalfTerm, Meeting, MeetingCheck, MeetingFollowUp,
    Pupil, SchoolClass, SelfAssessment, Staff, Subject, Target,
)
from amtui.db.repo import interventions, school, tracking
from amtui.db.repo.concerns import LatestReturn, pupil_returns
from amtui.db.repo.interventions import AssignmentInfo, InterventionInfo
from amtui.db.repo.meetings import may_change
from amtui.db.repo.pupils import MeetingClock, MeetingDue, last_meetings
from amtui.db.repo.school import HalfTermInfo
from amtui.db.repo.staff import CurrentUser
from amtui.db.repo.tracking import TrackingRow, WeeklyRow
from amtui.domain import agenda
from amtui.domain.agenda import CheckResult, PreparationFacts, SubjectFacts
from amtui.domain.calendar import academic_year_of
from amtui.domain.characteristics import has_sen
from amtui.domain.codes import Code, MarkEntry, effective
from amtui.domain.errors import UserFacingError
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.names import pupil_name
from amtui.domain.settings import Settings
from amtui.domain.substage import move_due
from amtui.domain.year_end import is_secondary


@dataclass(frozen=True)
class MeetingInfo:
    """The meeting row, and what the user may do with it."""

    id: int
    pupil_id: int
    mentor: str
    status: str
    step: int
    scheduled_for: dt.datetime | None
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    extra: bool
    barriers: str
    summary: str
    outcome: str
    next_meeting_on: dt.date | None
    may_edit: bool  # unfinished, and the user may run it
    may_amend: bool  # finished, and the user may amend it
    refusal: str  # why the user may not change it ("" when they may)

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def started(self) -> bool:
        return self.started_at is not None


@dataclass(frozen=True)
class PupilHeader:
    id: int
    upn: str
    name: str
    class_name: str
    year_group: int
    sen: bool


@dataclass(frozen=True)
class CurrentTarget:
    """A target the pupil brought into the meeting, with the evidence and their view."""

    id: int
    kind: str  # medium or personal
    subject: str
    ref: str  # criterion ref, or the personal aspect
    text: str
    status: str  # open, achieved, dropped (the review so far)
    code: Code  # the criterion's effective code now (BLANK for personal targets)
    code_set_in: str  # "HT3" (when that code was recorded), "" when never
    rating: str  # the pupil's R / Y / G, "" when not given
    comment: str

    @property
    def crossed(self) -> bool:
        """The evidence says achieved: the criterion is now X."""
        return self.code is Code.CROSS


@dataclass(frozen=True)
class Candidate:
    """A criterion at "/" offered as a new medium-term target."""

    criterion_id: int
    subject: str
    ref: str
    text: str
    chosen: int | None  # the target made from it in this meeting
    already: bool  # already an open target from an earlier meeting


@dataclass(frozen=True)
class PersonalChoice:
    target_id: int
    aspect: str
    text: str


@dataclass(frozen=True)
class Agenda:
    """One meeting's agenda: what every step shows."""

    meeting: MeetingInfo
    pupil: PupilHeader
    half_term: HalfTermInfo
    today: dt.date
    due: MeetingDue
    facts: PreparationFacts
    checks: tuple[CheckResult, ...]
    positions: tuple[TrackingRow, ...]
    attitude: dict[str, tuple[str, float | None]]  # aspect -> (rating, percent) this half-term
    attitude_before: dict[str, tuple[str, float | None]]  # the half-term before
    weekly: WeeklyRow | None
    targets: tuple[CurrentTarget, ...]
    candidates: tuple[Candidate, ...]
    personal: tuple[PersonalChoice, ...]
    assignments: tuple[AssignmentInfo, ...]
    bank: tuple[InterventionInfo, ...]
    staff: tuple[tuple[int, str], ...]
    follow_ups: dict[str, str]
    settings: Settings
    returns: tuple[LatestReturn, ...] = ()
    """A secondary pupil's latest progress return per subject, against its target."""


def _meeting(user: CurrentUser, meeting_id: int) -> tuple[MeetingInfo, PupilHeader, int | None]:
    row = (Meeting.select(Meeting, Staff.name.alias("mentor_name")).join(Staff)
           .where(Meeting.id == meeting_id).objects().first())
    if row is None:
        raise UserFacingError(f"There is no meeting {meeting_id}.")
    pupil = (Pupil.select(Pupil, SchoolClass.name.alias("class_name")).join(SchoolClass, JOIN.LEFT_OUTER)
             .where(Pupil.id == row.pupil_id).objects().first())
    done, why = row.status == "done", may_change(user, row)
    info = MeetingInfo(row.id, row.pupil_id, row.mentor_name, row.status, agenda.step(row.step).number,
                       row.scheduled_for, row.started_at, row.ended_at, row.extra, row.barriers,
                       row.summary, row.outcome, row.next_meeting_on,
                       may_edit=not done and why is None, may_amend=done and why is None,
                       refusal=why or "")
    header = PupilHeader(pupil.id, pupil.upn, pupil_name(pupil.forename, pupil.surname),
                         pupil.class_name or "", pupil.year_group, has_sen(pupil.sen_status))
    return info, header, row.half_term_id


def pupil_histories(pupil_id: int, where) -> dict[int, list[MarkEntry]]:
    """criterion -> the pupil's entries on the criteria ``where`` selects."""
    ordinals = tracking.half_term_ordinals()
    found: dict[int, list[MarkEntry]] = defaultdict(list)
    query = (CriterionMark.select(CriterionMark.criterion, CriterionMark.half_term, CriterionMark.code,
                                  CriterionMark.id).join(Criterion)
             .where((CriterionMark.pupil == pupil_id) & where))
    for cid, hid, code, seq in query.tuples():
        found[cid].append(MarkEntry(ordinals[hid], Code(code), seq))
    return found


def _attitude(pupil_id: int, half_term_id: int | None) -> dict[str, tuple[str, float | None]]:
    if half_term_id is None:
        return {}
    return {aspect: (rating, percent) for aspect, rating, percent in
            AttitudeRecord.select(AttitudeRecord.aspect, AttitudeRecord.rating, AttitudeRecord.percent)
            .where((AttitudeRecord.pupil == pupil_id) & (AttitudeRecord.half_term == half_term_id)).tuples()}


def _targets(meeting: MeetingInfo, at: int, last_end: dt.datetime | None) -> tuple[CurrentTarget, ...]:
    """Open targets from earlier meetings, and those closed since the last meeting."""
    rows = list(Target.select(Target, Criterion.ref, Subject.name.alias("subject_name"))
                .join(Criterion, JOIN.LEFT_OUTER).switch(Target).join(Subject, JOIN.LEFT_OUTER)
                .where((Target.pupil == meeting.pupil_id) & Target.kind.in_(("medium", "personal"))
                       & ((Target.meeting.is_null()) | (Target.meeting != meeting.id)))
                .order_by(Target.kind, Subject.name, Target.id).objects())
    rows = [t for t in rows if t.status == "open"
            or (t.closed_at and (last_end is None or t.closed_at >= last_end))]
    criteria = [t.criterion_id for t in rows if t.criterion_id]
    codes = pupil_histories(meeting.pupil_id, Criterion.id.in_(criteria)) if criteria else {}
    views = {sid: (rating, comment) for sid, rating, comment in
             SelfAssessment.select(SelfAssessment.target, SelfAssessment.rating, SelfAssessment.comment)
             .where(SelfAssessment.meeting == meeting.id).tuples()}
    found = []
    for t in rows:
        entry = effective(codes.get(t.criterion_id, []), at) if t.criterion_id else None
        rating, comment = views.get(t.id, ("", ""))
        found.append(CurrentTarget(
            t.id, t.kind, t.subject_name or "", t.ref or t.aspect, t.text, t.status,
            entry.code if entry else Code.BLANK,
            HalfTermNumber.of_ordinal(entry.half_term)[1].label if entry else "",
            rating, comment))
    return tuple(found)


def _candidates(meeting: MeetingInfo, positions: list[TrackingRow], at: int) -> tuple[Candidate, ...]:
    banks = tracking.bank_sizes(None)
    bank_ids = [banks[(p.subject_id, p.working_stage)].id for p in positions
                if (p.subject_id, p.working_stage) in banks]
    if not bank_ids:
        return ()
    lines = agenda.line_candidates(pupil_histories(meeting.pupil_id, Criterion.bank.in_(bank_ids)), at)
    mine = {cid: tid for cid, tid in Target.select(Target.criterion, Target.id).where(
        (Target.meeting == meeting.id) & (Target.kind == "medium")).tuples()}
    earlier = {cid for (cid,) in Target.select(Target.criterion).where(
        (Target.pupil == meeting.pupil_id) & (Target.kind == "medium") & (Target.status == "open")
        & ((Target.meeting.is_null()) | (Target.meeting != meeting.id))).tuples()}
    rows = (Criterion.select(Criterion.id, Subject.name, Criterion.ref, Criterion.text).join(Subject)
            .where(Criterion.id.in_(list(lines))).order_by(Subject.name, Criterion.bank, Criterion.number))
    return tuple(Candidate(cid, subject, ref, text, mine.get(cid), cid in earlier)
                 for cid, subject, ref, text in rows.tuples())


def _facts(pupil: PupilHeader, ht: HalfTermInfo, positions: list[TrackingRow], attendance: bool,
           assigned: list[AssignmentInfo], today: dt.date,
           returns: tuple[LatestReturn, ...]) -> PreparationFacts:
    pupil_id = pupil.id
    coded = {sid for (sid,) in Criterion.select(Criterion.subject).join(CriterionMark).where(
        (CriterionMark.pupil == pupil_id) & (CriterionMark.half_term == ht.id)
        & (CriterionMark.code != Code.ABSENT.value)).distinct().tuples()}
    subjects = tuple(SubjectFacts(
        p.subject, p.subject_id in coded, p.placement is not None,
        bool(p.placement and move_due(p.placement, p.working_stage)),
        p.substage.label if p.substage else "", p.baseline is not None, p.target is not None)
        for p in positions)
    unreviewed = tuple(f"{a.intervention} (ended {a.until:%d %b})" for a in assigned if a.unreviewed(today))
    if not is_secondary(pupil.year_group):
        return PreparationFacts(f"HT{ht.number}", subjects, attendance, unreviewed)
    # A school that has never recorded attitude is not asked for attendance figures.
    return PreparationFacts(f"HT{ht.number}", subjects, attendance, unreviewed, secondary=True,
                            returns=returns, records_attitude=AttitudeRecord.select().exists())


def load_agenda(user: CurrentUser, meeting_id: int, today: dt.date) -> Agenda:
    """The agenda of a meeting as ``user`` sees it on ``today``, with the records as at
    the meeting's half-term."""
    current = school.current_half_term(today)
    meeting, pupil, term_id = read(lambda: _meeting(user, meeting_id))
    # The meeting belongs to the half-term it was opened (or started) in.
    ht = (_half_term_info(term_id) if term_id is not None else None) or current
    positions = tracking.pupil_subject_positions(ht, pupil_ids=[pupil.id])
    weekly = next(iter(tracking.weekly_positions(pupil_ids=[pupil.id])), None)
    assigned = [a for a in interventions.assignments([pupil.id])
                if a.running(today) or a.meeting_id == meeting.id or a.unreviewed(today)]
    last = last_meetings([pupil.id]).get(pupil.id)
    settings = school.load_settings()
    due = MeetingClock(today).due(last)

    def query() -> Agenda:
        before = (HalfTerm.select(HalfTerm.id).where(HalfTerm.end < ht.start)
                  .order_by(HalfTerm.end.desc()).scalar())
        attitude = _attitude(pupil.id, ht.id)
        returns = pupil_returns(pupil.id, academic_year_of(today), today)
        facts = _facts(pupil, ht, positions, attitude.get("attendance", ("", None))[1] is not None,
                       assigned, today, returns)
        ticked = {item: done for item, done in MeetingCheck.select(MeetingCheck.item, MeetingCheck.done)
                  .where(MeetingCheck.meeting == meeting.id).tuples()}
        earlier = Meeting.select(Meeting.ended_at).where(
            (Meeting.pupil == pupil.id) & (Meeting.status == "done") & (Meeting.id != meeting.id))
        if meeting.started_at is not None:
            earlier = earlier.where(Meeting.ended_at < meeting.started_at)
        last_end = earlier.order_by(Meeting.ended_at.desc()).scalar()
        personal = tuple(PersonalChoice(tid, aspect, text) for tid, aspect, text in
                         Target.select(Target.id, Target.aspect, Target.text)
                         .where((Target.meeting == meeting.id) & (Target.kind == "personal")).tuples())
        follow = dict(MeetingFollowUp.select(MeetingFollowUp.kind, MeetingFollowUp.note)
                      .where(MeetingFollowUp.meeting == meeting.id).tuples())
        staff = tuple(Staff.select(Staff.id, Staff.name).where(Staff.active == True)  # noqa: E712
                      .order_by(Staff.name).tuples())
        return Agenda(
            meeting=meeting, pupil=pupil, half_term=ht, today=today, due=due, facts=facts,
            checks=tuple(agenda.preparation(facts, ticked)), positions=tuple(positions),
            attitude=attitude, attitude_before=_attitude(pupil.id, before), weekly=weekly,
            targets=_targets(meeting, ht.ordinal, last_end),
            candidates=_candidates(meeting, positions, ht.ordinal), personal=personal,
            assignments=tuple(assigned), bank=tuple(interventions.bank()), staff=staff,
            follow_ups=follow, settings=settings,
            returns=returns)

    return read(query)


def _half_term_info(term_id: int) -> HalfTermInfo | None:
    row = read(lambda: HalfTerm.get_or_none(HalfTerm.id == term_id))
    if row is None:
        return None
    terms = school.half_terms(row.year.start_year)
    return next((t for t in terms if t.id == term_id), None)
