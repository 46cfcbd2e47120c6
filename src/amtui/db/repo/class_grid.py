"""Loading a class record for the class grid, and the changes others make to it.

One load is a handful of set-based queries (pupils, working stages, the bank, every
mark of those pupils on that bank up to the half-term, baselines and targets); after
that the grid only asks for entries newer than the last one it has seen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from peewee import JOIN

from amtui.db import connection
from amtui.db.audit import audit
from amtui.db.connection import DatabaseUnavailable, read, write
from amtui.db.models import (
    Baseline, Criterion, CriterionMark, LongTermTarget, Pupil, Staff, WorkingStage,
)
from amtui.db.repo import school, tracking
from amtui.db.repo.groups import grid_placement_in
from amtui.db.repo.membership import half_term_day
from amtui.db.repo.school import ClassInfo, HalfTermInfo, SubjectInfo, half_terms
from amtui.db.repo.staff import CurrentUser, as_now, teachers_on
from amtui.domain.class_record import ClassRecord, cell_state
from amtui.domain.codes import Code, MarkEntry
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action, Placement, may_read_pupil, require
from amtui.domain.scale import default_scale


@dataclass(frozen=True)
class GridPupil:
    id: int
    forename: str
    surname: str
    upn: str
    stage: int  # their working stage in the subject

    @property
    def name(self) -> str:
        return pupil_name(self.forename, self.surname)


@dataclass(frozen=True)
class GridCriterion:
    id: int
    number: int
    ref: str
    text: str


@dataclass(frozen=True)
class NewEntry:
    """A mark someone recorded since the grid last looked."""

    pupil_id: int
    criterion_id: int
    entry: MarkEntry
    staff_id: int | None
    staff_name: str


@dataclass
class GridData:
    """Everything the class grid shows for one class, subject, bank and half-term."""

    school_class: ClassInfo
    subject: SubjectInfo
    bank_stage: int
    bank_id: int | None
    criteria: list[GridCriterion]
    pupils: list[GridPupil]
    stages_in_class: dict[int, int]  # working stage -> pupils in it
    half_term: HalfTermInfo
    year_half_terms: list[HalfTermInfo]
    record: ClassRecord
    histories: dict[tuple[int, int], list[MarkEntry]]
    last_mark_id: int
    lock_by: str
    placement: Placement  # where the grid's pupils are taught its subject (for may_enter)
    teachers: frozenset[int] = frozenset()  # staff linked to the class on the half-term's day


def _class_pupils(class_id: int, subject_id: int, half_term: HalfTermInfo,
                  today: dt.date | None = None) -> list[GridPupil]:
    pupils = tracking.pupils_on_roll(class_id, None, on=half_term_day(half_term, today))
    until = dt.datetime.combine(half_term.end, dt.time.max)
    stages = tracking.working_stages_at(
        tracking.pupil_filter(WorkingStage.pupil, pupils, class_id, None), subject_id, until
    )
    rows = [
        GridPupil(p.id, p.forename, p.surname, p.upn, stages[(p.id, subject_id)])
        for p in pupils.values()
        if (p.id, subject_id) in stages
    ]
    return sorted(rows, key=lambda p: (p.surname.lower(), p.forename.lower(), p.id))


def default_bank(class_id: int, subject_id: int, half_term: HalfTermInfo) -> int | None:
    """The stage most of the class works in for this subject (None: nobody has one)."""
    stages = Counter(p.stage for p in read(lambda: _class_pupils(class_id, subject_id, half_term)))
    return stages.most_common(1)[0][0] if stages else None


def load_named(class_name: str, subject_name: str, today: dt.date, stage: int | None = None,
               half_term_number: int | None = None, user: CurrentUser | None = None) -> GridData:
    """The grid asked for by names, as ``amtui grid`` and the grid screen's choices give it
    (half-term: the current one unless a number 1-6 is given). A ``user`` who may not read
    the class's pupils (``may_read_pupil``: a head of year, another year) is refused."""
    half_term = school.current_half_term(today)
    found = school.class_by_name(class_name, half_term.year)  # this year's class of that name
    subject = school.subject_by_name(subject_name)
    if found is None or subject is None:
        missing = f"class '{class_name}'" if found is None else f"subject '{subject_name}'"
        raise DatabaseUnavailable(f"There is no {missing} in this school.")
    if user is not None:
        may_read_pupil(user.roles, user.hoy_years, found.year_group).enforce()
    if half_term_number:
        half_term = school.half_term(half_term.year, half_term_number)
    return load_grid(found, subject, half_term, stage, today)


