"""The secondary demo's progress returns: the calendar, every opened window returned (the one
returned into on the day, open or late, with some missing and two queried), grades that read
as the year's kind, and the same returns for the same seed and day."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import Target
from amtui.db.models import ProgressReturn, Pupil, ReturnWindow
from amtui.db.repo import returns_read
from amtui.db.startup import open_database
from amtui.demo.secondary import build_secondary_demo
from amtui.domain.grades import GradeScale
from built_schools import demo_school, opened_copy

TODAY = dt.date(2026, 12, 1)
"""The day after Year 11's November return was due, before December's opens: the return is
late, and still the one its teachers return into and are chased for."""


def returned() -> list[tuple]:
    """Every return in the open school, by window, pupil and subject."""
    return sorted((r.window.name, r.pupil_id, r.subject_id, r.aob, r.projected, r.coursework, r.query)
                  for r in ProgressReturn.select().join(ReturnWindow))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    built, _ = demo_school(tmp_path_factory, TODAY, secondary=True)  # built once in the run
    opened = opened_copy(built, tmp_path_factory.mktemp("secondary"))
    yield returned()
    opened.db.close()


def test_the_calendar_is_there_and_year_11s_opened_windows_are_returned(demo):
    assert ReturnWindow.select().count() == 31  # with the sixth form's 5 (the demo has no Years 12-13)
    october = [r for r in demo if r[0] == "Y11 October"]
    assert len(october) == 180 * 10  # every Year 11 pupil in every subject
    assert all(r[4] and r[5] and not r[3] for r in october)  # a projected and a coursework grade
    scale = GradeScale()
    assert all(scale.parse(r[4]) and scale.parse(r[5]) for r in october)
    assert all(r.checked_by_id for r in ProgressReturn.select().join(ReturnWindow)
               .where(ReturnWindow.name == "Y11 October"))


def test_the_window_returned_into_has_returns_to_chase_and_two_queried(demo):
    (window,) = [w for w in returns_read.current_windows(2026, TODAY) if w.year_group == 11]
    missing = returns_read.missing(window, 2026, TODAY)
    assert 0 < len(missing) < 400
    assert sum(1 for r in demo if r[6]) == 2
    assert not [r for r in demo if r[0] in ("Y11 December", "Y7 Autumn")]  # not open yet on the day


def test_year_11s_projected_grades_centre_on_their_targets_and_a_minority_cause_concern(demo):
    # A projected grade is the end-of-year grade: it read as the start-of-year grade, a grade
    # under the end-of-year target, and 146 of the 180 Year 11 pupils were "causing concern".
    from amtui.db.repo.concerns import concerns, returns_in, targets_in
    scale = GradeScale()
    targets, pupils = targets_in(2026), {p.id: p.year_group for p in Pupil.select()}
    gaps = [scale.parse(projected).whole - scale.parse(targets[key]).whole
            for key, (projected, _) in returns_in(None, TODAY).items() if pupils[key[0]] == 11]
    below, above = sum(1 for g in gaps if g < 0), sum(1 for g in gaps if g > 0)
    assert len(gaps) > 1500 and abs(below - above) < 0.2 * (below + above), (below, above)
    year_11 = [c for c in concerns(2026, TODAY, 3) if c.year_group == 11]
    assert 20 < len(year_11) < 180 / 2


def test_the_same_seed_and_day_make_the_same_returns(demo, tmp_path):
    """Last in the module: the second build opens (and binds) a file of its own."""
    opened = open_database(Target(str(tmp_path / "again.db")), create=True)
    try:
        build_secondary_demo(today=TODAY)
        assert returned() == demo
    finally:
        opened.db.close()
