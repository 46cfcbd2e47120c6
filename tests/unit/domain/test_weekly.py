from dataclasses import replace
from datetime import date, timedelta

import pytest

from amtui.domain.ryg import RYG
from amtui.domain.weekly import (LEVELS, WeeklyResult, greens_in_row, next_level,
                                 next_test, parse_level, promotion_due, score_colour)


def test_levels():
    assert LEVELS[:4] == ("Level 1", "Bridging 1-2", "Level 2", "Bridging 2-3")
    assert LEVELS[-1] == "Level 7" and len(LEVELS) == 13


@pytest.mark.parametrize("text, level", [
    ("level 2", "Level 2"), ("L2", "Level 2"), ("Bridging 2-3", "Bridging 2-3"),
    ("B2-3", "Bridging 2-3"), ("bridging 2 - 3", "Bridging 2-3"), ("LEVEL 7", "Level 7"),
])
def test_parse_level(text, level):
    assert parse_level(text) == level


@pytest.mark.parametrize("text", ["Level 8", "Bridging 2-4", "two", ""])
def test_parse_level_refuses(text):
    with pytest.raises(ValueError):
        parse_level(text)


def test_next_level():
    assert next_level("Level 2") == "Bridging 2-3"
    assert next_level("Bridging 6-7") == "Level 7"
    assert next_level("Level 7") is None


@pytest.mark.parametrize("score, colour", [
    (25, RYG.GREEN), (21, RYG.GREEN), (20, RYG.YELLOW), (15, RYG.YELLOW),
    (14, RYG.RED), (0, RYG.RED),
])
def test_score_colour(settings, score, colour):
    assert score_colour(score, settings) is colour


def test_score_colour_uses_settings(settings):
    assert score_colour(20, replace(settings, weekly_green_min=20)) is RYG.GREEN
    with pytest.raises(ValueError):
        score_colour(26, settings)
    with pytest.raises(ValueError):
        score_colour(-1, settings)


def test_next_test(settings):
    assert next_test(None, settings) == 1
    assert next_test(1, settings) == 2
    assert next_test(14, settings) == 15
    assert next_test(15, settings) == 1


def week(scores, level="Level 2", start=date(2026, 9, 7)):
    return [WeeklyResult(start + timedelta(weeks=i), level, i % 15 + 1, s)
            for i, s in enumerate(scores)]


def test_four_greens_is_due(settings):
    results = week([22, 21, 25, 23])
    assert greens_in_row(results, settings) == 4
    assert promotion_due(results, settings)


def test_three_greens_and_a_20_is_not(settings):
    assert not promotion_due(week([22, 21, 25, 20]), settings)
    assert not promotion_due(week([22, 21, 20, 25]), settings)


def test_the_run_restarts_after_a_non_green(settings):
    scores = [22, 22, 20, 22, 22, 22, 22]
    assert not promotion_due(week(scores[:6]), settings)
    assert promotion_due(week(scores), settings)


def test_absence_neither_counts_nor_breaks(settings):
    results = week([22, 22, None, 22, None])
    assert greens_in_row(results, settings) == 3
    assert promotion_due(week([22, 22, None, 22, 23]), settings)


def test_another_level_ends_the_count(settings):
    results = week([22, 22, 22], level="Level 1") + week(
        [22], level="Bridging 1-2", start=date(2026, 10, 1))
    assert greens_in_row(results, settings) == 1
    assert greens_in_row(results, settings, level="Bridging 1-2") == 1
    assert greens_in_row(results[:3], settings, level="Bridging 1-2") == 0


def test_non_consecutive_setting(settings):
    loose = replace(settings, promotion_consecutive=False)
    results = week([22, 10, 22, 20, 22, 22])
    assert greens_in_row(results, settings) == 2
    assert greens_in_row(results, loose) == 4
    assert promotion_due(results, loose)


def test_no_promotion_past_level_7(settings):
    assert not promotion_due(week([22] * 4, level="Level 7"), settings)
    assert not promotion_due([], settings)


def test_order_given_does_not_matter(settings):
    results = week([22, 22, 22, 10])
    assert greens_in_row(list(reversed(results)), settings) == 0


def test_a_history_implies_a_level_each_time_it_moves_to_another():
    from datetime import date

    from amtui.domain.weekly import WeeklyResult, level_changes, level_on

    history = [WeeklyResult(date(2026, 10, 16), "L3", 1, 18), WeeklyResult(date(2026, 9, 11), "Level 2", 1, 22),
               WeeklyResult(date(2026, 9, 18), "level 2", 2, None), WeeklyResult(date(2026, 10, 23), "Level 3", 2, 23)]
    changes = level_changes(history)
    assert changes == [(date(2026, 9, 11), "Level 2"), (date(2026, 10, 16), "Level 3")]
    assert level_changes([]) == []
    assert level_on(changes, date(2026, 9, 10)) is None
    assert level_on(changes, date(2026, 10, 15)) == "Level 2"
    assert level_on(changes, date(2026, 10, 16)) == "Level 3"
