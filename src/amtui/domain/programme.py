"""Onto the Assertive Mentoring programme: who causes concern after a return, and who joins.

After each progress return the AMT reviews the pupils causing concern (DOMAIN.md,
"Secondary schools"). A subject is below target when the return's projected grade is
below the target by at least one whole grade (a projected grade equal to the target is
not below; fine grades count whole grades), when a KS3 projected level is below its target
level by at least one sub-stage (``St 6 Developing`` against ``St 7 Ready``; equal is not
below), or, in an Above / On / Below return, when the teacher returned B. A pupil is a
concern when at least ``concern_subjects_below`` subjects (a setting, 3 by default) are
below; one already identified as underachieving (on the programme or marked for
monitoring) stays on the list.

From May of Year 10 the whole year group joins (a setting); a Year 9 pupil causing
concern joins until the end of the academic year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from amtui.domain.calendar import academic_year_of
from amtui.domain.errors import UserFacingError
from amtui.domain.grades import GradeScale, is_grade_text
from amtui.domain.scale import default_scale
from amtui.domain.text import checked


class Kind(str, Enum):
    """What the AMT decided for a pupil: the programme, or monitoring by HoY or HoD."""

    PROGRAMME = "programme"
    HOY = "hoy"
    HOD = "hod"

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {Kind.PROGRAMME: "On the programme", Kind.HOY: "HoY monitoring", Kind.HOD: "HoD monitoring"}
KINDS = tuple(kind.value for kind in Kind)

ALREADY_IDENTIFIED = "already identified as underachieving"
WHOLE_YEAR_10 = "the whole of Year 10 joins from May"
YEAR_10_JOINS_FROM_MONTH = 5


@dataclass(frozen=True)
class SubjectReturn:
    """One subject in a pupil's latest return: the projected grade or A/O/B, and the target."""

    subject: str
    projected: str = ""
    aob: str = ""
    target: str = ""


@lru_cache(maxsize=256)
def _whole(label: str) -> int | None:
    """The whole grade a label reads as (U is 0), None for a level or anything else."""
    if not is_grade_text(label):
        return None
    return GradeScale(fine=True).parse(label).whole


@lru_cache(maxsize=256)
def _step(label: str) -> int | None:
    """Where a level (a sub-stage: ``St 6 Emerging``) stands on the scale, None for a grade
    or anything else."""
    try:
        return default_scale().parse(label).step
    except ValueError:
        return None


def is_below(entry: SubjectReturn) -> bool:
    """Whether a subject is below target: a projected grade at least one whole grade below
    its target, a projected level at least one sub-stage below its target level, or B
    returned. A projected grade or level equal to the target is not below; one with no
    target (or a grade against a level) falls back to the A/O/B."""
    if entry.projected and entry.target:
        for position in (_whole, _step):
            projected, target = position(entry.projected), position(entry.target)
            if projected is not None and target is not None:
                return target - projected >= 1
    return entry.aob.strip().upper() == "B"


def subjects_below(entries: Iterable[SubjectReturn]) -> list[str]:
    """The subjects below target, in the order given."""
    return [entry.subject for entry in entries if is_below(entry)]


def concern_reason(year_group: int, below: int, threshold: int, identified: bool) -> str | None:
    """Why a pupil is on the AMT's list, or None when they are not a concern.

    ``below`` subjects below target in the latest return; ``threshold`` the setting;
    ``identified``: already on the programme or marked for monitoring."""
    if below >= threshold:
        counted = f"{below} subjects below target"
        if year_group in (9, 10):
            return f"Year {year_group} causing concern: {counted}"
        return counted
    if identified:
        return ALREADY_IDENTIFIED
    return None


def whole_year_10_joins(day: dt.date, setting_on: bool) -> bool:
    """Whether on ``day`` the whole of Year 10 belongs on the programme: from May to the
    end of the academic year, when the school's setting is on."""
    return setting_on and YEAR_10_JOINS_FROM_MONTH <= day.month <= 8


def joins_until(year_group: int, day: dt.date) -> dt.date | None:
    """The day a pupil joining on ``day`` leaves by themselves: a Year 9 pupil causing
    concern joins until the end of that academic year (31 August); others stay until they
    are taken off."""
    if year_group == 9:
        return dt.date(academic_year_of(day) + 1, 8, 31)
    return None


def is_open(joined: dt.date, left: dt.date | None, until: dt.date | None, day: dt.date) -> bool:
    """Whether a membership holds on ``day``: joined, not yet left, not past its ``until``."""
    return joined <= day and (left is None or day < left) and (until is None or day <= until)


def checked_kind(text: str) -> Kind:
    """The kind named, or a refusal naming the kinds there are."""
    try:
        return Kind(text)
    except ValueError:
        raise UserFacingError(f"'{text}' is not a way onto the list: use {', '.join(KINDS)}.") from None


def checked_reason(text: str, what: str = "why") -> str:
    """A reason, stripped; an empty one is refused (it stays on the pupil's record)."""
    reason = checked("reason", " ".join(str(text).split()))
    if not reason:
        raise UserFacingError(f"Say {what}: it stays on the pupil's record.")
    return reason
