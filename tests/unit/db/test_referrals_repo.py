"""Referrals from making to ending, checked in the database."""

from __future__ import annotations

import pytest

from amtui.db.connection import read
from amtui.db.models import AuditEntry, ProgrammeMembership, Referral
from amtui.db.repo import referrals
from amtui.db.repo.staff import identify
from amtui.domain.errors import UserFacingError
from tests import programme_school as ps


@pytest.fixture
def school(tmp_path):
    made = ps.build(tmp_path / "school.db")
    yield made
    made.opened.db.close()


def test_a_referral_reaches_the_mentor_else_the_head_of_year(school):
    to_mentor = referrals.refer(identify(ps.TEACHER_LOGIN), school.pupils["Ben Birch"], "Homework not in")
    to_hoy = referrals.refer(identify(ps.TEACHER_LOGIN), school.pupils["Cal Cedar"], "Falling asleep in class")
    assert (to_mentor.referred_to, to_hoy.referred_to) == ("Meg Mentor", "Hugh Year")
    assert [r.id for r in referrals.open_for(school.staff[ps.MENTOR_LOGIN])] == [to_mentor.id]
    row = read(lambda: Referral.get_by_id(to_hoy.id))
    assert (row.referred_by_id, row.referred_to_id, row.status, row.reason) == (
        school.staff[ps.TEACHER_LOGIN], school.staff[ps.HOY_LOGIN], "open", "Falling asleep in class")


def test_a_year_with_no_head_and_a_pupil_with_no_mentor_is_refused(school):
    with pytest.raises(UserFacingError, match="no head of year"):
        referrals.refer(identify(ps.TEACHER_LOGIN), school.pupils["Eve Elm"], "Upset")
    assert read(lambda: Referral.select().count()) == 0


def test_accepting_puts_the_pupil_on_the_programme_and_the_referrer_sees_it(school):
    ben = school.pupils["Ben Birch"]
    made = referrals.refer(identify(ps.TEACHER_LOGIN), ben, "Homework not in")
    with pytest.raises(UserFacingError, match="Only the person"):
        referrals.accept(identify(ps.HOY_LOGIN), made.id, school.today)
    referrals.accept(identify(ps.MENTOR_LOGIN), made.id, school.today)
    membership = read(lambda: ProgrammeMembership.get(ProgrammeMembership.pupil == ben))
    assert (membership.kind, membership.join_reason) == ("programme", "referred: Homework not in")
    assert [(r.status, r.became) for r in referrals.made_by(school.staff[ps.TEACHER_LOGIN])] == [
        ("accepted", "accepted onto the programme")]
    assert referrals.open_for(school.staff[ps.MENTOR_LOGIN]) == []
    with pytest.raises(UserFacingError, match="already ended"):
        referrals.close(identify(ps.MENTOR_LOGIN), made.id, "Again")


def test_passing_on_opens_it_for_the_person_named_and_closing_records_the_outcome(school):
    cal = school.pupils["Cal Cedar"]
    made = referrals.refer(identify(ps.TEACHER_LOGIN), cal, "Falling asleep in class")
    new = referrals.pass_on(identify(ps.HOY_LOGIN), made.id, school.staff[ps.AMT_LOGIN])
    assert [r.id for r in referrals.open_for(school.staff[ps.AMT_LOGIN])] == [new]
    referrals.close(identify(ps.AMT_LOGIN), new, "Parents phoned: new baby at home")
    assert sorted(r.became for r in referrals.made_by(school.staff[ps.TEACHER_LOGIN])) == [
        "closed: Parents phoned: new baby at home", "passed on to Ava Team"]
    actions = read(lambda: [a for (a,) in AuditEntry.select(AuditEntry.action).where(AuditEntry.pupil == cal)
                            .order_by(AuditEntry.id).tuples()])
    assert actions == ["referral.make", "referral.passed", "referral.make", "referral.closed"]
    with pytest.raises(UserFacingError, match="Say what the outcome was"):
        referrals.close(identify(ps.AMT_LOGIN), referrals.refer(identify(ps.TEACHER_LOGIN), cal, "Again").id, " ")


def test_the_amt_and_slt_end_a_referral_that_did_not_reach_them_and_a_teacher_may_not(school):
    ben = school.pupils["Ben Birch"]
    first = referrals.refer(identify(ps.TEACHER_LOGIN), ben, "Homework not in")  # reaches the mentor
    with pytest.raises(UserFacingError, match="Only the person"):
        referrals.close(identify(ps.TEACHER_LOGIN), first.id, "Sorted")
    referrals.close(identify("head"), first.id, "Spoke to Ben")  # SLT
    second = referrals.refer(identify(ps.TEACHER_LOGIN), ben, "Late again")
    referrals.close(identify(ps.AMT_LOGIN), second.id, "Form tutor dealing")
    assert sorted(r.became for r in referrals.made_by(school.staff[ps.TEACHER_LOGIN])) == [
        "closed: Form tutor dealing", "closed: Spoke to Ben"]
