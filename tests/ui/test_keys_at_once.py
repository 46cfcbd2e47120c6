"""A screen's typing keys run their binding in the grid with the focus, in one hop: the
key goes no further, and everything else about it stays as it was (the grid's own
handlers first, messages that expire with the key, the keymap, a disabled binding)."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import GridColumn
from amtui.ui.widgets.message_line import ClearsMessages, MessageLine

NAMES = ["Ava Smith", "Jack Brown", "Katie Ng", "Mo Ali"]


class Cells:
    def cell(self, row, column):
        return (NAMES[row] if column == 0 else "   "), Style()

    def header(self, line, column):
        return str(column), Style()

    footer = header


class TypingScreen(ClearsMessages, Screen):
    KEYS_AT_ONCE = frozenset({"code"})
    BINDINGS = [Binding("x", "code('X')", "Cross", id="typing.cross"),
                Binding("full_stop", "code('.')", "Partly", id="typing.partly"),
                Binding("n", "note", "Note", id="typing.note")]

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []
        self.notes = 0
        self.reached: list[str] = []  # the keys that came up to the screen
        self.locked = False

    def compose(self):
        yield EntryGrid(Cells(), header_lines=1, footer_lines=1)
        yield MessageLine(id="message")

    def on_mount(self):
        grid = self.query_one(EntryGrid)
        grid.reset([GridColumn("name", 18, frozen=True, editable=False)]
                   + [GridColumn(str(n), 3) for n in range(4)], len(NAMES))
        grid.focus()

    def on_key(self, event: events.Key) -> None:
        self.reached.append(event.key)

    def check_action(self, action: str, parameters) -> bool | None:
        return not (action == "code" and self.locked)

    def action_code(self, code: str) -> None:
        self.codes.append(code)
        if code == ".":
            self.query_one(MessageLine).say("Partly: said by the key itself", brief=True)

    def action_note(self) -> None:
        self.notes += 1


class TypingApp(App):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.typing = TypingScreen()
        self.reached: list[str] = []  # forwarded keys that came back up to the app

    def on_mount(self):
        self.push_screen(self.typing)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.is_forwarded:
            self.reached.append(event.key)
        await super().on_event(event)


async def test_a_typing_key_runs_its_binding_in_the_grid_and_goes_no_further():
    app = TypingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x", "full_stop", "n")
        await pilot.pause()
        screen = app.typing
        assert screen.codes == ["X", "."]
        assert screen.notes == 1
        assert screen.reached == ["n"]  # only the key that is not a typing key climbed
        assert app.reached == ["n"]
        assert screen.query_one(EntryGrid).cursor == (0, 1)  # the grid's own keys untouched


async def test_a_message_true_until_the_next_key_goes_before_the_typing_key_runs():
    app = TypingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.typing.query_one(MessageLine)
        line.say("Nothing to undo.", brief=True)
        await pilot.press("x")
        assert line.text == ""
        await pilot.press("full_stop")  # what the key says itself stays
        assert line.text == "Partly: said by the key itself"
        await pilot.press("x")
        assert line.text == ""
        assert app.typing.codes == ["X", ".", "X"]


async def test_a_name_being_typed_keeps_its_letters_and_the_next_code_still_marks():
    app = TypingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f", "k", "a", "full_stop")
        grid = app.typing.query_one(EntryGrid)
        assert grid.cursor[0] == 2  # Katie: the letters went to the name
        assert app.typing.codes == ["."]


async def test_a_disabled_typing_key_and_the_apps_keys_go_the_usual_way():
    app = TypingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.typing.locked = True
        await pilot.press("x")
        await pilot.pause()
        assert app.typing.codes == []
        assert app.typing.reached == ["x"] and app.reached == ["x"]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_typing_key_moved_by_the_keymap_runs_at_once_from_its_new_key():
    app = TypingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.set_keymap({"typing.cross": "k"})
        await pilot.press("k", "x")
        await pilot.pause()
        assert app.typing.codes == ["X"]
        assert app.typing.reached == ["x"]  # x is no key now: it climbed, and marked nothing
