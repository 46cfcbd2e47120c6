"""The base of the screens of lists: a list that cannot be read says why in its top line,
a refusal of the rules as it is and a bug as a bug (logged with its traceback); a person
who may not see the lists (as the database holds them when the lists are read) is told why
and the lists are not read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from amtui.db.repo import staffing
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action
from amtui.ui.screens.lists import ListsScreen
from amtui.ui.screens.staff.staff import StaffScreen


class Probe(ListsScreen):
    """A list screen whose read raises ``error`` (None: reads the staff list)."""

    HEAD = "#probe-head"
    COLUMNS = {"#probe-table": (("Login", 10), ("Name", 20))}

    def __init__(self, error: BaseException | None) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        yield Static("Reading...", id="probe-head")
        yield DataTable(id="probe-table")

    def reader(self):
        error, today = self.error, self.app.today

        def read(person):
            if error is not None:
                raise error
            return staffing.staff_list(today)

        return read

    def show(self, members) -> None:
        for m in members:
            self.query_one("#probe-table", DataTable).add_row(m.login, m.name)
        self.query_one(self.HEAD, Static).update(f"{len(members)} on the staff list")


def head(screen: ListsScreen) -> str:
    return str(screen.query_one(screen.HEAD, Static).render())


async def test_a_bug_in_the_read_is_said_as_a_bug_and_a_refusal_as_it_is(make_app, notifications, caplog,
                                                                          wait_until):
    app = make_app("head")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.session is not None)
        notes = notifications(app)

        refused = Probe(UserFacingError("The year has not started: there is nothing to list."))
        await app.push_screen(refused)
        await refused.db.idle()
        assert head(refused) == "The year has not started: there is nothing to list."
        assert notes == [("error", "The year has not started: there is nothing to list.")]
        assert not [r for r in caplog.records if r.levelname == "ERROR"]  # a refusal is no bug
        app.pop_screen()

        buggy = Probe(ValueError("invalid literal for int() with base 10: 'x'"))  # a bug, though a ValueError
        await app.push_screen(buggy)
        await buggy.db.idle()
        said = "amtui could not read the database (ValueError: invalid literal for int() with base 10: 'x')"
        assert head(buggy).startswith(said)
        assert notes[1][1].startswith(said)
        [logged] = [r for r in caplog.records if r.levelname == "ERROR"]
        assert logged.exc_info[0] is ValueError
        app.pop_screen()

        read = Probe(None)  # the same screen reading the real staff list
        await app.push_screen(read)
        await read.db.idle()
        table = read.query_one("#probe-table", DataTable)
        assert head(read) == f"{table.row_count} on the staff list"
        assert {str(table.get_row_at(i)[0]) for i in range(table.row_count)} >= {"tester", "jsmith", "head"}


async def test_a_person_who_may_not_see_the_list_is_told_why_and_nothing_is_read(make_app, wait_until,
                                                                                monkeypatch):
    from amtui.ui.screens.staff import staff as staff_screen

    read: list[bool] = []
    real = staff_screen.staffing.staff_list
    monkeypatch.setattr(staff_screen.staffing, "staff_list", lambda *a: (read.append(True), real(*a))[1])
    assert StaffScreen.SEE is Action.MANAGE_STAFF
    app = make_app("head", screen="staff")  # SLT, not an admin
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StaffScreen))
        screen = app.screen
        await wait_until(pilot, lambda: "Only Admin may manage staff" in head(screen))
        assert screen.query_one("#staff-table", DataTable).row_count == 0 and not read
        await pilot.press("n")  # adding someone is refused before any dialog
        await pilot.pause()
        assert app.screen is screen


async def test_who_may_see_the_lists_is_the_person_as_the_database_holds_them_when_read(make_app, wait_until):
    """The staff list read again (r) after another session made the person an admin shows
    it, and they may add someone; read again after the role went, it says why, shows
    nothing and offers no change."""
    from amtui.db.connection import write
    from amtui.db.models import Staff
    from amtui.domain.roles import Role

    def roles(text: str) -> None:
        write(lambda: Staff.update(roles=text).where(Staff.username == "head").execute())

    app = make_app("head", screen="staff")  # SLT, not an admin
    async with app.run_test(size=(80, 24)) as pilot:
        # pushed first, composed after: wait for its table, not only for the screen
        await wait_until(pilot, lambda: isinstance(app.screen, StaffScreen) and app.screen.query("#staff-table"))
        screen, table = app.screen, app.screen.query_one("#staff-table", DataTable)
        await wait_until(pilot, lambda: "Only Admin may manage staff" in head(screen))
        roles("slt;admin")
        await pilot.press("r")
        await wait_until(pilot, lambda: table.row_count >= 3)
        assert "active" in head(screen) and Role.ADMIN in app.user.roles
        assert app.sub_title == "Hana Head · Senior leadership, Admin"
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is not screen)  # the new person's dialog
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)

        roles("slt")
        await pilot.press("r")
        await wait_until(pilot, lambda: "Only Admin may manage staff" in head(screen))
        assert table.row_count == 0 and Role.ADMIN not in app.user.roles
        await pilot.press("n")  # adding someone: refused before any dialog, for the person as now
        await pilot.pause()
        assert app.screen is screen
