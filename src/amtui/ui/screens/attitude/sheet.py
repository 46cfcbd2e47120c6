"""Attitude for a class and half-term: attendance % and G/Y/R for punctuality, behaviour,
effort, homework and uniform, one key per cell.

``g`` ``y`` ``r`` rate the cell and move on; digits and ``.`` type an attendance figure,
Enter saves it (its colour comes from the settings). Each keystroke's save is one short
transaction, run in order on the screen's ordered queue; a refused save (a locked
half-term, not your class) puts the cell back and says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import ContentSwitcher, Header, Static

from amtui.db import journal
from amtui.db.repo import attitude, school
from amtui.db.repo.attitude import ATTENDANCE, AttitudeSheet
from amtui.db.repo.school import ClassInfo
from amtui.db.repo.staff import CurrentUser
from amtui.domain.errors import UserFacingError
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action, may_enter
from amtui.domain.ryg import RYG
from amtui.domain.settings import Settings
from amtui.ui.screens.attitude.cells import AttitudeModel, columns
from amtui.ui.screens.rating import RatingSheet, pupil_keys, rating_keys
from amtui.ui.widgets.class_picker import ClassPicker
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.message_line import MessageLine
from amtui.ui.widgets.steady_footer import footer

HINT = "g y r rate · 0-9 . Enter: attendance % · Space clear · [ ] half-term · l log"


@dataclass(frozen=True)
class Loaded:
    sheet: AttitudeSheet
    settings: Settings
    refusal: str | None  # why this user may not enter attitude here (None: they may)


def load(class_info: ClassInfo, today: dt.date, number: int | None, user: CurrentUser) -> Loaded:
    """The class's sheet for half-term ``number`` of this year (default: the current one)."""
    current = school.current_half_term(today)
    half_term = school.half_term(current.year, number or current.number)
    sheet = attitude.class_attitude(class_info.id, half_term, today)
    why = may_enter(user.roles, Action.ENTER_ATTITUDE, own_class=user.staff_id in sheet.teachers,
                    half_term=half_term, today=today).reason or None
    return Loaded(sheet, school.load_settings(), why)


