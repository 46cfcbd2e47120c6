"""A head of year opening another year's pupil file or group grid is told why on the screen, with
no traceback and nothing of the pupil shown; their own year's pupil and group open."""

from __future__ import annotations

from amtui.db.models import Pupil
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.pupil.page import PupilScreen
from tests.returns_school import TODAY, Y10, Y11, _import, seed_returns_school


def page(opened, upn: str) -> AmtuiApp:
    pupil = Pupil.get(Pupil.upn == upn).id
    return AmtuiApp(opened, "hoy11", screen="pupil", screen_args={"pupil_id": pupil}, today=TODAY)


async def test_a_head_of_year_is_refused_another_years_file_and_reads_their_own(opened, tmp_path, wait_until,
                                                                               text_of):
    seed_returns_school(tmp_path)
    _import(tmp_path, "staff", "username,name,roles,heads\nhoy11,Yan Head,hoy,Year 11\n")
    app = page(opened, Y10[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and "own year's pupils only" in text_of(app.screen.query_one("#pupil-head")))
        head = text_of(app.screen.query_one("#pupil-head"))
        assert "A head of year reads their own year's pupils only (Year 11), not Year 10's." in head
        assert app.screen.file is None and "Elm" not in head and "Traceback" not in head
    app = page(opened, Y11[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file)
        assert "Ash" in text_of(app.screen.query_one("#pupil-head"))


async def test_a_head_of_year_is_refused_another_years_group_grid_and_sees_their_own(opened, tmp_path, wait_until,
                                                                                    text_of):
    from amtui.ui.screens.grid.class_grid import ClassGridScreen

    seed_returns_school(tmp_path)
    _import(tmp_path, "staff", "username,name,roles,heads\nhoy11,Yan Head,hoy,Year 11\n")
    for group, allowed in (("10A/Ma1", False), ("11A/Ma1", True)):
        app = AmtuiApp(opened, "hoy11", screen="class_grid", screen_args={"class_name": group, "subject": "Maths"},
                       today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen)
                             and (app.screen.data is not None or "own year's" in text_of(app.screen.query_one("#grid-title"))))
            title = text_of(app.screen.query_one("#grid-title"))
            if allowed:
                assert app.screen.data.school_class.name == "11A/Ma1" and "own year's" not in title
            else:
                assert app.screen.data is None
                assert "A head of year reads their own year's pupils only (Year 11), not Year 10's." in title
