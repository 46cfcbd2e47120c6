"""The year-end's rules: who moves up, who leaves, and each pupil's new baseline and target.

At the end of the summer term a school moves to the next academic year: pupils move up a
year group, the oldest year leaves (Year 6 in a primary, Year 11 in a secondary without a
sixth form, Year 13 with one), and each pupil's new long-term target follows the usual rule
from a new baseline: this year's final sub-stage ("3 sub-stages of progress per academic
year"), never below the FFT estimate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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
