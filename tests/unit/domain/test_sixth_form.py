"""Years 12-13 (README, "Years 12-13"): a sixth-former has no end-of-key-stage target, only
each course's end-of-year target, and their returns and targets read GCSE grades as in KS4.
The boundaries: Years 9, 10, 11 and 12 (and a primary Year 6)."""

from __future__ import annotations

import pytest

from amtui.domain.errors import InputRefused
from amtui.domain.grades import GradeScale, in_grades, is_ks4, key_stage_kind, target_in_grades
from amtui.domain.returns import parse_projected
from amtui.domain.scale import default_scale
from amtui.domain.targets import TargetChangeRefused, change_word, check_target_kind, no_key_stage_target


@pytest.mark.parametrize(("year_group", "kind"), [(6, None), (7, "ks3"), (9, "ks3"), (10, "ks4"), (11, "ks4"),
                                                  (12, None), (13, None)])
def test_each_year_works_towards_its_key_stage_and_the_sixth_form_towards_none(year_group, kind):
    assert key_stage_kind(year_group) == kind
    assert (no_key_stage_target(year_group) == "") == (kind is not None)


@pytest.mark.parametrize(("year_group", "grades"), [(9, False), (10, True), (11, True), (12, True), (13, True)])
def test_grades_are_read_from_year_10_on_the_sixth_form_too(year_group, grades):
    assert in_grades(year_group) is grades
    # returns: projected and final grades; a sub-stage's label is refused in Years 10-13, a grade in 7-9
    assert parse_projected("6" if grades else "6r", year_group, GradeScale(), default_scale()) == (
        "6" if grades else "St 6 Ready")
    with pytest.raises(InputRefused):
        parse_projected("6r" if grades else "6", year_group, GradeScale(), default_scale())
    assert target_in_grades("year", year_group) is grades  # the end-of-year target
    assert is_ks4(year_group) is (year_group in (10, 11))  # KS4 itself stays Years 10-11


def test_a_sixth_former_may_have_an_end_of_year_target_but_no_key_stage_one():
    check_target_kind("year", 12)
    check_target_kind("year", 13)
    for kind in ("ks3", "ks4"):
        with pytest.raises(TargetChangeRefused, match="Year 12 pupil has no end-of-key-stage target: in the "
                                                      "sixth form each course's target is its end-of-year target"):
            check_target_kind(kind, 12)
        with pytest.raises(TargetChangeRefused, match="Year 13 pupil has no end-of-key-stage target"):
            check_target_kind(kind, 13, own_key_stage_only=False)  # not even from an import


def test_years_9_10_and_11_take_their_own_key_stages_target():
    check_target_kind("ks3", 9)
    check_target_kind("ks4", 10)
    check_target_kind("ks4", 11)
    with pytest.raises(TargetChangeRefused, match="Year 9 pupil works towards the end of KS3 target, not the end of KS4"):
        check_target_kind("ks4", 9)
    with pytest.raises(TargetChangeRefused, match="Year 10 pupil works towards the end of KS4 target, not the end of KS3"):
        check_target_kind("ks3", 10)
    check_target_kind("ks3", 10, own_key_stage_only=False)  # an import records an earlier key stage's
    with pytest.raises(TargetChangeRefused, match="Year 6 pupil has no end-of-key-stage target"):
        check_target_kind("ks3", 6, own_key_stage_only=False)


@pytest.mark.parametrize(("old", "new", "word"), [
    ("", "7", "set"), ("6", "7", "raised"), ("7", "6", "lowered"), ("6+", "7-", "raised"), ("7", "7", "kept"),
    ("St 5 Developing", "St 6 Emerging", "raised"), ("St 6 Emerging", "St 5 Securing", "lowered"),
    ("St 6 Emerging", "7", "changed"),  # a sub-stage and a grade are not on one line
])
def test_a_change_of_target_is_said_as_it_went(old, new, word):
    assert change_word(old, new) == word
