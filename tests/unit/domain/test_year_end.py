"""The year-end's rules: the next year group, who leaves, the new target."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.domain import year_end
from amtui.domain.grades import GradeScale
from amtui.domain.scale import default_scale
from amtui.domain.year_group import NURSERY_1, NURSERY_2, RECEPTION

SCALE = default_scale()


@pytest.mark.parametrize(("now", "then"), [(NURSERY_1, NURSERY_2), (NURSERY_2, RECEPTION), (RECEPTION, 1),
                                           (1, 2), (6, 7), (11, 12), (12, 13)])
def test_pupils_move_up_one_year_group_from_nursery_to_year_13(now, then):
    assert year_end.next_year_group(now) == then


def test_there_is_no_year_after_year_13():
    with pytest.raises(ValueError, match="Year 13"):
        year_end.next_year_group(13)


@pytest.mark.parametrize(("groups", "leaving"), [
    ([RECEPTION, 1, 2, 3, 4, 5, 6], 6),      # a primary
    ([NURSERY_1, RECEPTION, 1, 2], 6),       # an infant school has no leavers yet
    ([7, 8, 9, 10, 11], 11),                  # a secondary without a sixth form
    ([7, 8, 9, 10, 11, 12, 13], 13),          # with one
    ([], 6),
])
def test_the_leaving_year_is_the_oldest_the_school_teaches(groups, leaving):
    assert year_end.leaving_year(groups) == leaving


def test_only_the_leaving_year_leaves():
    assert year_end.is_leaver(6, 6) and not year_end.is_leaver(5, 6)
    assert year_end.is_leaver(11, 11) and not year_end.is_leaver(11, 13)


def test_the_new_baseline_is_the_sub_stage_the_year_ended_at():
    final = SCALE.parse("St 3 Developing")
    assert year_end.new_baseline(final) == final
    assert year_end.new_baseline(None) is None


def test_the_new_target_is_three_steps_above_the_baseline():
    baseline = SCALE.parse("St 2 Securing")
    assert year_end.new_target(baseline, None, SCALE, 3).label == "St 3 Developing"
    assert year_end.new_target(baseline, None, SCALE, 4).label == "St 3 Securing"


def test_the_new_target_is_never_below_fft():
    baseline = SCALE.parse("St 2 Securing")
    high = SCALE.parse("St 4 Ready")
    assert year_end.new_target(baseline, high, SCALE, 3) == high
    low = SCALE.parse("St 2 Developing")
    assert year_end.new_target(baseline, low, SCALE, 3).label == "St 3 Developing"


def test_no_target_above_the_top_of_the_scale():
    top = SCALE.at(len(SCALE) - 1)
    with pytest.raises(ValueError, match="top of the scale"):
        year_end.new_target(top, None, SCALE, 3)


def test_the_summer_term_is_over_the_day_after_it_ends():
    end = dt.date(2027, 7, 22)
    assert not year_end.summer_end_passed(end, end)
    assert year_end.summer_end_passed(end + dt.timedelta(days=1), end)


# --- a secondary pupil's new end-of-year target (DOMAIN.md, "Secondary schools") -----------------

GRADES = GradeScale()


def rolled(year_group, baseline=None, last_year=None, key_stage=None, fft=None):
    return year_end.secondary_year_target(year_group, baseline=baseline, last_year=last_year,
                                          key_stage=key_stage, fft=fft, scale=SCALE, steps=3)


def sub(label):
    return SCALE.parse(label)


@pytest.mark.parametrize("year_group", [7, 10, 12])
def test_a_year_that_begins_a_key_stage_or_the_sixth_form_gets_no_target_from_the_year_end(year_group):
    """Targets are set at the start of Year 7 (and of Year 10) by the AMT: the year-end leaves
    them, and the year's, to the AMT and the teachers, whatever it could work from."""
    level = sub("St 5 Ready") if year_group == 7 else GRADES.parse("6")
    assert rolled(year_group, baseline=sub("St 4 Ready"), last_year=level, key_stage=level, fft=level) is None


@pytest.mark.parametrize("year_group", [1, 6])
def test_a_primary_year_is_not_worked_out_the_secondary_way(year_group):
    assert not year_end.is_secondary(year_group) and year_end.is_secondary(7)
    with pytest.raises(ValueError, match="not a secondary year"):
        rolled(year_group, baseline=sub("St 2 Ready"))


def test_year_8_makes_3_sub_stages_of_progress_from_where_year_7_ended():
    found = rolled(8, baseline=sub("St 4 Developing"), last_year=sub("St 4 Securing"))
    assert (found.target.label, found.why) == ("St 5 Emerging", "the baseline St 4 Developing + 3 steps")


def test_up_not_down_last_years_target_is_kept_when_the_pupil_ended_the_year_below_it():
    found = rolled(8, baseline=sub("St 3 Securing"), last_year=sub("St 5 Ready"))
    assert (found.target.label, found.why) == ("St 5 Ready", "last year's target St 5 Ready (up, not down)")


def test_never_below_fft():
    assert rolled(8, baseline=sub("St 4 Ready"), fft=sub("St 5 Developing")).target.label == "St 5 Developing"
    assert rolled(13, last_year=GRADES.parse("5"), fft=GRADES.parse("6")).target.label == "6"
    equal = rolled(8, baseline=sub("St 4 Ready"), fft=sub("St 4 Developing"))  # baseline + 3 is FFT: a tie
    assert equal.why == "the baseline St 4 Ready + 3 steps"


def test_year_9_ends_key_stage_3_so_its_target_is_the_end_of_ks3_one_at_least():
    ks3 = sub("St 6 Ready")
    found = rolled(9, baseline=sub("St 5 Ready"), last_year=sub("St 5 Emerging"), key_stage=ks3)
    assert (found.target, found.why) == (ks3, "the end-of-KS3 target")
    ahead = rolled(9, baseline=sub("St 6 Ready"), key_stage=ks3)  # already there: 3 more sub-stages
    assert ahead.target.label == "St 6 Securing"


def test_year_8_does_not_aim_at_the_end_of_ks3_target_yet():
    assert rolled(8, baseline=sub("St 4 Ready"), key_stage=sub("St 7 Ready")).target.label == "St 4 Securing"


def test_year_11_ends_key_stage_4_its_target_a_gcse_grade_from_the_end_of_ks4_one_and_year_10s():
    assert rolled(11, key_stage=GRADES.parse("6"), last_year=GRADES.parse("5")).target.label == "6"
    assert rolled(11, key_stage=GRADES.parse("6"), last_year=GRADES.parse("7")).target.label == "7"  # up, not down
    assert rolled(11, key_stage=GRADES.parse("6"), fft=GRADES.parse("7")).why == "the FFT estimate 7"
    assert rolled(11, baseline=sub("St 6 Ready")) is None  # a sub-stage baseline is not a grade's: nothing to go on


def test_year_13_carries_year_12s_target_up_and_has_none_with_nothing_to_go_on():
    assert rolled(13, last_year=GRADES.parse("6")).target.label == "6"
    assert rolled(13) is None
