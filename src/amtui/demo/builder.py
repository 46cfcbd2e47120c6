"""Build the demo primary school into an empty database, in one transaction.

One transaction, not one per step: a failure or Ctrl-C half-way leaves the file as
empty as it was, so ``amtui demo`` can simply be run again; and SQLite commits (and
syncs to disk) once instead of once a step, which keeps the build to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from amtui.identity import current_login
from amtui.db.audit import audit
from amtui.db.connection import write
from amtui.db.models import (
    AttitudeRecord, BigWriteRating, Criterion, CriterionMark, InterventionAssignment, Meeting,
    ProgressReturn, Pupil, RecordEvent, Referral, SchoolClass, Staff, Target, WeeklyResult,
)
from amtui.db.repo.school import load_settings
from amtui.demo import attainment, evidence, halfterm, meetings, people, records
from amtui.demo.common import Demo
from amtui.domain.calendar import academic_year_of
from amtui.domain.scale import default_scale

Progress = Callable[[str, float], None]

# (what the progress bar says, the step, its rough share of the time)
STEPS: tuple[tuple[str, Callable[[Demo], object], int], ...] = (
    ("School and calendar", people.build_school, 1),
    ("Staff and classes", people.build_staff_and_classes, 1),
    ("Pupils and mentors", people.build_pupils, 2),
    ("Criteria banks", attainment.load_banks, 1),
    ("Planning the year", attainment.plan_records, 2),
    ("Pupils' progress", attainment.plan_codes, 3),
    ("Baselines and targets", attainment.write_baselines, 2),
    ("Dots, lines and crosses", attainment.write_marks, 10),
    ("Half-term tests", halfterm.write_tests, 1),
    ("Weekly basic skills tests", records.write_weekly, 2),
    ("Attitude and attendance", records.write_attitude, 4),
    ("Mentoring meetings", meetings.write_meetings, 3),
    ("Targets", meetings.write_targets, 3),
    ("Big Write", evidence.write_big_write, 2),
    ("Interventions", evidence.write_interventions, 1),
    ("Rewards and sanctions", records.write_events, 1),
)

COUNTED = {
    "staff": Staff, "classes": SchoolClass, "pupils": Pupil, "criteria": Criterion,
    "marks": CriterionMark, "weekly_results": WeeklyResult,
    "attitude_records": AttitudeRecord, "meetings": Meeting, "targets": Target,
    "big_write_ratings": BigWriteRating, "interventions": InterventionAssignment,
    "events": RecordEvent, "returns": ProgressReturn, "referrals": Referral,
}


@dataclass(frozen=True)
class DemoSummary:
    """What the demo school holds, and how long it took to build."""

    school: str
    year: str
    login: str
    staff: int
    classes: int
    pupils: int
    criteria: int
    marks: int
    weekly_results: int
    attitude_records: int
    meetings: int
    targets: int
    big_write_ratings: int
    interventions: int
    events: int
    returns: int
    referrals: int
    seconds: float

    def __str__(self) -> str:
        # What one kind of school has and the other has not (a secondary school's weekly
        # tests, a primary school's returns) is left out rather than counted as none.
        held = [f"{count} {what}" for count, what in (
            (self.weekly_results, "weekly tests"), (self.meetings, "meetings"), (self.targets, "targets"),
            (self.returns, "progress returns"), (self.referrals, "referrals")) if count]
        return (f"{self.school} {self.year}: {self.pupils} pupils in {self.classes} classes, "
                f"{self.staff} staff (you are '{self.login}', with every screen), "
                f"{', '.join([f'{self.marks} criterion marks', *held])}; built in {self.seconds:.1f} s")


def _refuse_unless_empty() -> None:
    found = [what for what, model in (("pupils", Pupil), ("staff", Staff),
                                      ("classes", SchoolClass), ("criteria", Criterion))
             if model.select().exists()]
    if found:
        raise ValueError("The demo school goes only into an empty database; this one "
                         f"already has {' and '.join(found)}. Nothing was changed.")


def build_demo(today: dt.date | None = None, seed: int = 2026,
               progress: Progress | None = None, *, steps=STEPS, school: str = people.SCHOOL_NAME,
               plan: type[Demo] = Demo) -> DemoSummary:
    """Fill the open, empty database with the demo school; the same seed and ``today``
    always give the same school. ValueError if the database is not empty.

    ``steps``, ``school`` and ``plan`` make another demo the same way (the secondary one:
    ``amtui.demo.secondary``)."""
    today = today or dt.date.today()
    login = current_login()
    settings = load_settings()
    scale = default_scale()
    started = time.perf_counter()
    total = sum(weight for *_, weight in steps)
    report = progress or (lambda step, fraction: None)

    def build() -> dict[str, int]:
        _refuse_unless_empty()
        demo = plan(seed=seed, today=today, login=login, settings=settings, scale=scale,
                    start_year=academic_year_of(today))
        done = 0
        for name, step, weight in steps:
            report(name, done / total)
            step(demo)
            done += weight
        counts = {key: model.select().count() for key, model in COUNTED.items()}
        audit(login, "demo.create", "school", "", seed=seed, today=today, **counts)
        return counts

    counts = write(build)
    report("Done", 1.0)
    year = academic_year_of(today)
    return DemoSummary(school=school, year=f"{year}-{(year + 1) % 100:02d}",
                       login=login, seconds=round(time.perf_counter() - started, 2), **counts)
