"""A pupil's attainment: each subject through the year, and the tracking sheets.

Built for one pupil at a time (the pupil's page, a printed profile): a handful of small
queries, then the domain rules (``substage.place``, ``targets.expected``/``status``,
``class_record.cell_state``) in Python, so the numbers are those of the class grid and
the exports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.connection import read
from amtui.db.models import (
    AcademicYear, Baseline, Criterion, CriterionMark, FftEstimate, HalfTerm, LongTermTarget, Staff, Subject,
    WorkingStage,
)
from amtui.db.repo import school, tracking
from amtui.db.repo.school import HalfTermInfo
from amtui.domain import substage, targets
from amtui.domain.class_record import CellState, cell_state
from amtui.domain.codes import Code, MarkEntry
from amtui.domain.scale import Scale, SubStage, default_scale
from amtui.domain.substage import Placement
from amtui.domain.targets import Status
from amtui.domain.half_term import HalfTermNumber

POSITION_LETTER = {"low": "l", "mid": "m", "high": "h"}


@dataclass(frozen=True)
class Standing:
    """Where a pupil stood in one subject at the end of one half-term (1-6)."""

    number: int
    stage: int
    placement: Placement | None
    expected: SubStage | None
    status: Status | None

    @property
    def substage(self) -> SubStage | None:
        return self.placement.substage if self.placement else None

    @property
    def position(self) -> str | None:
        return self.placement.position if self.placement else None

    @property
    def short(self) -> str:
        """"2Dm" (St 2 Developing, mid), "3R"; "-" when there was nothing to count."""
        if self.placement is None:
            return "-"
        return self.placement.substage.short + POSITION_LETTER.get(self.position or "", "")

    @property
    def text(self) -> str:
        """"St 2 Developing (mid)"."""
        if self.placement is None:
            return "-"
        band = f" ({self.position})" if self.position else ""
        return self.placement.substage.label + band


@dataclass(frozen=True)
class SubjectAttainment:
    """One subject of the pupil's year: the line from baseline to target, and each
    half-term's standing up to the one asked for (``standings[0]`` is HT1)."""

    subject_id: int
    subject: str
    working_stage: int
    baseline: SubStage | None
    target: SubStage | None
    fft: SubStage | None
    standings: tuple[Standing, ...]

    @property
    def now(self) -> Standing | None:
        return self.standings[-1] if self.standings else None

    def expected_at(self, number: int, scale: Scale) -> SubStage | None:
        """Where the pupil should be at half-term 1-6 (None without baseline and target)."""
        if self.baseline is None or self.target is None:
            return None
        return targets.expected(self.baseline, self.target, number, scale)


def _year_terms(half_term: HalfTermInfo) -> list[HalfTermInfo]:
    return school.half_terms(half_term.year)[: half_term.number]


def _pupil_marks(pupil_id: int, bank_ids: set[int]) -> dict[int, dict[int, list[MarkEntry]]]:
    """bank -> criterion -> the pupil's entries (ordinal, code, id), oldest first."""
    if not bank_ids:
        return {}
    ordinals = tracking.half_term_ordinals()
    query = (CriterionMark.select(Criterion.bank, CriterionMark.criterion, CriterionMark.half_term,
                                  CriterionMark.code, CriterionMark.id)
             .join(Criterion)
             .where(CriterionMark.pupil == pupil_id, Criterion.bank.in_(list(bank_ids)))
             .order_by(CriterionMark.id))
    found: dict[int, dict[int, list[MarkEntry]]] = defaultdict(lambda: defaultdict(list))
    for bank, criterion, half_term, code, entry_id in query.tuples():
        try:
            found[bank][criterion].append(MarkEntry(ordinals[half_term], Code(code), entry_id))
        except ValueError:
            continue  # a damaged code is not evidence
    return found


def _crosses(marks: dict[int, list[MarkEntry]], at: int) -> int:
    return sum(1 for entries in marks.values() if cell_state(entries, at).code is Code.CROSS)


