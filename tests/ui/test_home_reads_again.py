"""Home read again (r) knows the person as the database holds them now: a role and a class
given since login show in the title and the classes, and count for every screen opened after."""

from __future__ import annotations

from amtui.db.connection import write
from amtui.db.models import Staff
from amtui.db.repo import staffing
from amtui.db.repo.staff import CurrentUser
from amtui.domain.roles import Role
from test_app_shell import SIZE, on_home

ADMIN = CurrentUser("admin", None, "Ann Admin", roles=frozenset({Role.ADMIN, Role.SLT}))


async def test_a_role_and_a_class_given_since_login_show_when_home_is_read_again(make_app, school, wait_until,
                                                                                  text_of):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        assert app.sub_title == "Tess Tester · Teacher, Mentor"
        write(lambda: Staff.update(roles="teacher;mentor;slt").where(Staff.username == "tester").execute())
        staffing.teach(ADMIN, "tester", "6R", school.today)
        await pilot.press("r")
        await wait_until(pilot, lambda: "6R" in text_of(app.screen.query_one("#classes")))
        await wait_until(pilot, lambda: app.who_in_full == "Tess Tester · Teacher, Mentor, Senior leadership")
        assert app.sub_title == "Tess Tester · Teacher, Mentor +1"  # what fits at 80 columns
        assert Role.SLT in app.user.roles and school.classes["6R"] in app.user.class_ids


async def test_home_reads_its_figures_for_the_person_as_read_in_the_same_job(make_app, school, wait_until,
                                                                             monkeypatch):
    """r reads who the person is and home's figures for that person in one job: the figures
    are never read for the person as they were before (admin given since login: the
    checklist of the first day is read for them; taken away: not)."""
    from amtui.db.repo import home as home_repo
    from amtui.ui.screens.home import home as home_screen

    asked: list[frozenset[Role]] = []
    real = home_repo.home_data
    monkeypatch.setattr(home_screen, "home_data", lambda user, today: (asked.append(user.roles), real(user, today))[1])
    setups: list[bool] = []
    monkeypatch.setattr(home_screen, "setup_done", lambda: (setups.append(True), {"pupils": True})[1])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await app.screen.db.idle()
        assert asked == [frozenset({Role.TEACHER, Role.MENTOR})] and not setups
        write(lambda: Staff.update(roles="teacher;admin").where(Staff.username == "tester").execute())
        await pilot.press("r")
        await app.screen.db.idle()
        assert asked[-1] == frozenset({Role.TEACHER, Role.ADMIN}) and setups == [True]
        assert app.user.roles == asked[-1] and app.sub_title == "Tess Tester · Teacher, Admin"
        write(lambda: Staff.update(roles="teacher").where(Staff.username == "tester").execute())
        await pilot.press("r")
        await app.screen.db.idle()
        assert asked[-1] == frozenset({Role.TEACHER}) and setups == [True]  # no longer an admin's checklist
        assert app.sub_title == "Tess Tester · Teacher"


async def test_the_class_picker_marks_a_class_given_since_login_as_theirs(school, wait_until):
    from amtui.ui.app import AmtuiApp
    from amtui.ui.dialogs.class_subject import ClassSubjectChooser
    from amtui.ui.widgets.class_picker import ClassPicker

    app = AmtuiApp(school.opened, "tester", screen="home", today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        staffing.teach(ADMIN, "tester", "6R", school.today)  # after login: not in the session's user
        assert school.classes["6R"] not in app.user.class_ids
        app.open_screen("class_grid")
        await wait_until(pilot, lambda: isinstance(app.screen, ClassSubjectChooser)
                         and app.screen.query_one(ClassPicker).option_count)
        picker = app.screen.query_one(ClassPicker)
        prompts = [str(picker.get_option_at_index(i).prompt) for i in range(picker.option_count)]
        assert [p.split()[0] for p in prompts if "yours" in p] == ["4B", "6R"]
