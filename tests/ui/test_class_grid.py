"""The class grid with the Pilot at 80x24: keystrokes, figures, and what the database holds."""

from __future__ import annotations

import pytest

from amtui.db.connection import write
from amtui.db.models import (
    Baseline, Criterion, CriterionMark, HalfTerm, LongTermTarget, Subject, WorkingStage,
)
from amtui.db.repo import class_grid
from amtui.db.repo import school as school_repo
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.grid.class_grid import ClassGridScreen
from amtui.ui.screens.grid.view import FROZEN

PUPILS = ["Adam Ash", "Bella Brown", "Callum Cole", "Dara Doyle", "Zoë O'Neill"]


@pytest.fixture
def grid_school(school):
    """The small school with all of 4B in the Reading stage 2 bank."""

    def fill():
        reading = Subject.get(Subject.name == "Reading")
        year = HalfTerm.get(HalfTerm.number == 1).year
        for name in ("Bella Brown", "Callum Cole", "Dara Doyle"):
            pupil = school.pupils[name]
            WorkingStage.create(pupil=pupil, subject=reading, stage=2)
            Baseline.create(pupil=pupil, subject=reading, academic_year=year, substage="St 2 Ready")
            LongTermTarget.create(pupil=pupil, subject=reading, academic_year=year, substage="St 3 Ready")

    write(fill)
    return school


def open_grid(school, login="tester", **kwargs) -> AmtuiApp:
    args = {"class_name": "4B", "subject": "Reading", **kwargs}
    return AmtuiApp(school.opened, login, screen="class_grid", screen_args=args, today=school.today)


async def ready(pilot, wait_until) -> ClassGridScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClassGridScreen) and pilot.app.screen.data)
    return pilot.app.screen


async def settled(pilot, wait_until, screen: ClassGridScreen) -> None:
    await screen.db.idle()


def lines(screen: ClassGridScreen) -> list[str]:
    return [screen.grid.text_line(y) for y in range(screen.grid.size.height)]


def row_of(screen: ClassGridScreen, name: str) -> str:
    return next(line for line in lines(screen) if line.startswith(name))


def shown(screen: ClassGridScreen, name: str, number: int) -> str:
    """The three characters of a pupil's cell for criterion ``number`` (first columns in view)."""
    x = sum(c.width for c in screen.grid.columns if c.frozen) + (number - 1) * 3
    return row_of(screen, name)[x:x + 3]


def current_code(school, pupil: str, ref: str) -> str | None:
    """The newest code recorded for a cell in the current half-term (HT4)."""
    criterion = Criterion.get(Criterion.ref == ref)
    ht4 = school_repo.current_half_term(school.today)
    row = (CriterionMark.select().where(CriterionMark.pupil == school.pupils[pupil],
                                        CriterionMark.criterion == criterion,
                                        CriterionMark.half_term == ht4.id)
           .order_by(CriterionMark.id.desc()).first())
    return row.code if row else None


async def test_typing_codes_along_a_row_saves_each_and_updates_the_figures(grid_school, wait_until):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        assert [p.name for p in screen.data.pupils] == PUPILS
        assert row_of(screen, "Adam Ash").split()[2:4] == ["20", "2Sm"]
        await pilot.press("full_stop", "slash", "x")  # R2/1 down to ., R2/2 to /, R2/3 stays X
        await settled(pilot, wait_until, screen)
        assert screen.grid.cursor == (0, 7)  # moved on along the row
        assert [current_code(grid_school, "Adam Ash", f"R2/{n}") for n in (1, 2, 3)] == [".", "/", "X"]
        assert row_of(screen, "Adam Ash").split()[2] == "18"
        mark = CriterionMark.select().order_by(CriterionMark.id.desc()).first()
        assert (mark.staff.username, mark.source) == ("tester", "grid")


async def test_down_the_column_and_the_secured_count_under_it(grid_school, wait_until):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("right", "right", "right", "right", "right")  # criterion 6
        secured_before = screen.data.record.secured(screen.data.criteria[5].id)
        await pilot.press("d", "x", "x", "x")
        await settled(pilot, wait_until, screen)
        assert screen.grid.cursor == (3, 9)
        assert [current_code(grid_school, p, "R2/6") for p in PUPILS[:3]] == ["X", "X", "X"]
        assert screen.data.record.secured(screen.data.criteria[5].id) == secured_before + 2  # Adam had it
        assert "down" in str(screen.query_one("#grid-title").render())
        footer, x = lines(screen)[-1], screen.grid.x_of[9]  # criterion 6's column
        assert footer[x:x + 3].strip() == str(secured_before + 2)


