"""The weekly sheet with the Pilot at 80x24: what the screen shows and what the database holds."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from textual.widgets import Static

from amtui.db.connection import write
from amtui.db.models import AuditEntry, WeeklyLevel, WeeklyResult
from amtui.domain.score_entry import school_week
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.class_pick import ClassDialog
from amtui.ui.screens.weekly.history import WeeklyHistoryScreen
from amtui.ui.screens.weekly.overview import WeeklyOverviewScreen
from amtui.ui.screens.weekly.sheet import WeeklyScreen
from amtui.ui.widgets.class_picker import ClassPicker

PUPILS = ["Adam Ash", "Bella Brown", "Callum Cole", "Dara Doyle", "Zoë O'Neill"]
SIZE = (80, 24)


@pytest.fixture
def weekly_school(school):
    """4B at Level 2 since five weeks ago; Adam green for the last three weeks."""
    week = school_week(school.today)

    def fill() -> None:
        for name in PUPILS:
            WeeklyLevel.create(pupil=school.pupils[name], level="Level 2", started_on=week.plus(-5).monday)
        for weeks_ago, score in ((3, 22), (2, 21), (1, 22)):
            WeeklyResult.create(pupil=school.pupils["Adam Ash"], sat_on=week.plus(-weeks_ago).sitting_day,
                                level="Level 2", test=4 - weeks_ago, score=score)

    write(fill)
    school.week = week
    return school


def open_sheet(school, login: str = "tester", **args) -> AmtuiApp:
    return AmtuiApp(school.opened, login, screen="weekly", today=school.today,
                    screen_args=args or {"class_name": "4B"})


async def ready(pilot, wait_until) -> WeeklyScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WeeklyScreen) and pilot.app.screen.sheet)
    return pilot.app.screen


async def settled(pilot, wait_until, screen: WeeklyScreen) -> None:
    await screen.db.idle()


def shown(screen: WeeklyScreen) -> str:
    """The screen's text: title, grid lines as drawn, the detail and message lines."""
    grid = screen.grid
    parts = [str(screen.query_one("#weekly-title", Static).render())]
    parts += [grid.text_line(y) for y in range(grid.size.height)]
    parts += [str(screen.query_one(f"#{name}", Static).render()) for name in ("weekly-detail", "weekly-message")]
    return "\n".join(parts)


def line_of(screen: WeeklyScreen, name: str) -> str:
    return next(line for line in shown(screen).splitlines() if line.startswith(name))


def scores(school, day: dt.date) -> dict[str, int | None]:
    ids = {pid: name for name, pid in school.pupils.items()}
    return {ids[r.pupil_id]: r.score for r in WeeklyResult.select().where(WeeklyResult.sat_on == day)}


