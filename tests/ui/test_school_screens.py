"""The settings screen (SLT and admin) and the staff screen (admin): each change reaches the
database, checked and audited; a refusal is said on screen; others are told why not."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import AuditEntry, ClassStaff, HalfTerm, SchoolSetting, Staff
from amtui.domain.roles import Role
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.settings.settings import SettingsScreen
from amtui.ui.screens.staff.staff import StaffScreen
from meeting_pilot import settle, type_text, until_text


@pytest.fixture
def office(school):
    """The small school with an admin, 'office'."""
    write(lambda: Staff.create(username="office", name="Olly Office", roles="admin"))
    return school


def app_for(school, login: str, screen: str) -> AmtuiApp:
    return AmtuiApp(school.opened, login, screen=screen, today=school.today)


async def go_to_row(pilot, table_id: str, key: str) -> None:
    table = pilot.app.screen.query_one(table_id)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause(0.05)


async def replace_text(pilot, text: str) -> None:
    await pilot.press("ctrl+a", "ctrl+k")  # clear the field (home, then delete to the end)
    await type_text(pilot, text)


async def test_slt_changes_a_setting_and_a_refused_value_says_why(office, notifications):
    app = app_for(office, "head", "settings")
    async with app.run_test(size=(80, 24)) as pilot:
        notes = notifications(app)
        await until_text(pilot, "target_steps", "weekly_max")
        assert isinstance(app.screen, SettingsScreen)
        await go_to_row(pilot, "#settings-table", "HT3")  # the half-terms follow the settings, below the fold
        await until_text(pilot, "HT3")
        await go_to_row(pilot, "#settings-table", "target_steps")
        await until_text(pilot, "Steps above the baseline sub-stage")
        await pilot.press("enter")
        await until_text(pilot, "Value:")
        await replace_text(pilot, "40")
        await pilot.press("enter")
        await settle(pilot)
        assert any("target_steps must be 1 to 12 (not 40)" in text for severity, text in notes if severity == "error")
        await pilot.press("e")
        await until_text(pilot, "Value:")
        await replace_text(pilot, "4")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, "* 4", "1 changed from the default")
    assert SchoolSetting.get(SchoolSetting.key == "target_steps").value == "4"
    assert AuditEntry.select().where((AuditEntry.action == "setting.change") & (AuditEntry.login == "head")).count() == 1


async def test_an_admin_moves_a_half_term_and_overlaps_are_refused(office, notifications):
    app = app_for(office, "office", "settings")
    year = office.start_year
    async with app.run_test(size=(80, 24)) as pilot:
        notes = notifications(app)
        await until_text(pilot, "target_steps")
        await go_to_row(pilot, "#settings-table", "HT3")  # below the fold on 80x24: the cursor brings it into view
        await until_text(pilot, "HT3")
        await pilot.press("e")
        await until_text(pilot, "From", "first and last school day")
        await replace_text(pilot, f"05/01/{year + 1}")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, f"05/01/{year + 1} to")
        await pilot.press("e")
        await until_text(pilot, "first and last school day")
        await pilot.press("tab")
        await replace_text(pilot, f"01/04/{year + 1}")  # into HT4
        await pilot.press("enter")
        await settle(pilot)
        assert any("HT4 would start" in text for _, text in notes)
    starts = {n: s for n, s in HalfTerm.select(HalfTerm.number, HalfTerm.start).tuples()}
    assert starts[3] == dt.date(year + 1, 1, 5)


async def test_a_teacher_sees_why_not(office):
    app = app_for(office, "tester", "settings")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Only Senior leadership or Admin may change school settings")
        assert app.screen.query_one("#settings-table").row_count == 0
    app = app_for(office, "head", "staff")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Only Admin may manage staff")
        assert isinstance(app.screen, StaffScreen)


async def test_the_admin_adds_staff_moves_a_class_and_marks_a_leaver(office, notifications):
    app = app_for(office, "office", "staff")
    async with app.run_test(size=(80, 24)) as pilot:
        notes = notifications(app)
        await until_text(pilot, "tester", "Tess Tester", "4B")
        await pilot.press("n")
        await until_text(pilot, "Add a member of staff")
        await type_text(pilot, "newt")
        await pilot.press("tab")
        await type_text(pilot, "Nia Newton")
        await pilot.press("tab")
        await type_text(pilot, "teacher")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, "Nia Newton")
        await go_to_row(pilot, "#staff-table", "newt")
        await pilot.press("t")
        await until_text(pilot, "Nia Newton teaches")
        await type_text(pilot, "4B")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, "newt        Nia Newton            teacher           4B")
        assert any("Tess Tester no longer does from that day" in text for _, text in notes)
        await go_to_row(pilot, "#staff-table", "office")
        await pilot.press("l")
        await until_text(pilot, "Olly Office leaves")
        await pilot.press("enter")
        await settle(pilot)
        assert any("no active admin left" in text for severity, text in notes if severity == "error")
        await go_to_row(pilot, "#staff-table", "tester")
        await pilot.press("l")
        await until_text(pilot, "Tess Tester leaves")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, f"left {office.today:%d/%m/%Y}")
    newt = Staff.get(Staff.username == "newt")
    assert (newt.name, newt.roles, newt.active) == ("Nia Newton", "teacher", True)
    links = {(link.staff.username, link.end) for link in ClassStaff.select() if link.school_class.name == "4B"}
    assert links == {("tester", office.today), ("newt", None)}
    assert Staff.get(Staff.username == "tester").left_on == office.today
    assert Staff.get(Staff.username == "office").active
    actions = [a for (a,) in AuditEntry.select(AuditEntry.action).where(AuditEntry.login == "office").tuples()]
    assert actions == ["staff.add", "staff.teach", "staff.leave"]


async def test_a_new_schools_admin_sees_what_is_left_to_do(opened, text_of):
    from amtui.db.repo import staffing
    from amtui.db.repo.founding import found_school
    from amtui.db.repo.staff import identify

    found_school("Oak Primary", 2026, "office", "Olly Office")
    app = AmtuiApp(opened, "office", today=dt.date(2026, 9, 8))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await until_text(pilot, "First day", "[ ] Staff", "[ ] Pupils", "[ ] Criteria", "[ ] FFT")
        assert "[ ] Pupils    import pupils" in shown
        staffing.add_staff(identify("office"), "tom", "Tom Teach", frozenset({Role.TEACHER}))
        await pilot.press("r")
        await until_text(pilot, "[x] Staff", "[ ] Pupils")
    app = AmtuiApp(opened, "tom", today=dt.date(2026, 9, 8))
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Meetings overdue")  # a teacher sees the school's figures
        assert "First day" not in text_of(app.screen.query_one("#figures"))


async def test_the_school_is_renamed_in_its_own_row_from_the_settings_screen(office, notifications):
    from amtui.db.models import School
    from amtui.db.repo.school import school_name

    app = app_for(office, "office", "settings")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Oakfield Primary: 0 changed")
        await go_to_row(pilot, "#settings-table", "school_name")
        await pilot.press("enter")
        await until_text(pilot, "Value:")
        await replace_text(pilot, "Oakfield Academy")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, "Oakfield Academy: 0 changed")
    assert [s.name for s in School.select()] == ["Oakfield Academy"] and school_name() == "Oakfield Academy"
    assert not SchoolSetting.select().where(SchoolSetting.key == "school_name").exists()  # the one place
    entry = AuditEntry.select().where(AuditEntry.action == "setting.change").get()
    assert (entry.login, entry.entity_id) == ("office", "school_name") and '"old": "Oakfield Primary"' in entry.detail
