"""The school year: six half-terms' default dates, the one a day falls in, and date input.

Default dates follow the usual English pattern; the admin edits the real ones,
so these only need to be sensible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, relativedelta

from amtui.domain.errors import InputRefused
from amtui.domain.half_term import HalfTermNumber


@dataclass(frozen=True)
class HalfTermDates:
    """One half-term of an academic year, first and last school day."""

    number: HalfTermNumber  # given as a plain 1-6, it is made one (7 is a ValueError)
    start: date
    end: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "number", HalfTermNumber(self.number))

    @property
    def name(self) -> str:
        """"Autumn 1" ... "Summer 2"."""
        return self.number.title

    @property
    def term(self) -> str:
        """"Autumn", "Spring" or "Summer"."""
        return self.number.term

    @property
    def short(self) -> str:
        """"HT1" ... "HT6"."""
        return self.number.label

    def contains(self, day: date) -> bool:
        """Whether the day falls within this half-term (holidays excluded)."""
        return self.start <= day <= self.end


def academic_year_label(start_year: int) -> str:
    """"2026-27" for the academic year starting in September 2026."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def academic_year_of(day: date) -> int:
    """The year the academic year starts: 1 Sept 2026 to 31 Aug 2027 is 2026."""
    return day.year if day.month >= 9 else day.year - 1


def _monday_on_or_after(day: date) -> date:
    return day + relativedelta(weekday=MO(0))


def _friday_before(day: date) -> date:
    # The last Friday strictly before ``day``.
    return day + relativedelta(days=-1, weekday=FR(-1))


def default_half_terms(year: int) -> list[HalfTermDates]:
    """Sensible half-term dates for the academic year starting in ``year``.

    - HT1: first Monday on/after 2 Sept, to the Friday before October half-term,
      taken as the week of the last Monday in October.
    - HT2: the Monday after that week, to the last Friday on/before 22 Dec (so
      Christmas week is always holiday).
    - HT3: first Monday on/after 4 Jan, to the Friday before February half-term,
      taken as the week of the first Monday on/after 11 Feb.
    - HT4: the Monday after, to the Friday before Holy Week: the Easter holiday
      is the fortnight of Holy Week and Easter week (dateutil's Easter).
    - HT5: the second Monday after Easter Sunday, to the Friday before the late
      May bank holiday (the last Monday in May), which starts a week's holiday.
    - HT6: the Monday after that week, to 22 July (the Friday before it when the
      22nd falls on a weekend).
    """
    oct_break = date(year, 10, 1) + relativedelta(day=31, weekday=MO(-1))
    feb_break = _monday_on_or_after(date(year + 1, 2, 11))
    easter_day = easter(year + 1)
    may_break = date(year + 1, 5, 1) + relativedelta(day=31, weekday=MO(-1))
    july_end = date(year + 1, 7, 22)
    if july_end.weekday() >= 5:
        july_end = _friday_before(july_end)
    week = relativedelta(weeks=1)
    spans = [
        (_monday_on_or_after(date(year, 9, 2)), _friday_before(oct_break)),
        (oct_break + week, _friday_before(date(year, 12, 23))),
        (_monday_on_or_after(date(year + 1, 1, 4)), _friday_before(feb_break)),
        (feb_break + week, _friday_before(easter_day - week)),
        (easter_day + relativedelta(days=8), _friday_before(may_break)),
        (may_break + week, july_end),
    ]
    return [HalfTermDates(n, start, end) for n, (start, end) in enumerate(spans, 1)]


def current_half_term(day: date, half_terms: Sequence[HalfTermDates]) -> HalfTermDates:
    """The half-term containing ``day``; in a holiday the one just ended; before
    the first, the first."""
    if not half_terms:
        raise ValueError("no half-term dates are set")
    ordered = sorted(half_terms, key=lambda ht: ht.start)
    found = ordered[0]
    for half_term in ordered:
        if half_term.start <= day:
            found = half_term
    return found


_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_RE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$")
# "14-Sep-2016", "14 Sep 2016", "14 September 2016", "14-Sept-16": how MIS exports write them.
_NAMED_RE = re.compile(r"^(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2}|\d{4})$", re.IGNORECASE)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
# A spreadsheet saving a date cell may add midnight: "14/09/2016 00:00:00", "2016-09-14T00:00".
_MIDNIGHT_RE = re.compile(r"(?:[ T]00:00(?::00(?:\.0+)?)?)$")


def _named_month(word: str) -> int:
    """1-12 for "Sep", "Sept", "September" (any case); 0 for anything else."""
    word = word.lower()
    for number, name in enumerate(_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return 0


def _full_year(digits: str) -> int:
    """A two-digit year as dateutil reads it: the century that puts it within 50 years of now."""
    year = int(digits)
    if len(digits) == 4:
        return year
    now = date.today().year
    year += now - now % 100
    return year - 100 if year > now + 49 else year + 100 if year < now - 50 else year


def parse_school_date(text: str) -> date:
    """Read "2026-09-14", day-first "14/09/2026", "14-09-2026", "14.9.26", or with the
    month named, "14-Sep-2026", "14 Sep 2026", "14 September 2026". Month first (US
    order, "09/14/2026") is refused: a school in England never means it."""
    cleaned = _MIDNIGHT_RE.sub("", str(text).strip())
    error = InputRefused(f"{str(text).strip()!r} is not a date (use YYYY-MM-DD, DD/MM/YYYY or 14-Sep-2026)")
    try:
        if match := _ISO_RE.match(cleaned):
            return date(*(int(part) for part in match.groups()))
        if match := _NAMED_RE.match(cleaned):
            month = _named_month(match.group(2))
            if month:
                return date(_full_year(match.group(3)), month, int(match.group(1)))
        if match := _UK_RE.match(cleaned):
            from dateutil import parser as date_parser  # slow to import: not at start-up

            parsed = date_parser.parse(cleaned, dayfirst=True).date()
            # dateutil swaps day and month when the day cannot be a month
            # ("09/14/2026"); a UK school never means that, so refuse it.
            if (parsed.day, parsed.month) == (int(match.group(1)), int(match.group(3))):
                return parsed
    except (ValueError, OverflowError):
        pass
    raise error