def _place(crosses: int, stage: int, bank: tracking.BankInfo | None, scale: Scale) -> Placement | None:
    if bank is None or bank.size == 0:
        return None
    try:
        return substage.place(min(crosses, bank.size), stage, bank.size, scale, bank.override)
    except ValueError:  # a stage outside the banks or a bad override: not placeable
        return None


def attainment(pupil_id: int, half_term: HalfTermInfo, scale: Scale | None = None) -> list[SubjectAttainment]:
    """Every subject the pupil has a working stage in, HT1 up to ``half_term``, by subject."""
    scale = scale or default_scale()
    terms = _year_terms(half_term)
    year = half_term.year

    def query() -> list[SubjectAttainment]:
        mine = WorkingStage.pupil == pupil_id
        stages = {t.number: tracking.working_stages_at(mine, None, dt.datetime.combine(t.end, dt.time.max))
                  for t in terms}
        banks = tracking.bank_sizes(None)
        wanted = {banks[(sid, stage)].id for by_term in stages.values()
                  for (_, sid), stage in by_term.items() if (sid, stage) in banks}
        marks = _pupil_marks(pupil_id, wanted)
        baselines = tracking.latest_labels(Baseline, Baseline.pupil == pupil_id, None, year, scale)
        goals = tracking.latest_labels(LongTermTarget, LongTermTarget.pupil == pupil_id, None, year,
                                       scale, kind="year")
        ffts = tracking.latest_labels(FftEstimate, FftEstimate.pupil == pupil_id, None, year, scale)
        names = dict(Subject.select(Subject.id, Subject.name).tuples())
        found = []
        for (_, sid), stage_now in stages[half_term.number].items():
            baseline, target = baselines.get((pupil_id, sid)), goals.get((pupil_id, sid))
            standings = []
            for t in terms:
                stage = stages[t.number].get((pupil_id, sid), stage_now)
                bank = banks.get((sid, stage))
                count = _crosses(marks.get(bank.id, {}), t.ordinal) if bank else 0
                placement = _place(count, stage, bank, scale)
                expected = (targets.expected(baseline, target, t.number, scale)
                            if baseline is not None and target is not None else None)
                status = (targets.status(placement.substage, expected)
                          if placement is not None and expected is not None else None)
                standings.append(Standing(t.number, stage, placement, expected, status))
            found.append(SubjectAttainment(sid, names[sid], stage_now, baseline, target,
                                           ffts.get((pupil_id, sid)), tuple(standings)))
        found.sort(key=lambda s: s.subject_id)
        return found

    return read(query)


# --- the tracking sheet: criteria x six half-term columns -----------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One criterion of the sheet; ``cells[h - 1]`` is HT h (None after ``shown_to``)."""

    criterion_id: int
    number: int
    ref: str
    text: str
    cells: tuple[CellState | None, ...]


@dataclass(frozen=True)
class SheetColumn:
    """The foot of one half-term's column: crosses totalled and the sub-stage they give."""

    number: int
    crosses: int | None
    placement: Placement | None

    @property
    def short(self) -> str:
        if self.placement is None:
            return ""
        return self.placement.substage.short + POSITION_LETTER.get(self.placement.position or "", "")


@dataclass(frozen=True)
class TrackingSheet:
    """The paper tracking sheet of one subject: one stage's criteria x HT1-HT6."""

    pupil_id: int
    subject_id: int
    subject: str
    stage: int
    year: int
    shown_to: int  # half-terms after this one are left blank (not yet happened)
    rows: tuple[SheetRow, ...]
    columns: tuple[SheetColumn, ...]
    cutoffs: tuple[int, int, int]  # the last count of Emerging, Developing and Securing

    def set_in_number(self, cell: CellState) -> int | None:
        """The half-term (1-6) of this year a cell's code was set in; 0 for an earlier year."""
        if cell.set_in is None:
            return None
        year, number = HalfTermNumber.of_ordinal(cell.set_in)
        return number if year == self.year else 0


