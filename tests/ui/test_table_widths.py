"""A table's column grows to its cells even when the table was drawn between a row being
added and measured (on a busy machine the paint can come first): Textual kept the cells
drawn then, cut at the heading's width ("Latest progress re"), until the next change."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable

from amtui.ui.widgets.tables import FittedTable, JumpTable

LONG = "Latest progress return in every subject"


class OneTable(App):
    def __init__(self, table: DataTable) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        self.table.styles.height = 5  # room for the rows, whatever the layout has done yet
        yield self.table


async def drawn_after_a_paint_came_first(table: DataTable) -> str:
    app = OneTable(table)
    async with app.run_test(size=(80, 10)) as pilot:
        table.add_columns("Done", "Before the meeting")
        await pilot.pause()
        table.add_row("[x]", LONG)
        drawn = Region(0, 0, *table.size)
        table.render_lines(drawn)  # drawn before the table was next idle, as a busy machine's paint
        await pilot.pause(0.1)  # idle: the new row measured
        return table.render_lines(drawn)[1].text


@pytest.mark.parametrize("table", [FittedTable, JumpTable])
async def test_our_tables_column_grows_to_a_row_drawn_before_it_was_measured(table):
    assert LONG in await drawn_after_a_paint_came_first(table())


async def test_textuals_own_table_keeps_the_row_cut_which_is_why_ours_mend_it():
    # If this starts failing, Textual has mended it: FittedTable's _update_dimensions can go.
    assert LONG not in await drawn_after_a_paint_came_first(DataTable())
