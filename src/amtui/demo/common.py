"""What the demo's steps share: the plan built so far, bulk inserts, school-day dates."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from peewee import chunked

from amtui.db.connection import fresh_ids
from amtui.db.models import BaseModel, HalfTerm
from amtui.domain.scale import Scale, SubStage
from amtui.domain.settings import Settings

# SQLite allows 32766 bound variables a statement since 3.32; stay well inside it.
MAX_VARIABLES = 30_000


def bulk(model: type[BaseModel], rows: list[dict]) -> list[int]:
    """Insert rows in as few statements as possible; return their new ids in order.

    The ids are chosen here (``connection.fresh_ids``) rather than read back, so later
    steps can refer to rows without a query. Safe because the whole build runs in one
    write transaction that holds the database's write lock.
    """
    if not rows:
        return []
    first = fresh_ids(model._meta.table_name, len(rows))
    ids = list(range(first, first + len(rows)))
    for row_id, row in zip(ids, rows):
        row["id"] = row_id
    per_statement = max(1, MAX_VARIABLES // len(rows[0]))
    for batch in chunked(rows, per_statement):
        model.insert_many(batch).execute()
    return ids


def school_day(day: dt.date, term: HalfTerm) -> dt.date:
    """The day, moved back off a weekend, never before the half-term starts."""
    if day.weekday() >= 5:
        day -= dt.timedelta(days=day.weekday() - 4)
    return max(day, term.start)


def day_in(term: HalfTerm, low: float, high: float, today: dt.date,
           rng: random.Random) -> dt.date:
    """A school day between fractions ``low`` and ``high`` of the half-term so far.

    "So far" is up to ``today`` while the half-term is running, so a current
    half-term's records are in the past; a half-term still to come gives its start.
    """
    if today < term.start:
        return term.start
    last = min(term.end, today - dt.timedelta(days=1))
    span = max(0, (last - term.start).days)
    return school_day(term.start + dt.timedelta(days=round(span * rng.uniform(low, high))), term)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


@dataclass
class ClassPlan:
    id: int
    name: str
    year_group: int
    teacher: int
    tas: list[int]


@dataclass
class PupilPlan:
    """One invented pupil and the traits that keep their records consistent."""

    id: int
    class_index: int
    year_group: int
    ability: float  # drives attainment, weekly scores (a z-score)
    progress: float  # drives this year's progress against target
    attitude: float  # drives attendance and attitude ratings
    sen: bool
    extra_meetings: bool
    mentors: list[tuple[int, dt.date]]  # (staff id, from), oldest first

    def mentor_on(self, day: dt.date) -> int:
        current = self.mentors[0][0]
        for staff_id, start in self.mentors:
            if start <= day:
                current = staff_id
        return current


@dataclass
class Criterion:
    id: int
    ref: str
    text: str


@dataclass
class SubjectRecord:
    """A pupil's year in one subject: baseline, target and the codes at HT1 and HT2."""

    pupil: PupilPlan
    subject: str  # code: R, W, M
    baseline: SubStage
    fft: SubStage | None
    target: SubStage
    stage1: int  # working stage (bank) at HT1
    stage2: int  # at HT2: one higher when the pupil moved bank in between
    ht1: dict[int, str] = field(default_factory=dict)  # criterion id -> code at HT1
    ht2: dict[int, str] = field(default_factory=dict)  # effective codes at HT2
    ht2_marked: dict[int, dt.datetime] = field(default_factory=dict)  # when HT2 changed it
    ht1_at: dt.datetime | None = None
    aim1: SubStage | None = None  # where the plan puts the pupil at HT1
    aim2: SubStage | None = None  # ... and at HT2
    placed1: SubStage | None = None  # what the HT1 crosses give
    placed2: SubStage | None = None  # what the HT2 crosses give


@dataclass
class Held:
    """A meeting that took place."""

    id: int
    mentor: int
    started: dt.datetime
    ended: dt.datetime


@dataclass
class TargetPlan:
    """A target agreed in a meeting (medium-term or personal)."""

    id: int
    pupil: PupilPlan
    kind: str
    meeting: int
    record: SubjectRecord | None = None  # medium: the subject's record
    criterion: int | None = None
    aspect: str = ""
    achieved: bool = False


@dataclass
class Demo:
    """The plan of the demo school, filled in step by step."""

    seed: int
    today: dt.date
    login: str
    settings: Settings
    scale: Scale
    start_year: int
    year_id: int = 0
    terms: list[HalfTerm] = field(default_factory=list)  # this year's six
    last_terms: list[HalfTerm] = field(default_factory=list)  # last year's six
    staff: dict[str, int] = field(default_factory=dict)  # role key -> staff id
    classes: list[ClassPlan] = field(default_factory=list)
    pupils: list[PupilPlan] = field(default_factory=list)
    subjects: dict[str, int] = field(default_factory=dict)  # code -> id
    banks: dict[tuple[str, int], list[Criterion]] = field(default_factory=dict)
    criterion_text: dict[int, str] = field(default_factory=dict)
    records: list[SubjectRecord] = field(default_factory=list)
    by_pupil: dict[int, list[SubjectRecord]] = field(default_factory=dict)
    attitude: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    # pupil id -> the HT1 meeting (done for everyone) and, when held, the HT2 one
    meetings1: dict[int, Held] = field(default_factory=dict)
    meetings2: dict[int, Held] = field(default_factory=dict)
    targets: list[TargetPlan] = field(default_factory=list)
    short_targets: int = 0

    def rng(self, step: str) -> random.Random:
        """A generator for one step: the same seed and step always give the same data."""
        return random.Random(f"{self.seed}:{step}")

    def class_of(self, pupil: PupilPlan) -> ClassPlan:
        return self.classes[pupil.class_index]
