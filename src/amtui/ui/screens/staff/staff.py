"""The staff list for the admin: who is on it, their roles and classes today; add a
member of staff, change roles, mark a leaver (they can no longer log in; their records
stay), and set who teaches a class from a day. The repository checks and audits each
change and never leaves the school without an active admin."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Static

from amtui.db.repo import staffing
from amtui.db.repo.staff import CurrentUser
from amtui.db.repo.staffing import StaffMember
from amtui.domain.calendar import parse_school_date
from amtui.domain.permissions import Action
from amtui.domain.roles import parse_some_roles
from amtui.ui.dialogs.form import Field, FormDialog
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.tables import JumpTable, refill
from amtui.ui.widgets.steady_footer import footer


class StaffScreen(ListsScreen):
    """Everyone on the staff list (leavers last, greyed by 'left'); keys act on the highlighted one."""

    HEAD = "#staff-head"
    COLUMNS = {"#staff-table": (("Login", 10), ("Name", 20), ("Roles", 16), ("Classes today", 22))}
    SEE = CHANGE = Action.MANAGE_STAFF
    BINDINGS = [
        Binding("n", "new", "Add", tooltip="Add a member of staff (or bring back a leaver)", id="staff.new"),
        Binding("o", "roles", "Roles", tooltip="Change the highlighted person's roles", id="staff.roles"),
        Binding("t", "teach", "Teach", tooltip="The highlighted person teaches a class from a day",
                id="staff.teach"),
        Binding("l", "leave", "Leaver", tooltip="Mark the highlighted person as having left", id="staff.leave"),
        *refresh_and_back("staff", "Read the staff list again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[str, StaffMember] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the staff list...", id="staff-head")
        yield JumpTable(name_column=1, id="staff-table")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], list[StaffMember]]:
        today = self.app.today  # type: ignore[attr-defined]
        return lambda person: staffing.staff_list(today)

    def show(self, members: list[StaffMember]) -> None:
        self.members = {m.login: m for m in members}
        refill(self.query_one("#staff-table", JumpTable),
               [(m.login, (m.login, m.name, m.roles_text, m.classes_text)) for m in members])
        active = sum(m.active for m in members)
        self.query_one("#staff-head", Static).update(Content(
            f"{active} active, {len(members) - active} left · n add · o roles · t teach · l leaver"))

    def _current(self) -> StaffMember | None:
        return self.highlighted(self.members)

    def _ask(self, title: str, fields: list[Field], then, note: str = "") -> None:
        self.ask(FormDialog(title, fields, note), lambda kept: then(*kept))

    def action_new(self) -> None:
        user = self.app.user  # type: ignore[attr-defined]
        self._ask("Add a member of staff",
                  [Field("Login", kind="login"), Field("Name", kind="name"),
                   Field("Roles", placeholder="teacher, mentor")],
                  lambda login, name, roles: self.write_then_refresh(
                      lambda: staffing.add_staff(user, login, name, parse_some_roles(roles)), f"{name} added."))

    def action_roles(self) -> None:
        member, user = self._current(), self.app.user  # type: ignore[attr-defined]
        if member is not None:
            self._ask(f"Roles of {member.name}", [Field("Roles", member.roles_text)],
                      lambda roles: self.write_then_refresh(
                          lambda: staffing.change_roles(user, member.login, parse_some_roles(roles)),
                          f"{member.name}'s roles saved."),
                      note="teacher, ta, mentor, hod, hoy, slt, admin; Enter keeps, Esc cancels.")

    def action_teach(self) -> None:
        member, user, today = self._current(), self.app.user, self.app.today  # type: ignore[attr-defined]
        if member is not None:
            self._ask(f"{member.name} teaches", [Field("Class", kind="class"), Field("From", f"{today:%d/%m/%Y}"),
                                                 Field("As", "teacher", placeholder="teacher or ta")],
                      lambda name, start, role: self.write_then_refresh(
                          lambda: staffing.teach(user, member.login, name.strip(), parse_school_date(start),
                                                 role.strip().lower() or "teacher"),
                          f"{member.name}: class saved."),
                      note="As the teacher, the class's previous teacher stops that day. Enter keeps.")

    def action_leave(self) -> None:
        member, user, today = self._current(), self.app.user, self.app.today  # type: ignore[attr-defined]
        if member is not None:
            self._ask(f"{member.name} leaves", [Field("On", f"{today:%d/%m/%Y}")],
                      lambda day: self.write_then_refresh(
                          lambda: staffing.leave(user, member.login, parse_school_date(day)),
                          f"{member.name} has left: they can no longer log in."),
                      note="They can no longer log in; their records stay. Enter keeps, Esc cancels.")

    def write_then_refresh(self, call, note: str) -> None:
        """Queue the change, then the list read again behind it; a refusal: the app says why."""
        self.change(call, lambda said: said if isinstance(said, str) else note)  # the repository's words
