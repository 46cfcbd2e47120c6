"""Type to jump: a name's first letters reach its row in every list and grid, Home/End
reach the first and last row."""

from __future__ import annotations

from rich.style import Style
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import GridColumn
from amtui.ui.widgets.tables import OpenTable, plain
from amtui.ui.widgets.type_jump import find_row

NAMES = ["Ava Smith", "Jack Brown", "Kacper Fox-Pitt", "Katie Ng", "Zoë Éclair", "Mia Kowalska", "Mo Ali"]


def test_find_row_prefers_the_start_then_a_word_then_anywhere():
    assert find_row(NAMES, "ka") == 2
    assert find_row(NAMES, "kat") == 3
    assert find_row(NAMES, "pitt") == 2  # a word of a hyphenated surname
    assert find_row(NAMES, "ÉCL") == 4  # accents and case as typed
    assert find_row(NAMES, "owal") == 5
    assert find_row(NAMES, "qq") is None


def test_the_same_letter_again_steps_through_the_names_it_starts():
    assert find_row(NAMES, "mm", current=5) == 6
    assert find_row(NAMES, "mmm", current=6) == 5  # round to the first again


class Cells:
    def cell(self, row, column):
        return (NAMES[row] if column == 0 else " . "), Style()

    def header(self, line, column):
        return str(column), Style()

    def footer(self, line, column):
        return "", Style()


class GridScreen(Screen):
    """A grid on a screen whose letters are keys, and whose "/" may be a code (as the
    class grid's is)."""

    BINDINGS = [Binding("slash", "code('/')", "Mostly")]

    def __init__(self, code_on_slash: bool, columns: int):
        super().__init__()
        self.codes: list[str] = []
        self.columns = columns
        if not code_on_slash:
            self._bindings.key_to_bindings.pop("slash")

    def action_code(self, code: str) -> None:
        self.codes.append(code)

    def compose(self):
        yield EntryGrid(Cells(), header_lines=1, footer_lines=1)

    def on_mount(self):
        grid = self.query_one(EntryGrid)
        grid.reset([GridColumn("name", 18, frozen=True, editable=False)]
                   + [GridColumn(str(n), 3) for n in range(self.columns)], len(NAMES))
        grid.focus()


class GridApp(App):
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("slash", "bell", "Find a pupil")]

    def __init__(self, code_on_slash: bool = False, columns: int = 3):
        super().__init__()
        self.grid_screen = GridScreen(code_on_slash, columns)

    def on_mount(self):
        self.push_screen(self.grid_screen)


async def test_slash_and_letters_go_to_a_pupil_on_a_grid_whose_letters_are_keys():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(EntryGrid)
        await pilot.press("slash", "k", "a", "t")  # the app's own "/" gives way
        assert grid.cursor[0] == 3
        await pilot.press("escape", "q")  # the jump is over: q is the screen's key again
        await pilot.pause()
    assert app.return_code == 0


async def test_where_slash_is_a_code_ctrl_f_finds_and_slash_still_marks():
    app = GridApp(code_on_slash=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(EntryGrid)
        await pilot.press("slash")
        assert app.grid_screen.codes == ["/"]
        await pilot.press("ctrl+f", "m", "o")
        assert grid.cursor[0] == 6


async def test_home_and_end_reach_the_first_and_last_row_on_a_one_column_grid():
    app = GridApp(columns=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(EntryGrid)
        await pilot.press("end")
        assert grid.cursor[0] == len(NAMES) - 1
        await pilot.press("home")
        assert grid.cursor[0] == 0


class TableApp(App):
    def compose(self):
        yield OpenTable(id="t")

    def on_mount(self):
        table = self.query_one(OpenTable)
        table.add_columns("Pupil", "Class")
        for index, name in enumerate(NAMES):
            table.add_row(*plain([name, "4S"]), key=str(index))
        table.focus()


async def test_letters_typed_quickly_add_up_in_a_list_without_letter_keys():
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(OpenTable)
        await pilot.press("k", "a", "t")
        assert table.cursor_coordinate.row == 3
        await pilot.press("end")
        assert table.cursor_coordinate.row == len(NAMES) - 1
        await pilot.press("home")
        assert table.cursor_coordinate.row == 0


async def test_letters_go_to_a_choice_in_the_pick_dialog():
    app = App()
    picked = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PickScreen("Mentor", [(i, name) for i, name in enumerate(NAMES)]), picked.append)
        await pilot.pause()
        await pilot.press("m", "o", "enter")
        await pilot.pause()
    assert picked == [6]
