"""The calendar of progress returns and the rules of a return's values."""

from datetime import date

import pytest

from amtui.domain.calendar import HalfTermDates, default_half_terms
from amtui.domain.errors import InputRefused
from amtui.domain.grades import GradeScale
from amtui.domain.returns import (
    AOB, FINAL, PROJECTED, TypedReturn, WindowPlan, current_window, default_windows, last_school_day, parse_aob,
    parse_projected, type_return_key,
)
from amtui.domain.scale import default_scale

TERMS = default_half_terms(2026)
PLANS = default_windows(2026, TERMS)


def names(year_group):
    return [(plan.name, plan.kind) for plan in PLANS if plan.year_group == year_group]


@pytest.mark.parametrize("year_group", [7, 8])
def test_years_7_and_8_return_aob_at_the_end_of_terms_1_and_2_and_final_levels_at_the_end_of_term_3(year_group):
    assert names(year_group) == [(f"Y{year_group} Autumn", AOB), (f"Y{year_group} Spring", AOB),
                                 (f"Y{year_group} Summer", FINAL)]
    dues = [plan.due for plan in PLANS if plan.year_group == year_group]
    assert dues == [TERMS[1].end, TERMS[3].end, TERMS[5].end]


def test_year_9_returns_aob_at_the_end_of_term_1_then_projected_levels_monthly_january_to_april():
    assert names(9) == [("Y9 Autumn", AOB), ("Y9 January", PROJECTED), ("Y9 February", PROJECTED),
                        ("Y9 March", PROJECTED), ("Y9 April", PROJECTED)]


def test_year_10_returns_aob_each_month_from_january():
    assert [name for name, _ in names(10)] == [f"Y10 {m}" for m in
                                               ("January", "February", "March", "April", "May", "June", "July")]
    assert {kind for _, kind in names(10)} == {AOB}


def test_year_11_returns_a_projected_grade_with_coursework_each_month_october_to_may():
    y11 = [plan for plan in PLANS if plan.year_group == 11]
    assert [plan.name for plan in y11] == [f"Y11 {m}" for m in ("October", "November", "December", "January",
                                                               "February", "March", "April", "May")]
    assert all(plan.kind == PROJECTED and plan.coursework for plan in y11)
    assert not any(plan.coursework for plan in PLANS if plan.year_group != 11)


def test_year_12_returns_a_projected_grade_at_the_end_of_terms_1_and_2_and_its_final_grade_at_the_end_of_term_3():
    assert names(12) == [("Y12 Autumn", PROJECTED), ("Y12 Spring", PROJECTED), ("Y12 Summer", FINAL)]
    assert [plan.due for plan in PLANS if plan.year_group == 12] == [TERMS[1].end, TERMS[3].end, TERMS[5].end]


def test_year_13_returns_a_projected_grade_at_the_end_of_terms_1_and_2_and_none_in_its_exam_term():
    assert names(13) == [("Y13 Autumn", PROJECTED), ("Y13 Spring", PROJECTED)]
    assert [plan.due for plan in PLANS if plan.year_group == 13] == [TERMS[1].end, TERMS[3].end]
    assert current_window(PLANS, 13, TERMS[5].end).name == "Y13 Spring"  # a late return still goes in


def test_the_calendar_has_returns_for_years_7_to_13_only():
    assert {plan.year_group for plan in PLANS} == {7, 8, 9, 10, 11, 12, 13}


def test_a_month_is_due_on_its_last_school_day_and_opens_two_weeks_before():
    october = next(plan for plan in PLANS if plan.name == "Y11 October")
    assert october.due == TERMS[0].end == date(2026, 10, 23)  # the half-term holiday ends October
    assert october.opens == date(2026, 10, 9)
    may = next(plan for plan in PLANS if plan.name == "Y11 May")
    assert may.due == date(2027, 5, 28) and may.due.weekday() == 4


