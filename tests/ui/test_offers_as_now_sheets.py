"""The entry sheets (attitude, weekly tests, half-term tests, Big Write) read who the person is
now with the sheet, in the same job: whether they may enter is decided for the person as the
database holds them when the sheet opens or is read again, not as at login. A save by the
person as they were is still refused by the database."""

from __future__ import annotations

import pytest

from amtui.db.connection import write
from amtui.db.models import AttitudeRecord, WeeklyLevel, WeeklyResult
from amtui.db.repo import attitude, staffing
from amtui.db.repo import school as school_repo
from amtui.db.repo import weekly as weekly_repo
from amtui.domain.errors import UserFacingError
from amtui.domain.roles import Role
from amtui.domain.ryg import RYG
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.attitude.sheet import AttitudeScreen
from amtui.ui.screens.weekly.sheet import WeeklyScreen
from test_app_shell import SIZE, on_home
from test_halfterm import test_school  # noqa: F401 (a fixture)
from test_home_reads_again import ADMIN
from test_offers_as_now import roles_of


async def at_home(pilot, wait_until) -> None:
    await wait_until(pilot, lambda: on_home(pilot.app))
    await pilot.app.screen.db.idle()


def this_week(pupil: int, week) -> list[int | None]:
    return [r.score for r in WeeklyResult.select().where(WeeklyResult.pupil == pupil,
                                                          WeeklyResult.sat_on == week.sitting_day)]


def ratings(pupil: int, half_term: int) -> set[tuple]:
    return {(r.aspect, r.rating) for r in AttitudeRecord.select().where(
        AttitudeRecord.pupil == pupil, AttitudeRecord.half_term == half_term)}


async def test_attitude_opened_after_the_teacher_role_went_is_read_only_and_f5_after_it_came_back_takes_ratings(
        school, wait_until, text_of):
    adam, ht4 = school.pupils["Adam Ash"], school_repo.half_term(school.start_year, 4)
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot, wait_until)
        as_at_login = app.user
        roles_of("tester", "mentor")  # while attitude is closed
        app.open_screen("attitude", class_name="4B")
        await wait_until(pilot, lambda: isinstance(app.screen, AttitudeScreen) and app.screen.model is not None)
        message = lambda: text_of(app.screen.query_one("#attitude-message"))  # noqa: E731
        assert message().startswith("Read-only: ") and Role.TEACHER not in app.user.roles
        assert app.sub_title == "Tess Tester · Mentor"
        await pilot.press("right", "g")
        assert message().startswith("Not saved: ") and not ratings(adam, ht4.id)
        with pytest.raises(UserFacingError):  # the save by the person as at login: refused
            attitude.save_rating(as_at_login, ht4, adam, "punctuality", RYG("G"), school.today)
        assert not ratings(adam, ht4.id)

        roles_of("tester", "teacher;mentor")
        await pilot.press("f5")
        await wait_until(pilot, lambda: Role.TEACHER in app.user.roles and "Read-only" not in message())
        await pilot.press("g")
        await app.screen.db.idle()
        assert "G" in {rating for _, rating in ratings(adam, ht4.id)}
        assert app.sub_title == "Tess Tester · Teacher, Mentor"


async def test_weekly_sheet_opened_after_a_class_was_given_takes_a_score_and_r_after_the_role_went_refuses(
        school, wait_until, text_of):
    finn, week = school.pupils["Finn Ford"], weekly_repo.school_week(school.today)
    write(lambda: WeeklyLevel.create(pupil=finn, level="Level 2", started_on=week.plus(-5).monday))
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot, wait_until)
        staffing.teach(ADMIN, "tester", "6R", school.today)  # while the weekly sheet is closed
        app.open_screen("weekly", class_name="6R")
        await wait_until(pilot, lambda: isinstance(app.screen, WeeklyScreen) and app.screen.sheet)
        screen = app.screen
        assert school.classes["6R"] in app.user.class_ids
        await pilot.press("2", "2")
        await screen.db.idle()
        assert this_week(finn, week) == [22]

        as_before = app.user
        roles_of("tester", "mentor")
        await pilot.press("r")
        await wait_until(pilot, lambda: Role.TEACHER not in app.user.roles)
        await pilot.press("up", "1", "8")
        await screen.db.idle()
        assert "weekly test scores" in text_of(screen.query_one("#weekly-message"))
        with pytest.raises(UserFacingError):  # the save by the person as before: refused
            weekly_repo.save_score(as_before, finn, week, 18, school.today)
        assert this_week(finn, week) == [22]


async def test_half_term_test_opened_after_the_teacher_role_went_is_read_only_and_r_after_it_came_back_takes_marks(
        test_school, wait_until):
    from amtui.db.models import HalfTermAnswer
    from amtui.ui.screens.halfterm.sheet import HalfTermScreen
    from test_halfterm import shown

    app = AmtuiApp(test_school.opened, "tester", today=test_school.today)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot, wait_until)
        roles_of("tester", "mentor")
        app.open_screen("halfterm", class_name="4B")
        await wait_until(pilot, lambda: isinstance(app.screen, HalfTermScreen) and app.screen.sheet)
        screen = app.screen
        await wait_until(pilot, lambda: "Read-only: " in shown(screen))
        await pilot.press("1")
        await screen.db.idle()
        assert not HalfTermAnswer.select().exists()

        roles_of("tester", "teacher;mentor")
        await pilot.press("r")
        await wait_until(pilot, lambda: Role.TEACHER in app.user.roles)
        await pilot.press("1")
        await screen.db.idle()
        assert HalfTermAnswer.select().count() == 1


