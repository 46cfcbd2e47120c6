"""A keyboard entry grid drawn line by line, for slow SSH links.

Screens that enter one thing per cell (codes, scores, ratings) share this widget: it
draws with the Line API and, after a keystroke, repaints only the cells that changed,
so a mark costs the terminal a few dozen bytes instead of a whole table. The first
columns are frozen (names, figures); header and footer lines stay put while the body
scrolls. What a cell shows is the screen's business: it passes a ``GridSource``.

The visible columns are drawn by a few narrow widgets (the frozen columns in one, then
one per block of three): Textual sends a changed line from the left edge of the widget
holding it, so one wide widget would resend everything left of the changed cell, while
a widget per column would cost more work per frame than a slow PC can spare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

ACROSS, DOWN = "across", "down"
CURSOR = Style(reverse=True, bold=True)
SELECTED = Style(bgcolor="blue", color="bright_white")
RULE = Style(dim=True)


@dataclass(frozen=True)
class GridColumn:
    """One column: frozen columns stay on the left; only editable ones take the cursor."""

    key: str
    width: int
    frozen: bool = False
    editable: bool = True


Cell = tuple[str, Style]


class GridSource(Protocol):
    """What the grid draws; text longer than the column is cut, shorter is padded."""

    def cell(self, row: int, column: int) -> Cell: ...

    def header(self, line: int, column: int) -> Cell: ...

    def footer(self, line: int, column: int) -> Cell: ...


BLOCK = 1
"""Scrolling columns drawn by one widget: a changed cell resends at most BLOCK-1 more."""


class GridColumnStrip(Widget):
    """A few adjacent visible columns of the grid: it draws what the grid says for them."""

    def __init__(self, grid: EntryGrid, columns: list[int]) -> None:
        super().__init__()
        self.grid = grid
        self.columns = columns
        self.styles.width = self.width_of(columns)
        self.styles.height = "1fr"

    def width_of(self, columns: list[int]) -> int:
        return sum(self.grid.columns[c].width for c in columns)

    def x_of(self, column: int) -> int:
        """Where a column starts inside this strip."""
        return self.width_of(self.columns[: self.columns.index(column)])

    def render_line(self, y: int) -> Strip:
        segments = []
        for column in self.columns:
            text, style = self.grid.cell_at(column, y)
            width = self.grid.columns[column].width
            segments.append(Segment(text[:width].ljust(width), style))
        return Strip(segments, self.width_of(self.columns))


class EntryGrid(Widget, can_focus=True):
    """Rows by columns with a cursor, fixed header/footer lines and frozen columns."""

    DEFAULT_CSS = """
    EntryGrid { layout: horizontal; overflow: hidden hidden; }
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False),
        Binding("down", "move(1, 0)", "Down", show=False),
        Binding("left", "move(0, -1)", "Left", show=False),
        Binding("right", "move(0, 1)", "Right", show=False),
        Binding("home", "edge(-1)", "First column", show=False),
        Binding("end", "edge(1)", "Last column", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("shift+up", "extend(-1, 0)", "Select", show=False),
        Binding("shift+down", "extend(1, 0)", "Select", show=False),
        Binding("shift+left", "extend(0, -1)", "Select", show=False),
        Binding("shift+right", "extend(0, 1)", "Select", show=False),
    ]

    class CursorMoved(Message):
        """The cursor is on a new cell."""

        def __init__(self, grid: EntryGrid, row: int, column: int) -> None:
            super().__init__()
            self.grid, self.row, self.column = grid, row, column

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
        self._layout_strips()
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

    def _blocks(self) -> list[list[int]]:
        """The visible columns as the strips draw them: frozen ones together, then blocks."""
        if not self.size.width:
            return []
        scrolling = self._visible_scrolling()
        blocks = [scrolling[i:i + BLOCK] for i in range(0, len(scrolling), BLOCK)]
        return ([self._frozen()] if self._frozen() else []) + blocks

    def _layout_strips(self) -> None:
        """Strip widgets for the visible columns; reused when only the columns moved."""
        wanted = self._blocks()
        strips = list(self.query(GridColumnStrip))
        widths = [sum(self.columns[c].width for c in block) for block in wanted]
        if [strip.styles.width.value for strip in strips] == widths:
            for strip, block in zip(strips, wanted):
                strip.columns = block
                strip.refresh()
            return
        self.remove_children()
        if wanted:
            self.mount_all([GridColumnStrip(self, block) for block in wanted])

    def _strip_for(self, column: int) -> GridColumnStrip | None:
        return next((s for s in self.query(GridColumnStrip) if column in s.columns), None)

    # --- drawing ----------------------------------------------------------------------

    def cell_at(self, column: int, y: int) -> Cell:
        """What a column shows on line ``y`` of the widget (header, body or footer)."""
        if y < self.header_lines:
            return self.source.header(y, column)
        footer_start = self.size.height - self.footer_lines
        if y >= footer_start:
            return self.source.footer(y - footer_start, column)
        row = self.top + y - self.header_lines
        if row >= self.row_count:
            return "", Style()
        text, style = self.source.cell(row, column)
        return text, style + self._overlay(row, column)

    def text_line(self, y: int) -> str:
        """Line ``y`` as plain text, as the visible columns show it (for tests and checks)."""
        return "".join(
            self.cell_at(c, y)[0][: self.columns[c].width].ljust(self.columns[c].width)
            for c in self._frozen() + self._visible_scrolling()
        )

    def _overlay(self, row: int, column: int) -> Style:
        if (row, column) == self.cursor:
            return CURSOR
        if self.anchor is not None and self._in_selection(row, column):
            return SELECTED
        return Style()

    def refresh(self, *regions: Region, **kwargs) -> EntryGrid:
        """A whole repaint reaches every column strip (a region is the grid's own)."""
        if not regions and self.is_mounted:
            for strip in self.query(GridColumnStrip):
                strip.refresh()
        return super().refresh(*regions, **kwargs)

    def refresh_cells(self, cells: Iterable[tuple[int, int]]) -> None:
        """Repaint just these (row, column) cells, if on screen."""
        for row, column in cells:
            y = row - self.top + self.header_lines
            strip = self._strip_for(column)
            if strip is not None and self.header_lines <= y < self.size.height - self.footer_lines:
                strip.refresh(Region(strip.x_of(column), y, self.columns[column].width, 1))

    def refresh_row(self, row: int) -> None:
        self.refresh_cells((row, column) for column in range(len(self.columns)))

    def refresh_columns(self, columns: Iterable[int], header: bool = True, footer: bool = True) -> None:
        """Repaint these columns' header and/or footer cells (e.g. a column's total)."""
        for column in columns:
            strip = self._strip_for(column)
            if strip is None:
                continue
            x, width = strip.x_of(column), self.columns[column].width
            if header and self.header_lines:
                strip.refresh(Region(x, 0, width, self.header_lines))
            if footer and self.footer_lines:
                strip.refresh(Region(x, self.size.height - self.footer_lines, width, self.footer_lines))

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
                self._layout_strips()
            self.refresh()
        else:
            self.refresh_cells([old, self.cursor])
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
        """Move on after an entry: along the row, or down the column (the direction)."""
        row, column = self.cursor
        editable = self._editable()
        position = editable.index(column)
        if self.direction == ACROSS:
            if position + 1 < len(editable):
                self.move_to(row, editable[position + 1])
            elif row + 1 < self.row_count:
                self.move_to(row + 1, editable[0])
        elif row + 1 < self.row_count:
            self.move_to(row + 1, column)
        elif position + 1 < len(editable):
            self.move_to(0, editable[position + 1])

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
            self.move_to(self.cursor[0], editable[0] if side < 0 else editable[-1])

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

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self._layout_strips()
        self.refresh()