async def test_undo_and_redo_append_to_the_history(grid_school, wait_until):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        before = CriterionMark.select().count()
        await pilot.press("full_stop")
        await settled(pilot, wait_until, screen)
        assert current_code(grid_school, "Adam Ash", "R2/1") == "."
        await pilot.press("u")
        await settled(pilot, wait_until, screen)
        assert current_code(grid_school, "Adam Ash", "R2/1") == "X"  # the code before, as a new entry
        await pilot.press("ctrl+y")
        await settled(pilot, wait_until, screen)
        assert current_code(grid_school, "Adam Ash", "R2/1") == "."
        assert CriterionMark.select().count() == before + 3  # nothing overwritten


async def test_fill_a_column_and_a_selected_block(grid_school, wait_until):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("end", "d", "F", "slash")  # the last criterion for the whole class
        await settled(pilot, wait_until, screen)
        assert [current_code(grid_school, p, "R2/30") for p in PUPILS] == ["/"] * 5
        await pilot.press("home", "down", "down", "down", "shift+down", "shift+right", "a")  # 2x2: absent
        await settled(pilot, wait_until, screen)
        assert [current_code(grid_school, p, r) for p in PUPILS[3:5] for r in ("R2/1", "R2/2")] == ["A"] * 4
        # Absent is not a dot: Zoë's crosses from HT1 still count.
        assert screen.data.record.crosses(grid_school.pupils["Zoë O'Neill"]) == 14


async def test_someone_elses_class_is_read_only_and_says_why(grid_school, wait_until):
    app = open_grid(grid_school, login="jsmith")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        count = CriterionMark.select().count()
        await pilot.press("x")
        await pilot.pause(0.1)
        assert "only for your own classes" in str(screen.query_one("#grid-message").render())
        assert "read-only" in str(screen.query_one("#grid-title").render())
        assert CriterionMark.select().count() == count


async def test_the_heading_of_a_read_only_grid_says_why_within_80_columns(grid_school, wait_until):
    app = open_grid(grid_school, login="head", half_term=5)  # today is in HT4
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        title = str(screen.query_one("#grid-title").render())
        assert title.startswith("4B · Reading · St 2 bank (")
        assert title.endswith("read-only: HT5 has not started yet") and len(title) <= 80
        await pilot.resize_terminal(120, 24)
        await pilot.press("d")  # down: the heading is drawn again, with room for the arrow
        await pilot.pause(0.1)
        assert str(screen.query_one("#grid-title").render()).endswith("read-only: HT5 has not started yet · down ↓")


async def test_a_locked_half_term_refuses_changes(grid_school, wait_until):
    head = identify("head")
    school_repo.set_lock(school_repo.current_half_term(grid_school.today).id, head, True, "moderation")
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        count = CriterionMark.select().count()
        await pilot.press("x")
        await pilot.pause(0.1)
        assert "locked by Hana Head" in str(screen.query_one("#grid-message").render())
        assert CriterionMark.select().count() == count


async def test_slt_locks_the_half_term_with_a_reason_and_unlocks_it(grid_school, wait_until):
    from amtui.ui.dialogs.ask import LineDialog

    app = open_grid(grid_school, login="head")
    current = school_repo.current_half_term(grid_school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, LineDialog))
        await pilot.press(*"moderation", "enter")
        await wait_until(pilot, lambda: app.screen is screen and screen.data.lock_by
                         and "LOCKED by Hana Head" in str(screen.query_one("#grid-title").render()))
        locked = HalfTerm.get_by_id(current.id)
        assert (locked.locked_by.username, locked.lock_reason) == ("head", "moderation")
        await pilot.press("L")  # a second L unlocks, with no question
        await wait_until(pilot, lambda: not screen.data.lock_by)
        assert HalfTerm.get_by_id(current.id).locked_by is None


async def test_a_half_term_not_started_is_read_only_and_says_why_even_for_slt(grid_school, wait_until):
    ht5 = school_repo.half_term(grid_school.start_year, 5)
    app = open_grid(grid_school, login="head", half_term=5)  # today is in HT4
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        why = f"HT5 has not started yet: it starts on {ht5.start:%a %d %b %Y}."
        assert "read-only" in str(screen.query_one("#grid-title").render())
        assert screen.said == f"Read-only: {why}"
        count, key = CriterionMark.select().count(), screen.cell_key(screen.grid.cursor)
        before = screen.data.record.cell(*key)
        await pilot.press("x", "slash")
        await pilot.pause(0.1)
        assert screen.said == f"Not changed: {why}"
        assert screen.data.record.cell(*key) == before
        assert CriterionMark.select().count() == count


