"""Tracking a pupil's learning: criteria and the dot/line/cross record, working stages,
baselines and long-term targets, the weekly and half-termly tests, Big Write,
attitude, and the rewards and sanctions on the pupil's file."""

from __future__ import annotations

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
)

from amtui.db.models.base import BaseModel, now
from amtui.db.models.school import AcademicYear, HalfTerm, Pupil, SchoolClass, Staff, Subject
from amtui.db.shown_text import ShownLine, ShownText


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

    # No index of its own: the (pupil, criterion, half-term) index leads with it.
    pupil = ForeignKeyField(Pupil, on_delete="CASCADE", index=False)
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
