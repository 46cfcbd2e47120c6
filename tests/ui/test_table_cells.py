"""Cells fitted to their columns: a text longer than a fixed-width column ends "…" (the
teacher sees that it was cut), a column as wide as its cells is never cut, and a cell
changed later is fitted as a row is."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from amtui.ui.widgets.tables import fitted_cells, refill, update_fitted
from cell_fit import cells_cut_unsaid


class OneTable(App):
    def compose(self) -> ComposeResult:
        yield DataTable(id="pupils")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Pupil", width=14)
        table.add_column("Comment")  # as wide as its widest cell
        table.add_column("Status", width=5)


def shown(table: DataTable, row: int) -> list[str]:
    return [cell.plain for cell in table.get_row_at(row)]


async def test_a_long_cell_ends_with_an_ellipsis_and_a_short_one_is_whole():
    app = OneTable()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(DataTable)
        refill(table, [("1", ("Kacper Fox-Pitt", "a comment longer than any column here", Text("Nearly", "red"))),
                       ("2", ("Amy Ash", "short", "On")),
                       ("3", ("Marie-Éléonore Ackroyd-Wiśniewska", 7, "Above"))])
        await pilot.pause()
        assert shown(table, 0) == ["Kacper Fox-Pi…", "a comment longer than any column here", "Near…"]
        assert table.get_row_at(0)[2].style == "red"  # a styled cell keeps its colour
        assert shown(table, 1) == ["Amy Ash", "short", "On"]
        assert shown(table, 2) == ["Marie-Éléonor…", "7", "Above"]  # exactly 5: whole
        assert cells_cut_unsaid(app.screen) == []
        update_fitted(table, "2", 0, "Bartholomew Fitzgerald")
        update_fitted(table, "2", 1, "a comment typed later, longer than the rest")
        await pilot.pause()
        assert shown(table, 1)[:2] == ["Bartholomew F…", "a comment typed later, longer than the rest"]
        assert cells_cut_unsaid(app.screen) == []


async def test_the_checker_sees_a_cell_cut_without_saying():
    app = OneTable()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(DataTable)
        table.add_row("Kacper Fox-Pitt", "", "On")  # past the helper: cut unsaid
        await pilot.pause()
        assert cells_cut_unsaid(app.screen) == [
            "#pupils row 0, column 'Pupil' (14 wide): 'Kacper Fox-Pitt' shows as 'Kacper Fox-Pit', cut without '…'"]


def test_cells_of_several_lines_and_unbounded_columns_are_left_whole():
    assert fitted_cells(["line one\nline two is long", "any length at all"], [4, None]) == (
        "line one\nline two is long", "any length at all")
