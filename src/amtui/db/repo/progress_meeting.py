"""The staff progress meeting after a half-term's mentoring: who excelled through
intervention, who needs more support (and why), and each class's gaps in teaching
with suggested ability groups.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from amtui.db.connection import read
from amtui.db.models import AttitudeRecord, Meeting
from amtui.db.repo import class_grid, interventions, school, tracking
from amtui.db.repo.monitoring import as_of
from amtui.db.repo.pupils import MeetingClock
from amtui.db.repo.school import ClassInfo, HalfTermInfo
from amtui.domain.monitoring import ability_groups, support_reasons
from amtui.domain.names import pupil_name
from amtui.domain.targets import Status


@dataclass(frozen=True)
class PupilReason:
    """A pupil on one of the progress meeting's lists, with why."""

    pupil_id: int
    name: str
    class_name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ProgressReview:
    half_term: HalfTermInfo
    excelled: tuple[PupilReason, ...]
    support: tuple[PupilReason, ...]


def review(ht: HalfTermInfo, today: dt.date, class_id: int | None = None) -> ProgressReview:
    """The two pupil lists for half-term ``ht`` (one class, or the whole school)."""
    day = as_of(ht, today)
    positions = tracking.pupil_subject_positions(ht, class_id=class_id)
    pupils = tracking.pupils_on_roll(class_id, None, on=day)
    ids = set(pupils)
    running = [a for a in interventions.assignments(ids)
               if a.start <= ht.end and (a.until is None or a.until >= ht.start)]
    outcomes = interventions.outcomes(running, today)

    def query():
        red = defaultdict(list)
        for pid, aspect in (AttitudeRecord.select(AttitudeRecord.pupil, AttitudeRecord.aspect)
                            .where((AttitudeRecord.half_term == ht.id) & (AttitudeRecord.rating == "R")
                                   & AttitudeRecord.pupil.in_(list(ids)))
                            .order_by(AttitudeRecord.aspect).tuples()):
            red[pid].append(aspect)
        latest: dict[int, dt.date] = {}
        for pid, ended in (Meeting.select(Meeting.pupil, Meeting.ended_at)
                           .where((Meeting.status == "done") & Meeting.pupil.in_(list(ids))
                                  & (Meeting.ended_at <= dt.datetime.combine(day, dt.time.max))).tuples()):
            latest[pid] = max(latest.get(pid, ended.date()), ended.date())
        return red, latest

    red, latest = read(query)
    clock = MeetingClock(day)
    below = defaultdict(list)
    for row in positions:
        if row.status is Status.NOT_ACHIEVING:
            below[row.pupil_id].append(f"{row.subject} ({row.substage.short}, expected {row.expected.short})")
    excelled, no_gain = defaultdict(list), defaultdict(list)
    for a in running:
        outcome = outcomes[a.id]
        if outcome.excelled:
            excelled[a.pupil_id].append(f"{a.intervention}: {outcome.text}")
        elif outcome.steps is not None and outcome.steps <= 0 and a.start < ht.start:
            no_gain[a.pupil_id].append(a.intervention)

    def named(pid: int, reasons: list[str]) -> PupilReason:
        p = pupils[pid]
        return PupilReason(pid, pupil_name(p.forename, p.surname), p.class_name, tuple(reasons))

    support = []
    for pid in sorted(ids, key=lambda i: pupils[i].sort_key):
        reasons = support_reasons(below.get(pid, []), red.get(pid, []),
                                  clock.due(latest.get(pid)).overdue, no_gain.get(pid, []))
        if reasons:
            support.append(named(pid, reasons))
    good = [named(pid, excelled[pid] + ["can return to working independently"])
            for pid in sorted(excelled, key=lambda i: pupils[i].sort_key) if pid in pupils]
    return ProgressReview(ht, tuple(good), tuple(support))


@dataclass(frozen=True)
class Gap:
    ref: str
    text: str
    secured: int
    pupils: int


@dataclass(frozen=True)
class ClassGaps:
    """One class and subject: the bank most of the class works in, its gaps, groups."""

    subject: str
    bank_stage: int
    pupils: int
    gaps: tuple[Gap, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (sub-stage label, names)


def class_gaps(info: ClassInfo, ht: HalfTermInfo) -> list[ClassGaps]:
    """Per subject, criteria fewer than half the class have secured, and groups by sub-stage."""
    found = []
    for subject in school.subjects():
        grid = class_grid.load_grid(info, subject, ht)
        if not grid.pupils or not grid.criteria:
            continue
        record = grid.record
        gaps = tuple(Gap(c.ref, c.text, record.secured(c.id), len(grid.pupils))
                     for c in grid.criteria if record.is_gap(c.id))
        placements = {p.name: record.figures(p.id).placement.substage for p in grid.pupils}
        groups = tuple((sub.label, tuple(names)) for sub, names in ability_groups(placements))
        found.append(ClassGaps(subject.name, grid.bank_stage, len(grid.pupils), gaps, groups))
    return found

