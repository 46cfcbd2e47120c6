"""The leaders' screen on the demo school at 80x24: the figures against the database, a
cell's pupils, on to a pupil's page; who may see it and what a head of year sees."""

from __future__ import annotations

from collections import Counter

from textual.widgets import OptionList

from amtui.db.connection import write
from amtui.db.models import Staff, StaffRemit
from amtui.db.repo import school, tracking
from amtui.domain.targets import Status
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.leaders.leaders import LeadersScreen
from amtui.ui.screens.leaders.pupils import GroupPupilsScreen
from amtui.ui.screens.pupil.page import PupilScreen
from tests import leaders_demo
from tests.leaders_demo import SLT, TODAY

built, demo = leaders_demo.built, leaders_demo.demo  # the shared demo school's fixtures


def app_for(demo, login: str) -> AmtuiApp:
    return AmtuiApp(demo, login, screen="leaders", screen_args={"subject": "Maths"}, today=TODAY)


def loaded(app) -> bool:
    return isinstance(app.screen, LeadersScreen) and app.screen.found is not None


def maths_rows(with_baseline: bool = True):
    ht = school.current_half_term(TODAY)
    maths = school.subject_by_name("Maths")
    rows = tracking.pupil_subject_positions(ht, subject_id=maths.id)
    return [r for r in rows if r.baseline is not None or not with_baseline]


async def test_the_pupil_premium_figures_are_the_databases_and_a_cell_opens_its_pupils(
        demo, wait_until, text_of):
    app = app_for(demo, SLT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: loaded(app), timeout=30)
        rows = maths_rows()
        pp = [r for r in rows if r.pupil.pupil_premium]
        counts = Counter(r.status for r in pp if r.status)
        head = text_of(app.screen.query_one("#leaders-head"))
        assert f"Maths · HT2 Autumn 2 · by Pupil premium · {len(rows)} pupils" in head
        first = text_of(app.screen.query_one("#leaders-table")).splitlines()[0].split(" | ")
        assert first[:2] == ["Pupil premium", str(len(pp))]
        assert first[2:6] == [f"{s.letter} {counts[s]}" for s in Status]
        on = counts[Status.ABOVE] + counts[Status.ON_TARGET]
        assert first[6] == f"{round(100 * on / sum(counts.values()))}%"
        chart = text_of(app.screen.query_one("#leaders-chart"))
        assert "2026-27 HT1" in chart and "2026-27 HT2" in chart and f"(n={len(pp)})" in chart
        # The "Not achieving" cell of the pupil premium row: exactly those pupils.
        await pilot.press("right", "right", "right", "right", "right", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, GroupPupilsScreen))
        listed = app.screen.query_one("#group-pupils")
        below = {r.pupil.id for r in pp if r.status is Status.NOT_ACHIEVING}
        assert {int(key.value) for key in listed.rows} == below
        # Named "Forename Surname (class)" as every screen names a pupil, listed by surname.
        pupils = {r.pupil.id: r.pupil for r in pp}
        by_surname = sorted(below, key=lambda pid: (pupils[pid].surname.lower(), pupils[pid].forename.lower()))
        assert [int(row.key.value) for row in listed.ordered_rows] == by_surname
        for index, pid in enumerate(by_surname):
            shown, whole = listed.get_row_at(index)[0].plain, f"{pupils[pid].forename} {pupils[pid].surname} ("
            assert shown.startswith(whole) or (shown.endswith("…") and whole.startswith(shown[:-1])), shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen))
        assert app.screen.pupil_id in below


async def test_the_split_key_walks_the_splits_and_a_group_of_few_is_too_small(demo, wait_until, text_of):
    app = app_for(demo, SLT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: loaded(app), timeout=30)
        await pilot.press("b")  # after pupil premium: EAL
        assert "by EAL" in text_of(app.screen.query_one("#leaders-head"))
        small = []
        for _ in range(7):  # prior, year, class, mentor, gender, SEN, back to pupil premium
            await pilot.press("b")
            rows = [line.split(" | ") for line in text_of(app.screen.query_one("#leaders-table")).splitlines()]
            small += [row for row in rows if int(row[1]) < 5]
        assert "by Pupil premium" in text_of(app.screen.query_one("#leaders-head"))
        assert small and all(row[-1] == "too small" and row[6] == "small" for row in small)
        await pilot.press("c")  # the spread across sub-stages
        assert "Spread across sub-stages now" in text_of(app.screen.query_one("#leaders-chart"))


async def test_a_teaching_assistant_is_refused_plainly(demo, wait_until, text_of):
    app = app_for(demo, "jmarsh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "may see SLT's monitoring figures" in text_of(
            app.screen.query_one("#leaders-head")))
        assert app.screen.query_one("#leaders-table").row_count == 0


async def test_a_head_of_year_sees_their_year_group_only(demo, wait_until, text_of):
    app = app_for(demo, "hfraser")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: loaded(app), timeout=30)
        shown = {f.pupil_id for f in app.screen.points[-1].facts}
        assert shown == {r.pupil.id for r in maths_rows(with_baseline=False) if r.pupil.year_group == 6}


async def test_home_goes_to_the_leaders_screen(demo, wait_until):
    app = AmtuiApp(demo, SLT, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query_one("#menu", OptionList).option_count)
        menu = app.screen.query_one("#menu", OptionList)
        index = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "leaders")
        assert str(menu.get_option_at_index(index).prompt) == "Leaders' analysis"
        menu.focus()
        menu.highlighted = index
        await pilot.press("enter")
        await wait_until(pilot, lambda: loaded(app), timeout=30)


async def test_a_head_of_department_sees_the_subject_they_head(demo, wait_until, text_of):
    maths = school.subject_by_name("Maths")
    write(lambda: StaffRemit.create(staff=Staff.get(Staff.username == "mnowak").id, subject=maths.id))
    app = AmtuiApp(demo, "mnowak", screen="leaders", screen_args={"subject": "Reading"}, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: loaded(app), timeout=30)
        assert text_of(app.screen.query_one("#leaders-head")).startswith("Maths ·")
        assert app.screen.subject_names == ["Maths"]
        assert len(app.screen.points[-1].facts) == len(maths_rows(with_baseline=False))  # every year group
        await pilot.press("s")
        await wait_until(pilot, lambda: loaded(app) and app.screen.subject_name == "Maths")


async def test_who_may_see_it_and_what_is_the_person_as_the_database_holds_them_at_r(demo, wait_until, text_of):
    """A teaching assistant made SLT by another session sees the figures at r; the role gone
    again, r says why and shows none."""
    from amtui.domain.roles import Role

    def roles(text: str) -> None:
        write(lambda: Staff.update(roles=text).where(Staff.username == "jmarsh").execute())

    was = Staff.get(Staff.username == "jmarsh").roles
    app = app_for(demo, "jmarsh")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            head = lambda: text_of(app.screen.query_one("#leaders-head"))  # noqa: E731
            await wait_until(pilot, lambda: "may see SLT's monitoring figures" in head())
            roles("ta;slt")
            await pilot.press("r")
            await wait_until(pilot, lambda: loaded(app) and head().startswith("Maths ·"), timeout=30)
            assert app.screen.query_one("#leaders-table").row_count > 0 and Role.SLT in app.user.roles
            roles(was)
            await pilot.press("r")
            await wait_until(pilot, lambda: "may see SLT's monitoring figures" in head(), timeout=30)
            assert app.screen.query_one("#leaders-table").row_count == 0 and Role.SLT not in app.user.roles
    finally:
        roles(was)
