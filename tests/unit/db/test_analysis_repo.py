"""The leaders' standings on the demo school: a pupil's class is the one they were in at the
half-term, a cohort is followed back, and a head of year's years are their classes'."""

from __future__ import annotations

import datetime as dt

from amtui.db.connection import read
from amtui.db.models import Pupil
from amtui.db.repo import analysis, membership, school
from amtui.db.repo.staff import identify
from amtui.domain.groups import remit
from amtui.domain.roles import Role
from tests import leaders_demo
from tests.leaders_demo import TODAY

built, demo = leaders_demo.built, leaders_demo.demo  # the shared demo school's fixtures


def test_a_pupil_who_moved_class_is_counted_in_the_class_of_each_half_term(demo):
    ht1, ht2 = school.half_term(2026, 1), school.half_term(2026, 2)
    maths = school.subject_by_name("Maths")
    before = analysis.standings(ht2, maths, today=TODAY)
    mover = before.facts[0]
    other = next(c.name for c in school.classes(2026) if c.name != mover.class_name)
    admin = identify("swhitfield")
    upn = read(lambda: Pupil.get_by_id(mover.pupil_id).upn)
    membership.move_pupil(admin, upn, other, ht2.start + dt.timedelta(days=3))
    at_ht1 = {f.pupil_id: f for f in analysis.standings(ht1, maths, today=TODAY).facts}
    at_ht2 = {f.pupil_id: f for f in analysis.standings(ht2, maths, today=TODAY).facts}
    assert at_ht1[mover.pupil_id].class_name == mover.class_name
    assert at_ht2[mover.pupil_id].class_name == other
    assert at_ht2[mover.pupil_id].status == mover.status  # the move changes the class, not the record


def test_the_trend_follows_the_same_pupils_back_through_the_year(demo):
    ht2 = school.half_term(2026, 2)
    now = analysis.standings(ht2, school.subject_by_name("Reading"), today=TODAY)
    points = analysis.trend(now, TODAY)
    assert [p.label for p in points][-2:] == ["2026-27 HT1", "2026-27 HT2"]
    assert all({f.pupil_id for f in p.facts} <= {f.pupil_id for f in now.facts} for p in points)


def test_who_sees_which_subjects_and_years():
    everything, maths, english = frozenset({1, 2, 3}), frozenset({1}), frozenset({2})
    slt = remit(frozenset({Role.SLT}), frozenset(), frozenset(), frozenset({6}), everything)
    assert slt.years_in(3) is None and slt.covers(3)
    hod = remit(frozenset({Role.HOD, Role.TEACHER}), maths, frozenset(), frozenset({6}), everything)
    assert hod.years_in(1) is None and not hod.covers(2)
    hoy = remit(frozenset({Role.HOY}), frozenset(), frozenset({9}), frozenset({6}), everything)
    assert hoy.years_in(2) == frozenset({9}) and hoy.covers(3)
    both = remit(frozenset({Role.HOD, Role.HOY}), english, frozenset({9}), frozenset(), everything)
    assert both.years_in(2) is None and both.years_in(1) == frozenset({9})
    # Nothing recorded: a head of department sees every subject, a head of year their classes' years.
    assert remit(frozenset({Role.HOD}), frozenset(), frozenset(), frozenset(), everything).subjects == everything
    assert remit(frozenset({Role.HOY}), frozenset(), frozenset(), frozenset({6}), everything).years == {6}
    teacher = remit(frozenset({Role.TEACHER}), maths, frozenset({9}), frozenset({6}), everything)
    assert not teacher.covers(1) and not teacher.covers(2)
