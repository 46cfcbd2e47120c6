"""Changes a teacher did not mean are never silent on the class grid: a fill that would
replace crosses asks first, a wrap to the next pupil is said and shown, messages go when
they stop being true, and the same login in a second session is told of the other's change."""

from __future__ import annotations

from amtui.db.models import Criterion, CriterionMark
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from amtui.ui.dialogs.confirm import Confirm
from test_class_grid import grid_school, open_grid, ready, settled  # noqa: F401 (grid_school: a fixture)


def message(screen) -> str:
    return str(screen.query_one("#grid-message").render())


def new_codes(pupil_id: int, after: int) -> list[str]:
    return [m.code for m in CriterionMark.select().where(CriterionMark.pupil == pupil_id, CriterionMark.id > after)]


def newest_id() -> int:
    return CriterionMark.select().order_by(CriterionMark.id.desc()).first().id


async def test_a_fill_that_would_replace_crosses_asks_first_and_says_how_many(grid_school, wait_until):
    adam = grid_school.pupils["Adam Ash"]  # 20 crosses in his row
    before = newest_id()
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("F", "full_stop")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, Confirm))
        assert "Replace 20 crosses with '.'? y/n" in str(pilot.app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await wait_until(pilot, lambda: pilot.app.screen is screen)
        await settled(pilot, wait_until, screen)
        assert new_codes(adam, before) == [] and "Not filled" in message(screen)
        assert screen.data.record.cell(adam, screen.data.criteria[0].id).code is Code.CROSS

        await pilot.press("F", "full_stop")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: pilot.app.screen is screen)
        await settled(pilot, wait_until, screen)
        assert new_codes(adam, before) == ["."] * 30


async def test_a_fill_that_replaces_no_cross_goes_ahead(grid_school, wait_until):
    bella = grid_school.pupils["Bella Brown"]  # nothing set yet
    before = newest_id()
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("down", "F")
        assert "Fill Bella Brown's whole row with" in message(screen)
        await pilot.press("full_stop")
        await settled(pilot, wait_until, screen)
        assert pilot.app.screen is screen
        assert "Fill" not in message(screen)  # the question is answered: it goes
        assert new_codes(bella, before) == ["."] * 30


async def test_a_block_fill_over_crosses_asks_too(grid_school, wait_until):
    adam = grid_school.pupils["Adam Ash"]
    before = newest_id()
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("shift+right", "shift+right", "space")  # three of Adam's crosses
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, Confirm))
        assert "Replace 3 crosses with blank?" in str(pilot.app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")
        await settled(pilot, wait_until, screen)
        assert new_codes(adam, before) == []


async def test_wrapping_to_the_next_pupil_is_said_and_the_row_shown(grid_school, wait_until):
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("end", "slash")  # Adam's last criterion: the cursor wraps to Bella
        await settled(pilot, wait_until, screen)
        assert screen.grid.cursor[0] == 1
        await wait_until(pilot, lambda: "Next pupil: Bella Brown" in message(screen))
        assert screen.grid.wrapped_row == 1
        name = screen.grid.cell_at(0, screen.grid.header_lines + 1 - screen.grid.top)[1]
        assert name.reverse  # the row the cursor went to stands out
        await pilot.press("right")  # the next key: the notice has had its moment
        assert "Next pupil" not in message(screen)


async def test_down_the_column_the_wrap_to_the_next_criterion_is_said(grid_school, wait_until):
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        pupils = len(screen.data.pupils)
        await pilot.press("d", *["full_stop"] * pupils)
        await settled(pilot, wait_until, screen)
        assert screen.grid.cursor == (0, screen.grid.cursor[1]) and screen.grid.wrapped_row == 0
        await wait_until(pilot, lambda: "Next column: 2, from the top (Adam Ash)" in message(screen))


async def test_nothing_to_undo_goes_at_the_next_key(grid_school, wait_until):
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("ctrl+y")
        assert "Nothing to redo." in message(screen)
        await pilot.press("right")
        assert "Nothing to redo." not in message(screen)
        await pilot.press("u")
        assert "Nothing to undo." in message(screen)
        await pilot.press("x")
        await settled(pilot, wait_until, screen)
        assert "Nothing to undo." not in message(screen)


async def test_the_same_login_in_another_session_is_told_of_a_later_change(grid_school, wait_until):
    adam = grid_school.pupils["Adam Ash"]
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("full_stop")  # Adam's R2/1 -> .
        await settled(pilot, wait_until, screen)
        r2_1 = Criterion.get(Criterion.ref == "R2/1").id
        # The same teacher, in a second window, sets it again: not this session's entry.
        save_codes(identify("tester"), screen.data.half_term, [CodeChange(adam, r2_1, Code.CROSS)])
        await wait_until(pilot, lambda: "You, in another session, changed a code you had just set"
                         in message(screen), timeout=2.5)
        assert screen.data.record.cell(adam, r2_1).code is Code.CROSS


async def test_the_same_login_is_told_when_a_save_replaces_its_other_sessions_entry(grid_school, wait_until,
                                                                                     monkeypatch):
    from amtui.db.repo import class_grid

    adam = grid_school.pupils["Adam Ash"]
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        monkeypatch.setattr(class_grid, "data_version", lambda: -1)  # this screen sees no change
        screen.data_version = -1
        r2_1 = Criterion.get(Criterion.ref == "R2/1").id
        save_codes(identify("tester"), screen.data.half_term, [CodeChange(adam, r2_1, Code.LINE)])
        await pilot.press("full_stop")
        await settled(pilot, wait_until, screen)
        assert "You, in another session, had set '/' here" in message(screen)


async def test_quick_changes_to_one_cell_in_one_session_are_not_reported(grid_school, wait_until, type_at_once):
    async with open_grid(grid_school).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        type_at_once(pilot.app, ["full_stop", "u", "U", "u"])  # saves of one cell queue behind each other
        await wait_until(pilot, lambda: not screen.undo_stack and screen.redo_stack)
        await settled(pilot, wait_until, screen)
        assert "another session" not in message(screen) and "had set" not in message(screen)
