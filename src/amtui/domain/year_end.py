"""The year-end's rules: who moves up, who leaves, and each pupil's new baseline and target.

At the end of the summer term a school moves to the next academic year: pupils move up a
year group, the oldest year leaves (Year 6 in a primary, Year 11 in a secondary without a
sixth form, Year 13 with one), and each pupil's new long-term target follows the usual rule
from a new baseline: this year's final sub-stage ("3 sub-stages of progress per academic
year"), never below the FFT estimate.

A secondary pupil's targets follow the secondary rules instead (DOMAIN.md, "Secondary
schools"; :func:`secondary_year_target`): the Assertive Mentoring team sets the end-of-KS3
target at the start of Year 7 and the end-of-KS4 one at the start of Year 10, and teachers
set each year's end-of-year target from it; at the year-end targets are reviewed "up, not
down".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dataclasses import dataclass

from amtui.domain.grades import KS3_YEARS, KS4_YEARS, SIXTH_FORM_YEARS, Grade
from amtui.domain.permissions import FIRST_SECONDARY_YEAR
from amtui.domain.scale import Scale, SubStage
from amtui.domain.targets import default_target
from amtui.domain.year_group import OLDEST

PRIMARY_LEAVING, GCSE_LEAVING, SIXTH_FORM_LEAVING = 6, 11, 13


def next_year_group(year_group: int) -> int:
    """The year group after this one: N1 -> N2 -> Reception -> Year 1 ... Year 13."""
    if year_group >= OLDEST:
        raise ValueError("Year 13 is the last year group: a Year 13 pupil leaves")
    return year_group + 1


def leaving_year(year_groups: Iterable[int]) -> int:
    """The year group that leaves at the year-end, from the year groups the school has:
    Year 6 in a primary, Year 11 in a secondary without a sixth form, else Year 13."""
    oldest = max(year_groups, default=PRIMARY_LEAVING)
    if oldest <= PRIMARY_LEAVING:
        return PRIMARY_LEAVING
    return GCSE_LEAVING if oldest <= GCSE_LEAVING else SIXTH_FORM_LEAVING


def is_leaver(year_group: int, leaving: int) -> bool:
    """Whether a pupil in ``year_group`` leaves when ``leaving`` is the school's leaving year."""
    return year_group >= leaving


def new_baseline(final: SubStage | None) -> SubStage | None:
    """The new year's baseline: the sub-stage the pupil ended the old year at (None when
    nothing placed them: no working stage or no criteria bank)."""
    return final


def new_target(baseline: SubStage, fft: SubStage | None, scale: Scale, steps: int) -> SubStage:
    """The new year's long-term target: the baseline + ``steps`` (the setting, 3 by default),
    never below the FFT estimate; always above the baseline."""
    target = default_target(baseline, fft, scale, steps)
    if target.step <= baseline.step:
        raise ValueError(f"{baseline.label} is the top of the scale: no target can be above it")
    return target


def summer_end_passed(today: dt.date, summer_end: dt.date) -> bool:
    """Whether the summer term (the sixth half-term, ending on ``summer_end``) is over."""
    return today > summer_end


STARTS = (KS3_YEARS[0], KS4_YEARS[0], SIXTH_FORM_YEARS[0])
"""The years that begin a key stage (7, 10) or the sixth form's courses (12): nothing to
carry a target up from, so the year-end sets none."""
ENDS_KEY_STAGE = {KS3_YEARS[-1]: "ks3", KS4_YEARS[-1]: "ks4"}
"""The years that end a key stage (9, 11): their end-of-year target is the key stage's, at least."""


def is_secondary(year_group: int) -> bool:
    """Whether a pupil in ``year_group`` has their targets set the secondary way (Years 7-13)."""
    return year_group >= FIRST_SECONDARY_YEAR


@dataclass(frozen=True)
class RolledTarget:
    """A secondary pupil's new end-of-year target, and what it was worked out from."""

    target: SubStage | Grade
    why: str


Level = SubStage | Grade


def secondary_year_target(year_group: int, *, baseline: SubStage | None, last_year: Level | None,
                          key_stage: Level | None, fft: Level | None, scale: Scale,
                          steps: int) -> RolledTarget | None:
    """A secondary pupil's end-of-year target for the year they move up into (``year_group``,
    7-13), or None where the year-end sets none.

    None in Years 7 and 10: a key stage begins, and its target is the Assertive Mentoring
    team's to set (never below FFT) before teachers set the year's from it; likewise in
    Year 12, where the sixth form's courses begin. Otherwise the highest of:
    last year's end-of-year target ``last_year`` ("up, not down"), the FFT estimate (never
    below it), the end-of-key-stage target ``key_stage`` in the year that ends the key stage
    (Years 9 and 11), and in Years 8-9 the baseline (the sub-stage the pupil ended last year
    at) + ``steps`` ("3 sub-stages of progress per academic year"). The values are given in
    the year's own terms: sub-stages in Years 7-9, GCSE grades from Year 10 (a value in the
    other terms is passed as None). None when there is nothing to work from."""
    if not is_secondary(year_group):
        raise ValueError(f"Year {year_group} is not a secondary year: its target is baseline + steps")
    if year_group in STARTS:
        return None
    candidates: list[tuple[Level, str]] = []
    if baseline is not None and year_group in KS3_YEARS:
        candidates.append((scale.plus(baseline, steps), f"the baseline {baseline.label} + {steps} steps"))
    if key_stage is not None and year_group in ENDS_KEY_STAGE:
        candidates.append((key_stage, f"the end-of-{ENDS_KEY_STAGE[year_group].upper()} target"))
    if last_year is not None:
        candidates.append((last_year, f"last year's target {last_year.label} (up, not down)"))
    if fft is not None:
        candidates.append((fft, f"the FFT estimate {fft.label}"))
    if not candidates:
        return None
    best = max(candidates, key=lambda candidate: candidate[0].step)  # the first of equals
    return RolledTarget(best[0], best[1])
