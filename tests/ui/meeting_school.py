"""Records for the meeting tests on top of the small school (tests/ui/small_school.py).

Zoë O'Neill (mentored by the tester, last met in HT3; "today" is early in HT4) gets:
- criteria at "/" in her working-stage banks, chosen so that her target candidates
  at HT4 are exactly ``CANDIDATES`` (crosses, a future line, another bank's line and
  another pupil's line must not be offered);
- targets from her HT3 meeting: R2/14 (now X: achieved by the evidence), M2/5 (open),
  and a homework target;
- HT4 attitude with attendance 95.5% and red homework;
- Big Maths that ended yesterday without an outcome (preparation: not reviewed);
- three weekly test results.
"""

from __future__ import annotations

import datetime as dt

from amtui.db.connection import write
from amtui.db.models import (
    AcademicYear, AttitudeRecord, CriteriaBank, Criterion, CriterionMark, HalfTerm, Intervention,
    InterventionAssignment, InterventionCriterion, Meeting, Subject, Target, WeeklyLevel,
    WeeklyResult,
)
from small_school import SmallSchool

CANDIDATES = ["M2/10", "R2/15", "R2/16", "R2/18", "R2/20"]
BANK = (("Big Maths", "Maths"), ("Grammar Hammer", "Writing"), ("LRC small group support", None),
        ("Key word spelling", "Writing"), ("Prompt sheets", "Maths"))


def add_meeting_records(made: SmallSchool) -> dict[str, int]:
    """Add the records above; returns ids by name (targets, the HT3 meeting...)."""
    ids: dict[str, int] = {}

    def fill() -> None:
        terms = {t.number: t for t in HalfTerm.select().join(AcademicYear)
                 .where(AcademicYear.start_year == made.start_year)}
        zoe, adam = made.pupils["Zoë O'Neill"], made.pupils["Adam Ash"]
        tester = made.staff["tester"]
        crit = {c.ref: c for c in Criterion.select()}
        reading = Subject.get(Subject.code == "R")
        bank3 = CriteriaBank.create(subject=reading, stage=3)
        for n in range(1, 6):
            crit[f"R3/{n}"] = Criterion.create(bank=bank3, subject=reading, number=n, ref=f"R3/{n}",
                                               text=f"Reading stage 3 criterion {n}")

        def mark(pupil, ref, term, code):
            CriterionMark.create(pupil=pupil, criterion=crit[ref], half_term=terms[term], code=code,
                                 staff=tester)

        mark(zoe, "R2/16", 3, "/")
        mark(zoe, "R2/17", 2, "/"); mark(zoe, "R2/17", 4, "X")
        mark(zoe, "R2/18", 3, "/"); mark(zoe, "R2/18", 4, "A")
        mark(zoe, "R2/19", 5, "/")
        mark(zoe, "R2/20", 2, "X"); mark(zoe, "R2/20", 4, "/")
        mark(zoe, "M2/10", 4, "/")
        mark(zoe, "R3/2", 3, "/")
        mark(adam, "R2/21", 3, "/")

        ht3 = Meeting.get((Meeting.pupil == zoe) & (Meeting.status == "done"))
        ids["ht3_meeting"] = ht3.id
        for name, ref in (("target_r14", "R2/14"), ("target_m5", "M2/5")):
            ids[name] = Target.create(pupil=zoe, kind="medium", subject=crit[ref].subject, criterion=crit[ref],
                                      text=crit[ref].text, set_by=tester, meeting=ht3, set_at=ht3.ended_at).id
        ids["target_homework"] = Target.create(pupil=zoe, kind="personal", aspect="homework",
                                               text="Hand in homework on time.", set_by=tester,
                                               meeting=ht3, set_at=ht3.ended_at).id
        for term, attendance, homework in ((3, 97.0, "Y"), (4, 95.5, "R")):
            for aspect, rating in (("attendance", "Y" if attendance < 96 else "G"), ("punctuality", "G"),
                                   ("behaviour", "G"), ("effort", "G"), ("homework", homework),
                                   ("uniform", "G")):
                AttitudeRecord.create(pupil=zoe, half_term=terms[term], aspect=aspect, rating=rating,
                                      percent=attendance if aspect == "attendance" else None)
        subjects = {s.name: s for s in Subject.select()}
        for name, subject in BANK:
            ids[name] = Intervention.create(name=name, subject=subjects[subject] if subject else None).id
        big_maths = InterventionAssignment.create(
            intervention=ids["Big Maths"], pupil=zoe, staff=tester, start=terms[3].start,
            end=made.today - dt.timedelta(days=1), start_substage="St 2 Ready")
        InterventionCriterion.create(assignment=big_maths, criterion=crit["M2/1"])
        ids["big_maths"] = big_maths.id
        WeeklyLevel.create(pupil=zoe, level="Level 2", started_on=terms[3].start)
        for week, score in enumerate((14, 19, 23)):
            WeeklyResult.create(pupil=zoe, sat_on=terms[3].start + dt.timedelta(weeks=week),
                                level="Level 2", test=week + 1, score=score)

    write(fill)
    return ids