async def test_a_big_write_piece_opened_after_the_teacher_role_went_is_read_only_and_opened_again_takes_ratings(
        school, wait_until, text_of):
    from amtui.db.models import BigWriteRating
    from amtui.ui.screens.bigwrite.sheet import BigWriteScreen
    from pupil_extras import add_extras
    from test_bigwrite_entry import open_piece

    add_extras(school)
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot, wait_until)
        roles_of("tester", "mentor")
        app.open_screen("bigwrite", class_name="4B")
        await wait_until(pilot, lambda: isinstance(app.screen, BigWriteScreen) and app.screen.state == "bigwrite-pieces")
        await open_piece(pilot, app, wait_until)
        message = lambda: text_of(app.screen.query_one("#bigwrite-message"))  # noqa: E731
        assert message().startswith("Read-only: ") and app.sub_title == "Tess Tester · Mentor"
        before = BigWriteRating.select().count()
        await pilot.press("g")
        await app.screen.db.idle()
        assert BigWriteRating.select().count() == before

        roles_of("tester", "teacher;mentor")
        await pilot.press("escape")
        await open_piece(pilot, app, wait_until)
        assert not message().startswith("Read-only")
        await pilot.press("g")
        await app.screen.db.idle()
        assert BigWriteRating.select().count() == before + 1


async def test_the_class_grid_opened_after_the_teacher_role_went_is_read_only_and_opened_again_after_it_came_back_saves(
        school, wait_until):
    from amtui.db.models import Criterion, CriterionMark
    from amtui.db.repo.marks import CodeChange, save_codes
    from amtui.domain.codes import Code
    from amtui.ui.screens.grid.class_grid import ClassGridScreen

    args = {"class_name": "4B", "subject": "Reading"}
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot, wait_until)
        as_at_login = app.user
        roles_of("tester", "mentor")
        app.open_screen("class_grid", **args)
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        screen, count = app.screen, CriterionMark.select().count()
        assert "read-only" in str(screen.query_one("#grid-title").render())
        await pilot.press("x")
        await screen.db.idle()
        assert CriterionMark.select().count() == count
        first = Criterion.get(Criterion.id == screen.data.criteria[0].id).id
        with pytest.raises(UserFacingError):  # the save by the person as at login: refused
            save_codes(as_at_login, screen.data.half_term, [CodeChange(school.pupils["Adam Ash"], first, Code.CROSS)],
                       today=school.today)

        roles_of("tester", "teacher;mentor")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ClassGridScreen))
        app.open_screen("class_grid", **args)
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        assert "read-only" not in str(app.screen.query_one("#grid-title").render())
        await pilot.press("x")
        await app.screen.db.idle()
        assert CriterionMark.select().count() == count + 1


async def test_a_pupil_page_read_again_after_the_person_became_a_head_of_another_year_only_is_refused(
        school, wait_until, text_of):
    from amtui.db import models
    from amtui.ui.screens.pupil.page import PupilScreen

    app = AmtuiApp(school.opened, "tester", screen="pupil", screen_args={"pupil_id": school.pupils["Adam Ash"]},
                   today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
        head = lambda: text_of(app.screen.query_one("#pupil-head"))  # noqa: E731
        assert "Adam Ash" in head()
        roles_of("tester", "hoy")  # now a head of Year 6 only; Adam is in Year 4
        write(lambda: models.StaffRemit.create(staff=school.staff["tester"], year_group=6))
        await pilot.press("r")
        await wait_until(pilot, lambda: "A head of year reads their own year's pupils only" in head())
        roles_of("tester", "teacher;mentor;hoy")  # a teacher too: reads every pupil again
        await pilot.press("r")
        await wait_until(pilot, lambda: "Adam Ash" in head())
        assert app.user.roles == {Role.TEACHER, Role.MENTOR, Role.HOY} and app.user.hoy_years == {6}
        assert app.sub_title == "Tess Tester · Teacher, Mentor, Head of year"


async def test_the_weekly_sheet_open_learns_of_a_role_taken_away_with_the_change_poll(school, wait_until, text_of):
    """Nobody presses r: the sheet's poll reads the person with the sheet when something
    was saved, so a score is refused on screen as soon as the role has gone."""
    week = weekly_repo.school_week(school.today)
    adam = school.pupils["Adam Ash"]
    write(lambda: WeeklyLevel.create(pupil=adam, level="Level 2", started_on=week.plus(-5).monday))
    app = AmtuiApp(school.opened, "tester", screen="weekly", screen_args={"class_name": "4B"}, today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WeeklyScreen) and app.screen.sheet)
        screen = app.screen
        roles_of("tester", "mentor")
        await wait_until(pilot, lambda: Role.TEACHER not in app.user.roles, timeout=8)
        assert app.sub_title == "Tess Tester · Mentor"
        await pilot.press("2", "2")
        await screen.db.idle()
        assert "weekly test scores" in text_of(screen.query_one("#weekly-message"))
        assert this_week(adam, week) == []
