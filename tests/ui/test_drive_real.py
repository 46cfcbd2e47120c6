"""The database's drive fills up or turns read-only under amtui, for real (a tmpfs): what
was typed stays on screen marked unsaved, and is saved, in order, once the drive is back."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from amtui.db.connection import write
from amtui.db.models import Meeting, WeeklyLevel
from amtui.domain.score_entry import school_week
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.grid.class_grid import ClassGridScreen
from amtui.ui.screens.weekly.sheet import WeeklyScreen
from meeting_pilot import go_to_step, settle, type_text, until_text
from meeting_school import add_meeting_records
from real_drive import rows
from small_school import build


@pytest.fixture
def school(drive):
    """The small school on the real small drive."""
    made = build(drive.folder / "school.db")
    yield made
    made.opened.db.close()


def db_file(school):
    return school.opened.target.path


def marks_of(school, pupil: str) -> int:
    return rows(db_file(school), "SELECT COUNT(*) FROM criterion_mark WHERE pupil_id = ?",
                school.pupils[pupil])[0][0]


def open_grid(school) -> AmtuiApp:
    return AmtuiApp(school.opened, "tester", screen="class_grid", today=school.today,
                    screen_args={"class_name": "4B", "subject": "Reading"})


async def grid_ready(pilot, wait_until) -> ClassGridScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClassGridScreen) and pilot.app.screen.data)
    return pilot.app.screen


def said(screen) -> str:
    return str(screen.query_one("#grid-message", Static).render())


def adams_row(screen) -> str:
    return next(screen.grid.text_line(y) for y in range(screen.grid.size.height)
                if screen.grid.text_line(y).startswith("Adam Ash"))


async def test_a_mark_typed_on_a_full_drive_is_kept_and_saved_once_there_is_room(school, drive, wait_until):
    before = marks_of(school, "Adam Ash")
    drive.fill()
    async with open_grid(school).run_test(size=(80, 24)) as pilot:
        screen = await grid_ready(pilot, wait_until)
        await pilot.press("full_stop", "slash")  # R2/1 then R2/2, in that order
        await wait_until(pilot, lambda: "Not saved yet (2 waiting" in said(screen))
        assert "full" in said(screen)
        assert adams_row(screen).count("*") == 2  # still shown, marked unsaved
        assert marks_of(school, "Adam Ash") == before
        drive.free()
        await wait_until(pilot, lambda: "Saved: the database is back" in said(screen), timeout=10)
        assert "*" not in adams_row(screen)
    codes = rows(db_file(school), "SELECT code FROM criterion_mark WHERE pupil_id = ? ORDER BY id DESC LIMIT 2",
                 school.pupils["Adam Ash"])
    assert [c for (c,) in codes] == ["/", "."]  # both, in the order typed
    assert marks_of(school, "Adam Ash") == before + 2


async def test_a_drive_that_turns_read_only_and_back_is_reconnected(school, drive, wait_until):
    before = marks_of(school, "Adam Ash")
    school.opened.db.close()  # a drive cannot be remounted read-only under an open writer
    drive.read_only()
    async with open_grid(school).run_test(size=(80, 24)) as pilot:
        screen = await grid_ready(pilot, wait_until)
        await pilot.press("full_stop")
        await wait_until(pilot, lambda: "Not saved yet" in said(screen))
        assert "read-only" in said(screen) and "*" in adams_row(screen)
        drive.writable()  # the connection opened while it was read-only must be opened again
        await wait_until(pilot, lambda: "Saved: the database is back" in said(screen), timeout=10)
    assert marks_of(school, "Adam Ash") == before + 1


async def test_a_weekly_score_typed_on_a_full_drive_is_saved_once_there_is_room(school, drive, wait_until):
    week = school_week(school.today)
    adam = school.pupils["Adam Ash"]
    write(lambda: WeeklyLevel.create(pupil=adam, level="Level 2", started_on=week.plus(-2).monday))
    drive.fill()
    app = AmtuiApp(school.opened, "tester", screen="weekly", screen_args={"class_name": "4B"}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WeeklyScreen) and app.screen.sheet)
        screen = app.screen
        await pilot.press("2", "3")
        message = screen.query_one("#weekly-message", Static)
        await wait_until(pilot, lambda: "Not saved yet" in str(message.render()))
        assert "full" in str(message.render())
        assert "23" in screen.grid.text_line(1)  # still shown on Adam's row
        drive.free()
        await wait_until(pilot, lambda: not screen.busy, timeout=10)
    assert rows(db_file(school), "SELECT score FROM weekly_result WHERE pupil_id = ?", adam) == [(23,)]


async def test_a_meeting_step_typed_on_a_full_drive_is_saved_once_there_is_room(school, drive):
    add_meeting_records(school)
    zoe = school.pupils["Zoë O'Neill"]
    app = AmtuiApp(school.opened, "tester", screen="meeting", today=school.today, screen_args={"pupil_id": zoe})
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 4)
        drive.fill()
        await type_text(pilot, "Late to bed")
        await until_text(pilot, "NOT SAVED YET")
        drive.free()
        await settle(pilot, timeout=10)
        await until_text(pilot, "saved")
    barriers = rows(db_file(school), "SELECT barriers FROM meeting WHERE pupil_id = ? AND status != 'done'", zoe)
    assert barriers == [("Late to bed",)]
    assert Meeting.select().where(Meeting.barriers == "Late to bed").count() == 1


# --- leaving with entries not saved ---------------------------------------------------------


def journal_file(school):
    from amtui.db.journal import journal_path

    return journal_path(school.opened.target, "tester")


def question(app) -> str:
    from amtui.ui.dialogs.pick import PickScreen

    return app.screen.query_one("#pick-box").border_title if isinstance(app.screen, PickScreen) else ""


async def test_leaving_with_an_unsaved_mark_asks_keeps_it_in_the_journal_and_the_next_start_saves_it(
        school, drive, wait_until, notifications):
    from amtui.ui.app import start_app

    before = marks_of(school, "Adam Ash")
    drive.fill()
    app = open_grid(school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await grid_ready(pilot, wait_until)
        await pilot.press("full_stop")
        await wait_until(pilot, lambda: "Not saved yet" in said(screen))
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: "1 entry is not saved yet" in question(app))
        await pilot.press("down", "enter")  # Leave now: keep them in my journal
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.journaled[0] == 1 and app.journaled[2] == journal_file(school)
    path = journal_file(school)
    assert path.stat().st_mode & 0o777 == 0o600
    assert str(path).startswith(str(drive.folder.parent / "state" / "amtui" / "journal"))
    kept = path.read_text().splitlines()
    assert len(kept) == 1 and '"kind": "mark.set"' in kept[0]
    assert marks_of(school, "Adam Ash") == before

    drive.free()
    app = start_app(school.opened, "tester", screen="class_grid", today=school.today,
                    screen_args={"class_name": "4B", "subject": "Reading"})
    told = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await grid_ready(pilot, wait_until)
        assert any("Saved 1 entry kept from your last session: 1 mark ('.') for Adam Ash" in text
                   for _, text in told), told
    assert marks_of(school, "Adam Ash") == before + 1
    newest = rows(db_file(school), "SELECT code FROM criterion_mark WHERE pupil_id = ? ORDER BY id DESC LIMIT 1",
                  school.pupils["Adam Ash"])
    assert newest == [(".",)]
    replayed = rows(db_file(school), "SELECT detail FROM audit_entry WHERE action = 'journal.replay'")
    assert len(replayed) == 1 and '"typed_at"' in replayed[0][0]
    assert rows(db_file(school), "SELECT COUNT(*) FROM audit_entry WHERE action = 'mark.set'")[0][0] >= 1
    assert not path.exists()


async def test_leaving_can_wait_for_the_drive_or_stay(school, drive, wait_until):
    before = marks_of(school, "Adam Ash")
    drive.fill()
    app = open_grid(school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await grid_ready(pilot, wait_until)
        await pilot.press("full_stop")
        await wait_until(pilot, lambda: "Not saved yet" in said(screen))
        await pilot.press("q")
        await wait_until(pilot, lambda: "not saved yet" in question(app))
        await pilot.press("escape")  # stay
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.return_code is None and "*" in adams_row(screen)
        await pilot.press("q")
        await wait_until(pilot, lambda: "not saved yet" in question(app))
        await pilot.press("enter")  # wait for them, then leave
        await pilot.pause(0.5)
        assert app.return_code is None  # still waiting: the drive is still full
        drive.free()
        await wait_until(pilot, lambda: app.return_code is not None, timeout=10)
    assert marks_of(school, "Adam Ash") == before + 1
    assert not journal_file(school).exists()


def test_on_a_full_drive_the_error_is_the_drives_not_peewees_failed_rollback(school, drive):
    """SQLite rolls back by itself on SQLITE_FULL; peewee's ROLLBACK then fails with "no
    transaction is active". The person must hear that the drive is full."""
    from amtui.db.connection import DatabaseUnavailable
    from amtui.db.repo.marks import CodeChange, save_codes
    from amtui.db.repo.school import half_term
    from amtui.db.repo.staff import identify
    from amtui.domain.codes import Code

    ht = half_term(school.start_year, 4)
    drive.fill()
    with pytest.raises(DatabaseUnavailable, match="the drive holding it is full") as raised:
        save_codes(identify("tester"), ht, [CodeChange(school.pupils["Adam Ash"], 1, Code.CROSS)])
    assert "full" in str(raised.value.__cause__) and "rollback" not in str(raised.value.__cause__)
    drive.free()
    assert save_codes(identify("tester"), ht, [CodeChange(school.pupils["Adam Ash"], 1, Code.CROSS)])