def test_a_month_that_is_all_holiday_has_no_return():
    assert last_school_day(2027, 8, TERMS) is None
    assert last_school_day(2026, 11, TERMS) == date(2026, 11, 30)


def test_the_calendar_needs_six_half_terms():
    with pytest.raises(ValueError):
        default_windows(2026, TERMS[:5])


def test_a_teacher_returns_into_the_latest_window_opened_until_the_next_opens():
    january = next(plan for plan in PLANS if plan.name == "Y11 January")
    assert current_window(PLANS, 11, january.opens - date.resolution).name == "Y11 December"
    assert current_window(PLANS, 11, january.opens).name == "Y11 January"
    assert current_window(PLANS, 11, january.due + date.resolution).name == "Y11 January"
    assert current_window(PLANS, 7, date(2026, 9, 10)) is None


def test_a_window_is_refused_without_a_name_of_no_kind_or_due_before_it_opens():
    with pytest.raises(InputRefused, match="needs a name"):
        WindowPlan(" ", 11, AOB, False, date(2027, 1, 1), date(2027, 1, 2))
    with pytest.raises(InputRefused, match="not a kind"):
        WindowPlan("Y11 X", 11, "levels", False, date(2027, 1, 1), date(2027, 1, 2))
    with pytest.raises(InputRefused, match="before it opens"):
        WindowPlan("Y11 X", 11, AOB, False, date(2027, 1, 2), date(2027, 1, 1))
    WindowPlan("Y11 X", 11, AOB, False, date(2027, 1, 2), date(2027, 1, 2))  # due the day it opens


@pytest.mark.parametrize("text, letter", [("a", "A"), ("Above", "A"), (" o ", "O"), ("ON", "O"), ("b", "B"),
                                          ("below", "B")])
def test_aob_reads_a_letter_or_a_word(text, letter):
    assert parse_aob(text) == letter


@pytest.mark.parametrize("text", ["", "x", "ab", "5"])
def test_aob_refuses_anything_else(text):
    with pytest.raises(InputRefused):
        parse_aob(text)


@pytest.mark.parametrize(("year_group", "stored"), [(7, "St 7 Emerging"), (9, "St 7 Emerging"), (10, "7"),
                                                   (11, "7"), (12, "7"), (13, "7")])
def test_years_10_to_13_return_grades_and_ks3_sub_stages(year_group, stored):
    typed = "7" if year_group >= 10 else "7e"
    assert parse_projected(typed, year_group, GradeScale(), default_scale()) == stored


def test_a_half_term_list_out_of_order_makes_the_same_calendar():
    shuffled = [TERMS[i] for i in (5, 0, 3, 1, 4, 2)]
    assert default_windows(2026, shuffled) == PLANS
    assert isinstance(TERMS[0], HalfTermDates)


@pytest.mark.parametrize("typed, key, fine, expected", [
    ("", "7", False, TypedReturn("7", True)),
    ("", "u", False, TypedReturn("U", True)),
    ("", "7", True, TypedReturn("7", False)),
    ("7", "+", True, TypedReturn("7+", True)),
    ("7", "-", True, TypedReturn("7-", True)),
])
def test_a_gcse_grade_takes_one_key_or_two_with_fine_grades(typed, key, fine, expected):
    assert type_return_key(typed, key, grades=True, fine=fine) == expected


@pytest.mark.parametrize("typed, key, fine", [("", "0", False), ("", "+", True), ("7", "+", False), ("", "x", False)])
def test_anything_else_in_a_grade_box_says_why(typed, key, fine):
    assert type_return_key(typed, key, grades=True, fine=fine).error


def test_a_sub_stage_is_its_stage_then_its_band():
    assert type_return_key("", "6", grades=False, fine=False) == TypedReturn("6", False)
    assert type_return_key("6", "E", grades=False, fine=False) == TypedReturn("6e", True)
    assert type_return_key("", "e", grades=False, fine=False).error
    assert type_return_key("6", "7", grades=False, fine=False).error