async def test_a_cell_shows_at_once_what_the_database_will_show(grid_school, wait_until):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        keys = [screen.cell_key((0, column)) for column in (FROZEN, FROZEN + 1, FROZEN + 2)]
        await pilot.press("x", "slash", "a", "left", "left", "left", "space")  # the cross is cleared
        shown = [screen.data.record.cell(*key) for key in keys]
        await settled(pilot, wait_until, screen)
        loaded = class_grid.load_named("4B", "Reading", grid_school.today, None, None).record
        for key, now in zip(keys, shown):
            saved = loaded.cell(*key)
            assert (now.code, now.set_in, now.current, now.absent) == \
                (saved.code, saved.set_in, saved.current, saved.absent)
        assert (shown[0].code, shown[0].current) == (Code.BLANK, True) and shown[2].absent


async def test_others_marks_appear_and_a_replaced_edit_is_reported(grid_school, wait_until):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        ht4 = screen.data.half_term
        r2_5 = Criterion.get(Criterion.ref == "R2/5").id
        # The head (SLT) marks Bella's R2/5 from another session: it appears within 2 s.
        save_codes(identify("head"), ht4, [CodeChange(grid_school.pupils["Bella Brown"], r2_5, Code.LINE)])
        bella = screen.data.pupils.index(next(p for p in screen.data.pupils if p.name == "Bella Brown"))
        await wait_until(pilot, lambda: screen.data.record.cell(grid_school.pupils["Bella Brown"], r2_5).code
                         is Code.LINE, timeout=2.5)
        assert shown(screen, "Bella Brown", 5) == " / "
        # Now the teacher sets Adam's R2/1 while the head changes it too, unseen by the teacher.
        await pilot.press("full_stop")
        await settled(pilot, wait_until, screen)
        r2_1 = Criterion.get(Criterion.ref == "R2/1").id
        save_codes(identify("head"), ht4, [CodeChange(grid_school.pupils["Adam Ash"], r2_1, Code.CROSS)])
        await wait_until(pilot, lambda: "Hana Head changed a code you had just set"
                         in str(screen.query_one("#grid-message").render()), timeout=2.5)
        assert screen.data.record.cell(grid_school.pupils["Adam Ash"], r2_1).code is Code.CROSS
        assert bella >= 0


async def test_a_save_over_an_unseen_newer_entry_tells_the_user(grid_school, wait_until, monkeypatch):
    from amtui.db.repo import class_grid

    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        # This screen's poll sees no change, so it has not seen the head's entry below.
        monkeypatch.setattr(class_grid, "data_version", lambda: -1)
        screen.data_version = -1
        r2_1 = Criterion.get(Criterion.ref == "R2/1").id
        save_codes(identify("head"), screen.data.half_term,
                   [CodeChange(grid_school.pupils["Adam Ash"], r2_1, Code.LINE)])
        await pilot.press("full_stop")
        await settled(pilot, wait_until, screen)
        message = str(screen.query_one("#grid-message").render())
        assert "Hana Head had set '/' here" in message and "Both are kept" in message
        codes = [m.code for m in CriterionMark.select().where(CriterionMark.criterion == r2_1,
                 CriterionMark.pupil == grid_school.pupils["Adam Ash"]).order_by(CriterionMark.id)]
        assert codes[-2:] == ["/", "."]


async def test_reaching_the_next_stage_proposes_the_move_and_m_confirms(grid_school, wait_until):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press(*["right"] * 20, "x", "x", "x", "x", "x")  # Adam: 20 -> 25 crosses
        await settled(pilot, wait_until, screen)
        assert row_of(screen, "Adam Ash").split()[4] == "^"
        await pilot.press("m")
        await wait_until(pilot, lambda: "Adam Ash" not in [p.name for p in screen.data.pupils])
        stage = (WorkingStage.select().where(WorkingStage.pupil == grid_school.pupils["Adam Ash"])
                 .order_by(WorkingStage.id.desc()).first())
        assert stage.stage == 3 and stage.set_by.username == "tester"


