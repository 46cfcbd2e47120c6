"""A keyboard entry grid drawn line by line, for slow SSH links.

Screens that enter one thing per cell (codes, scores, ratings) share this widget: it
draws with the Line API and, after a keystroke, repaints only the cells that changed.
The screen's compositor (``ui.lean_updates``) then sends just those cells, so a mark
costs the terminal a few dozen bytes instead of a whole table. The first columns are
frozen (names, figures); header and footer lines stay put while the body scrolls. What
a cell shows is the screen's business: it passes a ``GridSource`` (see ``grid_cells``).

The grid is one widget on purpose: each widget a redraw touches costs the compositor
work, whatever its size, so one grid redraws a mark several times faster than a row of
column widgets would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from amtui.ui.lean_updates import paint_soon
from amtui.ui.widgets.grid_cells import ACROSS, BLANK_CELL, DOWN, PLAIN, Cell, GridColumn, GridSource, fitted
from amtui.ui.widgets.type_jump import TypeToJump

CURSOR = Style(reverse=True, bold=True)
CURSOR_ROW = Style(bold=True, underline=True)  # the first frozen column (the name) of the cursor's row
SELECTED = Style(bgcolor="blue", color="bright_white")
WRAPPED_ROW = Style(reverse=True)  # the frozen cells of the row the cursor wrapped to, briefly
WRAP_FLASH_SECONDS = 1.5


class EntryGrid(TypeToJump, Widget, can_focus=True):
    """Rows by columns with a cursor, fixed header/footer lines and frozen columns; ``/``
    and a name's first letters go to its row (``TypeToJump``)."""

    DEFAULT_CSS = """
    EntryGrid { overflow: hidden hidden; }
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False, id="cells.up"),
        Binding("down", "move(1, 0)", "Down", show=False, id="cells.down"),
        Binding("left", "move(0, -1)", "Left", show=False, id="cells.left"),
        Binding("right", "move(0, 1)", "Right", show=False, id="cells.right"),
        Binding("home", "edge(-1)", "First column", show=False,
                tooltip="The first column; pressed there (or with one column), the first row", id="cells.first_column"),
        Binding("end", "edge(1)", "Last column", show=False,
                tooltip="The last column; pressed there (or with one column), the last row", id="cells.last_column"),
        Binding("ctrl+home", "row_edge(-1)", "First row", show=False, id="cells.first_row"),
        Binding("ctrl+end", "row_edge(1)", "Last row", show=False, id="cells.last_row"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="cells.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="cells.page_down"),
        Binding("shift+up", "extend(-1, 0)", "Select", show=False, id="cells.select_up"),
        Binding("shift+down", "extend(1, 0)", "Select", show=False, id="cells.select_down"),
        Binding("shift+left", "extend(0, -1)", "Select", show=False, id="cells.select_left"),
        Binding("shift+right", "extend(0, 1)", "Select", show=False, id="cells.select_right"),
        *TypeToJump.JUMP_BINDINGS,
    ]

    class CursorMoved(Message):
        """The cursor is on a new cell."""

        def __init__(self, grid: EntryGrid, row: int, column: int) -> None:
            super().__init__()
            self.grid, self.row, self.column = grid, row, column

    class Wrapped(Message):
        """An entry's advance left the row (across) or the column (down): a fast typist
        may not see it, so the screen says where the cursor went (``text``)."""

        def __init__(self, grid: EntryGrid, row: int, column: int, text: str) -> None:
            super().__init__()
            self.grid, self.row, self.column, self.text = grid, row, column, text

    def __init__(self, source: GridSource, *, header_lines: int = 1, footer_lines: int = 0,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source = source
        self.header_lines = header_lines
        self.footer_lines = footer_lines
        self.columns: list[GridColumn] = []
        self.row_count = 0
        self.cursor = (0, 0)
        self.anchor: tuple[int, int] | None = None  # one corner of a block selection
        self.direction = ACROSS
        self.top = 0  # first body row shown
        self.left = 0  # first scrolling column shown (index into the scrolling columns)
        self.x_of: dict[int, int] = {}  # column -> where it starts on screen (shown ones only)
        self.wrapped_row: int | None = None  # highlighted for a moment after a wrap
        self._flash_timer: Timer | None = None

    # --- the shape --------------------------------------------------------------------

    def reset(self, columns: Sequence[GridColumn], row_count: int) -> None:
        """New rows or columns: keep the cursor where it still fits, repaint everything."""
        self.columns = list(columns)
        self.row_count = row_count
        self.anchor = None
        row, column = self.cursor
        editable = self._editable()
        if editable and column not in editable:
            column = editable[0]
        self.cursor = (min(row, max(row_count - 1, 0)), column)
        self._scroll_to_cursor()
        self._place_columns()
        self.refresh()

    def _editable(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.editable and not c.frozen]

    def _frozen(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.frozen]

    def _scrolling(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if not c.frozen]

    @property
    def body_height(self) -> int:
        return max(self.size.height - self.header_lines - self.footer_lines, 1)

    def _visible_scrolling(self) -> list[int]:
        """The scrolling columns that fit beside the frozen ones, from ``left``."""
        room = self.size.width - sum(self.columns[i].width for i in self._frozen())
        shown = []
        for index in self._scrolling()[self.left:]:
            room -= self.columns[index].width
            if room < 0 and shown:
                break
            shown.append(index)
        return shown

    def _place_columns(self) -> None:
        """Where each shown column starts: the frozen ones, then the scrolling ones in view."""
        self.x_of, x = {}, 0
        if self.size.width:
            for column in self._frozen() + self._visible_scrolling():
                self.x_of[column] = x
                x += self.columns[column].width

    # --- drawing ----------------------------------------------------------------------

    def cell_at(self, column: int, y: int) -> Cell:
        """What a column shows on line ``y`` of the widget (header, body or footer)."""
        return self._line_source(y)(column)

    def _line_source(self, y: int):
        """What draws line ``y``: worked out once a line, as a line is drawn cell by cell."""
        if y < self.header_lines:
            return lambda column: self.source.header(y, column)
        footer_start = self.size.height - self.footer_lines
        if y >= footer_start:
            return lambda column: self.source.footer(y - footer_start, column)
        row = self.top + y - self.header_lines
        if row >= self.row_count:
            return lambda column: BLANK_CELL
        cell = self.source.cell

        def body(column: int) -> Cell:
            text, style = cell(row, column)
            overlay = self._overlay(row, column)
            return text, (style + overlay) if overlay else style

        return body

    def render_line(self, y: int) -> Strip:
        source = self._line_source(y)
        cells = [source(column) for column in self.x_of]
        texts = fitted([text for text, _ in cells], [self.columns[column].width for column in self.x_of])
        segments = [Segment(text, style or PLAIN) for text, (_, style) in zip(texts, cells)]
        return Strip(segments).adjust_cell_length(self.size.width, PLAIN)

    def text_line(self, y: int) -> str:
        """Line ``y`` as plain text, as the shown columns show it (for tests and checks)."""
        source = self._line_source(y)
        return "".join(fitted([source(c)[0] for c in self.x_of], [self.columns[c].width for c in self.x_of]))

    def _overlay(self, row: int, column: int) -> Style | None:
        if (row, column) == self.cursor:
            return CURSOR
        if row == self.wrapped_row and self.columns[column].frozen:
            return WRAPPED_ROW
        if row == self.cursor[0] and column == 0 and self.columns[0].frozen:
            return CURSOR_ROW
        if self.anchor is not None and self._in_selection(row, column):
            return SELECTED
        return None

    def refresh(self, *regions: Region, **kwargs) -> EntryGrid:
        """Repaint ``regions`` (all of it without), drawn as soon as the handler that asked
        is done, before any other message: a mark is on screen before its save starts."""
        super().refresh(*regions, **kwargs)
        if not kwargs.get("layout"):
            paint_soon(self)
        return self

    def refresh_cells(self, cells: Iterable[tuple[int, int]]) -> None:
        """Repaint just these (row, column) cells, if on screen."""
        regions = []
        for row, column in cells:
            y = row - self.top + self.header_lines
            if column in self.x_of and self.header_lines <= y < self.size.height - self.footer_lines:
                regions.append(Region(self.x_of[column], y, self.columns[column].width, 1))
        if regions:
            self.refresh(*regions)

    def refresh_row(self, row: int) -> None:
        self.refresh_cells((row, column) for column in range(len(self.columns)))

    def refresh_columns(self, columns: Iterable[int], header: bool = True, footer: bool = True) -> None:
        """Repaint these columns' header and/or footer cells (e.g. a column's total)."""
        regions = []
        for column in columns:
            if column not in self.x_of:
                continue
            x, width = self.x_of[column], self.columns[column].width
            if header and self.header_lines:
                regions.append(Region(x, 0, width, self.header_lines))
            if footer and self.footer_lines:
                regions.append(Region(x, self.size.height - self.footer_lines, width, self.footer_lines))
        if regions:
            self.refresh(*regions)

    # --- the cursor ---------------------------------------------------------------------

    def move_to(self, row: int, column: int) -> None:
        """Put the cursor on a cell, scrolling it into view and repainting only what moved."""
        editable = self._editable()
        if not editable or not self.row_count:
            return
        row = max(0, min(row, self.row_count - 1))
        column = min(editable, key=lambda c: abs(c - column))
        old = self.cursor
        if (row, column) == old:
            return
        self.cursor = (row, column)
        left = self.left
        if self._scroll_to_cursor():
            if left != self.left:
                self._place_columns()
            self.refresh()
        else:
            moved_rows = [(old[0], 0), (row, 0)] if old[0] != row else []
            self.refresh_cells([old, self.cursor, *moved_rows])
        self.post_message(self.CursorMoved(self, row, column))

    def _scroll_to_cursor(self) -> bool:
        """Scroll so the cursor shows; True when the view moved."""
        row, column = self.cursor
        before = (self.top, self.left)
        if row < self.top:
            self.top = row
        elif row == self.top + self.body_height:
            # One row past the bottom (typing down a column): jump on a third of a page, as a
            # scroll repaints the whole grid; this is one repaint per few pupils, not per pupil.
            most = max(self.row_count - self.body_height, 0)
            self.top = min(most, max(row - self.body_height + 1, row - (2 * self.body_height) // 3))
        elif row > self.top + self.body_height:
            self.top = row - self.body_height + 1
        scrolling = self._scrolling()
        if column in scrolling:
            position = scrolling.index(column)
            if position < self.left:
                self.left = position
            elif column not in self._visible_scrolling():
                # Past the right edge: jump on half a page rather than one column, as each
                # horizontal scroll repaints the whole grid.
                step = max(1, len(self._visible_scrolling()) // 2)
                while column not in self._visible_scrolling() and self.left < position:
                    self.left = min(self.left + step, position)
        return (self.top, self.left) != before

    def advance(self) -> None:
        """Move on after an entry: along the row, or down the column (the direction), past
        cells the source says cannot be entered (``enterable(row, column)``, if it has one)."""
        enterable = getattr(self.source, "enterable", None)
        for _ in range(max(self.row_count * len(self.columns), 1)):
            before = self.cursor
            self._advance_once()
            if self.cursor == before or enterable is None or enterable(*self.cursor):
                return

    def _advance_once(self) -> None:
        row, column = self.cursor
        editable = self._editable()
        position = editable.index(column)
        if self.direction == ACROSS:
            if position + 1 < len(editable):
                self.move_to(row, editable[position + 1])
            elif row + 1 < self.row_count:
                self.move_to(row + 1, editable[0])
                if len(editable) > 1:  # with one column, the next pupil is simply next
                    self._wrapped(f"Next pupil: {self.row_name(row + 1)}")
        elif row + 1 < self.row_count:
            self.move_to(row + 1, column)
        elif position + 1 < len(editable):
            self.move_to(0, editable[position + 1])
            if self.row_count > 1:
                header = self.source.header(0, editable[position + 1])[0].strip()
                self._wrapped(f"Next column: {header}, from the top ({self.row_name(0)})")

    def row_name(self, row: int) -> str:
        """What the first column says of a row (the pupil's name, in every grid)."""
        return " ".join(self.source.cell(row, 0)[0].split())

    def _wrapped(self, text: str) -> None:
        """Highlight the row the cursor went to for a moment, and tell the screen."""
        self._end_wrap_flash()
        self.wrapped_row = self.cursor[0]
        self.refresh_row(self.wrapped_row)
        self._flash_timer = self.set_timer(WRAP_FLASH_SECONDS, self._end_wrap_flash, name="wrap-flash")
        self.post_message(self.Wrapped(self, *self.cursor, text))

    def _end_wrap_flash(self) -> None:
        if self._flash_timer is not None:
            self._flash_timer.stop()
            self._flash_timer = None
        if self.wrapped_row is not None:
            row, self.wrapped_row = self.wrapped_row, None
            if row < self.row_count:
                self.refresh_row(row)

    def toggle_direction(self) -> str:
        self.direction = DOWN if self.direction == ACROSS else ACROSS
        return self.direction

    def action_move(self, rows: int, columns: int) -> None:
        self._clear_selection()
        self._step(rows, columns)

    def _step(self, rows: int, columns: int) -> None:
        row, column = self.cursor
        editable = self._editable()
        if not editable:
            return
        position = max(0, min(editable.index(column) + columns, len(editable) - 1))
        self.move_to(row + rows, editable[position])

    def action_edge(self, side: int) -> None:
        self._clear_selection()
        editable = self._editable()
        if editable:
            column = editable[0] if side < 0 else editable[-1]
            if self.cursor[1] == column:
                self.action_row_edge(side)
            else:
                self.move_to(self.cursor[0], column)

    def action_row_edge(self, side: int) -> None:
        self._clear_selection()
        self.move_to(0 if side < 0 else self.row_count - 1, self.cursor[1])

    # --- type to jump (the rows are named by their first column) ----------------------------

    def jump_names(self) -> list[str]:
        return [self.row_name(row) for row in range(self.row_count)]

    def jump_current(self) -> int:
        return self.cursor[0]

    def jump_to(self, index: int) -> None:
        self._clear_selection()
        self.move_to(index, self.cursor[1])

    def action_page(self, pages: int) -> None:
        self._clear_selection()
        self.move_to(self.cursor[0] + pages * self.body_height, self.cursor[1])

    # --- block selection -----------------------------------------------------------------

    def action_extend(self, rows: int, columns: int) -> None:
        """Shift+arrows grow a block from where the cursor was."""
        if self.anchor is None:
            self.anchor = self.cursor
        self._step(rows, columns)
        self.refresh()

    def _in_selection(self, row: int, column: int) -> bool:
        (r1, c1), (r2, c2) = self.anchor, self.cursor
        return min(r1, r2) <= row <= max(r1, r2) and min(c1, c2) <= column <= max(c1, c2)

    def selection(self) -> list[tuple[int, int]]:
        """The selected cells (just the cursor's when there is no block)."""
        if self.anchor is None:
            return [self.cursor]
        editable = set(self._editable())
        (r1, c1), (r2, c2) = self.anchor, self.cursor
        return [
            (row, column)
            for row in range(min(r1, r2), max(r1, r2) + 1)
            for column in range(min(c1, c2), max(c1, c2) + 1)
            if column in editable
        ]

    def _clear_selection(self) -> None:
        if self.anchor is not None:
            self.anchor = None
            self.refresh()

    def clear_selection(self) -> None:
        self._clear_selection()

    def drop_selection(self) -> bool:
        """Esc's first job on any grid: drop a block selection (True if there was one)."""
        had = self.anchor is not None
        self._clear_selection()
        return had

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self._place_columns()
        self.refresh()
