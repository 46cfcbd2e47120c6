"""Every entry screen's typing keys run their binding in its grid, at once (``KEYS_AT_ONCE``):
the weekly sheet, the half-term tests, attitude, Big Write and the progress return. Keys that
leave the grid (Esc, the next week or group) still go the usual way, up to the screen."""

from __future__ import annotations

from amtui.ui.app import AmtuiApp
from amtui.ui.widgets.entry_grid import EntryGrid
from meeting_pilot import settle
from pupil_extras import add_extras
from tests.returns_school import TODAY as RETURNS_DAY, seed_with_open_returns
from test_halfterm import open_test, test_school  # noqa: F401  (a fixture)
from test_weekly import open_sheet, weekly_school  # noqa: F401


def at_once(app: AmtuiApp) -> dict[str, str | None]:
    """Each key: the action its binding runs in the grid at once, or None (the usual way)."""
    grid = app.screen.query_one(EntryGrid)
    assert app.screen.focused is grid
    found = {}
    for key in ("1", "x", "space", "delete", "enter", "backspace", "a", "o", "g", "y", "r", "full_stop",
                "escape", "right_square_bracket"):
        binding = grid._binding_at_once(key)
        found[key] = binding[1].action.split("(")[0] if binding else None
    return found


async def typing_keys(app: AmtuiApp, pilot, wait_until, until, *keys: str) -> dict[str, str | None]:
    await wait_until(pilot, lambda: until(app))
    await settle(pilot)
    if keys:
        await pilot.press(*keys)
        await settle(pilot)
    return at_once(app)


async def test_the_weekly_sheets_scores(weekly_school, wait_until):  # noqa: F811
    app = open_sheet(weekly_school)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = await typing_keys(app, pilot, wait_until, lambda app: getattr(app.screen, "sheet", None))
        assert (keys["1"], keys["a"], keys["enter"], keys["backspace"], keys["delete"]) == (
            "digit", "absent", "enter", "backspace", "clear")
        assert keys["escape"] is None and keys["right_square_bracket"] is None
        await pilot.press("2", "3")
        await settle(pilot)
        assert "23" in app.screen.query_one(EntryGrid).text_line(1)  # typed, saved and shown


async def test_the_half_term_tests_marks(test_school, wait_until):  # noqa: F811
    app = open_test(test_school)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = await typing_keys(app, pilot, wait_until, lambda app: getattr(app.screen, "sheet", None))
        assert (keys["1"], keys["x"], keys["space"], keys["delete"], keys["enter"]) == (
            "digit", "full", "blank", "clear", "enter")
        assert keys["escape"] is None and keys["r"] is None  # r reads the test again: not typing


async def test_attitude_ratings_and_attendance(school, wait_until):
    app = AmtuiApp(school.opened, "tester", screen="attitude", screen_args={"class_name": "4B"}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = await typing_keys(app, pilot, wait_until, lambda app: getattr(app.screen, "model", None) is not None)
        assert (keys["g"], keys["y"], keys["r"], keys["space"], keys["1"], keys["full_stop"], keys["backspace"]) == (
            "rate", "rate", "rate", "clear", "type", "type", "erase")
        assert keys["enter"] is None and keys["escape"] is None  # Enter opens the pupil


async def test_big_write_ratings(school, wait_until):
    add_extras(school)  # a piece set
    app = AmtuiApp(school.opened, "tester", screen="bigwrite", screen_args={"class_name": "4B"}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = await typing_keys(app, pilot, wait_until, lambda app: getattr(app.screen, "state", "") == "bigwrite-pieces"
                            and app.screen.query_one("#bigwrite-pieces").row_count, "enter")
        assert (keys["g"], keys["y"], keys["r"], keys["space"]) == ("rate", "rate", "rate", "clear")
        assert keys["enter"] is None and keys["escape"] is None


async def test_the_progress_returns_grades(opened, tmp_path, wait_until):
    seed_with_open_returns(tmp_path)
    app = AmtuiApp(opened, "maths1", screen="returns", today=RETURNS_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = await typing_keys(app, pilot, wait_until, lambda app: getattr(app.screen, "sheet", None))
        assert not app.screen.sheet.window.asks_grade  # Year 10's A/O/B first; a grade key is refused the usual way
        assert (keys["a"], keys["1"], keys["enter"], keys["backspace"]) == ("aob", None, "enter", "backspace")
        assert keys["escape"] is None and keys["right_square_bracket"] is None
        await pilot.press("right_square_bracket")
        keys = await typing_keys(app, pilot, wait_until, lambda app: app.screen.sheet.window.asks_grade)
        assert (keys["1"], keys["a"], keys["enter"]) == ("key", None, "enter")
