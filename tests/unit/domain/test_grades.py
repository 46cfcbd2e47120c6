"""GCSE grades: reading them, their order, fine grades, status against target, and targets."""

from __future__ import annotations

import pytest

from amtui.domain.errors import InputRefused
from amtui.domain.grades import U, GradeScale, grade, grades_below, is_grade_text, is_ks4
from amtui.domain.roles import Role
from amtui.domain.targets import Status, TargetChangeRefused, check_long_term_target, grade_status

WHOLE, FINE = GradeScale(), GradeScale(fine=True)


@pytest.mark.parametrize("text, label", [
    ("8", "8"), ("Grade 5", "5"), ("grade5", "5"), (" GCSE 7 ", "7"), ("U", "U"), ("u", "U"),
    ("grade u", "U"), ("9", "9"), ("1", "1"), ("09", "9"),
])
def test_whole_grades_are_read_in_the_ways_people_write_them(text, label):
    assert WHOLE.parse(text).label == label


@pytest.mark.parametrize("text", ["0", "10", "A", "", "5++", "St 5 Ready", "-5", "U+"])
def test_what_is_not_a_grade_is_refused_saying_so(text):
    with pytest.raises(InputRefused):
        FINE.parse(text)


def test_fine_grades_are_refused_unless_the_school_records_them():
    with pytest.raises(InputRefused, match="fine_grades is off"):
        WHOLE.parse("5+")
    assert FINE.parse("5+").label == "5+" and FINE.parse("Grade 5-").label == "5-"


def test_grades_order_from_u_to_9_plus_with_fine_grades_between_whole_ones():
    line = [g.label for g in FINE.steps()]
    assert line[:5] == ["U", "1-", "1", "1+", "2-"] and line[-1] == "9+" and len(line) == 28
    assert [g.label for g in WHOLE.steps()] == ["U", *map(str, range(1, 10))]
    assert U < FINE.parse("1-") < FINE.parse("1") < FINE.parse("1+") < FINE.parse("2-")
    assert FINE.parse("4+") < FINE.parse("5-") and WHOLE.parse("9") > WHOLE.parse("8")


@pytest.mark.parametrize("current, target, expected", [
    ("6", "5", Status.ABOVE), ("5", "5", Status.ON_TARGET), ("4", "5", Status.NEARLY),
    ("3", "5", Status.NOT_ACHIEVING), ("U", "1", Status.NEARLY), ("9", "U", Status.ABOVE),
])
def test_status_with_whole_grades_moves_a_grade_a_step(current, target, expected):
    assert grade_status(WHOLE.parse(current), WHOLE.parse(target), WHOLE) is expected


@pytest.mark.parametrize("current, target, expected", [
    ("5+", "5", Status.ABOVE), ("5", "5", Status.ON_TARGET), ("5-", "5", Status.NEARLY),
    ("4+", "5", Status.NOT_ACHIEVING), ("6-", "5+", Status.ABOVE),
])
def test_status_with_fine_grades_moves_a_fine_grade_a_step(current, target, expected):
    assert grade_status(FINE.parse(current), FINE.parse(target), FINE) is expected


def test_grades_below_target_counts_whole_grades():
    assert grades_below(FINE.parse("5-"), FINE.parse("5+")) == 0  # the same grade
    assert grades_below(FINE.parse("4+"), FINE.parse("5-")) == 1
    assert grades_below(WHOLE.parse("5"), WHOLE.parse("5")) == 0  # equal to target is not below
    assert grades_below(WHOLE.parse("6"), WHOLE.parse("5")) == 0
    assert grades_below(U, WHOLE.parse("3")) == 3


def test_stored_labels_tell_grades_from_sub_stages_and_years_from_key_stages():
    assert is_grade_text("5+") and is_grade_text("U") and not is_grade_text("St 5 Ready")
    assert not is_grade_text("N1") and not is_grade_text("2E")
    assert is_ks4(10) and is_ks4(11) and not is_ks4(9) and not is_ks4(12)
    with pytest.raises(InputRefused):
        grade(10)


def ks(new, *, old=None, fft=None, roles=(Role.AMT,), reason="", kind="ks4"):
    parse = WHOLE.parse
    return check_long_term_target(parse(new), old=old and parse(old), baseline=None, fft=fft and parse(fft),
                                  roles=roles, reason=reason, steps=3, kind=kind)


def test_the_amt_or_slt_sets_end_of_key_stage_targets_never_below_fft():
    assert ks("6", fft="6") == "" and ks("7", roles=(Role.SLT,)) == ""
    with pytest.raises(TargetChangeRefused, match="Only Senior leadership or Assertive Mentoring team may set"):
        ks("6", roles=(Role.TEACHER, Role.HOD))
    with pytest.raises(TargetChangeRefused, match="below the FFT"):
        ks("5", fft="6")


def test_end_of_key_stage_targets_go_up_not_down_and_only_slt_lowers():
    assert ks("7", old="6") == ""  # the AMT raises at the yearly review
    with pytest.raises(TargetChangeRefused, match="Only Senior leadership"):
        ks("5", old="6")
    with pytest.raises(TargetChangeRefused, match="below the FFT"):
        ks("5", old="6", fft="6", roles=(Role.SLT,), reason="illness")
    assert ks("5", old="6", fft="4", roles=(Role.SLT,), reason="long illness") == ""


def test_a_teachers_end_of_year_grade_target_follows_the_same_rule():
    assert ks("6", roles=(Role.TEACHER,), kind="year") == ""
    with pytest.raises(TargetChangeRefused, match="below the FFT"):
        ks("4", fft="5", roles=(Role.TEACHER,), kind="year")
    with pytest.raises(TargetChangeRefused, match="Only Senior leadership"):
        ks("4", old="5", roles=(Role.TEACHER,), kind="year")
