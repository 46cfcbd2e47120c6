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

from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from amtui.ui.lean_updates import paint_soon
from amtui.ui.widgets.grid_cells import ACROSS, BLANK_CELL, PLAIN, Cell, GridColumn, GridSource, fitted
from amtui.ui.widgets.grid_cursor import GridCursor
from amtui.ui.widgets.grid_lines import DrawnLines
from amtui.ui.widgets.keys_at_once import KeysAtOnce
from amtui.ui.widgets.type_jump import TypeToJump

CURSOR = Style(reverse=True, bold=True)
CURSOR_ROW = Style(bold=True, underline=True)  # the first frozen column (the name) of the cursor's row
SELECTED = Style(bgcolor="blue", color="bright_white")
WRAPPED_ROW = Style(reverse=True)  # the frozen cells of the row the cursor wrapped to, briefly


class EntryGrid(GridCursor, TypeToJump, KeysAtOnce, Widget, can_focus=True):
    """Rows by columns with a cursor (``GridCursor``), fixed header/footer lines and frozen
    columns; ``/`` and a name's first letters go to its row (``TypeToJump``); the screen's
    typing keys run their binding here, at once (``KeysAtOnce``)."""

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
        self._widths: list[int] = []  # each column's width, by index
        self.row_count = 0
        self.cursor = (0, 0)
        self.anchor: tuple[int, int] | None = None  # one corner of a block selection
        self.direction = ACROSS
        self.top = 0  # first body row shown
        self.left = 0  # first scrolling column shown (index into the scrolling columns)
        self.x_of: dict[int, int] = {}  # column -> where it starts on screen (shown ones only)
        self._placed_width = 0  # the width x_of was worked out for
        self.wrapped_row: int | None = None  # highlighted for a moment after a wrap
        self._flash_timer: Timer | None = None
        self._drawn = DrawnLines()  # each line's cells as last drawn: a keystroke draws only its own

    # --- the shape --------------------------------------------------------------------

    def reset(self, columns: Sequence[GridColumn], row_count: int) -> None:
        """New rows or columns: keep the cursor where it still fits, repaint everything."""
        self.columns = list(columns)
        self._widths = [column.width for column in self.columns]
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
        self._placed_width = self.size.width
        if self.size.width:
            for column in self._frozen() + self._visible_scrolling():
                self.x_of[column] = x
                x += self.columns[column].width

    # --- drawing ----------------------------------------------------------------------

    def cell_at(self, column: int, y: int) -> Cell:
        """What a column shows on line ``y`` of the widget (header, body or footer)."""
        return self._line_source(y)(column)

    def _line_source(self, y: int, height: int | None = None):
        """What draws line ``y``: worked out once a line, as a line is drawn cell by cell
        (``height``: the grid's, when the caller has it: each ``size`` walks the screen)."""
        if y < self.header_lines:
            return lambda column: self.source.header(y, column)
        footer_start = (self.size.height if height is None else height) - self.footer_lines
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

    def _placed(self, width: int | None = None) -> dict[int, int]:
        """The shown columns' places, for the width the grid has now: a grid filled while its
        tab was hidden (no width) can be drawn before its resize is handled."""
        if self._placed_width != (self.size.width if width is None else width):
            self._place_columns()
        return self.x_of

    def render_line(self, y: int) -> Strip:
        size = self.size
        x_of = self._placed(size.width)
        view = (self.top, self.left, size, self.header_lines, self.footer_lines, self.row_count,
                id(self.source), id(self.columns))
        segments = self._drawn.draw(y, view, tuple(x_of), self._widths, self._line_source(y, size.height))
        return Strip(segments).adjust_cell_length(size.width, PLAIN)

    def text_line(self, y: int) -> str:
        """Line ``y`` as plain text, as the shown columns show it (for tests and checks)."""
        source, x_of = self._line_source(y), self._placed()
        return "".join(fitted([source(c)[0] for c in x_of], [self.columns[c].width for c in self.x_of]))

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

    def refresh(self, *regions: Region, soon: bool = True, **kwargs) -> EntryGrid:
        """Repaint ``regions`` (all of it without), drawn as soon as the handler that asked
        is done, before any other message: a mark is on screen before its save starts.
        ``soon=False``: drawn on Textual's usual round instead, with the screen's other
        widgets (a mark's figures, after the mark itself is sent)."""
        super().refresh(*regions, **kwargs)
        if not regions:
            self._drawn.forget()
        else:
            for region in regions:
                self._drawn.repaint(region, self.x_of, self._widths)
        if soon and not kwargs.get("layout"):
            paint_soon(self)
        return self

    def refresh_cells(self, cells: Iterable[tuple[int, int]], soon: bool = True) -> None:
        """Repaint just these (row, column) cells, if on screen (``soon``: as ``refresh``)."""
        regions = []
        for row, column in cells:
            y = row - self.top + self.header_lines
            if column in self.x_of and self.header_lines <= y < self.size.height - self.footer_lines:
                regions.append(Region(self.x_of[column], y, self.columns[column].width, 1))
        if regions:
            self.refresh(*regions, soon=soon)

    def refresh_row(self, row: int) -> None:
        self.refresh_cells((row, column) for column in range(len(self.columns)))

    def refresh_columns(self, columns: Iterable[int], header: bool = True, footer: bool = True,
                        soon: bool = True) -> None:
        """Repaint these columns' header and/or footer cells (e.g. a column's total; ``soon``:
        as ``refresh``)."""
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
            self.refresh(*regions, soon=soon)

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self._place_columns()
        self.refresh()
