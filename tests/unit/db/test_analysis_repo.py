"""The leaders' standings on the demo school: a pupil's class is the one they were in at the
half-term, a cohort is followed back, and a head of year's years are their classes'."""

from __future__ import annotations

import datetime as dt

from amtui.db.connection import read, write
from amtui.db.models import AcademicYear, Pupil
from amtui.db.repo import analysis, groups, membership, school
from amtui.db.repo.staff import identify
from amtui.domain.groups import remit, split
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


def test_a_pupil_in_a_teaching_group_is_split_by_it_in_that_subject_only(demo):
    ht2 = school.half_term(2026, 2)
    maths, reading = school.subject_by_name("Maths"), school.subject_by_name("Reading")
    now = analysis.standings(ht2, maths, today=TODAY)
    taught = [f.pupil_id for f in now.facts[:3]]

    def make_group() -> None:
        year_id = AcademicYear.get(AcademicYear.start_year == 2026).id
        group_id, _ = groups.ensure_group_in("Ma-Set1", maths.id, now.facts[0].year_group, year_id)
        for pid in taught:
            groups.join_in(pid, group_id, maths.id, None)

    write(make_group)
    in_maths = {f.pupil_id: f for f in analysis.standings(ht2, maths, today=TODAY).facts}
    assert [in_maths[pid].group for pid in taught] == ["Ma-Set1"] * 3
    found = split("class", list(in_maths.values()))
    set1 = next(r.group for r in found.rows if r.group.name == "Ma-Set1")
    assert set(set1.pupil_ids) == {pid for pid in taught if in_maths[pid].baseline is not None}
    in_reading = {f.pupil_id: f for f in analysis.standings(ht2, reading, today=TODAY).facts}
    assert all(in_reading[pid].group == "" for pid in taught if pid in in_reading)
