"""A mentor replaced (by an admin's other session) in the middle of a meeting: their next save
is refused with the reason, and what they typed stays on their screen."""

from __future__ import annotations

from amtui.db.models import Meeting, Staff
from amtui.db.repo.meetings import change_mentor
from amtui.db.repo.staff import CurrentUser
from amtui.domain.roles import Role
from meeting_pilot import go_to_step, screen_text, settle, type_text, until_text
from test_meeting_screen import meeting_app, zoe, zoe_meeting  # noqa: F401 (zoe: a fixture)

ADMIN = CurrentUser("admin", None, "Ann Admin", roles=frozenset({Role.ADMIN, Role.SLT}))


async def test_a_replaced_mentors_next_save_is_refused_and_what_they_typed_stays(school, zoe, notifications):
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        notes = notifications(pilot.app)
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 4)
        await type_text(pilot, "Late")
        await settle(pilot)
        assert zoe_meeting().barriers == "Late"
        jo = Staff.get(Staff.username == "jsmith").id
        change_mentor(ADMIN, zoe, jo, "Tess is on leave", school.today)
        await type_text(pilot, " to bed")
        await settle(pilot)
        await until_text(pilot, "NOT SAVED")
        assert any("no longer this pupil's mentor" in text for _, text in notes)
        assert "Late to bed" in screen_text(pilot.app)  # kept on screen, to be passed on
    assert (zoe_meeting().barriers, Meeting.get_by_id(zoe_meeting().id).mentor_id) == ("Late", school.staff["tester"])
