"""A save made after another session took the person's role away (or took them off the staff
list) is refused on screen with why, and nothing reaches the database: the save weighs the
person as the database holds them, not as the screen was opened for."""

from __future__ import annotations

from amtui.db.connection import write
from amtui.db.models import AuditEntry, RecordEvent, SchoolSetting, Staff
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.records import LogEventDialog
from amtui.ui.screens.pupil.page import PupilScreen
from meeting_pilot import settle, until_text
from test_school_screens import go_to_row, replace_text

SIZE = (80, 24)


def meanwhile(login: str, **values) -> None:
    """Another session changes ``login``'s staff row."""
    write(lambda: Staff.update(**values).where(Staff.username == login).execute())


async def test_a_setting_saved_after_the_role_went_is_refused_on_screen_and_nothing_is_stored(school, notifications):
    app = AmtuiApp(school.opened, "head", screen="settings", today=school.today)  # SLT when it opens
    async with app.run_test(size=SIZE) as pilot:
        notes = notifications(app)
        await until_text(pilot, "target_steps")
        await go_to_row(pilot, "#settings-table", "target_steps")
        meanwhile("head", roles="teacher")
        await pilot.press("enter")
        await until_text(pilot, "Value:")
        await replace_text(pilot, "4")
        await pilot.press("enter")
        await settle(pilot)
        assert ("error", "Only Senior leadership or Admin may change school settings.") in notes
    assert not SchoolSetting.select().where(SchoolSetting.key == "target_steps").exists()
    assert not AuditEntry.select().where(AuditEntry.action == "setting.change").exists()


async def test_a_reward_logged_after_the_person_left_is_refused_in_the_dialog_and_nothing_is_logged(
        school, wait_until, text_of):
    pupil = school.pupils["Adam Ash"]
    app = AmtuiApp(school.opened, "tester", screen="pupil", screen_args={"pupil_id": pupil}, today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
        logged = RecordEvent.select().where(RecordEvent.pupil == pupil).count()
        meanwhile("tester", active=False)
        await pilot.press("l", "enter", *"Great reading", "enter")
        await wait_until(pilot, lambda: "Not saved" in text_of(app.screen.query_one("#dialog-error")))
        assert isinstance(app.screen, LogEventDialog)  # still open, to be put right or cancelled
        assert "You are not on the staff list, so you cannot log a reward" in text_of(
            app.screen.query_one("#dialog-error"))
    assert RecordEvent.select().where(RecordEvent.pupil == pupil).count() == logged
