"""GCSE grades for KS4: 9 (highest) to 1, and U; fine grades ``5-`` ``5`` ``5+`` as a setting.

A :class:`Grade` orders by ``step``: U is 0, then three steps a grade (``1-`` 1, ``1`` 2,
``1+`` 3, ... ``9+`` 27), so fine and whole grades compare on one line. A school that
records whole grades (the default, ``settings.fine_grades`` off) moves one whole grade a
step; :class:`GradeScale` says which, and works out the status against target as the
stage scale does (``domain.targets.status``): above, on, one step below ("Nearly there"),
further below. "Grades below target" counts whole grades whatever the setting.

A Grade has ``step`` and ``label`` as a sub-stage does, so the one rule for long-term
targets (``domain.targets.check_long_term_target``) checks grades too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amtui.domain.errors import InputRefused

HIGHEST = 9
FINE_MARKS = {-1: "-", 0: "", 1: "+"}
KS3_YEARS = (7, 8, 9)
"""The year groups on the stage scale, working towards an end-of-KS3 target."""
KS4_YEARS = (10, 11)
"""The year groups whose attainment is a GCSE grade, working towards an end-of-KS4 target."""
SIXTH_FORM_YEARS = (12, 13)
"""Post-16 (README, "Years 12-13"): no end-of-key-stage target (a course's target is its
end-of-year one), and grades read as in KS4."""

_GRADE_RE = re.compile(r"^(?:gcse\s*)?(?:grade\s*)?(u|[0-9]{1,2})\s*([+-]?)$")


@dataclass(frozen=True, order=True)
class Grade:
    """One GCSE grade; orders by ``step``."""

    step: int
    whole: int  # 0 for U, else 1-9
    fine: int = 0  # -1 for "5-", +1 for "5+", 0 otherwise

    @property
    def label(self) -> str:
        """"U", "5", "5+", "5-"."""
        return "U" if self.whole == 0 else f"{self.whole}{FINE_MARKS[self.fine]}"

    @property
    def short(self) -> str:
        """The label: already narrow enough for any column."""
        return self.label

    def __str__(self) -> str:
        return self.label


def grade(whole: int, fine: int = 0) -> Grade:
    """The grade ``whole`` (0 for U, 1-9) with its fine mark (-1, 0, +1; U has none)."""
    if not 0 <= whole <= HIGHEST or fine not in FINE_MARKS or (whole == 0 and fine):
        raise InputRefused(f"there is no grade {whole}{FINE_MARKS.get(fine, '?')}")
    return Grade(0 if whole == 0 else 3 * whole - 1 + fine, whole, fine)


U = grade(0)


def is_ks4(year_group: int) -> bool:
    """Whether a year group is measured in GCSE grades (Years 10 and 11)."""
    return year_group in KS4_YEARS


def in_grades(year_group: int) -> bool:
    """Whether a year group is measured in GCSE grades (Years 10-13) rather than on the stage
    scale (Years 7-9, and a primary school): its returns, end-of-year targets, class grid and
    status. The one answer to "does this year use grades?", wherever it is asked."""
    return year_group in KS4_YEARS or year_group in SIXTH_FORM_YEARS


def key_stage_kind(year_group: int) -> str | None:
    """The end-of-key-stage target a pupil in ``year_group`` works towards: ks3 in Years
    7-9, ks4 in Years 10-11; None in the sixth form (and a primary school), which has none."""
    if year_group in KS3_YEARS:
        return "ks3"
    return "ks4" if is_ks4(year_group) else None


def target_in_grades(kind: str, year_group: int) -> bool:
    """Whether a target of ``kind`` (ks3, ks4 or year) for a pupil in ``year_group`` is a
    GCSE grade (else a sub-stage): a ks4 target, or a Year 10-13 pupil's end-of-year one."""
    return kind == "ks4" or (kind == "year" and in_grades(year_group))


@dataclass(frozen=True)
class GradeScale:
    """The school's grades: whole grades, or with ``fine`` (``5-`` ``5`` ``5+``) on."""

    fine: bool = False

    def parse(self, text: str) -> Grade:
        """Read ``8``, ``Grade 5``, ``GCSE 7``, ``5+``, ``5-``, ``U`` (any case and spacing).

        InputRefused says why not: not a grade, outside U and 1-9, or a fine grade where
        the school records whole grades.
        """
        cleaned = " ".join(str(text).lower().split())
        match = _GRADE_RE.match(cleaned)
        if not match:
            raise InputRefused(f"'{str(text).strip()}' is not a GCSE grade (9 to 1, or U)")
        number, mark = match.groups()
        whole = 0 if number == "u" else int(number)
        if not 0 < whole <= HIGHEST and number != "u":
            raise InputRefused(f"'{str(text).strip()}' is not a GCSE grade: grades go from 9 down to 1, then U")
        if mark and whole == 0:
            raise InputRefused("U has no fine grade: write U")
        if mark and not self.fine:
            raise InputRefused(f"'{str(text).strip()}' is a fine grade; this school records whole grades "
                               "(the setting fine_grades is off)")
        return grade(whole, {"-": -1, "": 0, "+": 1}[mark])

    def steps(self) -> list[Grade]:
        """Every grade this school records, lowest first."""
        fines = (-1, 0, 1) if self.fine else (0,)
        return [U] + [grade(whole, fine) for whole in range(1, HIGHEST + 1) for fine in fines]

    def position(self, value: Grade) -> int:
        """Where a grade stands on this school's line: whole grades count one step each
        unless fine grades are on (a fine grade read on a whole-grade line counts as its grade)."""
        return value.step if self.fine else value.whole

    def difference(self, current: Grade, target: Grade) -> int:
        """Steps from target to current on this school's line (negative: below target)."""
        return self.position(current) - self.position(target)


def grades_below(current: Grade, target: Grade) -> int:
    """How many whole grades ``current`` is below ``target`` (0 when on or above):
    "grades below target" counts whole grades, with fine grades on or off."""
    return max(0, target.whole - current.whole)


def is_grade_text(text: str) -> bool:
    """Whether a stored label reads as a grade (``5``, ``5+``, ``U``) rather than a sub-stage."""
    return bool(_GRADE_RE.match(" ".join(str(text).lower().split())))
