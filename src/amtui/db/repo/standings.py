"""A secondary pupil's subjects: teaching group and teacher, targets, FFT and status.

One row per subject the pupil has a group, a target or an FFT estimate in this year. KS3
(Years 7-9) is on the stage scale: ``now`` and ``status`` are the Attain tab's (the
crosses at the half-term against the expected position). KS4 (Years 10-11) and the sixth
form (Years 12-13, which have no end-of-key-stage target) are in GCSE grades: ``now`` is the pupil's latest grade (``latest_grade``: the projected grade of the
latest progress return this year, else the start-of-year grade), and ``status`` is that
grade against the end-of-year target, by ``domain.targets.grade_status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.connection import read
from amtui.db.models import AcademicYear, Baseline, ClassStaff, FftEstimate, LongTermTarget, Pupil, Staff, Subject
from amtui.db.repo.groups import pupils_groups
from amtui.db.repo.returns_read import latest_returns
from amtui.db.repo.staff import links_open_on
from amtui.domain.calendar import academic_year_of
from amtui.domain.grades import GradeScale, in_grades, key_stage_kind
from amtui.domain.targets import Status, grade_status


@dataclass(frozen=True)
class SubjectStanding:
    """One subject of a secondary pupil's year (labels as stored; "" when none)."""

    subject_id: int
    subject: str
    group: str
    teacher: str
    key_stage: str  # "KS3" or "KS4": what ``key_stage_target`` is the end of ("" in Years 12-13: none)
    key_stage_target: str
    year_target: str
    fft: str
    now: str
    status: Status | None
    in_grades: bool = False  # the end-of-year target (and now) are GCSE grades: Years 10-13


def _labels(model, pupil_id: int, start_year: int, **match) -> dict[int, str]:
    """Subject id -> the newest label of a per-year table (any year when ``start_year`` is None)."""
    query = model.select(model.subject, model.substage).where(model.pupil == pupil_id)
    if start_year is not None:
        query = query.join(AcademicYear).where(AcademicYear.start_year == start_year)
    for name, value in match.items():
        query = query.where(getattr(model, name) == value)
    return dict(query.order_by(model.id).tuples())


def latest_grade(pupil_id: int, start_year: int, day: dt.date) -> dict[int, str]:
    """Subject id -> the pupil's latest GCSE grade on ``day``: the projected grade of the
    latest return of this academic year due by then, else the start-of-year grade."""
    grades = _labels(Baseline, pupil_id, start_year)
    for (_, subject_id), info in latest_returns([pupil_id], on=day, projected=True).items():
        if academic_year_of(info.due) == start_year:
            grades[subject_id] = info.projected
    return grades


def subject_standings(pupil_id: int, day: dt.date, start_year: int, fine: bool = False) -> list[SubjectStanding]:
    """The pupil's subjects on ``day`` of the academic year starting ``start_year``, by subject name."""
    scale = GradeScale(fine)

    def query() -> list[SubjectStanding]:
        year_group = Pupil.select(Pupil.year_group).where(Pupil.id == pupil_id).scalar()
        grades = in_grades(year_group or 0)
        kind = key_stage_kind(year_group or 0) or ""
        groups = pupils_groups(pupil_id, day)
        teachers: dict[int, str] = {}
        for group_id, name in (ClassStaff.select(ClassStaff.school_class, Staff.name).join(Staff)
                               .where(ClassStaff.school_class.in_([g.id for g in groups.values()])
                                      & links_open_on(day)).order_by(ClassStaff.id).tuples()):
            teachers.setdefault(group_id, name)
        key_stage = _labels(LongTermTarget, pupil_id, None, kind=kind) if kind else {}
        year = _labels(LongTermTarget, pupil_id, start_year, kind="year")
        fft = _labels(FftEstimate, pupil_id, start_year)
        now = latest_grade(pupil_id, start_year, day) if grades else {}
        ids = set(groups) | set(key_stage) | set(year) | set(fft)
        names = dict(Subject.select(Subject.id, Subject.name).where(Subject.id.in_(list(ids))).tuples())
        rows = []
        for sid in ids:
            group = groups.get(sid)
            rows.append(SubjectStanding(
                sid, names[sid], group.name if group else "", teachers.get(group.id, "") if group else "",
                kind.upper(), key_stage.get(sid, ""), year.get(sid, ""), fft.get(sid, ""), now.get(sid, ""),
                _status(scale, now.get(sid), year.get(sid)), grades))
        return sorted(rows, key=lambda r: r.subject.lower())

    return read(query)


def _status(scale: GradeScale, now: str | None, target: str | None) -> Status | None:
    """A grade against its target (None unless both read as grades)."""
    try:
        return grade_status(scale.parse(now), scale.parse(target), scale) if now and target else None
    except ValueError:
        return None
