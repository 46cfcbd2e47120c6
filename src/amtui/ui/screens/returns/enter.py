"""The return screen: a teacher's teaching groups for the open return, one row per pupil.

An AOB return takes one key a pupil (``a``, ``o`` or ``b``) and moves on; a projected
grade is typed and moves on by itself as soon as it is whole (``7``; a sub-stage's stage
then band, ``6e``; with fine grades ``7+``). Year 11's return has a coursework grade too:
the cursor goes down the overall grades, then down the coursework grades from the top (a
key a grade, with no flash of a row change per pupil: fewer bytes down a slow link). The pupil's target and last return show
beside them, and a head of department's query on the line below. Saves go in order off
the screen through the journal, as on the weekly sheet. ``[`` and ``]`` go to the
previous or next group.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static

from amtui.db import journal
from amtui.db.repo import returns_read as repo
from amtui.db.repo.returns_read import ReturnInfo, ReturnSheet
from amtui.db.repo.school import load_settings
from amtui.db.repo.staff import CurrentUser
from amtui.domain.calendar import academic_year_of
from amtui.domain.grades import in_grades
from amtui.domain.returns import type_return_key
from amtui.ui.lean_updates import after_paint
from amtui.ui.screens.entry import EntryScreen
from amtui.ui.screens.returns.cells import COURSEWORK, VALUE, ReturnSource, columns, detail_text
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import DOWN, EMPTY
from amtui.ui.widgets.message_line import MessageLine
from amtui.ui.widgets.steady_footer import footer

KEYS = [*"0123456789", "u", "r", "e", "d", "s", "plus", "minus"]


@dataclass
class ChoicesRead(Message):
    person: CurrentUser  # who the person is now: the groups they return for are theirs
    found: tuple[list, bool]  # the choices, and whether the school reads fine grades (4+ 4 4-)


@dataclass
class SheetRead(Message):
    sheet: ReturnSheet


class ReturnScreen(EntryScreen):
    """A teacher's return for one teaching group at a time."""

    MESSAGE = "returns-message"
    KEYS_AT_ONCE = frozenset({"aob", "key", "enter", "backspace"})  # run in the grid, at once (keys_at_once)
    BINDINGS = [
        Binding("a", "aob('A')", "Above", tooltip="Above target; moves on", id="returns.above"),
        Binding("o", "aob('O')", "On", tooltip="On target; moves on", id="returns.on"),
        Binding("b", "aob('B')", "Below", tooltip="Below target; moves on", id="returns.below"),
        Binding("0", "key('0')", "Grade", key_display="0-9 u", tooltip="Type the grade; the cursor moves on "
                "as soon as it is whole", id="returns.grade"),
        *[Binding(k, f"key('{k}')", "Grade", show=False, id=f"returns.key_{k}") for k in KEYS[1:]],
        Binding("enter", "enter", "Next", show=False, tooltip="Save what is typed, or move on", id="returns.enter"),
        Binding("backspace", "backspace", "Undo", show=False, id="returns.backspace"),
        Binding("left_square_bracket", "group(-1)", "Group", key_display="[ ]",
                tooltip="The previous / next of your groups", id="returns.prev"),
        Binding("right_square_bracket", "group(1)", "Next group", show=False, id="returns.next"),
        Binding("escape", "back", "Back", id="returns.back"),
    ]

    def __init__(self, group: str | None = None) -> None:
        """``group``: the teaching group to start on (the class grid sends a Year 10-11 group here)."""
        super().__init__()
        self.start_group = group
        self.choices: list = []
        self.index = 0
        self.sheet: ReturnSheet | None = None
        self.source: ReturnSource | None = None
        self.fine = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="returns-title")
        yield EntryGrid(EMPTY, header_lines=1, footer_lines=1, id="returns-grid")
        yield Static("", id="returns-detail")
        yield MessageLine(id="returns-message")
        yield footer()

    @property
    def grid(self) -> EntryGrid:
        return self.query_one("#returns-grid", EntryGrid)

    @property
    def today(self):
        return self.app.today  # type: ignore[attr-defined]

    @property
    def user(self):
        return self.app.user  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        today = self.today
        year = academic_year_of(today)
        self.read_as_now(lambda person: (repo.return_choices(person, year, today), load_settings().fine_grades),
                         ChoicesRead)

    @on(ChoicesRead)
    def choices_read(self, event: ChoicesRead) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        self.choices, self.fine = event.found
        if not self.choices:
            self.set_line("returns-title", Content(
                "No return is open for your teaching groups today (amtui returns windows lists the year's)."))
            return
        self.index = next((i for i, (_, group) in enumerate(self.choices) if group.name == self.start_group), 0)
        self.load()

    def load(self) -> None:
        window, group = self.choices[self.index]
        today, year = self.today, academic_year_of(self.today)
        self.db.post(lambda: repo.return_sheet(window, group, year, today), done=SheetRead)

    @on(SheetRead)
    def sheet_read(self, event: SheetRead) -> None:
        sheet = event.sheet
        self.sheet, self.source = sheet, ReturnSource(sheet)
        grid = self.grid
        grid.source = self.source
        grid.direction = DOWN
        grid.reset(columns(sheet.window), len(sheet.rows))
        todo = next((i for i, r in enumerate(sheet.rows) if r.this is None or r.this.query), 0)
        grid.move_to(todo, VALUE)
        grid.focus()
        w = sheet.window
        more = f" · [ ] {self.index + 1} of {len(self.choices)}" if len(self.choices) > 1 else ""
        self.set_line("returns-title", Content(
            f"{w.name} · {sheet.group.name} {sheet.group.subject} · due {w.due:%a %d %b}{more}"))
        self.refresh_bindings()  # the keys of this return's kind (check_action)
        self.show_detail()

    # --- where the cursor is ---------------------------------------------------------------

    def pupil(self):
        return self.source.rows[self.grid.cursor[0]] if self.source and self.source.rows else None

    def show_detail(self) -> None:
        if self.sheet is not None:
            self.set_line("returns-detail", Content(detail_text(self.pupil(), self.sheet.window, self.fine)))

    @on(EntryGrid.CursorMoved)
    def moved(self, event: EntryGrid.CursorMoved) -> None:
        if self.source and (dropped := self.source.typed.drop(keep=(event.row, event.column))):
            self.grid.refresh_cells([dropped[0]])
            self.say(f"{dropped[1]} was not saved (it was not a whole grade).")
        self.show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys of this return's kind are offered (and shown in the footer, which
        then fits at 80 columns): A/O/B, or the grade; the other kind's keys are refused by
        ``not_understood``, saying what to type."""
        if self.sheet is not None and action in ("aob", "key"):
            return (action == "key") == self.sheet.window.asks_grade
        if action == "group":  # [ ] only when there is another group to go to
            return len(self.choices) > 1
        return super().check_action(action, parameters)

    def not_understood(self, character: str) -> str | None:
        if self.sheet is None:
            return None
        if character in "[]":
            return "This is your only group in an open return."
        window = self.sheet.window
        if not window.asks_grade:
            return "Type a, o or b: above, on or below target."
        if character.lower() in "aob":
            return f"{window.name} asks for a grade, not A, O or B."
        return "Type the grade (9-1, u); a sub-stage is its stage then r, e, d or s."

    # --- typing ----------------------------------------------------------------------------------

    def action_aob(self, letter: str) -> None:
        if self.sheet is None or self.pupil() is None:
            return
        self.commit(VALUE, letter)

    def action_key(self, key: str) -> None:
        if self.sheet is None or self.pupil() is None:
            return
        window, (row, column) = self.sheet.window, self.grid.cursor
        char = {"plus": "+", "minus": "-"}.get(key, key)
        grades = column == COURSEWORK or in_grades(window.year_group)
        typed = type_return_key(self.source.typed.at((row, column)), char, grades=grades, fine=self.fine)
        if typed.error:
            self.source.typed.forget((row, column))
            self.grid.refresh_cells([(row, column)])
            self.refuse(f"{typed.error}. Not saved.")
        elif typed.complete:
            self.source.typed.forget((row, column))
            self.commit(column, typed.text)
        else:
            self.source.typed.add((row, column), char, 3)
            self.grid.refresh_cells([(row, column)])

    def action_enter(self) -> None:
        row, column = self.grid.cursor
        if self.source and (text := self.source.typed.take((row, column))):
            self.commit(column, text)
        else:
            self.grid.advance()

    def action_backspace(self) -> None:
        if self.source and self.source.typed.backspace(self.grid.cursor):
            self.grid.refresh_cells([self.grid.cursor])

    def commit(self, column: int, text: str) -> None:
        """Show the value at once, save it in order, move on."""
        row, pupil, window, group = self.grid.cursor[0], self.pupil(), self.sheet.window, self.sheet.group
        field = "coursework" if column == COURSEWORK else ("projected" if window.asks_grade else "aob")
        shown = pupil.this or ReturnInfo(0, pupil.pupil_id, group.subject_id, window.name, window.due, "", "", "",
                                         self.user.name, False, "")
        self.show_row(row, replace(pupil, this=replace(shown, **{field: text.upper() if field == "aob" else text})))
        record = dict(window_id=window.id, pupil_id=pupil.pupil_id, subject_id=group.subject_id,
                      today=self.today.isoformat(), **{field: text})
        after_paint(self, lambda: self.save(journal.kept("returns.enter", self.user.login, **record),
                                            (window.id, group.id, pupil)))
        self.say("")
        self.grid.advance()

    def show_row(self, row: int, pupil) -> None:
        self.repaint(self.grid, self.source, [row], lambda: self.source.rows.__setitem__(row, pupil))

    # --- what comes back -----------------------------------------------------------------------

    def put_back(self, window_id: int, group_id: int, pupil, info: ReturnInfo | None) -> None:
        if self.sheet is None or (self.sheet.window.id, self.sheet.group.id) != (window_id, group_id):
            return
        for index, row in enumerate(self.source.rows):
            if row.pupil_id == pupil.pupil_id:
                self.show_row(index, replace(row, this=info))
        self.show_detail()

    def saved(self, info: ReturnInfo | None, before) -> None:
        window_id, group_id, pupil = before
        self.put_back(window_id, group_id, pupil, info)

    def not_saved(self, before) -> None:
        window_id, group_id, pupil = before
        self.put_back(window_id, group_id, pupil, pupil.this)

    # --- moving about --------------------------------------------------------------------------

    def action_group(self, delta: int) -> None:
        if len(self.choices) > 1:
            self.index = (self.index + delta) % len(self.choices)
            self.load()

    def action_back(self) -> None:
        if self.source and (dropped := self.source.typed.drop()):
            self.grid.refresh_cells([dropped[0]])
            self.say("Typing cancelled: nothing saved.")
        else:
            self.app.pop_screen()
