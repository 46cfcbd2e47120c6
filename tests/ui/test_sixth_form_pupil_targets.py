"""A sixth-former's Targets tab at 80x24 (README, "Years 12-13"): no end-of-key-stage target
("none", and k says why, saving nothing); the course's end-of-year target is a GCSE grade,
raised by their teacher, in the database and the tab's history."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from amtui.db.models import LongTermTarget, Pupil
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.target import GradeTargetDialog
from amtui.ui.screens.pupil.page import PupilScreen
from tests.returns_school import TODAY, Y12, add_sixth_form, seed_returns_school


def kinds(upn: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in (LongTermTarget.select().join(Pupil).where(Pupil.upn == upn).order_by(LongTermTarget.id)):
        found.setdefault(row.kind, []).append(row.substage)
    return found


async def test_a_year_12_pupil_has_no_key_stage_target_and_a_graded_year_one(opened, tmp_path, wait_until, text_of):
    seed_returns_school(tmp_path)
    add_sixth_form(tmp_path)
    gil = Pupil.get(Pupil.upn == Y12[0])
    app = AmtuiApp(opened, "maths1", screen="pupil", today=TODAY, screen_args={"pupil_id": gil.id, "tab": "targets"})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
        table = app.screen.query_one("#long-term", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        table.focus()
        assert [str(c.label) for c in table.columns.values()] == ["Subject", "Key stage target", "This year", "FFT"]
        assert [str(c) for c in table.get_row_at(0)] == ["Maths", "none", "6", "-"]
        await pilot.press("k")
        await wait_until(pilot, lambda: "in the sixth form each course's target is its end-of-year target"
                         in text_of(app.screen.query_one("#targets-message")))
        assert isinstance(app.screen, PupilScreen) and kinds(Y12[0]) == {"year": ["6"]}
        await pilot.press("plus")
        await wait_until(pilot, lambda: isinstance(app.screen, GradeTargetDialog))
        dialog = app.screen
        assert dialog.query_one("#target-new", Input).placeholder == "e.g. 7 (a GCSE grade)"
        dialog.query_one("#target-new", Input).value = ""
        await pilot.press("7", "enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and str(table.get_row_at(0)[2]) == "7")
        assert kinds(Y12[0]) == {"year": ["6", "7"]}
        await wait_until(pilot, lambda: "Mo Maths raised from 6 to 7" in text_of(app.screen.query_one("#target-history")))
