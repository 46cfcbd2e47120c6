"""The pupil's file labels a weekly test by its week's Monday, as the weekly overview does."""

from __future__ import annotations

import datetime as dt

from amtui.db.connection import write
from amtui.db.models import WeeklyLevel, WeeklyResult
from amtui.domain.score_entry import school_week
from test_pupil_page import SIZE, open_zoe, pane_rows


async def test_a_score_entered_on_a_monday_shows_that_monday_not_the_sitting_friday(make_app, school, wait_until):
    zoe = school.pupils["Zoë O'Neill"]
    monday = school_week(school.today).monday
    friday = monday + dt.timedelta(days=4)  # the sheet files a week's sitting on its Friday

    def sat() -> None:
        WeeklyLevel.create(pupil=zoe, level="Level 2", started_on=monday - dt.timedelta(days=30))
        WeeklyResult.create(pupil=zoe, sat_on=friday, level="Level 2", test=1, score=22)

    write(sat)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_zoe(pilot, app, wait_until)
        await pilot.press("4")
        await wait_until(pilot, lambda: pane_rows(app, "weekly"))
        assert pane_rows(app, "weekly")[0][0] == f"{monday:%a %d %b %Y}"
