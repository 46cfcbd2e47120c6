"""The entry grid scrolls in jumps, because each scroll repaints the whole grid; a mark is
drawn before anything else runs."""

from __future__ import annotations

from rich.style import Style
from textual.app import App
from textual.screen import Screen

from amtui.ui.lean_updates import lean_updates
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import GridColumn


class Cells:
    def cell(self, row, column):
        return (f"P{row}" if column == 0 else " . "), Style()

    def header(self, line, column):
        return str(column), Style()

    def footer(self, line, column):
        return "", Style()


class GridApp(App):
    def compose(self):
        yield EntryGrid(Cells(), header_lines=1, footer_lines=1)

    def on_mount(self):
        grid = self.query_one(EntryGrid)
        grid.reset([GridColumn("name", 14, frozen=True, editable=False)]
                   + [GridColumn(str(n), 3) for n in range(40)], 60)
        grid.focus()


async def test_one_row_past_the_bottom_jumps_a_third_of_a_page():
    async with GridApp().run_test(size=(80, 24)) as pilot:
        grid = pilot.app.query_one(EntryGrid)
        height = grid.body_height  # 22 body rows at 80x24
        grid.move_to(height, 1)  # the first row below the view
        assert grid.top == height - (2 * height) // 3  # not just 1: fewer whole repaints
        assert grid.top <= grid.cursor[0] < grid.top + height


async def test_one_column_past_the_right_edge_jumps_half_a_page():
    async with GridApp().run_test(size=(80, 24)) as pilot:
        grid = pilot.app.query_one(EntryGrid)
        shown = len(grid._visible_scrolling())
        grid.move_to(0, shown + 1)  # the first column beyond the view (column 0 is frozen)
        assert grid.left == shown // 2
        assert shown + 1 in grid._visible_scrolling()


async def test_the_cursor_rows_name_is_marked_and_moves_with_it():
    async with GridApp().run_test(size=(80, 24)) as pilot:
        grid = pilot.app.query_one(EntryGrid)
        name_style = lambda row: grid.cell_at(0, grid.header_lines + row - grid.top)[1]  # noqa: E731
        assert name_style(0).underline and not name_style(1).underline
        await pilot.pause()
        grid.move_to(1, grid.cursor[1])  # as the down arrow does
        assert name_style(1).underline and not name_style(0).underline
        repainted = {(r.x, r.y) for r in grid._exchange_repaint_regions()}
        assert {(0, 1), (0, 2)} <= repainted  # both names redrawn, not the whole grid
        assert len(repainted) == 4  # ... and the two cells the cursor left and reached


class NarrowGridApp(App):
    """Fewer columns than the screen is wide: the line is padded out to the edge."""

    def compose(self):
        yield EntryGrid(Cells(), header_lines=1, footer_lines=1)

    def on_mount(self):
        self.query_one(EntryGrid).reset([GridColumn("name", 14, frozen=True, editable=False),
                                         GridColumn("1", 3)], 3)


