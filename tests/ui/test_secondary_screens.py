"""The class grid on a secondary school's teaching group (the secondary demo), at 80x24:
the group's teacher enters codes; a tutor who teaches another subject, and a head of year,
see the group read-only and save nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import ClassStaff, CriterionMark, SchoolClass, Staff, StaffRemit
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.grid.class_grid import ClassGridScreen

TODAY = dt.date(2026, 11, 30)
GROUP = "8X/Ma1"


@pytest.fixture(scope="module")
def demo(secondary_demo):
    return secondary_demo


def teacher_of(name: str) -> str:
    return (Staff.select(Staff.username).join(ClassStaff).join(SchoolClass)
            .where(SchoolClass.name == name).order_by(Staff.id).scalar())


def grid(demo, login: str, class_name: str = GROUP) -> AmtuiApp:
    return AmtuiApp(demo, login, screen="class_grid", screen_args={"class_name": class_name, "subject": "Maths"},
                    today=TODAY)


async def test_the_groups_teacher_enters_codes_for_its_pupils(demo, wait_until):
    login = teacher_of(GROUP)
    app = grid(demo, login)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        screen = app.screen
        assert screen.editable_reason() is None
        members = {p.id for p in screen.data.pupils}
        assert members and screen.data.school_class.name == GROUP
        before = CriterionMark.select().count()
        await pilot.press("x")
        await wait_until(pilot, lambda: not screen.db.busy and CriterionMark.select().count() == before + 1)
        mark = CriterionMark.select().order_by(CriterionMark.id.desc()).first()
        assert mark.staff.username == login and mark.pupil_id in members and mark.code == "X"


async def test_a_tutor_opening_their_tutor_group_for_a_subject_taught_in_sets_sees_it_read_only(demo, wait_until):
    tutor = (Staff.select(Staff.username).join(ClassStaff).join(SchoolClass)
                     .where(SchoolClass.name == "8A").scalar())
    app = grid(demo, tutor, "8A")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        assert app.screen.editable_reason() == "You may edit marks only for your own teaching groups, in their subject."
        before = CriterionMark.select().count()
        await pilot.press("x")
        await pilot.pause()
        assert CriterionMark.select().count() == before


async def test_a_head_of_year_reads_a_group_of_their_year_and_enters_nothing(demo, wait_until):
    head_of_year = (Staff.select(Staff.username).join(StaffRemit).where(StaffRemit.year_group == 8).scalar())
    app = grid(demo, head_of_year)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        screen = app.screen
        assert screen.data.pupils  # they see the group's record
        # A head of year who also teaches: not this group, so read-only like any other teacher's.
        assert screen.editable_reason() == "You may edit marks only for your own teaching groups, in their subject."
        before = CriterionMark.select().count()
        await pilot.press("x")
        await pilot.pause()
        assert CriterionMark.select().count() == before


async def test_a_year_10_pupils_file_shows_each_subjects_group_targets_and_status(demo, wait_until, text_of):
    from amtui.db.models import GroupMembership, Pupil
    from amtui.ui.screens.pupil.page import PupilScreen

    pupil = (Pupil.select().join(GroupMembership).join(SchoolClass)
             .where(SchoolClass.name == "10X/Ma2").order_by(Pupil.surname, Pupil.forename).first())
    app = AmtuiApp(demo, teacher_of("10X/Ma2"), screen="pupil", screen_args={"pupil_id": pupil.id}, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file)
        await pilot.press("s")
        pane = app.screen.query_one("#groups-pane")
        rows = text_of(pane.table).splitlines()
        assert len(rows) == 10
        maths = next(row.split(" | ") for row in rows if row.startswith("Maths"))
        standing = next(s for s in app.screen.file.standings if s.subject == "Maths")
        assert maths[:6] == ["Maths", "10X/Ma2", standing.key_stage_target, standing.year_target, standing.fft,
                             standing.now]
        assert standing.key_stage == "KS4" and standing.status is not None
        assert standing.status.label in maths[6]
        assert "KS4 targets" in text_of(pane.query_one(".pane-summary"))


async def test_a_gcse_pupils_file_opens_on_their_groups_and_a_ks3_pupils_on_attainment(demo, wait_until, text_of):
    # A Year 11 pupil's file opened on Attainment, which has nothing for them ("No working
    # stage set in any subject yet"): their grades and targets are on the Groups tab.
    from textual.widgets import TabbedContent

    from amtui.db.models import GroupMembership, Pupil
    from amtui.ui.screens.pupil.page import PupilScreen

    def opened_on(pupil: Pupil, tab: str | None = None):
        args = {"pupil_id": pupil.id} | ({"tab": tab} if tab else {})
        return AmtuiApp(demo, teacher_of("10X/Ma2"), screen="pupil", screen_args=args, today=TODAY)

    year_11 = Pupil.select().where(Pupil.year_group == 11).order_by(Pupil.surname).first()
    app = opened_on(year_11)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file)
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "groups"
        rows = text_of(app.screen.query_one("#groups-pane").table).splitlines()
        assert len(rows) == GroupMembership.select().where(GroupMembership.pupil == year_11).count() == 10
    app = opened_on(year_11, "attainment")  # asked for: it stays, and says where the grades are
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file)
        assert app.screen.query_one(TabbedContent).active == "attainment"
        assert "on the Groups tab (s)" in text_of(app.screen.query_one("#subject-detail"))
    year_8 = Pupil.select().where(Pupil.year_group == 8).order_by(Pupil.surname).first()
    app = opened_on(year_8)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file)
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "attainment" and app.screen.file.subjects
