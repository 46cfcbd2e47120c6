"""Big Write for a class: its pieces, then a piece's pupils x their writing targets.

``r`` ``y`` ``g`` rate the cell and move on; a rating is also recorded as ``.`` ``/``
``X`` evidence for the criterion (``repo.bigwrite.rate``). ``f`` writes the pupil's
feedback line; ``t`` on the pieces shows the class's tracking record across the year.
Saves run in order on the screen's ordered queue; a refused one is put back with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Header, Static

from amtui.db import journal
from amtui.db.repo import bigwrite
from amtui.db.repo.bigwrite import PieceInfo, PieceSheet
from amtui.db.repo.bigwrite_record import BigWriteRecord, class_record
from amtui.db.repo.lowered import lowered_text
from amtui.db.repo.school import ClassInfo
from amtui.db.repo.staff import CurrentUser
from amtui.domain.calendar import academic_year_of
from amtui.domain.permissions import Action, may_enter
from amtui.domain.ryg import RYG
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.dialogs.records import NewPieceDialog
from amtui.ui.screens.bigwrite.cells import PieceModel
from amtui.ui.screens.bigwrite.record import BigWriteRecordView
from amtui.ui.screens.rating import RatingSheet, pupil_keys, rating_keys
from amtui.ui.widgets.class_picker import ClassPicker
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.message_line import MessageLine
from amtui.ui.widgets.steady_footer import footer
from amtui.ui.widgets.tables import OpenTable, plain

PIECES_HINT = "Enter: open the piece · n: new piece · t: the class's tracking record for the year"
ENTRY_HINT = "r y g rate · Space clear · f feedback · d across/down · l log · Esc: the pieces"
ENTRY_KEYS = {"rate", "clear", "feedback", "log_event", "direction", "open_pupil"}


@dataclass
class Rated:
    """What a rating's save changed: the cell, and the rating it had before."""

    row: int
    column: int
    criterion_id: int
    before: RYG | None


@dataclass
class Written:
    """What a feedback line's save changed: the pupil's row, and the line it had before."""

    row: int
    before: str


