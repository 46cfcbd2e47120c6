"""A Year 11 pupil's own file on the secondary demo, at 80x24: the Targets tab shows each
subject's KS4 target, end-of-year target and FFT as the GCSE grades they are; a teacher of
the pupil raises the end-of-year target but may not set the KS4 one; SLT lowering the KS4
target is asked why, and never goes below FFT; a Year 8 pupil's KS3 target is a sub-stage, which
the Assertive Mentoring team raises. Every change is in the database and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input

from amtui.db.models import (
    AuditEntry, ClassStaff, FftEstimate, GroupMembership, LongTermTarget, Pupil, SchoolClass, Staff, Subject,
)
from amtui.domain.scale import default_scale
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.target import GradeTargetDialog
from amtui.ui.screens.pupil.page import PupilScreen

TODAY = dt.date(2026, 11, 30)  # the secondary demo's day
SIZE = (80, 24)


@pytest.fixture(scope="module")
def demo(secondary_demo):
    return secondary_demo


def year11(rank: int) -> Pupil:
    """A Year 11 pupil by name order (each test takes its own)."""
    return Pupil.select().where(Pupil.year_group == 11).order_by(Pupil.surname, Pupil.forename, Pupil.id)[rank]


def with_room_below_target() -> Pupil:
    """A Year 11 pupil (not the first) whose Maths KS4 target is above their FFT."""
    maths = Subject.get(Subject.name == "Maths")
    for pupil in Pupil.select().where(Pupil.year_group == 11).order_by(Pupil.surname, Pupil.forename, Pupil.id)[1:]:
        fft = FftEstimate.select(FftEstimate.substage).where(
            (FftEstimate.pupil == pupil) & (FftEstimate.subject == maths)).scalar()
        if fft and stored(pupil, "ks4") and int(fft) < int(stored(pupil, "ks4")[-1]):
            return pupil
    raise AssertionError("the demo has no Year 11 pupil with a Maths target above FFT")


def maths_teacher(pupil: Pupil) -> str:
    return (Staff.select(Staff.username).join(ClassStaff).join(SchoolClass).join(GroupMembership)
            .switch(SchoolClass).join(Subject)
            .where((GroupMembership.pupil == pupil) & (Subject.name == "Maths")).scalar())


def stored(pupil: Pupil, kind: str) -> list[str]:
    """The pupil's Maths targets of ``kind``, oldest first."""
    maths = Subject.get(Subject.name == "Maths")
    return [t.substage for t in LongTermTarget.select().where(
        (LongTermTarget.pupil == pupil) & (LongTermTarget.subject == maths) & (LongTermTarget.kind == kind))
        .order_by(LongTermTarget.id)]


def cells(table: DataTable, subject: str) -> list[str]:
    return next(r for r in ([str(c) for c in table.get_row_at(i)] for i in range(table.row_count)) if r[0] == subject)


async def maths_row(pilot, app, wait_until) -> DataTable:
    """The pupil's Targets tab, with Maths highlighted."""
    await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
    table = app.screen.query_one("#long-term", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0)
    table.move_cursor(row=next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == "Maths"))
    table.focus()
    await pilot.pause()
    return table


async def type_target(pilot, app, wait_until, key: str, new: str, reason: str = "") -> GradeTargetDialog:
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, GradeTargetDialog))
    dialog = app.screen
    dialog.query_one("#target-new", Input).value = ""
    await pilot.press(*new, "enter", *reason, "enter")
    return dialog


def app_for(demo, login: str, pupil: Pupil) -> AmtuiApp:
    return AmtuiApp(demo, login, screen="pupil", today=TODAY, screen_args={"pupil_id": pupil.id, "tab": "targets"})


