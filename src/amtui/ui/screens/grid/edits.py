"""Edits of the class grid beyond one keystroke's code: filling a row, a column or a
block with one code, and undo / redo.

A fill is quick to start (``F`` then a code) and easy to misjudge: one that would
replace crosses asks first and says how many ("Replace 4 crosses with '.'? y/n").
A fill that takes no cross away goes ahead at once, as it always has.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.domain.codes import Code
from amtui.ui.dialogs.confirm import Confirm
from amtui.ui.screens.grid.view import FROZEN
from amtui.ui.widgets.grid_cells import ACROSS


@dataclass
class Edit:
    """One keystroke's change, for undo and redo: cells with their code before and after."""

    cells: list[tuple[int, int]]
    before: list[Code]
    after: list[Code]


def code_words(code: Code) -> str:
    """How a fill's code reads in a question: "'.'", "blank"."""
    return "blank" if code is Code.BLANK else f"'{code.symbol}'"


class EditsCells:
    """Mixed into ``ClassGridScreen``: ``F``, a code typed on a selected block, undo, redo."""

    def action_undo(self) -> None:
        self._replay(self.undo_stack, self.redo_stack, lambda e: e.before, "Nothing to undo.")

    def action_redo(self) -> None:
        self._replay(self.redo_stack, self.undo_stack, lambda e: e.after, "Nothing to redo.")

    def _replay(self, source: list[Edit], target: list[Edit], codes, empty: str) -> None:
        if not source:
            self.say(empty, brief=True)
            return
        reason = self.editable_reason()
        if reason:
            self.say(f"Not changed: {reason}")
            return
        edit = source.pop()
        target.append(edit)
        self.record_change(edit.cells, codes(edit))


    def action_fill(self) -> None:
        if self.editable_reason():
            self.say(f"Not changed: {self.editable_reason()}")
            return
        self.fill_pending = True
        if self.grid.anchor is not None:
            what = f"the {len(self.grid.selection())} selected cells"
        elif self.grid.direction == ACROSS:
            what = f"{self.data.pupils[self.grid.cursor[0]].name}'s whole row"
        else:
            what = f"criterion {self.data.criteria[self.grid.cursor[1] - FROZEN].ref} for the whole class"
        self.say(f"Fill {what} with: . / x, Space to clear, a absent (Esc cancels)", brief=True)

    def fill_cells(self) -> list[tuple[int, int]]:
        """The cells a fill covers: the selected block, else the cursor's row or column."""
        if self.grid.anchor is not None:
            cells = self.grid.selection()
            self.grid.clear_selection()
            return cells
        row, column = self.grid.cursor
        if self.grid.direction == ACROSS:
            return [(row, c + FROZEN) for c in range(len(self.data.criteria))]
        return [(r, column) for r in range(len(self.data.pupils))]

    def fill_with(self, code: Code) -> None:
        """Fill with ``code``, asking first when crosses would go."""
        self.fill_pending = False
        cells = self.fill_cells()
        record = self.data.record
        crosses = sum(1 for cell in cells if record.cell(*self.cell_key(cell)).code is Code.CROSS)
        if code in (Code.CROSS, Code.ABSENT) or not crosses:  # an absence never hides a cross
            self.apply(cells, code, advance=False)
            return
        data = self.data

        def answered(yes: bool | None) -> None:
            if self.data is not data:
                return  # the grid was reloaded meanwhile: these cells mean something else now
            if yes:
                self.apply(cells, code, advance=False)
            else:
                self.say("Not filled: nothing changed.")

        plural = "cross" if crosses == 1 else "crosses"
        self.app.push_screen(Confirm(f"Replace {crosses} {plural} with {code_words(code)}? y/n"), answered)
