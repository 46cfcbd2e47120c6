"""The network drive goes away mid-session: a message on screen, what was typed kept,
saved once the drive is back, and never a traceback."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from amtui.db.connection import DatabaseUnavailable, write
from amtui.db.models import WeeklyLevel, WeeklyResult
from amtui.domain.score_entry import school_week
from amtui.ui import serial
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.weekly.sheet import WeeklyScreen


class Drive:
    """Makes a function fail as an unreachable drive would, until the test brings it back."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.away = True
        self.failures = 0

    def patch(self, module, name):
        real = getattr(module, name)

        def flaky(*args, **kwargs):
            if self.away:
                self.failures += 1
                raise DatabaseUnavailable("The database cannot be reached: the network drive holding it "
                                          "has gone away.")
            return real(*args, **kwargs)

        self.monkeypatch.setattr(module, name, flaky)


@pytest.fixture
def drive(monkeypatch) -> Drive:
    monkeypatch.setattr(serial, "RETRY_SECONDS", 0.2)
    return Drive(monkeypatch)


async def test_a_weekly_score_is_kept_while_the_drive_is_away(school, wait_until, drive):
    from amtui.db.repo import weekly as repo

    week = school_week(school.today)
    write(lambda: WeeklyLevel.create(pupil=school.pupils["Adam Ash"], level="Level 2",
                                     started_on=week.plus(-2).monday))
    drive.patch(repo, "save_score")
    app = AmtuiApp(school.opened, "tester", screen="weekly", screen_args={"class_name": "4B"}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WeeklyScreen) and app.screen.sheet)
        screen = app.screen
        await pilot.press("2", "3")
        message = screen.query_one("#weekly-message", Static)
        await wait_until(pilot, lambda: "Not saved yet" in str(message.render()))
        assert "gone away" in str(message.render()) and "kept" in str(message.render())
        assert "23" in screen.grid.text_line(1 + 0)  # still shown on Adam's row
        assert not WeeklyResult.select().where(WeeklyResult.pupil == school.pupils["Adam Ash"]).exists()
        drive.away = False
        await wait_until(pilot, lambda: not screen.busy, timeout=5)
    assert drive.failures >= 1
    assert WeeklyResult.get(WeeklyResult.pupil == school.pupils["Adam Ash"]).score == 23
