"""What a screen offers when it opens or is read again (r) is for the person as the database
holds them then, read in the same job as the screen's data, not as at login: a role or a
department taken away by another session is no longer offered, one given is. The saves'
own checks stay the enforcement: a save by the person as they were is still refused."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from amtui.db.connection import write
from amtui.db.models import ProgressReturn, Pupil, Staff
from amtui.db.repo import groups, returns
from amtui.db.repo.staff import identify
from amtui.domain.errors import UserFacingError
from amtui.domain.roles import Role
from amtui.ui.screens.home.home import HomeScreen
from amtui.ui.screens.returns.check import ReturnsCheckScreen
from amtui.ui.screens.returns.missing import ReturnsMissingScreen
from test_returns_screens import SIZE, app_for, rschool  # noqa: F401 (rschool: a fixture)
from tests.returns_school import TODAY, Y11, subject_id, window


def roles_of(login: str, roles: str) -> None:
    """Another session changes ``login``'s roles."""
    write(lambda: Staff.update(roles=roles).where(Staff.username == login).execute())


def line(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def home_read(pilot, wait_until) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    await app.screen.db.idle()


async def test_the_check_opened_after_the_hod_role_went_offers_nothing_and_r_offers_it_once_given_back(
        rschool, wait_until):
    now, maths = window("Y11 Now"), subject_id("Maths")
    for upn, grade in ((Y11[0], "6"), (Y11[1], "3")):
        returns.save_return(identify("hodm"), now.id, Pupil.get(Pupil.upn == upn).id, maths,
                            returns.Entry(projected=grade), TODAY)
    amy = ProgressReturn.get(ProgressReturn.pupil == Pupil.get(Pupil.upn == Y11[0]).id).id
    async with app_for(rschool, "hodm", None).run_test(size=SIZE) as pilot:
        app = pilot.app
        await home_read(pilot, wait_until)
        as_at_login = app.user
        roles_of("hodm", "teacher")  # while the check is closed
        app.open_screen("returns-check")
        await wait_until(pilot, lambda: isinstance(app.screen, ReturnsCheckScreen)
                         and "Only a Head of department" in line(app, "#check-title"))
        screen = app.screen
        assert screen.table.row_count == 0 and Role.HOD not in app.user.roles
        assert app.sub_title == "Hope Head · Teacher"
        await pilot.press("y")
        await screen.db.idle()
        assert "no projected grade to approve" in str(screen.query_one("#check-message").render())
        with pytest.raises(UserFacingError):  # the save by the person as at login: refused
            returns.approve(as_at_login, [amy])
        assert ProgressReturn.get_by_id(amy).checked_by is None

        roles_of("hodm", "teacher;hod")  # given back while the check is open
        await pilot.press("r")
        await wait_until(pilot, lambda: "Y11 Now · Maths · 2 to check of 4" in line(app, "#check-title"))
        assert Role.HOD in app.user.roles and app.sub_title == "Hope Head · Teacher, Head of department"
        await pilot.press("y")
        await wait_until(pilot, lambda: ProgressReturn.get_by_id(amy).checked_by is not None)
        assert ProgressReturn.get_by_id(amy).checked_by.username == "hodm"


async def test_the_missing_list_opened_after_a_department_was_given_lists_it_and_r_after_it_went_does_not(
        rschool, wait_until):
    async with app_for(rschool, "maths1", None).run_test(size=SIZE) as pilot:
        app = pilot.app
        await home_read(pilot, wait_until)
        roles_of("maths1", "teacher;hod")  # made head of Maths while the list is closed
        groups.set_remit("admin", identify("maths1").staff_id, subject_id=subject_id("Maths"))
        app.open_screen("returns-missing")
        await wait_until(pilot, lambda: isinstance(app.screen, ReturnsMissingScreen)
                         and "Not yet returned" in line(app, "#missing-title"))
        assert "Not yet returned: 6" in line(app, "#missing-title")  # Maths only: History is not theirs
        assert subject_id("Maths") in app.user.hod_subjects
        assert app.sub_title == "Mo Maths · Teacher, Head of department"

        roles_of("maths1", "teacher")
        await pilot.press("r")
        await wait_until(pilot, lambda: "chase returns" in line(app, "#missing-title"))
        assert app.screen.query_one("#missing-table").row_count == 0
        assert Role.HOD not in app.user.roles and app.sub_title == "Mo Maths · Teacher"


async def test_the_return_screen_opened_after_a_group_was_given_offers_it_and_the_session_knows(
        rschool, wait_until):
    from amtui.db.models import SchoolClass
    from amtui.db.repo import staffing
    from amtui.ui.screens.returns.enter import ReturnScreen
    from test_home_reads_again import ADMIN

    async with app_for(rschool, "maths2", None).run_test(size=SIZE) as pilot:
        app = pilot.app
        await home_read(pilot, wait_until)
        staffing.teach(ADMIN, "maths2", "11A/Ma1", TODAY)  # while the return screen is closed
        app.open_screen("returns")
        await wait_until(pilot, lambda: isinstance(app.screen, ReturnScreen) and app.screen.choices)
        assert "11A/Ma1" in {group.name for _, group in app.screen.choices}
        assert SchoolClass.get(SchoolClass.name == "11A/Ma1").id in app.user.class_ids