async def test_the_pupils_grades_show_and_their_teacher_raises_the_year_target(demo, wait_until, text_of):
    pupil = year11(0)
    ks4, year = stored(pupil, "ks4")[-1], stored(pupil, "year")[-1]
    teacher = maths_teacher(pupil)
    app = app_for(demo, teacher, pupil)
    async with app.run_test(size=SIZE) as pilot:
        table = await maths_row(pilot, app, wait_until)
        assert [str(c.label) for c in table.columns.values()] == ["Subject", "KS4 target", "This year", "FFT"]
        row = cells(table, "Maths")
        assert row[1:3] == [ks4, year] and row[3] != "-"  # grades, not "-"
        higher = str(int(year) + 1)
        dialog = await type_target(pilot, app, wait_until, "plus", higher)
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and cells(table, "Maths")[2] == higher)
        assert stored(pupil, "year")[-1] == higher
        raised = AuditEntry.select().where(AuditEntry.action == "target.raise").order_by(AuditEntry.id.desc()).get()
        assert raised.login == teacher and raised.entity_id == str(pupil.id)
        assert "Saved" in text_of(app.screen.query_one("#targets-message"))
        await wait_until(pilot, lambda: f"raised from {year} to {higher}" in text_of(app.screen.query_one("#target-history")))
        # a teacher may not set the KS4 target: said at k, before one is typed; nothing saved
        await pilot.press("k")
        await wait_until(pilot, lambda: "Assertive Mentoring" in text_of(app.screen.query_one("#targets-message")))
        assert isinstance(app.screen, PupilScreen) and stored(pupil, "ks4")[-1] == ks4


async def test_slt_lowering_the_key_stage_target_is_asked_why_and_not_below_fft(demo, wait_until, text_of):
    pupil = with_room_below_target()
    ks4 = stored(pupil, "ks4")[-1]
    app = app_for(demo, "mokafor", pupil)  # SLT and the AMT
    async with app.run_test(size=SIZE) as pilot:
        table = await maths_row(pilot, app, wait_until)
        fft = cells(table, "Maths")[3]
        below = str(int(fft) - 1)
        dialog = await type_target(pilot, app, wait_until, "k", below, "moved set")
        assert f"Change the Maths end of KS4 target (now {ks4} · FFT {fft})" in text_of(dialog.query_one(".dialog-title"))
        await wait_until(pilot, lambda: "FFT" in text_of(dialog.query_one("#dialog-error")))
        assert stored(pupil, "ks4")[-1] == ks4
        dialog.query_one("#target-reason", Input).value = ""
        dialog.query_one("#target-new", Input).value = fft
        dialog.query_one("#target-new", Input).focus()
        await pilot.press("enter", "enter")  # no reason: asked why
        await wait_until(pilot, lambda: "Say why" in text_of(dialog.query_one("#dialog-error")))
        assert app.screen is dialog and stored(pupil, "ks4")[-1] == ks4
        await pilot.press(*"moved set", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and cells(table, "Maths")[1] == fft)
        assert stored(pupil, "ks4")[-1] == fft
        await wait_until(pilot, lambda: f"lowered from {ks4} to {fft}: moved set" in text_of(app.screen.query_one("#target-history")))
        assert "KS4: " in text_of(app.screen.query_one("#target-history"))
        lowered = AuditEntry.select().where(AuditEntry.action == "target.lower").order_by(AuditEntry.id.desc()).get()
        assert lowered.login == "mokafor" and lowered.entity_id == str(pupil.id) and "moved set" in lowered.detail


async def test_a_year_8_pupils_key_stage_target_is_a_sub_stage_the_amt_raises(demo, wait_until, text_of):
    pupil = Pupil.select().where(Pupil.year_group == 8).order_by(Pupil.surname, Pupil.forename, Pupil.id).first()
    ks3 = stored(pupil, "ks3")[-1]
    up = default_scale().plus(default_scale().parse(ks3), 1).label
    app = app_for(demo, "radeyemi", pupil)  # a teacher on the Assertive Mentoring team
    async with app.run_test(size=SIZE) as pilot:
        table = await maths_row(pilot, app, wait_until)
        assert [str(c.label) for c in table.columns.values()][1] == "KS3 target"
        assert cells(table, "Maths")[1:3] == [ks3, stored(pupil, "year")[-1]]
        await type_target(pilot, app, wait_until, "k", up)
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and cells(table, "Maths")[1] == up)
        assert stored(pupil, "ks3")[-1] == up
        raised = AuditEntry.select().where(AuditEntry.action == "target.raise").order_by(AuditEntry.id.desc()).get()
        assert raised.login == "radeyemi" and raised.entity_id == str(pupil.id) and "ks3" in raised.detail
