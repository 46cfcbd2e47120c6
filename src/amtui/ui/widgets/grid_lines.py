"""The entry grid's lines as last drawn, cell by cell, so a keystroke draws only its cells.

A mark changes one cell and its row's figures, a cursor move two cells; Textual still asks
for the whole line. Each line's cells are kept as drawn (their text, style and Segment)
with the columns asked to be repainted since (``EntryGrid.refresh``): drawing the line
again asks the grid's source for just those cells and reuses the rest. What a cell shows
is only ever changed by the grid's owner with a repaint of that cell, so a cell not
repainted shows what it did; a change of view (scroll, size, columns, source) or a
repaint of the whole grid draws every cell afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.segment import Segment
from textual.geometry import Region

from amtui.ui.widgets.grid_cells import PLAIN, Cell, fitted, fitted_text


@dataclass
class _Line:
    columns: tuple[int, ...]  # the shown columns, left to right
    cells: list[Cell]  # what the source said of each
    segments: list[Segment]  # each as drawn (fitted to its width, styled)
    stale: set[int] = field(default_factory=set)  # positions to ask the source for again


class DrawnLines:
    """Per line of one grid: its cells as drawn, and which to draw again."""

    def __init__(self) -> None:
        self._lines: dict[int, _Line] = {}
        self._view: object = None

    def forget(self) -> None:
        """Everything is drawn afresh (a repaint of the whole grid)."""
        self._lines.clear()

    def repaint(self, region: Region, x_of: dict[int, int], widths: Sequence[int]) -> None:
        """The cells under ``region`` (the grid's own coordinates) are drawn again."""
        x1, x2 = region.x, region.right
        positions = None
        for y in range(region.y, region.bottom):
            line = self._lines.get(y)
            if line is None:
                continue
            if positions is None:
                positions = {c: p for p, c in enumerate(line.columns)}
            for column, x in x_of.items():
                if x < x2 and x + widths[column] > x1 and column in positions:
                    line.stale.add(positions[column])

    def draw(self, y: int, view: object, columns: tuple[int, ...], widths: Sequence[int],
             source: Callable[[int], Cell]) -> list[Segment]:
        """Line ``y``'s segments: the cells asked for again from ``source``, the rest as kept.
        ``view`` is what the whole drawing depends on besides the cells (scroll, size, ...)."""
        if view != self._view:
            self._lines.clear()
            self._view = view
        line = self._lines.get(y)
        if line is None or line.columns != columns:
            cells = [source(column) for column in columns]
            texts = fitted([text for text, _ in cells], [widths[c] for c in columns])
            segments = [Segment(text, style or PLAIN) for text, (_, style) in zip(texts, cells)]
            self._lines[y] = _Line(columns, cells, segments)
            return segments
        if line.stale:
            line.segments = line.segments.copy()  # the strips drawn from the old list stay as they were
            redo = set()
            for position in line.stale:
                line.cells[position] = source(columns[position])
                redo.update((position - 1, position))  # a cell's fit depends on its right neighbour's text
            line.stale.clear()
            last = len(columns) - 1
            for position in redo:
                if 0 <= position <= last:
                    text, style = line.cells[position]
                    following = line.cells[position + 1][0] if position < last else ""
                    line.segments[position] = Segment(fitted_text(text, widths[columns[position]], following),
                                                      style or PLAIN)
        return line.segments

