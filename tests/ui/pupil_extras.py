"""Extra records on the small school for the tests of the pupil's file, attitude and Big Write.

Zoë O'Neill (4B) gets: an FFT estimate in Reading (St 1 Developing), a Writing working
stage with a 24-criterion bank, medium-term targets (two in Writing, one Reading target
whose criterion is already X, one whose criterion is at /), attitude for last year and
HT1-HT3, a reward, an intervention and a Big Write piece for 4B.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.connection import write
from amtui.db.models import (
    AcademicYear, AttitudeRecord, BigWritePiece, CriteriaBank, Criterion, FftEstimate, HalfTerm, Intervention,
    InterventionAssignment, RecordEvent, Staff, Subject, Target, WorkingStage,
)
from amtui.db.repo.school import ensure_year


@dataclass
class Extras:
    writing_criteria: list[int]  # W2/1 .. W2/24 ids
    reading_criteria: list[int]  # R2/1 .. R2/30 ids
    targets: dict[str, int]  # "W2/3", "W2/5", "R2/1", "R2/15" -> Zoë's target ids
    piece_id: int
    terms: dict[int, int]  # half-term number -> id, this year


def add_extras(school) -> Extras:
    def fill() -> Extras:
        year = AcademicYear.get(AcademicYear.start_year == school.start_year)
        last = ensure_year(school.start_year - 1)
        terms = {t.number: t.id for t in HalfTerm.select().where(HalfTerm.year == year)}
        last_terms = {t.number: t.id for t in HalfTerm.select().where(HalfTerm.year == last)}
        zoe, adam = school.pupils["Zoë O'Neill"], school.pupils["Adam Ash"]
        tester = school.staff["tester"]
        reading, writing = Subject.get(Subject.code == "R"), Subject.get(Subject.code == "W")
        FftEstimate.create(pupil=zoe, subject=reading, academic_year=year, substage="St 1 Developing")
        bank = CriteriaBank.create(subject=writing, stage=2)
        wcrit = [Criterion.create(bank=bank, subject=writing, number=n, ref=f"W2/{n}",
                                  text=f"Writing stage 2 criterion {n}").id for n in range(1, 25)]
        rcrit = [c.id for c in Criterion.select().where(Criterion.ref.startswith("R2/")).order_by(Criterion.number)]
        WorkingStage.create(pupil=zoe, subject=writing, stage=2, set_by=tester)
        WorkingStage.create(pupil=adam, subject=writing, stage=2, set_by=tester)
        set_at = dt.datetime.combine(school.today - dt.timedelta(days=30), dt.time(10))
        made = {}
        for subject, ref, crit in ((writing, "W2/3", wcrit[2]), (writing, "W2/5", wcrit[4]),
                                   (reading, "R2/1", rcrit[0]), (reading, "R2/15", rcrit[14])):
            made[ref] = Target.create(pupil=zoe, kind="medium", subject=subject, criterion=crit,
                                      text=f"criterion {ref}", set_at=set_at, set_by=tester).id
        Target.create(pupil=adam, kind="medium", subject=writing, criterion=wcrit[3], text="W2/4",
                      set_at=set_at, set_by=tester)
        Target.create(pupil=zoe, kind="personal", aspect="homework", text="Hand homework in on Fridays",
                      set_at=set_at, set_by=tester)
        for number, (attendance, ratings) in {1: (97.0, "GGGGG"), 2: (93.5, "GYGRG"), 3: (88.0, "YYGRG")}.items():
            _attitude(zoe, terms[number], attendance, ratings, tester)
        for number in (1, 2, 3, 4, 5, 6):
            _attitude(zoe, last_terms[number], 95.0 + number * 0.5, "GGYGG", tester)
        # Before the real "now": entries made during the test are stamped with it.
        early = dt.datetime.combine(HalfTerm.get_by_id(terms[1]).start, dt.time(10))
        RecordEvent.create(pupil=zoe, kind="reward", text="Star of the week", staff=tester, recorded_at=early)
        intervention = Intervention.create(name="Grammar Hammer", subject=writing)
        InterventionAssignment.create(intervention=intervention, pupil=zoe, staff=tester,
                                      start=school.today - dt.timedelta(days=20), start_substage="St 2 Ready")
        piece = BigWritePiece.create(school_class=school.classes["4B"], written_on=school.today - dt.timedelta(days=1),
                                     title="A letter home", created_by=tester)
        return Extras(wcrit, rcrit, made, piece.id, terms)

    return write(fill)


def _attitude(pupil: int, half_term: int, attendance: float, ratings: str, staff: int) -> None:
    AttitudeRecord.create(pupil=pupil, half_term=half_term, aspect="attendance", percent=attendance,
                          rating="G" if attendance >= 96 else "Y" if attendance >= 90 else "R", staff=staff)
    for aspect, rating in zip(("punctuality", "behaviour", "effort", "homework", "uniform"), ratings):
        AttitudeRecord.create(pupil=pupil, half_term=half_term, aspect=aspect, rating=rating, staff=staff)


def staff_id(login: str) -> int:
    return Staff.get(Staff.username == login).id
