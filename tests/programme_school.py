"""A small secondary school for the programme's tests, straight from the models.

Year 11 pupils with GCSE targets and a projected-grade return (``Y11 October``), a Year 9
and a Year 10 pupil with AOB returns, staff with every role of the review and referrals.
``build(path, extra_pupils=N)`` adds N more Year 11 pupils, half of them below target in
3 subjects (the speed benchmark's school).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from amtui.db.connection import Target, write
from amtui.db.models import (
    GroupMembership, LongTermTarget, MentorAssignment, ProgressReturn, Pupil, ReturnWindow, SchoolClass, Staff, StaffRemit,
    Subject,
)
from amtui.db.repo.school import SCHOOL_NAME, ensure_year, store_setting
from amtui.db.startup import Opened, open_database
from amtui.domain.calendar import academic_year_of

SUBJECTS = ("English", "Maths", "Science", "History", "French")
AMT_LOGIN, TEACHER_LOGIN, MENTOR_LOGIN, HOY_LOGIN, HOD_LOGIN = "amt1", "teach1", "mentor1", "hoy11", "hodma"


@dataclass
class ProgrammeSchool:
    opened: Opened
    start_year: int
    today: dt.date
    staff: dict[str, int] = field(default_factory=dict)
    pupils: dict[str, int] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)


# name: (year, upn, projected grades or AOB per subject in SUBJECTS order, target grade)
PUPILS = {
    "Amy Ash": (11, "W101000000001", ("4", "4", "4", "6", "6"), "6"),  # 3 below: a concern
    "Ben Birch": (11, "P102000000002", ("4", "5", "6", "6", "6"), "6"),  # 2 below: not
    "Cal Cedar": (11, "H103000000003", ("6", "6", "6", "6", "6"), "6"),  # equal: not below
    "Dee Dale": (10, "D104000000004", ("B", "B", "B", "O", "A"), "5"),  # Year 10 causing concern
    "Eve Elm": (9, "E105000000005", ("B", "B", "B", "B", "O"), ""),  # Year 9 causing concern
}


def build(where: Path | Target, extra_pupils: int = 0) -> ProgrammeSchool:
    """Create the school at ``where`` (a SQLite file, or the empty database a target names) and
    leave the models bound to it."""
    opened = open_database(where if isinstance(where, Target) else Target(str(where)), create=True)
    start_year = academic_year_of(dt.date.today())
    made = ProgrammeSchool(opened, start_year, dt.date.today())

    def fill() -> None:
        year = ensure_year(start_year)
        store_setting(SCHOOL_NAME, "Riverside Academy")
        for login, name, roles in ((AMT_LOGIN, "Ava Team", "teacher;amt"), (TEACHER_LOGIN, "Tom Teach", "teacher"),
                                   (MENTOR_LOGIN, "Meg Mentor", "teacher;mentor"),
                                   (HOY_LOGIN, "Hugh Year", "teacher;hoy"), (HOD_LOGIN, "Hedda Maths", "teacher;hod"),
                                   ("head", "Hana Head", "slt")):
            made.staff[login] = Staff.create(username=login, name=name, roles=roles).id
        StaffRemit.create(staff=made.staff[HOY_LOGIN], year_group=11)
        for name in SUBJECTS:
            made.subjects[name] = Subject.create(name=name, code=name[:2]).id
        StaffRemit.create(staff=made.staff[HOD_LOGIN], subject=made.subjects["Maths"])
        windows = {yg: ReturnWindow.create(academic_year=year, name=name, year_group=yg, kind=kind,
                                           coursework=yg == 11, opens=dt.date(start_year, 9, 1),
                                           due=dt.date(start_year, 9, 20))
                   for yg, name, kind in ((11, "Y11 October", "projected"), (10, "Y10 October", "aob"),
                                          (9, "Y9 October", "aob"))}
        rows = dict(PUPILS)
        for n in range(extra_pupils):
            grades = ("3", "3", "3", "6", "6") if n % 2 else ("6", "5", "6", "6", "6")
            rows[f"Pupil{n:04d} Extra"] = (11, f"B{n:012d}", grades, "6")
        for name, (year_group, upn, returned, target) in rows.items():
            forename, surname = name.split(" ", 1)
            pupil = Pupil.create(upn=upn, forename=forename, surname=surname, year_group=year_group)
            made.pupils[name] = pupil.id
            for subject, value in zip(SUBJECTS, returned, strict=True):
                aob = value if value in "AOB" else ""
                ProgressReturn.create(window=windows[year_group], pupil=pupil, subject=made.subjects[subject],
                                      staff=made.staff[TEACHER_LOGIN], aob=aob, projected="" if aob else value)
                if target:
                    LongTermTarget.create(pupil=pupil, subject=made.subjects[subject], academic_year=year,
                                          kind="ks4", substage=target)
        maths = SchoolClass.create(name="11X/Ma1", year_group=11, academic_year=year, subject=made.subjects["Maths"])
        for name in ("Amy Ash", "Ben Birch", "Cal Cedar"):
            GroupMembership.create(pupil=made.pupils[name], group=maths)
        MentorAssignment.create(pupil=made.pupils["Ben Birch"], mentor=made.staff[MENTOR_LOGIN],
                                start=dt.date(start_year, 9, 1))

    write(fill)
    return made
