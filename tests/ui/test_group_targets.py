"""Grade targets on screen: a teacher sets their group's end-of-year targets; the AMT raises an
end-of-KS4 target; SLT lowering one is asked why; a refusal is said and nothing is saved."""

from __future__ import annotations

from amtui.db.models import AuditEntry, LongTermTarget, Pupil
from amtui.ui.app import AmtuiApp
from tests.returns_school import TODAY, Y11, Y12, add_sixth_form, seed_returns_school


def targets(upn: str, kind: str) -> list[str]:
    rows = (LongTermTarget.select().join(Pupil)
            .where((Pupil.upn == upn) & (LongTermTarget.kind == kind)).order_by(LongTermTarget.id))
    return [row.substage for row in rows]


def titles_and_first_row(table) -> tuple[list[str], list[str]]:
    return [str(c.label) for c in table.columns.values()], [str(c) for c in table.get_row_at(0)]


def targets_app(opened, login: str, group: str) -> AmtuiApp:
    return AmtuiApp(opened, login, screen="targets", screen_args={"group": group}, today=TODAY)


async def open_targets(app, pilot, wait_until, text_of):
    """The Grade targets screen once its group is shown, and its table."""
    from amtui.ui.screens.targets.group import GroupTargetsScreen

    group = app.start_args["group"]
    await wait_until(pilot, lambda: isinstance(app.screen, GroupTargetsScreen) and app.screen.rows
                     and group in text_of(app.screen.query_one("#targets-head")))
    return app.screen, app.screen.query_one("#targets-table")


async def test_a_teacher_sets_an_end_of_year_target_from_the_key_stage_one(opened, tmp_path, wait_until, text_of):
    seed_returns_school(tmp_path)
    app = targets_app(opened, "maths1", "11A/Ma1")
    async with app.run_test(size=(100, 24)) as pilot:
        screen, table = await open_targets(app, pilot, wait_until, text_of)
        assert titles_and_first_row(table) == (["Pupil", "FFT", "KS4 target", "This year"], ["Amy Ash", "-", "7", "-"])
        await pilot.press("t")  # offered the KS4 target, 7
        await wait_until(pilot, lambda: app.screen is not screen)
        assert app.screen.query_one("#line").value == "7"
        await pilot.press("enter")
        await wait_until(pilot, lambda: [str(c) for c in table.get_row_at(0)][3] == "7")
        assert targets(Y11[0], "year") == ["7"]
        await pilot.press("k")  # a teacher may not set the KS4 target: told at once, not after typing one
        await wait_until(pilot, lambda: any("Assertive Mentoring" in str(n.message) for n in app._notifications))
        assert app.screen is screen
        assert targets(Y11[0], "ks4") == ["7"] and "Traceback" not in text_of(screen.query_one("#targets-head"))


async def test_slt_lowering_a_key_stage_target_is_asked_why_and_it_is_kept(opened, tmp_path, wait_until, text_of):
    seed_returns_school(tmp_path)
    app = targets_app(opened, "admin", "11A/Ma1")
    async with app.run_test(size=(100, 24)) as pilot:
        screen, table = await open_targets(app, pilot, wait_until, text_of)
        await pilot.press("k")
        await wait_until(pilot, lambda: app.screen is not screen)
        app.screen.query_one("#line").value = "6"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is not screen
                         and "from 7 to 6" in text_of(app.screen.query_one(".dialog-note")))
        assert targets(Y11[0], "ks4") == ["7"]
        await pilot.press(*"set changed", "enter")
        await wait_until(pilot, lambda: app.screen is screen and str(table.get_row_at(0)[2]) == "6")
        assert targets(Y11[0], "ks4") == ["7", "6"]
        lowered = AuditEntry.select().where(AuditEntry.action == "target.lower").get()
        assert lowered.login == "admin" and "set changed" in lowered.detail


async def test_a_sixth_form_group_has_no_key_stage_target_and_the_screen_says_why(opened, tmp_path, wait_until,
                                                                                  text_of):
    seed_returns_school(tmp_path)
    add_sixth_form(tmp_path)
    app = targets_app(opened, "admin", "12A/Ma1")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_targets(app, pilot, wait_until, text_of)
        assert titles_and_first_row(table) == (["Pupil", "FFT", "Key stage", "This year"],
                                               ["Gil Gorse", "-", "none", "6"])
        await pilot.press("k")  # not offered: said why, no dialog
        await wait_until(pilot, lambda: any("no end-of-key-stage target: in the sixth form" in str(n.message)
                                            for n in app._notifications))
        assert app.screen is screen and targets(Y12[0], "ks4") == [] and targets(Y12[0], "ks3") == []
        await pilot.press("t")  # the course's end-of-year target, a grade as in KS4
        await wait_until(pilot, lambda: app.screen is not screen)
        assert "a GCSE grade" in text_of(app.screen.query_one(".dialog-note"))
        app.screen.query_one("#line").value = "7"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and str(table.get_row_at(0)[3]) == "7")
        assert targets(Y12[0], "year") == ["6", "7"]
        assert AuditEntry.select().where(AuditEntry.action == "target.raise").count() == 1


async def test_enter_opens_the_highlighted_pupils_file(opened, tmp_path, wait_until, text_of):
    """The footer offers "⏎ Open": it opens the pupil's file, where their target history is."""
    from amtui.ui.screens.pupil.page import PupilScreen

    seed_returns_school(tmp_path)
    app = targets_app(opened, "maths1", "11A/Ma1")
    async with app.run_test(size=(100, 24)) as pilot:
        screen, table = await open_targets(app, pilot, wait_until, text_of)
        amy = Pupil.get(Pupil.upn == Y11[0])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen))
        assert app.screen.pupil_id == amy.id
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
