"""A small school built straight from the models, for UI tests (no demo builder).

Dates: everything is in the current academic year; ``SmallSchool.today`` is a pinned
date in its HT4, so meetings' due/overdue states are the same whenever tests run.
Statuses are chosen to be the same at any half-term (far above or far below target).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from amtui.db.connection import Target, write
from amtui.db.models import (
    Baseline, ClassStaff, CriteriaBank, Criterion, CriterionMark, HalfTerm, LongTermTarget, Meeting,
    MentorAssignment, Pupil, SchoolClass, Staff, Subject, WeeklyLevel, WeeklyResult,
    WorkingStage,
)
from amtui.db.repo.school import SCHOOL_NAME as SCHOOL_NAME_KEY, ensure_year, store_setting
from amtui.db.startup import Opened, open_database
from amtui.domain.calendar import academic_year_of
from built_schools import empty_school

LOGIN = "tester"
SCHOOL_NAME = "Oakfield Primary"


@dataclass
class SmallSchool:
    opened: Opened
    start_year: int
    today: dt.date
    staff: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    pupils: dict[str, int] = field(default_factory=dict)


def _bank(subject: Subject, stage: int, size: int = 30) -> list[Criterion]:
    bank = CriteriaBank.create(subject=subject, stage=stage)
    return [Criterion.create(bank=bank, subject=subject, number=n, ref=f"{subject.code}{stage}/{n}",
                             text=f"{subject.name} stage {stage} criterion {n}") for n in range(1, size + 1)]


def build(where: Path | Target) -> SmallSchool:
    """Create the school in a new SQLite file at ``where``, or in the empty database it names,
    and leave the models bound to it."""
    target = where if isinstance(where, Target) else Target(str(where))
    if target.path is not None:
        empty_school(target.path)  # a copy: the same file, without running the schema again
    opened = open_database(target, create=True)
    start_year = academic_year_of(dt.date.today())
    made = SmallSchool(opened, start_year, dt.date.today())

    def fill() -> None:
        year = ensure_year(start_year)
        terms = {t.number: t for t in HalfTerm.select().where(HalfTerm.year == year)}
        made.today = terms[4].start + dt.timedelta(days=2)
        store_setting(SCHOOL_NAME_KEY, SCHOOL_NAME)
        tester = Staff.create(username=LOGIN, name="Tess Tester", roles="teacher;mentor")
        smith = Staff.create(username="jsmith", name="Jo Smith", roles="teacher")
        Staff.create(username="head", name="Hana Head", roles="slt")
        made.staff = {"tester": tester.id, "jsmith": smith.id}
        c4 = SchoolClass.create(name="4B", year_group=4, academic_year=year)
        c6 = SchoolClass.create(name="6R", year_group=6, academic_year=year)
        ClassStaff.create(school_class=c4, staff=tester)
        ClassStaff.create(school_class=c6, staff=smith)
        made.classes = {"4B": c4.id, "6R": c6.id}

        reading = Subject.create(name="Reading", code="R")
        Subject.create(name="Writing", code="W")
        maths = Subject.create(name="Maths", code="M")
        reading2, maths2 = _bank(reading, 2), _bank(maths, 2)

        def pupil(forename, surname, klass, upn, **extra) -> Pupil:
            p = Pupil.create(forename=forename, surname=surname, upn=upn, school_class=klass,
                             year_group=klass.year_group, **extra)
            made.pupils[f"{forename} {surname}"] = p.id
            return p

        zoe = pupil("Zoë", "O'Neill", c4, "X011000000001", dob=dt.date(start_year - 8, 5, 3), sen_status="K", eal=True)
        adam = pupil("Adam", "Ash", c4, "L011000000002", pupil_premium=True)
        bella = pupil("Bella", "Brown", c4, "A011000000003")
        callum = pupil("Callum", "Cole", c4, "P011000000004")
        pupil("Dara", "Doyle", c4, "D011000000005")
        pupil("Zoey", "Left", c4, "T011000000006", left_on=terms[2].start)
        ella = pupil("Ella", "Evans", c6, "B200000000025")
        finn = pupil("Finn", "Ford", c6, "B200000000054")
        grace = pupil("Grace", "Green", c6, "B200000000083")
        pupil("Harry", "Hill", c6, "B200000000106")

        ht1 = terms[1]

        def marks(p: Pupil, criteria: list[Criterion], code: str = "X") -> None:
            for criterion in criteria:
                CriterionMark.create(pupil=p, criterion=criterion, half_term=ht1, code=code, staff=tester)

        def position(p, subject, stage, baseline, target=None) -> None:
            WorkingStage.create(pupil=p, subject=subject, stage=stage, set_by=tester)
            Baseline.create(pupil=p, subject=subject, academic_year=year, substage=baseline)
            if target:
                LongTermTarget.create(pupil=p, subject=subject, academic_year=year, substage=target)

        # Zoë, Reading: 14 effective crosses = St 2 Developing (mid), far above St 1 targets.
        marks(zoe, reading2[:15])
        marks(zoe, reading2[13:14], "A")  # absence never hides a cross
        marks(zoe, reading2[14:15], "/")  # a newer line replaces the 15th cross
        position(zoe, reading, 2, "St 1 Ready", "St 1 Securing")
        # Zoë, Maths: 3 crosses = St 2 Emerging (low), far below a St 3 Ready baseline.
        marks(zoe, maths2[:3])
        position(zoe, maths, 2, "St 3 Ready", "St 4 Ready")
        Baseline.create(pupil=zoe, subject=Subject.get(Subject.code == "W"), academic_year=year,
                        substage="St 2 Ready")
        # Adam: 20 crosses = St 2 Securing, above a St 1 Ready -> St 1 Securing line.
        marks(adam, reading2[:20])
        position(adam, reading, 2, "St 1 Ready", "St 1 Securing")
        # Ella: 1 cross = St 2 Emerging, far below St 4.
        marks(ella, reading2[:1])
        position(ella, reading, 2, "St 4 Ready", "St 5 Ready")

        start = terms[1].start
        for mentee in (zoe, adam, callum):
            MentorAssignment.create(pupil=mentee, mentor=tester, start=start)
        MentorAssignment.create(pupil=bella, mentor=tester, start=start, end=terms[2].start)
        MentorAssignment.create(pupil=ella, mentor=smith, start=start)

        def met(p, mentor, term) -> None:
            when = dt.datetime.combine(terms[term].start + dt.timedelta(days=3), dt.time(10))
            Meeting.create(pupil=p, mentor=mentor, status="done", started_at=when,
                           ended_at=when + dt.timedelta(minutes=20))

        met(zoe, tester, 3)   # due by the end of HT4: due now
        met(adam, tester, 1)  # due by the end of HT2: overdue
        met(ella, smith, 2)   # due by the end of HT3: overdue

        for p, greens in ((finn, 4), (grace, 3)):
            WeeklyLevel.create(pupil=p, level="Level 2", started_on=start)
            for week in range(greens):
                WeeklyResult.create(pupil=p, sat_on=start + dt.timedelta(weeks=week), level="Level 2",
                                    test=week + 1, score=23)

    write(fill)
    return made
