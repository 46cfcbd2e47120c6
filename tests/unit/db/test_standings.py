"""A Year 11 pupil's subjects: the grade now is the latest return's projected grade this
year (an A/O/B return or a return due later does not count), else the start-of-year grade,
and the status is that grade against the end-of-year target."""

from __future__ import annotations

import datetime as dt

from amtui.db.models import AcademicYear, Baseline, Pupil
from amtui.db.repo import returns
from amtui.db.repo.standings import subject_standings
from amtui.db.repo.staff import identify
from amtui.domain.targets import Status
from tests.returns_school import TODAY, Y11, YEAR, _import, open_now, seed_returns_school, subject_id


def maths(upn: str, day: dt.date = TODAY):
    pupil = Pupil.get(Pupil.upn == upn).id
    return next(s for s in subject_standings(pupil, day, YEAR) if s.subject == "Maths")


def project(name: str, grade: str, due_in: int) -> None:
    window = open_now(name, 11, due_in=due_in)
    returns.save_return(identify("maths1"), window.id, Pupil.get(Pupil.upn == Y11[0]).id, subject_id("Maths"),
                        returns.Entry(projected=grade), max(TODAY, window.opens))


def test_the_grade_now_is_the_latest_projected_grade_against_the_years_target(opened, tmp_path):
    seed_returns_school(tmp_path)
    year, _ = AcademicYear.get_or_create(start_year=YEAR)
    Baseline.create(pupil=Pupil.get(Pupil.upn == Y11[0]), subject=subject_id("Maths"), academic_year=year,
                    substage="4")  # the start-of-year grade, as the demo stores it
    _import(tmp_path, "targets", f"upn,subject,kind,target\n{Y11[0]},Maths,year,6\n")
    start = maths(Y11[0])
    assert (start.now, start.year_target, start.status) == ("4", "6", Status.NOT_ACHIEVING)
    project("Y11 Earlier", "6", due_in=0)
    assert (maths(Y11[0]).now, maths(Y11[0]).status) == ("6", Status.ON_TARGET)  # equal to target is on it
    project("Y11 Now", "7", due_in=7)
    assert maths(Y11[0]).now == "6"  # "Y11 Now" is due next week
    later = maths(Y11[0], TODAY + dt.timedelta(days=7))
    assert (later.now, later.status) == ("7", Status.ABOVE)
