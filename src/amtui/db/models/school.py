"""The school and its staff: the file's facts and settings, years and half-terms, staff,
subjects, classes and groups, pupils and who teaches and mentors them; the audit trail
and the tables' seals."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from amtui.db.models.base import BaseModel, now
from amtui.db.shown_text import ShownLine, ShownText


# --- the school -----------------------------------------------------------------------


class DbInfo(BaseModel):
    """Facts about the file itself: schema version, which amtui created it."""

    key = CharField(primary_key=True)
    value = TextField()
    school = None  # the database's own facts, whichever schools it holds


class SchoolSetting(BaseModel):
    """One school setting (see ``amtui.domain.settings``), stored as text; one row per
    key in each school (schema 10; the key was the whole table's before)."""

    key = CharField()
    value = ShownText()  # the school's name is drawn in every screen's header

    class Meta:
        indexes = ((("school", "key"), True),)


class AcademicYear(BaseModel):
    start_year = IntegerField()

    class Meta:
        indexes = ((("school", "start_year"), True),)

    @property
    def label(self) -> str:
        from amtui.domain.calendar import academic_year_label  # dateutil: not at start-up

        return academic_year_label(self.start_year)


class Staff(BaseModel):
    """A member of staff; ``username`` is their operating-system login."""

    username = ShownLine()
    name = ShownLine()
    roles = CharField(default="")  # ";"-separated amtui.domain.roles.Role values
    active = BooleanField(default=True)  # False: a leaver (history kept, may not log in)
    left_on = DateField(null=True)  # the day a leaver was deactivated

    class Meta:
        indexes = ((("school", "username"), True),)


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
    name = ShownLine()
    code = CharField()  # the letter of criterion refs: M, R, W, S, E ...

    class Meta:
        indexes = ((("school", "name"), True), (("school", "code"), True))


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

    upn = CharField()  # unique in its school (two schools of a trust may both hold a pupil who moved)
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
        indexes = ((("surname", "forename"), False), (("school", "upn"), True))


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
    school = None  # a SQLite file's own, and a file is one school
