"""The class record: pupils x a stage's criteria, with the live figures beside and under it.

Pure: it is given each cell's mark history and answers what a cell shows and what the
figures are. The class grid screen keeps one of these and updates a cell at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from amtui.domain.codes import Code, MarkEntry, effective
from amtui.domain.scale import Scale, SubStage
from amtui.domain.substage import Placement, move_due, place
from amtui.domain.targets import Status, expected, status


@dataclass(frozen=True)
class CellState:
    """What one cell shows at the chosen half-term.

    ``set_in`` is the half-term ordinal of the entry giving the code (None: never set);
    ``current`` says it was set in the chosen half-term rather than carried forward;
    ``absent`` marks a pupil recorded absent / not assessed in the chosen half-term;
    ``newest_id`` is the newest entry of the chosen half-term (for spotting others' edits).
    """

    code: Code = Code.BLANK
    set_in: int | None = None
    current: bool = False
    absent: bool = False
    newest_id: int | None = None


def cell_state(entries: Iterable[MarkEntry], at: int) -> CellState:
    """The state of a cell from its whole history, at half-term ordinal ``at``."""
    entries = list(entries)
    shown = effective(entries, at)
    in_half_term = [e for e in entries if e.half_term == at]
    newest = max(in_half_term, key=lambda e: e.seq, default=None)
    absent = newest is not None and newest.code is Code.ABSENT
    if shown is None:
        return CellState(absent=absent, newest_id=newest.seq if newest else None)
    return CellState(
        code=shown.code,
        set_in=shown.half_term,
        current=shown.half_term == at,
        absent=absent,
        newest_id=newest.seq if newest else None,
    )


def recorded(before: CellState, code: Code, at: int) -> CellState:
    """The cell once ``code`` is recorded at half-term ordinal ``at``, from its state before:
    what ``cell_state`` gives for its history with the new entry added, worked out without
    the history (the grid shows a keystroke before the save is made). ``newest_id`` stays
    the entry the screen had seen: the new entry has no id until it is saved."""
    if code is Code.ABSENT:  # absence is not evidence: the code in force stays
        return CellState(before.code, before.set_in, before.current, True, before.newest_id)
    return CellState(code, at, True, False, before.newest_id)  # a cleared cell is set too


EMPTY = CellState()


@dataclass(frozen=True)
class PupilFigures:
    """Crosses, sub-stage with low/mid/high, and progress status for one pupil."""

    crosses: int
    placement: Placement
    expected: SubStage | None
    status: Status | None
    move_due: bool


@dataclass
class ClassRecord:
    """Cells of ``pupils`` x ``criteria`` for one bank at one half-term, with figures.

    Cells change only through ``set_cell``; everything else is fixed once built. The
    figures are kept between changes: the grid asks for them on every redraw.
    """

    bank_stage: int
    criteria: Sequence[int]  # criterion ids, in bank order
    pupils: Sequence[int]  # pupil ids, in screen order
    at: int  # the half-term ordinal shown
    half_term_number: int  # 1-6, for the expected position
    scale: Scale
    override: tuple[int, int, int] | None = None
    baselines: dict[int, SubStage] = field(default_factory=dict)
    targets: dict[int, SubStage] = field(default_factory=dict)
    cells: dict[tuple[int, int], CellState] = field(default_factory=dict)
    _figures: dict[int, PupilFigures] = field(default_factory=dict, init=False, repr=False, compare=False)
    _secured: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def cell(self, pupil: int, criterion: int) -> CellState:
        return self.cells.get((pupil, criterion), EMPTY)

    def set_cell(self, pupil: int, criterion: int, state: CellState) -> None:
        self.cells[(pupil, criterion)] = state
        self._figures.pop(pupil, None)
        self._secured.pop(criterion, None)

    def crosses(self, pupil: int) -> int:
        return sum(1 for c in self.criteria if self.cell(pupil, c).code is Code.CROSS)

    def figures(self, pupil: int) -> PupilFigures:
        if pupil not in self._figures:
            self._figures[pupil] = self._work_out_figures(pupil)
        return self._figures[pupil]

    def _work_out_figures(self, pupil: int) -> PupilFigures:
        crosses = self.crosses(pupil)
        placement = place(crosses, self.bank_stage, len(self.criteria), self.scale, self.override)
        baseline, target = self.baselines.get(pupil), self.targets.get(pupil)
        expect = (
            expected(baseline, target, self.half_term_number, self.scale)
            if baseline is not None and target is not None
            else None
        )
        return PupilFigures(
            crosses=crosses,
            placement=placement,
            expected=expect,
            status=status(placement.substage, expect) if expect is not None else None,
            move_due=move_due(placement, self.bank_stage),
        )

    def secured(self, criterion: int) -> int:
        """How many pupils have this criterion at X."""
        if criterion not in self._secured:
            self._secured[criterion] = sum(1 for p in self.pupils if self.cell(p, criterion).code is Code.CROSS)
        return self._secured[criterion]

    def is_gap(self, criterion: int) -> bool:
        """A gap in teaching: fewer than half the class have secured it."""
        return bool(self.pupils) and self.secured(criterion) * 2 < len(self.pupils)
