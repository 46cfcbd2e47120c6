"""The redraw of a mark by CPU, not wall time: the class grid (35x30) in this process, a
keystroke at a time, with the time this thread spends drawing each one (the screen's
update, and the grid's lines within it). Wall time on a shared machine measures the load;
this measures the work, so a change to the paint can be judged while others run."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import statistics
import time
from pathlib import Path

from benchmarks.bench_grid import elm_grid
from benchmarks.harness import Result

KEYSTROKES = 120
DEMO_DAY = dt.date(2026, 11, 22)


def paint_cpu(db: Path, login: str) -> tuple[list[int], list[int]]:
    """Per keystroke (x . / in turn): the thread CPU nanoseconds of the screen's update, and
    of the entry grid's ``render_line`` within it."""
    from textual.screen import Screen

    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from amtui.ui.app import AmtuiApp
    from amtui.ui.widgets.entry_grid import EntryGrid

    spent = {"update": 0, "lines": 0}

    def timing(method, key):
        @functools.wraps(method)  # the same signature: the lean compositor's check still passes
        def timed(*args):
            start = time.thread_time_ns()
            try:
                return method(*args)
            finally:
                spent[key] += time.thread_time_ns() - start
        return timed

    opened = open_database(Target(str(db)))
    original = Screen._on_timer_update, EntryGrid.render_line
    Screen._on_timer_update = timing(original[0], "update")
    EntryGrid.render_line = timing(original[1], "lines")
    updates, lines = [], []

    async def type_marks() -> None:
        app = AmtuiApp(opened, login, screen="class_grid", today=DEMO_DAY,
                       screen_args={"class_name": "Elm", "subject": "Maths", "stage": 3})
        async with app.run_test(size=(80, 24)) as pilot:
            while not getattr(app.screen, "data", None):
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            for n in range(KEYSTROKES):
                before = dict(spent)
                await pilot.press(("x", "full_stop", "slash")[n % 3])
                updates.append(spent["update"] - before["update"])
                lines.append(spent["lines"] - before["lines"])
            await app.screen.db.idle()

    try:
        asyncio.run(type_marks())
    finally:
        Screen._on_timer_update, EntryGrid.render_line = original
        opened.db.close()
    return updates, lines


def run() -> list[Result]:
    db, login = elm_grid("amtui-bench-paint-")
    updates, lines = paint_cpu(db, login)
    return [
        Result("paint: CPU to redraw a mark keystroke (median; screen update, class grid 35x30)",
               statistics.median(updates) / 1e6, "ms"),
        Result("paint: of which the grid's lines (median)", statistics.median(lines) / 1e6, "ms"),
        Result("paint: CPU to redraw, p90 (a scroll repaints the whole grid)",
               sorted(updates)[int(len(updates) * 0.9)] / 1e6, "ms"),
    ]
