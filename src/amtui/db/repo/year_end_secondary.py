"""The year-end's end-of-year targets for a secondary school's pupils (Years 7-13).

A primary pupil's new target is their new baseline + the setting's steps, never below FFT
(``db.repo.year_end.set_targets``). A secondary pupil's is worked out the secondary way
(``domain.year_end.secondary_year_target``): none in Years 7, 10 and 12, where the
Assertive Mentoring team sets the key stage's target first (or the sixth form's courses
begin); otherwise last year's target carried up ("up, not down"), never below FFT, at least
the key stage's target in the year that ends it, and in Years 8-9 at least 3 sub-stages
above where the pupil ended last year. The targets are read in the year's own terms
(``domain.grades.in_grades``): a label in the other terms (a Year 9 sub-stage for a Year 10
pupil) counts as none. Call :func:`set_secondary_targets` inside the year-end's write.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.models import Baseline, ClassMembership, FftEstimate, LongTermTarget, Pupil, Subject
from amtui.domain import year_end
from amtui.domain.grades import GradeScale, in_grades, key_stage_kind
from amtui.domain.scale import default_scale
from amtui.domain.targets import KEY_STAGE_KINDS

Key = tuple[int, int]  # (pupil id, subject id)


@dataclass(frozen=True)
class SecondaryTargets:
    """What the year-end did for secondary pupils: targets ``made``, pupils and subjects that
    ``had`` one, and the pupils starting Year 7 or 10 whose key stage's target is the AMT's
    to set (``awaiting``) and Year 12's (``courses``), who get none from the year-end."""

    made: int
    had: int
    awaiting: int
    courses: int

    @property
    def touched(self) -> bool:
        """Whether the school has secondary pupils to say anything of."""
        return bool(self.made or self.had or self.awaiting or self.courses)

    @property
    def said(self) -> str:
        parts = [f"secondary pupils' end-of-year targets: {self.made} carried up (up, not down; never below "
                 f"FFT; Year 9 and 11 at least the key stage's target)" + (f"; {self.had} there already"
                                                                              if self.had else "")]
        if self.awaiting:
            parts.append(f"{self.awaiting} pupils starting Year 7 or 10 wait for the Assertive Mentoring team's "
                         "end-of-key-stage targets (Grade targets, k; or amtui import targets), then their "
                         "teachers set the year's")
        if self.courses:
            parts.append(f"{self.courses} starting Year 12 wait for their courses' end-of-year targets "
                         "from their teachers")
        return "; ".join(parts)


def secondary_year_groups(new_id: int) -> dict[int, int]:
    """Pupil id -> year group in the new year, for secondary pupils on roll (the newest place)."""
    rows = (ClassMembership.select(ClassMembership.pupil, ClassMembership.year_group).join(Pupil)
            .where((ClassMembership.academic_year == new_id) & Pupil.left_on.is_null())
            .order_by(ClassMembership.id).tuples())
    return {pupil: year_group for pupil, year_group in rows if year_end.is_secondary(year_group)}


def _newest(query) -> dict:
    """(key...) -> label, the newest row winning (the query is ordered by id)."""
    return {tuple(row[:-1]): row[-1] for row in query.tuples()}


def set_secondary_targets(user, old_id: int, new_id: int, new_year: int, steps: int,
                          fine_grades: bool) -> SecondaryTargets:
    """Give each secondary pupil on roll in the new year (``new_id``) their end-of-year target
    in each subject they have a baseline, a target or an FFT estimate in, unless they have one
    already; audited per pupil as ``year.target``. Call inside a write."""
    years = secondary_year_groups(new_id)
    pupils = list(years)
    mine = LongTermTarget.pupil.in_(pupils)
    baselines = _newest(Baseline.select(Baseline.pupil, Baseline.subject, Baseline.substage)
                        .where((Baseline.academic_year == new_id) & Baseline.pupil.in_(pupils)).order_by(Baseline.id))
    fft = _newest(FftEstimate.select(FftEstimate.pupil, FftEstimate.subject, FftEstimate.substage)
                  .where((FftEstimate.academic_year == new_id) & FftEstimate.pupil.in_(pupils)).order_by(FftEstimate.id))
    last = _newest(LongTermTarget.select(LongTermTarget.pupil, LongTermTarget.subject, LongTermTarget.substage)
                   .where(mine & (LongTermTarget.academic_year == old_id) & (LongTermTarget.kind == "year"))
                   .order_by(LongTermTarget.id))
    stages = _newest(LongTermTarget.select(LongTermTarget.pupil, LongTermTarget.subject, LongTermTarget.kind,
                                           LongTermTarget.substage)
                     .where(mine & LongTermTarget.kind.in_(KEY_STAGE_KINDS)).order_by(LongTermTarget.id))
    have = set(LongTermTarget.select(LongTermTarget.pupil, LongTermTarget.subject)
               .where(mine & (LongTermTarget.academic_year == new_id) & (LongTermTarget.kind == "year")).tuples())
    scale, grades = default_scale(), GradeScale(fine_grades)
    subjects = dict(Subject.select(Subject.id, Subject.name).tuples())
    made: dict[int, dict[str, str]] = defaultdict(dict)
    keys = sorted(set(baselines) | set(fft) | set(last) | {(p, s) for p, s, _ in stages})
    for pupil, subject in keys:
        if (pupil, subject) in have:
            continue
        year_group = years[pupil]
        parse = grades.parse if in_grades(year_group) else scale.parse

        def level(label):
            try:
                return parse(label) if label else None
            except ValueError:  # in the other terms: a Year 9 sub-stage for a Year 10 pupil
                return None

        found = year_end.secondary_year_target(
            year_group, baseline=level(baselines.get((pupil, subject))),
            last_year=level(last.get((pupil, subject))), fft=level(fft.get((pupil, subject))),
            key_stage=level(stages.get((pupil, subject, key_stage_kind(year_group) or ""))), scale=scale, steps=steps)
        if found is None:
            continue
        LongTermTarget.create(pupil=pupil, subject=subject, academic_year=new_id, kind="year",
                              substage=found.target.label, set_by=user.staff_id, reason=f"year-end: {found.why}")
        made[pupil][subjects[subject]] = found.target.label
    for pupil, labels in made.items():
        audit(user.login, "year.target", "pupil", pupil, year=new_year, targets=labels, source="year-end")
    with_key_stage = {(p, kind) for p, _, kind in stages}
    starting = {p: key_stage_kind(y) for p, y in years.items() if y in year_end.STARTS}
    awaiting = sum(1 for p, kind in starting.items() if kind is not None and (p, kind) not in with_key_stage)
    courses = sum(1 for kind in starting.values() if kind is None)
    return SecondaryTargets(sum(len(v) for v in made.values()), len(have), awaiting, courses)
