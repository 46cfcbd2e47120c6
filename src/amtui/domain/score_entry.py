"""Typing scores and marks fast, the school week, and a half-term test's totals.

Pure rules for the entry screens. A score is typed digit by digit and the cursor moves
on as soon as no further digit could make another valid score: with 25 the most,
``3`` can only mean 3, while ``2`` may become 20-25 and waits for a digit or Enter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from amtui.domain.codes import Code
from amtui.domain.errors import InputRefused
from amtui.domain.halfterm_tests import mark_to_code

SITTING_WEEKDAY = 4
"""Weekly tests are dated on the Friday of their school week."""


# --- typing a score ------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """What the digits typed so far make.

    ``value`` is the score (None while nothing valid is typed); ``complete`` means no
    further digit could give another valid score, so the entry is done; ``error`` is
    why the digits were refused (then nothing may be saved).
    """

    digits: str
    value: int | None
    complete: bool
    error: str = ""


def can_extend(digits: str, maximum: int) -> bool:
    """Whether one more digit after ``digits`` could still give a score up to ``maximum``.

    A leading 0 is complete: "0" can only mean 0.
    """
    if not digits:
        return True
    value = int(digits)
    return value > 0 and value * 10 <= maximum


def type_digit(digits: str, digit: str, maximum: int) -> Typed:
    """The result of typing ``digit`` after ``digits`` for a score from 0 to ``maximum``."""
    if len(digit) != 1 or not digit.isdigit():
        return Typed(digits, None, False, not_a_score(digit, maximum))
    typed = digits + digit
    value = int(typed)
    if value > maximum:
        return Typed(typed, None, False, f"{value} is more than {maximum}, the most for this")
    return Typed(typed, value, not can_extend(typed, maximum))


def not_a_score(text: str, maximum: int) -> str:
    """The refusal for a key or text that is no score at all."""
    return f"'{text}' is not a score: type a number from 0 to {maximum}"


def parse_score(text: str, maximum: int) -> int:
    """A whole score from 0 to ``maximum``; ValueError says what is wrong."""
    cleaned = str(text).strip()
    if not cleaned.isdigit():
        raise InputRefused(not_a_score(cleaned, maximum))
    value = int(cleaned)
    if value > maximum:
        raise InputRefused(f"{value} is more than {maximum}, the most for this")
    return value


def keys_for(score: int, maximum: int) -> int:
    """Keystrokes to enter ``score``: its digits, plus Enter when it could still grow."""
    digits = str(score)
    return len(digits) + (1 if can_extend(digits, maximum) else 0)


# --- the school week -------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolWeek:
    """Monday to Friday; a weekend belongs to the week just ended."""

    monday: dt.date

    @property
    def friday(self) -> dt.date:
        return self.monday + dt.timedelta(days=4)

    @property
    def sitting_day(self) -> dt.date:
        """The date a weekly test sat this week is recorded on."""
        return self.monday + dt.timedelta(days=SITTING_WEEKDAY)

    @property
    def last_day(self) -> dt.date:
        """The Sunday: anything dated Monday to Sunday is this week's."""
        return self.monday + dt.timedelta(days=6)

    def contains(self, day: dt.date) -> bool:
        return self.monday <= day <= self.last_day

    def plus(self, weeks: int) -> SchoolWeek:
        return SchoolWeek(self.monday + dt.timedelta(weeks=weeks))

    @property
    def label(self) -> str:
        """e.g. "week of Mon 2 Mar 2026"."""
        return f"week of Mon {self.monday.day} {self.monday:%b %Y}"


def school_week(day: dt.date) -> SchoolWeek:
    """The school week containing ``day`` (Saturday and Sunday: the week just ended)."""
    return SchoolWeek(day - dt.timedelta(days=day.weekday()))


def weeks_since(start: dt.date, today: dt.date) -> int:
    """Whole weeks from ``start`` to ``today`` (0 in the first week, never negative)."""
    return max(0, (today - start).days // 7)


# --- a half-term test's marks --------------------------------------------------------------


@dataclass(frozen=True)
class QuestionKey:
    """What the totals and codes need of a question."""

    id: int
    section: str
    marks: int
    criterion_id: int


@dataclass(frozen=True)
class Totals:
    """One pupil's marks on a test: per section (in question order) and overall."""

    sections: tuple[tuple[str, int, int], ...]  # (section, marks gained, out of)
    gained: int
    out_of: int
    attempted: int  # questions with a mark (not blank)


def totals(questions: Iterable[QuestionKey], marks: Mapping[int, int | None]) -> Totals:
    """Section and test totals; a blank (not attempted) question counts 0."""
    sections: dict[str, list[int]] = {}
    gained = out_of = attempted = 0
    for question in questions:
        mark = marks.get(question.id)
        part = sections.setdefault(question.section, [0, 0])
        part[1] += question.marks
        out_of += question.marks
        if mark is not None:
            part[0] += mark
            gained += mark
            attempted += 1
    return Totals(tuple((name, got, of) for name, (got, of) in sections.items()),
                  gained, out_of, attempted)


def criterion_codes(questions: Iterable[QuestionKey],
                    marks: Mapping[int, int | None]) -> dict[int, Code | None]:
    """criterion id -> the code a pupil's answers record (None: all its questions blank).

    Full marks X, part /, zero ``.``. When several questions share a criterion their
    marks are added up (a blank among attempted ones counts 0), so one criterion gets
    one code from the test, not whichever question was typed last.
    """
    gained: dict[int, int] = {}
    out_of: dict[int, int] = {}
    attempted: set[int] = set()
    for question in questions:
        criterion = question.criterion_id
        out_of[criterion] = out_of.get(criterion, 0) + question.marks
        mark = marks.get(question.id)
        gained[criterion] = gained.get(criterion, 0) + (mark or 0)
        if mark is not None:
            attempted.add(criterion)
    return {criterion: mark_to_code(gained[criterion], total) if criterion in attempted else None
            for criterion, total in out_of.items()}
