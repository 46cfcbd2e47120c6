"""Messages go when they stop being true: "Not saved yet" once the save lands."""

from __future__ import annotations

from textual.widgets import Static

from amtui.db.connection import write
from amtui.db.models import WeeklyLevel, WeeklyResult
from amtui.domain.score_entry import school_week
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.weekly.sheet import WeeklyScreen
from test_unreachable import drive  # noqa: F401 (a fixture)


async def test_not_saved_yet_goes_once_the_score_is_saved(school, wait_until, drive):  # noqa: F811
    from amtui.db.repo import weekly as repo

    week = school_week(school.today)
    write(lambda: WeeklyLevel.create(pupil=school.pupils["Adam Ash"], level="Level 2",
                                     started_on=week.plus(-2).monday))
    drive.patch(repo, "save_score")
    app = AmtuiApp(school.opened, "tester", screen="weekly", screen_args={"class_name": "4B"}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WeeklyScreen) and app.screen.sheet)
        screen = app.screen
        message = screen.query_one("#weekly-message", Static)
        await pilot.press("2", "3")
        await wait_until(pilot, lambda: "Not saved yet" in str(message.render()))
        drive.away = False
        await wait_until(pilot, lambda: not screen.busy, timeout=5)
        await screen.db.idle()  # and what it posted has been handled
        assert WeeklyResult.get(WeeklyResult.pupil == school.pupils["Adam Ash"]).score == 23
        assert "Not saved yet" not in str(message.render())  # with no key pressed since
