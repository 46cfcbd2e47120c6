"""Moving about an entry grid: the cursor, the advance after an entry, block selection.

Mixed into ``EntryGrid`` (``entry_grid``), which draws: what is here changes where the
cursor is and asks the grid to repaint only the cells that moved (a scroll repaints it
all). An advance that leaves the row (or the column, typing down) flashes the row it went
to and says so (``Wrapped``): a fast typist may not see it otherwise.
"""

from __future__ import annotations

from amtui.ui.widgets.grid_cells import ACROSS, DOWN

WRAP_FLASH_SECONDS = 1.5


class GridCursor:
    """The cursor's moves, for ``EntryGrid`` (its columns, rows, ``cursor``, ``anchor``,
    ``direction``, ``top`` and ``left``, and how it repaints)."""

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
