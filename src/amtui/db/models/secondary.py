"""A secondary school's progress returns: the collection windows and each teacher's returns."""

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
from amtui.db.models.school import AcademicYear, Pupil, Staff, Subject
from amtui.db.shown_text import ShownLine, ShownText


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