def _cutoffs(bank: tracking.BankInfo) -> tuple[int, int, int]:
    try:
        return substage.cutoffs(bank.size, bank.override)
    except ValueError:  # an empty bank or a damaged override: no bands to print
        return (0, 0, 0)


def tracking_sheet(pupil_id: int, subject_id: int, half_term: HalfTermInfo, stage: int | None = None,
                   scale: Scale | None = None) -> TrackingSheet | None:
    """The sheet for one subject (default: the stage the pupil works in now); None when the
    pupil has no working stage in the subject or the stage has no criteria bank."""
    scale = scale or default_scale()

    def query() -> TrackingSheet | None:
        nonlocal stage
        if stage is None:
            until = dt.datetime.combine(half_term.end, dt.time.max)
            stage = tracking.working_stages_at(WorkingStage.pupil == pupil_id, subject_id, until).get(
                (pupil_id, subject_id))
        bank = tracking.bank_sizes(subject_id).get((subject_id, stage)) if stage is not None else None
        if bank is None:
            return None
        criteria = list(Criterion.select(Criterion.id, Criterion.number, Criterion.ref, Criterion.text)
                        .where(Criterion.bank == bank.id).order_by(Criterion.number).tuples())
        marks = _pupil_marks(pupil_id, {bank.id}).get(bank.id, {})
        ordinals = [n.ordinal(half_term.year) for n in HalfTermNumber]
        rows = []
        for cid, number, ref, text in criteria:
            entries = marks.get(cid, [])
            cells = tuple(cell_state(entries, at) if n <= half_term.number else None
                          for n, at in enumerate(ordinals, 1))
            rows.append(SheetRow(cid, number, ref, text, cells))
        columns = []
        for n, at in enumerate(ordinals, 1):
            if n > half_term.number:
                columns.append(SheetColumn(n, None, None))
                continue
            count = _crosses(marks, at)
            columns.append(SheetColumn(n, count, _place(count, stage, bank, scale)))
        name = Subject.get_by_id(subject_id).name
        return TrackingSheet(pupil_id, subject_id, name, stage, half_term.year, half_term.number,
                             tuple(rows), tuple(columns), _cutoffs(bank))

    return read(query)


def tracking_sheets(pupil_id: int, half_term: HalfTermInfo) -> list[TrackingSheet]:
    """A sheet for every subject the pupil works in, by subject."""
    until = dt.datetime.combine(half_term.end, dt.time.max)
    stages = read(lambda: tracking.working_stages_at(WorkingStage.pupil == pupil_id, None, until))
    sheets = [tracking_sheet(pupil_id, sid, half_term, stage) for (_, sid), stage in sorted(stages.items())]
    return [sheet for sheet in sheets if sheet is not None]


@dataclass(frozen=True)
class MarkRecord:
    """One recorded code of a criterion, for the history under the sheet."""

    half_term: str
    code: Code
    staff: str
    recorded_at: dt.datetime
    source: str


def criterion_history(pupil_id: int, criterion_id: int) -> list[MarkRecord]:
    """Every code recorded for the pupil against a criterion, newest first."""

    def query() -> list[MarkRecord]:
        rows = (CriterionMark.select(AcademicYear.start_year, HalfTerm.number, CriterionMark.code,
                                     Staff.name, CriterionMark.recorded_at, CriterionMark.source)
                .join(HalfTerm).join(AcademicYear).switch(CriterionMark)
                .join(Staff, JOIN.LEFT_OUTER, on=(CriterionMark.staff == Staff.id))
                .where(CriterionMark.pupil == pupil_id, CriterionMark.criterion == criterion_id)
                .order_by(CriterionMark.id.desc()))
        found = []
        for year, number, code, name, at, source in rows.tuples():
            try:
                label = f"HT{number} {year}-{(year + 1) % 100:02d}"
                found.append(MarkRecord(label, Code(code), name or source, at, source))
            except ValueError:
                continue
        return found

    return read(query)
