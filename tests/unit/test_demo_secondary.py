"""The secondary demo: Years 7-11, groups, every role, targets never below FFT, KS3 marks."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from amtui.db.models import (
    Baseline, ClassStaff, CriterionMark, FftEstimate, GroupMembership, LongTermTarget, ProgressReturn, Pupil,
    Referral, SchoolClass, Staff, StaffRemit, Subject,
)
from amtui.db.repo.staff import roles_of
from amtui.demo.secondary_people import YOUR_GROUP
from amtui.domain.grades import GradeScale
from amtui.domain.roles import Role
from amtui.domain.scale import default_scale
from built_schools import demo_school, opened_copy

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    built, summary = demo_school(tmp_path_factory, TODAY, secondary=True)  # built once in the run
    opened = opened_copy(built, tmp_path_factory.mktemp("secondary"))
    yield summary
    opened.db.close()


def test_about_900_pupils_in_years_7_to_11_in_tutor_groups(demo):
    assert demo.pupils == 900
    assert Counter(p.year_group for p in Pupil.select()) == {7: 180, 8: 180, 9: 180, 10: 180, 11: 180}
    tutor_groups = SchoolClass.select().where(SchoolClass.subject.is_null())
    assert tutor_groups.count() == 30
    assert all(p.school_class.subject_id is None for p in Pupil.select().limit(50))


def test_each_pupil_is_in_one_teaching_group_of_each_of_ten_subjects(demo):
    assert Subject.select().count() == 10
    per_pupil = Counter(m.pupil_id for m in GroupMembership.select())
    assert set(per_pupil.values()) == {10} and len(per_pupil) == 900
    subjects = {(m.pupil_id, m.group.subject_id) for m in GroupMembership.select(GroupMembership, SchoolClass)
                .join(SchoolClass)}
    assert len(subjects) == 9000
    group = SchoolClass.get(SchoolClass.name == YOUR_GROUP)
    assert group.subject.name == "Maths" and group.year_group == 8


def test_staff_hold_every_role_and_heads_have_their_subject_or_year(demo):
    roles = set().union(*(roles_of(s) for s in Staff.select()))
    assert roles >= {Role.TEACHER, Role.HOD, Role.HOY, Role.MENTOR, Role.SLT, Role.AMT, Role.ADMIN}
    assert StaffRemit.select().where(StaffRemit.subject.is_null(False)).count() == 10
    assert sorted(r.year_group for r in StaffRemit.select().where(StaffRemit.year_group.is_null(False))) == [
        7, 8, 9, 10, 11]
    teachers = {link.staff_id for link in ClassStaff.select().join(SchoolClass)
                .where(SchoolClass.subject.is_null(False))}
    assert len(teachers) == 31  # three a department, and the demo's user


def test_targets_are_never_below_fft_grades_in_ks4_and_sub_stages_in_ks3(demo):
    grades, scale = GradeScale(), default_scale()
    ffts = {(f.pupil_id, f.subject_id): f.substage for f in FftEstimate.select()}
    years = dict(Pupil.select(Pupil.id, Pupil.year_group).tuples())
    kinds = Counter()
    for target in LongTermTarget.select():
        kinds[target.kind] += 1
        parse = grades.parse if years[target.pupil_id] >= 10 else scale.parse
        assert parse(target.substage).step >= parse(ffts[(target.pupil_id, target.subject_id)]).step
    assert kinds == {"ks3": 5400, "ks4": 3600, "year": 9000}
    assert Baseline.select().count() == 9000


def test_ks3_pupils_have_marks_from_their_groups_teacher(demo):
    marked = {m.pupil_id for m in CriterionMark.select(CriterionMark.pupil).distinct()}
    years = {year for (year,) in Pupil.select(Pupil.year_group).where(Pupil.id.in_(list(marked))).tuples()}
    assert years == {7, 8, 9} and len(marked) == 540
    mark = CriterionMark.select().first()
    group = (SchoolClass.select().join(GroupMembership).where(GroupMembership.pupil == mark.pupil_id,
                                                             SchoolClass.subject == mark.criterion.subject_id).get())
    assert ClassStaff.select().where(ClassStaff.school_class == group, ClassStaff.staff == mark.staff_id).exists()
    assert demo.marks > 20_000


def test_the_programme_has_members_referrals_at_every_stage_and_interviews(demo):
    from amtui.db.models import MentorAssignment, ParentalInterview, ProgrammeMembership, Referral
    from amtui.db.repo import programme, referrals

    members = programme.members(TODAY)
    assert len(members) == 46 and all(m.mentor for m in members)
    assert {m.year_group for m in members} == {9, 10, 11}
    assert all(m.until == dt.date(2027, 8, 31) for m in members if m.year_group == 9)
    assert ProgrammeMembership.select().where(ProgrammeMembership.kind.in_(["hoy", "hod"])).count() == 8
    assert set(Counter(r.status for r in Referral.select())) == {"open", "accepted", "passed", "closed"}
    you = Staff.get(Staff.name == "You (demo)")
    assert len(referrals.open_for(you.id)) == 2  # on your home screen
    assert all(MentorAssignment.select().where(MentorAssignment.pupil == m.pupil_id).exists() for m in members)
    assert ParentalInterview.select().where(ParentalInterview.outcome != "").count() == 1


def test_the_summary_counts_what_a_secondary_school_holds(demo):
    # It said "0 weekly tests, 0 meetings, 0 targets" and nothing of the returns or referrals.
    said = str(demo)
    assert f"{ProgressReturn.select().count()} progress returns" in said and demo.returns > 3000
    assert f"{Referral.select().count()} referrals" in said and demo.referrals > 0
    assert " 0 " not in said and "weekly tests" not in said
