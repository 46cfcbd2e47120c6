"""What the attitude entry grid shows: a class's pupils x attendance and the five G/Y/R aspects.

Kept apart from the screen so the drawing is plain and testable: ``AttitudeModel`` holds
the cells being edited (and an attendance figure still being typed) and answers the
grid's ``cell``/``header``/``footer`` questions.
"""

from __future__ import annotations

from rich.style import Style

from amtui.db.repo.attitude import ATTENDANCE, EMPTY, RATED, AttitudeCell, AttitudeSheet, parse_percent
from amtui.domain.attitude import attendance_colour
from amtui.domain.names import pupil_name
from amtui.domain.ryg import RYG
from amtui.domain.settings import Settings
from amtui.ui.typed_digits import TypedDigits
from amtui.ui.widgets.grid_cells import BOLD, DIM, PLAIN, Cell, GridColumn
from amtui.ui.widgets.status import colour

NAME_WIDTH = 22
TITLES = {ATTENDANCE: "Att %", "punctuality": "Punct", "behaviour": "Behav", "effort": "Effort",
          "homework": "Homew", "uniform": "Unif"}
ASPECT_ORDER = (ATTENDANCE, *RATED)
TYPING = Style(underline=True, bold=True)


def columns() -> list[GridColumn]:
    """The frozen name, attendance, then one column per rated aspect."""
    return [GridColumn("name", NAME_WIDTH, frozen=True, editable=False), GridColumn(ATTENDANCE, 9),
            *(GridColumn(aspect, 7) for aspect in RATED)]


def rating_style(rating: RYG | None) -> Style:
    return Style(color="#000000", bgcolor=colour(rating.colour)) if rating else DIM


class AttitudeModel:
    """The sheet on screen: saved cells, optimistic edits, and the figure being typed."""

    def __init__(self, sheet: AttitudeSheet, settings: Settings) -> None:
        self.sheet = sheet
        self.settings = settings
        self.cells: dict[tuple[int, str], AttitudeCell] = dict(sheet.cells)
        self.typing: TypedDigits[int] = TypedDigits()  # by row: an attendance figure not yet saved

    @staticmethod
    def aspect(column: int) -> str:
        return ASPECT_ORDER[column - 1]

    @staticmethod
    def column(aspect: str) -> int:
        return ASPECT_ORDER.index(aspect) + 1

    def pupil_id(self, row: int) -> int:
        return self.sheet.pupils[row].id

    def get(self, row: int, aspect: str) -> AttitudeCell:
        return self.cells.get((self.pupil_id(row), aspect), EMPTY)

    def put(self, row: int, aspect: str, cell: AttitudeCell) -> AttitudeCell:
        """Set a cell; returns what it was (to put back if the save is refused)."""
        key = (self.pupil_id(row), aspect)
        before = self.cells.get(key, EMPTY)
        self.cells[key] = cell
        return before

    def attendance(self, percent: float | None) -> AttitudeCell:
        """The cell for a figure, coloured by the school's settings."""
        return EMPTY if percent is None else AttitudeCell(attendance_colour(percent, self.settings), percent)

    def typed_percent(self) -> float | None:
        """The figure being typed; ValueError says what is wrong with it."""
        return parse_percent(self.typing.text) if self.typing else None

    # --- the GridSource protocol ------------------------------------------------------

    def cell(self, row: int, column: int) -> Cell:
        if column == 0:
            pupil = self.sheet.pupils[row]
            return pupil_name(pupil.forename, pupil.surname), PLAIN  # as every screen names a pupil
        aspect = self.aspect(column)
        if aspect == ATTENDANCE and (typed := self.typing.at(row)):
            return f" {typed}_", TYPING
        found = self.get(row, aspect)
        if aspect == ATTENDANCE:
            # Right-aligned, so the figures and their letters line up down the column.
            text = f"{found.percent:>5g} {found.rating.value}" if found.percent is not None else "    ·"
            return text, rating_style(found.rating)
        return (f"{found.rating.value:^7}", rating_style(found.rating)) if found.rating else ("   ·", DIM)

    def header(self, line: int, column: int) -> Cell:
        if column == 0:
            return f"Pupil ({len(self.sheet.pupils)})", BOLD
        return f" {TITLES[self.aspect(column)]}", BOLD

    def counts(self, aspect: str) -> tuple[int, int, int]:
        found = [self.get(row, aspect).rating for row in range(len(self.sheet.pupils))]
        return found.count(RYG.GREEN), found.count(RYG.YELLOW), found.count(RYG.RED)

    def to_do(self) -> int:
        """Pupils with something still to record."""
        return sum(1 for row in range(len(self.sheet.pupils))
                   if any(self.get(row, aspect) == EMPTY for aspect in ASPECT_ORDER))

    def footer(self, line: int, column: int) -> Cell:
        if column == 0:
            return f"G/Y/R · {self.to_do()} to finish", BOLD
        green, yellow, red = self.counts(self.aspect(column))
        return f" {green}/{yellow}/{red}", BOLD
