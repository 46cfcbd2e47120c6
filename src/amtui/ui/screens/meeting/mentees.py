"""A mentor's list: their mentees, last meeting, booking, when the next is due.

Pupils flagged for extra meetings come first, then the overdue (in red, with "!"),
then by due date. Enter opens the meeting; ``s`` books one with a date and time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import meetings
from amtui.db.repo.meetings import MenteeRow
from amtui.db.repo.staff import CurrentUser
from amtui.domain import agenda as rules
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, refusal
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.status import due_text
from amtui.ui.widgets.steady_footer import footer
from amtui.ui.widgets.tables import OpenTable, refill


LEGEND = " * due this half-term   ! overdue   +extra: flagged for extra meetings"
"""What the marks in the Due and Flags columns mean (the colours only repeat them)."""


def row_cells(m: MenteeRow) -> tuple:
    flags = " ".join(filter(None, ("+extra" if m.extra else "", "SEN" if m.sen else "")))
    last = f"{m.due.last:%d %b}" if m.due.last else "never"
    booked = "in progress" if m.in_progress else rules.booking_text(m.booked) or "-"
    return (m.name, m.class_name, flags, last, booked, due_text(m.due))


class MenteesScreen(ListsScreen):
    """The logged-in mentor's mentees (or another mentor's, opened from monitoring)."""

    HEAD = "#mentees-head"
    # Fixed widths: an auto width is measured from the rows shown first, and a booking
    # made later ("Fri 26 Feb 10:30") would be cut off.
    COLUMNS = {"#mentees-table": (("Pupil", 20), ("Class", 5), ("Flags", 7), ("Last", 6), ("Booked", 16),
                                  ("Due", 9))}
    BINDINGS = [
        Binding("s", "schedule", "Book", tooltip="Book (or move) the next meeting: date and time",
                id="mentees.book"),
        Binding("x", "cancel", "Cancel booking", tooltip="Cancel the booked meeting", id="mentees.cancel"),
        Binding("e", "extra", "Extra meetings", tooltip="Flag or unflag the pupil for extra meetings",
                id="mentees.extra"),
        Binding("m", "mentor", "Change mentor", tooltip="Give the pupil another mentor (history kept)",
                id="mentees.mentor"),
        Binding("l", "last", "Last meeting", tooltip="Open the last finished meeting (to read or amend)",
                id="mentees.last"),
        Binding("v", "view", "Pupil", tooltip="The pupil's summary", id="mentees.view"),
        *refresh_and_back("mentees", "Read the list again"),
    ]

    def __init__(self, mentor_id: int | None = None, mentor_name: str = ""):
        super().__init__()
        self.mentor_id, self.mentor_name = mentor_id, mentor_name
        self.rows: dict[str, MenteeRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="mentees-head")
        yield OpenTable(id="mentees-table")
        yield Static(LEGEND, id="mentees-legend")
        yield footer()

    def on_mount(self) -> None:
        if self.mentor_id is None:  # before the list's on_mount reads it
            user = self.app.user  # type: ignore[attr-defined]
            self.mentor_id, self.mentor_name = user.staff_id, user.name

    def on_screen_resume(self) -> None:
        if self.rows:
            self.action_refresh()  # back from a meeting: it may have been finished or booked

    def reader(self) -> Callable[[CurrentUser], list[MenteeRow]]:
        mentor, today = self.mentor_id, self.app.today  # type: ignore[attr-defined]
        return lambda person: meetings.mentees(mentor, today)

    def show(self, rows: list[MenteeRow]) -> None:
        self.rows = {str(m.pupil_id): m for m in rows}
        refill(self.query_one("#mentees-table", OpenTable), [(key, row_cells(m)) for key, m in self.rows.items()])
        overdue = sum(m.due.overdue for m in rows)
        mine = self.mentor_id == self.app.user.staff_id  # type: ignore[attr-defined]
        who = "Your mentees" if mine else f"Mentees of {self.mentor_name}"
        head = Text(f"{who}: {len(rows)}")
        if overdue:
            head.append(f" · {overdue} overdue (!)", style="bold #d00000")
        head.append("  Enter opens the meeting" if rows else "  (none: mentors are set by admin)")
        self.query_one("#mentees-head", Static).update(head)

    def _current(self) -> MenteeRow | None:
        table = self.query_one("#mentees-table", OpenTable)
        if not table.row_count:
            return None
        return self.rows.get(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected, "#mentees-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_screen("meeting", pupil_id=int(event.row_key.value))  # type: ignore[attr-defined]

    def action_last(self) -> None:
        if (m := self._current()) is not None:
            self.db.post(lambda: self.LastMeeting(m, meetings.last_finished(m.pupil_id)))

    @dataclass
    class LastMeeting(Message):
        mentee: MenteeRow
        meeting_id: int | None

    @on(LastMeeting)
    def _open_last(self, event: LastMeeting) -> None:
        if event.meeting_id is None:
            self.notify(f"{event.mentee.name} has no finished meeting yet.")
        else:
            self.app.open_screen("meeting", pupil_id=event.mentee.pupil_id,  # type: ignore[attr-defined]
                                 meeting_id=event.meeting_id)

    def action_view(self) -> None:
        if (m := self._current()) is not None:
            self.app.open_screen("pupil", pupil_id=m.pupil_id)  # type: ignore[attr-defined]


    def action_schedule(self) -> None:
        m = self._current()
        if m is None:
            return
        today = self.app.today  # type: ignore[attr-defined]

        def check(text: str) -> str:
            try:
                day, _ = rules.parse_when(text, today)
            except UserFacingError as error:
                return str(error)
            return "" if day >= today else "Book a day from today on."

        self.app.push_screen(LineDialog(f"Book a meeting: {m.name}", f"Due: {m.due.marker}",
                                        placeholder="DD/MM/YYYY HH:MM  (e.g. 03/03 10:30)", check=check,
                                        kind="entry"),
                             lambda text: self._book(m, text))

    def _book(self, m: MenteeRow, text: str | None) -> None:
        if text is None:
            return
        user, today = self.app.user, self.app.today  # type: ignore[attr-defined]
        when = rules.at_time(*rules.parse_when(text, today))
        self.change(lambda: meetings.schedule(user, m.pupil_id, when),
                    f"Meeting with {m.name} booked for {rules.booking_text(when)}.")

    def action_cancel(self) -> None:
        m, user = self._current(), self.app.user  # type: ignore[attr-defined]
        if m is None:
            return

        def cancel() -> None:
            if not meetings.cancel_booking(user, m.pupil_id):
                raise UserFacingError(f"{m.name} has no booked meeting to cancel.")

        self.change(cancel, f"Booking for {m.name} cancelled.")

    def action_extra(self) -> None:
        if (m := self._current()) is not None:
            user, on_ = self.app.user, not m.extra  # type: ignore[attr-defined]
            self.change(lambda: meetings.set_extra_meetings(user, m.pupil_id, on_),
                        f"{m.name} {'flagged for' if on_ else 'no longer flagged for'} extra meetings.")

    def action_mentor(self) -> None:
        m, user = self._current(), self.app.user  # type: ignore[attr-defined]
        if m is None:
            return
        why = refusal(user.roles, Action.CHANGE_MENTOR)
        if why:
            self.notify(why, severity="warning")
            return
        self.db.post(lambda: self.MentorChoices(m, meetings.possible_mentors(), meetings.mentor_history(m.pupil_id)))

    @dataclass
    class MentorChoices(Message):
        mentee: MenteeRow
        mentors: list
        history: list

    @on(MentorChoices)
    def _choose_mentor(self, event: MentorChoices) -> None:
        history = "; ".join(f"{h.mentor} from {h.start:%d %b %Y}" + (f" to {h.end:%d %b %Y}" if h.end else "")
                            for h in event.history) or "no mentor yet"
        options = [(str(sid), name) for sid, name in event.mentors]
        self.app.push_screen(PickScreen(f"New mentor for {event.mentee.name}", options, note=f"So far: {history}"),
                             lambda picked: self._mentor_reason(event.mentee, picked))

    def _mentor_reason(self, m: MenteeRow, picked: str | None) -> None:
        if picked is None:
            return
        self.app.push_screen(LineDialog("Why the change?", "The reason stays on the pupil's record.",
                                        check=lambda text: "" if text.strip() else "Give a reason."),
                             lambda reason: self._change_mentor(m, int(picked), reason))

    def _change_mentor(self, m: MenteeRow, mentor_id: int, reason: str | None) -> None:
        if reason is None:
            return
        user, today = self.app.user, self.app.today  # type: ignore[attr-defined]
        self.change(lambda: meetings.change_mentor(user, m.pupil_id, mentor_id, reason, today),
                    f"{m.name} has a new mentor; the old one stays in the history.")
