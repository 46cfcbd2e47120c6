"""The database tables: the whole of Assertive Mentoring's records.

Histories that matter are append-only (criterion marks, working stages, long-term
targets, mentor changes): the newest row wins and the old ones stay as evidence.
Sub-stages are stored as their labels ("St 2 Emerging") so the file reads sensibly in
any SQLite tool and survives changes to the scale's numbering. Screens never hold
these objects: the query modules hand out plain dataclasses.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    NodeList,
    SQL,
    SqliteDatabase,
    TextField,
)

from amtui.db.connection import database
from amtui.db.shown_text import ShownLine, ShownNotes, ShownText


def now() -> dt.datetime:
    """The time a row is written, to the second (local server time)."""
    return dt.datetime.now().replace(microsecond=0)


class NeverReusedId(AutoField):
    """An integer id never handed out twice, even after a delete (SQLite's AUTOINCREMENT):
    an erased pupil's id, or a deleted audit entry's, is never given to someone else."""

    def ddl(self, ctx):  # noqa: D102
        nodes = super().ddl(ctx)
        db = self.model._meta.database
        if isinstance(getattr(db, "obj", db), SqliteDatabase):
            return NodeList((nodes, SQL("AUTOINCREMENT")))
        return nodes


class BaseModel(Model):
    id = NeverReusedId()

    class Meta:
        database = database
        legacy_table_names = False


# --- the school -----------------------------------------------------------------------


class DbInfo(BaseModel):
    """Facts about the file itself: schema version, which amtui created it."""

    key = CharField(primary_key=True)
    value = TextField()


class SchoolSetting(BaseModel):
    """One school setting (see ``amtui.domain.settings``), stored as text."""

    key = CharField(primary_key=True)
    value = ShownText()  # the school's name is drawn in every screen's header


class AcademicYear(BaseModel):
    start_year = IntegerField(unique=True)

    @property
    def label(self) -> str:
        from amtui.domain.calendar import academic_year_label  # dateutil: not at start-up

        return academic_year_label(self.start_year)


class Staff(BaseModel):
    """A member of staff; ``username`` is their operating-system login."""

    username = ShownLine(unique=True)
    name = ShownLine()
    roles = CharField(default="")  # ";"-separated amtui.domain.roles.Role values
    active = BooleanField(default=True)  # False: a leaver (history kept, may not log in)
    left_on = DateField(null=True)  # the day a leaver was deactivated


class HalfTerm(BaseModel):
    """One of the six half-terms of an academic year; SLT may lock it."""

    year = ForeignKeyField(AcademicYear, backref="half_terms", on_delete="CASCADE")
    number = IntegerField()
    start = DateField()
    end = DateField()
    locked_at = DateTimeField(null=True)
    locked_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    lock_reason = ShownText(default="")

    class Meta:
        indexes = ((("year", "number"), True),)


class Subject(BaseModel):
    name = ShownLine(unique=True)
    code = CharField(unique=True)  # the letter of criterion refs: M, R, W, S, E ...


class SchoolClass(BaseModel):
    """A class (or tutor group) in one academic year; with a ``subject`` (schema 7), a
    secondary school's teaching group of that subject, such as ``10X/Ma2``.

    A pupil's class or tutor group is their ``ClassMembership``; their teaching groups are
    ``GroupMembership`` rows. ``ClassStaff`` links staff to both.
    """

    name = ShownLine()
    year_group = IntegerField()  # amtui.domain.year_group: N1 = -2, N2 = -1, R = 0, 1-13
    academic_year = ForeignKeyField(AcademicYear, backref="classes")
    subject = ForeignKeyField(Subject, null=True, backref="groups", on_delete="SET NULL")

    class Meta:
        table_name = "school_class"
        indexes = ((("academic_year", "name"), True),)


class ClassStaff(BaseModel):
    """Who teaches (or supports as a TA) a class, from when to when: they may mark it.

    A link is open from ``start`` (None: from the beginning) up to the day before ``end``
    (None: still open); a change of teacher ends one link and opens another, so the dates
    of both stay.
    """

    school_class = ForeignKeyField(SchoolClass, backref="staff", on_delete="CASCADE")
    staff = ForeignKeyField(Staff, backref="class_links", on_delete="CASCADE")
    role = CharField(default="teacher")  # teacher or ta
    start = DateField(null=True)
    end = DateField(null=True)

    class Meta:
        indexes = ((("school_class", "staff"), False),)


class Pupil(BaseModel):
    """A pupil, on roll or a leaver (``left_on``).

    ``school_class`` and ``year_group`` are a mirror of the pupil's newest membership (the
    open ``ClassMembership`` row in their newest year), kept by ``repo.membership`` for
    labels such as the finder's line. Where the date matters, do not read them: who was in
    a class, in which year group, on a day or at a half-term is ``ClassMembership``
    (``membership.members_on``, ``membership.places_on``, ``groups.placements_in``,
    ``membership.pupil_years``; ``tracking.pupils_on_roll`` and ``pupil_subject_positions``
    take the day).
    """

    upn = CharField(unique=True)
    forename = ShownLine()
    surname = ShownLine()
    dob = DateField(null=True)
    year_group = IntegerField()  # amtui.domain.year_group: N1 = -2, N2 = -1, R = 0, 1-13
    school_class = ForeignKeyField(SchoolClass, null=True, backref="pupils", on_delete="SET NULL")
    # Schema version 5: the DfE's SEN provision code, N, K or E (amtui.domain.characteristics).
    sen_status = CharField(default="N")
    pupil_premium = BooleanField(default=False)
    eal = BooleanField(default=False)
    extra_meetings = BooleanField(default=False)  # flagged for meetings beyond the cycle
    left_on = DateField(null=True)  # a leaver: kept for the retention period, then erased
    gender = CharField(default="")  # as the MIS gives it: M, F, X (other), U, "" (not given)
    looked_after = BooleanField(default=False)

    class Meta:
        indexes = ((("surname", "forename"), False),)


class ClassMembership(BaseModel):
    """A pupil's class and year group in one academic year, from when to when (schema 6).

    Open from ``start`` (None: from the beginning of the year) up to the day before ``end``
    (None: to the end of the year); a move during the year ends one row and opens another,
    so who was in a class on any day stays known. ``Pupil.school_class`` and
    ``Pupil.year_group`` are the pupil's row in the newest year, kept in step with these.
    """

    pupil = ForeignKeyField(Pupil, backref="memberships", on_delete="CASCADE")
    academic_year = ForeignKeyField(AcademicYear)
    school_class = ForeignKeyField(SchoolClass, null=True, on_delete="SET NULL")
    year_group = IntegerField()
    start = DateField(null=True)
    end = DateField(null=True)

    class Meta:
        table_name = "class_membership"
        indexes = ((("pupil", "academic_year"), False),)


class GroupMembership(BaseModel):
    """A pupil in a teaching group (a ``SchoolClass`` with a subject), from when to when
    (schema 7): open from ``start`` (None: the beginning of the group's year) up to the day
    before ``end`` (None: its end), as class memberships are."""

    pupil = ForeignKeyField(Pupil, backref="groups", on_delete="CASCADE")
    group = ForeignKeyField(SchoolClass, backref="members", on_delete="CASCADE")
    start = DateField(null=True)
    end = DateField(null=True)

    class Meta:
        table_name = "group_membership"
        indexes = ((("pupil", "group"), False),)


class MentorAssignment(BaseModel):
    """Who mentors a pupil, from when; the open row (no end) is the current mentor."""

    pupil = ForeignKeyField(Pupil, backref="mentor_history", on_delete="CASCADE")
    mentor = ForeignKeyField(Staff, backref="mentees")
    start = DateField()
    end = DateField(null=True, index=True)
    reason = ShownText(default="")




class StaffRemit(BaseModel):
    """What a head of department or of year heads (schema 7): a ``subject`` (HoD) or a
    ``year_group`` (HoY); one row each, so a member of staff may head several."""

    staff = ForeignKeyField(Staff, backref="remits", on_delete="CASCADE")
    subject = ForeignKeyField(Subject, null=True, on_delete="CASCADE")
    year_group = IntegerField(null=True)

    class Meta:
        table_name = "staff_remit"


# --- criteria and the dot/line/cross record ---------------------------------------------


class CriteriaBank(BaseModel):
    """A subject's numbered criteria at one stage; cut-offs may override the scaling."""

    subject = ForeignKeyField(Subject, backref="banks")
    stage = IntegerField()
    cutoff_emerging = IntegerField(null=True)
    cutoff_developing = IntegerField(null=True)
    cutoff_securing = IntegerField(null=True)

    class Meta:
        table_name = "criteria_bank"
        indexes = ((("subject", "stage"), True),)


class Criterion(BaseModel):
    bank = ForeignKeyField(CriteriaBank, backref="criteria", on_delete="CASCADE")
    subject = ForeignKeyField(Subject)  # the bank's subject, kept for ref look-ups
    number = IntegerField()
    ref = ShownLine()
    text = ShownText()

    class Meta:
        indexes = ((("bank", "number"), True), (("subject", "ref"), True))


class CriterionMark(BaseModel):
    """One recorded code: append-only. The newest row at or before a half-term wins."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion, on_delete="CASCADE")
    half_term = ForeignKeyField(HalfTerm)
    code = CharField(max_length=1)  # "", ".", "/", "X", "A"
    staff = ForeignKeyField(Staff, null=True)
    recorded_at = DateTimeField(default=now)
    source = CharField(default="grid")  # grid, import, undo, test:<id>, bigwrite:<id>

    class Meta:
        table_name = "criterion_mark"
        indexes = ((("pupil", "criterion", "half_term"), False), (("half_term",), False))


class WorkingStage(BaseModel):
    """Which stage's bank a pupil works in for a subject; newest row wins."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    subject = ForeignKeyField(Subject)
    stage = IntegerField()
    set_at = DateTimeField(default=now)
    set_by = ForeignKeyField(Staff, null=True)
    reason = ShownText(default="")

    class Meta:
        table_name = "working_stage"
        indexes = ((("pupil", "subject"), False),)


# --- targets and meetings ---------------------------------------------------------------


class Baseline(BaseModel):
    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    subject = ForeignKeyField(Subject)
    academic_year = ForeignKeyField(AcademicYear)
    substage = CharField()
    set_at = DateTimeField(default=now)
    set_by = ForeignKeyField(Staff, null=True)

    class Meta:
        indexes = ((("pupil", "subject", "academic_year"), True),)


class FftEstimate(BaseModel):
    """The FFT Aspire estimate: the floor below which no target may fall."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    subject = ForeignKeyField(Subject)
    academic_year = ForeignKeyField(AcademicYear)
    substage = CharField()
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "fft_estimate"
        indexes = ((("pupil", "subject", "academic_year"), True),)


class LongTermTarget(BaseModel):
    """A long-term target, append-only: the newest row per pupil/subject/year/kind wins."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    subject = ForeignKeyField(Subject)
    academic_year = ForeignKeyField(AcademicYear)
    kind = CharField(default="year")  # year (end of year), ks3 or ks4 (end of key stage, set by the AMT)
    substage = CharField()
    set_at = DateTimeField(default=now)
    set_by = ForeignKeyField(Staff, null=True)
    reason = ShownText(default="")

    class Meta:
        table_name = "long_term_target"
        indexes = ((("pupil", "subject", "academic_year", "kind"), False),)


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


# --- weekly basic skills tests -----------------------------------------------------------


class WeeklyLevel(BaseModel):
    """The basic skills level a pupil sits; newest row wins (promotions are confirmed)."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    level = CharField()
    started_on = DateField()
    set_by = ForeignKeyField(Staff, null=True)

    class Meta:
        table_name = "weekly_level"
        indexes = ((("pupil", "started_on"), False),)


class WeeklyResult(BaseModel):
    """One weekly test sitting; score None = absent. Corrections are audited."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    sat_on = DateField()
    level = CharField()
    test = IntegerField()
    score = IntegerField(null=True)
    staff = ForeignKeyField(Staff, null=True)
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "weekly_result"
        indexes = ((("pupil", "sat_on"), True),)


# --- half-termly tests -------------------------------------------------------------------


class HalfTermTest(BaseModel):
    subject = ForeignKeyField(Subject)
    stage = IntegerField()
    number = IntegerField()  # 1-6: the half-term it is sat in
    title = ShownLine(default="")

    class Meta:
        table_name = "half_term_test"
        indexes = ((("subject", "stage", "number"), True),)


class HalfTermQuestion(BaseModel):
    test = ForeignKeyField(HalfTermTest, backref="questions", on_delete="CASCADE")
    number = CharField()  # "1", "2a" ...
    position = IntegerField()
    marks = IntegerField()
    section = ShownLine(default="")
    criterion = ForeignKeyField(Criterion)

    class Meta:
        table_name = "test_question"
        indexes = ((("test", "number"), True),)


class HalfTermAnswer(BaseModel):
    """A pupil's mark on one question (None = not attempted)."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    question = ForeignKeyField(HalfTermQuestion, on_delete="CASCADE")
    half_term = ForeignKeyField(HalfTerm)
    mark = IntegerField(null=True)
    staff = ForeignKeyField(Staff, null=True)
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "test_answer"
        indexes = ((("pupil", "question", "half_term"), True),)


# --- Big Write ---------------------------------------------------------------------------


class BigWritePiece(BaseModel):
    school_class = ForeignKeyField(SchoolClass, on_delete="CASCADE")
    written_on = DateField()
    title = ShownLine()
    created_by = ForeignKeyField(Staff, null=True)

    class Meta:
        table_name = "big_write_piece"


class BigWriteRating(BaseModel):
    """Red/yellow/green against one writing target: also dot/line/cross evidence."""

    piece = ForeignKeyField(BigWritePiece, backref="ratings", on_delete="CASCADE")
    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion)
    rating = CharField(max_length=1)  # R, Y, G
    staff = ForeignKeyField(Staff, null=True)
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "big_write_rating"
        indexes = ((("piece", "pupil", "criterion"), True),)


class BigWriteFeedback(BaseModel):
    piece = ForeignKeyField(BigWritePiece, on_delete="CASCADE")
    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    text = ShownText()
    staff = ForeignKeyField(Staff, null=True)
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "big_write_feedback"
        indexes = ((("piece", "pupil"), True),)


# --- attitude ---------------------------------------------------------------------------


class AttitudeRecord(BaseModel):
    """One aspect of attitude for a half-term: a rating, and for attendance a percentage."""

    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    half_term = ForeignKeyField(HalfTerm)
    aspect = CharField()  # amtui.domain.attitude.ASPECTS
    rating = CharField(max_length=1, default="")  # R, Y, G ("" when not yet rated)
    percent = FloatField(null=True)
    staff = ForeignKeyField(Staff, null=True)
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "attitude_record"
        indexes = ((("pupil", "half_term", "aspect"), True),)


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
    name = ShownLine(unique=True)
    subject = ForeignKeyField(Subject, null=True)
    description = ShownText(default="")
    active = BooleanField(default=True)


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


# --- the pupil's file: rewards, sanctions; secondary progress returns ------------------------


class RecordEvent(BaseModel):
    """A reward, certificate or sanction on the pupil's file."""

    pupil = ForeignKeyField(Pupil, backref="events", on_delete="CASCADE")
    kind = CharField()  # reward, certificate, sanction
    text = ShownText()
    staff = ForeignKeyField(Staff, null=True)
    recorded_at = DateTimeField(default=now)

    class Meta:
        table_name = "record_event"


class ReturnWindow(BaseModel):
    """A progress return (schema 8): one data collection point for one year group, such as
    ``Y11 October``, open from ``opens`` and due on ``due``. ``kind`` is ``aob`` (Above / On
    / Below target), ``projected`` (a projected level or grade) or ``final`` (the year's
    final level); ``coursework`` asks for a coursework grade as well (Year 11).
    The default calendar is ``amtui.domain.returns.default_windows``."""

    academic_year = ForeignKeyField(AcademicYear, backref="return_windows", on_delete="CASCADE")
    name = ShownLine()
    year_group = IntegerField()
    kind = CharField()  # amtui.domain.returns.KINDS
    coursework = BooleanField(default=False)
    opens = DateField()
    due = DateField()

    class Meta:
        table_name = "return_window"
        indexes = ((("academic_year", "name"), True),)


class ProgressReturn(BaseModel):
    """A teacher's return for one pupil and subject in one window (schema 8): ``aob`` (A, O
    or B) or a ``projected`` grade, with a ``coursework`` grade where the window asks for
    one; who entered it and when. The head of department checks projected grades: either
    ``checked_by`` (approved) or ``query`` (a note back to the teacher, open until the
    teacher enters again, which clears it). One row per window, pupil and subject: entering
    again changes it (the audit trail keeps the history). The latest return for a pupil
    and subject is the row of the window with the latest due date that holds one
    (``amtui.db.repo.returns.latest_returns``)."""

    window = ForeignKeyField(ReturnWindow, backref="returns", on_delete="CASCADE")
    pupil = ForeignKeyField(Pupil, on_delete="CASCADE")
    subject = ForeignKeyField(Subject, on_delete="CASCADE")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    entered_at = DateTimeField(default=now)
    aob = CharField(default="")  # A, O, B or "" (a projected window)
    projected = CharField(default="")  # a grade or sub-stage label, "" for an AOB window
    coursework = CharField(default="")
    checked_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    checked_at = DateTimeField(null=True)
    query = ShownText(default="")  # the head of department's note back to the teacher
    queried_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    queried_at = DateTimeField(null=True)

    class Meta:
        table_name = "progress_return"
        indexes = ((("window", "pupil", "subject"), True), (("pupil", "subject"), False))


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


# --- the audit trail --------------------------------------------------------------------------


class AuditEntry(BaseModel):
    """Who changed what, when. Written in the same transaction as the change."""

    at = DateTimeField(default=now, index=True)
    login = CharField()
    action = CharField()  # e.g. mark.set, target.lower, import.pupils
    entity = CharField(default="")
    entity_id = CharField(default="")
    detail = TextField(default="")
    # Schema version 2: whose records the entry is about, and the tamper-evident chain
    # (amtui.db.chain): the hash covers this entry, the previous hash, and the digest of
    # the criterion marks written since the previous entry (ids up to ``marks_to``).
    pupil = ForeignKeyField(Pupil, null=True, on_delete="SET NULL")
    prev_hash = CharField(default="")
    hash = CharField(default="")
    marks_to = IntegerField(default=0)
    marks_hash = CharField(default="")
    # Schema version 4: the state of every table's seal after this change (amtui.db.seal).
    state_hash = CharField(default="")

    class Meta:
        table_name = "audit_entry"


class Seal(BaseModel):
    """One table's seal (schema version 4): a digest of all its rows, kept by triggers, so
    rows changed outside amtui are found (``amtui.db.seal``)."""

    name = CharField(primary_key=True)
    total = CharField()


ALL_MODELS: tuple[type[BaseModel], ...] = (
    DbInfo, SchoolSetting, AcademicYear, Staff, HalfTerm, Subject, SchoolClass, ClassStaff, Pupil,
    ClassMembership, GroupMembership, MentorAssignment, StaffRemit, CriteriaBank, Criterion, CriterionMark, WorkingStage,
    Baseline, FftEstimate, LongTermTarget, Meeting, Target, WeeklyLevel, WeeklyResult,
    HalfTermTest, HalfTermQuestion, HalfTermAnswer, BigWritePiece, BigWriteRating, BigWriteFeedback,
    AttitudeRecord, MeetingCheck, SelfAssessment, MeetingFollowUp, Intervention,
    InterventionAssignment, InterventionCriterion, RecordEvent, ReturnWindow, ProgressReturn, Referral,
    ProgrammeMembership, ParentalInterview,
    AuditEntry, Seal,
)
"""Every table, in an order that creates referenced tables first."""