def load_grid(school_class: ClassInfo, subject: SubjectInfo, half_term: HalfTermInfo,
              bank_stage: int | None = None, today: dt.date | None = None) -> GridData:
    """The class record for the grid (bank default: the stage most of the class works in), with
    the pupils in the class on ``today`` while the half-term runs (else at its end or start)."""
    scale = default_scale()
    year_terms = half_terms(half_term.year)

    def query() -> GridData:
        everyone = _class_pupils(school_class.id, subject.id, half_term, today)
        in_class = Counter(p.stage for p in everyone)
        stage = bank_stage if bank_stage is not None else (in_class.most_common(1)[0][0] if in_class else 0)
        bank = tracking.bank_sizes(subject.id).get((subject.id, stage))
        # No bank of criteria for the stage (none imported yet): nothing to mark, and no
        # sub-stage to work out; the screen says so (stages_in_class still counts them).
        pupils = [p for p in everyone if p.stage == stage] if bank else []
        criteria = [
            GridCriterion(c.id, c.number, c.ref, c.text)
            for c in Criterion.select().where(Criterion.bank == (bank.id if bank else 0)).order_by(Criterion.number)
        ]
        histories = _histories([p.id for p in pupils], [c.id for c in criteria], half_term.ordinal)
        at = half_term.ordinal
        ids = {p.id for p in pupils}
        where = tracking.pupil_filter(Baseline.pupil, {i: None for i in ids}, None, ids)
        baselines = {p: s for (p, subj), s in tracking.latest_labels(
            Baseline, where, subject.id, half_term.year, scale).items()}
        where = tracking.pupil_filter(LongTermTarget.pupil, {i: None for i in ids}, None, ids)
        targets = {p: s for (p, subj), s in tracking.latest_labels(
            LongTermTarget, where, subject.id, half_term.year, scale, kind="year").items()}
        record = ClassRecord(
            bank_stage=stage, criteria=[c.id for c in criteria], pupils=[p.id for p in pupils], at=at,
            half_term_number=half_term.number, scale=scale, override=bank.override if bank else None,
            baselines=baselines, targets=targets,
        )
        for key, entries in histories.items():
            record.set_cell(*key, cell_state(entries, at))
        return GridData(
            school_class=school_class, subject=subject, bank_stage=stage, bank_id=bank.id if bank else None,
            criteria=criteria, pupils=pupils, stages_in_class=dict(sorted(in_class.items())),
            half_term=half_term, year_half_terms=year_terms, record=record, histories=histories,
            last_mark_id=last_mark_id(), lock_by=half_term.locked_by,
            placement=grid_placement_in(school_class.id, subject.id, [p.id for p in everyone]),
            teachers=teachers_on(school_class.id, half_term_day(half_term, today)),
        )

    return read(query)


def _histories(pupil_ids: list[int], criterion_ids: list[int], at: int) -> dict[tuple[int, int], list[MarkEntry]]:
    """(pupil, criterion) -> every entry up to ordinal ``at``, oldest first."""
    if not pupil_ids or not criterion_ids:
        return {}
    ordinals = tracking.half_term_ordinals()
    query = (
        CriterionMark.select(CriterionMark.pupil, CriterionMark.criterion, CriterionMark.half_term,
                             CriterionMark.code, CriterionMark.id)
        .where(CriterionMark.pupil.in_(pupil_ids), CriterionMark.criterion.in_(criterion_ids))
        .order_by(CriterionMark.id)
    )
    histories: dict[tuple[int, int], list[MarkEntry]] = defaultdict(list)
    for pupil, criterion, half_term, code, entry_id in CriterionMark._meta.database.execute(query):
        ordinal = ordinals[half_term]
        if ordinal <= at:
            histories[(pupil, criterion)].append(MarkEntry(ordinal, Code(code), entry_id))
    return histories


def last_mark_id() -> int:
    """The newest entry in the whole history (a cheap index look-up)."""
    value = CriterionMark.select(CriterionMark.id).order_by(CriterionMark.id.desc()).limit(1).scalar()
    return value or 0


def entries_since(after_id: int, pupil_ids: list[int], criterion_ids: list[int]) -> list[NewEntry]:
    """Entries newer than ``after_id`` on these cells, oldest first (any half-term)."""

    def query() -> list[NewEntry]:
        ordinals = tracking.half_term_ordinals()
        rows = (
            CriterionMark.select(CriterionMark, Staff.name)
            .join(Staff, JOIN.LEFT_OUTER, on=(CriterionMark.staff == Staff.id))
            .where(CriterionMark.id > after_id, CriterionMark.pupil.in_(pupil_ids),
                   CriterionMark.criterion.in_(criterion_ids))
            .order_by(CriterionMark.id)
            .objects()
        )
        return [
            NewEntry(r.pupil_id, r.criterion_id, MarkEntry(ordinals[r.half_term_id], Code(r.code), r.id),
                     r.staff_id, r.name or r.source)
            for r in rows
        ]

    return read(query)


def data_version() -> int:
    """Changes by others, as a number that moves: SQLite's ``data_version``; elsewhere
    the newest mark id."""
    version = connection.data_version()
    return version if version is not None else last_mark_id()


def move_stage(user: CurrentUser, pupil_id: int, subject_id: int, stage: int) -> None:
    """Confirm a pupil's move to the next stage's bank (they reached its Ready)."""

    def change() -> None:
        pupil = Pupil.get_by_id(pupil_id)
        me = as_now(user, dt.date.today())
        require(me.roles, Action.CONFIRM_PROMOTION, pupil.school_class_id in me.class_ids)
        WorkingStage.create(pupil=pupil_id, subject=subject_id, stage=stage, set_by=user.staff_id,
                            reason="reached the next stage's Ready")
        audit(user.login, "stage.move", "pupil", pupil_id, subject=subject_id, stage=stage)

    write(change)
