"""SLT monitoring and the progress meeting on screen, against a hand count of the small school
(see tests/unit/meetings/test_monitoring_repo.py for the counts themselves)."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import Meeting, Staff
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.meeting.mentees import MenteesScreen
from meeting_pilot import settle, until_text
from meeting_school import add_meeting_records


@pytest.fixture
def held(school):
    school.ids = add_meeting_records(school)

    def add() -> None:
        start = dt.datetime.combine(school.today - dt.timedelta(days=1), dt.time(10))
        for name, minutes in (("Callum Cole", 14), ("Bella Brown", 22)):
            Meeting.create(pupil=school.pupils[name], mentor=school.staff["tester"], status="done",
                           started_at=start, ended_at=start + dt.timedelta(minutes=minutes))

    write(add)
    return school


def cells(app, table_id) -> list[list[str]]:
    table = app.screen.query_one(table_id)
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def test_monitor_per_mentor_class_and_chasing(held):
    async with AmtuiApp(held.opened, "head", screen="monitor", today=held.today).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "HT4 Spring 2", "5 pupils have no mentor", "Tess Tester")
        assert cells(pilot.app, "#mon-mentors") == [
            ["Jo Smith", "1", "0", "0", "! 1", "-", "0%"],
            ["Tess Tester", "3", "2", "1", "! 1", "18", "67%"]]
        await pilot.press("2")
        await settle(pilot)
        rows = {(r[0], r[1]): r[2:] for r in cells(pilot.app, "#mon-classes")}
        assert rows[("4B", "Reading")] == ["2", "100% (2)", "0% (0)", "0% (0)", "0% (0)"]
        assert rows[("6R", "Reading")] == ["1", "0% (0)", "0% (0)", "0% (0)", "100% (1)"]
        await pilot.press("3")
        await settle(pilot)
        assert cells(pilot.app, "#mon-chasing") == [["6R", "Reading", "Jo Smith", "0/1"],
                                                    ["4B", "Reading", "Tess Tester", "1/2"]]
        await until_text(pilot, "Jo Smith", "0/1")
        await pilot.press("left_square_bracket")
        await until_text(pilot, "HT3 Spring 1")
        await pilot.press("1")
        await settle(pilot)
        tess = next(r for r in cells(pilot.app, "#mon-mentors") if r[0] == "Tess Tester")
        assert tess[2:6] == ["1", "0", "! 2", "20"]  # HT3: Zoë met (20 min); Adam and Callum missed
        await pilot.press("enter")  # the most overdue first: the tester's mentees
        await until_text(pilot, "Mentees of Tess Tester: 3", "Adam Ash")
        assert isinstance(pilot.app.screen, MenteesScreen)


async def test_a_long_mentor_name_ends_with_an_ellipsis_and_opens_their_mentees_by_the_whole_name(held):
    write(lambda: Staff.update(name="Tess Tester-Montgomery").where(Staff.username == "tester").execute())
    async with AmtuiApp(held.opened, "head", screen="monitor", today=held.today).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "HT4 Spring 2", "Tess Tester-Montg…")
        assert [r[0] for r in cells(pilot.app, "#mon-mentors")] == ["Jo Smith", "Tess Tester-Montg…"]
        await pilot.press("down", "enter")
        await until_text(pilot, "Mentees of Tess Tester-Montgomery: 3", "Adam Ash")


async def test_monitoring_is_for_leaders(held):
    async with AmtuiApp(held.opened, "tester", screen="monitor", today=held.today).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Only Head of department or Head of year or Senior leadership or Assertive")  # the Assertive Mentoring team too
        assert cells(pilot.app, "#mon-mentors") == []


async def test_progress_meeting_lists_and_class_gaps(held):
    async with AmtuiApp(held.opened, "tester", screen="progress", today=held.today).run_test(size=(80, 24)) as pilot:
        shown = await until_text(pilot, "Progress meeting HT4 Spring 2, the whole school", "need support")
        assert cells(pilot.app, "#pm-excelled") == []
        await pilot.press("2")
        await settle(pilot)
        support = {r[0]: r[2] for r in cells(pilot.app, "#pm-support")}
        assert set(support) == {"Zoë O'Neill", "Adam Ash", "Ella Evans"}
        assert support["Adam Ash"] == "missed mentoring meeting"
        assert support["Zoë O'Neill"] == "below target in Maths (2E, expected 3D); re…"  # within 44 columns
        whole = "Zoë O'Neill: below target in Maths (2E, expected 3D); red attitude: homework"
        assert any(why.startswith(whole) for why in pilot.app.screen.reasons.values())  # whole below the table
        await pilot.press("c")
        await until_text(pilot, "Which class?")
        await pilot.press("down", "enter")  # 4B
        shown = await until_text(pilot, "Progress meeting HT4 Spring 2, class 4B")
        assert {r[0] for r in cells(pilot.app, "#pm-support")} == {"Zoë O'Neill", "Adam Ash"}
        await pilot.press("3")
        shown = await until_text(pilot, "4B Reading, stage 2 bank, 2 pupils", "Groups:")
        assert "St 2 Securing: Adam Ash" in shown and "St 2 Developing: Zoë O'Neill" in shown
        assert "R2/25" in shown and "0/2" in shown
