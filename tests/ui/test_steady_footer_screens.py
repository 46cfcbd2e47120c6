"""The main screens' footers are composed again only when their keys change, and a key
that comes or goes with what the screen shows is in the footer at once."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from amtui.db.models import BigWriteRating, WeeklyResult
from amtui.ui.screens.home.home import HomeScreen
from amtui.ui.widgets.steady_footer import SteadyFooter
from pupil_extras import add_extras
from test_bigwrite_entry import app_for as bigwrite_app, open_piece, pieces_shown
from test_halfterm import open_test, ready as halfterm_ready, test_school  # noqa: F401
from test_pupil_page import open_zoe
from test_steady_footer import recompositions
from test_weekly import line_of, open_sheet, ready as weekly_ready, weekly_school  # noqa: F401

SIZE = (80, 24)


def footer_says(screen) -> list[str]:
    """The words of the keys the screen's footer shows (the steady footer's)."""
    return [key.description for key in screen.query_one(SteadyFooter).query(FooterKey)]


async def test_the_opening_screen_and_home_compose_their_footers_once_as_the_app_starts(make_app, wait_until,
                                                                                        monkeypatch):
    composed = recompositions(monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        opening = app.screen
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.session is not None
                         and "Find pupil" in footer_says(app.screen))
        await pilot.pause(0.3)
        assert composed.count(opening) == 1  # Textual's footer: twice
        assert composed.count(app.screen) == 1  # Textual's footer: three times
        assert "Refresh" in footer_says(app.screen) and "Quit" in footer_says(opening)


async def test_the_weekly_sheets_footer_offers_promote_on_a_pupil_proposed_at_once(weekly_school, wait_until):
    async with open_sheet(weekly_school).run_test(size=SIZE) as pilot:
        screen = await weekly_ready(pilot, wait_until)
        await pilot.press("2", "1")  # Adam's fourth green: a move up proposed; the cursor on to Bella
        await screen.db.idle()
        assert WeeklyResult.get(WeeklyResult.pupil == weekly_school.pupils["Adam Ash"],
                                WeeklyResult.sat_on == weekly_school.week.sitting_day).score == 21
        assert "-> B2-3" in line_of(screen, "Adam Ash") and "Promote" not in footer_says(screen)
        await pilot.press("up")
        await wait_until(pilot, lambda: "Promote" in footer_says(screen))
        await pilot.press("down")
        await wait_until(pilot, lambda: "Promote" not in footer_says(screen))


async def test_the_half_term_tests_footer_offers_marking_once_the_test_is_read(test_school, wait_until):
    async with open_test(test_school).run_test(size=SIZE) as pilot:
        screen = await halfterm_ready(pilot, wait_until)
        await wait_until(pilot, lambda: "Mark" in footer_says(screen))  # only Back and Refresh while reading
        assert screen.sheet.test is not None


async def test_big_writes_footer_follows_the_pieces_and_a_piece_open(school, wait_until):
    add_extras(school)
    app = bigwrite_app(school)
    async with app.run_test(size=SIZE) as pilot:
        await pieces_shown(pilot, app, wait_until)
        screen = app.screen
        await wait_until(pilot, lambda: "New piece" in footer_says(screen))
        await open_piece(pilot, app, wait_until)
        await wait_until(pilot, lambda: "New piece" not in footer_says(screen))
        await pilot.press("down", "down", "down", "down", "g")  # Zoë's first target: green
        await wait_until(pilot, lambda: not screen.db.busy and BigWriteRating.select().count() == 1)
        await pilot.press("escape")
        await pieces_shown(pilot, app, wait_until)
        await wait_until(pilot, lambda: "New piece" in footer_says(screen))


async def test_the_pupils_footer_offers_entering_for_the_class_on_the_attitude_tab(make_app, school, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_zoe(pilot, app, wait_until)
        screen = app.screen
        await wait_until(pilot, lambda: "Refer" in footer_says(screen))
        assert "Enter for class" not in footer_says(screen)
        await pilot.press("6")  # the attitude tab
        await wait_until(pilot, lambda: "Enter for class" in footer_says(screen))
        await pilot.press("1")
        await wait_until(pilot, lambda: "Enter for class" not in footer_says(screen))
