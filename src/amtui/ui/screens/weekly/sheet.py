"""This week's basic skills sheet for a class: type the scores as fast as you can type.

One row per pupil: level, the test sat this week, the last three scores (colour and
letter), greens in a row and the week's score box. A score moves the cursor on by
itself as soon as no other digit could follow (``3`` of 25 at once, ``2`` waits for a
digit or Enter); ``a`` marks an absence. Saves run in order off the UI thread; scores
others enter (a TA on another machine) appear within a poll or two, on a PostgreSQL server
as soon as they are saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static

from amtui.db import journal
from amtui.db.connection import data_version
from amtui.db.repo import weekly as repo
from amtui.db.repo.school import ClassInfo, class_by_name
from amtui.db.repo.staff import CurrentUser, Refused, with_person
from amtui.db.repo.weekly import SheetRow, Sitting, WeeklySheet
from amtui.domain.calendar import academic_year_of
from amtui.domain.permissions import Action, may_enter
from amtui.domain.score_entry import SchoolWeek, not_a_score, school_week
from amtui.ui.screens.entry import EntryScreen
from amtui.ui.screens.weekly.cells import COLUMNS, SCORE, SheetSource, detail_text
from amtui.ui.screens.weekly.moves import MovesUp
from amtui.ui.serial import DbFailed
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import DOWN, EMPTY
from amtui.ui.widgets.message_line import MessageLine
from amtui.ui.widgets.steady_footer import footer


class WeeklyScreen(MovesUp, EntryScreen):
    """A class's weekly test sheet for one school week (this week unless told)."""

    @dataclass
    class ClassFound(Message):
        found: ClassInfo | None

    @dataclass
    class Loaded(Message):
        person: CurrentUser  # who the person is now: the scores and moves up offered are for them
        sheet: WeeklySheet

    @dataclass
    class Polled(Message):
        """The change poll: None when nobody saved since the last one, else the database's
        change count, and who the person is now with the sheet read again."""

        found: tuple[int | None, tuple[CurrentUser, WeeklySheet]] | None

    MESSAGE = "weekly-message"
    KEYS_AT_ONCE = frozenset({"digit", "absent", "enter", "backspace", "clear"})  # run in the grid, at once
    BINDINGS = [
        Binding("0", "digit('0')", "Score", key_display="0-9", tooltip="Type a score; the cursor moves on "
                "when no other digit could follow (Enter after 1, 2 ...)", id="weekly.score"),
        *[Binding(str(d), f"digit('{d}')", "Score", show=False, id=f"weekly.score_{d}") for d in range(1, 10)],
        Binding("a", "absent", "Absent", tooltip="The pupil missed this week's test", id="weekly.absent"),
        Binding("enter", "enter", "Next", show=False, tooltip="Save the digits typed, or move on",
                id="weekly.enter"),
        Binding("backspace", "backspace", "Undo digit", show=False, id="weekly.backspace"),
        Binding("delete", "clear", "Clear score", show=False, tooltip="Remove this week's sitting "
                "(entered for the wrong pupil); audited", id="weekly.clear"),
        Binding("p", "promote", "Promote", tooltip="Confirm the proposed move to the next level",
                id="weekly.promote"),
        Binding("P", "promote_all", "Promote all", tooltip="Confirm every proposed move up",
                id="weekly.promote_all"),
        Binding("left_square_bracket", "week(-1)", "Week", key_display="[ ]",
                tooltip="The week before / after: correct earlier weeks", id="weekly.prev"),
        Binding("right_square_bracket", "week(1)", "Next week", show=False, id="weekly.next"),
        Binding("t", "this_week", "This week", show=False, tooltip="Back to this week", id="weekly.this"),
        Binding("o", "overview", "Overview", tooltip="The class's year: weeks, levels, who is stuck",
                id="weekly.overview"),
        Binding("h", "history", "History", show=False, tooltip="The highlighted pupil's whole history",
                id="weekly.history"),
        Binding("l", "level", "Set level", show=False, tooltip="Set the pupil's level (a first level, "
                "or a teacher's move)", id="weekly.level"),
        Binding("r", "refresh", "Refresh", show=False, id="weekly.refresh"),
        Binding("escape", "back", "Back", tooltip="Cancel the digits typed, or go back",
                id="weekly.back"),
    ]

    def __init__(self, class_name: str | None = None, class_id: int | None = None,
                 week: dt.date | None = None) -> None:
        super().__init__()
        self.class_name = class_name
        self.class_id = class_id
        self.asked_week = week
        self.week: SchoolWeek | None = None
        self.sheet: WeeklySheet | None = None
        self.source: SheetSource | None = None
        self.offered: tuple = ()  # which promotion keys the footer shows
        self.seen_version: int | None = None  # the database's change count at the last poll
        self.polling = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="weekly-title")
        yield EntryGrid(EMPTY, header_lines=1, footer_lines=1, id="weekly-grid")
        yield Static("", id="weekly-detail")
        yield MessageLine(id="weekly-message")
        yield footer()

    @property
    def grid(self) -> EntryGrid:
        return self.query_one("#weekly-grid", EntryGrid)

    @property
    def today(self) -> dt.date:
        return self.app.today  # type: ignore[attr-defined]

    @property
    def user(self):
        return self.app.user  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.week = school_week(self.asked_week or self.today)
        self.grid.direction = DOWN
        year = academic_year_of(self.today)
        if self.class_id is not None:
            self.load()
        elif self.class_name:
            name = self.class_name
            self.db.post(lambda: class_by_name(name, year), done=self.ClassFound)
        else:
            self.pick_class("Weekly tests for which class?")

    # --- loading ------------------------------------------------------------------------

    def class_picked(self, class_id: int) -> None:
        self.class_id = class_id
        self.load()

    @on(ClassFound)
    def class_found(self, event: ClassFound) -> None:
        if event.found is None:
            self.query_one("#weekly-title", Static).update(
                Content(f"There is no class called '{self.class_name}' this year."))
        else:
            self.class_picked(event.found.id)

    def load(self) -> None:
        class_id, week, today = self.class_id, self.week, self.today
        self.read_as_now(lambda person: repo.weekly_sheet(class_id, week, today), self.Loaded)

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        self.show_sheet(event.sheet)

    def show_sheet(self, sheet: WeeklySheet) -> None:
        new_week = self.sheet is None or self.sheet.week != sheet.week
        self.sheet, self.source = sheet, SheetSource(sheet)
        grid = self.grid
        grid.source = self.source
        grid.reset(COLUMNS, len(sheet.rows))
        if new_week:  # start at the first pupil still to enter; a reload stays put
            todo = next((i for i, r in enumerate(sheet.rows) if r.this_week is None and r.level), 0)
            grid.move_to(todo, SCORE)
        grid.focus()
        if not self.polling:
            self.polling = True
            self.watch_changes(self.poll, sheet.settings.poll_seconds)
        when = "this week" if sheet.current else "EARLIER WEEK (t: this week)"
        self.query_one("#weekly-title", Static).update(Content(
            f"{sheet.school_class.name} · Weekly tests · {sheet.week.label} · "
            f"out of {sheet.settings.weekly_max} · {when}"))
        self.show_detail()

    # --- others at work ---------------------------------------------------------------------

    def poll(self) -> bool:
        """Read the sheet again when someone else has saved (never under typing or a save:
        False, it cannot look now)."""
        if self.sheet is None or self.busy or self.source.typed:
            return False
        class_id, week, today, seen, user = self.class_id, self.week, self.today, self.seen_version, self.user

        def job() -> tuple[int | None, tuple[CurrentUser, WeeklySheet]] | None:
            version = data_version()
            if version is not None and version == seen:
                return None  # nothing was saved since: nor was the person changed
            return version, with_person(user, today, lambda person: repo.weekly_sheet(class_id, week, today))

        self.db.post(job, done=self.Polled)
        return True

    @on(Polled)
    def polled(self, event: Polled) -> None:
        if event.found is None or self.source is None:
            return
        version, (person, sheet) = event.found
        if isinstance(sheet, Refused):  # refused to the person now (a leaver): as any refused read, with them
            self.post_message(DbFailed(sheet.error, self.Polled, person))
            return
        self.app.know_user(person)  # type: ignore[attr-defined]  # a role taken away meanwhile counts at once
        if sheet.week != self.week or self.busy or self.source.typed:
            self.look_again()  # moved on, or typing again: what it read is not shown
            return
        self.seen_version = version
        if [r.pupil_id for r in sheet.rows] != [r.pupil_id for r in self.source.rows]:
            self.show_sheet(sheet)  # pupils came or went: draw it whole
            return
        for index, (new, shown) in enumerate(zip(sheet.rows, self.source.rows)):
            if new != shown:
                self.show_row(index, new)
        self.show_detail()

    # --- what the cursor is on ------------------------------------------------------------

    @property
    def row(self) -> int:
        return self.grid.cursor[0]

    def pupil(self) -> SheetRow | None:
        return self.source.rows[self.row] if self.source and self.source.rows else None

    def show_detail(self) -> None:
        if self.sheet is None:
            return
        self.set_line("weekly-detail", Content(detail_text(self.pupil(), self.sheet, self.size.width or self.app.size.width)))
        # The footer is rebuilt only when the promotion keys come or go (it costs a redraw).
        offered = (self.check_action("promote", ()), self.check_action("promote_all", ()))
        if offered != self.offered:
            self.offered = offered
            self.refresh_bindings()

    @on(EntryGrid.CursorMoved)
    def moved(self, event: EntryGrid.CursorMoved) -> None:
        if dropped := self.source.typed.drop(keep=event.row):
            row, digits = dropped
            self.grid.refresh_cells([(row, SCORE)])
            self.say(f"{digits} for {self.source.rows[row].name} was not saved (Enter saves it).")
        self.show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.sheet is None:
            return action == "back"
        if action == "promote":
            return bool((pupil := self.pupil()) and pupil.due)
        if action == "promote_all":
            return sum(1 for r in self.source.rows if r.due) > 1
        return True

    def not_understood(self, character: str) -> str | None:
        if self.sheet is None:
            return None
        if character in ("p", "P"):
            if not self.sheet.current:
                return "Moves up are proposed on this week's sheet only (t: this week)."
            return f"No move up is proposed here: it takes {self.sheet.settings.promotion_greens} greens in a row."
        return f"{not_a_score(character, self.sheet.settings.weekly_max)}, or a for absent. Not saved."

    # --- typing a score ------------------------------------------------------------------

    def entry_refusal(self) -> str | None:
        """Why the cursor's score box cannot be typed in now (None: it can)."""
        pupil = self.pupil()
        if pupil is None:
            return "There is no pupil here to enter a score for."
        if why := may_enter(self.user.roles, Action.ENTER_WEEKLY, own_class=pupil.class_id in self.user.class_ids,
                            half_term=None, today=self.today).reason:
            return why
        if pupil.level is None and pupil.this_week is None:
            return f"{pupil.name} has no weekly test level yet: press l to set one. Not saved."
        return None

    def action_digit(self, digit: str) -> None:
        if why := self.entry_refusal():
            self.refuse(why)
            return
        row, most = self.row, self.sheet.settings.weekly_max
        typed = self.source.typed.type(row, digit, most)
        if typed.complete:
            self.commit(typed.value)
            return
        self.grid.refresh_cells([(row, SCORE)])
        if typed.error:
            self.refuse(f"{typed.error} ({most}): not saved.")

    def action_enter(self) -> None:
        if digits := self.source.typed.take(self.row) if self.source else "":
            self.commit(int(digits))
        else:
            self.grid.advance()

    def action_absent(self) -> None:
        if why := self.entry_refusal():
            self.refuse(why)
        else:
            self.commit(None)

    def action_backspace(self) -> None:
        if self.source.typed.backspace(self.row):
            self.grid.refresh_cells([(self.row, SCORE)])

    def show_row(self, row: int, pupil: SheetRow) -> None:
        """Show a pupil's new row, repainting only the cells that look different."""
        self.repaint(self.grid, self.source, [row], lambda: self.source.rows.__setitem__(row, pupil))

    def commit(self, score: int | None) -> None:
        """Show the score at once, save it in order, move on."""
        row, pupil, week = self.row, self.pupil(), self.week
        self.source.typed.forget(row)
        old = pupil.this_week
        sitting = Sitting(0, old.sat_on if old else week.sitting_day, old.level if old else pupil.level,
                          old.test if old else pupil.test, score)
        self.show_row(row, replace(pupil, this_week=sitting))
        self.save(journal.kept("weekly.score", self.user.login, pupil_id=pupil.pupil_id,
                               week=week.monday.isoformat(), score=score, today=self.today.isoformat()),
                  (week, pupil))
        self.say("")  # the box shows the score; an old refusal goes
        self.grid.advance()

    def action_clear(self) -> None:
        pupil = self.pupil()
        if why := self.entry_refusal():
            self.refuse(why)
        elif pupil.this_week is not None:
            week = self.week
            self.show_row(self.row, replace(pupil, this_week=None))
            self.save(journal.kept("weekly.clear", self.user.login, pupil_id=pupil.pupil_id,
                                   week=week.monday.isoformat(), today=self.today.isoformat()), (week, pupil))
            self.say(f"{pupil.name}: this week's score removed.")

    # --- what comes back -------------------------------------------------------------------

    def put_back(self, week: SchoolWeek, new: SheetRow) -> SheetRow | None:
        """Show a pupil's row as the database has it; the row it replaced (None: not shown)."""
        if self.source is None or week != self.week:
            return None
        for index, row in enumerate(self.source.rows):
            if row.pupil_id == new.pupil_id:
                self.show_row(index, new)
                return row
        return None

    def saved(self, result: SheetRow, before: tuple[SchoolWeek, SheetRow]) -> None:
        shown = self.put_back(before[0], result)
        if shown is not None and result.due and not shown.due:
            self.say(f"{result.name}: {result.greens} greens in a row - move up to {result.due} proposed (p confirms).")
        self.show_detail()

    def not_saved(self, before: tuple[SchoolWeek, SheetRow]) -> None:
        self.put_back(*before)
        self.show_detail()

    # --- moving about ---------------------------------------------------------------------------

    def go_to_week(self, monday: object) -> None:
        """Show another week (from the overview: None means stay)."""
        if isinstance(monday, dt.date) and self.week is not None and monday != self.week.monday:
            self.week = school_week(monday)
            self.load()

    def action_week(self, delta: int) -> None:
        wanted = self.week.plus(delta)
        if wanted.monday > school_week(self.today).monday:
            self.refuse("That week has not happened yet.")
        else:
            self.go_to_week(wanted.monday)

    def action_this_week(self) -> None:
        self.go_to_week(school_week(self.today).monday)

    def action_refresh(self) -> None:
        self.load()

    def action_overview(self) -> None:
        self.app.open_screen("weekly_overview", self.go_to_week, class_id=self.class_id)  # type: ignore[attr-defined]

    def action_history(self) -> None:
        if pupil := self.pupil():
            self.app.open_screen("weekly_history", pupil_id=pupil.pupil_id)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        if self.source and (dropped := self.source.typed.drop()):
            self.grid.refresh_cells([(dropped[0], SCORE)])
            self.say("Typing cancelled: nothing saved.")
        else:
            self.app.pop_screen()