async def test_scores_move_on_by_themselves_absent_and_a_refused_26(weekly_school, wait_until):
    school = weekly_school
    async with open_sheet(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        text = shown(screen)
        assert "4B · Weekly tests · week of Mon" in text and "out of 25 · this week" in text
        assert line_of(screen, "Adam Ash").split() == ["Adam", "Ash", "L2", "T4", "22", "G", "21", "G", "22", "G",
                                                       "3", "in", "a", "row", "__"]
        header = shown(screen).splitlines()[1]
        assert header.split() == ["Pupil", "Level", "Test", "Last", "3", "Newest", "Greens", "Score", "Promote"]
        assert header.index("Newest") > header.index("Last 3")  # the newest of the last 3 is on the right
        assert screen.grid.cursor[0] == 0
        await pilot.press("2", "3")  # 23 cannot become another score: on to Bella without Enter
        assert screen.grid.cursor[0] == 1
        await pilot.press("3")  # 3 can only mean 3
        assert screen.grid.cursor[0] == 2
        await pilot.press("a")
        assert screen.grid.cursor[0] == 3
        await pilot.press("2", "6")
        assert screen.grid.cursor[0] == 3  # refused: still on Dara
        assert "26 is more than 25" in shown(screen) and "not saved" in shown(screen)
        await pilot.press("1", "9", "2")
        assert screen.grid.cursor[0] == 4 and "2_" in line_of(screen, "Zoë")  # 2 waits for a digit or Enter
        await pilot.press("enter")
        await settled(pilot, wait_until, screen)
        assert scores(school, school.week.sitting_day) == {
            "Adam Ash": 23, "Bella Brown": 3, "Callum Cole": None, "Dara Doyle": 19, "Zoë O'Neill": 2}
        assert "23 G" in line_of(screen, "Adam Ash") and "3 R" in line_of(screen, "Bella Brown")
        assert "abs" in line_of(screen, "Callum Cole") and "19 Y" in line_of(screen, "Dara Doyle")
        assert "Entered 5 of 5" in shown(screen)
        saved = WeeklyResult.get(WeeklyResult.pupil == school.pupils["Bella Brown"])
        assert (saved.level, saved.test, saved.staff_id) == ("Level 2", 1, school.staff["tester"])


async def test_a_key_that_is_no_score_is_refused_on_screen(weekly_school, wait_until):
    async with open_sheet(weekly_school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("x")
        assert "'x' is not a score: type a number from 0 to 25" in shown(screen)
        await pilot.press("1", "escape")
        assert "Typing cancelled" in shown(screen) and screen.grid.cursor[0] == 0
        assert not WeeklyResult.select().where(WeeklyResult.sat_on == weekly_school.week.sitting_day).exists()


async def test_a_correction_of_last_week_is_saved_and_audited(weekly_school, wait_until):
    school = weekly_school
    async with open_sheet(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: screen.sheet.week == school.week.plus(-1))
        assert "EARLIER WEEK" in shown(screen)
        await pilot.press("home", "up", "up", "up", "up")  # to Adam, whose 22 was really 18
        assert screen.grid.cursor[0] == 0 and "22 G" in line_of(screen, "Adam Ash")
        await pilot.press("1", "8")
        await settled(pilot, wait_until, screen)
        assert "18 Y" in line_of(screen, "Adam Ash")
        assert scores(school, school.week.plus(-1).sitting_day) == {"Adam Ash": 18}
        entry = AuditEntry.get(AuditEntry.action == "weekly.correct")
        assert json.loads(entry.detail)["old"] == 22 and json.loads(entry.detail)["new"] == 18
        assert entry.login == "tester"
        await pilot.press("t")
        await wait_until(pilot, lambda: screen.sheet.week == school.week)
        assert "0 in a row" in line_of(screen, "Adam Ash")  # the run is broken: 18 is yellow


async def test_a_move_up_is_proposed_at_the_fourth_green_and_confirmed_with_p(weekly_school, wait_until):
    school = weekly_school
    async with open_sheet(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        assert "-> B2-3" not in shown(screen)
        await pilot.press("2", "1")
        await settled(pilot, wait_until, screen)
        assert "4 in a row" in line_of(screen, "Adam Ash") and "-> B2-3" in line_of(screen, "Adam Ash")
        assert "move up to Bridging 2-3 proposed (p confirms)" in shown(screen)
        assert "p" not in screen.active_bindings  # the footer offers p only on a pupil proposed
        await pilot.press("up")
        assert screen.active_bindings["p"].binding.description == "Promote"
        await pilot.press("p")
        await wait_until(pilot, lambda: "B2-3" in line_of(screen, "Adam Ash").split()[2])
        newest = WeeklyLevel.select().where(WeeklyLevel.pupil == school.pupils["Adam Ash"]).order_by(
            WeeklyLevel.id.desc()).get()
        assert (newest.level, newest.started_on) == ("Bridging 2-3", school.today)
        assert AuditEntry.select().where(AuditEntry.action == "weekly.promote").count() == 1
        assert "Moved up (test 1 next): Adam Ash to Bridging 2-3" in shown(screen)
        assert "-> B2-3" not in shown(screen) and "T4*" in line_of(screen, "Adam Ash")


async def test_no_move_up_after_a_20(weekly_school, wait_until):
    async with open_sheet(weekly_school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("2", "0", "enter")
        await settled(pilot, wait_until, screen)
        assert "20 Y" in line_of(screen, "Adam Ash") and "0 in a row" in line_of(screen, "Adam Ash")
        assert "->" not in shown(screen)
        levels = WeeklyLevel.select().count()
        await pilot.press("up", "p")
        assert "No move up is proposed here: it takes 4 greens in a row" in shown(screen)
        assert WeeklyLevel.select().count() == levels


async def test_promote_all_confirms_everyone_proposed(weekly_school, wait_until):
    school = weekly_school

    def greens_for_bella() -> None:
        for weeks_ago in (4, 3, 2, 1):
            WeeklyResult.create(pupil=school.pupils["Bella Brown"], sat_on=school.week.plus(-weeks_ago).sitting_day,
                                level="Level 2", test=5 - weeks_ago, score=24)

    write(greens_for_bella)
    async with open_sheet(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("2", "5")  # Adam's fourth green
        await settled(pilot, wait_until, screen)
        assert "2 due" in shown(screen)
        await pilot.press("P")
        await wait_until(pilot, lambda: "due" not in shown(screen).split("Entered")[1].split("\n")[0])
        moved = {r.pupil_id for r in WeeklyLevel.select().where(WeeklyLevel.level == "Bridging 2-3")}
        assert moved == {school.pupils["Adam Ash"], school.pupils["Bella Brown"]}


async def test_another_teachers_class_is_read_only_with_the_reason(weekly_school, wait_until):
    school = weekly_school
    async with open_sheet(school, class_name="6R").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        assert "Finn Ford" in shown(screen)
        await pilot.press("2", "2")
        assert "You may enter weekly test scores only for your own classes." in shown(screen)
        assert not WeeklyResult.select().where(WeeklyResult.sat_on == school.week.sitting_day).exists()


async def test_without_a_class_it_asks_which(weekly_school, wait_until):
    app = AmtuiApp(weekly_school.opened, "tester", screen="weekly", today=weekly_school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClassDialog)
                         and pilot.app.screen.query_one(ClassPicker).option_count)
        assert "yours" in str(pilot.app.screen.query_one(ClassPicker).get_option_at_index(0).prompt)
        await pilot.press("enter")  # the user's own class is offered first
        screen = await ready(pilot, wait_until)
        assert screen.sheet.school_class.name == "4B"


async def test_an_unknown_class_says_so(weekly_school, wait_until):
    async with open_sheet(weekly_school, class_name="9Z").run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, WeeklyScreen) and "no class called '9Z'"
                         in str(pilot.app.screen.query_one("#weekly-title", Static).render()))


async def test_the_overview_opens_a_week_and_the_history_shows_everything(weekly_school, wait_until, text_of):
    school = weekly_school
    async with open_sheet(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, WeeklyOverviewScreen)
                         and pilot.app.screen.overview)
        overview = pilot.app.screen
        lines = [overview.query_one("#overview-grid").text_line(y) for y in range(7)]
        assert lines[1].split() == ["Adam", "Ash", "L2", "22", "G", "21", "G", "22", "G"]
        assert "Levels: L2 x5" in text_of(overview.query_one("#overview-summary"))
        await pilot.press("left", "enter")  # the week before last
        await wait_until(pilot, lambda: pilot.app.screen is screen and screen.sheet.week == school.week.plus(-2))
        assert screen.grid.cursor[0] == 1  # the first pupil with nothing that week: Bella
        await pilot.press("up", "h")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, WeeklyHistoryScreen))
        await wait_until(pilot, lambda: "Adam Ash" in text_of(pilot.app.screen.query_one("#history-head")))
        table = text_of(pilot.app.screen.query_one("#history-table"))
        assert table.count("L2") == 3 and "Level 2 from here" in table