async def test_a_save_that_cannot_reach_the_database_is_kept_and_retried(grid_school, wait_until, monkeypatch):
    from amtui.db.connection import DatabaseBusy
    from amtui.db.repo import marks
    from amtui.ui import serial

    monkeypatch.setattr(serial, "RETRY_SECONDS", 0.2)
    real = marks.save_codes
    drive_away = [True]  # the database stays unreachable until the test has seen the message

    def flaky(*args, **kwargs):
        if drive_away[0]:
            raise DatabaseBusy("The database is busy")
        return real(*args, **kwargs)

    monkeypatch.setattr(marks, "save_codes", flaky)
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("full_stop")
        await wait_until(pilot, lambda: "Not saved yet" in str(screen.query_one("#grid-message").render()))
        assert shown(screen, "Adam Ash", 1) == "*. "  # kept on screen, marked unsaved
        assert current_code(grid_school, "Adam Ash", "R2/1") != "."
        drive_away[0] = False
        await settled(pilot, wait_until, screen)  # the poll retries it
        assert current_code(grid_school, "Adam Ash", "R2/1") == "."
        assert shown(screen, "Adam Ash", 1) == " . "
        assert "the database is back" in str(screen.query_one("#grid-message").render())


async def test_enter_on_a_class_at_home_opens_its_grid(grid_school, wait_until):
    app = AmtuiApp(grid_school.opened, "tester", today=grid_school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: pilot.app.screen.query("#classes") and
                         pilot.app.screen.query_one("#classes").row_count)
        pilot.app.screen.query_one("#classes").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: pilot.app.screen.query("#class-menu") and
                         pilot.app.screen.query_one("#class-menu").option_count)
        menu = pilot.app.screen.query_one("#class-menu")
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert labels[:3] == ["Class grid: Reading", "Class grid: Writing", "Class grid: Maths"]
        assert "Weekly basic skills tests" in labels and "Big Write" in labels
        await pilot.press("enter")
        screen = await ready(pilot, wait_until)
        assert (screen.data.school_class.name, screen.data.subject.name) == ("4B", "Reading")


async def test_opened_without_a_class_it_asks_for_one_own_classes_first(grid_school, wait_until):
    from amtui.ui.dialogs.class_subject import ClassSubjectChooser
    from amtui.ui.widgets.class_picker import ClassPicker

    app = AmtuiApp(grid_school.opened, "tester", screen="class_grid", today=grid_school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassSubjectChooser)
                         and app.screen.query_one(ClassPicker).option_count
                         and app.screen.query_one("#choose-subject").option_count)
        picker = app.screen.query_one(ClassPicker)
        assert str(picker.get_option_at_index(0).prompt).startswith("4B") and "yours" in str(
            picker.get_option_at_index(0).prompt)
        assert app.focused.id == "choose-subject"
        await pilot.press("enter")  # Reading, then the class list has the focus
        assert app.focused is picker
        await pilot.press("enter")  # 4B
        screen = await ready(pilot, wait_until)
        assert (screen.data.school_class.name, screen.data.subject.name) == ("4B", "Reading")


async def test_escape_from_the_class_chooser_opens_nothing(grid_school, wait_until):
    from amtui.ui.dialogs.class_subject import ClassSubjectChooser
    from amtui.ui.screens.home.home import HomeScreen

    app = AmtuiApp(grid_school.opened, "tester", screen="class_grid", today=grid_school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassSubjectChooser))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not any(isinstance(s, ClassGridScreen) for s in app.screen_stack)


async def test_a_teacher_who_moved_class_may_correct_the_old_class_for_a_half_term_they_taught_it(
        grid_school, wait_until):
    from amtui.db.models import ClassStaff, SchoolClass, Staff

    ht3 = school_repo.half_term(grid_school.start_year, 3)

    def swap() -> None:  # from HT3 Tess teaches 6R, Jo 4B
        tess, jo = Staff.get(Staff.username == "tester"), Staff.get(Staff.username == "jsmith")
        ClassStaff.update(end=ht3.start).where(ClassStaff.staff.in_([tess.id, jo.id])).execute()
        ClassStaff.create(school_class=SchoolClass.get(SchoolClass.name == "6R"), staff=tess, start=ht3.start)
        ClassStaff.create(school_class=SchoolClass.get(SchoolClass.name == "4B"), staff=jo, start=ht3.start)

    write(swap)
    for class_name, number, why in (("4B", 2, None), ("4B", 4, "only"), ("6R", 2, "only"), ("6R", 4, None)):
        app = open_grid(grid_school, class_name=class_name, half_term=number)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot, wait_until)
            reason = screen.editable_reason()
            assert (reason is None) if why is None else (why in reason), (class_name, number, reason)


async def test_s_goes_on_to_the_next_subject_read_from_the_database(grid_school, wait_until):
    names = [s.name for s in school_repo.subjects()]
    following = names[(names.index("Reading") + 1) % len(names)]
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("s")
        await screen.db.idle()  # the subjects read, then the next subject's record
        assert screen.data.subject.name == following != "Reading"
        assert f"4B · {following}" in str(screen.query_one("#grid-title").render())
