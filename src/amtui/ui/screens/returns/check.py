"""The head of department's check: the department's projected grades for an open return,
one row per pupil (group, teacher, target, projected, coursework, the check). ``y``
approves the highlighted grade, ``A`` every one shown not yet approved, ``q`` sends it back
to the teacher with a note (they see it on their return screen). ``[`` and ``]`` go to the
previous or next return and subject."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static

from amtui.db.repo import returns, returns_read
from amtui.db.repo.returns_read import DepartmentRow
from amtui.db.repo.staff import CurrentUser
from amtui.domain.calendar import academic_year_of
from amtui.domain.returns import check_note
from amtui.domain.roles import Role
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.screens.entry import EntryScreen
from amtui.ui.widgets.message_line import MessageLine
from amtui.ui.widgets.tables import JumpTable, fitted_row
from amtui.ui.widgets.steady_footer import footer

COLUMNS = (("Pupil", 18), ("Group", None), ("Teacher", 13), ("Target", None), ("Projected", None), ("CW", None),
           ("Check", None))
"""Titles and widths (None: as wide as the cells): the check, the column the head of
department works down, stays whole at 80 columns; a long name ends "…"."""


def check_text(row: DepartmentRow) -> str:
    this = row.this
    if this is None or not this.projected:
        return "missing"
    if this.query:
        return "QUERIED"
    return "approved" if this.checked else "to check"


def choices_for(user, start_year: int, today) -> list[tuple[returns.WindowInfo, int, str]]:
    """(window, subject id, subject) for each open projected return and subject this person checks."""
    from amtui.db.repo.groups import teaching_groups

    subjects = {g.subject_id: g.subject for g in teaching_groups(start_year)}
    if Role.SLT not in user.roles:
        subjects = {sid: name for sid, name in subjects.items() if sid in user.hod_subjects}
    return [(window, sid, name) for window in returns_read.current_windows(start_year, today) if window.asks_grade
            for sid, name in sorted(subjects.items(), key=lambda item: item[1].lower())]


@dataclass
class ChoicesRead(Message):
    person: CurrentUser  # as the database holds them now: the session's from here
    choices: list[tuple[returns.WindowInfo, int, str]] | None  # None: they check no returns


@dataclass
class RowsRead(Message):
    rows: list[DepartmentRow]


@dataclass
class Approved(Message):
    count: int


@dataclass
class Queried(Message):
    name: str


class ReturnsCheckScreen(EntryScreen):
    """A department's projected grades for one return."""

    MESSAGE = "check-message"
    BINDINGS = [
        Binding("y", "approve", "Approve", tooltip="Approve the highlighted pupil's grade", id="check.approve"),
        Binding("A", "approve_all", "Approve all", tooltip="Approve every grade shown not yet approved",
                id="check.approve_all"),
        Binding("q", "query", "Query", tooltip="Send the grade back to the teacher with a note", id="check.query"),
        Binding("left_square_bracket", "choice(-1)", "Return", key_display="[ ]",
                tooltip="The previous / next return or subject", id="check.prev"),
        Binding("right_square_bracket", "choice(1)", "Next", show=False, id="check.next"),
        Binding("r", "refresh", "Refresh", tooltip="Read the returns and what you check again",
                id="check.refresh"),
        Binding("escape", "app.pop_screen", "Back", id="check.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.choices: list = []
        self.index = 0
        self.rows: list[DepartmentRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="check-title")
        yield JumpTable(id="check-table")
        yield MessageLine(id="check-message")
        yield footer()

    @property
    def table(self) -> JumpTable:
        return self.query_one("#check-table", JumpTable)

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read who the person is now and the returns they check: a head of department's role
        or subject given or taken away since login counts here."""
        today = self.app.today  # type: ignore[attr-defined]
        self.read_as_now(lambda person: choices_for(person, academic_year_of(today), today)
                         if person.roles & returns.CHECKERS else None, ChoicesRead)

    @on(ChoicesRead)
    def choices_read(self, event: ChoicesRead) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        was = self.choices[self.index][::2] if self.choices else None
        self.choices = found = event.choices or []
        self.index = next((i for i, c in enumerate(found) if c[::2] == was), 0)  # the same return and subject
        self.refresh_bindings()  # [ ] as there are others (check_action)
        if not found:
            self.rows = []
            self.table.clear()
            self.set_line("check-title", Content(
                "Only a Head of department or Senior leadership checks returns." if event.choices is None
                else "No projected return is open for your department today."))
        else:
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choice":  # [ ] only when there is another return or subject to go to
            return len(self.choices) > 1
        return super().check_action(action, parameters)

    def not_understood(self, character: str) -> str | None:
        return "This is the only return and subject open for you to check." if character in "[]" else None

    def load(self) -> None:
        window, subject_id, _ = self.choices[self.index]
        today = self.app.today  # type: ignore[attr-defined]
        self.db.post(lambda: returns_read.department_returns(window, subject_id, academic_year_of(today), today),
                     done=RowsRead)

    @on(RowsRead)
    def rows_read(self, event: RowsRead) -> None:
        self.rows = rows = event.rows
        keep = self.table.cursor_row if self.table.row_count else 0
        table = self.table
        table.clear(columns=not table.columns)
        if not table.columns:
            for title, width in COLUMNS:
                table.add_column(title, width=width)
        for row in rows:
            this = row.this
            table.add_row(*fitted_row(table, [row.expected.name, row.expected.group, row.expected.teacher,
                                              row.target or "-", this.projected if this else "",
                                              this.coursework if this else "", check_text(row)]))
        table.move_cursor(row=min(keep, max(len(rows) - 1, 0)))
        table.focus()
        window, _, subject = self.choices[self.index]
        waiting = sum(1 for r in rows if check_text(r) == "to check")
        more = f" · [ ] {self.index + 1} of {len(self.choices)}" if len(self.choices) > 1 else ""
        self.set_line("check-title", Content(f"{window.name} · {subject} · {waiting} to check of {len(rows)}{more}"))

    def current(self) -> DepartmentRow | None:
        return self.rows[self.table.cursor_row] if self.rows else None

    def action_approve(self) -> None:
        row = self.current()
        if row is None or row.this is None or not row.this.projected:
            self.refuse("This pupil has no projected grade to approve yet.")
            return
        self.approve([row.this.id])

    def action_approve_all(self) -> None:
        ids = [r.this.id for r in self.rows if check_text(r) in ("to check", "QUERIED") and not r.this.query]
        if not ids:
            self.refuse("Every grade shown is approved or queried already.")
            return
        self.approve(ids)

    def approve(self, ids: list[int]) -> None:
        user = self.app.user  # type: ignore[attr-defined]
        self.db.post(lambda: returns.approve(user, ids), done=Approved)

    @on(Approved)
    def approved(self, event: Approved) -> None:
        self.say(f"{event.count} grade{'s' if event.count != 1 else ''} approved.")
        self.load()

    def action_query(self) -> None:
        row = self.current()
        if row is None or row.this is None or not row.this.projected:
            self.refuse("This pupil has no projected grade to query yet.")
            return

        def valid(text: str) -> str | None:
            try:
                check_note(text)
            except ValueError as error:
                return str(error)
            return None

        return_id, name = row.this.id, row.expected.name
        self.app.push_screen(LineDialog(f"Query {name}'s {row.this.projected}",
                                        f"The note goes back to {row.expected.teacher}. Enter sends it; Esc cancels.",
                                        row.this.query, "e.g. Her mocks say 6: check", check=valid),
                             lambda text: self.send_query(return_id, name, text))

    def send_query(self, return_id: int, name: str, text: str | None) -> None:
        if text is None:
            return
        user = self.app.user  # type: ignore[attr-defined]
        self.db.post(lambda: (returns.query(user, return_id, text), Queried(name))[1])

    @on(Queried)
    def queried(self, event: Queried) -> None:
        self.say(f"{event.name}'s grade went back to the teacher with your note.")
        self.load()

    def action_choice(self, delta: int) -> None:
        if len(self.choices) > 1:
            self.index = (self.index + delta) % len(self.choices)
            self.load()