async def test_a_score_entered_on_another_machine_appears_without_a_reload(weekly_school, wait_until):
    from amtui.db.repo.staff import identify
    from amtui.db.repo.weekly import save_score

    school = weekly_school
    async with open_sheet(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("2", "3")  # Adam, here
        await settled(pilot, wait_until, screen)
        # A TA on another machine enters Bella's and Dara's scores (another connection).
        for name, score in (("Bella Brown", 19), ("Dara Doyle", 4)):
            save_score(identify("tester"), school.pupils[name], school.week, score, school.today)
        await wait_until(pilot, lambda: "19 Y" in line_of(screen, "Bella Brown")
                         and "4 R" in line_of(screen, "Dara Doyle"), timeout=8)
        assert "23 G" in line_of(screen, "Adam Ash")  # the score typed here is untouched
        assert screen.grid.cursor[0] == 1  # and the cursor has stayed where the typist is


async def test_slash_and_a_name_reach_a_pupil_whose_score_is_typed_next(weekly_school, wait_until):
    school = weekly_school
    async with open_sheet(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("slash", "d", "a", "2", "0")  # Dara Doyle, then her score
        await settled(pilot, wait_until, screen)
        assert scores(school, school.week.sitting_day) == {"Dara Doyle": 20}
        await pilot.press("end")
        assert screen.grid.cursor[0] == screen.grid.row_count - 1
        await pilot.press("home")
        assert screen.grid.cursor[0] == 0
