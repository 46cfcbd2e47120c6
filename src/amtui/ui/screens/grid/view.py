"""How the class grid looks: the text and style of every cell, header and footer.

Every code reads without colour: the code's own symbol, bold and underlined when set
in the half-term shown (plain when carried from an earlier one), ``a`` for absent and
``*`` for an entry not yet saved. Colour adds the half-term it was set in, as the
paper records use a different pen each term.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style

from amtui.db.repo.class_grid import GridData
from amtui.domain.class_record import CellState
from amtui.domain.codes import Code
from amtui.domain.half_term import HalfTermNumber
from amtui.ui.widgets.grid_cells import DIM, PLAIN, GridColumn
from amtui.ui.widgets.status import colour

NAME, CROSSES, SUBSTAGE, STATUS = range(4)
FROZEN = 4
CELL_WIDTH = 3

# One pen colour per half-term (exact colours: ANSI names go through the theme).
HALF_TERM_COLOURS = {1: "#4080ff", 2: "#00b0b0", 3: "#c040c0", 4: "#ff70ff", 5: "#b08000", 6: "#e0c000"}
EARLIER_YEAR = "#909090"
HEADER = Style(bold=True)
MOVE_DUE = Style(bold=True, reverse=True)
GAP = Style(color="#ffffff", bgcolor="#a00000", bold=True)
SECURED_LABEL = "Secured (! gap)"  # the footer row's label: the name column is never narrower


def columns(data: GridData) -> list[GridColumn]:
    """Name and figures frozen on the left, then one narrow column per criterion. Names get
    their space first: the longest and a space, from the footer's label to 20 columns (longer
    ones end "…")."""
    longest = max((len(p.name) for p in data.pupils), default=0) + 1
    name_width = max(len(SECURED_LABEL) + 1, min(20, longest))
    frozen = [
        GridColumn("name", name_width, frozen=True, editable=False),
        GridColumn("crosses", 3, frozen=True, editable=False),
        GridColumn("substage", 4, frozen=True, editable=False),
        GridColumn("status", 3, frozen=True, editable=False),
    ]
    return frozen + [GridColumn(c.ref, CELL_WIDTH) for c in data.criteria]


def code_style(state: CellState, year: int) -> Style:
    """Colour by the half-term the code was set in; bold+underline when set in this one."""
    return PLAIN if state.set_in is None else _pen(state.set_in, state.current, year)


@lru_cache(maxsize=256)
def _pen(set_in: int, current: bool, year: int) -> Style:
    # Kept: a Style parses its colour when made, and the grid asks for one per cell drawn.
    set_year, number = HalfTermNumber.of_ordinal(set_in)
    pen = HALF_TERM_COLOURS[number] if set_year == year else EARLIER_YEAR
    return Style(color=pen, bold=current, underline=current)


@lru_cache(maxsize=16)
def _status_style(colour_name: str) -> Style:
    return Style(color="#000000", bgcolor=colour(colour_name), bold=True)


def cell_text(state: CellState, unsaved: bool) -> str:
    symbol = state.code.symbol if state.code is not Code.ABSENT else " "
    return ("*" if unsaved else " ") + symbol + ("a" if state.absent else " ")


class ClassGridView:
    """The ``GridSource`` for the class grid: reads the screen's data and cursor."""

    def __init__(self, screen) -> None:
        self.screen = screen  # ClassGridScreen: data, unsaved cells, the grid's cursor

    @property
    def data(self) -> GridData:
        return self.screen.data

    def cell(self, row: int, column: int) -> tuple[str, Style]:
        pupil = self.data.pupils[row]
        if column >= FROZEN:
            criterion = self.data.criteria[column - FROZEN]
            state = self.data.record.cell(pupil.id, criterion.id)
            unsaved = (pupil.id, criterion.id) in self.screen.waiting
            return cell_text(state, unsaved), code_style(state, self.data.half_term.year)
        figures = self.data.record.figures(pupil.id)
        if column == NAME:
            return pupil.name, PLAIN
        if column == CROSSES:
            return f"{figures.crosses:>2} ", PLAIN
        if column == SUBSTAGE:
            place = figures.placement
            position = place.position[0] if place.position else " "
            return f"{place.substage.short}{position} ", PLAIN
        if figures.move_due:
            return "^ ", MOVE_DUE
        if figures.status is None:
            return "- ", DIM
        return f"{figures.status.letter} ", _status_style(figures.status.colour)

    def header(self, line: int, column: int) -> tuple[str, Style]:
        titles = {NAME: "Pupil", CROSSES: " X", SUBSTAGE: "Sub", STATUS: "St"}
        if column in titles:
            return titles[column], HEADER
        return f"{self.data.criteria[column - FROZEN].number:>2} ", HEADER

    def footer(self, line: int, column: int) -> tuple[str, Style]:
        if column == NAME:
            return SECURED_LABEL, DIM
        if column < FROZEN:
            return "", PLAIN
        criterion = self.data.criteria[column - FROZEN]
        count = self.data.record.secured(criterion.id)
        if self.data.record.is_gap(criterion.id):
            return f"{count:>2}!", GAP
        return f"{count:>2} ", PLAIN
