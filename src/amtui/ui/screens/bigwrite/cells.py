"""What the Big Write entry grid shows: a piece's pupils x their writing targets.

Pupils have different targets, so a column is a *slot* (their first, second, third
target ...) and each cell names its criterion: "W2/18 G". The feedback sits after the
slots. ``PieceModel`` holds the ratings being edited and answers the grid.
"""

from __future__ import annotations

from dataclasses import replace

from rich.style import Style

from amtui.db.repo.bigwrite import PieceRow, PieceSheet, WritingTarget
from amtui.domain.names import pupil_name
from amtui.domain.ryg import RYG
from amtui.ui.widgets.grid_cells import BOLD, DIM, PLAIN, Cell, GridColumn
from amtui.ui.widgets.status import colour

NAME_WIDTH = 20
SLOT_WIDTH = 9
FEEDBACK_WIDTH = 32


class PieceModel:
    """One piece on screen: each pupil's row, changed in place as ratings are typed."""

    def __init__(self, sheet: PieceSheet) -> None:
        self.sheet = sheet
        self.rows: list[PieceRow] = list(sheet.rows)

    @property
    def slots(self) -> int:
        return self.sheet.slots

    def columns(self) -> list[GridColumn]:
        return [GridColumn("name", NAME_WIDTH, frozen=True, editable=False),
                *(GridColumn(f"t{n}", SLOT_WIDTH) for n in range(1, self.slots + 1)),
                GridColumn("feedback", FEEDBACK_WIDTH, editable=False)]

    def target(self, row: int, column: int) -> WritingTarget | None:
        """The pupil's target in a slot column (None past their last target)."""
        targets = self.rows[row].targets
        return targets[column - 1] if 1 <= column <= len(targets) else None

    def rate(self, row: int, criterion_id: int, rating: RYG | None) -> RYG | None:
        """Set a rating on screen; returns the one it replaced."""
        found = self.rows[row]
        before = found.ratings.get(criterion_id)
        ratings = {k: v for k, v in found.ratings.items() if k != criterion_id}
        if rating is not None:
            ratings[criterion_id] = rating
        self.rows[row] = replace(found, ratings=ratings)
        return before

    def set_feedback(self, row: int, text: str) -> None:
        self.rows[row] = replace(self.rows[row], feedback=text)

    # --- the GridSource protocol ------------------------------------------------------

    def cell(self, row: int, column: int) -> Cell:
        found = self.rows[row]
        if column == 0:
            return pupil_name(found.pupil.forename, found.pupil.surname), PLAIN
        if column > self.slots:
            return f" {found.feedback}" if found.feedback else " ·", PLAIN if found.feedback else DIM
        target = self.target(row, column)
        if target is None:
            return "   -", DIM
        rating = found.ratings.get(target.criterion_id)
        text = f" {target.ref} {rating.value if rating else '·'}"
        style = Style(color="#000000", bgcolor=colour(rating.colour)) if rating else PLAIN
        return text, style

    def header(self, line: int, column: int) -> Cell:
        if column == 0:
            return f"Pupil ({len(self.rows)})", BOLD
        if column > self.slots:
            return " Feedback (f to write)", BOLD
        return f" Target {column}", BOLD

    def footer(self, line: int, column: int) -> Cell:
        if column == 0:
            return "G/Y/R", BOLD
        if column > self.slots:
            done = sum(1 for r in self.rows if r.feedback)
            return f" {done} of {len(self.rows)} with feedback", BOLD
        found = [self.rows[row].ratings.get(t.criterion_id) for row in range(len(self.rows))
                 if (t := self.target(row, column)) is not None]
        return f" {found.count(RYG.GREEN)}/{found.count(RYG.YELLOW)}/{found.count(RYG.RED)}", BOLD
