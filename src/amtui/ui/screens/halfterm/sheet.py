"""A half-term test's answer grid: pupils x questions, marks typed as fast as possible.

Type a mark (the cursor moves on when no other digit could follow), ``x`` for full
marks, ``0`` for none, Space for not attempted; ``d`` turns the cursor's direction
(down the question, or along the pupil). Totals update as you type; the sub-stage
beside them comes back from the database with each save, from the crosses only.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static

from amtui.db import journal
from amtui.db.repo import halfterm as repo
from amtui.db.repo.halfterm import MarkChange, SavedMarks, SubjectInfo, TestSheet
from amtui.db.repo.lowered import lowered_text
from amtui.db.repo.staff import CurrentUser
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.permissions import Action, may_enter
from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.screens.entry import EntryScreen
from amtui.ui.screens.halfterm.cells import FROZEN, TestSource, standing_text, title_text
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import DOWN, EMPTY
from amtui.ui.widgets.message_line import MessageLine
from amtui.ui.widgets.steady_footer import footer

DEFAULT_SUBJECT = "Maths"


class HalfTermScreen(EntryScreen):
    """One class's answers to the half-term test of one subject and stage."""

    @dataclass
    class Loaded(Message):
        person: CurrentUser  # who the person is now: whether they may enter is for them
        sheet: TestSheet | str  # a string: why there is no sheet to show

    @dataclass
    class SubjectsRead(Message):
        subjects: list[SubjectInfo]

    MESSAGE = "halfterm-message"
    KEYS_AT_ONCE = frozenset({"digit", "full", "blank", "clear", "enter", "backspace"})  # run in the grid, at once
    BINDINGS = [
        Binding("0", "digit('0')", "Mark", key_display="0-9", tooltip="Type a mark; the cursor moves on "
                "when no other digit could follow", id="halfterm.mark"),
        *[Binding(str(d), f"digit('{d}')", "Mark", show=False, id=f"halfterm.mark_{d}") for d in range(1, 10)],
        Binding("x", "full", "Full", tooltip="Full marks (a cross); on a block, for all of it",
                id="halfterm.full"),
        Binding("space", "blank", "Blank", tooltip="Not attempted: blank, records no code",
                id="halfterm.blank"),
        Binding("delete", "clear", "Clear", show=False, tooltip="Blank the mark, stay here", id="halfterm.clear"),
        Binding("enter", "enter", "Next", show=False, id="halfterm.enter"),
        Binding("backspace", "backspace", "Undo digit", show=False, id="halfterm.backspace"),
        Binding("d", "direction", "Direction", tooltip="Move down the question, or along the pupil",
                id="halfterm.direction"),
        Binding("s", "stage", "Stage", tooltip="Pupils working at another stage (another test)",
                id="halfterm.stage"),
        Binding("u", "subject", "Subject", show=False, tooltip="Another subject's test", id="halfterm.subject"),
        Binding("left_square_bracket", "half_term(-1)", "Half-term", key_display="[ ]", show=False,
                tooltip="The test of the half-term before / after", id="halfterm.prev"),
        Binding("right_square_bracket", "half_term(1)", "Next half-term", show=False, id="halfterm.next"),
        Binding("r", "refresh", "Refresh", show=False, id="halfterm.refresh"),
        Binding("escape", "back", "Back", tooltip="Cancel the digits typed, or go back",
                id="halfterm.back"),
    ]

    def __init__(self, class_name: str | None = None, subject: str | None = None,
                 half_term: int | None = None, stage: int | None = None, class_id: int | None = None) -> None:
        super().__init__()
        self.class_name, self.class_id = class_name, class_id
        self.subject = subject or DEFAULT_SUBJECT
        self.number, self.stage = half_term, stage
        self.sheet: TestSheet | None = None
        self.source: TestSource | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="halfterm-title")
        yield EntryGrid(EMPTY, header_lines=2, footer_lines=1, id="halfterm-grid")
        yield Static("", id="halfterm-detail")
        yield Static("", id="halfterm-pupil")
        yield Static("", id="halfterm-sections")
        yield MessageLine(id="halfterm-message")
        yield footer()

    @property
    def grid(self) -> EntryGrid:
        return self.query_one("#halfterm-grid", EntryGrid)

    def on_mount(self) -> None:
        self.grid.direction = DOWN
        if self.class_id is None and not self.class_name:
            self.pick_class("Half-term test for which class?")
        else:
            self.load()

    # --- loading ----------------------------------------------------------------------------

    def class_picked(self, class_id: int) -> None:
        self.class_id = class_id
        self.load()

    def load(self) -> None:
        args = (self.class_id, self.class_name, self.subject, self.number, self.stage,
                self.app.today)  # type: ignore[attr-defined]
        self.read_as_now(lambda person: repo.find_test_sheet(*args), self.Loaded)

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        sheet = event.sheet
        if isinstance(sheet, str):
            self.query_one("#halfterm-title", Static).update(Content(sheet))
            return
        same = self.sheet is not None and self.sheet.test == sheet.test
        self.sheet, self.source = sheet, TestSource(sheet)
        self.class_id, self.number, self.stage = sheet.school_class.id, sheet.half_term.number, sheet.stage
        grid = self.grid
        grid.source = self.source
        grid.reset(self.source.columns(), len(sheet.pupils))
        if not same:
            grid.move_to(0, len(FROZEN))
        grid.focus()
        self.show_title()
        self.describe()
        self.refresh_bindings()
        if sheet.test is not None and sheet.pupils and (why := self.entry_refusal()):
            self.say(f"Read-only: {why}")

    def show_title(self) -> None:
        if self.sheet is not None:
            self.query_one("#halfterm-title", Static).update(Content(title_text(self.sheet, self.grid.direction)))

    # --- what the cursor is on --------------------------------------------------------------

    def describe(self) -> None:
        source = self.source
        question = source.question_at(self.grid.cursor[1]) if source else None
        detail = pupil_line = sections = ""
        if question is not None:
            detail = f"Q{question.number} · {question.label} · {question.section} · {question.text}"
        if source and source.sheet.pupils:
            row = self.grid.cursor[0]
            pupil, sums = source.sheet.pupils[row], source.totals(row)
            standing = source.standings.get(pupil.id)
            crosses = f" ({standing.crosses} of {standing.bank_size} crosses)" if standing and standing.bank_size else ""
            pupil_line = f"{pupil.name} · total {sums.gained}/{sums.out_of} · now {standing_text(standing)}{crosses}"
            sections = "Sections: " + "  ".join(f"{name[:4]} {got}/{of}" for name, got, of in sums.sections)
        self.set_line("halfterm-detail", Content(detail))
        self.set_line("halfterm-pupil", Content(pupil_line))
        self.set_line("halfterm-sections", Content(sections))

    @on(EntryGrid.CursorMoved)
    def moved(self, event: EntryGrid.CursorMoved) -> None:
        if self.source and (dropped := self.source.typed.drop(keep=(event.row, event.column))):
            cell, digits = dropped
            self.grid.refresh_cells([cell])
            self.say(f"{digits} was not saved (Enter saves it).")
        self.describe()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.sheet is not None or action in ("back", "refresh")

    def not_understood(self, character: str) -> str | None:
        if self.sheet is None or self.sheet.test is None:
            return None
        return f"'{character}' is not a mark: type 0-9, x for full marks, Space for not attempted."

    # --- entering marks -------------------------------------------------------------------------

    def entry_refusal(self) -> str | None:
        sheet, user = self.sheet, self.app.user  # type: ignore[attr-defined]
        if sheet is None or sheet.test is None or not sheet.pupils:
            return "There is nothing to enter here."
        return may_enter(user.roles, Action.EDIT_MARKS, own_class=user.staff_id in sheet.teachers,
                         half_term=sheet.half_term, today=self.app.today).reason or None  # type: ignore[attr-defined]

    def set_marks(self, marks: dict[tuple[int, int], int | None], advance: bool = True) -> None:
        """Show the marks at once, save them as one change, move on."""
        source, sheet = self.source, self.sheet
        changes, before = [], {}

        def change() -> None:
            for (row, column), mark in marks.items():
                pupil, question = sheet.pupils[row].id, source.question_at(column)
                source.typed.forget((row, column))
                before[(pupil, question.id)] = source.marks.get((pupil, question.id))
                source.marks[(pupil, question.id)] = mark
                changes.append(MarkChange(pupil, question.id, mark))

        self.repaint(self.grid, source, {row for row, _ in marks}, change)
        term, test = sheet.half_term, sheet.test
        self.save(journal.kept("test.marks", self.app.user.login, year=term.year,  # type: ignore[attr-defined]
                               half_term=term.number, subject_id=test.subject_id, stage=test.stage,
                               test_number=test.number,
                               answers=[[c.pupil_id, c.question_id, c.mark] for c in changes],
                               today=self.app.today.isoformat()), (sheet, before))  # type: ignore[attr-defined]
        self.grid.clear_selection()
        if advance:
            self.grid.advance()
        self.describe()

    def block(self, mark_of) -> None:
        """``mark_of(question)`` for every question cell selected (or the cursor's)."""
        if why := self.entry_refusal():
            self.refuse(why)
            return
        cells = [c for c in self.grid.selection() if self.source.question_at(c[1]) is not None]
        self.set_marks({c: mark_of(self.source.question_at(c[1])) for c in cells}, advance=len(cells) == 1)

    def action_digit(self, digit: str) -> None:
        if why := self.entry_refusal():
            self.refuse(why)
            return
        cell = self.grid.cursor
        question = self.source.question_at(cell[1])
        typed = self.source.typed.type(cell, digit, question.marks)
        if typed.complete:
            self.set_marks({cell: typed.value})
            return
        self.grid.refresh_cells([cell])
        if typed.error:
            self.refuse(f"{typed.digits} is more than question {question.number}'s {question.label}: not saved.")

    def action_full(self) -> None:
        self.block(lambda question: question.marks)

    def action_blank(self) -> None:
        self.block(lambda question: None)

    def action_clear(self) -> None:
        if why := self.entry_refusal():
            self.refuse(why)
        else:
            self.set_marks({self.grid.cursor: None}, advance=False)

    def action_enter(self) -> None:
        cell = self.grid.cursor
        if digits := self.source.typed.take(cell) if self.source else "":
            self.set_marks({cell: int(digits)})
        else:
            self.grid.advance()

    def action_backspace(self) -> None:
        cell = self.grid.cursor
        if self.source and self.source.typed.backspace(cell):
            self.grid.refresh_cells([cell])

    # --- what comes back ----------------------------------------------------------------------

    def saved(self, saved: SavedMarks, before: tuple[TestSheet, dict]) -> None:
        sheet, _ = before
        if sheet is self.sheet:
            rows = {p.id: i for i, p in enumerate(sheet.pupils)}
            self.repaint(self.grid, self.source, [rows[pid] for pid in saved.standings if pid in rows],
                         lambda: self.source.standings.update(saved.standings))
            self.describe()
        if saved.lowered:  # the newest code wins, so a 0 can take a cross away: never unseen
            self.say(lowered_text(saved.lowered))

    def not_saved(self, before: tuple[TestSheet, dict]) -> None:
        if before[0] is self.sheet:
            self.source.marks.update(before[1])
            self.grid.refresh()
            self.describe()

    # --- moving about ---------------------------------------------------------------------------

    def action_direction(self) -> None:
        direction = self.grid.toggle_direction()
        self.say("Moving down each question." if direction == DOWN else "Moving along each pupil.")
        self.show_title()

    def action_stage(self) -> None:
        stages = self.sheet.stages
        if not stages:
            self.refuse(f"Nobody here has a working stage in {self.sheet.subject.name} yet.")
            return
        if len(stages) < 2:
            self.refuse(f"Everyone here works at stage {self.sheet.stage}: there is no other test.")
            return
        choices = [(stage, f"Stage {stage} ({count} pupils)") for stage, count in stages.items()]
        current = list(stages).index(self.sheet.stage) if self.sheet.stage in stages else 0
        self.app.push_screen(PickScreen("Pupils working at which stage?", choices, current), self.stage_picked)

    def stage_picked(self, stage: object) -> None:
        if stage is not None and stage != self.stage:
            self.stage = int(stage)
            self.load()

    def action_subject(self) -> None:
        self.db.post(repo.subjects_with_tests, done=self.SubjectsRead)

    @on(SubjectsRead)
    def subjects_read(self, event: SubjectsRead) -> None:
        found = event.subjects
        choices = [(s.name, s.name) for s in found]
        current = next((i for i, s in enumerate(found) if s.name == self.sheet.subject.name), 0)
        self.app.push_screen(PickScreen("Which subject's test?", choices, current), self.subject_picked)

    def subject_picked(self, subject: object) -> None:
        if subject is not None and subject != self.sheet.subject.name:
            self.subject, self.stage = str(subject), None
            self.load()

    def action_half_term(self, delta: int) -> None:
        wanted = HalfTermNumber(self.sheet.half_term.number).moved(delta)
        if wanted is None:
            self.refuse("The tests are HT1 to HT6 of this school year.")
        else:
            self.number = wanted
            self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        if self.grid.drop_selection():
            return
        if self.source and (dropped := self.source.typed.drop()):
            self.grid.refresh_cells([dropped[0]])
            self.say("Typing cancelled: nothing saved.")
        else:
            self.app.pop_screen()
