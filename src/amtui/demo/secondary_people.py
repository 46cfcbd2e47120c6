"""The secondary demo's staff, tutor groups, teaching groups and pupils (Years 7-11).

Each year group of 180 is six tutor groups (``10A`` ... ``10F``) in two halves, X (A-C)
and Y (D-F). Every subject teaches each half in three groups: English, Maths and Science
in sets by prior attainment (``10X/Ma1`` the top set), the others by tutor group
(``10X/Hi2`` is 10B's History group). Each department is a head of department and two
teachers; every teacher tutors a tutor group; each year has a head of year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from amtui.db.demo_file import mark_demo
from amtui.db.models import (
    ClassMembership, ClassStaff, GroupMembership, HalfTerm, MentorAssignment, Pupil, SchoolClass,
    Staff, StaffRemit, Subject,
)
from amtui.db.repo.school import ensure_year, store_setting
from amtui.demo import names
from amtui.demo.common import Demo, bulk
from amtui.imports.store import insert_rows
from amtui.demo.people import username
from amtui.domain.characteristics import SEN_NONE, SEN_SUPPORT
from amtui.domain.upn import with_check_letter

SCHOOL_NAME = "Hope Academy (demo)"
YEARS = (7, 8, 9, 10, 11)
TUTOR_LETTERS = "ABCDEF"
HALVES = {"X": "ABC", "Y": "DEF"}
PUPILS_PER_TUTOR_GROUP = 30
SUBJECTS = {  # name -> code (the letters of criterion refs and group names)
    "English": "En", "Maths": "Ma", "Science": "Sc", "History": "Hi", "Geography": "Gg",
    "French": "Fr", "Art": "Ar", "Music": "Mu", "Computing": "Co", "PE": "Pe",
}
SETTED = ("En", "Ma", "Sc")
LA_CODE, ESTABLISHMENT = "820", "4601"
YOUR_GROUP = "8X/Ma2"
"""The group the demo's user teaches, for the README's walkthrough."""


@dataclass
class SecondaryPupil:
    id: int
    year_group: int
    tutor_group: str
    ability: float  # a z-score: prior attainment, sets, targets
    progress: float  # this year's progress against target


@dataclass
class SecondaryDemo(Demo):
    """The plan of the secondary demo, filled in step by step."""

    subject_ids: dict[str, int] = field(default_factory=dict)  # code -> id
    teachers: dict[str, list[int]] = field(default_factory=dict)  # code -> [HoD, teacher, teacher]
    tutor_groups: dict[str, int] = field(default_factory=dict)  # name -> class id
    groups: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # name -> (id, code, teacher)
    secondary: list[SecondaryPupil] = field(default_factory=list)
    placed: dict[tuple[int, str], str] = field(default_factory=dict)  # (pupil, code) -> group name
    bank_ids: dict[tuple[str, int], list[int]] = field(default_factory=dict)  # (code, stage) -> criteria


def build_school(demo: SecondaryDemo) -> None:
    store_setting("school_name", SCHOOL_NAME)
    mark_demo()
    year = ensure_year(demo.start_year)
    ensure_year(demo.start_year - 1)
    demo.year_id = year.id
    demo.terms = list(HalfTerm.select().where(HalfTerm.year == year).order_by(HalfTerm.number))
    ids = bulk(Subject, [{"name": name, "code": code} for name, code in SUBJECTS.items()])
    demo.subject_ids = dict(zip(SUBJECTS.values(), ids))


def _people(login: str) -> list[tuple[str, str, str]]:
    """(key, name, roles): SLT, the Assertive Mentoring team, admin, departments, heads of year."""
    rows = [("head", names.HEAD[0], "slt;amt"), ("deputy", names.DEPUTY[0], "slt;amt;mentor"),
            ("admin", names.ADMIN[0], "admin"), ("senco", names.SENCO[0], "teacher;mentor;amt")]
    teachers = iter(names.FORENAMES[i] + " " + names.SURNAMES[-1 - i] for i in range(200))
    for code in SUBJECTS.values():
        for n in range(3):
            rows.append((f"{code}{n}", next(teachers), "teacher;hod" if n == 0 else "teacher"))
    for year in YEARS:  # a head of year for each year, from the departments' second teachers
        key = f"{list(SUBJECTS.values())[year - 7]}1"
        rows = [(k, name, roles + ";hoy;mentor" if k == key else roles) for k, name, roles in rows]
    rows.append(("you", names.YOU_NAME, names.YOU_ROLES))
    taken = set()
    out = []
    for key, name, roles in rows:
        user = login if key == "you" else username(name)
        while user in taken or (user == login and key != "you"):
            user += "x"
        taken.add(user)
        out.append((key, user, name, roles))
    return out


def build_staff(demo: SecondaryDemo) -> None:
    people = _people(demo.login)
    ids = bulk(Staff, [{"username": u, "name": n, "roles": r} for _, u, n, r in people])
    demo.staff = {key: staff_id for (key, *_), staff_id in zip(people, ids)}
    codes = list(SUBJECTS.values())
    demo.teachers = {code: [demo.staff[f"{code}{n}"] for n in range(3)] for code in codes}
    remits = [{"staff": demo.staff[f"{code}0"], "subject": demo.subject_ids[code], "year_group": None}
              for code in codes]
    remits += [{"staff": demo.staff[f"{codes[year - 7]}1"], "subject": None, "year_group": year} for year in YEARS]
    bulk(StaffRemit, remits)


def build_groups(demo: SecondaryDemo) -> None:
    """Tutor groups (each tutored by a teacher) and every subject's teaching groups."""
    tutors = [staff_id for code in SUBJECTS.values() for staff_id in demo.teachers[code]]
    names_ = [f"{year}{letter}" for year in YEARS for letter in TUTOR_LETTERS]
    ids = bulk(SchoolClass, [{"name": name, "year_group": int(name[:-1]), "academic_year": demo.year_id,
                              "subject": None} for name in names_])
    demo.tutor_groups = dict(zip(names_, ids))
    links = [{"school_class": cid, "staff": tutor, "role": "teacher", "start": None, "end": None}
             for cid, tutor in zip(ids, tutors)]
    groups = []
    for year in YEARS:
        for half in HALVES:
            for code in SUBJECTS.values():
                for n in range(1, 4):
                    teacher = demo.teachers[code][(n + year) % 3]
                    groups.append((f"{year}{half}/{code}{n}", year, code, teacher))
    ids = bulk(SchoolClass, [{"name": name, "year_group": year, "academic_year": demo.year_id,
                              "subject": demo.subject_ids[code]} for name, year, code, _ in groups])
    for gid, (name, _, code, teacher) in zip(ids, groups):
        demo.groups[name] = (gid, code, teacher)
        links.append({"school_class": gid, "staff": teacher, "role": "teacher", "start": None, "end": None})
    links.append({"school_class": demo.groups[YOUR_GROUP][0], "staff": demo.staff["you"], "role": "teacher",
                  "start": None, "end": None})
    bulk(ClassStaff, links)


