"""Pilot tests at 80x24: entering a class's attitude, one key per cell, checked on screen and in the db."""

from __future__ import annotations

from amtui.db.connection import write
from amtui.db.models import AttitudeRecord, HalfTerm
from amtui.db.repo import school as school_repo
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.attitude.sheet import AttitudeScreen
from amtui.ui.widgets.class_picker import ClassPicker
from amtui.ui.widgets.entry_grid import EntryGrid
from pupil_extras import add_extras

SIZE = (80, 24)


def saved(pupil: int, half_term: int) -> dict[str, tuple]:
    return {r.aspect: (r.rating, r.percent) for r in AttitudeRecord.select().where(
        AttitudeRecord.pupil == pupil, AttitudeRecord.half_term == half_term)}


def app_for(school, login: str = "tester", **args) -> AmtuiApp:
    return AmtuiApp(school.opened, login, screen="attitude", screen_args=args, today=school.today)


async def loaded(pilot, app, wait_until) -> EntryGrid:
    await wait_until(pilot, lambda: isinstance(app.screen, AttitudeScreen) and app.screen.model is not None)
    grid = app.screen.query_one(EntryGrid)
    await wait_until(pilot, lambda: grid.size.height > 0 and grid.text_line(0).strip())
    return grid


async def test_type_attendance_then_rate_across_the_row(school, wait_until, text_of):
    adam = school.pupils["Adam Ash"]
    ht4 = school_repo.half_term(school.start_year, 4)
    app = app_for(school, class_name="4B")
    async with app.run_test(size=SIZE) as pilot:
        grid = await loaded(pilot, app, wait_until)
        assert "Attitude · 4B · HT4 Spring 2" in text_of(app.screen.query_one("#attitude-title"))
        assert grid.text_line(0).split() == ["Pupil", "(5)", "Att", "%", "Punct", "Behav", "Effort", "Homew", "Unif"]
        assert [grid.text_line(y)[:22].strip() for y in range(1, 6)] == [  # as every screen: Forename Surname
            "Adam Ash", "Bella Brown", "Callum Cole", "Dara Doyle", "Zoë O'Neill"]
        assert grid.cursor == (0, 1)
        await pilot.press("9", "7", "full_stop", "5")
        assert "97.5_" in grid.text_line(1)  # shown while typed
        await pilot.press("enter", "g", "y", "r", "g", "g")
        await wait_until(pilot, lambda: not app.screen.db.busy and len(saved(adam, ht4.id)) == 6)
        assert saved(adam, ht4.id) == {"attendance": ("G", 97.5), "punctuality": ("G", None),
                                       "behaviour": ("Y", None), "effort": ("R", None),
                                       "homework": ("G", None), "uniform": ("G", None)}
        assert grid.text_line(1).split() == ["Adam", "Ash", "97.5", "G", "G", "Y", "R", "G", "G"]
        assert grid.cursor == (1, 1)  # on to the next pupil's attendance
        footer = grid.text_line(grid.size.height - 1).split()
        assert footer == ["G/Y/R", "·", "4", "to", "finish", "1/0/0", "1/0/0", "0/1/0", "0/0/1", "1/0/0", "1/0/0"]
        # A bad figure is refused before anything is saved; space clears a cell.
        await pilot.press("1", "5", "0", "enter")
        assert "Not saved: attendance 150% is outside 0 to 100" in text_of(app.screen.query_one("#attitude-message"))
        await pilot.press("escape", "up", "right", "space")
        await wait_until(pilot, lambda: not app.screen.db.busy and saved(adam, ht4.id)["punctuality"] == ("", None))
        assert isinstance(app.screen, AttitudeScreen)


async def test_attendance_colour_comes_from_the_settings(school, wait_until):
    zoe = school.pupils["Zoë O'Neill"]
    ht4 = school_repo.half_term(school.start_year, 4)
    app = app_for(school, class_name="4B", pupil_id=zoe)
    async with app.run_test(size=SIZE) as pilot:
        grid = await loaded(pilot, app, wait_until)
        assert grid.cursor == (4, 1)  # opened on Zoë (from her page)
        await pilot.press("8", "9", "full_stop", "9", "enter")
        await wait_until(pilot, lambda: not app.screen.db.busy and saved(zoe, ht4.id))
        assert saved(zoe, ht4.id)["attendance"] == ("R", 89.9)
        assert "89.9 R" in grid.text_line(5)
        grid.move_to(0, 1)
        await pilot.press("1", "0", "0", "enter")
        await wait_until(pilot, lambda: not app.screen.db.busy and "100 G" in grid.text_line(1))
        assert grid.text_line(1).index("100 G") + 4 == grid.text_line(5).index("89.9 R") + 5  # figures aligned
        grid.move_to(4, 2)
        await pilot.press("left")  # attendance again (the cursor moved on)
        await pilot.press("g")  # a rating key on a percentage: explained, not saved
        assert "Attendance is a percentage" in str(app.screen.query_one("#attitude-message").render())


