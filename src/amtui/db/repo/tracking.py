"""Where each pupil stands: sub-stage and progress per subject, and weekly test standing.

Built for whole schools at once (the exports, the home screen, class grids): a few
set-based queries whose rows are grouped in Python, never a query per pupil.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from peewee import JOIN, fn

from amtui.db.compiled import compiled
from amtui.db.connection import json_rows, ordered_join, read
from amtui.db.models import (
    AcademicYear, Baseline, CriteriaBank, Criterion, CriterionMark, HalfTerm, LongTermTarget,
    Pupil, SchoolClass, Subject, WeeklyLevel, WeeklyResult, WorkingStage,
)
from amtui.db.repo import membership
from amtui.db.repo.school import HalfTermInfo, load_settings
from amtui.domain import substage, targets, weekly
from amtui.domain.codes import Code, MarkEntry, effective
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.scale import Scale, SubStage, default_scale
from amtui.domain.settings import Settings
from amtui.domain.substage import Placement
from amtui.domain.targets import Status

_CODES = {code.value: code for code in Code}


@dataclass(frozen=True)
class PupilBasics:
    """Who a row is about: a pupil on roll and their class ("" when none)."""

    id: int
    upn: str
    surname: str
    forename: str
    class_id: int | None
    class_name: str
    year_group: int
    # The pupil's characteristics, for grouping (amtui.domain.characteristics).
    gender: str = ""
    sen: str = "N"
    pupil_premium: bool = False
    eal: bool = False

    @property
    def sort_key(self) -> tuple:
        """Class (by year group, then name; no class last), surname, forename."""
        return (self.class_id is None, self.year_group, self.class_name.lower(),
                self.surname.lower(), self.forename.lower(), self.id)


@dataclass(frozen=True)
class TrackingRow:
    """One pupil in one subject at one half-term: the tracking export's columns, typed.

    ``placement`` is None when the working stage has no criteria bank (nothing to
    count yet); ``expected`` needs a baseline and a target; ``status`` also a placement.
    """

    pupil: PupilBasics
    subject_id: int
    subject: str
    working_stage: int
    crosses: int
    bank_size: int
    placement: Placement | None
    substage: SubStage | None
    position: str | None
    aps: int | None
    nc: str
    baseline: SubStage | None
    target: SubStage | None
    expected: SubStage | None
    status: Status | None

    @property
    def pupil_id(self) -> int:
        return self.pupil.id


def _basics():
    return (Pupil.select(Pupil.id, Pupil.upn, Pupil.surname, Pupil.forename, Pupil.school_class,
                         SchoolClass.name, Pupil.year_group, Pupil.gender, Pupil.sen_status,
                         Pupil.pupil_premium, Pupil.eal)
            .join(SchoolClass, JOIN.LEFT_OUTER))


@compiled
def _on_roll_among(pupils):
    """These pupils, if on roll (a weekly score's save reads its pupil: built once, ``db.compiled``)."""
    return _basics().where(Pupil.left_on.is_null() & Pupil.id.in_(pupils))


def pupils_on_roll(class_id: int | None, pupil_ids: Collection[int] | None,
                   on: dt.date | None = None) -> dict[int, PupilBasics]:
    """Pupils on roll (not leavers), optionally of one class or only these ids. A class's
    pupils are those in it on ``on`` (default: today; for a past year's class, the last day
    of its year), leavers since included. Without a class, ``on`` gives each pupil their
    class and year group on that day (without it: their newest, ``Pupil``'s mirror)."""
    if class_id is None and pupil_ids is not None:
        rows = _on_roll_among(pupils=list(pupil_ids))
    else:
        query = _basics()
        if class_id is not None:
            query = query.where(Pupil.id.in_(membership.members_on(class_id, on)))
        else:
            query = query.where(Pupil.left_on.is_null())
        if pupil_ids is not None:
            query = query.where(Pupil.id.in_(list(pupil_ids)))
        rows = query.tuples()
    found = {row[0]: PupilBasics(*row[:5], row[5] or "", row[6], row[7], row[8], bool(row[9]), bool(row[10]))
             for row in rows}
    if class_id is None and on is not None:
        places = membership.places_on(on, list(found))
        found = {pid: _placed(p, places[pid]) if pid in places else p for pid, p in found.items()}
    return found


def _placed(pupil: PupilBasics, place: tuple[int | None, str, int]) -> PupilBasics:
    class_id, class_name, year_group = place
    return replace(pupil, class_id=class_id, class_name=class_name, year_group=year_group)


def pupil_filter(field, pupils: dict[int, PupilBasics], class_id: int | None,
           pupil_ids: Collection[int] | None):
    """A condition on a pupil foreign key: a sub-query, so no long id list is sent."""
    if pupil_ids is not None or class_id is not None:  # a class: a few dozen ids at most
        return field.in_(list(pupils))
    return field.in_(Pupil.select(Pupil.id).where(Pupil.left_on.is_null()))


def working_stages_at(where, subject_id: int | None, until: dt.datetime) -> dict[tuple[int, int], int]:
    """(pupil, subject) -> the stage in force at ``until``: the newest set by then, or
    the first ever when all were set later (baselines entered after the half-term)."""
    query = WorkingStage.select(WorkingStage.pupil, WorkingStage.subject, WorkingStage.stage,
                                WorkingStage.set_at).where(where)
    if subject_id is not None:
        query = query.where(WorkingStage.subject == subject_id)
    chosen: dict[tuple[int, int], int] = {}
    for pupil, subject, stage, set_at in query.order_by(WorkingStage.set_at, WorkingStage.id).tuples():
        if (pupil, subject) not in chosen or set_at <= until:
            chosen[(pupil, subject)] = stage
    return chosen


@dataclass(frozen=True)
class BankInfo:
    id: int
    size: int
    override: tuple[int, int, int] | None


def bank_sizes(subject_id: int | None) -> dict[tuple[int, int], BankInfo]:
    """(subject, stage) -> the bank, its size and any cut-off override."""
    query = (CriteriaBank.select(CriteriaBank.id, CriteriaBank.subject, CriteriaBank.stage,
                                 CriteriaBank.cutoff_emerging, CriteriaBank.cutoff_developing,
                                 CriteriaBank.cutoff_securing, fn.COUNT(Criterion.id))
             .join(Criterion, JOIN.LEFT_OUTER).group_by(CriteriaBank.id))
    if subject_id is not None:
        query = query.where(CriteriaBank.subject == subject_id)
    banks = {}
    for bid, subject, stage, c1, c2, c3, size in query.tuples():
        override = (c1, c2, c3) if None not in (c1, c2, c3) else None
        banks[(subject, stage)] = BankInfo(bid, size, override)
    return banks


def half_term_ordinals() -> dict[int, int]:
    """Half-term id -> ordinal (comparable across years)."""
    rows = HalfTerm.select(HalfTerm.id, AcademicYear.start_year, HalfTerm.number).join(AcademicYear)
    return {hid: HalfTermNumber(number).ordinal(year) for hid, year, number in rows.tuples()}


def _crosses(wanted: set[tuple[int, int]], at: int) -> dict[tuple[int, int], int]:
    """(pupil, bank) -> effective crosses at ordinal ``at``, for the wanted pairs only.

    The pairs go to the database as one JSON parameter, each with the span of its bank's
    criterion ids, and are joined to the marks through the (pupil, criterion, half-term)
    index: one range of the index a pair, so only the marks of each pupil's own bank are
    read (and any of another bank whose ids fall inside the span, dropped here), not every
    mark of the subject's banks nor one look-up a criterion.
    """
    ordinals = half_term_ordinals()
    if not wanted or not any(ordinal <= at for ordinal in ordinals.values()):
        return {}
    bank_of = dict(Criterion.select(Criterion.id, Criterion.bank)
                   .where(Criterion.bank.in_(sorted({bank for _, bank in wanted}))).tuples())
    spans: dict[int, tuple[int, int]] = {}
    for criterion, bank in bank_of.items():
        low, high = spans.get(bank, (criterion, criterion))
        spans[bank] = (min(low, criterion), max(high, criterion))
    rows = sorted((pupil, bank, *spans[bank]) for pupil, bank in wanted if bank in spans)
    marks = CriterionMark._meta.table_name
    db = CriterionMark._meta.database
    sql = (f"WITH wanted(pupil, bank, low, high) AS ({json_rows(db, 4)}) "
           "SELECT m.pupil_id, m.criterion_id, w.bank, m.half_term_id, m.code, m.id "
           f"FROM wanted w {ordered_join(db)} {marks} m "
           "ON m.pupil_id = w.pupil AND m.criterion_id BETWEEN w.low AND w.high")
    entries: dict[tuple[int, int, int], list[MarkEntry]] = defaultdict(list)
    # The raw cursor: peewee's per-value conversion of these plain ids and one-letter
    # codes took most of a whole-school export's time.
    # fetchall: psycopg hands rows over one at a time far slower than in one batch.
    for pupil, criterion, bank, half_term, code, seq in db.execute_sql(sql, (json.dumps(rows),)).fetchall():
        ordinal = ordinals[half_term]
        if ordinal <= at and code in _CODES and bank_of.get(criterion) == bank:
            entries[(pupil, bank, criterion)].append(MarkEntry(ordinal, _CODES[code], seq))
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for (pupil, bank, _), marks_of in entries.items():
        found = effective(marks_of, at)
        if found is not None and found.code is Code.CROSS:
            counts[(pupil, bank)] += 1
    return counts


def latest_labels(model, where, subject_id: int | None, year: int, scale: Scale,
            **match) -> dict[tuple[int, int], SubStage]:
    """(pupil, subject) -> the newest stored sub-stage of a per-year table (bad labels skipped)."""
    query = (model.select(model.pupil, model.subject, model.substage).join(AcademicYear)
             .where(where, AcademicYear.start_year == year))
    if subject_id is not None:
        query = query.where(model.subject == subject_id)
    for name, value in match.items():
        query = query.where(getattr(model, name) == value)
    found: dict[tuple[int, int], SubStage] = {}
    parsed: dict[str, SubStage | None] = {}  # a school's few labels, each read once
    # The raw cursor, as the crosses': plain ids and labels, thousands of rows.
    for pupil, subject, label in model._meta.database.execute_sql(*query.order_by(model.id).sql()).fetchall():
        if label not in parsed:
            try:
                parsed[label] = scale.parse(label)
            except ValueError:
                parsed[label] = None
        if parsed[label] is not None:
            found[(pupil, subject)] = parsed[label]
    return found


def pupil_subject_positions(half_term: HalfTermInfo, subject_id: int | None = None,
                            class_id: int | None = None, pupil_ids: Iterable[int] | None = None,
                            scale: Scale | None = None, on: dt.date | None = None) -> list[TrackingRow]:
    """Every pupil on roll with a working stage, per subject, at ``half_term`` (a class's:
    those in it ``on`` that day, by default the class's day as ``pupils_on_roll`` has it).

    Sorted by class, surname, forename, subject. Crosses are counted in the bank of
    the working stage in force at the half-term's end.
    """
    scale = scale or default_scale()
    ids = None if pupil_ids is None else set(pupil_ids)

    def query() -> list[TrackingRow]:
        pupils = pupils_on_roll(class_id, ids, on)
        if not pupils:
            return []
        until = dt.datetime.combine(half_term.end, dt.time.max)
        stages = working_stages_at(pupil_filter(WorkingStage.pupil, pupils, class_id, ids), subject_id, until)
        banks = bank_sizes(subject_id)
        wanted = {(pupil, banks[(subject, stage)].id) for (pupil, subject), stage in stages.items()
                  if pupil in pupils and (subject, stage) in banks}
        crosses = _crosses(wanted, half_term.ordinal)
        baselines = latest_labels(Baseline, pupil_filter(Baseline.pupil, pupils, class_id, ids), subject_id,
                            half_term.year, scale)
        goals = latest_labels(LongTermTarget, pupil_filter(LongTermTarget.pupil, pupils, class_id, ids),
                        subject_id, half_term.year, scale, kind="year")
        names = dict(Subject.select(Subject.id, Subject.name).tuples())
        rows, worked_out = [], {}
        for (pid, sid), stage in stages.items():
            if pid in pupils:
                rows.append(_row(pupils[pid], sid, names[sid], stage, banks.get((sid, stage)),
                                 crosses, baselines.get((pid, sid)), goals.get((pid, sid)),
                                 half_term.number, scale, worked_out))
        rows.sort(key=lambda r: (r.pupil.sort_key, r.subject.lower()))
        return rows

    return read(query)


def _row(pupil: PupilBasics, subject_id: int, subject: str, stage: int, bank: BankInfo | None,
         crosses: dict[tuple[int, int], int], baseline: SubStage | None,
         target: SubStage | None, number: int, scale: Scale, worked_out: dict) -> TrackingRow:
    """A pupil's row; ``worked_out`` keeps the placements and expected sub-stages already
    worked out in this read (a school's pupils share a few dozen of each)."""
    count = crosses.get((pupil.id, bank.id), 0) if bank else 0
    placement = None
    if bank is not None and bank.size > 0:
        key = (count, stage, bank.size, bank.override)
        if key not in worked_out:
            try:
                worked_out[key] = substage.place(count, stage, bank.size, scale, bank.override)
            except ValueError:  # a stage outside the banks or a bad override: not placeable
                worked_out[key] = None
        placement = worked_out[key]
    current = placement.substage if placement else None
    expected = None
    if baseline is not None and target is not None:
        if (baseline, target, number) not in worked_out:
            worked_out[(baseline, target, number)] = targets.expected(baseline, target, number, scale)
        expected = worked_out[(baseline, target, number)]
    status = targets.status(current, expected) if current and expected else None
    return TrackingRow(
        pupil=pupil, subject_id=subject_id, subject=subject, working_stage=stage, crosses=count,
        bank_size=bank.size if bank else 0, placement=placement, substage=current,
        position=placement.position if placement else None,
        aps=current.aps if current else None, nc=current.nc if current else "",
        baseline=baseline, target=target, expected=expected, status=status,
    )


# --- weekly basic skills tests ---------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyRow:
    """A pupil's weekly test standing; ``last3`` oldest first, None = absent."""

    pupil: PupilBasics
    level: str
    next_test: int
    last3: tuple[int | None, ...]
    greens_in_row: int
    promotion_due: bool


def weekly_positions(class_id: int | None = None, pupil_ids: Iterable[int] | None = None,
                     settings: Settings | None = None) -> list[WeeklyRow]:
    """Pupils on roll who sit weekly tests (a level or any result), by class and name."""
    settings = settings or load_settings()
    ids = None if pupil_ids is None else set(pupil_ids)

    def query() -> tuple[dict, dict, dict]:
        pupils = pupils_on_roll(class_id, ids)
        levels = {pid: level for pid, level in WeeklyLevel.select(WeeklyLevel.pupil, WeeklyLevel.level)
                  .where(pupil_filter(WeeklyLevel.pupil, pupils, class_id, ids))
                  .order_by(WeeklyLevel.started_on, WeeklyLevel.id).tuples()}
        results: dict[int, list[weekly.WeeklyResult]] = defaultdict(list)
        for pid, sat_on, level, test, score in (
                WeeklyResult.select(WeeklyResult.pupil, WeeklyResult.sat_on, WeeklyResult.level,
                                    WeeklyResult.test, WeeklyResult.score)
                .where(pupil_filter(WeeklyResult.pupil, pupils, class_id, ids))
                .order_by(WeeklyResult.sat_on, WeeklyResult.id).tuples()):
            results[pid].append(weekly.WeeklyResult(sat_on, level, test, score))
        return pupils, levels, results

    pupils, levels, results = read(query)
    rows = []
    for pid in set(levels) | set(results):
        if pid in pupils:
            try:
                rows.append(_weekly_row(pupils[pid], levels.get(pid), results.get(pid, []), settings))
            except ValueError:  # a damaged level name: leave the pupil out rather than fail
                continue
    rows.sort(key=lambda r: r.pupil.sort_key)
    return rows


def _weekly_row(pupil: PupilBasics, level: str | None, results: list[weekly.WeeklyResult],
                settings: Settings) -> WeeklyRow:
    level = weekly.parse_level(level if level is not None else results[-1].level)
    at_level = [r for r in results if weekly.parse_level(r.level) == level]
    last_test = at_level[-1].test if at_level else None
    return WeeklyRow(
        pupil=pupil, level=level, next_test=weekly.next_test(last_test, settings),
        last3=tuple(r.score for r in results[-3:]),
        greens_in_row=weekly.greens_in_row(results, settings, level),
        promotion_due=weekly.promotion_due(results, settings, level),
    )