def build_pupils(demo: SecondaryDemo) -> None:
    rng = demo.rng("secondary pupils")
    used: set[tuple[str, str]] = set()
    rows = []
    for year in YEARS:
        serials = iter(rng.sample(range(1, 1000), len(TUTOR_LETTERS) * PUPILS_PER_TUTOR_GROUP))
        joined = (demo.start_year - year + 7) % 100
        for letter in TUTOR_LETTERS:
            for _ in range(PUPILS_PER_TUTOR_GROUP):
                pair = (rng.choice(names.FORENAMES), rng.choice(names.SURNAMES))
                while pair in used:
                    pair = (rng.choice(names.FORENAMES), rng.choice(names.SURNAMES))
                used.add(pair)
                ability = rng.gauss(0, 1)
                born = dt.date(demo.start_year - 5 - year, 9, 1) + dt.timedelta(days=rng.randrange(365))
                rows.append(({"upn": with_check_letter(f"{LA_CODE}{ESTABLISHMENT}{joined:02d}{next(serials):03d}"),
                              "forename": pair[0], "surname": pair[1], "dob": born, "year_group": year,
                              "school_class": demo.tutor_groups[f"{year}{letter}"],
                              "sen_status": SEN_SUPPORT if rng.random() < (0.4 if ability < -1.2 else 0.05)
                              else SEN_NONE, "gender": "F" if pair[0] in names.GIRLS else "M",
                              "looked_after": False, "pupil_premium": rng.random() < 0.28,
                              "eal": rng.random() < 0.12, "extra_meetings": False, "left_on": None},
                             SecondaryPupil(0, year, f"{year}{letter}", ability, rng.gauss(0, 1))))
    for (row, plan), pupil_id in zip(rows, bulk(Pupil, [row for row, _ in rows])):
        plan.id = pupil_id
        demo.secondary.append(plan)
    insert_rows(ClassMembership, [{"pupil": plan.id, "academic_year": demo.year_id, "school_class": row["school_class"],
                            "year_group": plan.year_group, "start": None, "end": None} for row, plan in rows])
    _place_in_groups(demo)
    _mentors(demo)


def _place_in_groups(demo: SecondaryDemo) -> None:
    """Sets by ability in the core subjects (top third set 1), tutor group order elsewhere."""
    rows = []
    for year in YEARS:
        for half, letters in HALVES.items():
            pupils = [p for p in demo.secondary if p.year_group == year and p.tutor_group[-1] in letters]
            by_ability = sorted(pupils, key=lambda p: -p.ability)
            third = len(pupils) // 3
            for code in SUBJECTS.values():
                for index, pupil in enumerate(by_ability):
                    n = min(index // third, 2) + 1 if code in SETTED else letters.index(pupil.tutor_group[-1]) + 1
                    name = f"{year}{half}/{code}{n}"
                    demo.placed[(pupil.id, code)] = name
                    rows.append({"pupil": pupil.id, "group": demo.groups[name][0], "start": None, "end": None})
    insert_rows(GroupMembership, rows)


def _mentors(demo: SecondaryDemo) -> None:
    """The Assertive Mentoring team's mentors take the pupils furthest behind in Years 10-11."""
    mentors = [demo.staff[key] for key in ("deputy", "senco")] + [
        demo.staff[f"{code}1"] for code in list(SUBJECTS.values())[3:5]]
    behind = sorted((p for p in demo.secondary if p.year_group >= 10), key=lambda p: p.progress)[:40]
    start = demo.terms[0].start
    bulk(MentorAssignment, [{"pupil": p.id, "mentor": mentors[i % len(mentors)], "start": start, "end": None,
                             "reason": "Causing concern at the AMT's review"} for i, p in enumerate(behind)])