async def test_other_half_terms_and_a_locked_one(school, wait_until, text_of):
    add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]
    ht3 = school_repo.half_term(school.start_year, 3)
    write(lambda: HalfTerm.update(locked_at=HalfTerm.start, lock_reason="reports").where(
        HalfTerm.id == ht3.id).execute())
    app = app_for(school, class_name="4B")
    async with app.run_test(size=SIZE) as pilot:
        grid = await loaded(pilot, app, wait_until)
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: "HT3" in text_of(app.screen.query_one("#attitude-title")))
        assert "LOCKED" in text_of(app.screen.query_one("#attitude-title"))
        assert grid.text_line(5).split()[2:] == ["88", "R", "Y", "Y", "G", "R", "G"]
        assert "Read-only: HT3 is locked" in text_of(app.screen.query_one("#attitude-message"))
        before = saved(zoe, ht3.id)
        await pilot.press("down", "down", "down", "down", "right", "g")
        assert saved(zoe, ht3.id) == before
        assert "Not saved: HT3 is locked" in text_of(app.screen.query_one("#attitude-message"))


async def test_next_half_term_is_read_only_until_it_starts(school, wait_until, text_of):
    ht5 = school_repo.half_term(school.start_year, 5)
    app = app_for(school, class_name="4B")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app, wait_until)
        await pilot.press("right_square_bracket")  # HT4 (today) -> HT5
        await wait_until(pilot, lambda: "HT5" in text_of(app.screen.query_one("#attitude-title")))
        why = f"HT5 has not started yet: it starts on {ht5.start:%a %d %b %Y}."
        await wait_until(pilot, lambda: f"Read-only: {why}" in text_of(app.screen.query_one("#attitude-message")))
        await pilot.press("right", "g")
        assert f"Not saved: {why}" in text_of(app.screen.query_one("#attitude-message"))
    assert not AttitudeRecord.select().where(AttitudeRecord.half_term == ht5.id).exists()


async def test_another_teachers_class_is_read_only(school, wait_until, text_of):
    app = app_for(school, class_name="6R")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app, wait_until)
        assert "Read-only: You may enter attitude only for your own classes." in \
            text_of(app.screen.query_one("#attitude-message"))
        await pilot.press("right", "g")
        assert AttitudeRecord.select().count() == 0


async def test_choose_a_class_first_when_none_is_given(school, wait_until):
    app = app_for(school)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AttitudeScreen)
                         and app.screen.query(ClassPicker) and app.screen.query_one(ClassPicker).option_count == 2)
        picker = app.screen.query_one(ClassPicker)
        assert str(picker.get_option_at_index(0).prompt).startswith("4B (Year 4, 5 pupils)  · yours")
        await pilot.press("enter")
        await loaded(pilot, app, wait_until)
        assert app.screen.model.sheet.class_name == "4B"


async def test_an_unknown_class_says_so(school, wait_until, text_of):
    app = app_for(school, class_name="9Z")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AttitudeScreen) and "There is no class '9Z'"
                         in text_of(app.screen.query_one("#attitude-message")))
        assert app.screen.model is None


async def test_a_save_the_rules_refuse_is_put_back_and_says_why(school, wait_until, text_of):
    """The half-term is locked by someone else after the sheet was opened: the sheet still
    takes the key, the repository refuses the save, and the cell shows again what it held."""
    adam = school.pupils["Adam Ash"]
    ht4 = school_repo.half_term(school.start_year, 4)
    app = app_for(school, class_name="4B")
    async with app.run_test(size=SIZE) as pilot:
        grid = await loaded(pilot, app, wait_until)
        before = grid.text_line(1).split()
        write(lambda: HalfTerm.update(locked_at=HalfTerm.start, lock_reason="reports").where(
            HalfTerm.id == ht4.id).execute())
        await pilot.press("right", "g")  # Adam's punctuality
        await app.screen.db.idle()
        assert "HT4 is locked" in text_of(app.screen.query_one("#attitude-message"))
        assert grid.text_line(1).split() == before  # the G is taken back
        assert "punctuality" not in saved(adam, ht4.id)
        assert isinstance(app.screen, AttitudeScreen)
