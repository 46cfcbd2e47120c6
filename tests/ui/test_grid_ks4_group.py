"""A Year 10-13 teaching group on the class grid: KS4 is measured in GCSE grades, so where
nobody in the group works in a stage bank the grid says so plainly and r opens the progress
return; a group whose pupils do work in a stage gets the usual grid."""

from __future__ import annotations

import dataclasses

from amtui.db.connection import write
from amtui.db.models import Pupil, Subject, WorkingStage
from amtui.ui.app import AmtuiApp
from tests.returns_school import TODAY, Y11, _import, add_sixth_form, seed_with_open_returns, subject_id


def grid(opened, group: str = "11A/Ma1") -> AmtuiApp:
    return AmtuiApp(opened, "maths1", screen="class_grid", screen_args={"class_name": group, "subject": "Maths"},
                    today=TODAY)


async def test_a_year_11_group_with_no_stage_is_sent_to_the_progress_return(opened, tmp_path, wait_until, text_of):
    from amtui.ui.screens.grid.class_grid import ClassGridScreen
    from amtui.ui.screens.returns.enter import ReturnScreen

    seed_with_open_returns(tmp_path)
    assert WorkingStage.select().where(WorkingStage.subject == subject_id("Maths")).count() == 0
    app = grid(opened)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        screen = app.screen
        assert screen.data.pupils == []
        assert "11A/Ma1 · Maths · GCSE grades · " in text_of(screen.query_one("#grid-title"))
        assert "r opens the progress return" in text_of(screen.query_one("#grid-criterion"))
        assert "Years 10 to 13 are measured in GCSE grades" in screen.said and "press r" in screen.said
        assert "returns" in {b.binding.action for b in screen.active_bindings.values()}
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReturnScreen) and app.screen.sheet)
        assert "11A/Ma1 Maths" in text_of(app.screen.query_one("#returns-title"))


async def test_a_year_11_group_working_in_a_stage_gets_the_grid_and_no_return_key(opened, tmp_path, wait_until,
                                                                                  text_of):
    from amtui.ui.screens.grid.class_grid import ClassGridScreen

    seed_with_open_returns(tmp_path)
    code = Subject.get(Subject.name == "Maths").code
    _import(tmp_path, "criteria", f"subject,stage,ref,text\nMaths,7,{code}7/1,Solves quadratic equations\n")
    write(lambda: WorkingStage.create(pupil=Pupil.get(Pupil.upn == Y11[0]), subject=subject_id("Maths"), stage=7))
    app = grid(opened)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        screen = app.screen
        assert [p.upn for p in screen.data.pupils] == [Y11[0]]
        assert "St 7 bank (1)" in text_of(screen.query_one("#grid-title"))
        assert "GCSE grades" not in screen.said
        assert "returns" not in {b.binding.action for b in screen.active_bindings.values()}
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen


async def test_a_group_working_in_a_stage_with_no_bank_of_criteria_is_told_so_with_no_traceback(
        opened, tmp_path, wait_until, text_of):
    from amtui.ui.screens.grid.class_grid import ClassGridScreen

    seed_with_open_returns(tmp_path)
    write(lambda: WorkingStage.create(pupil=Pupil.get(Pupil.upn == Y11[0]), subject=subject_id("Maths"), stage=7))
    app = grid(opened)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        await pilot.pause()
        screen = app.screen
        assert screen.data.pupils == [] and screen.data.stages_in_class == {7: 1}
        assert "There is no Maths stage 7 bank of criteria yet, for the 1 working in it" in screen.said
        assert "amtui import criteria" in screen.said


async def test_a_sixth_form_group_is_measured_in_grades_too_and_a_year_9_one_is_not(opened, tmp_path, wait_until,
                                                                                       text_of):
    """The boundary: Year 12 reads grades as Years 10-11 do (domain.grades.in_grades)."""
    from amtui.ui.screens.grid.class_grid import ClassGridScreen, graded_instead

    seed_with_open_returns(tmp_path)
    add_sixth_form(tmp_path)
    app = grid(opened, "12A/Ma1")
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        screen = app.screen
        assert "12A/Ma1 · Maths · GCSE grades · " in text_of(screen.query_one("#grid-title"))
        assert "Years 10 to 13 are measured in GCSE grades" in screen.said
        data = screen.data
    for year_group, grades in ((9, False), (10, True), (12, True), (13, True)):
        school_class = dataclasses.replace(data.school_class, year_group=year_group)
        assert graded_instead(dataclasses.replace(data, school_class=school_class)) is grades
