"""A read for who the person is now (``read_as_now``) that is refused still tells the session
who that person is: the title and the footer stop offering what is gone, and the screen says
why. The meeting reads its agenda that way too, so a mentor whose role went sees it as they
now may."""

from __future__ import annotations

import datetime as dt

from amtui.db.connection import write
from amtui.db.models import AuditEntry, Meeting, MeetingCheck, Staff
from amtui.db.repo import staffing
from amtui.db.repo.staff import Refused, identify, with_person
from amtui.domain.roles import Role
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.meeting.mentees import MenteesScreen
from meeting_pilot import screen_text, settle, until_text
from test_home_reads_again import ADMIN
from test_offers_as_now_sheets import at_home
from test_meeting_screen import meeting_app, zoe  # noqa: F401 (zoe: a fixture)
from test_offers_as_now import roles_of

SIZE = (80, 24)


def leaves(login: str, day: dt.date) -> None:
    """The admin's session takes ``login`` off the staff list (the school keeps an admin)."""
    write(lambda: Staff.create(username="admin", name="Ann Admin", roles="admin"))
    staffing.leave(ADMIN, login, day)


def meeting_rows(meeting_id: int) -> tuple[list[tuple], int]:
    """What the database holds of the meeting: its row, its ticks, and the audit's length."""
    row = Meeting.get_by_id(meeting_id)
    ticks = sorted(MeetingCheck.select(MeetingCheck.item, MeetingCheck.done)
                   .where(MeetingCheck.meeting == meeting_id).tuples())
    return [(row.status, row.step, row.started_at), *ticks], AuditEntry.select().count()


async def test_a_mentor_whose_role_went_sees_the_meeting_read_only_at_the_next_reload_and_the_title_follows(
        school, zoe):
    async with meeting_app(school, zoe).run_test(size=SIZE) as pilot:
        app = pilot.app
        await until_text(pilot, "1. Preparation", "not started")
        await settle(pilot)
        screen = app.screen
        assert app.sub_title == "Tess Tester · Teacher, Mentor" and screen.ctx.editable
        assert "ctrl+f" in screen.active_bindings  # Finish offered
        before = meeting_rows(screen.meeting_id)

        roles_of("tester", "teacher")  # another session takes the mentor role away
        await pilot.press(*["down"] * 6, "space")  # the mentor's own tick: refused, then read again
        await settle(pilot)
        shown = await until_text(pilot, "read-only")
        title = screen.query_one("#step-title")
        await until_text(pilot, "mentoring meeting.")
        assert "may run a mentoring meeting." in str(title.render()) and title.size.height == 2  # whole at 80 columns
        assert app.sub_title == "Tess Tester · Teacher" and Role.MENTOR not in app.user.roles
        assert "Tess Tester · Teacher, Mentor" not in shown
        assert not screen.ctx.editable and not screen.agenda.meeting.may_edit
        assert "ctrl+f" not in screen.active_bindings  # Finish no longer offered
        await pilot.press("space")  # nothing is saved from a read-only meeting
        await settle(pilot)
        assert meeting_rows(screen.meeting_id) == before


async def test_a_meeting_opened_after_the_mentor_role_went_reads_for_them_now(school, zoe, wait_until):
    """Opened after the role went (since login): the opening and the agenda are read for the
    person now (the last meeting, read-only), and the title says so from the first read."""
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot, wait_until)
        assert app.sub_title == "Tess Tester · Teacher, Mentor"
        roles_of("tester", "teacher")
        app.open_screen("meeting", pupil_id=zoe)
        await until_text(pilot, "read-only")
        await settle(pilot)
        assert app.sub_title == "Tess Tester · Teacher" and not app.screen.ctx.editable
        assert not Meeting.select().where(Meeting.status == "in_progress").exists()


async def test_a_teacher_deactivated_meanwhile_opening_a_list_is_told_and_the_title_and_footer_follow(
        school, zoe, wait_until, text_of, notifications):
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        said = notifications(app)
        await at_home(pilot, wait_until)
        assert app.sub_title == "Tess Tester · Teacher, Mentor"
        leaves("tester", school.today)  # while the list is closed
        app.open_screen("mentees")
        await wait_until(pilot, lambda: isinstance(app.screen, MenteesScreen)
                         and "taken off the staff list" in text_of(app.screen.query_one("#mentees-head")))
        await app.screen.db.idle()
        assert app.screen.query_one("#mentees-table").row_count == 0  # nothing was read for them
        assert any("taken off the staff list" in text for _, text in said)
        assert app.user.left and not app.user.roles
        assert app.sub_title == "Tess Tester · off the staff list"
        assert "off the staff list" in screen_text(app)  # the header line as drawn
    assert not Staff.get(Staff.username == "tester").active


async def test_a_pupil_page_refused_to_a_head_of_another_year_gives_the_session_its_person(
        school, wait_until, text_of):
    """A refusal raised by the read itself (not the staff list): the person still reaches the
    session, so the title says what they now are."""
    from amtui.db import models
    from amtui.ui.screens.pupil.page import PupilScreen

    app = AmtuiApp(school.opened, "tester", screen="pupil", screen_args={"pupil_id": school.pupils["Adam Ash"]},
                   today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
        roles_of("tester", "hoy")  # now a head of Year 6 only; Adam is in Year 4
        write(lambda: models.StaffRemit.create(staff=school.staff["tester"], year_group=6))
        await pilot.press("r")
        await wait_until(pilot, lambda: "A head of year reads their own year's pupils only"
                         in text_of(app.screen.query_one("#pupil-head")))
        await app.screen.db.idle()
        assert app.user.roles == {Role.HOY} and app.user.hoy_years == {6}
        assert app.sub_title == "Tess Tester · Head of year"


def test_a_leaver_is_refused_every_read_with_the_person_and_reads_again_once_brought_back(school):
    tester = identify("tester", school.today)
    reads = []
    leaves("tester", school.today)
    person, found = with_person(tester, school.today, lambda p: reads.append(p) or "read")
    assert isinstance(found, Refused) and "taken off the staff list" in str(found.error)
    assert person.left and person.left_on == school.today and not reads
    staffing.add_staff(ADMIN, "tester", "Tess Tester", frozenset({Role.TEACHER}))
    again, found = with_person(person, school.today + dt.timedelta(days=1), lambda p: "read")
    assert found == "read" and not again.left and again.roles == {Role.TEACHER}


async def test_the_weekly_sheet_open_when_its_teacher_is_taken_off_the_staff_list_says_so_at_its_next_poll(
        school, wait_until, text_of):
    """Nobody presses r: the sheet's change poll reads the person with the sheet; a leaver's
    read is refused with the person, said on the sheet's message line, and the title follows."""
    from amtui.ui.screens.weekly.sheet import WeeklyScreen

    app = AmtuiApp(school.opened, "tester", screen="weekly", screen_args={"class_name": "4B"}, today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WeeklyScreen) and app.screen.sheet)
        screen = app.screen
        leaves("tester", school.today)
        await wait_until(pilot, lambda: "taken off the staff list" in text_of(screen.query_one("#weekly-message")),
                         timeout=8)
        await screen.db.idle()
        assert app.screen is screen and app.sub_title == "Tess Tester · off the staff list"
