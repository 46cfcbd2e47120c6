"""The return screen and the head of department's check with the Pilot at 80x24: what the
screen shows and what the database holds."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from amtui.db.models import AuditEntry, ProgressReturn, Pupil
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.returns.check import ReturnsCheckScreen
from amtui.ui.screens.returns.enter import ReturnScreen
from amtui.ui.screens.returns.missing import ReturnsMissingScreen
from tests.returns_school import TODAY, Y10, Y11, seed_with_open_returns

SIZE = (80, 24)


@pytest.fixture
def rschool(opened, tmp_path):
    seed_with_open_returns(tmp_path)
    return opened


def app_for(opened, login: str, screen: str) -> AmtuiApp:
    return AmtuiApp(opened, login, screen=screen, today=TODAY)


def stored(upn: str) -> tuple[str, str, str, str]:
    row = ProgressReturn.select().join(Pupil).where(Pupil.upn == upn).first()
    return (row.aob, row.projected, row.coursework, row.query) if row else None


def shown(screen) -> str:
    grid = screen.grid
    parts = [str(screen.query_one("#returns-title", Static).render())]
    parts += [grid.text_line(y) for y in range(grid.size.height)]
    parts += [str(screen.query_one("#returns-detail", Static).render()), str(screen.query_one("#returns-message").render())]
    return "\n".join(parts)


async def ready(pilot, wait_until, kind):
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind) and (
        getattr(pilot.app.screen, "sheet", None) or getattr(pilot.app.screen, "rows", None)))
    return pilot.app.screen


async def test_year_11_takes_two_keys_a_pupil_overall_grades_then_coursework(rschool, wait_until):
    async with app_for(rschool, "maths1", "returns").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until, ReturnScreen)
        text = shown(screen)
        assert "Y10 Now · 10A/Ma1 Maths" in text or "Y11 Now · 11A/Ma1 Maths" in text
        while screen.sheet.group.name != "11A/Ma1":
            await pilot.press("right_square_bracket")
            await screen.db.idle()
        assert "Amy Ash" in shown(screen) and "Ben Birch" in shown(screen)
        assert screen.grid.cursor == (0, 3)
        await pilot.press("6")  # Amy: 6 overall, then on to Ben with no Enter
        assert screen.grid.cursor == (1, 3)
        await pilot.press("4")  # Ben's overall, then the coursework column from the top
        assert screen.grid.cursor == (0, 4)
        await pilot.press("5", "u")
        await screen.db.idle()
        assert stored(Y11[0]) == ("", "6", "5", "") and stored(Y11[1]) == ("", "4", "U", "")
        assert "Returned 2 of 2" in shown(screen)
        await pilot.press("left", "a")  # a is no grade
        assert "asks for a grade, not A, O or B" in shown(screen)
        assert AuditEntry.select().where(AuditEntry.action == "returns.enter").count() == 4


async def test_aob_is_one_key_a_pupil_and_a_grade_key_is_refused(rschool, wait_until):
    async with app_for(rschool, "maths1", "returns").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until, ReturnScreen)
        while screen.sheet.group.name != "10A/Ma1":
            await pilot.press("right_square_bracket")
            await screen.db.idle()
        await pilot.press("7")
        assert "Type a, o or b" in shown(screen)
        await pilot.press("a", "b")
        await screen.db.idle()
        assert stored(Y10[0])[0] == "A" and stored(Y10[1])[0] == "B"
        assert "A ab" in shown(screen) and "B be" in shown(screen)


async def test_the_footer_offers_the_keys_of_the_returns_kind_and_fits_80_columns(rschool, wait_until):
    # Both kinds' keys were shown, and the footer ran off at 80 columns ("f Find pupi").
    from meeting_pilot import screen_text

    async with app_for(rschool, "maths1", "returns").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until, ReturnScreen)
        for group, offered, not_offered in (("11A/Ma1", "0-9 u Grade", "a Above"), ("10A/Ma1", "a Above", "Grade")):
            while screen.sheet.group.name != group:
                await pilot.press("right_square_bracket")
                await screen.db.idle()
            await pilot.pause()
            footer = screen_text(pilot.app).splitlines()[-1]
            assert offered in footer and not_offered not in footer, footer
            words = {b.binding.description for b in screen.active_bindings.values() if b.binding.show}
            assert footer.split("▏")[0].rstrip().endswith(tuple(words)), footer  # its last key whole
        await pilot.press("7")  # a grade in an A/O/B return: refused, saying what to type
        assert "Type a, o or b" in shown(screen)
        await pilot.press("o")
        await screen.db.idle()
        assert stored(Y10[0])[0] == "O"


async def test_brackets_are_offered_only_where_there_is_another_group_or_return(rschool, wait_until):
    # "[ ] Group" / "[ ] Return" showed with nothing to go to, and the key did nothing.
    from meeting_pilot import screen_text

    for login, screen_name, kind, others in (("hist1", "returns", ReturnScreen, False),
                                             ("maths1", "returns", ReturnScreen, True),
                                             ("hodh", "returns-check", ReturnsCheckScreen, False),
                                             ("admin", "returns-check", ReturnsCheckScreen, True)):
        async with app_for(rschool, login, screen_name).run_test(size=SIZE) as pilot:
            screen = await ready(pilot, wait_until, kind)
            await pilot.pause()
            footer = screen_text(pilot.app).splitlines()[-1]
            assert ("[ ]" in footer) == others, (login, footer)
            if not others:
                before = screen.sheet.group.name if kind is ReturnScreen else screen.index
                await pilot.press("right_square_bracket")
                message = "#returns-message" if kind is ReturnScreen else "#check-message"
                assert "only" in str(screen.query_one(message).render()), login
                assert before == (screen.sheet.group.name if kind is ReturnScreen else screen.index)


async def test_with_fine_grades_the_line_says_a_grade_waits_for_its_plus_or_minus(rschool, wait_until):
    # It said "the cursor moves on by itself" after 9-1, and with fine grades it waits.
    from amtui.db.models import SchoolSetting

    SchoolSetting.create(key="fine_grades", value="yes")
    async with app_for(rschool, "maths1", "returns").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until, ReturnScreen)
        while screen.sheet.group.name != "11A/Ma1":
            await pilot.press("right_square_bracket")
            await screen.db.idle()
        await pilot.pause()
        detail = str(screen.query_one("#returns-detail", Static).render())
        assert "9-1 then + or - (Enter: whole)" in detail and "by itself" not in detail and len(detail) < 78
        await pilot.press("6")
        assert screen.grid.cursor == (0, 3)  # waiting for + or -
        await pilot.press("plus", "5", "enter")
        await screen.db.idle()
        assert stored(Y11[0])[1] == "6+" and stored(Y11[1])[1] == "5" and screen.grid.cursor == (0, 4)


async def test_the_hod_approves_and_queries_and_the_teacher_sees_the_query(rschool, wait_until):
    from amtui.db.repo import returns
    from amtui.db.repo.staff import identify
    from tests.returns_school import subject_id, window as named

    now = named("Y11 Now")
    maths = Pupil.get(Pupil.upn == Y11[0])
    for upn, grade in ((Y11[0], "6"), (Y11[1], "3")):
        returns.save_return(identify("hodm"), now.id, Pupil.get(Pupil.upn == upn).id, subject_id("Maths"),
                            returns.Entry(projected=grade), TODAY)
    async with app_for(rschool, "hodm", "returns-check").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until, ReturnsCheckScreen)
        title = str(screen.query_one("#check-title", Static).render())
        assert "Y11 Now · Maths · 2 to check of 4" in title
        await pilot.press("y")  # Amy (first by group and name) approved
        await wait_until(pilot, lambda: "1 grade approved" in str(screen.query_one("#check-message").render()))
        assert ProgressReturn.get(ProgressReturn.pupil == maths.id).checked_by.username == "hodm"
        await pilot.press("down", "q")
        await pilot.press(*"Mocks say 5")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "went back to the teacher" in str(screen.query_one("#check-message").render()))
        assert stored(Y11[1])[3] == "Mocks say 5"
    async with app_for(rschool, "maths1", "returns").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until, ReturnScreen)
        while screen.sheet.group.name != "11A/Ma1":
            await pilot.press("right_square_bracket")
            await screen.db.idle()
        assert screen.grid.cursor[0] == 1  # straight to the queried pupil
        assert "QUERIED - Mocks say 5" in shown(screen) and "QUERY" in shown(screen)
        await pilot.press("5", "tab")
        await screen.db.idle()
        assert stored(Y11[1]) == ("", "5", "", "")  # answered: the query is cleared


async def test_a_teacher_may_not_open_the_check_and_the_missing_list_names_who_to_chase(rschool, wait_until):
    async with app_for(rschool, "maths1", "returns-check").run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReturnsCheckScreen))
        await pilot.pause(0.1)
        assert "Only a Head of department" in str(pilot.app.screen.query_one("#check-title", Static).render())
    async with app_for(rschool, "admin", "returns-missing").run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReturnsMissingScreen)
                         and "Not yet returned" in str(pilot.app.screen.query_one("#missing-title", Static).render()))
        title = str(pilot.app.screen.query_one("#missing-title", Static).render())
        assert "Not yet returned: 7" in title and "Y11 Now" in title and "Y10 Now" in title


async def test_a_teacher_sees_on_home_that_a_return_of_theirs_was_queried(rschool, wait_until):
    from amtui.db.repo import returns
    from amtui.db.repo.staff import identify
    from tests.returns_school import subject_id, window as named

    now = named("Y11 Now")
    amy = Pupil.get(Pupil.upn == Y11[0]).id
    returns.save_return(identify("maths1"), now.id, amy, subject_id("Maths"), returns.Entry(projected="6"), TODAY)
    returns.query(identify("hodm"), ProgressReturn.get(ProgressReturn.pupil == amy).id, "Check the mock")
    async with app_for(rschool, "maths1", None).run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "1 of your returns queried by a head of department"
                         in str(pilot.app.screen.query_one("#referrals-note", Static).render()))
