"""Chasing: who has not returned yet for each open return, per department and teacher, as
the MIS's missing-results report does. A head of department sees their subjects; SLT, the
AMT, heads of year and admin every subject."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import returns_read
from amtui.db.repo.staff import CurrentUser
from amtui.domain.calendar import academic_year_of
from amtui.domain.permissions import Action
from amtui.domain.roles import Role
from amtui.ui.screens.entry import EntryScreen
from amtui.ui.widgets.message_line import MessageLine
from amtui.ui.widgets.tables import JumpTable, plain
from amtui.ui.widgets.steady_footer import footer

EVERY_SUBJECT = frozenset({Role.SLT, Role.AMT, Role.HOY, Role.ADMIN})


def chase(user, today) -> list[tuple[returns_read.WindowInfo, list[returns_read.Expected]]]:
    """Each open return with the pupils not yet returned that this person chases."""
    year = academic_year_of(today)
    only = None if user.roles & EVERY_SUBJECT else user.hod_subjects
    return [(window, returns_read.missing(window, year, today, only))
            for window in returns_read.current_windows(year, today)]


@dataclass
class Chased(Message):
    person: CurrentUser  # as the database holds them now: the session's from here
    found: list[tuple[returns_read.WindowInfo, list[returns_read.Expected]]] | None  # None: they chase none


class ReturnsMissingScreen(EntryScreen):
    """Who has not returned yet: a row per teacher and group, with how many and who (the
    highlighted row's pupils whole under the table: at 80 columns the list runs off it)."""

    MESSAGE = "missing-message"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="missing.back"),
                Binding("r", "refresh", "Refresh", id="missing.refresh")]

    def __init__(self) -> None:
        super().__init__()
        self.pupils: list[str] = []  # each row's group and its pupils not yet returned, whole

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="missing-title")
        yield JumpTable(id="missing-table", name_column=1)
        yield Static("", id="missing-detail")
        yield MessageLine(id="missing-message")
        yield footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read who the person is now and who they chase, in one job: a role or a department
        given or taken away since login counts here."""
        today = self.app.today  # type: ignore[attr-defined]
        self.read_as_now(lambda person: chase(person, today) if person.may(Action.MONITOR) else None, Chased)

    @on(Chased)
    def chased(self, event: Chased) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        table = self.query_one("#missing-table", JumpTable)
        table.clear(columns=True)
        if event.found is None:
            self.pupils = []
            self.show_pupils()
            self.set_line("missing-title", Content("Heads of department, heads of year, SLT and the AMT chase returns."))
            return
        found = event.found
        table.add_columns("Return", "Subject", "Teacher", "Group", "Missing", "Pupils")
        self.pupils = []
        total = 0
        for window, rows in found:
            by_group = Counter((e.subject, e.teacher, e.group) for e in rows)
            names: dict[tuple, list[str]] = {}
            for e in rows:
                names.setdefault((e.subject, e.teacher, e.group), []).append(e.name)
            for (subject, teacher, group), count in by_group.items():
                who = "; ".join(names[(subject, teacher, group)])
                table.add_row(*plain([window.name, subject, teacher, group, str(count), who]))
                self.pupils.append(f"{group} {subject} ({teacher}): {who}")
            total += len(rows)
        table.focus()
        self.show_pupils()
        open_now = ", ".join(f"{w.name} (due {w.due:%d %b})" for w, _ in found) or "none open today"
        self.set_line("missing-title", Content(f"Not yet returned: {total} · {open_now}"))

    @on(DataTable.RowHighlighted, "#missing-table")
    def show_pupils(self) -> None:
        table = self.query_one("#missing-table", JumpTable)
        shown = self.pupils[table.cursor_row] if table.row_count and table.cursor_row < len(self.pupils) else ""
        self.query_one("#missing-detail", Static).update(Content(shown))  # one line or several: laid out again