class BigWriteScreen(RatingSheet):
    """Pick a class (unless given), list its pieces, rate one."""

    MESSAGE = "bigwrite-message"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the pieces, else the previous screen", id="bw.back"),
        Binding("n", "new_piece", "New piece", tooltip="Set a new piece for the class", id="bw.new"),
        Binding("t", "record", "Record", tooltip="The class's Big Write tracking record", id="bw.record"),
        *rating_keys("bw", {"R": "not achieved (recorded as .)", "Y": "partly achieved (recorded as /)",
                            "G": "fully achieved (recorded as X)"}, cleared="Clear the rating"),
        Binding("f", "feedback", "Feedback", tooltip="Write the pupil's feedback line", id="bw.feedback"),
        Binding("enter", "open_pupil", "Pupil", show=False, tooltip="Open the pupil's page", id="bw.pupil"),
        *pupil_keys("bw"),
    ]

    @dataclass
    class PiecesLoaded(Message):
        pieces: list[PieceInfo]

    @dataclass
    class PieceLoaded(Message):
        person: CurrentUser  # who the person is now: whether they may rate is for them
        sheet: PieceSheet

    @dataclass
    class RecordLoaded(Message):
        record: BigWriteRecord

    def __init__(self, class_name: str | None = None, class_id: int | None = None,
                 pupil_id: int | None = None) -> None:
        super().__init__()
        self.class_name, self.class_id, self.pupil_id = class_name, class_id, pupil_id
        self.class_info: ClassInfo | None = None
        self.pieces: list[PieceInfo] = []
        self.model: PieceModel | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Big Write: choose a class", id="bigwrite-title")
        with ContentSwitcher(initial="bigwrite-pick", id="bigwrite-switch"):
            yield ClassPicker(id="bigwrite-pick")
            yield OpenTable(id="bigwrite-pieces")
            with Vertical(id="bigwrite-entry"):
                yield EntryGrid(self, header_lines=1, footer_lines=1, id="bigwrite-grid")  # type: ignore[arg-type]
                yield Static(id="bigwrite-target")
            yield BigWriteRecordView(id="bigwrite-record")
        yield MessageLine("", id="bigwrite-message")
        yield footer()

    @property
    def state(self) -> str:
        return self.query_one(ContentSwitcher).current or ""

    def go(self, state: str, focus: str | None = None) -> None:
        self.query_one(ContentSwitcher).current = state
        self.query_one(f"#{focus or state}").focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ENTRY_KEYS:
            return self.state == "bigwrite-entry"
        if action in ("new_piece", "record"):
            return self.state == "bigwrite-pieces"
        return True

    def on_mount(self) -> None:
        """Before the base's: the pieces' columns, then the class picked."""
        self.query_one("#bigwrite-pieces", OpenTable).add_columns("Written", "Title", "Set by", "Ratings")

    def class_chosen(self) -> None:
        self.load_pieces()

    def load_pieces(self) -> None:
        class_id = self.class_info.id  # type: ignore[union-attr]
        self.db.post(lambda: bigwrite.class_pieces(class_id), done=self.PiecesLoaded)

    @on(PiecesLoaded)
    def show_pieces(self, event: PiecesLoaded) -> None:
        self.pieces = event.pieces
        table = self.query_one("#bigwrite-pieces", OpenTable)
        table.clear()
        for p in event.pieces:
            table.add_row(*plain((f"{p.written_on:%a %d %b %Y}", p.title, p.created_by, p.ratings)), key=str(p.id))
        self.query_one("#bigwrite-title", Static).update(Content(f"Big Write · {self.class_info.name}: "  # type: ignore[union-attr]
                                                                 f"{len(event.pieces)} piece(s)"))
        self.say(PIECES_HINT if event.pieces else "No pieces yet: n sets the first.")
        self.go("bigwrite-pieces")

    @on(DataTable.RowSelected, "#bigwrite-pieces")
    def open_piece(self, event: DataTable.RowSelected) -> None:
        piece_id = int(event.row_key.value)
        self.read_as_now(lambda person: bigwrite.load_piece(piece_id), self.PieceLoaded)

    @on(PieceLoaded)
    def show_piece(self, event: PieceLoaded) -> None:
        self.model = PieceModel(event.sheet)
        grid = self.query_one(EntryGrid)
        grid.reset(self.model.columns(), len(self.model.rows))
        piece = event.sheet.piece
        self.query_one("#bigwrite-title", Static).update(
            Content(f"Big Write · {piece.class_name} · {piece.label} · evidence for {event.sheet.half_term.label}"))
        self.app.know_user(user := event.person)  # type: ignore[attr-defined]
        self.refusal = may_enter(user.roles, Action.EDIT_MARKS, own_class=piece.class_id in user.class_ids,
                                 half_term=event.sheet.half_term, today=self.app.today).reason or None  # type: ignore[attr-defined]
        self.say(f"Read-only: {self.refusal}" if self.refusal else ENTRY_HINT)
        if self.pupil_id is not None:
            ids = [r.pupil.id for r in self.model.rows]
            if self.pupil_id in ids:  # straight there, as on the attitude screen
                grid.cursor = (ids.index(self.pupil_id), 1)
                grid.refresh()
        self.go("bigwrite-entry", "bigwrite-grid")
        self.explain()

    @on(EntryGrid.CursorMoved)
    def explain(self) -> None:
        if self.model is None or not self.model.rows:
            return
        row, column = self.query_one(EntryGrid).cursor
        target = self.model.target(row, column)
        found = self.model.rows[row]
        what = f"{target.ref} {target.text}" if target else f"{found.name} has no writing target {column}."
        self.query_one("#bigwrite-target", Static).update(Content(f"{what}\nFeedback: {found.feedback or '-'}"))

    # --- entry ------------------------------------------------------------------------------

    def enterable(self, row: int, column: int) -> bool:
        """A slot past the pupil's last target takes no rating: "across" goes past it."""
        return self.model is not None and self.model.target(row, column) is not None

    def action_rate(self, letter: str) -> None:
        self.rate(RYG(letter))

    def action_clear(self) -> None:
        self.rate(None)

    def rate(self, rating: RYG | None) -> None:
        if self.model is None or not self.model.rows or self.read_only():
            return
        grid = self.grid
        row, column = grid.cursor
        target = self.model.target(row, column)
        if target is None:
            self.say(f"{self.model.rows[row].name} has no writing target {column}: nothing to rate.")
            return
        before = self.model.rate(row, target.criterion_id, rating)
        grid.refresh_cells([(row, column)])
        grid.refresh_columns([column], header=False)
        user, piece_id, pupil_id = self.app.user, self.model.sheet.piece.id, self.model.rows[row].pupil.id  # type: ignore[attr-defined]
        record = journal.kept("bigwrite.rate", user.login, piece_id=piece_id, pupil_id=pupil_id,
                              criterion_id=target.criterion_id, rating=rating.value if rating else None,
                              today=self.app.today.isoformat())  # type: ignore[attr-defined]
        self.save(record, Rated(row, column, target.criterion_id, before))
        if rating is not None:
            grid.advance()

    def action_feedback(self) -> None:
        if self.model is None or not self.model.rows or self.read_only():
            return
        row = self.grid.cursor[0]
        found = self.model.rows[row]
        self.app.push_screen(LineDialog(f"Feedback for {found.name} on '{self.model.sheet.piece.title}'",
                                        "Enter keeps it; Esc cancels.", found.feedback,
                                        "e.g. Great openers: now check your full stops"),
                             lambda text: self.save_feedback(row, text))

    def save_feedback(self, row: int, text: str | None) -> None:
        if text is None or self.model is None:
            return
        before = self.model.rows[row].feedback
        self.model.set_feedback(row, " ".join(text.split()))
        grid = self.query_one(EntryGrid)
        grid.refresh_row(row)
        grid.refresh_columns([self.model.slots + 1], header=False)
        self.explain()
        user, piece_id, pupil_id = self.app.user, self.model.sheet.piece.id, self.model.rows[row].pupil.id  # type: ignore[attr-defined]
        record = journal.kept("bigwrite.feedback", user.login, piece_id=piece_id, pupil_id=pupil_id, text=text,
                              today=self.app.today.isoformat())  # type: ignore[attr-defined]
        self.save(record, Written(row, before))

    def saved(self, result, before: Rated | Written) -> None:
        if isinstance(before, Rated) and result:  # a red or yellow took a cross away
            self.say(lowered_text(result))

    def not_saved(self, before: Rated | Written) -> None:
        if self.model is None:
            return
        if isinstance(before, Rated):
            self.model.rate(before.row, before.criterion_id, before.before)
            self.grid.refresh_cells([(before.row, before.column)])
        else:
            self.model.set_feedback(before.row, before.before)
            self.grid.refresh_row(before.row)

    def _pupil(self):
        if self.model is None or not self.model.rows:
            return None
        return self.model.rows[self.query_one(EntryGrid).cursor[0]]

    def action_open_pupil(self) -> None:
        if (found := self._pupil()) is not None:
            self.app.open_screen("pupil", pupil_id=found.pupil.id)  # type: ignore[attr-defined]

    def pupil_named(self) -> tuple[int, str] | None:
        found = self._pupil()
        return None if found is None else (found.pupil.id, found.name)

    # --- pieces and the record -------------------------------------------------------------

    def action_new_piece(self) -> None:
        if self.class_info is not None:
            self.app.push_screen(NewPieceDialog(self.app.user, self.class_info, self.app.today),  # type: ignore[attr-defined]
                                 lambda made: made and self.load_pieces())

    def action_record(self) -> None:
        class_id, today = self.class_info.id, self.app.today  # type: ignore[union-attr, attr-defined]
        year = academic_year_of(today)
        self.db.post(lambda: class_record(class_id, year, today), done=self.RecordLoaded)

    @on(RecordLoaded)
    def show_record(self, event: RecordLoaded) -> None:
        self.query_one(BigWriteRecordView).show(event.record)
        self.query_one("#bigwrite-title", Static).update(
            Content(f"Big Write tracking record · {self.class_info.name}"))  # type: ignore[union-attr]
        self.say("Each cell: the pupil's ratings on that piece, one letter per target · Esc: the pieces")
        self.go("bigwrite-record", "bigwrite-record-table")

    def action_back(self) -> None:
        if self.state in ("bigwrite-entry", "bigwrite-record"):
            self.model = None if self.state == "bigwrite-entry" else self.model
            self.load_pieces()
        else:
            self.app.pop_screen()
