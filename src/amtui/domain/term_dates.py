"""The rule for a school's own half-term dates: six, in order, apart, inside the year."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from amtui.domain.calendar import HalfTermDates
from amtui.domain.errors import InputRefused
from amtui.domain.half_term import HalfTermNumber


def year_bounds(year: int) -> tuple[date, date]:
    """The academic year starting in ``year``: 1 September to 31 August."""
    return date(year, 9, 1), date(year + 1, 8, 31)


def date_problems(year: int, terms: Sequence[HalfTermDates]) -> list[str]:
    """Why these half-term dates cannot be the year's (empty when they can)."""
    found = []
    first, last = year_bounds(year)
    ordered = sorted(terms, key=lambda t: t.number)
    if [t.number for t in ordered] != list(HalfTermNumber):
        found.append("a year has six half-terms, HT1 to HT6")
    for term in ordered:
        if term.end < term.start:
            found.append(f"{term.short} would end ({term.end:%d/%m/%Y}) before it starts ({term.start:%d/%m/%Y})")
        if term.start < first or term.end > last:
            found.append(f"{term.short} ({term.start:%d/%m/%Y} to {term.end:%d/%m/%Y}) is not within the "
                         f"academic year {year}-{(year + 1) % 100:02d} ({first:%d/%m/%Y} to {last:%d/%m/%Y})")
    for before, after in zip(ordered, ordered[1:]):
        if after.start <= before.end:
            found.append(f"{after.short} would start ({after.start:%d/%m/%Y}) before {before.short} ends "
                         f"({before.end:%d/%m/%Y}): half-terms are in order and do not overlap")
    return found


def changed_dates(year: int, terms: Sequence[HalfTermDates], number: int, start: date,
                  end: date) -> list[HalfTermDates]:
    """The year's dates with half-term ``number`` moved; ValueError saying every reason it
    cannot be."""
    new = [HalfTermDates(t.number, start, end) if t.number == number else t for t in terms]
    found = date_problems(year, new)
    if found:
        raise InputRefused("; ".join(found))
    return new
