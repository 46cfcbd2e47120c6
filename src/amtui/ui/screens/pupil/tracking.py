"""The Tracking sheet tab: the paper sheet on screen, one subject at a time.

A stage's criteria down the side, HT1-HT6 across, the crosses totalled under each column
and the sub-stage they give. Each code is in the pen colour of the half-term it was set
in, bold in the column it was set, dim where it carries forward: as the paper records do.
The cursor shows a criterion's full text and every code recorded against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from amtui.db.repo.attainment import MarkRecord, TrackingSheet, criterion_history
from amtui.db.repo.pupil_file import PupilFile
from amtui.domain.codes import Code
from amtui.domain.half_term import HalfTermNumber
from amtui.reports.class_record import PEN_COLOURS
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import BOLD, DIM, PLAIN, Cell, GridColumn
from amtui.ui.serial import OwnsDb

TEXT_WIDTH = 44
EARLIER = Style(color="#808080")


def columns() -> list[GridColumn]:
    return [GridColumn("no", 3, frozen=True, editable=False),
            GridColumn("criterion", TEXT_WIDTH, frozen=True, editable=False),
            *(GridColumn(f"ht{h}", 5) for h in HalfTermNumber)]


def code_style(sheet: TrackingSheet, row: int, h: int) -> Cell:
    """A cell's symbol centred, in its half-term's pen colour."""
    cell = sheet.rows[row].cells[h - 1]
    if cell is None:
        return "", PLAIN
    symbol = cell.code.symbol.strip() if cell.code is not Code.ABSENT else ""
    if cell.absent and not symbol:
        symbol = "a"
    number = sheet.set_in_number(cell)
    pen = EARLIER if number == 0 else Style(color=PEN_COLOURS[number]) if number else PLAIN
    return f"{symbol:^5}", pen + (Style(bold=True) if cell.current else DIM)


@dataclass
class SheetSource:
    """What the grid draws for one sheet."""

    sheet: TrackingSheet

    def cell(self, row: int, column: int) -> Cell:
        found = self.sheet.rows[row]
        if column == 0:
            return f"{found.number:>2}", DIM
        if column == 1:
            return f"{found.ref} {found.text}", PLAIN
        return code_style(self.sheet, row, column - 1)

    def header(self, line: int, column: int) -> Cell:
        if column == 0:  # not "No": before the next heading it read "No Reading stage 3 criteria"
            return " #", BOLD
        if column == 1:
            return f"Criterion ({self.sheet.subject} stage {self.sheet.stage})", BOLD
        return f"{'HT' + str(column - 1):^5}", BOLD

    def footer(self, line: int, column: int) -> Cell:
        if column < 2:
            return ("", PLAIN) if column == 0 else ("Crosses (X)" if line == 0 else "Sub-stage", BOLD)
        foot = self.sheet.columns[column - 2]
        text = "" if foot.crosses is None else str(foot.crosses) if line == 0 else foot.short
        return f"{text:^5}", BOLD


def history_text(records: list[MarkRecord]) -> str:
    if not records:
        return "Nothing recorded against this criterion yet."
    return " · ".join(f"{r.half_term}: {r.code.symbol.strip() or 'blank'} by {r.staff} {r.recorded_at:%d %b}"
                      for r in records[:4])


class SheetPane(OwnsDb, Vertical):
    """One subject's sheet; [ and ] change subject."""

    BINDINGS = [
        Binding("left_square_bracket", "subject(-1)", "Prev subject", tooltip="The previous subject's sheet",
                id="sheet.previous"),
        Binding("right_square_bracket", "subject(1)", "Next subject", tooltip="The next subject's sheet",
                id="sheet.next"),
    ]

    @dataclass
    class HistoryLoaded(Message):
        criterion_id: int
        records: list[MarkRecord] | None  # None: the cursor had moved on before it was read

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sheets: tuple[TrackingSheet, ...] = ()
        self.index = 0
        self.pupil_id = 0
        self.wanted = 0  # the criterion whose history is to be shown

    def compose(self) -> ComposeResult:
        yield Static(id="sheet-title")
        yield EntryGrid(SheetSource(None), header_lines=1, footer_lines=2, id="sheet-grid")  # type: ignore[arg-type]
        yield Static(id="sheet-detail")

    def show(self, file: PupilFile) -> None:
        self.pupil_id = file.pupil_id
        self.sheets = file.sheets
        self.index = min(self.index, max(len(self.sheets) - 1, 0))
        self.draw()

    @property
    def sheet(self) -> TrackingSheet | None:
        return self.sheets[self.index] if self.sheets else None

    def draw(self) -> None:
        grid = self.query_one("#sheet-grid", EntryGrid)
        sheet = self.sheet
        title = self.query_one("#sheet-title", Static)
        if sheet is None:
            title.update(Content("No tracking sheet: no working stage with a criteria bank yet."))
            grid.reset([], 0)
            return
        others = "  [ ] other subjects" if len(self.sheets) > 1 else ""
        title.update(Content(f"{sheet.subject}, stage {sheet.stage}: {len(sheet.rows)} criteria, "
                             f"HT1-HT{sheet.shown_to}{others}"))
        grid.source = SheetSource(sheet)
        grid.left = 0  # a hidden tab has no width: scrolling then would hide HT1
        grid.reset(columns(), len(sheet.rows))
        # Straight to the column of the half-term shown, without scrolling (see above).
        grid.cursor = (grid.cursor[0], sheet.shown_to + 1)
        grid.refresh()
        self.explain(grid.cursor[0])

    def action_subject(self, step: int) -> None:
        if self.sheets:
            self.index = (self.index + step) % len(self.sheets)
            self.draw()

    @on(EntryGrid.CursorMoved)
    def moved(self, event: EntryGrid.CursorMoved) -> None:
        if event.grid.id == "sheet-grid":
            self.explain(event.row)

    def explain(self, row: int) -> None:
        sheet = self.sheet
        if sheet is None or not sheet.rows:
            return
        found = sheet.rows[row]
        self.query_one("#sheet-detail", Static).update(Content(f"{found.ref} {found.text}"))
        pupil_id, criterion_id = self.pupil_id, found.criterion_id
        self.wanted = criterion_id

        def history() -> SheetPane.HistoryLoaded:  # not read once the cursor has moved on
            return self.HistoryLoaded(criterion_id, criterion_history(pupil_id, criterion_id)
                                      if self.wanted == criterion_id else None)

        self.db.post(history)

    @on(HistoryLoaded)
    def show_history(self, event: HistoryLoaded) -> None:
        sheet = self.sheet
        if sheet is None or not sheet.rows or event.records is None:
            return
        found = sheet.rows[self.query_one("#sheet-grid", EntryGrid).cursor[0]]
        if found.criterion_id == event.criterion_id:
            self.query_one("#sheet-detail", Static).update(
                Content(f"{found.ref} {found.text}\n{history_text(event.records)}"))
