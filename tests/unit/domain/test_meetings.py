from datetime import date

from amtui.domain.calendar import default_half_terms
from amtui.domain.meetings import is_overdue, next_due

HTS = default_half_terms(2026)  # HT1 7 Sep-23 Oct 2026, HT2 2 Nov-18 Dec, ...


def test_no_meeting_is_due_by_the_end_of_this_half_term():
    assert next_due(None, HTS, date(2026, 9, 20), 1) == HTS[0].end
    assert not is_overdue(None, HTS, date(2026, 9, 20), 1)


def test_met_this_half_term_so_due_next():
    assert next_due(date(2026, 9, 15), HTS, date(2026, 9, 20), 1) == HTS[1].end


def test_met_last_half_term_so_due_this_one():
    assert next_due(date(2026, 10, 1), HTS, date(2026, 11, 10), 1) == HTS[1].end
    assert not is_overdue(date(2026, 10, 1), HTS, date(2026, 11, 10), 1)


def test_a_missed_half_term_is_overdue():
    today = date(2027, 1, 10)  # HT3, last met in HT1: the HT2 meeting was missed
    assert next_due(date(2026, 10, 1), HTS, today, 1) == HTS[1].end
    assert is_overdue(date(2026, 10, 1), HTS, today, 1)


def test_every_two_half_terms():
    assert next_due(date(2026, 10, 1), HTS, date(2026, 11, 10), 2) == HTS[2].end
    assert not is_overdue(date(2026, 10, 1), HTS, date(2027, 1, 10), 2)


def test_in_the_holiday_the_half_term_just_ended_counts():
    # Half-term week after HT1, no meeting in HT1: overdue.
    assert is_overdue(None, HTS, date(2026, 10, 28), 1)


def test_due_beyond_the_listed_year_uses_next_years_defaults():
    assert next_due(date(2027, 7, 1), HTS, date(2027, 7, 2), 1) == \
        default_half_terms(2027)[0].end


def test_a_meeting_before_the_listed_dates_counts_as_none():
    assert next_due(date(2026, 7, 1), HTS, date(2026, 9, 20), 1) == HTS[0].end
