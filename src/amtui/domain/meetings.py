"""When a pupil's next mentoring meeting falls due."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from amtui.domain.calendar import HalfTermDates, academic_year_of, default_half_terms


def next_due(last_meeting: date | None, half_terms: Sequence[HalfTermDates],
             today: date, every: int) -> date:
    """The end of the half-term in which the next meeting falls due.

    Due ``every`` half-terms after the one of the last meeting; with no meeting
    (or one before the listed half-terms) it is due by the end of the current
    half-term. A date in the past means a meeting was missed. When the due
    half-term runs beyond the list, the following year's default dates are used.
    """
    if every < 1:
        raise ValueError(f"meetings fall due every 1 or more half-terms, "
                         f"not {every}")
    ordered = sorted(half_terms, key=lambda ht: ht.start)
    if not ordered:
        raise ValueError("no half-term dates are set")
    current = _index_at(today, ordered)
    if last_meeting is None or last_meeting < ordered[0].start:
        return ordered[current].end
    due = _index_at(last_meeting, ordered) + every
    while due >= len(ordered):
        following = academic_year_of(ordered[-1].start) + 1
        ordered += default_half_terms(following)
    return ordered[due].end


def is_overdue(last_meeting: date | None, half_terms: Sequence[HalfTermDates],
               today: date, every: int) -> bool:
    """Whether the due date has passed without a meeting."""
    return today > next_due(last_meeting, half_terms, today, every)


def _index_at(day: date, ordered: list[HalfTermDates]) -> int:
    # As calendar.current_half_term: a holiday belongs to the half-term just ended.
    index = 0
    for i, half_term in enumerate(ordered):
        if half_term.start <= day:
            index = i
    return index
