"""Pilot tests at 80x24: raising and lowering long-term targets as a teacher and as SLT."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from amtui.db.models import LongTermTarget, Subject, Target
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.target import NewTargetDialog, TargetDialog
from amtui.ui.screens.pupil.page import PupilScreen
from pupil_extras import add_extras

SIZE = (80, 24)


def reading_targets(pupil: int) -> list[tuple[str, str, str]]:
    reading = Subject.get(Subject.code == "R")
    return [(t.substage, t.reason, t.set_by.username if t.set_by_id else "") for t in
            LongTermTarget.select().where(LongTermTarget.pupil == pupil, LongTermTarget.subject == reading)
            .order_by(LongTermTarget.id)]


def app_for(school, login: str, pupil: str) -> AmtuiApp:
    return AmtuiApp(school.opened, login, screen="pupil", today=school.today,
                    screen_args={"pupil_id": school.pupils[pupil], "tab": "targets"})


async def opened(pilot, app, wait_until) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
    await wait_until(pilot, lambda: app.screen.query_one("#long-term", DataTable).row_count > 0)


async def raise_dialog(pilot, app, wait_until) -> TargetDialog:
    """Zoë's page, then + on her Reading target: the dialog to raise it."""
    await opened(pilot, app, wait_until)
    await pilot.press("plus")
    assert isinstance(app.screen, TargetDialog)
    return app.screen


async def change(pilot, key: str, new: str | None, reason: str) -> None:
    """Open the dialog with + or -, type the sub-stage (None: keep the suggestion) and the reason."""
    await pilot.press(key)
    if new is not None:
        app = pilot.app
        app.screen.query_one("#target-new", Input).value = ""
        await pilot.press(*new)
    await pilot.press("enter", *reason, "enter")


async def test_a_teacher_raises_her_pupils_target_but_may_not_lower_it(school, wait_until, text_of):
    add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]
    app = app_for(school, "tester", "Zoë O'Neill")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await raise_dialog(pilot, app, wait_until)
        assert dialog.query_one("#target-new", Input).value == "St 2 Ready"  # one step up, suggested
        assert "(now St 1 Securing · FFT Aspire St 1 Developing)" in text_of(dialog.query_one(".dialog-title"))
        await pilot.press("enter", *"Well ahead", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and "raised from St 1 Securing to St 2 Ready" in text_of(app.screen.query_one("#target-history")))
        assert reading_targets(zoe)[-1] == ("St 2 Ready", "Well ahead", "tester")
        history = text_of(app.screen.query_one("#target-history"))
        assert "Tess Tester raised from St 1 Securing to St 2 Ready: Well ahead" in history
        assert app.screen.query_one("#long-term", DataTable).get_row_at(0)[1].plain == "St 2 Ready"

        before = reading_targets(zoe)
        await pilot.press("minus")  # told at once: no dialog to fill in first
        await wait_until(pilot, lambda: "Only Senior leadership may lower a long-term target."
                         in text_of(app.screen.query_one("#targets-message")))
        assert isinstance(app.screen, PupilScreen)
        assert reading_targets(zoe) == before


async def test_a_teacher_may_not_raise_a_target_outside_her_classes(school, wait_until, text_of):
    ella = school.pupils["Ella Evans"]
    app = app_for(school, "tester", "Ella Evans")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, wait_until)
        before = reading_targets(ella)
        await change(pilot, "plus", None, "")
        await wait_until(pilot, lambda: "Not saved" in text_of(app.screen.query_one("#dialog-error")))
        assert "You may raise a long-term target only for your own classes." in \
            text_of(app.screen.query_one("#dialog-error"))
        assert reading_targets(ella) == before


async def test_slt_lowers_with_a_reason_never_below_fft(school, wait_until, text_of, notifications):
    add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]
    app = app_for(school, "head", "Zoë O'Neill")
    notices = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, wait_until)
        before = reading_targets(zoe)
        await change(pilot, "minus", "1E", "Long absence")
        dialog = app.screen
        await wait_until(pilot, lambda: "Not saved" in text_of(dialog.query_one("#dialog-error")))
        assert text_of(dialog.query_one("#dialog-error")) == \
            "Not saved: A target cannot go below the FFT Aspire estimate (St 1 Developing)"
        assert ("error", "A target cannot go below the FFT Aspire estimate (St 1 Developing)") in notices
        assert reading_targets(zoe) == before
        # Without a reason: refused too; then corrected in the same dialog.
        dialog.query_one("#target-new", Input).value = "St 1 Developing"
        dialog.query_one("#target-reason", Input).value = ""
        dialog.query_one("#target-reason", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Give a reason" in text_of(dialog.query_one("#dialog-error")))
        await pilot.press(*"Long absence", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and "lowered from St 1 Securing to St 1 Developing" in text_of(app.screen.query_one("#target-history")))
        assert reading_targets(zoe)[-1] == ("St 1 Developing", "Long absence", "head")
        history = text_of(app.screen.query_one("#target-history"))  # a line each, a longer one ends "…"
        assert "Hana Head lowered from St 1 Securing to St 1 Developing: Long absen…" in history


async def test_tick_drop_and_add_targets(school, wait_until, text_of):
    add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]
    app = app_for(school, "tester", "Zoë O'Neill")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, wait_until)
        others = app.screen.query_one("#other-targets", DataTable)
        others.focus()
        first = Target.select().where(Target.pupil == zoe, Target.kind == "medium", Target.status == "open") \
            .order_by(Target.set_at.desc(), Target.id.desc()).first()
        await pilot.press("x")
        await wait_until(pilot, lambda: Target.get_by_id(first.id).status == "dropped")
        await wait_until(pilot, lambda: [str(others.get_row_at(i)[1]) for i in range(others.row_count)].count(
            "dropped") == 1)
        await pilot.press("n")
        assert isinstance(app.screen, NewTargetDialog)
        await pilot.press(*"Use capital letters for names", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and Target.select().where(Target.kind == "short").count() == 1)
        assert Target.get(Target.kind == "short").text == "Use capital letters for names"


async def test_letters_typed_straight_after_enter_land_in_the_next_field(school, wait_until, type_at_once):
    add_extras(school)
    app = app_for(school, "tester", "Zoë O'Neill")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await raise_dialog(pilot, app, wait_until)
        type_at_once(app, ["enter", *"Ahead"])
        await wait_until(pilot, lambda: dialog.query_one("#target-reason", Input).value == "Ahead")
        assert dialog.query_one("#target-new", Input).value == "St 2 Ready"  # nothing typed into it


async def test_a_target_fewer_than_three_steps_above_the_baseline_is_saved_with_a_note(school, wait_until, text_of):
    app = app_for(school, "tester", "Zoë O'Neill")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, wait_until)
        await pilot.press("down")  # Writing: baseline St 2 Ready, no target yet
        await pilot.press("plus")
        assert isinstance(app.screen, TargetDialog)
        assert app.screen.query_one("#target-new", Input).value == "St 2 Emerging"
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and "Saved. Note:" in text_of(app.screen.query_one("#targets-message")))
        assert "St 2 Emerging is 1 step above the baseline St 2 Ready, fewer than the 3" in text_of(
            app.screen.query_one("#targets-message"))
        await pilot.press("plus")
        app.screen.query_one("#target-new", Input).value = ""
        await pilot.press(*"St 2 Ready", "enter", "enter")
        dialog = app.screen
        await wait_until(pilot, lambda: "Not saved" in text_of(dialog.query_one("#dialog-error")))
        assert "must be above the baseline (St 2 Ready)" in text_of(dialog.query_one("#dialog-error"))