class AttitudeScreen(RatingSheet):
    """A class's attitude grid; without a class it first asks for one."""

    MESSAGE = "attitude-message"
    KEYS_AT_ONCE = RatingSheet.KEYS_AT_ONCE | {"type", "erase"}  # and the attendance's digits
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Cancel typing, else back", id="attitude.back"),
        *rating_keys("attitude", {"G": "excellent / very good", "Y": "acceptable / satisfactory",
                                  "R": "unacceptable"}, cleared="Clear the cell"),
        *(Binding(key, f"type('{char}')", "Type %", show=False, id=f"attitude.digit{char}")
          for key, char in [(str(d), str(d)) for d in range(10)] + [("full_stop", ".")]),
        Binding("backspace", "erase", "Erase", show=False, id="attitude.erase"),
        Binding("enter", "enter", "Save % / pupil", tooltip="Save the typed attendance, else open the pupil",
                id="attitude.enter"),
        Binding("left_square_bracket", "half_term(-1)", "Prev HT", tooltip="The previous half-term",
                id="attitude.previous"),
        Binding("right_square_bracket", "half_term(1)", "Next HT", tooltip="The next half-term",
                id="attitude.next"),
        *pupil_keys("attitude"),
        Binding("f5", "reload", "Reload", show=False, tooltip="Read the grid again", id="attitude.reload"),
    ]

    @dataclass
    class SheetLoaded(Message):
        person: CurrentUser  # who the person is now: what the sheet offers is for them
        loaded: Loaded

    def __init__(self, class_name: str | None = None, class_id: int | None = None,
                 half_term: int | None = None, pupil_id: int | None = None) -> None:
        super().__init__()
        self.class_name, self.class_id, self.number, self.pupil_id = class_name, class_id, half_term, pupil_id
        self.class_info: ClassInfo | None = None
        self.model: AttitudeModel | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Attitude: choose a class", id="attitude-title")
        with ContentSwitcher(initial="attitude-pick", id="attitude-switch"):
            yield ClassPicker(id="attitude-pick")
            with Vertical(id="attitude-entry"):
                yield EntryGrid(self, header_lines=1, footer_lines=1, id="attitude-grid")  # type: ignore[arg-type]
        yield MessageLine(HINT, id="attitude-message")
        yield footer()

    def class_chosen(self) -> None:
        self.query_one(ContentSwitcher).current = "attitude-entry"
        self.query_one(EntryGrid).focus()
        self.reload()

    def reload(self) -> None:
        info, today, number = self.class_info, self.app.today, self.number  # type: ignore[attr-defined]
        self.read_as_now(lambda person: load(info, today, number, person), self.SheetLoaded)

    def action_reload(self) -> None:
        if self.class_info:
            self.reload()

    @on(SheetLoaded)
    def show(self, event: SheetLoaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        loaded = event.loaded
        self.model = AttitudeModel(loaded.sheet, loaded.settings)
        self.refusal = loaded.refusal
        ht = loaded.sheet.half_term
        self.number = ht.number
        lock = " · LOCKED" if ht.locked else ""
        self.query_one("#attitude-title", Static).update(
            Content(f"Attitude · {loaded.sheet.class_name} · {ht.label}{lock}"))
        grid = self.query_one(EntryGrid)
        grid.reset(columns(), len(loaded.sheet.pupils))
        if self.pupil_id is not None:
            rows = [p.id for p in loaded.sheet.pupils]
            if self.pupil_id in rows:
                # Straight there: the grid may not be laid out yet, and scrolling
                # now would hide the pupils above (it scrolls into view on resize).
                grid.cursor = (rows.index(self.pupil_id), 1)
                grid.refresh()
            self.pupil_id = None
        self.say(f"Read-only: {self.refusal}" if self.refusal else HINT)

    # --- entry ------------------------------------------------------------------------

    def _editable(self) -> bool:
        return self.model is not None and bool(self.model.sheet.pupils) and not self.read_only()

    def _where(self) -> tuple[int, str]:
        row, column = self.query_one(EntryGrid).cursor
        return row, AttitudeModel.aspect(column)

    def action_rate(self, letter: str) -> None:
        if not self._editable():
            return
        row, aspect = self._where()
        if aspect == ATTENDANCE:
            self.say("Attendance is a percentage: type it (e.g. 96.5) and press Enter.")
            return
        self.enter_cell(row, aspect, RYG(letter))

    def action_clear(self) -> None:
        if self._editable():
            self.model.typing.drop()  # type: ignore[union-attr]
            row, aspect = self._where()
            self.enter_cell(row, aspect, None)

    def action_type(self, char: str) -> None:
        if not self._editable():
            return
        row, aspect = self._where()
        if aspect != ATTENDANCE:
            self.say("Digits go in the Att % column; rate the others with g, y or r.")
            return
        typing, grid = self.model.typing, self.query_one(EntryGrid)  # type: ignore[union-attr]
        if dropped := typing.drop(keep=row):
            grid.refresh_cells([(dropped[0], 1)])
        typing.add(row, char, longest=5)
        grid.refresh_cells([(row, 1)])

    def action_erase(self) -> None:
        if self.model and self.model.typing:
            row = self.model.typing.where
            self.model.typing.backspace(row)
            self.query_one(EntryGrid).refresh_cells([(row, 1)])

    def action_enter(self) -> None:
        if self.model is None:
            return
        if not self.model.typing:
            row = self.query_one(EntryGrid).cursor[0]
            if self.model.sheet.pupils:
                self.app.open_screen("pupil", pupil_id=self.model.pupil_id(row))  # type: ignore[attr-defined]
            return
        try:
            percent = self.model.typed_percent()
        except UserFacingError as error:
            self.say(f"Not saved: {error}")
            return
        row = self.model.typing.where
        self.model.typing.take(row)
        self.enter_cell(row, ATTENDANCE, percent)

    def action_back(self) -> None:
        if self.query_one(EntryGrid).drop_selection():
            return
        if self.model and (dropped := self.model.typing.drop()):
            self.query_one(EntryGrid).refresh_cells([(dropped[0], 1)])
            self.say("Typing cancelled.")
        else:
            self.app.pop_screen()

    def enter_cell(self, row: int, aspect: str, value: RYG | float | None) -> None:
        """Show the change at once, save it in order off the UI thread, and move on."""
        model, grid = self.model, self.query_one(EntryGrid)
        assert model is not None
        user, half_term, pupil_id = self.app.user, model.sheet.half_term, model.pupil_id(row)  # type: ignore[attr-defined]
        where = {"year": half_term.year, "half_term": half_term.number, "pupil_id": pupil_id,
                 "today": self.app.today.isoformat()}  # type: ignore[attr-defined]
        if aspect == ATTENDANCE:
            new = model.attendance(value)  # type: ignore[arg-type]
            record = journal.kept("attitude.attendance", user.login, percent=value, **where)
        else:
            new = attitude.AttitudeCell(value, None)  # type: ignore[arg-type]
            record = journal.kept("attitude.rating", user.login, aspect=aspect,
                                  rating=value.value if value is not None else None, **where)  # type: ignore[union-attr]
        before = model.put(row, aspect, new)
        self.show_cell(row, aspect)
        self.save(record, (model, row, aspect, before))
        if value is not None:
            grid.advance()

    def show_cell(self, row: int, aspect: str) -> None:
        """Repaint a cell and the columns' counts it feeds."""
        column = AttitudeModel.column(aspect)
        self.grid.refresh_cells([(row, column)])
        self.grid.refresh_columns([0, column], header=False)

    def not_saved(self, before: tuple[AttitudeModel, int, str, object]) -> None:
        model, row, aspect, cell = before
        if model is self.model:  # the same sheet is still shown
            model.put(row, aspect, cell)
            self.show_cell(row, aspect)

    # --- moving about -------------------------------------------------------------------

    def action_half_term(self, step: int) -> None:
        wanted = HalfTermNumber(self.number).moved(step) if self.class_info and self.number else None
        if wanted is not None:
            self.number = wanted
            self.reload()

    def pupil_named(self) -> tuple[int, str] | None:
        if self.model and self.model.sheet.pupils:
            pupil = self.model.sheet.pupils[self.grid.cursor[0]]
            return pupil.id, pupil_name(pupil.forename, pupil.surname)
        return None
