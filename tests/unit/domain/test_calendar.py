from datetime import date, timedelta

import pytest

from amtui.domain.calendar import (HalfTermDates, academic_year_of, current_half_term,
                                   default_half_terms, parse_school_date)
from amtui.domain.half_term import HalfTermNumber


def test_names():
    ht = HalfTermDates(3, date(2027, 1, 4), date(2027, 2, 12))
    assert (ht.name, ht.term, ht.short) == ("Spring 1", "Spring", "HT3")
    names = [h.name for h in default_half_terms(2026)]
    assert names == ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1",
                     "Summer 2"]
    assert [h.term for h in default_half_terms(2026)][::2] == ["Autumn", "Spring",
                                                                "Summer"]


def test_academic_year_of():
    assert academic_year_of(date(2026, 9, 1)) == 2026
    assert academic_year_of(date(2027, 8, 31)) == 2026
    assert academic_year_of(date(2026, 8, 31)) == 2025


@pytest.mark.parametrize("year", range(2020, 2036))
def test_defaults_are_in_order_and_do_not_overlap(year):
    hts = default_half_terms(year)
    assert [h.number for h in hts] == [1, 2, 3, 4, 5, 6]
    for ht in hts:
        assert ht.start.weekday() == 0 and ht.start < ht.end
        assert academic_year_of(ht.start) == year == academic_year_of(ht.end)
    for a, b in zip(hts, hts[1:]):
        assert a.end < b.start
        assert (b.start - a.end).days >= 3  # at least a weekend between


def test_2026_27_defaults_anchor_on_easter():
    hts = default_half_terms(2026)
    easter = date(2027, 3, 28)
    assert hts[3].end == easter - timedelta(days=9)   # Friday before Holy Week
    assert hts[4].start == easter + timedelta(days=8)  # second Monday after Easter
    assert hts[0].start == date(2026, 9, 7)
    assert hts[0].end == date(2026, 10, 23)            # before the 26 Oct week
    assert hts[1].end == date(2026, 12, 18)
    assert hts[2].start == date(2027, 1, 4)
    assert hts[4].end == date(2027, 5, 28)             # bank holiday 31 May
    assert hts[5] == HalfTermDates(6, date(2027, 6, 7), date(2027, 7, 22))


def test_current_half_term():
    hts = default_half_terms(2026)
    assert current_half_term(date(2026, 10, 1), hts).number == 1
    assert current_half_term(date(2026, 10, 23), hts).number == 1
    assert current_half_term(date(2026, 10, 28), hts).number == 1   # holiday
    assert current_half_term(date(2026, 11, 2), hts).number == 2
    assert current_half_term(date(2026, 9, 1), hts).number == 1     # before HT1
    assert current_half_term(date(2027, 8, 1), hts).number == 6
    assert current_half_term(date(2027, 4, 1), list(reversed(hts))).number == 4
    with pytest.raises(ValueError):
        current_half_term(date(2027, 4, 1), [])


def test_half_term_dates_hold_a_half_term_number():
    dates = HalfTermDates(3, date(2027, 1, 4), date(2027, 2, 12))
    assert dates.number is HalfTermNumber.HT3 and (dates.short, dates.name, dates.term) == ("HT3", "Spring 1", "Spring")
    with pytest.raises(ValueError):
        HalfTermDates(7, date(2027, 1, 4), date(2027, 2, 12))


@pytest.mark.parametrize("text", ["2026-09-14", "14/09/2026", "14-09-2026", "14/9/26",
                                  " 14.09.2026 ", "2026-9-14"])
def test_parse_school_date(text):
    assert parse_school_date(text) == date(2026, 9, 14)


def test_parse_school_date_is_day_first():
    assert parse_school_date("03/04/2027") == date(2027, 4, 3)


@pytest.mark.parametrize("text", ["31/02/2026", "12", "tomorrow", "09/14/2026",
                                  "2026-02-30", "14/09", "", "14/09-2026", "Sep 14 2026",
                                  "31-Feb-2026", "14-Foo-2026", "14 Ma 2026", "14/09/2026 10:30"])
def test_parse_school_date_refuses(text):
    with pytest.raises(ValueError, match=r"is not a date \(use YYYY-MM-DD, DD/MM/YYYY or 14-Sep-2026\)"):
        parse_school_date(text)


@pytest.mark.parametrize("text", ["14/09/2016", "14-Sep-2016", "2016-09-14", "14 Sep 2016",
                                  "14 September 2016", "14-sept-16", "14-SEP-2016",
                                  "14/09/2016 00:00:00", "2016-09-14T00:00:00", "14.9.16"])
def test_parse_school_date_reads_the_forms_mis_exports_write(text):
    assert parse_school_date(text) == date(2016, 9, 14)
