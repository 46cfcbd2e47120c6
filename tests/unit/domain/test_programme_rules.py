"""Onto the programme: subjects below target, the AMT's concerns, who joins and until when;
referrals: whom they reach, who ends them, what the referrer reads."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.domain.errors import UserFacingError
from amtui.domain.programme import (
    ALREADY_IDENTIFIED, Kind, SubjectReturn, checked_kind, checked_reason, concern_reason, is_below, is_open,
    joins_until, subjects_below, whole_year_10_joins,
)
from amtui.domain.referrals import may_end, recipient, what_became


@pytest.mark.parametrize(("projected", "target", "below"), [
    ("5", "5", False),  # equal to target is not below
    ("6", "5", False),
    ("4", "5", True),
    ("U", "1", True),
    ("5-", "5", False),  # fine grades count whole grades
    ("4+", "5-", True),
    ("5+", "6-", True),
])
def test_a_projected_grade_is_below_only_a_whole_grade_under_its_target(projected, target, below):
    assert is_below(SubjectReturn("Maths", projected=projected, target=target)) is below


@pytest.mark.parametrize(("projected", "target", "below"), [
    ("St 7 Ready", "St 7 Ready", False),  # equal to target is not below
    ("St 7 Emerging", "St 7 Ready", False),
    ("St 6 Securing", "St 7 Ready", True),  # one sub-stage under
    ("St 5 Developing", "St 7 Ready", True),
    ("6s", "St 7 Ready", True),
])
def test_a_ks3_projected_level_is_below_one_sub_stage_under_its_target(projected, target, below):
    assert is_below(SubjectReturn("History", projected=projected, target=target)) is below


def test_a_grade_against_a_level_is_not_compared_the_aob_decides():
    assert not is_below(SubjectReturn("History", projected="4", target="St 7 Ready"))
    assert is_below(SubjectReturn("History", projected="St 6 Securing", target="5", aob="B"))


def test_an_aob_return_is_below_when_b_was_returned():
    assert is_below(SubjectReturn("Maths", aob="B"))
    assert not is_below(SubjectReturn("Maths", aob="O"))
    assert not is_below(SubjectReturn("Maths", aob="A", target="5"))


def test_subjects_below_lists_them_in_order():
    entries = [SubjectReturn("Maths", "4", target="6"), SubjectReturn("English", "6", target="6"),
               SubjectReturn("Science", aob="B")]
    assert subjects_below(entries) == ["Maths", "Science"]


@pytest.mark.parametrize(("below", "reason"), [(2, None), (3, "3 subjects below target"),
                                               (4, "4 subjects below target")])
def test_two_subjects_below_is_not_a_concern_three_is(below, reason):
    assert concern_reason(11, below, 3, identified=False) == reason


def test_the_number_of_subjects_is_the_schools_setting():
    assert concern_reason(11, 2, 2, identified=False) == "2 subjects below target"
    assert concern_reason(11, 3, 4, identified=False) is None


def test_years_9_and_10_causing_concern_say_so():
    assert concern_reason(9, 3, 3, False) == "Year 9 causing concern: 3 subjects below target"
    assert concern_reason(10, 5, 3, False) == "Year 10 causing concern: 5 subjects below target"


def test_a_pupil_already_identified_stays_on_the_list():
    assert concern_reason(11, 0, 3, identified=True) == ALREADY_IDENTIFIED
    assert concern_reason(11, 3, 3, identified=True) == "3 subjects below target"


@pytest.mark.parametrize(("day", "joins"), [(dt.date(2027, 4, 30), False), (dt.date(2027, 5, 1), True),
                                            (dt.date(2027, 8, 31), True), (dt.date(2026, 9, 1), False)])
def test_the_whole_of_year_10_joins_from_may(day, joins):
    assert whole_year_10_joins(day, setting_on=True) is joins
    assert not whole_year_10_joins(day, setting_on=False)


def test_a_year_9_pupil_joins_until_the_end_of_the_year():
    assert joins_until(9, dt.date(2027, 1, 20)) == dt.date(2027, 8, 31)
    assert joins_until(9, dt.date(2026, 10, 5)) == dt.date(2027, 8, 31)
    assert joins_until(10, dt.date(2027, 1, 20)) is None


def test_a_membership_is_open_from_joining_until_it_is_left_or_runs_out():
    joined, until = dt.date(2027, 1, 20), dt.date(2027, 8, 31)
    assert not is_open(joined, None, None, dt.date(2027, 1, 19))
    assert is_open(joined, None, until, until)
    assert not is_open(joined, None, until, dt.date(2027, 9, 1))
    assert is_open(joined, dt.date(2027, 3, 1), None, dt.date(2027, 2, 28))
    assert not is_open(joined, dt.date(2027, 3, 1), None, dt.date(2027, 3, 1))


def test_kinds_and_reasons_are_checked():
    assert checked_kind("hoy") is Kind.HOY
    with pytest.raises(UserFacingError, match="programme, hoy, hod"):
        checked_kind("nurse")
    assert checked_reason("  three  below ") == "three below"
    with pytest.raises(UserFacingError, match="Say why"):
        checked_reason("   ")


def test_a_referral_reaches_the_mentor_else_the_head_of_year():
    assert recipient(4, 9) == 4
    assert recipient(None, 9) == 9
    with pytest.raises(UserFacingError, match="no head of year"):
        recipient(None, None)


def test_only_its_recipient_or_the_amt_ends_an_open_referral():
    may_end("open", 4, 4, amt=False)
    may_end("open", 4, 7, amt=True)
    with pytest.raises(UserFacingError, match="Only the person"):
        may_end("open", 4, 7, amt=False)
    with pytest.raises(UserFacingError, match="already ended"):
        may_end("closed", 4, 4, amt=False)


def test_the_referrer_reads_what_became_of_it():
    assert what_became("open", "", "") == "open"
    assert what_became("accepted", "", "") == "accepted onto the programme"
    assert what_became("passed", "", "Ms Head") == "passed on to Ms Head"
    assert what_became("closed", "Parents spoken to", "") == "closed: Parents spoken to"
