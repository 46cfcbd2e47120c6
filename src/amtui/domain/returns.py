"""Progress returns: a secondary school's data collection points (DOMAIN.md, "Secondary
schools").

A return window asks every subject teacher of one year group for, per pupil they teach,
either AOB (Above / On / Below target) or a projected level or grade (``projected``), or the
year's final level (``final``); Year 11's also asks for a coursework grade. The slides'
calendar is the default (:func:`default_windows`), made from the school's half-term dates:

- Years 7-8: AOB at the end of terms 1 and 2, final levels at the end of term 3;
- Year 9: AOB at the end of term 1, projected levels each month January-April;
- Year 10: AOB each month from January (to July);
- Year 11: a projected grade each month October-May, with a coursework grade;
- Year 12: a projected grade at the end of terms 1 and 2, the year's final grade at the end
  of term 3; Year 13: a projected grade at the end of terms 1 and 2 (README, "Years 12-13").

A term's return is due on its last day; a month's on the last school day of the month.
Each opens two weeks before it is due. Years 10-13 return GCSE grades, KS3 years sub-stages
(``domain.grades.in_grades``).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from amtui.domain.calendar import HalfTermDates
from amtui.domain.errors import InputRefused
from amtui.domain.grades import SIXTH_FORM_YEARS, GradeScale, in_grades
from amtui.domain.scale import Scale

AOB, PROJECTED, FINAL = "aob", "projected", "final"
KINDS = (AOB, PROJECTED, FINAL)
AOB_WORDS = {"A": "Above", "O": "On", "B": "Below"}
OPEN_DAYS = 14
"""A window opens this many days before it is due."""

SECONDARY_YEARS = (7, 8, 9, 10, 11, 12, 13)
"""The year groups that make returns: KS3, KS4 and the sixth form."""


@dataclass(frozen=True)
class WindowPlan:
    """One return window as the calendar plans it (or as the AMT changes it)."""

    name: str
    year_group: int
    kind: str
    coursework: bool
    opens: date
    due: date

    def __post_init__(self) -> None:
        check_window(self.name, self.kind, self.opens, self.due)

    @property
    def asks_grade(self) -> bool:
        """Whether a teacher types a level or grade (else one of A, O, B)."""
        return self.kind != AOB


def check_window(name: str, kind: str, opens: date, due: date) -> None:
    """Refuse a window without a name, of no known kind, or due before it opens."""
    if not name.strip():
        raise InputRefused("a return needs a name, such as Y11 October")
    if kind not in KINDS:
        raise InputRefused(f"'{kind}' is not a kind of return: {', '.join(KINDS)}")
    if due < opens:
        raise InputRefused(f"{name} would be due ({due:%d %b %Y}) before it opens ({opens:%d %b %Y})")


def window_name(year_group: int, label: str) -> str:
    """``Y11 October``, ``Y7 Autumn``."""
    return f"Y{year_group} {label}"


def usual_kind(year_group: int) -> str:
    """What a return the AMT adds asks for unless they say: a projected grade in Year 11 and
    the sixth form (as their calendar does), A, O or B elsewhere."""
    return PROJECTED if year_group == 11 or year_group in SIXTH_FORM_YEARS else AOB


def parse_aob(text: str) -> str:
    """``a``, ``Above``, ``o``, ``on``, ``B`` ... as ``A``, ``O`` or ``B``."""
    cleaned = str(text).strip().lower()
    for letter, word in AOB_WORDS.items():
        if cleaned in (letter.lower(), word.lower()):
            return letter
    raise InputRefused(f"'{str(text).strip()}' is not A, O or B (above, on or below target)")


def last_school_day(year: int, month: int, half_terms: Sequence[HalfTermDates]) -> date | None:
    """The last weekday of a month that falls within a half-term (None: the month is all holiday)."""
    day = date(year, month, _calendar.monthrange(year, month)[1])
    while day.month == month:
        if day.weekday() < 5 and any(term.contains(day) for term in half_terms):
            return day
        day -= timedelta(days=1)
    return None


def _plan(year_group: int, label: str, kind: str, due: date) -> WindowPlan:
    return WindowPlan(window_name(year_group, label), year_group, kind, year_group == 11 and kind == PROJECTED,
                      due - timedelta(days=OPEN_DAYS), due)


def _monthly(year_group: int, kind: str, months: Sequence[int], start_year: int,
             half_terms: Sequence[HalfTermDates]) -> list[WindowPlan]:
    plans = []
    for month in months:
        year = start_year if month >= 9 else start_year + 1
        due = last_school_day(year, month, half_terms)
        if due is not None:
            plans.append(_plan(year_group, _calendar.month_name[month], kind, due))
    return plans


def default_windows(start_year: int, half_terms: Sequence[HalfTermDates]) -> list[WindowPlan]:
    """The slides' calendar (and ours for Years 12-13) for the academic year starting in
    ``start_year``, from its six half-terms (in order), every year group's windows by due date."""
    terms = sorted(half_terms, key=lambda term: term.start)
    if len(terms) != 6:
        raise ValueError("the calendar of returns needs the year's six half-terms")
    autumn, spring, summer = terms[1].end, terms[3].end, terms[5].end
    plans: list[WindowPlan] = []
    for year_group in (7, 8):
        plans += [_plan(year_group, "Autumn", AOB, autumn), _plan(year_group, "Spring", AOB, spring),
                  _plan(year_group, "Summer", FINAL, summer)]
    plans.append(_plan(9, "Autumn", AOB, autumn))
    plans += _monthly(9, PROJECTED, (1, 2, 3, 4), start_year, terms)
    plans += _monthly(10, AOB, (1, 2, 3, 4, 5, 6, 7), start_year, terms)
    plans += _monthly(11, PROJECTED, (10, 11, 12, 1, 2, 3, 4, 5), start_year, terms)
    # Our default for the sixth form, which the slides leave out: a projected grade a term while
    # its courses run (Year 13's exams start in May), Year 12's final grade as for Years 7-8.
    for year_group in SIXTH_FORM_YEARS:
        plans += [_plan(year_group, "Autumn", PROJECTED, autumn), _plan(year_group, "Spring", PROJECTED, spring)]
    plans.append(_plan(12, "Summer", FINAL, summer))
    return sorted(plans, key=lambda plan: (plan.due, plan.year_group))


