"""Mentoring meetings and the programme: meetings and the targets agreed in them, what a
meeting records, interventions, referrals, programme membership and parental interviews."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from amtui.db.models.base import BaseModel, now
from amtui.db.models.school import HalfTerm, Pupil, Staff, Subject
from amtui.db.models.tracking import Criterion
from amtui.db.shown_text import ShownLine, ShownNotes, ShownText


class Meeting(BaseModel):
    """A 1:1 mentoring meeting; ``step`` is where the agenda stands, so it can resume."""

    pupil = ForeignKeyField(Pupil, backref="meetings", on_delete="CASCADE")
    mentor = ForeignKeyField(Staff)
    half_term = ForeignKeyField(HalfTerm, null=True)
    scheduled_for = DateTimeField(null=True)
    started_at = DateTimeField(null=True)
    ended_at = DateTimeField(null=True)
    status = CharField(default="scheduled")  # scheduled, in_progress, done, cancelled
    step = IntegerField(default=0)
    extra = BooleanField(default=False)  # beyond the regular cycle
    barriers = ShownNotes(default="")
    summary = ShownNotes(default="")
    outcome = ShownNotes(default="")
    next_meeting_on = DateField(null=True)

    class Meta:
        indexes = ((("pupil", "status"), False), (("mentor", "status"), False))


class Target(BaseModel):
    """Medium-term (a criterion), short-term, or attitude/personal target."""

    pupil = ForeignKeyField(Pupil, backref="targets", on_delete="CASCADE")
    kind = CharField()  # medium, short, personal
    subject = ForeignKeyField(Subject, null=True)
    criterion = ForeignKeyField(Criterion, null=True)
    aspect = CharField(default="")  # personal: punctuality, homework, uniform, pe_kit, presentation ...
    text = ShownText(default="")
    status = CharField(default="open")  # open, achieved, dropped
    set_at = DateTimeField(default=now)
    set_by = ForeignKeyField(Staff, null=True)
    closed_at = DateTimeField(null=True)
    meeting = ForeignKeyField(Meeting, null=True, on_delete="SET NULL")  # agreed in


# --- what a meeting records --------------------------------------------------------------


class MeetingCheck(BaseModel):
    """One item of the mentor's preparation list, ticked by the data or by hand."""

    meeting = ForeignKeyField(Meeting, backref="checks", on_delete="CASCADE")
    item = CharField()
    done = BooleanField(default=False)
    note = ShownText(default="")

    class Meta:
        table_name = "meeting_check"
        indexes = ((("meeting", "item"), True),)


class SelfAssessment(BaseModel):
    """The pupil's own red/yellow/green against one of their targets, with a comment."""

    meeting = ForeignKeyField(Meeting, backref="self_assessments", on_delete="CASCADE")
    target = ForeignKeyField(Target, on_delete="CASCADE")
    rating = CharField(max_length=1, default="")
    comment = ShownText(default="")

    class Meta:
        table_name = "self_assessment"
        indexes = ((("meeting", "target"), True),)


class MeetingFollowUp(BaseModel):
    meeting = ForeignKeyField(Meeting, backref="follow_ups", on_delete="CASCADE")
    kind = CharField()  # sen, intervention, parents, slt
    note = ShownText(default="")

    class Meta:
        table_name = "meeting_follow_up"
        indexes = ((("meeting", "kind"), True),)


# --- interventions ------------------------------------------------------------------------


class Intervention(BaseModel):
    name = ShownLine()
    subject = ForeignKeyField(Subject, null=True)
    description = ShownText(default="")
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("school", "name"), True),)


class InterventionAssignment(BaseModel):
    intervention = ForeignKeyField(Intervention, backref="assignments")
    pupil = ForeignKeyField(Pupil, backref="interventions", on_delete="CASCADE")
    staff = ForeignKeyField(Staff, null=True)
    start = DateField()
    end = DateField(null=True)
    meeting = ForeignKeyField(Meeting, null=True, on_delete="SET NULL")
    start_substage = CharField(default="")  # for effectiveness: steps gained start -> end
    end_substage = CharField(default="")
    review = ShownText(default="")

    class Meta:
        table_name = "intervention_assignment"


class InterventionCriterion(BaseModel):
    """A criterion an intervention aims at (crosses gained on these measure it)."""

    assignment = ForeignKeyField(InterventionAssignment, backref="criteria", on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion)

    class Meta:
        table_name = "intervention_criterion"
        indexes = ((("assignment", "criterion"), True),)


class Referral(BaseModel):
    """A member of staff refers a pupil causing concern to the pupil's mentor, or their head
    of year when they have none. ``status``: open, then accepted (onto the programme),
    passed (on to ``passed_to``, who gets a new open referral) or closed (with an
    ``outcome``); ``ended_at`` and ``ended_by`` say when and by whom (schema 9)."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    referred_by = ForeignKeyField(Staff)
    referred_to = ForeignKeyField(Staff, null=True)
    reason = ShownText()
    made_at = DateTimeField(default=now)
    status = CharField(default="open")  # amtui.domain.referrals.STATUSES
    outcome = ShownText(default="")
    passed_to = ForeignKeyField(Staff, null=True)
    ended_at = DateTimeField(null=True)
    ended_by = ForeignKeyField(Staff, null=True)


class ProgrammeMembership(BaseModel):
    """A pupil on the Assertive Mentoring programme, or marked for monitoring by their head
    of year or of department (schema 9). ``kind``: programme, hoy or hod. Open from
    ``joined`` until ``left`` (with why); ``until`` ends it by itself (a Year 9 pupil joins
    until the end of the year). The history stays: leaving sets ``left``, joining again
    adds a row."""

    pupil = ForeignKeyField(Pupil, backref="programme", on_delete="CASCADE")
    kind = CharField()  # amtui.domain.programme.KINDS
    joined = DateField()
    join_reason = ShownText()
    until = DateField(null=True)
    left = DateField(null=True)
    leave_reason = ShownText(default="")
    added_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "programme_membership"


class ParentalInterview(BaseModel):
    """A parental interview a head of year arranges after a review (schema 9): arranged
    on a day, with whom, and its outcome once held."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    reason = ShownText()
    arranged_on = DateField(null=True)
    with_whom = ShownLine(default="")
    outcome = ShownText(default="")
    recorded_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "parental_interview"
