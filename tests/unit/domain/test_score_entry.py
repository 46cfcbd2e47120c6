"""Typing scores (when to move on), the school week, and a half-term test's totals and codes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.domain.codes import Code
from amtui.domain.score_entry import (
    QuestionKey, SchoolWeek, can_extend, criterion_codes, keys_for, parse_score, school_week,
    totals, type_digit, weeks_since,
)


@pytest.mark.parametrize(("digits", "most", "expected"), [
    ("", 25, True), ("1", 25, True), ("2", 25, True), ("3", 25, False), ("9", 25, False),
    ("0", 25, False), ("20", 25, False), ("25", 25, False), ("1", 9, False), ("1", 10, True),
    ("10", 100, True), ("1", 1, False), ("2", 2, False), ("1", 2, False),
])
def test_can_extend_only_when_another_digit_could_still_be_valid(digits, most, expected):
    assert can_extend(digits, most) is expected


def test_three_of_25_is_complete_at_once_and_two_waits():
    three = type_digit("", "3", 25)
    assert (three.value, three.complete, three.error) == (3, True, "")
    two = type_digit("", "2", 25)
    assert (two.digits, two.value, two.complete) == ("2", 2, False)
    twenty_three = type_digit("2", "3", 25)
    assert (twenty_three.value, twenty_three.complete) == (23, True)


def test_26_is_refused_and_says_why():
    typed = type_digit("2", "6", 25)
    assert typed.value is None and not typed.complete
    assert "26 is more than 25" in typed.error


def test_a_letter_is_not_a_score():
    typed = type_digit("", "x", 25)
    assert typed.value is None and "'x' is not a score" in typed.error


@given(st.integers(min_value=1, max_value=60), st.text(alphabet="0123456789", min_size=1, max_size=3))
def test_typing_never_accepts_more_than_the_most_and_completes_exactly_when_stuck(most, digits):
    typed = None
    so_far = ""
    for digit in digits:
        typed = type_digit(so_far, digit, most)
        if typed.error or typed.complete:
            break
        so_far = typed.digits
    assert typed is not None
    if typed.error:
        assert int(typed.digits) > most
    else:
        assert 0 <= typed.value <= most
        # complete means no digit can follow to give another valid score
        followers = [int(typed.digits + d) for d in "0123456789"] if typed.digits != "0" else []
        assert typed.complete == (not any(v <= most for v in followers))


@pytest.mark.parametrize(("text", "most", "value"), [("0", 25, 0), (" 25 ", 25, 25), ("3", 3, 3)])
def test_parse_score(text, most, value):
    assert parse_score(text, most) == value


@pytest.mark.parametrize(("text", "says"), [("26", "more than 25"), ("-1", "not a score"),
                                            ("abc", "not a score"), ("", "not a score")])
def test_parse_score_refuses(text, says):
    with pytest.raises(ValueError, match=says):
        parse_score(text, 25)


def test_at_most_two_keys_for_any_score_out_of_25():
    assert {score: keys_for(score, 25) for score in (0, 1, 2, 3, 9, 10, 19, 20, 25)} == {
        0: 1, 1: 2, 2: 2, 3: 1, 9: 1, 10: 2, 19: 2, 20: 2, 25: 2}
    assert max(keys_for(s, 25) for s in range(26)) == 2


def test_the_school_week_runs_monday_to_friday_and_a_weekend_belongs_to_the_week_before():
    wednesday = dt.date(2027, 2, 24)
    week = school_week(wednesday)
    assert week == SchoolWeek(dt.date(2027, 2, 22))
    assert week.friday == week.sitting_day == dt.date(2027, 2, 26)
    assert school_week(dt.date(2027, 2, 28)) == week  # Sunday
    assert school_week(dt.date(2027, 3, 1)) == week.plus(1)
    assert week.contains(dt.date(2027, 2, 27)) and not week.contains(dt.date(2027, 3, 1))
    assert week.label == "week of Mon 22 Feb 2027"


def test_weeks_since_counts_whole_weeks_and_never_goes_negative():
    assert weeks_since(dt.date(2027, 1, 4), dt.date(2027, 1, 10)) == 0
    assert weeks_since(dt.date(2027, 1, 4), dt.date(2027, 2, 1)) == 4
    assert weeks_since(dt.date(2027, 2, 1), dt.date(2027, 1, 4)) == 0


QUESTIONS = [
    QuestionKey(1, "Number", 1, 101),
    QuestionKey(2, "Number", 2, 102),
    QuestionKey(3, "Fractions", 2, 104),
    QuestionKey(4, "Fractions", 1, 104),  # a second question on the same criterion
    QuestionKey(5, "Shape", 3, 105),
]


def test_totals_per_section_and_overall_with_blanks_counting_nothing():
    found = totals(QUESTIONS, {1: 1, 2: 1, 3: 2, 5: None})
    assert found.sections == (("Number", 2, 3), ("Fractions", 2, 3), ("Shape", 0, 3))
    assert (found.gained, found.out_of, found.attempted) == (4, 9, 3)


def test_codes_full_part_zero_and_blank_records_nothing():
    codes = criterion_codes(QUESTIONS, {1: 1, 2: 1, 5: 0})
    assert codes[101] is Code.CROSS
    assert codes[102] is Code.LINE
    assert codes[105] is Code.DOT
    assert codes[104] is None  # both its questions blank: no code at all


def test_questions_sharing_a_criterion_give_one_code_from_their_total():
    assert criterion_codes(QUESTIONS, {3: 2, 4: 1})[104] is Code.CROSS
    assert criterion_codes(QUESTIONS, {3: 2, 4: 0})[104] is Code.LINE
    assert criterion_codes(QUESTIONS, {3: 2})[104] is Code.LINE  # a blank beside an answer counts 0
    assert criterion_codes(QUESTIONS, {3: 0, 4: 0})[104] is Code.DOT