def missing_plans(plans: Sequence[WindowPlan], existing: Sequence[tuple[str, int]],
                  today: date) -> list[WindowPlan]:
    """The default ``plans`` a year set up before them lacks: those of each year group with no
    window at all (``existing``: the year's windows' names and year groups), still to come
    (due ``today`` or later: a window already past would list every pupil as not returned),
    under a name no window has. A year group with any window is the AMT's and kept as it is."""
    taken = {name.lower() for name, _ in existing}
    covered = {year_group for _, year_group in existing}
    return [plan for plan in plans if plan.year_group not in covered and plan.due >= today
            and plan.name.lower() not in taken]


def current_window(plans: Sequence[WindowPlan], year_group: int, day: date) -> WindowPlan | None:
    """The window a teacher of ``year_group`` returns into on ``day``: the latest that has
    opened (a late return still goes in until the next opens); None before the first."""
    opened = [plan for plan in plans if plan.year_group == year_group and plan.opens <= day]
    return max(opened, key=lambda plan: (plan.opens, plan.due), default=None)


def parse_projected(text: str, year_group: int, grades: GradeScale, scale: Scale) -> str:
    """A projected (or final) return as stored: a GCSE grade's label in KS4 (``5``, ``5+``
    where the school records fine grades), a sub-stage's in KS3 (``St 6 Emerging``)."""
    if in_grades(year_group):
        return grades.parse(text).label
    return scale.parse(text).label


def check_note(note: str) -> str:
    """A head of department's query must say what to look at."""
    cleaned = " ".join(str(note).split())
    if not cleaned:
        raise InputRefused("a query needs a note saying what the teacher should look at")
    return cleaned


BANDS = "reds"
"""A sub-stage's band typed after its stage: Reaching, Emerging, Developing, Secure."""


@dataclass(frozen=True)
class TypedReturn:
    """What the keys typed into a return's box so far make: ``text`` (to save when
    ``complete``), or ``error`` (say why, and the box empties)."""

    text: str = ""
    complete: bool = False
    error: str = ""


def type_return_key(typed: str, key: str, *, grades: bool, fine: bool) -> TypedReturn:
    """One key typed into a projected grade's box. A GCSE grade is complete at once (``7``,
    ``u``) unless the school records fine grades (then ``7`` waits for ``+``, ``-`` or
    Enter); a sub-stage is its stage then its band's letter (``6e``: St 6 Emerging). So a
    return takes one or two keys a pupil."""
    key = key.lower()
    if grades:
        if key == "u" and not typed:
            return TypedReturn("U", True)
        if key.isdigit() and not typed:
            if key == "0":
                return TypedReturn(error="grades go from 9 down to 1, then U (u)")
            return TypedReturn(key, not fine)
        if key in "+-" and typed and fine:
            return TypedReturn(typed + key, True)
        return TypedReturn(error=f"'{key}' is not a grade: type 9 to 1, or u for U"
                           + (", then + or - for a fine grade" if fine else ""))
    if key.isdigit() and not typed:
        return TypedReturn(key)
    if key in BANDS and len(key) == 1 and typed:
        return TypedReturn(typed + key, True)
    return TypedReturn(error=f"'{key}' is not a sub-stage: type its stage, then r, e, d or s "
                       "(6e: St 6 Emerging)")
