"""What the lean updates send, decoded by a terminal emulator (pyte), is what Textual itself
would show: after every step of each main screen, the virtual terminal fed with every byte
sent so far must equal a full repaint drawn by Textual's own compositor."""

from __future__ import annotations

import pyte
from textual._compositor import Compositor, CompositorUpdate

from amtui.ui.app import AmtuiApp
from amtui.ui.lean_updates import LeanCompositor
from meeting_pilot import settle
from pupil_extras import add_extras
from tests.returns_school import TODAY as RETURNS_DAY, seed_with_open_returns
from test_class_grid import grid_school, open_grid  # noqa: F401  (a fixture)
from test_halfterm import open_test, test_school  # noqa: F401
from test_meeting_screen import meeting_app, zoe  # noqa: F401
from test_weekly import open_sheet, weekly_school  # noqa: F401

WIDTH, HEIGHT = 80, 24


class Terminal:
    """A virtual 80x24 terminal fed with everything the app sends to it."""

    def __init__(self, app: AmtuiApp) -> None:
        self.app = app
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.Stream(self.screen)
        real = app._display

        def display(screen, renderable) -> None:  # what App._display would write, headless or not
            if renderable is not None and not app._batch_count:
                self.stream.feed(self.encode(renderable))
            real(screen, renderable)

        app._display = display

    def encode(self, renderable) -> str:
        console = self.app.console
        if isinstance(renderable, CompositorUpdate):
            return renderable.render_segments(console)
        return console._render_buffer(console.render(renderable))

    def textual_own(self) -> pyte.Screen:
        """The current screen as Textual's own compositor draws it in full."""
        compositor = self.app.screen._compositor
        assert isinstance(compositor, LeanCompositor)
        dirty = set(compositor._dirty_regions)
        compositor.__class__ = Compositor
        try:
            full = compositor.render_full_update()
        finally:
            compositor.__class__ = LeanCompositor
            compositor._dirty_regions.update(dirty)  # still to be sent
        screen = pyte.Screen(WIDTH, HEIGHT)
        pyte.Stream(screen).feed(self.encode(full))
        return screen


def cells(screen: pyte.Screen) -> list[list[tuple]]:
    return [[(c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse, c.strikethrough)
             for c in (screen.buffer[y][x] for x in range(WIDTH))] for y in range(HEIGHT)]


async def same_as_textual(pilot, terminal: Terminal, step: str) -> None:
    await pilot.pause()  # let the refresh of the last key reach the terminal
    own = terminal.textual_own()
    assert terminal.screen.display == own.display, step
    assert cells(terminal.screen) == cells(own), f"{step}: the text is right, a colour or style is not"


async def drive(app: AmtuiApp, until, steps: list[tuple[str, ...]], wait_until) -> None:
    terminal = Terminal(app)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await wait_until(pilot, lambda: until(app))
        await settle(pilot)
        await same_as_textual(pilot, terminal, "first frame")
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot)
            await same_as_textual(pilot, terminal, f"after {keys}")
        assert any(isinstance(s._compositor, LeanCompositor) for s in app.screen_stack)


async def test_home_screen_is_drawn_as_textual_draws_it(make_app, wait_until):
    await drive(make_app(), lambda app: len(app.screen_stack) > 1, [("down",), ("down", "up")], wait_until)


async def test_class_grid_with_marks_typed_and_the_cursor_moved(grid_school, wait_until):  # noqa: F811
    await drive(open_grid(grid_school), lambda app: getattr(app.screen, "data", None),
                [("2",), ("right", "3"), ("down", "down", "1"), ("left", "left", "up")], wait_until)


async def test_weekly_sheet_with_a_score_typed(weekly_school, wait_until):  # noqa: F811
    await drive(open_sheet(weekly_school), lambda app: getattr(app.screen, "sheet", None),
                [("2", "3"), ("down",)], wait_until)


async def test_half_term_tests(test_school, wait_until):  # noqa: F811
    await drive(open_test(test_school), lambda app: getattr(app.screen, "sheet", None),
                [("right",), ("down", "1")], wait_until)


async def test_attitude(school, wait_until):
    app = AmtuiApp(school.opened, "tester", screen="attitude", screen_args={"class_name": "4B"},
                   today=school.today)
    await drive(app, lambda app: getattr(app.screen, "model", None) is not None,
                [("9", "7"), ("right", "right"), ("down",)], wait_until)


async def test_pupil_page(school, wait_until):
    app = AmtuiApp(school.opened, "tester", screen="pupil", screen_args={"pupil_id": school.pupils["Adam Ash"]},
                   today=school.today)
    await drive(app, lambda app: getattr(app.screen, "file", None) is not None, [("down",), ("tab",)], wait_until)


async def test_meeting(school, zoe, wait_until):  # noqa: F811
    await drive(meeting_app(school, zoe), lambda app: type(app.screen).__name__ == "MeetingScreen",
                [("tab",), ("down",)], wait_until)



async def test_big_write_a_piece_rated(school, wait_until):
    add_extras(school)  # a piece set, and writing targets
    app = AmtuiApp(school.opened, "tester", screen="bigwrite", screen_args={"class_name": "4B"}, today=school.today)
    await drive(app, lambda app: getattr(app.screen, "state", "") == "bigwrite-pieces"
                and app.screen.query_one("#bigwrite-pieces").row_count,
                [("enter",), ("r",), ("down", "y"), ("right", "g")], wait_until)


async def test_a_progress_return_with_grades_typed(opened, tmp_path, wait_until):
    seed_with_open_returns(tmp_path)
    app = AmtuiApp(opened, "maths1", screen="returns", today=RETURNS_DAY)
    await drive(app, lambda app: getattr(app.screen, "sheet", None),
                [("6",), ("4",), ("left", "a"), ("right_square_bracket",)], wait_until)
