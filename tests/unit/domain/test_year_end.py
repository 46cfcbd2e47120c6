"""The year-end's rules: the next year group, who leaves, the new target."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.domain import year_end
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
