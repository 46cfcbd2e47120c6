"""Keys typed before a dialog, a pushed screen or a list has taken the focus go to it, in
order, as a quick mentor or teacher on a slow link types them (``type_at_once``: every key
sent before the first is handled); keys typed before the one that opens it stay with the
screen below."""

from __future__ import annotations

import datetime as dt

from amtui.db.models import AuditEntry, InterventionAssignment, Meeting, Target
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.confirm import Confirm
from amtui.ui.screens.meeting.meeting import MeetingScreen
from meeting_pilot import go_to_step, screen_text, settle, until_text
from meeting_school import add_meeting_records
from test_class_grid import grid_school, open_grid, ready, settled  # noqa: F401 (grid_school: a fixture)
from test_grid_notices import new_codes, newest_id

BURST_SECONDS = 40  # a burst's keys are handed on one by one: on a machine this busy, slowly


def meeting_app(school) -> AmtuiApp:
    add_meeting_records(school)
    return AmtuiApp(school.opened, "tester", screen="meeting", today=school.today,
                    screen_args={"pupil_id": school.pupils["Zoë O'Neill"]})


def agreed(meeting_id: int) -> list[tuple[int, int | None, dt.date | None]]:
    """The interventions agreed in the meeting: (intervention, who runs it, until)."""
    return [(a.intervention_id, a.staff_id, a.end) for a in
            InterventionAssignment.select().where(InterventionAssignment.meeting == meeting_id)]


async def test_a_target_ticked_then_the_intervention_dialog_typed_ahead(school, type_at_once):
    async with meeting_app(school).run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 5)
        meeting = app.screen
        # A target ticked on step 5, the next step, the bank's dialog and its first entry agreed.
        type_at_once(app, ["space", "pagedown", "n", "enter"])
        shown = await until_text(pilot, "6. Interventions", "agreed in this meeting", timeout=BURST_SECONDS)
        await settle(pilot)
        assert app.screen is meeting and "Agree an intervention" not in screen_text(app)
        assert meeting.step == 6
    assert Target.select().where(Target.meeting == meeting.meeting_id, Target.criterion.is_null(False)).count() == 1
    assert [iv for iv, _, _ in agreed(meeting.meeting_id)] == [1], shown


async def who_and_until_typed_ahead(school, type_at_once, *bursts: tuple[list[str], tuple[str, ...]]) -> None:
    """On step 6, each burst typed at once and its texts waited for; the last types the
    date 42 days on into "until". The intervention is agreed with who runs it and until."""
    until = school.today + dt.timedelta(days=42)
    async with meeting_app(school).run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 6)
        meeting = app.screen
        for keys, texts in bursts:
            type_at_once(app, [*keys, *(f"{until:%d/%m/%Y}" if keys[-1] == "tab" else [])])
            await until_text(pilot, *texts, timeout=BURST_SECONDS)
        await until_text(pilot, f"{until:%d/%m/%y}", timeout=BURST_SECONDS)
        await settle(pilot)
        assert app.focused.id == "iv-until" and not app.screen.query_one("#iv-who").expanded
    [(_, who, end)] = agreed(meeting.meeting_id)
    assert who is not None and end == until


async def test_the_staff_list_and_the_date_typed_ahead(school, type_at_once):
    """The bank's first entry agreed, then its "who" field, the field's list opened, the
    second name in it kept, and the date."""
    await who_and_until_typed_ahead(school, type_at_once, (["n", "enter"], ("agreed in this meeting",)),
                                    (["tab", "enter", "down", "enter", "tab"], ()))


async def test_an_intervention_its_who_and_until_typed_in_one_burst(school, type_at_once):
    """Typed straight on, before the agreed row is read back: the keys wait for it, then
    fill its fields (they went to empty fields, and were lost)."""
    await who_and_until_typed_ahead(
        school, type_at_once, (["n", "enter", "tab", "enter", "down", "enter", "tab"], ("agreed in this meeting",)))


async def test_an_amendment_and_its_reason_typed_ahead(school, type_at_once):
    async with meeting_app(school).run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 8)
        await pilot.press(*f"{school.today + dt.timedelta(days=28):%d/%m/%Y}", "tab", "tab", *"Agreed", "ctrl+f")
        await until_text(pilot, "a amends")
        await settle(pilot)
        meeting = app.screen
        type_at_once(app, ["a", *"Mistyped", "enter"])  # amend, and the reason why
        await until_text(pilot, "AMENDING", timeout=BURST_SECONDS)
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and "Amend a finished meeting" not in screen_text(app)
        await pilot.press("end", *"Twice")
        await settle(pilot)
    assert Meeting.get_by_id(meeting.meeting_id).outcome == "AgreedTwice"
    reasons = [a.detail for a in AuditEntry.select().where(AuditEntry.action == "meeting.amend.amend")]
    assert len(reasons) == 1 and "Mistyped" in str(reasons[0])


async def test_the_grid_fill_confirmed_typed_ahead(grid_school, wait_until, type_at_once):
    adam = grid_school.pupils["Adam Ash"]  # 20 crosses in his row: the fill asks first
    before = newest_id()
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        type_at_once(pilot.app, ["F", "full_stop", "y"])
        await wait_until(pilot, lambda: len(new_codes(adam, before)) == 30)
        await settled(pilot, wait_until, screen)
        assert pilot.app.screen is screen and not isinstance(pilot.app.screen, Confirm)
    assert new_codes(adam, before) == ["."] * 30
