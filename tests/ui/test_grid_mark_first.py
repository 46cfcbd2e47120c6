"""A mark on the class grid is drawn and sent before anything else the keystroke changes:
the first frame holds the cell and the cursor; the pupil's figures and the criterion's
count follow on the screen's next round, with the same result on screen."""

from __future__ import annotations

from amtui.domain.codes import Code
from amtui.ui import lean_updates
from amtui.ui.lean_updates import LeanCompositor
from test_class_grid import current_code, grid_school, lines, open_grid, ready, row_of, settled  # noqa: F401


def frames_drawn(monkeypatch) -> list[tuple[bool, list[tuple[int, int, int]]]]:
    """Each partial update drawn from now on: (drawn straight after a key's handler, its spans)."""
    frames: list[tuple[bool, list[tuple[int, int, int]]]] = []
    painting = [False]
    original_update, original_paint = LeanCompositor.render_partial_update, lean_updates._paint_now

    def render_partial_update(self):
        spans = sorted(self._regions_to_spans(self._dirty_regions)) if self._dirty_regions else []
        update = original_update(self)
        if update is not None:
            frames.append((painting[0], spans))
        return update

    def paint_now(widget):
        painting[0] = True
        try:
            original_paint(widget)
        finally:
            painting[0] = False

    monkeypatch.setattr(LeanCompositor, "render_partial_update", render_partial_update)
    monkeypatch.setattr(lean_updates, "_paint_now", paint_now)
    return frames


def covers(spans: list[tuple[int, int, int]], y: int, x1: int, x2: int) -> bool:
    return any(line == y and a < x2 and x1 < b for line, a, b in spans)


async def test_a_marks_cell_and_cursor_are_sent_first_and_its_figures_after(grid_school, wait_until, monkeypatch):
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        data, grid = screen.data, screen.grid
        adam = data.pupils[0].id
        first_open = next(i for i, c in enumerate(data.criteria) if data.record.cell(adam, c.id).code is not Code.CROSS)
        await pilot.press(*["right"] * first_open)  # Adam Ash's first criterion not secured yet
        await settled(pilot, wait_until, screen)
        row, column = grid.cursor
        crosses_before = screen.data.record.figures(screen.data.pupils[row].id).crosses
        frames = frames_drawn(monkeypatch)
        await pilot.press("x")
        await settled(pilot, wait_until, screen)
        await pilot.pause()

        top, y = grid.region.y, grid.region.y + grid.header_lines + row
        cell = (grid.x_of[column], grid.x_of[column] + grid.columns[column].width)
        following = (grid.x_of[column + 1], grid.x_of[column + 1] + grid.columns[column + 1].width)
        figures = (grid.x_of[1], grid.x_of[3] + grid.columns[3].width)  # crosses, sub-stage, status
        footer = top + grid.size.height - 1

        first, spans = frames[0]
        assert first, "the mark is drawn straight after its key's handler"
        assert covers(spans, y, *cell) and covers(spans, y, *following)  # the mark, the cursor moved on
        assert not covers(spans, y, *figures) and not covers(spans, footer, *cell)
        later = [span for painted, spans in frames[1:] for span in spans]
        assert covers(later, y, *figures) and covers(later, footer, *cell)

        # What is on screen is what the mark means: its code, the pupil's crosses, the count.
        assert current_code(grid_school, "Adam Ash", data.criteria[first_open].ref) == "X"
        figures_now = screen.data.record.figures(screen.data.pupils[row].id)
        assert figures_now.crosses == crosses_before + 1
        assert row_of(screen, "Adam Ash")[grid.x_of[1]:grid.x_of[2]].strip() == str(figures_now.crosses)
        count = screen.data.record.secured(screen.data.criteria[column - 4].id)
        assert lines(screen)[-1][cell[0]:cell[1]].strip().rstrip("!") == str(count)  # ! marks a gap