async def test_a_grid_draws_under_no_color(monkeypatch):
    """NO_COLOR turns on Textual's monochrome filter, which reads every segment's style."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = NarrowGridApp()
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.query_one(EntryGrid)
        strip = grid.render_line(1)
        assert all(segment.style is not None for segment in strip)
        assert app.screen._compositor.render_update(full=True) is not None  # what the terminal gets


class Ragged(Cells):
    """Row 0 has two cells to enter, row 1 one, row 2 three (as Big Write's targets)."""

    def enterable(self, row, column):
        return column <= (2, 1, 3)[row]


async def test_an_entry_moves_on_past_cells_that_cannot_be_entered():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = pilot.app.query_one(EntryGrid)
        grid.source = Ragged()
        grid.move_to(0, 2)
        grid.advance()  # past row 0's empty columns 3-40, to row 1's first
        assert grid.cursor == (1, 1)
        grid.advance()  # row 1 has one: on to row 2
        assert grid.cursor == (2, 1)
        grid.advance()
        assert grid.cursor == (2, 2)


class MarkedCells(Cells):
    """Cells that show an x where marked, and note when a marked cell is drawn."""

    def __init__(self):
        self.marked, self.drawn = set(), set()

    def cell(self, row, column):
        if (row, column) in self.marked:
            self.drawn.add((row, column))
            return " x ", Style()
        return super().cell(row, column)


class MarkingApp(App):
    """A lean screen with a grid; x marks the cursor's cell, then asks the screen what is
    drawn by the time the screen handles its next message."""

    BINDINGS = [("x", "mark", "Mark")]

    def __init__(self):
        super().__init__()
        self.cells, self.seen = MarkedCells(), None

    def get_default_screen(self):
        return lean_updates(Screen(id="_default"))

    def compose(self):
        yield EntryGrid(self.cells, header_lines=1, footer_lines=1)

    def on_mount(self):
        grid = self.query_one(EntryGrid)
        grid.reset([GridColumn("name", 14, frozen=True, editable=False)]
                   + [GridColumn(str(n), 3) for n in range(20)], 10)
        grid.focus()

    def action_mark(self):
        grid = self.query_one(EntryGrid)
        self.cells.marked.add(grid.cursor)
        grid.refresh_cells([grid.cursor])
        self.screen.call_later(lambda: setattr(self, "seen", set(self.cells.drawn)))


async def test_a_mark_is_drawn_before_the_screen_handles_anything_else():
    app = MarkingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.query_one(EntryGrid)
        cursor = grid.cursor
        await pilot.press("x")
        await pilot.pause()
        assert app.seen == {cursor}  # drawn in the key's own turn, not after a round of messages
        assert "x" in grid.text_line(grid.header_lines + cursor[0])


class CountingCells:
    """Cells that count how often each is asked for; ``marked`` ones show an X."""

    def __init__(self) -> None:
        self.asked: list[tuple[int, int]] = []
        self.marked: set[tuple[int, int]] = set()

    def cell(self, row, column):
        self.asked.append((row, column))
        if column == 0:
            return f"Pupil {row}", Style()
        return (" X " if (row, column) in self.marked else " . "), Style()

    def header(self, line, column):
        return str(column), Style()

    def footer(self, line, column):
        return "", Style()


class CountingApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.cells = CountingCells()

    def compose(self):
        yield EntryGrid(self.cells, header_lines=1, footer_lines=1)

    def on_mount(self):
        grid = self.query_one(EntryGrid)
        grid.reset([GridColumn("name", 14, frozen=True, editable=False)]
                   + [GridColumn(str(n), 3) for n in range(8)], 10)
        grid.focus()


def drawn_text(grid: EntryGrid, y: int) -> str:
    return "".join(segment.text for segment in grid.render_line(y))


async def test_a_mark_asks_the_source_for_its_own_cells_and_draws_the_line_as_afresh():
    app = CountingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid, cells = app.query_one(EntryGrid), app.cells
        row, column = grid.cursor
        cells.marked.add((row, column))
        cells.asked.clear()
        grid.refresh_cells([(row, column)])
        grid.move_to(row, column + 1)  # the cursor moves on: two more cells
        await pilot.pause()
        y = grid.header_lines + row
        asked_on_the_line = {c for r, c in cells.asked if r == row}
        assert asked_on_the_line <= {0, column - 1, column, column + 1}  # not the other 6 criteria
        assert asked_on_the_line >= {column, column + 1}
        kept = drawn_text(grid, y)
        grid.refresh()  # the whole grid drawn afresh, nothing kept
        assert drawn_text(grid, y) == kept
        assert kept.startswith("Pupil 0") and kept[14 + 3 * (column - 1):][:3] == " X "


async def test_a_cell_changed_without_a_repaint_stays_as_drawn_until_the_grid_is_repainted():
    """What the cache relies on, and what the lean compositor already did: only cells asked to
    be repainted change on screen."""
    app = CountingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid, cells = app.query_one(EntryGrid), app.cells
        y = grid.header_lines + 2
        before = drawn_text(grid, y)
        cells.marked.update({(2, 3), (2, 5)})
        grid.refresh_cells([(2, 5)])
        after = drawn_text(grid, y)
        assert after[14 + 3 * 4:][:3] == " X " and after[14 + 3 * 2:][:3] == before[14 + 3 * 2:][:3]
        grid.refresh()
        assert drawn_text(grid, y)[14 + 3 * 2:][:3] == " X "
