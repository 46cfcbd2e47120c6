"""The half-term as one value: number, label, name, term, ordering and stepping."""

from __future__ import annotations

import pytest

from amtui.domain.errors import UserFacingError
from amtui.domain.half_term import HALF_TERMS_PER_YEAR, HalfTermNumber

HT1, HT3, HT4, HT6 = HalfTermNumber.HT1, HalfTermNumber.HT3, HalfTermNumber.HT4, HalfTermNumber.HT6


def test_six_a_year_in_order_with_their_labels_names_and_terms():
    assert len(HalfTermNumber) == HALF_TERMS_PER_YEAR == 6
    assert [h.label for h in HalfTermNumber] == ["HT1", "HT2", "HT3", "HT4", "HT5", "HT6"]
    assert [h.title for h in HalfTermNumber] == ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2",
                                                 "Summer 1", "Summer 2"]
    assert [h.term for h in HalfTermNumber] == ["Autumn"] * 2 + ["Spring"] * 2 + ["Summer"] * 2
    assert HT1 < HT3 < HT6 and sorted([HT6, HT1, HT3]) == [HT1, HT3, HT6]


def test_it_is_the_number_it_stands_for():
    assert HalfTermNumber(3) is HT3 and HT3 == 3 and f"{HT3}" == "3" and {3: "x"}[HT3] == "x"


@pytest.mark.parametrize("number", [0, 7, -1])
def test_no_seventh_half_term(number):
    with pytest.raises(ValueError):
        HalfTermNumber(number)


@pytest.mark.parametrize("text, number", [("3", 3), ("HT3", 3), ("ht 3", 3), (" Ht6 ", 6), ("1", 1), (4, 4)])
def test_parse_reads_numbers_and_labels(text, number):
    assert HalfTermNumber.parse(text) == number


@pytest.mark.parametrize("text", ["0", "7", "HT7", "HT", "", "three", "3a", "HT-1"])
def test_parse_refuses_anything_else_for_the_person_to_read(text):
    with pytest.raises(UserFacingError, match=r"is not a half-term \(1 to 6, or HT1 to HT6\)"):
        HalfTermNumber.parse(text)


def test_ordinals_order_half_terms_across_years():
    assert HT1.ordinal(2026) == 2026 * 6
    assert HT6.ordinal(2025) + 1 == HT1.ordinal(2026)  # Summer 2 is just before the next Autumn 1
    for year in (2025, 2026):
        for half_term in HalfTermNumber:
            assert HalfTermNumber.of_ordinal(half_term.ordinal(year)) == (year, half_term)
    assert HalfTermNumber.of_ordinal(HT4.ordinal(2026))[1] is HT4


def test_moving_within_the_year_stops_at_either_end():
    assert HT3.moved(1) is HT4 and HT3.moved(-2) is HT1
    assert HT6.moved(1) is None and HT1.moved(-1) is None
    assert HT6.clamped(1) is HT6 and HT1.clamped(-3) is HT1 and HT3.clamped(2) == 5


def test_cycling_goes_round_the_year():
    assert HT6.cycled(1) is HT1 and HT1.cycled(-1) is HT6 and HT3.cycled(6) is HT3
