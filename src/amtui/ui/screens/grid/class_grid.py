"""The class grid: a class's pupils x a stage's criteria, marked one keystroke at a time.

Each code keystroke updates the screen at once (only the changed cells are redrawn),
then is saved in order on the screen's own database thread. A poll on that thread
notices others' saves (a teacher and a TA marking together) within a second or two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from amtui.db.repo import class_grid, school
from amtui.db.repo.class_grid import GridData
from amtui.db.repo.marks import CodeChange
from amtui.db.repo.staff import CurrentUser
from amtui.domain.class_record import recorded
from amtui.domain.codes import Code
from amtui.domain.grades import in_grades
from amtui.domain.permissions import Action, Remit, may_enter
from amtui.ui.lean_updates import after_paint
from amtui.ui.screens.grid.choosing import Choice, ChoosesRecord, chooser
from amtui.ui.screens.grid.edits import Edit, EditsCells
from amtui.ui.screens.grid.live import SeesOthers
from amtui.ui.screens.grid.prints import PrintsClassRecords
from amtui.ui.screens.grid.saving import CodesSave, SavesCodes, failure_text
from amtui.ui.screens.grid.view import FROZEN, ClassGridView, columns
from amtui.ui.serial import SAYS_WHY, DbFailed, JobWaiting, OwnsDb
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import ACROSS, DOWN
from amtui.ui.widgets.heading import fitted_heading
from amtui.ui.widgets.message_line import ClearsMessages, MessageLine
from amtui.ui.widgets.steady_footer import footer

DIRECTION = {ACROSS: ("Across→", "Moving along the pupil; d: down"),
             DOWN: ("Down↓", "Moving down the criterion; d: across")}
"""What ``d`` says in the footer: the way the cursor moves after a mark now."""

def graded_instead(data: GridData) -> bool:
    """Whether the grid does not apply: a class or group of a year measured in GCSE grades
    (Years 10-13) in which nobody works in a stage of the subject (grades go on the progress return)."""
    return not data.stages_in_class and in_grades(data.school_class.year_group)


CODE_KEYS = {"full_stop": Code.DOT, "slash": Code.LINE, "x": Code.CROSS, "X": Code.CROSS,
             "space": Code.BLANK, "delete": Code.BLANK, "backspace": Code.BLANK, "a": Code.ABSENT}


class ClassGridScreen(EditsCells, SavesCodes, ChoosesRecord, PrintsClassRecords, SeesOthers, OwnsDb,
                      ClearsMessages, Screen):
    """Mark a class against a stage's criteria, with live figures."""

    KEYS_AT_ONCE = frozenset({"code"})  # a code key's binding runs in the grid, at once (keys_at_once)

    @dataclass
    class Loaded(Message):
        person: CurrentUser  # who the person is now: whether they may enter is for them
        data: GridData

    @dataclass
    class PollEvery(Message):
        seconds: float

    BINDINGS = [
        # Not priority bindings, though they would run a mark a little sooner: the arrows go
        # through the grid first, and a mark typed straight after an arrow would overtake it.
        Binding("x", "code('X')", ". / x mark", tooltip="Partly . mostly / fully x", id="grid.mark"),
        Binding("full_stop", "code('.')", "Partly", show=False, id="grid.set_partly"),
        Binding("slash", "code('/')", "Mostly", show=False, id="grid.set_mostly"),
        Binding("X", "code('X')", "Fully", show=False, id="grid.set_cross"),
        Binding("space", "code('')", "Clear", show=False, id="grid.clear"),
        Binding("delete,backspace", "code('')", "Clear", show=False, id="grid.clear_delete"),
        Binding("a", "code('A')", "Absent", show=False, id="grid.absent"),
        Binding("d", "direction", DIRECTION[ACROSS][0], tooltip=DIRECTION[ACROSS][1], id="grid.direction"),
        Binding("u,ctrl+z", "undo", "Undo", id="grid.undo"),
        Binding("ctrl+y,U", "redo", "Redo", show=False, id="grid.redo"),
        Binding("F", "fill", "Fill", tooltip="Fill the block, or the column/row, with one code",
                id="grid.fill"),
        Binding("m", "move_stage", "Move stage", id="grid.move"),
        Binding("b", "next_bank", "Bank", tooltip="Pupils working in another stage", id="grid.bank"),
        Binding("left_square_bracket", "half_term(-1)", "HT-", show=False, id="grid.ht_prev"),
        Binding("right_square_bracket", "half_term(1)", "Half-term", id="grid.ht_next"),
        Binding("s", "next_subject", "Subject", show=False, id="grid.subject"),
        Binding("L", "lock", "Lock HT", show=False, id="grid.lock"),
        Binding("p", "print", "Print", tooltip="Print the class record", show=False, id="grid.print"),
        Binding("P", "print_profiles", "Profiles", tooltip="Print the class's half-term profiles, a page per pupil",
                show=False, id="grid.print_profiles"),
        Binding("enter", "open_pupil", "Pupil", show=False, id="grid.pupil"),
        Binding("r", "returns", "Return", tooltip="Years 10-11: their projected grades, on the progress return",
                id="grid.returns"),
        Binding("escape", "cancel", "Back", id="grid.back"),
    ]

    def __init__(self, class_name: str = "", subject: str = "", stage: int | None = None,
                 half_term: int | None = None, preloaded: GridData | None = None) -> None:
        """``preloaded``: the grid already read (``amtui grid`` reads it while starting up)."""
        super().__init__()
        self.preloaded = preloaded
        self.choice = Choice(class_name, subject, stage, half_term)
        self.data: GridData | None = None
        self.waiting: set[tuple[int, int]] = set()  # cells whose save failed: shown with *
        self.undo_stack: list[Edit] = []
        self.redo_stack: list[Edit] = []
        self.mine: dict[tuple[int, int], int] = {}  # cell -> id of my newest save there
        self.saved_here: set[int] = set()  # ids of the entries this session saved (not the login's)
        self.fill_pending = False
        self.shown_criterion: int | None = None
        self.data_version: int | None = None
        self.grid = EntryGrid(ClassGridView(self), header_lines=1, footer_lines=1, id="mark-grid")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the class record...", id="grid-title")
        yield Static("", id="grid-criterion")
        yield self.grid
        yield MessageLine(id="grid-message")
        yield footer()

    def on_mount(self) -> None:
        if not self.choice.class_name or not self.choice.subject:
            self.app.push_screen(chooser(), self._chosen)
            return
        if self.preloaded is not None:
            self.show(self.preloaded)
            self.preloaded = None
        else:
            self.load()
        self.db.post(lambda: school.load_settings().poll_seconds, done=self.PollEvery)

    @on(PollEvery)
    def start_polling(self, event: PollEvery) -> None:
        self.watch_changes(self.poll, event.seconds)

    def _chosen(self, picked: tuple[str, str] | None) -> None:
        if picked is None:
            self.dismiss()
            return
        self.choice.class_name, self.choice.subject = picked
        self.on_mount()

    def action_returns(self) -> None:
        if self.data is not None and graded_instead(self.data):
            self.app.open_screen("returns", group=self.data.school_class.name)  # type: ignore[attr-defined]

    # --- loading ---------------------------------------------------------------------

    def load(self) -> None:
        choice, today = self.choice, self.app.today  # type: ignore[attr-defined]
        self.read_as_now(lambda person: class_grid.load_named(
            choice.class_name, choice.subject, today, choice.stage, choice.half_term_number, person), self.Loaded)

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        self.show(event.data)

    def show(self, data: GridData) -> None:
        self.data = data
        self.choice.stage = data.bank_stage
        self.choice.half_term_number = data.half_term.number
        self.waiting.clear()
        self.mine.clear()
        self.grid.reset(columns(data), len(data.pupils))
        self.grid.focus()
        self.show_title()
        self.show_criterion()
        self.refresh_bindings()  # r (the progress return) is offered where the grid does not apply
        if graded_instead(data):
            text = (f"{data.school_class.name} is a {data.school_class.year_label} group: Years 10 to 13 are "
                    f"measured in GCSE grades, and nobody in it works in a {data.subject.name} stage bank. "
                    "Their projected grades go on the progress return: press r.")
            self.query_one("#grid-criterion", Static).update(
                Content("GCSE grades, not criteria: r opens the progress return"))
            self.say(text)
        elif data.bank_id is None and data.stages_in_class.get(data.bank_stage):
            self.say(f"There is no {data.subject.name} stage {data.bank_stage} bank of criteria yet, for the "
                     f"{data.stages_in_class[data.bank_stage]} working in it: an admin imports it "
                     "(amtui import criteria).")
        elif not data.pupils:
            self.say(f"No pupil in {data.school_class.name} works in the {data.subject.name} "
                     f"stage {data.bank_stage} bank. Press b for another bank.")
        elif reason := self.editable_reason():
            self.say(f"Read-only: {reason}")

    def show_title(self) -> None:
        data = self.data
        others = ", ".join(f"St {s}: {n}" for s, n in data.stages_in_class.items() if s != data.bank_stage)
        reason = self.editable_reason()
        # The reason's first clause ("HT3 has not started yet"); the message line has all of it.
        mode = f"read-only: {reason.split(': ')[0].rstrip('.')}" if reason else ""
        text = fitted_heading(
            self.size.width or self.app.size.width,
            f"{data.school_class.name} · {data.subject.name} · "
            + ("GCSE grades" if graded_instead(data)
               else f"St {data.bank_stage} bank ({len(data.pupils)})"),
            (f"also {others} (b)" if others else "", 2),
            data.half_term.label, f"LOCKED by {data.lock_by}" if data.lock_by else "", mode,
            ("across →" if self.grid.direction == ACROSS else "down ↓", 1))
        self.query_one("#grid-title", Static).update(Content(text))

    def show_criterion(self) -> None:
        if not self.data or not self.data.criteria:
            return
        criterion = self.data.criteria[max(self.grid.cursor[1] - FROZEN, 0)]
        if criterion.id != self.shown_criterion:  # moving down a column costs nothing here
            self.shown_criterion = criterion.id
            # A one-line Static keeps its size: no layout pass (it would repaint the screen).
            self.query_one("#grid-criterion", Static).update(
                Content(f"{criterion.ref}  {criterion.text}"), layout=False)

    def say(self, text: str, *, brief: bool = False, holds: Callable[[], bool] | None = None) -> None:
        """The message line (``brief``: only until the next key; ``holds``: while it is true)."""
        self.query_one("#grid-message", MessageLine).say(text, brief=brief, holds=holds)

    @property
    def said(self) -> str:
        """What the message line says now."""
        return self.query_one("#grid-message", MessageLine).text

    @on(EntryGrid.CursorMoved)
    def cursor_moved(self, event: EntryGrid.CursorMoved) -> None:
        self.show_criterion()

    # --- entering codes ----------------------------------------------------------------

    def editable_reason(self) -> str | None:
        """Why this user may not change this grid now (None when they may)."""
        data, user = self.data, self.app.user  # type: ignore[attr-defined]
        if data is None:
            return "The class record is still loading."
        # Whether the class is theirs is whether they taught it on the half-term's day, as the save decides.
        taught = frozenset({data.school_class.id}) if user.staff_id in data.teachers else frozenset()
        remit = Remit(taught, user.hod_subjects, user.hoy_years)
        verdict = may_enter(user.roles, Action.EDIT_MARKS, remit=remit, place=data.placement,
                            half_term=data.half_term, today=self.app.today)  # type: ignore[attr-defined]
        return verdict.reason or None

    def action_code(self, value: str) -> None:
        code = Code(value)
        if self.fill_pending or self.grid.anchor is not None:
            self.fill_with(code)
        else:
            self.apply([self.grid.cursor], code, advance=True)

    def apply(self, cells: list[tuple[int, int]], code: Code, advance: bool) -> None:
        reason = self.editable_reason()
        if reason:
            self.say(f"Not changed: {reason}")
            self.app.bell()
            return
        keys = [self.cell_key(c) for c in cells]
        before = [self.data.record.cell(*k).code for k in keys]
        self.undo_stack.append(Edit(keys, before, [code] * len(keys)))
        self.redo_stack.clear()
        self.record_change(keys, [code] * len(keys))
        if advance:
            self.grid.advance()

    def cell_key(self, cell: tuple[int, int]) -> tuple[int, int]:
        row, column = cell
        return self.data.pupils[row].id, self.data.criteria[column - FROZEN].id

    def record_change(self, keys: list[tuple[int, int]], codes: list[Code]) -> None:
        """Show the change now, then save it on the database thread. The cells (and the
        cursor's move) are drawn and sent first; the pupils' figures and the criteria's
        counts they change are worked out and drawn after, with the screen's other lines."""
        record, at = self.data.record, self.data.half_term.ordinal
        before = self.figures_of(keys)
        changes = []
        for key, code in zip(keys, codes):
            old = record.cell(*key)
            changes.append(CodeChange(key[0], key[1], code, old.newest_id))
            record.set_cell(*key, recorded(old, code, at))
        self.grid.refresh_cells(self.shown_cells(keys))
        after_paint(self, self.redraw_figures, keys, before, self.data)
        after_paint(self, self.save, changes)

    def figures_of(self, keys: list[tuple[int, int]]) -> dict:
        """The pupils' figures and the criteria's counts that these cells feed."""
        record = self.data.record
        return {
            **{("pupil", p): record.figures(p) for p in {p for p, _ in keys}},
            **{("criterion", c): (record.secured(c), record.is_gap(c)) for c in {c for _, c in keys}},
        }

    def redraw(self, keys: list[tuple[int, int]]) -> None:
        """Repaint these cells and every figure and count they feed."""
        self.grid.refresh_cells(self.shown_cells(keys))
        self.redraw_figures(keys, None, self.data)

    def shown_cells(self, keys: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The grid's (row, column) of these (pupil, criterion) cells that it shows."""
        rows, cols = self._places()
        return [(rows[p], cols[c]) for p, c in keys if p in rows and c in cols]

    def _places(self) -> tuple[dict[int, int], dict[int, int]]:
        """Each pupil's row and each criterion's column in the grid."""
        return ({p.id: i for i, p in enumerate(self.data.pupils)},
                {c.id: i + FROZEN for i, c in enumerate(self.data.criteria)})

    def redraw_figures(self, keys: list[tuple[int, int]], before: dict | None, data: GridData) -> None:
        """Repaint the pupils' figures and the criteria's counts these cells feed that are
        not what they were (``before``; all of them without), on Textual's usual round.
        Only what changed is sent: on a slow link every repainted cell costs bytes."""
        if self.data is not data:
            return  # loaded again meanwhile: the whole grid is drawn afresh
        after = self.figures_of(keys)
        stale = {k for k, v in after.items() if before is None or before.get(k) != v}
        rows, cols = self._places()
        figures = [(rows[p], column) for kind, p in stale if kind == "pupil" and p in rows
                   for column in range(1, FROZEN)]
        self.grid.refresh_cells(figures, soon=False)
        self.grid.refresh_columns([cols[c] for kind, c in stale if kind == "criterion" and c in cols],
                                  header=False, soon=False)

    # --- results from the database thread -----------------------------------------------

    @on(DbFailed)
    def job_failed(self, event: DbFailed) -> None:
        """Said in place: a load on the title, a save or a change on the message line. A
        refusal or the database out of reach stops here; anything else goes on to the app,
        which reports it as a bug."""
        if isinstance(event.error, SAYS_WHY):
            event.stop()
        if event.done is self.Loaded:
            self.query_one("#grid-title", Static).update(Content(failure_text(event.error)))
        elif isinstance(event.done, CodesSave):
            self.not_saved(event.error)
        else:
            self.say(failure_text(event.error))

    @on(JobWaiting)
    def save_waiting(self, event: JobWaiting) -> None:
        """The drive is away or busy: keep what was typed (marked *); it is tried again."""
        event.stop()
        keys = [(c.pupil_id, c.criterion_id) for c in event.context.changes]
        self.waiting.update(keys)
        self.redraw(keys)
        self.say(f"Not saved yet ({len(self.waiting)} waiting, marked *): {failure_text(event.error)} "
                 "amtui keeps trying.", holds=lambda: bool(self.waiting))

    # --- other keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move_stage":
            return self._move_due_row() is not None
        if action == "returns":  # offered where the grid does not apply: a KS4 group graded instead
            return self.data is not None and graded_instead(self.data)
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in force, with ``d`` described by the direction it moves in now (the
        footer, ``?`` and the palette read this)."""
        bindings = super().active_bindings
        for key, active in bindings.items():
            if active.binding.id == "grid.direction":
                description, tooltip = DIRECTION[self.grid.direction]
                bindings[key] = active._replace(
                    binding=replace(active.binding, description=description, tooltip=tooltip),
                    tooltip=tooltip)
        return bindings

    def action_direction(self) -> None:
        self.grid.toggle_direction()
        self.refresh_bindings()  # the footer shows the new direction
        if self.data:
            self.show_title()

    def action_cancel(self) -> None:
        if self.fill_pending or self.grid.anchor is not None:
            self.fill_pending = False
            self.grid.clear_selection()
            self.say("Cancelled.")
        else:
            self.dismiss()

    def action_open_pupil(self) -> None:
        if self.data and self.data.pupils:
            pupil_id = self.data.pupils[self.grid.cursor[0]].id
            self.app.open_screen("pupil", pupil_id=pupil_id)  # type: ignore[attr-defined]
